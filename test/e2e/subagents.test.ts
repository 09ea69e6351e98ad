/**
 * Subagents through the built binary against the scripted provider: the model delegates with the
 * `subagent` tool and gets the answer (events, usage and the child's session included), named agents
 * (built-in, project, hidden, --no-agents), --no-session, and ctx.spawnSubagent from the example
 * subagent-demo.ts: a background subagent streaming its events, a timeout, and a kill.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { startMockLLM, text, toolCall, type MockLLM } from "../support/mock-llm.ts";
import { conversation, errorLines, extension, lastToolResults, REC, runWith, systemText, tagged, tempDir, toolNames, userEnv } from "./extension-runs.ts";

const DEMO = resolve(import.meta.dir, "../../extensions/subagent-demo.ts");
const CORE = ["read", "write", "edit", "bash", "grep", "find", "ls"];

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

/** Records every subagent event and the turn's aggregates. */
const WATCH = `${REC}export default (kit: ExtensionAPI) => {
  kit.onSubagentStart((e, ctx) => rec(ctx, "start", e));
  kit.onSubagentChunk((e, ctx) => rec(ctx, "chunk", e));
  kit.onSubagentEnd((e, ctx) => rec(ctx, "end", e));
  kit.onAgentEnd((e, ctx) => rec(ctx, "agent_end", e));
};`;

const subagentTool = (body: any) => (body.tools as any[]).find((t) => t.name === "subagent");
const sessionFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".jsonl")).map((f) => join(dir, f));
const jsonLines = (path: string) => readFileSync(path, "utf8").trim().split("\n").map((l) => JSON.parse(l));

describe("the subagent tool", () => {
  test("the model delegates to a subagent and gets its answer; events, usage and the child's session follow", async () => {
    const cwd = tempDir({ "a.txt": "a", "b.txt": "b" });
    const run = await runWith(mock, {
      exts: [extension(WATCH)],
      cwd,
      args: ["--json", "what files are there?"],
      steps: [
        toolCall("subagent", { task: "List the files of the project." }, { usage: { input: 10, output: 5 } }),
        toolCall("ls", { path: "." }, { usage: { input: 50, output: 5 } }),
        text("a.txt and b.txt", { usage: { input: 60, output: 6 } }),
        text("Two files: a.txt and b.txt.", { usage: { input: 20, output: 4 } }),
      ],
    });
    expect(errorLines(run.stderr)).toEqual([]);
    expect(run.exitCode).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.response).toBe("Two files: a.txt and b.txt.");
    // The child's model calls count in the run's (and the turn's) usage.
    expect(result.usage).toMatchObject({ input_tokens: 140, output_tokens: 20 });
    expect(tagged(run.stderr, "agent_end")[0]).toMatchObject({ inputTokensDelta: 140, outputTokensDelta: 20, llmCallCount: 2, toolNames: ["subagent"] });

    const [parent, child1, child2, back] = run.requests;
    expect(toolNames(parent!)).toEqual([...CORE, "subagent"]);
    expect(subagentTool(parent!.body).input_schema.required).toEqual(["task"]);
    expect(toolNames(child1!)).toEqual(CORE);
    expect(conversation(child1!)).toEqual([{ role: "user", text: "List the files of the project." }]);
    expect(systemText(child1!)).toContain(`Working directory: ${cwd}`);
    expect(conversation(child2!).at(-1)!.text).toContain("a.txt");
    expect(lastToolResults(back!)).toEqual([{ content: "a.txt and b.txt", is_error: false }]);

    // Every subagent event names the model's call of the tool.
    const callId = (back!.body.messages.at(-2).content as any[]).find((b) => b.type === "tool_use").id;
    expect(tagged(run.stderr, "start")).toEqual([{ toolCallId: callId, task: "List the files of the project." }]);
    const chunks = tagged(run.stderr, "chunk");
    expect(chunks.every((c) => c.toolCallId === callId && c.task === "List the files of the project.")).toBe(true);
    expect(chunks.map((c) => c.chunkType).filter((t, i, all) => t !== "text" || all[i - 1] !== "text")).toEqual([
      "turn_start",
      "tool_call",
      "tool_execution_start",
      "tool_result",
      "tool_execution_end",
      "text",
      "turn_end",
    ]);
    expect(chunks.find((c) => c.chunkType === "tool_call")).toMatchObject({ toolName: "ls", toolArgs: '{"path":"."}' });
    expect(chunks.find((c) => c.chunkType === "tool_result")).toMatchObject({ toolName: "ls", isError: false });
    expect(chunks.find((c) => c.chunkType === "tool_result").toolResult).toContain("a.txt");
    expect(tagged(run.stderr, "end")).toEqual([{ toolCallId: callId, task: "List the files of the project.", response: "a.txt and b.txt", errorMsg: "" }]);

    // The child's session: next to the parent's, linked to it in its header, holding its conversation.
    const files = sessionFiles(dirname(run.sessionPath));
    expect(files).toHaveLength(2);
    const [header, ...entries] = jsonLines(files.find((f) => f !== run.sessionPath)!);
    expect(header).toMatchObject({ type: "session", parentSession: run.sessionPath, subagentTask: "List the files of the project.", cwd });
    expect(header.parentSessionId).toBe(jsonLines(run.sessionPath)[0].id);
    expect(entries.map((e) => e.role)).toEqual(["user", "assistant", "tool", "assistant"]);
  });

  test("a running subagent's steps are its tool's live output (the UI's tool block, stream-json tool_output)", async () => {
    const cwd = tempDir({ "a.txt": "a" });
    const run = await runWith(mock, {
      exts: [],
      cwd,
      args: ["--output", "stream-json", "look"],
      steps: [toolCall("subagent", { task: "List the files." }), toolCall("ls", { path: "." }), text("a.txt"), text("One file.")],
    });
    expect(run.exitCode).toBe(0);
    const events = run.stdout.trim().split("\n").map((l) => JSON.parse(l));
    const call = events.find((e) => e.type === "tool_call" && e.name === "subagent");
    const output = events.filter((e) => e.type === "tool_output" && e.id === call.id).map((e) => e.chunk).join("");
    expect(output).toContain('→ ls {"path":"."}');
  });

  test("named agents: advertised to the model (not hidden ones); a preset's tools and instructions; --no-agents", async () => {
    const cwd = tempDir({
      ".kit/agents/reviewer.md": "---\ndescription: Reviews a diff for bugs\ntools: [read, grep]\n---\nYou are a strict reviewer.",
      ".agents/agents/secret.md": "---\ndescription: Internal helper\nhidden: true\n---\nSecret.",
    });
    const run = await runWith(mock, {
      exts: [],
      cwd,
      args: ["review the diff"],
      steps: [toolCall("subagent", { task: "Review HEAD.", agent: "reviewer" }), text("No bugs."), text("The reviewer found no bugs.")],
    });
    expect(run.exitCode).toBe(0);
    const [parent, child] = run.requests;
    const description = subagentTool(parent!.body).description as string;
    expect(description).toContain("- reviewer: Reviews a diff for bugs");
    expect(description).toContain("- general: ");
    expect(description).toContain("- explore: ");
    expect(description).not.toContain("secret");
    expect(systemText(parent!)).toContain("Named agents for the subagent tool");
    expect(subagentTool(parent!.body).input_schema.properties.agent).toBeDefined();
    expect(toolNames(child!)).toEqual(["read", "grep"]);
    expect(systemText(child!)).toContain("You are a strict reviewer.");

    const hidden = await runWith(mock, { exts: [], cwd, args: ["go"], steps: [toolCall("subagent", { task: "t", agent: "secret" }), text("done secretly"), text("ok")] });
    expect(systemText(hidden.requests[1]!)).toContain("Secret.");
    expect(lastToolResults(hidden.requests[2]!)[0]!.content).toBe("done secretly");

    const none = await runWith(mock, { exts: [], cwd, args: ["--no-agents", "hi"], steps: [text("hello")] });
    const bare = subagentTool(none.requests[0]!.body);
    expect(bare.description).not.toContain("Named agents");
    expect(bare.input_schema.properties.agent).toBeUndefined();
    expect(systemText(none.requests[0]!)).not.toContain("Named agents");
  });

  test("--exclude-core-tools subagent removes it; --no-session keeps the child in memory too", async () => {
    const excluded = await runWith(mock, { exts: [], args: ["--exclude-core-tools", "subagent", "hi"], steps: [text("hello")] });
    expect(toolNames(excluded.requests[0]!)).toEqual(CORE);

    const env = userEnv();
    const run = await runWith(mock, {
      exts: [],
      env,
      defaultSession: true,
      args: ["--no-session", "delegate it"],
      steps: [toolCall("subagent", { task: "do it" }), text("did it"), text("done")],
    });
    expect(run.exitCode).toBe(0);
    expect(existsSync(join(env.HOME!, ".local", "share", "kit", "sessions"))).toBe(false);
  });
});

describe("ctx.spawnSubagent (subagent-demo.ts)", () => {
  test("a background subagent streams its events to the extension; its answer comes back as a follow-up turn", async () => {
    const run = await runWith(mock, {
      exts: [DEMO],
      cwd: tempDir({ "notes.md": "x" }),
      args: ["/bg count the files"],
      steps: [toolCall("ls", { path: "." }), text("1 file: notes.md"), text("Noted: one file.")],
    });
    expect(errorLines(run.stderr)).toEqual([]);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe("started subagent-1 in the background\nsubagent-1 answered: 1 file: notes.md\nNoted: one file.\n");
    const infos = run.stderr.split("\n").filter((l) => l.startsWith("[info] "));
    expect(infos).toEqual([
      "[info] subagent subagent-1 started: count the files",
      '[info] subagent-1 calls ls {"path":"."}',
      "[info] subagent-1 got a result from ls",
      "[info] subagent subagent-1 ended: 1 file: notes.md",
    ]);
    expect(conversation(run.requests[0]!)).toEqual([{ role: "user", text: "count the files" }]);
    expect(conversation(run.requests[2]!)).toEqual([{ role: "user", text: 'A background subagent finished the task "count the files". Its answer:\n\n1 file: notes.md' }]);
  });

  test("a subagent that runs past its timeout is stopped and reports it", async () => {
    const run = await runWith(mock, {
      exts: [DEMO],
      env: userEnv({ KIT_OPT_SUBAGENT_DEMO_TIMEOUT_MS: "300" }),
      args: ["/delegate a slow task"],
      steps: [text("far too late", { delayMs: 4000 })],
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe("the subagent failed: timed out after 0.3 s and was stopped\n");
    expect(run.stderr).toContain("[info] subagent subagent-1 ended with an error: timed out after 0.3 s and was stopped");
    expect(run.requests).toHaveLength(1);
  });

  test("kill stops a running subagent, its tool included; wait resolves with the error", async () => {
    const ext = extension(`${REC}export default (kit: ExtensionAPI) => {
  kit.registerCommand({ name: "spawn-and-kill", description: "", execute(_a, ctx) {
    const h = ctx.spawnSubagent({
      prompt: "run the long command",
      onEvent: (e) => { if (e.type === "tool_execution_start") h.kill(); },
      onComplete: (r) => rec(ctx, "complete", { error: r.error, exitCode: r.exitCode }),
    });
    void h.wait().then((r) => rec(ctx, "waited", r.error));
    return "spawned " + h.id;
  } });
  kit.onSubagentEnd((e, ctx) => rec(ctx, "end", e.errorMsg));
};`);
    const run = await runWith(mock, { exts: [ext], args: ["/spawn-and-kill"], steps: [toolCall("bash", { command: "sleep 30" })] });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe("spawned subagent-1\n");
    expect(tagged(run.stderr, "complete")).toEqual([{ error: "killed", exitCode: 130 }]);
    expect(tagged(run.stderr, "waited")).toEqual(["killed"]);
    expect(tagged(run.stderr, "end")).toEqual(["killed"]);
  });
});
