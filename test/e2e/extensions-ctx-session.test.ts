/**
 * The Context in a headless run of the built binary, part 2: session data. getContextStats,
 * getSessionUsage, getMessages, getSessionPath, appendEntry/getEntries (entries in the session
 * file) and setState/getState/deleteState/listState (the `<session>.ext-state.json` sidecar), across
 * runs that reopen the same session.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { startMockLLM, text, toolCall, type MockLLM } from "../support/mock-llm.ts";
import { extension, REC, runWith, sessionEntries, sidecar, tagged, tempDir, userEnv } from "./extension-runs.ts";

let mock: MockLLM;
beforeAll(async () => {
  mock = await startMockLLM();
});
afterAll(async () => {
  await mock.close();
});
afterEach(() => {
  expect(mock.remaining()).toBe(0);
});

const REPORTER = () => extension(`${REC}
export default (kit: ExtensionAPI) => {
  kit.onSessionStart((_e, ctx) => rec(ctx, "start", { stats: ctx.getContextStats(), usage: ctx.getSessionUsage(), messages: ctx.getMessages().length }));
  kit.onAgentEnd((_e, ctx) => rec(ctx, "end", {
    stats: ctx.getContextStats(),
    usage: ctx.getSessionUsage(),
    messages: ctx.getMessages(),
    path: ctx.getSessionPath(),
    sessionId: ctx.sessionId,
    cwd: ctx.cwd,
    model: ctx.model,
    interactive: ctx.interactive,
  }));
};
`);

describe("session data", () => {
  const U0 = { input: 2000, output: 100, cacheRead: 500, cacheWrite: 0 };
  const U1 = { input: 2300, output: 40, cacheRead: 0, cacheWrite: 100 };
  let run: Awaited<ReturnType<typeof runWith>>;
  let end: any;
  beforeAll(async () => {
    run = await runWith(mock, {
      exts: [REPORTER()],
      cwd: tempDir({ "a.txt": "alpha\n" }),
      args: ["read a.txt"],
      steps: [toolCall("read", { path: "a.txt" }, { usage: U0 }), text("it says alpha", { usage: U1 })],
    });
    end = tagged(run.stderr, "end")[0];
  });

  test("the run works and reports once", () => {
    expect(run.exitCode).toBe(0);
    expect(tagged(run.stderr, "end")).toHaveLength(1);
  });

  test("sessionId, cwd, model and interactive describe the run", () => {
    const header = JSON.parse(readFileSync(run.sessionPath, "utf8").split("\n")[0]!);
    expect(end.sessionId).toBe(header.id);
    expect(end.cwd).toBe(run.cwd);
    expect(end.model).toBe("anthropic/claude-haiku-4-5");
    expect(end.interactive).toBe(false);
  });

  test("getMessages: the branch root to leaf, with the model that answered", () => {
    const messages = end.messages as any[];
    expect(messages.map((m) => m.role)).toEqual(["user", "assistant", "tool", "assistant"]);
    expect(messages[0].content).toBe("read a.txt");
    expect(messages[2].content).toContain("alpha");
    expect(messages[3]).toMatchObject({ content: "it says alpha", model: "claude-haiku-4-5", provider: "anthropic" });
    // Ids and parents are those of the session file.
    const ids = sessionEntries(run.sessionPath)
      .filter((e) => e.type === "message")
      .map((e) => e.id);
    expect(messages.map((m) => m.id)).toEqual(ids);
    expect(messages[1].parentId).toBe(messages[0].id);
  });

  test("getSessionUsage: totals of every recorded call", () => {
    expect(tagged(run.stderr, "start")[0].usage).toEqual({
      totalInputTokens: 0,
      totalOutputTokens: 0,
      totalCacheReadTokens: 0,
      totalCacheWriteTokens: 0,
      totalCost: 0,
      requestCount: 0,
    });
    expect(end.usage).toMatchObject({
      totalInputTokens: 4300,
      totalOutputTokens: 140,
      totalCacheReadTokens: 500,
      totalCacheWriteTokens: 100,
      requestCount: 2,
    });
    const costs = sessionEntries(run.sessionPath)
      .filter((e) => e.usage)
      .reduce((n, e) => n + e.usage.cost, 0);
    expect(end.usage.totalCost).toBeCloseTo(costs, 12);
    expect(end.usage.totalCost).toBeGreaterThan(0);
  });

  test("getContextStats: messages in context, an estimate, the model's context window", () => {
    const start = tagged(run.stderr, "start")[0].stats;
    expect(start.messageCount).toBe(0);
    expect(end.stats.messageCount).toBe(4);
    expect(end.stats.contextLimit).toBe(200_000);
    expect(end.stats.estimatedTokens).toBeGreaterThan(start.estimatedTokens);
    expect(end.stats.usagePercent).toBeCloseTo(end.stats.estimatedTokens / 200_000, 10);
  });

  test("getSessionPath: the session file (--session)", () => {
    expect(end.path).toBe(run.sessionPath);
  });
});

describe("getSessionPath", () => {
  test("a new session's file under the data dir; \"\" with --no-session", async () => {
    const env = userEnv();
    const run = await runWith(mock, { exts: [REPORTER()], args: ["hi"], steps: [text("hello")], env, defaultSession: true });
    const path = tagged(run.stderr, "end")[0].path as string;
    expect(path.startsWith(join(env.XDG_DATA_HOME!, "kit", "sessions"))).toBe(true);
    expect(path.endsWith(".jsonl")).toBe(true);
    expect(existsSync(path)).toBe(true);

    const memory = await runWith(mock, { exts: [REPORTER()], args: ["--no-session", "hi"], steps: [text("hello")], defaultSession: true });
    expect(tagged(memory.stderr, "end")[0].path).toBe("");
  });
});

describe("appendEntry / getEntries", () => {
  const BOOKMARKS = () => extension(`${REC}
export default (kit: ExtensionAPI) => {
  kit.onSessionStart((_e, ctx) => rec(ctx, "found", ctx.getEntries("bookmark").map((e) => e.data)));
  kit.onAgentEnd((e, ctx) => {
    const id = ctx.appendEntry("bookmark", "after: " + e.response);
    ctx.appendEntry("note", "n");
    rec(ctx, "appended", { id, bookmarks: ctx.getEntries("bookmark"), all: ctx.getEntries("").map((x) => x.entryType) });
  });
};
`);

  test("entries go into the session file, are read back by type, and are there when the session is reopened", async () => {
    const first = await runWith(mock, { exts: [BOOKMARKS()], args: ["one"], steps: [text("first answer")] });
    expect(first.exitCode).toBe(0);
    expect(tagged(first.stderr, "found")).toEqual([[]]);
    const appended = tagged(first.stderr, "appended")[0];
    expect(appended.bookmarks).toEqual([{ id: appended.id, entryType: "bookmark", data: "after: first answer", timestamp: expect.any(String) }]);
    expect(appended.all).toEqual(["bookmark", "note"]);
    const stored = sessionEntries(first.sessionPath).filter((e) => e.type === "extension_data");
    expect(stored.map((e) => [e.id, e.extType, e.data])).toEqual([
      [appended.id, "bookmark", "after: first answer"],
      [expect.any(String), "note", "n"],
    ]);
    // The entry hangs in the tree after the answer.
    const answer = sessionEntries(first.sessionPath).find((e) => e.role === "assistant");
    expect(stored[0].parentId).toBe(answer.id);

    // A second run on the same session file sees the bookmark at startup and adds its own.
    mock.push(text("second answer"));
    const second = await runWith(mock, { exts: [BOOKMARKS()], args: ["--session", first.sessionPath, "two"] });
    expect(second.exitCode).toBe(0);
    expect(tagged(second.stderr, "found")).toEqual([["after: first answer"]]);
    expect(tagged(second.stderr, "appended")[0].bookmarks.map((b: any) => b.data)).toEqual(["after: first answer", "after: second answer"]);
    // The model never sees extension entries.
    expect(JSON.stringify(second.requests[0]!.body.messages)).not.toContain("after: first answer");
  });
});

describe("extension state", () => {
  const COUNTER = () => extension(`${REC}
export default (kit: ExtensionAPI) => {
  kit.onSessionStart((_e, ctx) => rec(ctx, "before", { keys: ctx.listState(), runs: ctx.getState("runs") ?? null, missing: ctx.getState("nope") ?? null }));
  kit.onAgentEnd((_e, ctx) => {
    const runs = Number(ctx.getState("runs") ?? "0") + 1;
    ctx.setState("runs", String(runs));
    ctx.setState("last-response", "r" + runs);
    if (runs === 2) ctx.deleteState("last-response");
    ctx.setState("scratch", "x");
    ctx.deleteState("scratch");
    rec(ctx, "after", ctx.listState().sort());
  });
};
`);

  test("setState/getState/deleteState/listState live in <session>.ext-state.json, across runs of the session", async () => {
    const first = await runWith(mock, { exts: [COUNTER()], args: ["one"], steps: [text("a")] });
    expect(first.exitCode).toBe(0);
    expect(tagged(first.stderr, "before")).toEqual([{ keys: [], runs: null, missing: null }]);
    expect(tagged(first.stderr, "after")).toEqual([["last-response", "runs"]]);
    expect(sidecar(first.sessionPath)).toEqual({ runs: "1", "last-response": "r1" });
    // Invisible to the model and not in the session file.
    expect(JSON.stringify(sessionEntries(first.sessionPath))).not.toContain("last-response");

    const second = await runWith(mock, { exts: [COUNTER()], args: ["--session", first.sessionPath, "two"], steps: [text("b")] });
    expect(second.exitCode).toBe(0);
    expect(tagged(second.stderr, "before")).toEqual([{ keys: ["runs", "last-response"], runs: "1", missing: null }]);
    expect(tagged(second.stderr, "after")).toEqual([["runs"]]);
    expect(sidecar(first.sessionPath)).toEqual({ runs: "2" });
  });

  test("a new session starts with empty state; --no-session keeps state in memory and writes no file", async () => {
    const fresh = await runWith(mock, { exts: [COUNTER()], args: ["one"], steps: [text("a")] });
    expect(tagged(fresh.stderr, "before")).toEqual([{ keys: [], runs: null, missing: null }]);

    const dir = tempDir();
    const memory = await runWith(mock, { exts: [COUNTER()], cwd: dir, args: ["--no-session", "one"], steps: [text("a")], defaultSession: true });
    expect(memory.exitCode).toBe(0);
    expect(tagged(memory.stderr, "after")).toEqual([["last-response", "runs"]]);
    expect(readdirSync(dir)).toEqual([]);
    expect(readdirSync(dirname(fresh.sessionPath)).sort()).toEqual(["run.ext-state.json", "run.jsonl"]);
  });
});
