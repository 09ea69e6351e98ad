/**
 * What one `edit` with far-apart replacements in a large file reports, through the built binary in a
 * pseudo-terminal: the model reads the real counts (+2 -2, not the whole file) in its next request,
 * and the tool block shows two small hunks with their line numbers, nothing more.
 */
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { text, toolCall } from "../support/mock-llm.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { KitTerminal, workspace } from "./interactive-support.ts";

const mock = useMockLLM();

test("an edit of lines 1 and 3,000 of a 3,000-line file is +2 -2 in two hunks, for the model and on screen", async () => {
  const original = Array.from({ length: 3000 }, (_, i) => `row ${i + 1}`).join("\n") + "\n";
  const w = workspace({ "big.txt": original });
  mock.push(
    toolCall("edit", {
      path: "big.txt",
      edits: [
        { old_text: "row 1\n", new_text: "first row\n" },
        { old_text: "row 3000\n", new_text: "last row\n" },
      ],
    }),
    text("Both ends are renamed."),
  );
  const base = mock.requests.length;
  const t = new KitTerminal({ args: ["--provider-url", mock.url, "-m", "anthropic/claude-haiku-4-5"], cwd: w.cwd, env: w.env, cols: 100, rows: 40 });
  await t.ready();
  await t.type("rename both ends");
  await t.waitFor("the answer after the edit", (s) => s.includes("Both ends are renamed.") && !s.includes("Working…"));

  const lines = await t.lines();
  const header = lines.findIndex((l) => l.startsWith("● Edit big.txt"));
  expect(lines[header]).toBe("● Edit big.txt  +2 -2");
  const block = lines.slice(header + 1, lines.indexOf("Both ends are renamed.")).filter((l) => l !== "");
  expect(block).toEqual([
    "│ big.txt",
    "│    1 - row 1",
    "│    1 + first row",
    "│    2   row 2",
    "│    3   row 3",
    "│    4   row 4",
    "│      ⋯",
    "│ 2997   row 2997",
    "│ 2998   row 2998",
    "│ 2999   row 2999",
    "│ 3000 - row 3000",
    "│ 3000 + last row",
  ]);

  const results = (mock.requests[base + 1]!.body.messages as any[]).at(-1).content;
  expect(results[0].content).toBe("Edited big.txt: 2 replacements, +2 -2 lines");
  expect(readFileSync(join(w.cwd, "big.txt"), "utf8")).toBe(original.replace("row 1\n", "first row\n").replace("row 3000\n", "last row\n"));
  expect(await t.quit()).toBe(0);
});
