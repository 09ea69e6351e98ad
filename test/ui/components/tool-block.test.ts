import { describe, expect, test } from "bun:test";
import { diffStats, renderDiff } from "../../../src/ui/components/diff-view.ts";
import { renderToolBlock, summarizeArgs } from "../../../src/ui/components/tool-block.ts";
import { color, expectFits, plain, sgrOf, strip } from "./support.ts";

const DIFF = `--- a/src/app.ts
+++ b/src/app.ts
@@ -1,4 +1,5 @@
 import { run } from "./run.ts";
-const retries = 3;
+const retries = 5;
+const delayMs = 250;
 
 run();
@@ -40,2 +41,2 @@ export function main() {
-  return run(retries);
+  return run(retries, delayMs);
 }`;

const OUTPUT = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join("\n");

describe("tool block", () => {
  test("header: status mark, capitalised name, one-line summary of the arguments", () => {
    const lines = strip(renderToolBlock({ toolName: "bash", args: { command: "npm test\n  --silent" }, status: "running" }, 60, plain));
    expect(lines).toEqual(["● Bash npm test ↵ --silent"]);
    expect(strip(renderToolBlock({ toolName: "read", args: '{"path":"/p/src/a.ts","offset":10,"limit":5}', status: "pending" }, 60, plain, { cwd: "/p" }))).toEqual([
      "○ Read src/a.ts:10-14",
    ]);
  });

  test("body: output cut to the line limit with a note of what is left out", () => {
    const lines = strip(renderToolBlock({ toolName: "bash", args: { command: "seq 30" }, status: "done", output: OUTPUT }, 40, plain, { maxLines: 5 }));
    expect(lines).toEqual(["● Bash seq 30", "│ line 1", "│ line 2", "│ line 3", "│ line 4", "│ line 5", "│ … 25 more lines"]);
  });

  test("expanded: everything, long lines wrapped", () => {
    const long = "x".repeat(50);
    const lines = strip(renderToolBlock({ toolName: "bash", status: "done", output: `${OUTPUT}\n${long}`, expanded: true }, 30, plain));
    expect(lines).toHaveLength(1 + 30 + 2);
    expect(lines.at(-2)).toBe("│ " + "x".repeat(28));
  });

  test("collapsed long lines are cut at the width", () => {
    const lines = renderToolBlock({ toolName: "bash", status: "done", output: "y".repeat(100) }, 30, plain);
    expect(strip(lines)[1]).toBe("│ " + "y".repeat(27) + "…");
  });

  test("errors are painted in the error colour, with a red mark and border", () => {
    const lines = renderToolBlock({ toolName: "bash", args: { command: "false" }, status: "error", output: "boom", isError: true }, 40, color);
    expect(lines[0]).toContain(sgrOf(color.error) + "●");
    expect(lines[1]).toContain(sgrOf(color.error) + "boom");
    expect(lines[1]).toStartWith(sgrOf(color.error) + "│ ");
  });

  test("a finished tool without output says so", () => {
    expect(strip(renderToolBlock({ toolName: "write", args: { path: "a.txt" }, status: "done", output: "" }, 40, plain))).toEqual(["● Write a.txt", "│ (no output)"]);
  });

  test("edits show a diff view: line numbers, signs, added/removed backgrounds, stats in the header", () => {
    const plainLines = strip(renderToolBlock({ toolName: "edit", args: { file_path: "src/app.ts" }, status: "done", output: "ok", diff: DIFF }, 60, plain));
    expect(plainLines).toEqual([
      "● Edit src/app.ts  +3 -2",
      "│ src/app.ts",
      "│  1   import { run } from \"./run.ts\";",
      "│  2 - const retries = 3;",
      "│  2 + const retries = 5;",
      "│  3 + const delayMs = 250;",
      "│  4   ",
      "│  5   run();",
      "│    ⋯ export function main() {",
      "│ 40 -   return run(retries);",
      "│ 41 +   return run(retries, delayMs);",
      "│ 42   }",
    ]);
    const painted = renderToolBlock({ toolName: "edit", args: { file_path: "src/app.ts" }, status: "done", diff: DIFF }, 60, color);
    expect(painted[3]).toContain(sgrOf(color.diffRemoved, true));
    expect(painted[4]).toContain(sgrOf(color.diffAdded, true));
    expectFits(painted, 60);
  });

  test("diff stats and a truncated diff view", () => {
    expect(diffStats(DIFF)).toEqual({ added: 3, removed: 2 });
    const lines = strip(renderDiff(DIFF, 40, plain, { maxLines: 4 }));
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe("… 7 more lines");
  });

  test("widths never exceed the width, CJK and emoji included", () => {
    const output = "日本語の出力です😀".repeat(10) + "\n" + "👍🏽".repeat(40);
    const diff = `@@ -1 +1 @@\n-古い行😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀\n+新しい行👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽👍🏽`;
    for (const width of [80, 31, 12, 5]) {
      for (const expanded of [false, true]) {
        expectFits(renderToolBlock({ toolName: "bash", args: { command: "echo 漢字漢字漢字漢字漢字漢字漢字漢字漢字" }, status: "done", output, expanded }, width, color), width);
        expectFits(renderToolBlock({ toolName: "edit", args: { path: "文件.txt" }, status: "done", diff, expanded }, width, color), width);
      }
    }
  });

  test("an extension renderer: display name, header, body, Markdown body, border and background", () => {
    const lines = strip(
      renderToolBlock({ toolName: "deploy", args: { env: "prod" }, status: "done", output: "**done**" }, 40, plain, {
        renderer: { displayName: "Ship it", bodyMarkdown: true },
      }),
    );
    expect(lines).toEqual(["● Ship it env=prod", "│ done"]);
    const custom = strip(
      renderToolBlock({ toolName: "deploy", args: { env: "prod" }, status: "done", output: "ok" }, 40, plain, {
        renderer: { renderHeader: (json) => `DEPLOY ${JSON.parse(json).env}`, renderBody: (result, isError, width) => `${result}/${isError}/${width}` },
      }),
    );
    // Only the arguments part is the extension's: the mark and the name stay.
    expect(custom).toEqual(["● Deploy DEPLOY prod", "│ ok/false/38"]);
    const painted = renderToolBlock({ toolName: "deploy", status: "done", output: "ok" }, 40, color, {
      renderer: { borderColor: "#ff00ff", background: "accent" },
    });
    expect(painted[1]).toContain(sgrOf("#ff00ff") + "│ ");
    expect(painted[0]).toContain(sgrOf(color.accent, true));
  });

  test("renderHeader gets the columns left after the name; the running and error marks stay; bodyMarkdown renders renderBody's text", () => {
    const widths: number[] = [];
    const renderer = {
      toolName: "deploy",
      displayName: "Ship",
      bodyMarkdown: true,
      renderHeader: (_json: string, width: number) => (widths.push(width), "to **prod**\nsecond line"),
      renderBody: () => "**bold** and `code`",
    };
    const running = renderToolBlock({ toolName: "deploy", args: {}, status: "running" }, 40, color, { renderer });
    expect(strip(running)).toEqual(["● Ship to **prod**", "second line"]);
    expect(running[0]).toContain(sgrOf(color.tool) + "●");
    expect(widths).toEqual([40 - "● Ship ".length]);
    const failed = renderToolBlock({ toolName: "deploy", args: {}, status: "error", output: "boom", isError: true }, 40, color, { renderer });
    expect(failed[0]).toContain(sgrOf(color.error) + "●");
    expect(strip(failed)).toEqual(["● Ship to **prod**", "second line", "│ bold and code"]);
  });

  test("an extension renderer that returns \"\" or throws falls back to the built-in parts", () => {
    const lines = strip(
      renderToolBlock({ toolName: "deploy", args: {}, status: "done", output: "ok" }, 40, plain, {
        renderer: {
          renderHeader: () => "",
          renderBody: () => {
            throw new Error("bug");
          },
        },
      }),
    );
    expect(lines).toEqual(["● Deploy", "│ ok"]);
  });
});

describe("argument summary", () => {
  test.each([
    ["bash", { command: "ls -la" }, "ls -la"],
    ["grep", { pattern: "TODO", path: "/repo/src" }, "TODO in src"],
    ["glob", { pattern: "**/*.ts" }, "**/*.ts"],
    ["read", { file_path: "/repo/README.md" }, "README.md"],
    ["read", { path: "/elsewhere/x.md", offset: 5 }, "/elsewhere/x.md:5-"],
    ["web_fetch", { url: "https://kit.dev" }, "https://kit.dev"],
    ["custom", { a: 1, b: "two", c: [1, 2] }, "a=1, b=two, c=[1,2]"],
    ["custom", {}, ""],
    ["custom", null, ""],
  ] as const)("%s %j → %j", (tool, args, expected) => {
    expect(summarizeArgs(tool, args as Record<string, unknown> | null, "/repo")).toBe(expected);
  });

  test("incomplete JSON while the call streams shows the first string so far", () => {
    expect(summarizeArgs("bash", '{"command": "git sta')).toBe("git sta");
    expect(summarizeArgs("bash", '{"command": "echo \\"hi\\"')).toBe('echo "hi"');
    expect(summarizeArgs("bash", '{"comm')).toBe("");
  });
});
