/**
 * Subagents in the app against the scripted provider: the subagent tool and ctx.spawnSubagent run a
 * child agent with its own session, the parent's provider settings and tools (minus subagent), named
 * agent presets, events, usage for the parent's turn, timeout, kill and cancellation.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { SubagentEvent } from "../../src/app/subagents.ts";
import { parseAgent, BUILTIN_AGENTS } from "../../src/resources/agents.ts";
import { SessionSkills } from "../../src/app/resources.ts";
import { startMockLLM, text, toolCall, type MockLLM } from "../support/mock-llm.ts";
import { messagesOf, systemText, testApp, toolNames } from "./helpers.ts";

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

const CORE = ["read", "write", "edit", "bash", "grep", "find", "ls"];
const since = (n: number) => mock.requests.slice(n);
const lines = (path: string) => readFileSync(path, "utf8").trim().split("\n").map((l) => JSON.parse(l));

describe("the subagent tool", () => {
  test("the model delegates: the child works on the task alone, its answer is the tool result, its usage is the turn's", async () => {
    const { app, session } = testApp({ mock });
    const before = mock.requests.length;
    mock.push(
      toolCall("subagent", { task: "Count the TypeScript files under src." }, { usage: { input: 10, output: 5 } }),
      text("There are 12 files.", { usage: { input: 100, output: 40 } }),
      text("The subagent counted 12.", { usage: { input: 20, output: 6 } }),
    );
    const outcome = await app.submit("how many files?", "cli");
    if (outcome.kind !== "turn") throw new Error("expected a turn");
    expect(outcome.result.response).toBe("The subagent counted 12.");
    expect(outcome.result.aggregates.usage).toMatchObject({ input: 130, output: 51 });
    expect(outcome.result.aggregates.llmCallCount).toBe(2);

    const [parent, child, back] = since(before);
    expect(toolNames(parent!.body)).toEqual([...CORE, "subagent"]);
    expect(toolNames(child!.body)).toEqual(CORE);
    expect(messagesOf(child!.body)).toEqual(["user: Count the TypeScript files under src."]);
    expect(systemText(child!.body)).toContain(BUILTIN_AGENTS[0]!.systemPrompt);
    expect(systemText(child!.body)).not.toContain("You are the parent.");
    expect(child!.body.model).toBe("claude-haiku-4-5");
    expect(messagesOf(back!.body).at(-1)).toBe("user: [result] There are 12 files.");

    // The child's session sits next to the parent's and names it and the task in its header.
    session.sync();
    const files = readdirSync(dirname(session.path)).filter((f) => f.endsWith(".jsonl"));
    expect(files).toHaveLength(2);
    const childFile = files.map((f) => join(dirname(session.path), f)).find((f) => f !== session.path)!;
    const [header, ...entries] = lines(childFile);
    expect(header).toMatchObject({ type: "session", parentSession: session.path, parentSessionId: session.id, subagentTask: "Count the TypeScript files under src." });
    expect(entries.map((e) => `${e.role}:${e.content.map((p: any) => p.text).join("")}`)).toEqual(["user:Count the TypeScript files under src.", "assistant:There are 12 files."]);
    const result = session.context().at(-2)!.content[0] as any;
    expect(result.details).toMatchObject({ sessionId: header.id, exitCode: 0, usage: { inputTokens: 100, outputTokens: 40 } });
  });

  test("a named agent sets the child's tools and instructions; the parent's allow-list limits the default tools", async () => {
    const reviewer = parseAgent("/agents/reviewer.md", "---\ndescription: Reviews\ntools: [read, bash]\nmodel: anthropic/claude-sonnet-4-5\n---\nYou only review.");
    const resources = { skills: SessionSkills.none("/"), templates: [], agents: [...BUILTIN_AGENTS, reviewer] };
    const { app } = testApp({ mock, resources, inMemory: true });
    let before = mock.requests.length;
    mock.push(toolCall("subagent", { task: "look around", agent: "explore" }), text("found it"), text("ok"));
    await app.submit("explore please", "cli");
    let [, child] = since(before);
    expect(toolNames(child!.body)).toEqual(["read", "grep", "find", "ls"]);
    expect(systemText(child!.body)).toContain(BUILTIN_AGENTS[1]!.systemPrompt);

    before = mock.requests.length;
    mock.push(toolCall("subagent", { task: "review it", agent: "reviewer" }), text("lgtm"), text("ok"));
    await app.submit("review please", "cli");
    [, child] = since(before);
    expect(toolNames(child!.body)).toEqual(["read", "bash"]);
    expect(child!.body.model).toBe("claude-sonnet-4-5");
    expect(systemText(child!.body)).toContain("You only review.");

    before = mock.requests.length;
    app.modelControl.setActiveTools(["grep", "subagent"]);
    mock.push(toolCall("subagent", { task: "search" }), text("searched"), text("ok"));
    await app.submit("search please", "cli");
    [, child] = since(before);
    expect(toolNames(child!.body)).toEqual(["grep"]);
  });

  test("the child's tool calls pass the same schema check: an invalid one is an error result the child can act on", async () => {
    const { app } = testApp({ mock, inMemory: true });
    const before = mock.requests.length;
    mock.push(toolCall("subagent", { task: "read it" }), toolCall("read", { limit: 5 }), text("I need a path."), text("done"));
    await app.submit("go", "cli");
    const [, , childRetry] = since(before);
    expect(messagesOf(childRetry!.body).at(-1)).toBe(
      'user: [result] Invalid arguments for read: missing required field "path". Call read again with arguments that match its parameters schema.',
    );
  });

  test("an unknown agent or tool is an error result naming the real ones; no child call is made", async () => {
    const { app } = testApp({ mock, inMemory: true });
    const before = mock.requests.length;
    mock.push(
      { kind: "reply", toolCalls: [{ id: "a", name: "subagent", input: { task: "x", agent: "ghost" } }, { id: "b", name: "subagent", input: { task: "y", tools: ["read", "teleport"] } }] },
      text("sorry"),
    );
    await app.submit("go", "cli");
    const requests = since(before);
    expect(requests).toHaveLength(2);
    const results = messagesOf(requests[1]!.body).at(-1)!;
    // With no named agents the schema has no `agent` field, so the tool gate refuses it and names the real ones.
    expect(results).toContain('[result] Invalid arguments for subagent: "agent" is not an allowed field (the fields are task, model, tools).');
    expect(results).toContain('[result] The subagent failed: unknown tool "teleport" for the subagent; the tools are read, write, edit, bash, grep, find, ls');
  });
});

describe("ctx.spawnSubagent", () => {
  test("runs in the background with its own model, tools and instructions; events, output and completion arrive in order", async () => {
    const { app, cwd } = testApp({ mock });
    const before = mock.requests.length;
    mock.push(toolCall("ls", { path: "." }, { usage: { input: 30, output: 3 } }), text("Just one file.", { chunkSize: 4, usage: { input: 40, output: 4 }, tokenDelayMs: 3 }));
    const events: SubagentEvent[] = [];
    const output: string[] = [];
    let completed: unknown;
    const handle = app.spawnSubagent({
      prompt: "What is in the project?",
      model: "anthropic/claude-sonnet-4-5",
      tools: ["ls"],
      systemPrompt: "Answer in one sentence.",
      onEvent: (e) => events.push(e),
      onOutput: (t) => output.push(t),
      onComplete: (r) => (completed = r),
    });
    expect(handle.id).toBe("subagent-1");
    expect(events).toEqual([]);
    expect(app.subagents.running).toBe(1);
    const result = await handle.wait();
    expect(result).toMatchObject({ response: "Just one file.", exitCode: 0, usage: { inputTokens: 70, outputTokens: 7 } });
    expect(result.error).toBeUndefined();
    expect(completed).toEqual(result);
    expect(output.join("")).toBe("Just one file.");
    expect(output.length).toBeGreaterThan(1);
    const story = events.map((e) => e.type).filter((t, i, all) => t !== "text" || all[i - 1] !== "text");
    expect(story).toEqual(["turn_start", "tool_call", "tool_execution_start", "tool_result", "tool_execution_end", "text", "turn_end"]);
    expect(events.find((e) => e.type === "tool_call")).toMatchObject({ toolName: "ls", toolArgs: '{"path":"."}' });
    expect(events.find((e) => e.type === "tool_result")).toMatchObject({ toolName: "ls", isError: false });
    expect(events.at(-1)).toEqual({ type: "turn_end", content: "Just one file." });

    const [first] = since(before);
    expect(first!.body.model).toBe("claude-sonnet-4-5");
    expect(toolNames(first!.body)).toEqual(["ls"]);
    expect(systemText(first!.body)).toContain("Answer in one sentence.");
    expect(systemText(first!.body)).toContain(`Working directory: ${cwd}`);
    await app.subagents.idle();
    expect(app.subagents.running).toBe(0);
  });

  test("a timeout stops the subagent: it ends with an error and the limit's exit code", async () => {
    const { app } = testApp({ mock, inMemory: true });
    mock.push(text("too late", { delayMs: 3000 }));
    const result = await app.spawnSubagent({ prompt: "slow work", timeoutMs: 200 }).wait();
    expect(result).toMatchObject({ response: "", error: "timed out after 0.2 s and was stopped", exitCode: 6 });
  });

  test("kill stops it at once; wait never rejects", async () => {
    const { app } = testApp({ mock, inMemory: true });
    mock.push(text("never", { delayMs: 3000 }));
    const handle = app.spawnSubagent({ prompt: "slow work" });
    while (mock.remaining() > 0) await Bun.sleep(5);
    handle.kill();
    expect(await handle.wait()).toMatchObject({ error: "killed", exitCode: 130 });
    await app.subagents.idle();
  });

  test("noSession writes no session file; a model kit cannot reach is an error result; an empty prompt throws", async () => {
    const { app, session } = testApp({ mock });
    mock.push(text("fine"));
    expect(await app.spawnSubagent({ prompt: "x", noSession: true }).wait()).toMatchObject({ response: "fine", exitCode: 0 });
    expect(existsSync(dirname(session.path))).toBe(false);
    const bad = await app.spawnSubagent({ prompt: "x", model: "nope" }).wait();
    expect(bad.exitCode).toBe(2);
    expect(bad.error).toContain("nope");
    expect(() => app.spawnSubagent({ prompt: "  " })).toThrow("spawnSubagent: `prompt` must be a non-empty string");
  });

  test("cancelling the parent's turn stops the subagent it started", async () => {
    const { app } = testApp({ mock, inMemory: true });
    const before = mock.requests.length;
    mock.push(toolCall("subagent", { task: "slow" }), text("never", { delayMs: 3000 }));
    const turn = app.submit("go", "cli");
    while (mock.requests.length < before + 2) await Bun.sleep(5);
    app.abort();
    const outcome = await turn;
    if (outcome.kind !== "turn") throw new Error("expected a turn");
    expect(outcome.result.stopReason).toBe("cancelled");
    const toolMessage = outcome.result.newMessages.find((m) => m.role === "tool")!;
    expect((toolMessage.content[0] as any).content).toBe("The subagent failed: cancelled: the turn that started it was interrupted");
  });

  test("drainQueue waits for background subagents, so a follow-up they send still runs", async () => {
    const { app } = testApp({ mock, inMemory: true });
    const before = mock.requests.length;
    mock.push(text("child says hi"), text("parent answers"));
    const handle = app.spawnSubagent({ prompt: "say hi", onComplete: (r) => app.sendMessage(`the helper said: ${r.response}`) });
    const outcomes: string[] = [];
    await app.drainQueue((o) => outcomes.push(o.kind === "turn" ? o.result.response : o.kind));
    expect((await handle.wait()).response).toBe("child says hi");
    expect(outcomes).toEqual(["parent answers"]);
    expect(messagesOf(since(before)[1]!.body)).toEqual(["user: the helper said: child says hi"]);
  });
});
