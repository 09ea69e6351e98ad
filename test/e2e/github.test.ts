/**
 * `kit github` (issue 26): `install` writes the /kit workflow; `run --dry-run` answers recorded event
 * payloads (an issue comment, a pull request review comment, a comment from someone outside the
 * repository) by running kit headless against the scripted provider, and prints what it would write to
 * GitHub and git instead of doing it.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { project, userEnv } from "./headless-support.ts";
import { runKit } from "../support/kit-process.ts";
import { text, toolCall } from "../support/mock-llm.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";

const mock = useMockLLM();
const FIXTURES = resolve(import.meta.dir, "../fixtures/github");

/** A checkout of the repository the comment was made in. */
function checkout(): string {
  const dir = project({ "src/total.js": "export function total(items) {\n  return items.reduce((a, b) => a + b);\n}\n" });
  const git = (...args: string[]) => expect(Bun.spawnSync(["git", ...args], { cwd: dir }).exitCode).toBe(0);
  git("init", "--quiet");
  git("add", ".");
  git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet", "-m", "start");
  return dir;
}

const dryRun = (dir: string, fixture: string) =>
  runKit(["github", "run", "--dry-run", "--event", join(FIXTURES, fixture)], { cwd: dir, env: userEnv({ KIT_PROVIDER_URL: mock.url }) });

/** The text of the user message kit sent to the model. */
const promptSent = (i: number) => JSON.stringify(mock.requests[i]!.body.messages[0].content);

describe("kit github run --dry-run", () => {
  test("an issue comment: kit answers the request with the issue as context and would comment the answer", async () => {
    mock.push(text("Alpine uses musl: install the linux-x64-musl build."));
    const before = mock.requests.length;
    const r = await dryRun(checkout(), "issue-comment.json");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      [
        "/kit from @alice (MEMBER) on issue #12 of acme/widgets: explain why the binary is not found on Alpine",
        "would read the conversation: gh api --paginate repos/acme/widgets/issues/12/comments",
        "would comment on #12:",
        "Alpine uses musl: install the linux-x64-musl build.",
        "",
      ].join("\n"),
    );
    const prompt = promptSent(before);
    expect(prompt).toContain("explain why the binary is not found on Alpine");
    expect(prompt).toContain("The README install steps fail on Alpine");
    expect(prompt).toContain("Running the install steps on Alpine 3.20");
  });

  test("a pull request review comment: the diff line is context, and changed files would go to a new branch and pull request", async () => {
    const dir = checkout();
    mock.push(
      toolCall("write", { path: "test/total.test.js", content: "expect(total([])).toBe(0);\n" }),
      text("Added test/total.test.js: an empty list sums to 0."),
    );
    const before = mock.requests.length;
    const r = await dryRun(dir, "pr-review-comment.json");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(
      [
        "/kit from @bob (COLLABORATOR) on pull request #34 of acme/widgets: add a test for an empty list here",
        "would read the conversation: gh api --paginate repos/acme/widgets/issues/34/comments",
        "would check out the pull request and read its diff: gh pr checkout 34; gh pr diff 34",
        'would commit 1 changed file(s) to a new branch kit/pr-34-1876543210, push it, open a pull request into sum-loop titled "kit: add a test for an empty list here", and comment its link on #34:',
        "  test/total.test.js",
        "Added test/total.test.js: an empty list sums to 0.",
        "",
      ].join("\n"),
    );
    const prompt = promptSent(before);
    expect(prompt).toContain('<review_comment_on file=\\"src/total.js:5\\">');
    expect(prompt).toContain("for (const i of items) sum += i;");
    expect(prompt).toContain("Sum without reduce");
    // Dry run: the change stays in the working tree, uncommitted, on the branch it was.
    expect(readFileSync(join(dir, "test/total.test.js"), "utf8")).toBe("expect(total([])).toBe(0);\n");
    const branch = Bun.spawnSync(["git", "branch", "--show-current"], { cwd: dir }).stdout.toString().trim();
    expect(branch).not.toStartWith("kit/");
  });

  test("the kit run on a request gets no GitHub token (the thread is anyone's words)", async () => {
    mock.push(toolCall("bash", { command: 'echo "token=${GITHUB_TOKEN:-none} gh=${GH_TOKEN:-none}"' }), text("done"));
    const before = mock.requests.length;
    const r = await runKit(["github", "run", "--dry-run", "--event", join(FIXTURES, "issue-comment.json")], {
      cwd: checkout(),
      env: userEnv({ KIT_PROVIDER_URL: mock.url, GITHUB_TOKEN: "ghs_secret1", GH_TOKEN: "ghs_secret2" }),
    });
    expect(r.exitCode).toBe(0);
    const toolResult = JSON.stringify(mock.requests[before + 1]!.body.messages);
    expect(toolResult).toContain("token=none gh=none");
    expect(toolResult).not.toContain("ghs_secret");
  });

  test("a /kit comment from someone outside the repository is ignored without running the model", async () => {
    const before = mock.requests.length;
    const r = await dryRun(checkout(), "issue-comment-non-member.json");
    expect(r).toEqual({ stdout: "kit github: ignored: @mallory is not an owner, member or collaborator of the repository (NONE)\n", stderr: "", exitCode: 0 });
    expect(mock.requests.length).toBe(before);
  });

  test("a failed kit run is reported as the comment it would post, with exit 1", async () => {
    const r = await runKit(["github", "run", "--dry-run", "--event", join(FIXTURES, "issue-comment.json")], {
      cwd: checkout(),
      env: userEnv({ KIT_PROVIDER_URL: mock.url, ANTHROPIC_API_KEY: undefined }),
    });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain("would comment on #12: kit could not answer this: the kit run failed (exit 3): ");
  });

  test("without --dry-run outside a workflow it says what it needs", async () => {
    const r = await runKit(["github", "run"], { cwd: checkout(), env: userEnv() });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toBe(
      "kit: kit github run answers the event of a GitHub Actions run, and GITHUB_EVENT_PATH is not set; outside a workflow pass --event FILE (an event payload) with --dry-run\n",
    );
    const noToken = await runKit(["github", "run", "--event", join(FIXTURES, "issue-comment.json")], { cwd: checkout(), env: userEnv({ PATH: "/nonexistent" }) });
    expect(noToken.exitCode).toBe(2);
    expect(noToken.stderr).toBe("kit: kit github run needs the GitHub CLI (gh) on PATH, as on GitHub's runners; use --dry-run to see what it would do without it\n");
  });
});

describe("kit github install", () => {
  test("writes the workflow once; --force replaces it", async () => {
    const dir = project();
    const first = await runKit(["github", "install"], { cwd: dir, env: userEnv() });
    expect(first.exitCode).toBe(0);
    const path = join(dir, ".github/workflows/kit.yml");
    expect(first.stdout).toStartWith(`Wrote ${path}.`);
    const written = readFileSync(path, "utf8");
    expect(written).toContain("run: kit github run");
    writeFileSync(path, "# my own\n");
    const again = await runKit(["github", "install"], { cwd: dir, env: userEnv() });
    expect(again).toEqual({ stdout: "", stderr: "kit: .github/workflows/kit.yml already exists; run 'kit github install --force' to replace it\n", exitCode: 2 });
    expect(readFileSync(path, "utf8")).toBe("# my own\n");
    const forced = await runKit(["github", "install", "--force"], { cwd: dir, env: userEnv() });
    expect(forced.exitCode).toBe(0);
    expect(readFileSync(path, "utf8")).toBe(written);
  });
});
