import { describe, expect, test } from "bun:test";
import type { Message } from "../../src/llm/types.ts";
import {
  INTERRUPTED_RESULT,
  adjustCutIndex,
  adjustCutPoint,
  buildContext,
  pairToolCalls,
} from "../../src/session/context.ts";
import { SessionStore } from "../../src/session/store.ts";
import { assistant, toolCall, toolResult, user } from "./helpers.ts";

const texts = (msgs: Message[]) =>
  msgs.map((m) => {
    const p = m.content[0]!;
    if (p.type === "text") return `${m.role}:${p.text}`;
    if (p.type === "tool_call") return `${m.role}:call ${p.id}`;
    if (p.type === "tool_result") return `${m.role}:result ${m.content.map((r) => (r as { toolCallId: string }).toolCallId).join(",")}`;
    return m.role;
  });

describe("buildContext", () => {
  test("the plain path root → leaf, non-message entries left out", () => {
    const s = SessionStore.inMemory();
    s.appendMessage(user("q"));
    s.append({ type: "model_change", provider: "p", model: "m" });
    s.appendExtensionEntry("x", "data");
    s.appendMessage(assistant("a"));
    expect(texts(s.context())).toEqual(["user:q", "assistant:a"]);
    expect(buildContext(s.branch())).toEqual(s.context());
  });

  test("a compaction on the path: its summary, then the entries from firstKeptEntryId on", () => {
    const s = SessionStore.inMemory();
    s.appendMessage(user("old question"));
    s.appendMessage(assistant("old answer"));
    const kept = s.appendMessage(user("recent question"));
    s.appendMessage(assistant("recent answer"));
    s.append({ type: "compaction", summary: "We talked about old things.", firstKeptEntryId: kept, tokensBefore: 5000, tokensAfter: 800 });
    s.appendMessage(user("new question"));

    const ctx = s.context();
    expect(ctx).toHaveLength(4);
    expect(ctx[0]!.role).toBe("user");
    const summary = (ctx[0]!.content[0] as { text: string }).text;
    expect(summary).toContain("We talked about old things.");
    expect(summary).toContain("compacted");
    expect(texts(ctx.slice(1))).toEqual(["user:recent question", "assistant:recent answer", "user:new question"]);
    expect(JSON.stringify(ctx)).not.toContain("old question");
  });

  test("the latest compaction on the path wins; one on another branch does not apply", () => {
    const s = SessionStore.inMemory();
    const u1 = s.appendMessage(user("one"));
    const a1 = s.appendMessage(assistant("two"));
    s.append({ type: "compaction", summary: "S1", firstKeptEntryId: a1, tokensBefore: 1, tokensAfter: 1 });
    const u2 = s.appendMessage(user("three"));
    s.append({ type: "compaction", summary: "S2", firstKeptEntryId: u2, tokensBefore: 1, tokensAfter: 1 });
    s.appendMessage(assistant("four"));
    const ctx = s.context();
    expect((ctx[0]!.content[0] as { text: string }).text).toContain("S2");
    expect(JSON.stringify(ctx)).not.toContain("S1");
    expect(texts(ctx.slice(1))).toEqual(["user:three", "assistant:four"]);

    s.navigate(u1);
    s.appendMessage(assistant("other branch"));
    expect(texts(s.context())).toEqual(["user:one", "assistant:other branch"]);
  });

  test("branch summaries appear as messages where they are on the path", () => {
    const s = SessionStore.inMemory();
    const u1 = s.appendMessage(user("start"));
    s.appendMessage(assistant("went left"));
    const left = s.appendMessage(user("left more"));
    s.navigate(u1);
    s.branchSummary(left, "The left branch tried X and failed.");
    s.appendMessage(assistant("going right"));
    const ctx = s.context();
    expect(ctx).toHaveLength(3);
    expect(texts([ctx[0]!])).toEqual(["user:start"]);
    expect(ctx[1]!.role).toBe("user");
    expect((ctx[1]!.content[0] as { text: string }).text).toContain("The left branch tried X and failed.");
    expect(texts([ctx[2]!])).toEqual(["assistant:going right"]);
  });
});

describe("tool pairs", () => {
  test("a tool call without its result gets a synthesised error result 'interrupted'", () => {
    const s = SessionStore.inMemory();
    s.appendMessage(user("read it"));
    s.appendMessage(toolCall("c1"));
    // The turn was interrupted: no result; the user speaks again.
    s.appendMessage(user("never mind"));
    const ctx = s.context();
    expect(texts(ctx)).toEqual(["user:read it", "assistant:call c1", "tool:result c1", "user:never mind"]);
    expect(ctx[2]!.content[0]).toEqual({ type: "tool_result", toolCallId: "c1", name: "read", content: INTERRUPTED_RESULT, isError: true });
    // The stored entries were not changed.
    expect(s.entries.filter((e) => e.type === "message" && e.role === "tool")).toHaveLength(0);
  });

  test("a call at the leaf (navigation or fork to it) is answered too", () => {
    const s = SessionStore.inMemory();
    s.appendMessage(user("q"));
    const call = s.appendMessage(toolCall("c1"));
    s.appendMessage(toolResult("c1"));
    s.appendMessage(assistant("done"));
    s.navigate(call);
    expect(texts(s.context())).toEqual(["user:q", "assistant:call c1", "tool:result c1"]);
    const f = s.fork(call);
    const ctx = f.context();
    expect(ctx).toHaveLength(3);
    expect((ctx[2]!.content[0] as { content: string }).content).toBe("interrupted");
  });

  test("missing results among several are added to the existing tool message", () => {
    const msgs: Message[] = [
      user("q"),
      {
        role: "assistant",
        content: [
          { type: "text", text: "two calls" },
          { type: "tool_call", id: "a", name: "read", input: "{}" },
          { type: "tool_call", id: "b", name: "bash", input: "{}" },
        ],
      },
      toolResult("a"),
      assistant("after"),
    ];
    const out = pairToolCalls(msgs);
    expect(out).toHaveLength(4);
    expect(out[2]!.content.map((p) => (p as { toolCallId: string }).toolCallId)).toEqual(["a", "b"]);
    expect(out[2]!.content[1]).toMatchObject({ name: "bash", isError: true, content: "interrupted" });
    expect(msgs[2]!.content).toHaveLength(1);
  });

  test("a result whose call is not right before it is dropped", () => {
    const out = pairToolCalls([user("q"), toolResult("ghost"), assistant("a")]);
    expect(texts(out)).toEqual(["user:q", "assistant:a"]);
  });

  test("a compaction that keeps a result but cut its call still gives a valid context", () => {
    const s = SessionStore.inMemory();
    s.appendMessage(user("q"));
    s.appendMessage(toolCall("c1"));
    const result = s.appendMessage(toolResult("c1"));
    s.appendMessage(assistant("done"));
    s.append({ type: "compaction", summary: "S", firstKeptEntryId: result, tokensBefore: 1, tokensAfter: 1 });
    const ctx = s.context();
    expect(ctx.some((m) => m.role === "tool")).toBe(false);
    expect(texts(ctx.slice(1))).toEqual(["assistant:done"]);
  });
});

describe("cut points", () => {
  test("a cut that would keep results without their call moves back to the call", () => {
    const s = SessionStore.inMemory();
    s.appendMessage(user("q1")); // 0
    s.appendMessage(assistant("a1")); // 1
    s.appendMessage(user("q2")); // 2
    const call = s.appendMessage(toolCall("c1")); // 3
    s.appendExtensionEntry("x", "between"); // 4
    const result = s.appendMessage(toolResult("c1")); // 5
    s.appendMessage(assistant("done")); // 6
    const branch = s.branch();

    expect(adjustCutIndex(branch, 5)).toBe(3);
    expect(adjustCutIndex(branch, 4)).toBe(3);
    expect(adjustCutPoint(branch, result)).toBe(call);
    // Cuts that separate nothing stay where they are.
    expect(adjustCutIndex(branch, 2)).toBe(2);
    expect(adjustCutIndex(branch, 3)).toBe(3);
    expect(adjustCutIndex(branch, 6)).toBe(6);
    expect(adjustCutIndex(branch, 0)).toBe(0);
    expect(adjustCutIndex(branch, 99)).toBe(branch.length);
    expect(() => adjustCutPoint(branch, "nope")).toThrow();

    // With the adjusted cut, compaction keeps the pair together.
    s.append({ type: "compaction", summary: "S", firstKeptEntryId: adjustCutPoint(branch, result), tokensBefore: 1, tokensAfter: 1 });
    expect(texts(s.context().slice(1))).toEqual(["assistant:call c1", "tool:result c1", "assistant:done"]);
  });
});
