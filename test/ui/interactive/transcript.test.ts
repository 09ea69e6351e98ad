import { describe, expect, test } from "bun:test";
import { boxBlock, colorOf, columnLines, noticeBlock, printBlock, replayBlocks, userBlock } from "../../../src/modes/interactive/transcript.ts";
import type { SessionEntry } from "../../../src/session/types.ts";
import { color, expectFits, plain, sgrOf, strip } from "../components/support.ts";

describe("transcript blocks", () => {
  test("a user message: the prompt mark, wrapped under itself", () => {
    expect(userBlock("hello there friend", 12, plain)).toEqual(["› hello", "  there", "  friend"]);
  });

  test("notices: a mark per kind, the text wrapped and indented", () => {
    expect(noticeBlock("error", "it failed badly", 10, plain)).toEqual(["✗ it", "  failed", "  badly"]);
    expect(noticeBlock("warning", "careful", 20, plain)).toEqual(["! careful"]);
    expect(noticeBlock("system", "ok", 20, plain)).toEqual(["• ok"]);
    expect(noticeBlock("error", "red", 20, color)[0]).toContain(sgrOf(color.error));
  });

  test("printBlock: the text in a box with the subtitle in its top border, every line within the width", () => {
    const lines = printBlock({ text: "first line\nsecond one that is long", subtitle: "Title" }, 20, plain);
    expect(lines).toEqual(["╭─ Title ──────────╮", "│ first line       │", "│ second one that  │", "│ is long          │", "╰──────────────────╯"]);
    expectFits(lines, 20);
  });

  test("columnLines: names in one column, each description wrapped under its own column, cut at a word with … past maxLines", () => {
    const rows = [["/a", "one two three four five six"], ["/long", "short"]] as const;
    expect(columnLines(rows, 24)).toEqual(["/a     one two three", "       four five six", "/long  short"]);
    expect(columnLines(rows, 24, 1)).toEqual(["/a     one two three…", "/long  short"]);
    // Too narrow for two columns: each row wraps as one text.
    expect(columnLines([["/name", "a description"]], 12)).toEqual(["/name  a", "description"]);
  });

  test("a box's border takes a slot name or a hex colour", () => {
    expect(colorOf("accent", color)).toBe(color.accent);
    expect(colorOf("#123456", color)).toBe("#123456");
    expect(colorOf("no-such", color)).toBeUndefined();
    expect(boxBlock(["x"], 10, color, { borderColor: "#123456" })[0]).toContain(sgrOf("#123456"));
  });
});

describe("replaying a session", () => {
  let n = 0;
  const entry = (e: Record<string, unknown>): SessionEntry => ({ id: `e${++n}`, parentId: null, timestamp: "2025-01-01T00:00:00Z", ...e }) as SessionEntry;
  const options = { cwd: "/p", toolRenderer: () => undefined };

  test("user messages (attachments by name), answers, collapsed reasoning, tool calls with their results", () => {
    const entries = [
      entry({ type: "message", role: "user", content: [{ type: "text", text: '<file path="/p/a.txt">\nA\n</file>' }, { type: "text", text: "read it" }] }),
      entry({ type: "message", role: "assistant", content: [{ type: "reasoning", text: "Let me see." }, { type: "text", text: "Sure." }, { type: "tool_call", id: "c1", name: "bash", input: '{"command":"ls"}' }] }),
      entry({ type: "message", role: "tool", content: [{ type: "tool_result", toolCallId: "c1", name: "bash", content: "a.txt", isError: false }] }),
    ];
    const blocks = replayBlocks(entries, 40, plain, options).map(strip);
    expect(blocks).toEqual([["› read it", "  attached: /p/a.txt"], ["▸ Thinking Let me see."], ["Sure."], ["● Bash ls", "│ a.txt"]]);
  });

  test("only the last entries are replayed, with a note saying how many are not", () => {
    const entries = Array.from({ length: 10 }, (_, i) => entry({ type: "message", role: "user", content: [{ type: "text", text: `m${i}` }] }));
    const blocks = replayBlocks(entries, 100, plain, { ...options, limit: 3 });
    expect(blocks.map((b) => b[0])).toEqual(["• … 7 earlier entries not shown (/export writes the whole conversation)", "› m7", "› m8", "› m9"]);
  });
});
