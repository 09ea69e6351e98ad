/**
 * Tests of the multi-file example (main.ts, lib/, snippets.toml and its dependency smol-toml): run with
 * `kit test extensions/multi-file` once its dependency is installed (see README.md; `npm test` does it).
 */
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { assertCommandRegistered, assertError, assertHasHandlers, assertMessageSent, createHarness } from "kit/test";

const DIR = import.meta.dir;
const EXTENSION = join(DIR, "main.ts");
const DEPENDENCY = "smol-toml";

/** Its node_modules/ is not committed: `npm test` installs it first (scripts/install-example-deps.ts). */
test(`${DEPENDENCY} is installed in this folder's own node_modules`, () => {
  if (!existsSync(join(DIR, "node_modules", DEPENDENCY, "package.json"))) {
    throw new Error(
      `${DEPENDENCY} is missing from ${DIR}/node_modules: install it there with \`BUN_BE_BUN=1 kit install --production --ignore-scripts\` ` +
        "(what `kit install` does for packages), or run `npm test`, which does it for every example.",
    );
  }
});

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A project directory with these files, for the harness's cwd. */
function project(files: Record<string, string> = {}): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "kit-snippets-")));
  dirs.push(dir);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  return dir;
}

/** A harness like a headless run (prompts cancelled), in a project with these files. */
const headless = (files: Record<string, string> = {}) => createHarness({ cwd: project(files), interactive: false }).load(EXTENSION);

const EXPLAIN =
  "Explain src/app.ts to someone new to this project: what it is for, its main parts,\nand where it is used. Read the code before answering.";

describe("multi-file: an extension in several files with its own dependency", () => {
  test(`${DEPENDENCY} is declared in package.json and resolves from this folder's own node_modules`, () => {
    const pkg = JSON.parse(readFileSync(join(DIR, "package.json"), "utf8"));
    expect(Object.keys(pkg.dependencies)).toEqual([DEPENDENCY]);
    expect(Bun.resolveSync(DEPENDENCY, join(DIR, "lib"))).toStartWith(join(DIR, "node_modules", DEPENDENCY) + "/");
  });

  test("loads through the real loader: /snippet, the snippets-file option and a session_start hook", async () => {
    const h = await headless();
    assertCommandRegistered(h, "snippet");
    assertHasHandlers(h, "session_start");
    expect(h.options()).toEqual(["snippets-file"]);
    expect(h.context.getOption("snippets-file")).toBe(".kit/snippets.toml");
  });
});

describe("/snippet", () => {
  test("alone, headless: lists the built-in snippets from snippets.toml", async () => {
    const h = await headless();
    expect(await h.runCommand("snippet")).toBe(
      [
        "Snippets (/snippet <name> [text]):",
        "  commit          Write a commit message for the staged changes  (built in)",
        "  explain <text>  Explain a file or a symbol to a newcomer       (built in)",
        "  review          Review the uncommitted changes                 (built in)",
      ].join("\n"),
    );
    expect(h.context.sentMessages).toEqual([]);
  });

  test("<name> sends the snippet's prompt to the model; text after it is added at the end", async () => {
    const h = await headless();
    expect(await h.runCommand("snippet", "review")).toBeUndefined();
    expect(h.context.sentMessages).toHaveLength(1);
    expect(h.context.sentMessages[0]).toStartWith("Review the uncommitted changes (`git diff HEAD`)");
    expect(h.context.sentMessages[0]).toEndWith("Do not change any file.");

    await h.runCommand("snippet", "review  focus on the parser");
    expect(h.context.sentMessages[1]).toBe(`${h.context.sentMessages[0]}\n\nfocus on the parser`);
  });

  test("{{input}} is replaced by the text after the name, which it then needs", async () => {
    const h = await headless();
    await h.runCommand("/snippet", "explain src/app.ts");
    assertMessageSent(h, EXPLAIN);
    expect(await h.runCommand("snippet", "explain")).toBe("/snippet explain needs a text for {{input}}: /snippet explain <text>");
    expect(h.context.sentMessages).toHaveLength(1);
  });

  test("an unknown name says so and lists what there is", async () => {
    const h = await headless();
    const out = await h.runCommand("snippet", "deploy now");
    expect(out).toStartWith('No snippet "deploy".\nSnippets (/snippet <name> [text]):\n');
    expect(h.context.sentMessages).toEqual([]);
  });

  test("the project's .kit/snippets.toml adds snippets and replaces built-in ones by name", async () => {
    const h = await headless({
      ".kit/snippets.toml": 'fix = "Fix the failing test and run it again."\n\n[review]\ndescription = "Our review"\nprompt = "Review against CONTRIBUTING.md."\n',
    });
    expect(await h.runCommand("snippet")).toBe(
      [
        "Snippets (/snippet <name> [text]):",
        "  commit          Write a commit message for the staged changes  (built in)",
        "  explain <text>  Explain a file or a symbol to a newcomer       (built in)",
        "  fix             Fix the failing test and run it again.         (.kit/snippets.toml)",
        "  review          Our review                                     (.kit/snippets.toml)",
      ].join("\n"),
    );
    await h.runCommand("snippet", "review");
    await h.runCommand("snippet", "fix");
    expect(h.context.sentMessages).toEqual(["Review against CONTRIBUTING.md.", "Fix the failing test and run it again."]);
  });

  test("the option snippets-file points at another file", async () => {
    const h = await headless({ "prompts/team.toml": 'standup = "Summarise what changed since yesterday."\n' });
    h.context.setOption("snippets-file", "prompts/team.toml");
    await h.runCommand("snippet", "standup");
    assertMessageSent(h, "Summarise what changed since yesterday.");
  });

  test("interactive, alone: pick a snippet, then type the text its {{input}} needs", async () => {
    const h = await createHarness({ cwd: project() }).load(EXTENSION);
    h.context.answerSelect({ value: "explain: Explain a file or a symbol to a newcomer" });
    h.context.answerInput({ value: "src/app.ts" });
    expect(await h.runCommand("snippet")).toBeUndefined();
    assertMessageSent(h, EXPLAIN);
  });

  test("interactive, alone: Esc on the list sends nothing", async () => {
    const h = await createHarness({ cwd: project() }).load(EXTENSION);
    h.context.answerSelect({ cancelled: true });
    expect(await h.runCommand("snippet")).toBeUndefined();
    expect(h.context.sentMessages).toEqual([]);
  });
});

describe("mistakes in a snippet file", () => {
  test("a TOML syntax error is reported at session start with file:line:column; the built-in snippets still work", async () => {
    const h = await headless({ ".kit/snippets.toml": 'fix = "Fix it"\n[broken\n' });
    await h.emit("session_start");
    expect(h.context.errors).toHaveLength(1);
    expect(h.context.errors[0]).toMatch(/^snippets: \.kit\/snippets\.toml:2:\d+: \S/);
    await h.runCommand("snippet", "review");
    expect(h.context.sentMessages).toHaveLength(1);
    expect(String(await h.runCommand("snippet"))).toContain("Problems:\n  .kit/snippets.toml:2:");
  });

  test("entries of the wrong shape are reported one by one and skipped; the good ones load", async () => {
    const h = await headless({
      ".kit/snippets.toml": ['ok = "Fine."', "number = 3", "", "[empty]", 'description = "no prompt"', ""].join("\n"),
    });
    await h.emit("session_start");
    assertError(h, "snippets: .kit/snippets.toml: snippet \"number\" must be a text or a table with `prompt`");
    assertError(h, 'snippets: .kit/snippets.toml: snippet "empty" has no prompt (a text under `prompt`)');
    await h.runCommand("snippet", "ok");
    assertMessageSent(h, "Fine.");
  });

  test("no project file is not a mistake", async () => {
    const h = await headless();
    await h.emit("session_start");
    expect(h.context.errors).toEqual([]);
  });
});
