import { describe, expect, test } from "bun:test";
import { partsText, toolResultText } from "../../src/llm/message-text.ts";
import type { Part } from "../../src/llm/types.ts";

const png = { type: "image" as const, mediaType: "image/png", data: "iVBORw0KGgo=" };

describe("the text of a message", () => {
  test("an image reads the same wherever it appears: as a part or inside a tool result", () => {
    const parts: Part[] = [
      { type: "text", text: "look at this" },
      png,
      { type: "tool_result", toolCallId: "c1", name: "screenshot", content: [{ type: "text", text: "taken" }, png], isError: false },
    ];
    expect(partsText(parts)).toBe("look at this\n[image image/png]\ntaken\n[image image/png]");
  });

  test("images can be left out explicitly, for text-only consumers", () => {
    expect(toolResultText([{ type: "text", text: "taken" }, png], { images: "omit" })).toBe("taken");
    expect(partsText([png, { type: "text", text: "hi" }], { images: "omit" })).toBe("hi");
  });

  test("tool calls and failed results are named; reasoning is left out", () => {
    const parts: Part[] = [
      { type: "reasoning", text: "hmm" },
      { type: "tool_call", id: "c1", name: "bash", input: '{"command":"ls"}' },
      { type: "tool_result", toolCallId: "c1", name: "bash", content: "boom", isError: true },
    ];
    expect(partsText(parts)).toBe('[tool call bash: {"command":"ls"}]\n[tool bash error] boom');
  });
});
