/**
 * `kit acp` as an editor uses it (issue #22): the built binary over stdio, the protocol library's
 * client-side connection, the scripted provider, a real MCP server passed by the client.
 */
import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { RequestError } from "@agentclientprotocol/sdk";
import { httpError, text, type ReplyStep } from "../support/mock-llm.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { waitUntil } from "../support/process-facts.ts";
import { runKit } from "../support/kit-process.ts";
import { agentText, initialize, startAcp, stdoutMessages, type AcpKit } from "./acp-support.ts";
import { project, userBlocks, userEnv } from "./headless-support.ts";
import { EVERYTHING } from "./mcp-support.ts";

const mock = useMockLLM();

/** A 1×1 PNG. */
const PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

/** A tool call with a known id, so a test can follow its updates. */
const callWithId = (id: string, name: string, input: object): ReplyStep => ({ kind: "reply", toolCalls: [{ id, name, input }] });

async function withKit<T>(kit: AcpKit, run: (kit: AcpKit) => Promise<T>): Promise<T> {
  try {
    return await run(kit);
  } finally {
    await kit.close();
  }
}

describe("kit acp", () => {
  test("initialize reports the protocol version, kit's name and version, and what it can do", async () => {
    const kit = startAcp({ cwd: project(), env: userEnv(), mock });
    await withKit(kit, async () => {
      const init = await initialize(kit);
      expect(init.protocolVersion).toBe(1);
      expect(init.agentInfo?.name).toBe("kit");
      expect(init.agentInfo?.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(init.agentCapabilities).toMatchObject({
        loadSession: true,
        promptCapabilities: { image: true, embeddedContext: true },
        mcpCapabilities: { http: true },
        sessionCapabilities: { list: {} },
      });
    });
    expect(await kit.proc.exited).toBe(0);
  });

  test("a prompt whose edit streams the tool call, its diff and the answer, ends the turn, and is saved as a kit session", async () => {
    const cwd = project({ "notes.txt": "hello world\nsecond line\n" });
    const env = userEnv();
    const kit = startAcp({ cwd, env, mock });
    await withKit(kit, async () => {
      await initialize(kit);
      const { sessionId, configOptions } = await kit.connection.agent.request("session/new", { cwd, mcpServers: [] });
      expect(configOptions?.find((o) => o.id === "model")).toMatchObject({ type: "select", currentValue: "anthropic/claude-haiku-4-5" });
      mock.push(callWithId("call_edit", "edit", { path: "notes.txt", old_text: "hello world", new_text: "goodbye world" }), text("Changed the greeting."));
      const answer = await kit.connection.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "say goodbye in notes.txt" }] });
      expect(answer.stopReason).toBe("end_turn");

      const calls = kit.updates(sessionId).filter((u) => "toolCallId" in u && u.toolCallId === "call_edit");
      expect(calls[0]).toMatchObject({ sessionUpdate: "tool_call", kind: "edit", status: "pending" });
      expect(calls).toContainEqual(expect.objectContaining({ sessionUpdate: "tool_call_update", title: "edit: notes.txt", locations: [{ path: join(cwd, "notes.txt") }] }));
      expect(calls).toContainEqual(expect.objectContaining({ status: "in_progress" }));
      const done = calls.at(-1)!;
      expect(done).toMatchObject({ sessionUpdate: "tool_call_update", status: "completed" });
      expect(done.sessionUpdate === "tool_call_update" && done.content?.[0]).toEqual({
        type: "diff",
        path: join(cwd, "notes.txt"),
        oldText: "hello world\nsecond line\n",
        newText: "goodbye world\nsecond line\n",
      });
      // The answer streams after the tool call ended.
      const order = kit.updates(sessionId).map((u) => u.sessionUpdate);
      expect(order.lastIndexOf("agent_message_chunk")).toBeGreaterThan(order.lastIndexOf("tool_call_update"));
      expect(agentText(kit, sessionId)).toBe("Changed the greeting.");
      expect(readFileSync(join(cwd, "notes.txt"), "utf8")).toBe("goodbye world\nsecond line\n");

      // The session is a kit session like any run's: listed, with its id.
      const listed = await kit.connection.agent.request("session/list", { cwd });
      expect(listed.sessions).toEqual([expect.objectContaining({ sessionId, cwd, title: "say goodbye in notes.txt" })]);
    });
    const sessions = await runKit(["sessions", "list"], { cwd, env });
    expect(sessions.stdout).toContain("say goodbye in notes.txt");
  });

  test("session/cancel mid-stream stops the turn: the prompt answers cancelled and the session takes the next prompt", async () => {
    const cwd = project();
    const kit = startAcp({ cwd, env: userEnv(), mock });
    await withKit(kit, async () => {
      await initialize(kit);
      const { sessionId } = await kit.connection.agent.request("session/new", { cwd, mcpServers: [] });
      mock.push(text("one two three four five six seven eight nine ten eleven twelve", { chunkSize: 4, tokenDelayMs: 300 }));
      const prompt = kit.connection.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "count slowly" }] });
      await kit.waitForUpdate("the first chunk of the answer", sessionId, (u) => u.sessionUpdate === "agent_message_chunk");
      await kit.connection.agent.notify("session/cancel", { sessionId });
      expect((await prompt).stopReason).toBe("cancelled");
      expect(agentText(kit, sessionId).length).toBeLessThan("one two three four five six seven eight nine ten eleven twelve".length);

      mock.push(text("still here"));
      const next = await kit.connection.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "are you there?" }] });
      expect(next.stopReason).toBe("end_turn");
      expect(agentText(kit, sessionId)).toEndWith("still here");
    });
  });

  test("a permission request answered both ways: allowed, the call runs; rejected, it does not and the model is told; the mode switches from the editor", async () => {
    const cwd = project();
    let choice = "allow-once";
    const kit = startAcp({ cwd, env: userEnv(), mock, args: ["--permission-mode", "ask"], answer: () => ({ outcome: { outcome: "selected", optionId: choice } }) });
    await withKit(kit, async () => {
      await initialize(kit);
      const { sessionId, modes, configOptions } = await kit.connection.agent.request("session/new", { cwd, mcpServers: [] });
      expect(modes?.currentModeId).toBe("ask");
      expect(modes?.availableModes.map((m) => m.id)).toEqual(["auto", "ask", "read-only"]);
      expect(configOptions?.find((o) => o.id === "mode")).toMatchObject({ category: "mode", currentValue: "ask" });
      const ask = (text: string) => kit.connection.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text }] });
      const last = (id: string) => kit.updates(sessionId, "tool_call_update").filter((u) => "toolCallId" in u && u.toolCallId === id).at(-1);

      mock.push(callWithId("call_yes", "bash", { command: "touch allowed.txt" }), text("made it"));
      expect((await ask("make allowed.txt")).stopReason).toBe("end_turn");
      expect(kit.questions).toHaveLength(1);
      expect(kit.questions[0]).toMatchObject({ sessionId, toolCall: { toolCallId: "call_yes", kind: "execute" } });
      expect(kit.questions[0]!.options.map((o) => o.kind)).toEqual(["allow_once", "allow_always", "reject_once"]);
      expect(existsSync(join(cwd, "allowed.txt"))).toBe(true);
      expect(last("call_yes")).toMatchObject({ status: "completed" });

      choice = "reject";
      mock.push(callWithId("call_no", "bash", { command: "touch denied.txt" }), text("I will not, then."));
      await ask("make denied.txt");
      expect(kit.questions).toHaveLength(2);
      expect(existsSync(join(cwd, "denied.txt"))).toBe(false);
      expect(last("call_no")).toMatchObject({ status: "failed" });
      expect(JSON.stringify(mock.requests.at(-1)!.body.messages)).toContain("the user rejected this call");

      await kit.connection.agent.request("session/set_mode", { sessionId, modeId: "auto" });
      expect(kit.updates(sessionId, "current_mode_update")).toEqual([{ sessionUpdate: "current_mode_update", currentModeId: "auto" }]);
      mock.push(callWithId("call_auto", "bash", { command: "touch auto.txt" }), text("done"));
      await ask("make auto.txt");
      expect(kit.questions).toHaveLength(2);
      expect(existsSync(join(cwd, "auto.txt"))).toBe(true);
      const bad = await kit.connection.agent.request("session/set_mode", { sessionId, modeId: "yolo" }).catch((e: unknown) => e);
      expect((bad as RequestError).message).toContain("kit's permission modes are auto, ask, read-only");
    });
  });

  test("a stored session loads: its conversation is replayed before session/load answers, and the next prompt continues it", async () => {
    const cwd = project({ "readme.md": "# Demo\n" });
    const env = userEnv();
    const first = startAcp({ cwd, env, mock });
    const sessionId = await withKit(first, async () => {
      await initialize(first);
      const { sessionId } = await first.connection.agent.request("session/new", { cwd, mcpServers: [] });
      mock.push(callWithId("call_read", "read", { path: "readme.md" }), text("It is a demo."));
      await first.connection.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "what is this project?" }] });
      return sessionId;
    });

    const second = startAcp({ cwd, env, mock });
    await withKit(second, async () => {
      await initialize(second);
      const listed = await second.connection.agent.request("session/list", { cwd });
      expect(listed.sessions.map((s) => s.sessionId)).toEqual([sessionId]);
      await second.connection.agent.request("session/load", { sessionId, cwd, mcpServers: [] });
      // Replayed before the answer: nothing had to be waited for.
      const replay = second.updates(sessionId).filter((u) => u.sessionUpdate !== "available_commands_update");
      expect(replay[0]).toEqual({ sessionUpdate: "user_message_chunk", content: { type: "text", text: "what is this project?" } });
      expect(replay[1]).toMatchObject({ sessionUpdate: "tool_call", toolCallId: "call_read", kind: "read", title: "read: readme.md", status: "completed" });
      expect(JSON.stringify(replay[1])).toContain("# Demo");
      expect(replay.at(-1)).toEqual({ sessionUpdate: "agent_message_chunk", content: { type: "text", text: "It is a demo." } });

      mock.push(text("Yes, the same one."));
      await second.connection.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "still the same project?" }] });
      const sent = JSON.stringify(mock.requests.at(-1)!.body.messages);
      expect(sent).toContain("what is this project?");
      expect(sent).toContain("It is a demo.");
    });

    const unknown = startAcp({ cwd, env, mock });
    await withKit(unknown, async () => {
      await initialize(unknown);
      const error = await unknown.connection.agent.request("session/load", { sessionId: "0000dead", cwd, mcpServers: [] }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RequestError);
      expect((error as RequestError).code).toBe(-32602);
      expect((error as RequestError).message).toContain("no stored session has the id 0000dead");
    });
  });

  test("an MCP server passed by the client is connected for the session: its tools run and its prompts are slash commands", async () => {
    const cwd = project();
    const kit = startAcp({ cwd, env: userEnv(), mock });
    await withKit(kit, async () => {
      await initialize(kit);
      const { sessionId } = await kit.connection.agent.request("session/new", {
        cwd,
        mcpServers: [{ name: "ev", command: "node", args: [EVERYTHING, "stdio"], env: [] }],
      });
      await kit.waitForUpdate("the slash commands", sessionId, (u) => u.sessionUpdate === "available_commands_update");
      const commands = kit.updates(sessionId, "available_commands_update")[0];
      expect(commands?.sessionUpdate === "available_commands_update" && commands.availableCommands.map((c) => c.name)).toContain("ev:args-prompt");
      mock.push(callWithId("call_echo", "ev__echo", { message: "hello from the editor" }), text("echoed"));
      await kit.connection.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "echo something" }] });
      expect(mock.requests.at(-2)!.body.tools.map((t: { name: string }) => t.name)).toContain("ev__echo");
      const done = kit.updates(sessionId, "tool_call_update").filter((u) => "toolCallId" in u && u.toolCallId === "call_echo").at(-1);
      expect(done).toMatchObject({ status: "completed", content: [{ type: "content", content: { type: "text", text: "Echo: hello from the editor" } }] });
    });
  });

  test("with an editor's files and terminals: read sees its unsaved buffer, edit and write go into the editor with their diffs, bash runs in its terminal", async () => {
    const cwd = project({ "app.ts": "const greeting = 'hello';\n" });
    const file = join(cwd, "app.ts");
    const buffers = new Map([[file, "const greeting = 'hello, unsaved';\n"]]);
    const kit = startAcp({ cwd, env: userEnv(), mock, buffers, terminals: true });
    await withKit(kit, async () => {
      await initialize(kit);
      const { sessionId } = await kit.connection.agent.request("session/new", { cwd, mcpServers: [] });
      mock.push(
        callWithId("call_read", "read", { path: "app.ts" }),
        callWithId("call_edit", "edit", { path: "app.ts", old_text: "hello, unsaved", new_text: "bye" }),
        callWithId("call_write", "write", { path: "new.txt", content: "fresh\n" }),
        callWithId("call_bash", "bash", { command: "echo from the terminal; exit 3" }),
        text("done"),
      );
      await kit.connection.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "rename the greeting" }] });
      const last = (id: string) => kit.updates(sessionId, "tool_call_update").filter((u) => "toolCallId" in u && u.toolCallId === id).at(-1)!;

      // The model read the editor's text, not the disk's.
      const sent = JSON.stringify(mock.requests.at(-1)!.body.messages);
      expect(sent).toContain("hello, unsaved");
      // The edit and the new file went into the editor's buffers; the disk is the editor's to save.
      expect(buffers.get(file)).toBe("const greeting = 'bye';\n");
      expect(buffers.get(join(cwd, "new.txt"))).toBe("fresh\n");
      expect(readFileSync(file, "utf8")).toBe("const greeting = 'hello';\n");
      expect(existsSync(join(cwd, "new.txt"))).toBe(false);
      const firstContent = (id: string) => {
        const update = last(id);
        return update.sessionUpdate === "tool_call_update" ? [update.status, update.content?.[0]] : [];
      };
      expect(firstContent("call_edit")).toEqual(["completed", { type: "diff", path: file, oldText: "const greeting = 'hello, unsaved';\n", newText: "const greeting = 'bye';\n" }]);
      expect(firstContent("call_write")).toEqual(["completed", { type: "diff", path: join(cwd, "new.txt"), oldText: null, newText: "fresh\n" }]);

      // bash ran in the editor's terminal, shown in the call; the model got its output and exit code.
      expect(kit.terminalCommands).toEqual(["bash -c echo from the terminal; exit 3"]);
      expect(firstContent("call_bash")).toEqual(["failed", { type: "terminal", terminalId: "term-1" }]);
      expect(sent).toContain("from the terminal");
      expect(sent).toContain("Exit code: 3");
    });
  });

  test("a todo list the model writes with an extension's todo tool is shown as the plan", async () => {
    const cwd = project();
    const ext = join(
      project({
        "todos.ts": `export default function (kit) {
  kit.registerTool({ name: "todo_write", description: "Keeps the todo list", parameters: { type: "object", properties: { todos: { type: "array" } } }, execute: () => "saved" });
}
`,
      }),
      "todos.ts",
    );
    const kit = startAcp({ cwd, env: userEnv(), mock, args: ["-e", ext] });
    await withKit(kit, async () => {
      await initialize(kit);
      const { sessionId } = await kit.connection.agent.request("session/new", { cwd, mcpServers: [] });
      const todos = [
        { content: "Read the failing test", status: "completed" },
        { content: "Fix the parser", status: "in_progress", priority: "high" },
        { content: "Run the suite", status: "pending" },
      ];
      mock.push(callWithId("call_todo", "todo_write", { todos }), text("On it."));
      await kit.connection.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "fix the parser" }] });
      expect(kit.updates(sessionId, "plan")).toEqual([
        {
          sessionUpdate: "plan",
          entries: [
            { content: "Read the failing test", status: "completed", priority: "medium" },
            { content: "Fix the parser", status: "in_progress", priority: "high" },
            { content: "Run the suite", status: "pending", priority: "medium" },
          ],
        },
      ]);
    });
  });

  test("a prompt's image, linked file and embedded buffer reach the model; thinking streams as thought chunks; the model option switches the model", async () => {
    const cwd = project({ "spec.md": "# The spec\nEverything must be fast.\n" });
    const kit = startAcp({ cwd, env: userEnv(), mock });
    await withKit(kit, async () => {
      await initialize(kit);
      const { sessionId } = await kit.connection.agent.request("session/new", { cwd, mcpServers: [] });
      mock.push(text("Looks fine.", { reasoning: { text: "Checking the spec first.", signature: "sig" } }));
      await kit.connection.agent.request("session/prompt", {
        sessionId,
        prompt: [
          { type: "text", text: "does the screenshot match the spec?" },
          { type: "image", mimeType: "image/png", data: PNG },
          { type: "resource_link", uri: pathToFileURL(join(cwd, "spec.md")).href, name: "spec.md" },
          { type: "resource", resource: { uri: pathToFileURL(join(cwd, "draft.ts")).href, mimeType: "text/x-typescript", text: "export const unsaved = 1;\n" } },
        ],
      });
      const blocks = userBlocks(mock.requests.at(-1)!);
      const texts = blocks.filter((b) => b.type === "text").map((b) => b.text);
      expect(texts).toContain(`<file path="${join(cwd, "spec.md")}">\n# The spec\nEverything must be fast.\n</file>`);
      expect(texts).toContain(`<file path="${join(cwd, "draft.ts")}">\nexport const unsaved = 1;\n</file>`);
      expect(texts.at(-1)).toBe("does the screenshot match the spec?");
      expect(blocks.find((b) => b.type === "image")?.source).toMatchObject({ media_type: "image/png", data: PNG });
      expect(kit.updates(sessionId, "agent_thought_chunk").map((u) => (u.sessionUpdate === "agent_thought_chunk" && u.content.type === "text" ? u.content.text : "")).join("")).toBe(
        "Checking the spec first.",
      );

      const { configOptions } = await kit.connection.agent.request("session/set_config_option", { sessionId, configId: "model", value: "anthropic/claude-sonnet-4-5" });
      expect(configOptions.find((o) => o.id === "model")).toMatchObject({ currentValue: "anthropic/claude-sonnet-4-5" });
      mock.push(text("Switched."));
      await kit.connection.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "again" }] });
      expect(mock.requests.at(-1)!.body.model).toBe("claude-sonnet-4-5");
      const unknown = await kit.connection.agent.request("session/set_config_option", { sessionId, configId: "model", value: "anthropic/no-such-model" }).catch((e: unknown) => e);
      expect((unknown as RequestError).code).toBe(-32602);
      expect((unknown as RequestError).message).toContain('unknown model "anthropic/no-such-model"');
    });
  });

  test("each way a turn ends is its stop reason; a provider error is the prompt's JSON-RPC error with advice", async () => {
    const cwd = project();
    const kit = startAcp({ cwd, env: userEnv(), mock, args: ["--max-steps", "1"] });
    await withKit(kit, async () => {
      await initialize(kit);
      const { sessionId } = await kit.connection.agent.request("session/new", { cwd, mcpServers: [] });
      const ask = (text: string) => kit.connection.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text }] });
      mock.push(text("cut", { stopReason: "length" }));
      expect((await ask("write a long essay")).stopReason).toBe("max_tokens");
      mock.push(text("", { stopReason: "refusal" }));
      expect((await ask("something bad")).stopReason).toBe("refusal");
      mock.push(callWithId("call_ls", "ls", {}));
      expect((await ask("look around")).stopReason).toBe("max_turn_requests");
      mock.push(httpError(401, { message: "invalid x-api-key" }));
      const failed = await ask("hello").catch((e: unknown) => e);
      expect((failed as RequestError).code).toBe(-32603);
      expect((failed as RequestError).message).toContain("invalid x-api-key");
      expect((failed as RequestError).message).toContain("check the API key");
    });
  });

  test("an untrusted project's extensions are left out and the log says so; --trust-project loads them", async () => {
    const cwd = project({
      ".kit/extensions/project.ts": `export default function (kit) {
  kit.registerCommand({ name: "deploy", description: "Deploys", execute: () => "deployed" });
}
`,
    });
    const commandsOf = async (args: string[]) => {
      const kit = startAcp({ cwd, env: userEnv(), mock, args });
      return withKit(kit, async () => {
        await initialize(kit);
        const { sessionId } = await kit.connection.agent.request("session/new", { cwd, mcpServers: [] });
        await kit.waitForUpdate("the slash commands", sessionId, (u) => u.sessionUpdate === "available_commands_update");
        const update = kit.updates(sessionId, "available_commands_update")[0]!;
        return { names: update.sessionUpdate === "available_commands_update" ? update.availableCommands.map((c) => c.name) : [], log: kit.stderr.text };
      });
    };
    const untrusted = await commandsOf([]);
    expect(untrusted.names).not.toContain("deploy");
    expect(untrusted.log).toContain("skipped this project's extensions");
    expect(untrusted.log).toContain("kit trust");
    expect((await commandsOf(["--trust-project"])).names).toContain("deploy");
  });

  test("a malformed message is answered with a JSON-RPC error and kit goes on serving", async () => {
    const cwd = project();
    const kit = startAcp({ cwd, env: userEnv(), mock });
    await withKit(kit, async () => {
      kit.writeRaw("{this is not json\n");
      await waitUntil("the parse error", () => kit.stdout.text.includes('"id":null'));
      expect(stdoutMessages(kit)[0]).toEqual({ jsonrpc: "2.0", id: null, error: expect.objectContaining({ code: -32700 }) });

      await initialize(kit);
      const badParams = await kit.connection.agent.request("session/new", { cwd: "relative/dir", mcpServers: [] }).catch((e: unknown) => e);
      expect((badParams as RequestError).code).toBe(-32602);
      expect((badParams as RequestError).message).toContain("cwd must be an absolute path");
      const unknown = await kit.connection.agent.request("session/frobnicate", {}).catch((e: unknown) => e);
      expect((unknown as RequestError).code).toBe(-32601);

      const { sessionId } = await kit.connection.agent.request("session/new", { cwd, mcpServers: [] });
      expect(sessionId).toBeString();
    });
    expect(kit.stderr.text).not.toContain("    at ");
  });

  test("nothing but JSON-RPC goes to stdout: an extension's console output and kit's notices go to stderr", async () => {
    const cwd = project();
    const ext = join(project({
      "noisy.ts": `export default function (kit) {
  kit.on("session_start", () => { console.log("NOISY hello from session_start"); process.stdout.write("RAW write\\n"); });
  kit.registerCommand({ name: "shout", description: "Shouts", execute: async (args) => { console.log("NOISY in command"); return "SHOUTED " + args; } });
}
`,
    }), "noisy.ts");
    const kit = startAcp({ cwd, env: userEnv(), mock, args: ["-e", ext] });
    await withKit(kit, async () => {
      await initialize(kit);
      const { sessionId } = await kit.connection.agent.request("session/new", { cwd, mcpServers: [] });
      await kit.waitForUpdate("the slash commands", sessionId, (u) => u.sessionUpdate === "available_commands_update");
      const commands = kit.updates(sessionId, "available_commands_update")[0];
      expect(commands?.sessionUpdate === "available_commands_update" && commands.availableCommands).toContainEqual({ name: "shout", description: "Shouts" });
      // Advertised after session/new answered: the editor knows the session by then.
      const lines = stdoutMessages(kit) as { result?: { sessionId?: string }; params?: { update?: { sessionUpdate?: string } } }[];
      const answered = lines.findIndex((m) => m.result?.sessionId === sessionId);
      expect(answered).toBeGreaterThanOrEqual(0);
      expect(lines.findIndex((m) => m.params?.update?.sessionUpdate === "available_commands_update")).toBeGreaterThan(answered);
      const answer = await kit.connection.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text: "/shout hey" }] });
      expect(answer.stopReason).toBe("end_turn");
      expect(agentText(kit, sessionId)).toBe("SHOUTED hey\n");
      await kit.stderr.waitFor("the extension's console output", (t) => t.includes("NOISY in command"));
    });
    expect(() => stdoutMessages(kit)).not.toThrow();
    expect(kit.stdout.text).not.toContain("NOISY");
    expect(kit.stderr.text).toContain("NOISY hello from session_start");
    expect(kit.stderr.text).toContain("RAW write");
  });

  test("kit acp takes no prompt: a word after it is a usage error saying why", async () => {
    const r = await runKit(["acp", "fix", "the", "tests"], { cwd: project(), env: userEnv() });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("kit acp takes no prompt");
    expect(r.stdout).toBe("");
  });

  describe("kit's own slash commands", () => {
    /** The agent's text of a session from the `from`th chunk on: what one prompt answered. */
    const answerSince = (kit: AcpKit, sessionId: string, from: string) => agentText(kit, sessionId).slice(from.length);
    const prompt = (kit: AcpKit, sessionId: string, text: string) => kit.connection.agent.request("session/prompt", { sessionId, prompt: [{ type: "text", text }] });

    test("/compact, /usage and /name are advertised; /usage answers with the session's figures and /name shows in `kit sessions list`", async () => {
      const cwd = project();
      const env = userEnv();
      const kit = startAcp({ cwd, env, mock });
      await withKit(kit, async () => {
        await initialize(kit);
        const { sessionId } = await kit.connection.agent.request("session/new", { cwd, mcpServers: [] });
        await kit.waitForUpdate("the slash commands", sessionId, (u) => u.sessionUpdate === "available_commands_update");
        const update = kit.updates(sessionId, "available_commands_update")[0]!;
        const names = update.sessionUpdate === "available_commands_update" ? update.availableCommands.map((c) => c.name) : [];
        expect(names).toEqual(expect.arrayContaining(["compact", "usage", "name"]));

        mock.push(text("First answer."));
        await prompt(kit, sessionId, "first question");
        const requests = mock.requests.length;
        let before = agentText(kit, sessionId);
        expect(await prompt(kit, sessionId, "/usage")).toMatchObject({ stopReason: "end_turn" });
        const usage = answerSince(kit, sessionId, before);
        expect(usage).toMatch(/^Requests +1$/m);
        expect(usage).toMatch(/^Input tokens +\d/m);
        expect(usage).toMatch(/^Context +about \d+ of [\d.]+k \(\d+%\) in 2 messages$/m);

        before = agentText(kit, sessionId);
        await prompt(kit, sessionId, "/name release checklist");
        expect(answerSince(kit, sessionId, before)).toBe('Session named "release checklist".\n');
        expect(mock.requests.length).toBe(requests);
      });
      const sessions = await runKit(["sessions", "list"], { cwd, env });
      expect(sessions.stdout).toContain("release checklist");
    });

    test("/compact after a turn summarises: the editor is told, and the next request starts from the summary", async () => {
      const cwd = project();
      const kit = startAcp({ cwd, env: userEnv(), mock });
      await withKit(kit, async () => {
        await initialize(kit);
        const { sessionId } = await kit.connection.agent.request("session/new", { cwd, mcpServers: [] });
        // A first answer longer than what compaction keeps verbatim (about 20,000 tokens), so there is something to summarise.
        const long = Array.from({ length: 1500 }, (_, i) => `Detail ${i} of the long first answer, with enough words to count.`).join("\n");
        let before = agentText(kit, sessionId);
        expect(await prompt(kit, sessionId, "/compact")).toMatchObject({ stopReason: "end_turn" });
        expect(answerSince(kit, sessionId, before)).toStartWith("nothing to compact");

        mock.push(text(long, { chunkSize: 4000 }), text("Short second answer."), text("SUMMARY: the user asked a first question."), text("Third answer."));
        await prompt(kit, sessionId, "first question");
        await prompt(kit, sessionId, "second question");
        before = agentText(kit, sessionId);
        await prompt(kit, sessionId, "/compact keep it short");
        expect(answerSince(kit, sessionId, before)).toMatch(/^Compacted the conversation: about \d+ → \d+ tokens\.\n$/);
        expect(JSON.stringify(mock.requests.at(-1)!.body.messages)).toContain("keep it short");
        await prompt(kit, sessionId, "third question");
        const sent = mock.requests.at(-1)!.body.messages;
        expect(JSON.stringify(sent[0])).toContain("SUMMARY: the user asked a first question.");
        expect(JSON.stringify(sent).includes('"text":"first question"')).toBe(false);
      });
    });

    test("an unknown /command is answered with what to do, and nothing is sent to the model", async () => {
      const cwd = project();
      const kit = startAcp({ cwd, env: userEnv(), mock });
      await withKit(kit, async () => {
        await initialize(kit);
        const { sessionId } = await kit.connection.agent.request("session/new", { cwd, mcpServers: [] });
        const requests = mock.requests.length;
        expect(await prompt(kit, sessionId, "/usgae")).toMatchObject({ stopReason: "end_turn" });
        expect(agentText(kit, sessionId)).toContain("unknown command /usgae, did you mean /usage?");
        const before = agentText(kit, sessionId);
        await prompt(kit, sessionId, "/frobnicate now");
        expect(answerSince(kit, sessionId, before)).toContain("unknown command /frobnicate; the editor's / menu lists the commands. To send a message that starts with /, begin it with // or a space.");
        expect(mock.requests.length).toBe(requests);
        // The escape sends it as it was meant.
        mock.push(text("Sent."));
        await prompt(kit, sessionId, "//frobnicate now");
        expect(mock.requests.length).toBe(requests + 1);
        expect(JSON.stringify(mock.requests.at(-1)!.body.messages)).toContain("/frobnicate now");
      });
    });
  });
});
