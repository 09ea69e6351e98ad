import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import type { Message } from "../../src/llm/types.ts";
import {
  DEFAULT_SUMMARY_OUTPUT_TOKENS,
  IMAGE_TOKENS,
  WINDOW_HEADROOM,
  applyCompaction,
  buildSummaryRequest,
  compactSession,
  estimateMessageTokens,
  estimateTokens,
  keepRecentTokensFor,
  planCompaction,
  requestTokens,
  shouldAutoCompact,
  summarisedTokens,
  type CompactionPlan,
} from "../../src/session/compaction.ts";
import { INTERRUPTED_RESULT, buildContext, compactionSummaryMessage } from "../../src/session/context.ts";
import { SessionStore } from "../../src/session/store.ts";
import type { CompactionEntry, SessionEntry } from "../../src/session/types.ts";
import { assistant, steppingClock, tempDir, toolCall, toolResult, user } from "./helpers.ts";

/** Text of about `tokens` estimated tokens, starting with `tag` so it can be found. */
const sized = (tag: string, tokens: number) => `${tag} ${"lorem ipsum ".repeat(Math.max(0, Math.ceil((tokens * 4 - tag.length - 1) / 12)))}`;

function fileStore(): SessionStore {
  return SessionStore.create({ cwd: "/proj", dir: tempDir(), now: steppingClock() });
}

/** Appends ordinary turns: a user question and an assistant answer of about `tokens` each. */
function addTurns(s: SessionStore, count: number, tokens: number, tag = "turn"): void {
  for (let i = 0; i < count; i++) {
    s.appendMessage(user(sized(`${tag}${i}-question`, tokens)));
    s.appendMessage(assistant(sized(`${tag}${i}-answer`, tokens)));
  }
}

const messageOf = (e: SessionEntry): Message => {
  if (e.type !== "message") throw new Error(`${e.id} is a ${e.type}`);
  return { role: e.role, content: e.content };
};

/** The branch's message entries from `firstKeptEntryId` on, as messages. */
function keptMessages(branch: SessionEntry[], firstKeptEntryId: string): Message[] {
  const from = branch.findIndex((e) => e.id === firstKeptEntryId);
  return branch.slice(from).filter((e) => e.type === "message").map(messageOf);
}

/** The context a branch would have with a compaction of this plan appended. */
function contextAfter(branch: SessionEntry[], plan: CompactionPlan, summary = "S"): Message[] {
  const leaf = branch[branch.length - 1]!;
  const entry: CompactionEntry = {
    type: "compaction",
    id: "zz",
    parentId: leaf.id,
    timestamp: leaf.timestamp,
    summary,
    firstKeptEntryId: plan.firstKeptEntryId,
    tokensBefore: plan.tokensBefore,
    tokensAfter: 0,
  };
  return buildContext([...branch, entry]);
}

function toolCallIds(messages: Message[]): string[] {
  return messages.flatMap((m) => m.content.flatMap((p) => (p.type === "tool_call" ? [p.id] : [])));
}
function toolResultIds(messages: Message[]): string[] {
  return messages.flatMap((m) => m.content.flatMap((p) => (p.type === "tool_result" ? [p.toolCallId] : [])));
}

describe("estimateTokens", () => {
  test("grows with every message and every character, system prompt included", () => {
    const msgs: Message[] = [];
    let last = estimateTokens(msgs);
    expect(last).toBe(0);
    for (let i = 0; i < 20; i++) {
      msgs.push(i % 2 === 0 ? user("q".repeat(i * 7)) : assistant("a".repeat(i * 13)));
      const now = estimateTokens(msgs);
      expect(now).toBeGreaterThan(last);
      last = now;
    }
    expect(estimateTokens(msgs, "system prompt of some length")).toBeGreaterThan(last);
    expect(estimateTokens([user("x".repeat(4000))])).toBeGreaterThan(estimateTokens([user("x".repeat(3996))]));
    // About four characters per token.
    expect(estimateTokens([user("x".repeat(40_000))])).toBeGreaterThanOrEqual(10_000);
    expect(estimateTokens([user("x".repeat(40_000))])).toBeLessThan(10_100);
  });

  test("counts tool call inputs, tool results and images", () => {
    const small = toolCall("c1", "write", JSON.stringify({ path: "a.ts", content: "x" }));
    const big = toolCall("c1", "write", JSON.stringify({ path: "a.ts", content: "x".repeat(8000) }));
    expect(estimateTokens([big]) - estimateTokens([small])).toBeGreaterThanOrEqual(1999);
    expect(estimateTokens([toolResult("c1", "y".repeat(8000))]) - estimateTokens([toolResult("c1", "y")])).toBeGreaterThanOrEqual(1999);
    const blocks: Message = {
      role: "tool",
      content: [{ type: "tool_result", toolCallId: "c1", name: "read", isError: false, content: [{ type: "text", text: "z".repeat(400) }, { type: "image", mediaType: "image/png", data: "AAAA" }] }],
    };
    expect(estimateTokens([blocks])).toBeGreaterThanOrEqual(100 + IMAGE_TOKENS);
    const image: Message = { role: "user", content: [{ type: "image", mediaType: "image/png", data: "A".repeat(10) }] };
    expect(estimateTokens([image])).toBeGreaterThanOrEqual(IMAGE_TOKENS);
  });
});

describe("shouldAutoCompact", () => {
  test("true once the context leaves less than the output reserve", () => {
    expect(shouldAutoCompact({ contextTokens: 184_000, contextWindow: 200_000 })).toBe(false);
    expect(shouldAutoCompact({ contextTokens: 184_001, contextWindow: 200_000 })).toBe(true);
    expect(shouldAutoCompact({ contextTokens: 150_000, contextWindow: 200_000, reserveTokens: 60_000 })).toBe(true);
    expect(shouldAutoCompact({ contextTokens: 10, contextWindow: 200_000 })).toBe(false);
  });
  test("a small window keeps at most half of itself in reserve; an unknown window never triggers", () => {
    expect(shouldAutoCompact({ contextTokens: 3_000, contextWindow: 8_000 })).toBe(false);
    expect(shouldAutoCompact({ contextTokens: 4_001, contextWindow: 8_000 })).toBe(true);
    expect(shouldAutoCompact({ contextTokens: 1_000_000, contextWindow: 0 })).toBe(false);
  });
});

describe("planCompaction", () => {
  test("nothing to compact: a context within keepRecentTokens, a single message, an empty branch", () => {
    const s = SessionStore.inMemory();
    expect(planCompaction(s.branch())).toBeUndefined();
    addTurns(s, 3, 500);
    expect(planCompaction(s.branch(), { keepRecentTokens: 20_000 })).toBeUndefined();

    const one = SessionStore.inMemory();
    one.appendMessage(user(sized("huge", 50_000)));
    expect(planCompaction(one.branch(), { keepRecentTokens: 1_000 })).toBeUndefined();
  });

  test("keeps at most about keepRecentTokens of whole turns and summarises the rest", () => {
    const s = SessionStore.inMemory();
    addTurns(s, 20, 1_000);
    const branch = s.branch();
    const plan = planCompaction(branch, { keepRecentTokens: 5_000 })!;
    expect(plan).toBeDefined();
    const kept = keptMessages(branch, plan.firstKeptEntryId);
    const keptTokens = estimateTokens(kept);
    expect(plan.keptTokens).toBe(keptTokens);
    // Within the budget (a turn start up to half of it back may add to it), and at most one turn short of it.
    expect(keptTokens).toBeGreaterThan(5_000 - 2_100);
    expect(keptTokens).toBeLessThanOrEqual(5_000 * 1.5);
    expect(kept[0]!.role).toBe("user");
    expect(plan.splitTurn).toBe(false);
    expect(plan.previousSummary).toBeUndefined();
    // Summarised + kept = the whole conversation, in order.
    expect([...plan.messages, ...kept]).toEqual(branch.map(messageOf));
    expect(plan.tokensBefore).toBe(estimateTokens(s.context()));

    const more = planCompaction(branch, { keepRecentTokens: 12_000 })!;
    expect(estimateTokens(keptMessages(branch, more.firstKeptEntryId))).toBeGreaterThan(keptTokens);
    expect(planCompaction(branch, { keepRecentTokens: 5_000, tokensBefore: 123_456 })!.tokensBefore).toBe(123_456);
  });

  test("the cut never separates a tool call from its result, wherever the natural cut falls", () => {
    const s = SessionStore.inMemory();
    s.appendMessage(user(sized("start", 300)));
    for (let i = 0; i < 12; i++) {
      if (i % 3 === 2) {
        // Two parallel calls answered in one tool message.
        s.appendMessage({
          role: "assistant",
          content: [
            { type: "text", text: sized(`thinking${i}`, 100) },
            { type: "tool_call", id: `p${i}a`, name: "read", input: JSON.stringify({ path: `f${i}a.ts` }) },
            { type: "tool_call", id: `p${i}b`, name: "grep", input: JSON.stringify({ pattern: "x", path: `d${i}` }) },
          ],
        });
        s.appendMessage({
          role: "tool",
          content: [
            { type: "tool_result", toolCallId: `p${i}a`, name: "read", content: sized(`ra${i}`, 700), isError: false },
            { type: "tool_result", toolCallId: `p${i}b`, name: "grep", content: sized(`rb${i}`, 400), isError: false },
          ],
        });
      } else {
        s.appendMessage(toolCall(`c${i}`, "read", JSON.stringify({ path: `f${i}.ts` })));
        s.appendMessage(toolResult(`c${i}`, sized(`r${i}`, 900)));
      }
      if (i % 4 === 3) s.appendMessage(user(sized(`follow-up${i}`, 200)));
      if (i === 5) s.append({ type: "model_change", provider: "p", model: "m2" });
    }
    s.appendMessage(assistant(sized("done", 200)));
    const branch = s.branch();
    const total = estimateTokens(branch.filter((e) => e.type === "message").map(messageOf));

    let plans = 0;
    for (let keep = 50; keep < total; keep += 97) {
      const plan = planCompaction(branch, { keepRecentTokens: keep });
      if (!plan) continue;
      plans++;
      const first = s.get(plan.firstKeptEntryId)!;
      expect(first.type === "message" && first.role === "tool").toBe(false);
      const kept = keptMessages(branch, plan.firstKeptEntryId);
      // Every call has its result on the same side of the cut.
      expect(toolResultIds(plan.messages).sort()).toEqual(toolCallIds(plan.messages).sort());
      expect(toolResultIds(kept).sort()).toEqual(toolCallIds(kept).sort());
      // The context after compaction is the summary, then exactly the kept messages: nothing synthesised or dropped.
      const after = contextAfter(branch, plan);
      expect(after).toEqual([compactionSummaryMessage("S"), ...kept]);
      expect(JSON.stringify(after)).not.toContain(`"content":"${INTERRUPTED_RESULT}"`);
    }
    expect(plans).toBeGreaterThan(20);
  });

  test("prefers to keep from a user message; inside one long turn it cuts between tool pairs", () => {
    // A short user message right before a big assistant answer: the natural cut is the answer; the plan keeps the question too.
    const s = SessionStore.inMemory();
    addTurns(s, 4, 1_000);
    const question = s.appendMessage(user(sized("question", 100)));
    s.appendMessage(assistant(sized("answer", 3_000)));
    const plan = planCompaction(s.branch(), { keepRecentTokens: 2_500 })!;
    expect(plan.firstKeptEntryId).toBe(question);
    expect(plan.splitTurn).toBe(false);

    // One turn of many tool calls: no user message near the cut, so the kept part starts at a call.
    const long = SessionStore.inMemory();
    long.appendMessage(user(sized("do it all", 100)));
    for (let i = 0; i < 20; i++) {
      long.appendMessage(toolCall(`c${i}`, "bash", JSON.stringify({ command: `step ${i}` })));
      long.appendMessage(toolResult(`c${i}`, sized(`out${i}`, 1_000), "bash"));
    }
    const split = planCompaction(long.branch(), { keepRecentTokens: 4_000 })!;
    const first = long.get(split.firstKeptEntryId)!;
    expect(first.type === "message" && first.role).toBe("assistant");
    expect(split.splitTurn).toBe(true);
    expect((split.messages[0]!.content[0] as { text: string }).text).toStartWith("do it all");
    const keptTokens = estimateTokens(keptMessages(long.branch(), split.firstKeptEntryId));
    expect(keptTokens).toBeGreaterThan(4_000 - 2_100);
    expect(keptTokens).toBeLessThanOrEqual(4_000);
  });

  test("one huge message just before the kept part is summarised, not kept: the kept part stays within the budget", () => {
    const s = SessionStore.inMemory();
    addTurns(s, 2, 300);
    s.appendMessage(user(sized("paste", 30_000)));
    s.appendMessage(assistant(sized("answer", 500)));
    const question = s.appendMessage(user(sized("next", 300)));
    s.appendMessage(assistant(sized("reply", 500)));
    const plan = planCompaction(s.branch(), { keepRecentTokens: 20_000 })!;
    expect(plan.firstKeptEntryId).toBe(question);
    expect(plan.keptTokens).toBeLessThan(1_000);
    expect(summarisedTokens(plan)).toBeGreaterThan(30_000);
  });

  test("the recent part kept word for word is 20,000 tokens, or a quarter of a smaller window", () => {
    expect(keepRecentTokensFor(200_000)).toBe(20_000);
    expect(keepRecentTokensFor(80_000)).toBe(20_000);
    expect(keepRecentTokensFor(32_000)).toBe(8_000);
  });

  test("a second compaction updates the first summary with only the messages after its kept point", () => {
    const s = fileStore();
    addTurns(s, 10, 1_000, "early");
    const first = planCompaction(s.branch(), { keepRecentTokens: 4_000 })!;
    applyCompaction(s, first, "FIRST SUMMARY");
    addTurns(s, 10, 1_000, "late");

    const branch = s.branch();
    const second = planCompaction(branch, { keepRecentTokens: 4_000 })!;
    expect(second.previousSummary).toBe("FIRST SUMMARY");
    const keptBefore = keptMessages(branch, first.firstKeptEntryId);
    const keptNow = keptMessages(branch, second.firstKeptEntryId);
    // Exactly the messages from the first kept point up to the new cut.
    expect([...second.messages, ...keptNow]).toEqual(keptBefore);
    expect(second.messages[0]).toEqual(messageOf(s.get(first.firstKeptEntryId)!));
    for (const m of first.messages) expect(second.messages).not.toContainEqual(m);
    // The new kept part is as large as before, not everything since the first compaction.
    expect(estimateTokens(keptNow)).toBeLessThan(4_000 * 1.5 + 2_100);
    // The context it replaces includes the old summary.
    expect(second.tokensBefore).toBe(estimateTokens(s.context()));
    const request = buildSummaryRequest(second, { contextWindow: 200_000 });
    expect(request.prompt).toContain("FIRST SUMMARY");
    expect(request.prompt).toContain("<previous-summary>");
    expect(request.prompt).toMatch(/update the previous summary/i);
    expect(request.prompt).not.toContain("early0-question");
  });

  test("files read and modified come from tool calls of the summarised part and add up across compactions", () => {
    const s = SessionStore.inMemory();
    const call = (id: string, name: string, args: object) => s.appendMessage(toolCall(id, name, JSON.stringify(args)));
    const result = (id: string, name: string, isError = false) =>
      s.appendMessage({ role: "tool", content: [{ type: "tool_result", toolCallId: id, name, content: sized("out", 50), isError }] });

    s.appendMessage(user("look around"));
    call("1", "read", { path: "src/a.ts" });
    result("1", "read");
    call("2", "grep", { pattern: "foo", path: "src" });
    result("2", "grep");
    call("3", "grep", { pattern: "no path" });
    result("3", "grep");
    call("4", "ls", { path: "test" });
    result("4", "ls");
    call("5", "find", { pattern: "*.md", path: "docs" });
    result("5", "find");
    call("6", "edit", { path: "src/a.ts", old_text: "a", new_text: "b" });
    result("6", "edit");
    call("7", "edit", { path: "src/failed.ts", old_text: "a", new_text: "b" });
    result("7", "edit", true);
    call("8", "write", { path: "src/new.ts", content: "x" });
    result("8", "write");
    call("9", "bash", { command: "cat secret.txt" });
    result("9", "bash");
    s.appendMessage({ role: "assistant", content: [{ type: "tool_call", id: "10", name: "read", input: "{not json" }] });
    result("10", "read");
    call("11", "read", { path: "src/a.ts" });
    result("11", "read");
    s.appendMessage(user(sized("next", 3_000)));
    s.appendMessage(assistant(sized("reply", 3_000)));

    const first = planCompaction(s.branch(), { keepRecentTokens: 5_000 })!;
    expect(first.readFiles).toEqual(["src/a.ts", "src", "test", "docs"]);
    expect(first.modifiedFiles).toEqual(["src/a.ts", "src/new.ts"]);
    applyCompaction(s, first, "one");
    const entry = s.entriesOfType("compaction")[0]!;
    expect(entry.readFiles).toEqual(first.readFiles);
    expect(entry.modifiedFiles).toEqual(first.modifiedFiles);

    call("20", "read", { path: "README.md" });
    result("20", "read");
    call("21", "read", { path: "src" });
    result("21", "read");
    call("22", "write", { path: "src/b.ts", content: "y" });
    result("22", "write");
    s.appendMessage(user(sized("again", 3_000)));
    s.appendMessage(assistant(sized("again reply", 3_000)));
    const second = planCompaction(s.branch(), { keepRecentTokens: 5_000 })!;
    expect(second.previousSummary).toBe("one");
    expect(second.readFiles).toEqual(["src/a.ts", "src", "test", "docs", "README.md"]);
    expect(second.modifiedFiles).toEqual(["src/a.ts", "src/new.ts", "src/b.ts"]);
    const request = buildSummaryRequest(second, { contextWindow: 100_000 });
    expect(request.prompt).toContain("Read: src/a.ts, src, test, docs, README.md");
    expect(request.prompt).toContain("Modified: src/a.ts, src/new.ts, src/b.ts");
  });
});

describe("buildSummaryRequest", () => {
  function plan(messages: Message[], extra: Partial<CompactionPlan> = {}): CompactionPlan {
    return { firstKeptEntryId: "x", messages, tokensBefore: 1, keptTokens: 1, splitTurn: false, readFiles: [], modifiedFiles: [], ...extra };
  }
  const fits = (req: { system: string; prompt: string; maxOutputTokens: number }, window: number) =>
    requestTokens(req.system, req.prompt) + req.maxOutputTokens <= window;

  test("asks for the structured summary, with the conversation labelled by role", () => {
    const p = plan([
      user("please fix the parser"),
      { role: "assistant", content: [{ type: "reasoning", text: "let me look" }, { type: "tool_call", id: "c1", name: "read", input: '{"path":"src/parser.ts"}' }] },
      toolResult("c1", "export function parse() {}"),
      { role: "tool", content: [{ type: "tool_result", toolCallId: "c2", name: "bash", content: "boom", isError: true }] },
      assistant("fixed"),
    ]);
    const req = buildSummaryRequest(p, { contextWindow: 50_000, customInstructions: "  focus on the parser  " });
    for (const heading of ["## Goal", "## Constraints and preferences", "## Progress", "### Done", "### In progress", "### Blocked", "## Key decisions", "## Next steps", "## Critical context", "## Files read", "## Files modified"]) {
      expect(req.prompt).toContain(heading);
    }
    expect(req.prompt).toContain("[User]: please fix the parser");
    expect(req.prompt).toContain("[Assistant thinking]: let me look");
    expect(req.prompt).toContain('[Tool call] read: {"path":"src/parser.ts"}');
    expect(req.prompt).toContain("[Tool result] read: export function parse() {}");
    expect(req.prompt).toContain("[Tool error] bash: boom");
    expect(req.prompt).toContain("[Assistant]: fixed");
    expect(req.prompt).toContain("AGENTS.md");
    expect(req.prompt).toContain("focus on the parser");
    expect(req.prompt).not.toContain("<previous-summary>");
    expect(req.prompt).not.toMatch(/in the middle of a request/);
    expect(req.system).toMatch(/only the summary/i);
    expect(req.maxOutputTokens).toBe(DEFAULT_SUMMARY_OUTPUT_TOKENS);
    expect(req.trimmedToolOutputs).toBe(0);
    expect(req.omittedMessages).toBe(0);

    const split = buildSummaryRequest(plan([user("a")], { splitTurn: true }), { contextWindow: 50_000 });
    expect(split.prompt).toMatch(/in the middle of a request/);
  });

  const bigTurns = (): Message[] => [
    user("FIRST-QUESTION"),
    toolCall("c1", "read", '{"path":"old.txt"}'),
    toolResult("c1", `OLD-HEAD ${"o".repeat(10_000)} OLD-MIDDLE ${"o".repeat(10_000)} OLD-TAIL`),
    assistant("first answer"),
    user("SECOND-QUESTION"),
    toolCall("c2", "read", '{"path":"new.txt"}'),
    toolResult("c2", `NEW-HEAD ${"n".repeat(10_000)} NEW-MIDDLE ${"n".repeat(10_000)} NEW-TAIL`),
    assistant("LAST-ANSWER"),
  ];

  test("too long for the window: the oldest tool output is cut in the middle first, the newest left whole", () => {
    const p = plan(bigTurns());
    const whole = buildSummaryRequest(p, { contextWindow: 1_000_000 });
    expect(whole.trimmedToolOutputs).toBe(0);
    expect(whole.prompt).toContain("OLD-MIDDLE");
    const wholeTokens = requestTokens(whole.system, whole.prompt);
    // Room for all but ~2,000 tokens: cutting the oldest output (~5,000 tokens) is enough.
    const window = Math.ceil((wholeTokens - 2_000 + DEFAULT_SUMMARY_OUTPUT_TOKENS) / (1 - WINDOW_HEADROOM));
    const req = buildSummaryRequest(p, { contextWindow: window });
    expect(fits(req, window)).toBe(true);
    expect(req.trimmedToolOutputs).toBe(1);
    expect(req.omittedMessages).toBe(0);
    expect(req.prompt).toContain("OLD-HEAD");
    expect(req.prompt).toContain("OLD-TAIL");
    expect(req.prompt).not.toContain("OLD-MIDDLE");
    expect(req.prompt).toMatch(/characters cut here/);
    expect(req.prompt).toContain(`NEW-HEAD ${"n".repeat(10_000)} NEW-MIDDLE ${"n".repeat(10_000)} NEW-TAIL`);
    expect(req.prompt).toContain("FIRST-QUESTION");
  });

  test("still too long: every long output is cut, then the oldest messages are left out", () => {
    const early = Array.from({ length: 6 }, (_, i) => user(`EARLY-${i} ${"e".repeat(4_000)}`));
    const messages = [...early, ...bigTurns()];
    const p = plan(messages, { previousSummary: "PREVIOUS" });
    const window = Math.ceil((DEFAULT_SUMMARY_OUTPUT_TOKENS + 3_000) / (1 - WINDOW_HEADROOM));
    const req = buildSummaryRequest(p, { contextWindow: window });
    expect(fits(req, window)).toBe(true);
    expect(req.trimmedToolOutputs).toBe(2);
    expect(req.omittedMessages).toBeGreaterThan(0);
    expect(req.prompt).toMatch(/earlier messages were left out/);
    expect(req.prompt).not.toContain("EARLY-0");
    expect(req.prompt).toContain(`[${req.omittedMessages} earlier messages were left out`);
    // The oldest went first: what is left is the newest messages, in order.
    const kept = messages.slice(req.omittedMessages);
    expect(req.prompt).toContain((kept[0]!.content[0] as { text: string }).text.slice(0, 20));
    expect(req.prompt).not.toContain("OLD-MIDDLE");
    expect(req.prompt).not.toContain("NEW-MIDDLE");
    expect(req.prompt).toContain("LAST-ANSWER");
    expect(req.prompt).toContain("PREVIOUS");
  });

  test("one message larger than the window is cut to fit; a window with no room at all is refused", () => {
    const p = plan([user(`HUGE-START ${"h".repeat(200_000)} HUGE-END`)]);
    const window = 20_000;
    const req = buildSummaryRequest(p, { contextWindow: window, maxOutputTokens: 4_000 });
    expect(fits(req, window)).toBe(true);
    expect(req.prompt).toContain("HUGE-START");
    expect(req.prompt).toContain("HUGE-END");
    expect(() => buildSummaryRequest(p, { contextWindow: 9_000 })).toThrow(/no room/);
  });
});

describe("applyCompaction", () => {
  test("the context becomes the summary then exactly the kept messages, also after reopening the file", () => {
    const s = fileStore();
    addTurns(s, 6, 1_000);
    s.appendMessage(user("read it"));
    s.appendMessage(toolCall("c1", "read", '{"path":"a.ts"}'));
    s.appendMessage(toolResult("c1", sized("contents", 1_500)));
    s.appendMessage(assistant(sized("final", 500)));
    const before = s.context();
    const entriesBefore = s.entries.length;
    const plan = planCompaction(s.branch(), { keepRecentTokens: 3_000 })!;
    const kept = keptMessages(s.branch(), plan.firstKeptEntryId);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.length).toBeLessThan(before.length);

    const id = applyCompaction(s, plan, "## Goal\nTest things.");
    expect(s.leaf).toBe(id);
    const ctx = s.context();
    expect(ctx[0]).toEqual(compactionSummaryMessage("## Goal\nTest things."));
    expect(ctx.slice(1)).toEqual(kept);
    const entry = s.get(id) as CompactionEntry;
    expect(entry.type).toBe("compaction");
    expect(entry.firstKeptEntryId).toBe(plan.firstKeptEntryId);
    expect(entry.tokensBefore).toBe(estimateTokens(before));
    expect(entry.tokensAfter).toBe(estimateTokens(ctx));
    expect(entry.tokensAfter).toBeLessThan(entry.tokensBefore);
    expect(entry.readFiles).toBeUndefined();
    expect(s.entries.length).toBe(entriesBefore + 1);

    s.close();
    const reopened = SessionStore.open(s.path);
    expect(reopened.issues).toEqual([]);
    expect(reopened.context()).toEqual(ctx);
    expect(reopened.entries.length).toBe(entriesBefore + 1);
    expect(fs.readFileSync(s.path, "utf8")).toContain("turn0-question");

    // New messages follow the kept ones.
    reopened.appendMessage(user("after"));
    expect(reopened.context().slice(1)).toEqual([...kept, user("after")]);
  });

  test("tokensAfter may be given; an empty summary or a kept entry off the branch is refused", () => {
    const s = SessionStore.inMemory();
    addTurns(s, 6, 1_000);
    const plan = planCompaction(s.branch(), { keepRecentTokens: 2_000 })!;
    expect(() => applyCompaction(s, plan, "  \n")).toThrow(/non-empty/);
    const id = applyCompaction(s, plan, "sum", { tokensAfter: 42 });
    expect((s.get(id) as CompactionEntry).tokensAfter).toBe(42);

    const t = SessionStore.inMemory();
    const root = t.appendMessage(user("root"));
    addTurns(t, 6, 1_000);
    const stale = planCompaction(t.branch(), { keepRecentTokens: 2_000 })!;
    t.navigate(root);
    t.appendMessage(assistant("elsewhere"));
    expect(() => applyCompaction(t, stale, "sum")).toThrow(/not on the current branch/);
    expect(t.entriesOfType("compaction")).toEqual([]);
  });
});

describe("compactSession", () => {
  test("plans, asks for the summary with the request, appends it", async () => {
    const s = fileStore();
    addTurns(s, 8, 1_000);
    const seen: string[] = [];
    const out = await compactSession(
      s,
      async (req) => {
        seen.push(req.prompt);
        expect(requestTokens(req.system, req.prompt) + req.maxOutputTokens).toBeLessThanOrEqual(64_000);
        return "  SUMMARY TEXT \n";
      },
      { contextWindow: 64_000, keepRecentTokens: 3_000, customInstructions: "keep the numbers" },
    );
    if (!out.compacted) throw new Error(out.reason);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toContain("keep the numbers");
    expect(seen[0]).toContain("turn0-question");
    expect(out.entry.summary).toBe("SUMMARY TEXT");
    expect(s.leaf).toBe(out.entry.id);
    expect(s.context()[0]).toEqual(compactionSummaryMessage("SUMMARY TEXT"));
    expect(s.context().slice(1)).toEqual(keptMessages(s.branch(), out.entry.firstKeptEntryId));
  });

  test("nothing to compact or an empty summary: nothing is written and the reason is given", async () => {
    const s = SessionStore.inMemory();
    addTurns(s, 2, 100);
    let calls = 0;
    const none = await compactSession(s, async () => (calls++, "x"), { contextWindow: 64_000 });
    expect(none).toEqual({ compacted: false, reason: expect.stringMatching(/nothing to compact/) });
    expect(calls).toBe(0);

    addTurns(s, 8, 1_000);
    const leaf = s.leaf;
    const empty = await compactSession(s, async () => "   ", { contextWindow: 64_000, keepRecentTokens: 2_000 });
    expect(empty).toEqual({ compacted: false, reason: expect.stringMatching(/empty summary/) });
    expect(s.leaf).toBe(leaf);
    expect(s.entriesOfType("compaction")).toEqual([]);

    await expect(compactSession(s, async () => Promise.reject(new Error("provider down")), { contextWindow: 64_000, keepRecentTokens: 2_000 })).rejects.toThrow("provider down");
    expect(s.entriesOfType("compaction")).toEqual([]);
  });
});

test("estimateMessageTokens is what estimateTokens adds per message", () => {
  const msgs = [user("abc"), assistant("defgh"), toolResult("c", "x".repeat(99))];
  expect(estimateTokens(msgs)).toBe(msgs.reduce((n, m) => n + estimateMessageTokens(m), 0));
});
