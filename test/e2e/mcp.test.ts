/**
 * MCP servers through the built binary, headless, against the scripted provider: the reference
 * server's tools called over stdio and streamable HTTP with their real results in the next request,
 * a prompt as a slash command, a resource attached, progress streamed and a call cancelled, and
 * misbehaving servers that leave the run working with a clear message.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { KIT_BIN } from "../support/kit-process.ts";
import { startMockLLM, text, toolCall, type MockLLM } from "../support/mock-llm.ts";
import { conversation, extension, lastToolResults, MODEL, REC, runWith, tagged, tempDir, toolNames, userEnv } from "./extension-runs.ts";
import { jsonLines, LiveOutput } from "./headless-support.ts";
import { fixtureServer, everythingStdio, exitsAtOnce, hangs, mcpConfig, startEverythingHttp } from "./mcp-support.ts";
import { waitUntil } from "../support/process-facts.ts";

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

const EV = { ev: { type: "local", command: everythingStdio() } };

describe("tools", () => {
  test("a stdio server's echo and get-sum are offered as ev__<tool> and their real results reach the model", async () => {
    const cwd = tempDir({ ".kit.yml": mcpConfig(EV, "# the project's servers\n") });
    const r = await runWith(mock, {
      exts: [],
      cwd,
      args: ["use the tools"],
      steps: [
        toolCall("ev__echo", { message: "hello from kit" }),
        toolCall("ev__get-sum", { a: 2, b: 40 }),
        toolCall("ev__get-sum", { a: "two", b: 40 }),
        text("done"),
      ],
    });
    expect(r.stderr).not.toContain("MCP server");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("done");
    expect(toolNames(r.requests[0]!)).toEqual(expect.arrayContaining(["ev__echo", "ev__get-sum", "read"]));
    expect(lastToolResults(r.requests[1]!)).toEqual([{ content: "Echo: hello from kit", is_error: false }]);
    expect(lastToolResults(r.requests[2]!)).toEqual([{ content: "The sum of 2 and 40 is 42.", is_error: false }]);
    // The server's JSON Schema is checked by kit's tool gate before the call reaches the server.
    const [invalid] = lastToolResults(r.requests[3]!);
    expect(invalid!.is_error).toBe(true);
    expect(invalid!.content).toContain('"a" must be number');
  }, 60_000);

  test("a remote server over streamable HTTP, from a Claude Code .mcp.json given with --mcp-config", async () => {
    const server = await startEverythingHttp();
    try {
      const cwd = tempDir({ ".mcp.json": JSON.stringify({ mcpServers: { web: { type: "http", url: server.url, headers: { "X-Api-Key": "sekrit" } } } }) });
      const r = await runWith(mock, {
        exts: [],
        cwd,
        args: ["--mcp-config", ".mcp.json", "echo over http"],
        steps: [toolCall("web__echo", { message: "over the wire" }), text("ok")],
      });
      expect(r.stderr).not.toContain("MCP server");
      expect(r.exitCode).toBe(0);
      expect(lastToolResults(r.requests[1]!)).toEqual([{ content: "Echo: over the wire", is_error: false }]);
    } finally {
      await server.stop();
    }
  }, 60_000);

  test("tools/list_changed: a tool the server adds mid-turn is offered, and runs, from the next step", async () => {
    const cwd = tempDir({ ".kit.yml": mcpConfig({ fx: { type: "local", command: fixtureServer() } }) });
    const r = await runWith(mock, {
      exts: [],
      cwd,
      args: ["unlock it"],
      steps: [toolCall("fx__unlock", {}), toolCall("fx__secret", {}), text("done")],
    });
    expect(r.exitCode).toBe(0);
    expect(toolNames(r.requests[0]!)).not.toContain("fx__secret");
    expect(toolNames(r.requests[1]!)).toContain("fx__secret");
    expect(lastToolResults(r.requests[2]!)).toEqual([{ content: "the secret is 42", is_error: false }]);
  }, 60_000);

  test("allowedTools limits the offered tools; --no-mcp starts none", async () => {
    const cwd = tempDir({ ".kit.yml": mcpConfig({ ev: { ...EV.ev, allowedTools: ["echo", "get-sum"], excludedTools: ["get-sum"] } }) });
    const limited = await runWith(mock, { exts: [], cwd, args: ["hi"], steps: [text("a")] });
    expect(toolNames(limited.requests[0]!).filter((n) => n.startsWith("ev__"))).toEqual(["ev__echo"]);
    const none = await runWith(mock, { exts: [], cwd, args: ["--no-mcp", "hi"], steps: [text("b")] });
    expect(toolNames(none.requests[0]!).some((n) => n.startsWith("ev__"))).toBe(false);
  }, 60_000);

  test("a server's progress streams as tool_output, and Ctrl+C cancels the call and ends the run at once", async () => {
    const cwd = tempDir({ ".kit.yml": mcpConfig(EV) });
    mock.push(toolCall("ev__trigger-long-running-operation", { duration: 60, steps: 60 }));
    const proc = Bun.spawn(
      [KIT_BIN, "--trust-project", "--provider-url", mock.url, "--model", MODEL, "--no-session", "--output", "stream-json", "run the long operation"],
      { cwd, env: userEnv(), stdin: "ignore", stdout: "pipe", stderr: "pipe" },
    );
    const out = new LiveOutput(proc.stdout);
    await out.waitFor("a progress line", (t) => /"type":"tool_output".*progress 1\/60/.test(t), 30_000);
    const interruptedAt = Date.now();
    proc.kill("SIGINT");
    expect(await proc.exited).toBe(130);
    await out.done;
    // The operation had 59 s to go: the run did not wait for it.
    expect(Date.now() - interruptedAt).toBeLessThan(10_000);
    const result = jsonLines(out.text).at(-1)!;
    expect(result.stop_reason).toBe("cancelled");
  }, 60_000);
});

test("cancelling the turn sends the server notifications/cancelled for its running call", async () => {
  const cwd = tempDir({ ".kit.yml": mcpConfig({ fx: { type: "local", command: fixtureServer() } }) });
  const cancelLog = join(cwd, "cancel.log");
  mock.push(toolCall("fx__wait", {}));
  const proc = Bun.spawn([KIT_BIN, "--trust-project", "--provider-url", mock.url, "--model", MODEL, "--no-session", "--output", "stream-json", "wait"], {
    cwd,
    env: userEnv({ CANCEL_LOG: cancelLog }),
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const out = new LiveOutput(proc.stdout);
  await out.waitFor("the call's progress", (t) => t.includes("progress 1: waiting"), 30_000);
  proc.kill("SIGINT");
  expect(await proc.exited).toBe(130);
  await waitUntil("the server to see the cancellation", () => existsSync(cancelLog));
}, 60_000);

describe("prompts and resources", () => {
  test("/<server>:<prompt> args runs the server's prompt as the user message (headless)", async () => {
    const cwd = tempDir({ ".kit.yml": mcpConfig(EV) });
    const r = await runWith(mock, { exts: [], cwd, args: ["/ev:args-prompt Paris"], steps: [text("sunny")] });
    expect(r.exitCode).toBe(0);
    expect(conversation(r.requests[0]!).at(-1)!.text).toContain("What's weather in Paris?");
  }, 60_000);

  test("a prompt missing its required argument is a usage error naming it; nothing is sent", async () => {
    const cwd = tempDir({ ".kit.yml": mcpConfig(EV) });
    const r = await runWith(mock, { exts: [], cwd, args: ["/ev:args-prompt"] });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("/ev:args-prompt needs city");
    expect(r.requests).toHaveLength(0);
  }, 60_000);

  test("@mcp:<server>:<uri> attaches the resource before the prompt", async () => {
    const cwd = tempDir({ ".kit.yml": mcpConfig(EV) });
    const uri = "demo://resource/static/document/architecture.md";
    const r = await runWith(mock, { exts: [], cwd, args: [`summarize @mcp:ev:${uri}`], steps: [text("summary")] });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).not.toContain("no such file");
    const sent = JSON.stringify(r.requests[0]!.body.messages);
    expect(sent).toContain(`<resource uri=\\"${uri}\\">`);
    expect(sent).toContain("Architecture");
  }, 60_000);
});

describe("misbehaving servers", () => {
  test("a server that exits at once and one that never answers are reported with their names, and the run goes on", async () => {
    const cwd = tempDir({
      ".kit.yml": mcpConfig({ broken: { type: "local", command: exitsAtOnce() }, stuck: { type: "local", command: hangs() } }, "mcp-startup-timeout: 2\n"),
    });
    const r = await runWith(mock, { exts: [], cwd, args: ["hi"], steps: [text("answered anyway")] });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("answered anyway");
    expect(r.stderr).toContain("MCP server broken could not start");
    expect(r.stderr).toContain("fatal: EXAMPLE_TOKEN is not set");
    expect(r.stderr).toContain("MCP server stuck did not start within 2 s; running without it");
  }, 60_000);

  test("a server that crashes mid-call gives an error result with its stderr, is reported once, and is started again on its next use", async () => {
    const cwd = tempDir({ ".kit.yml": mcpConfig({ crashy: { type: "local", command: fixtureServer() } }) });
    const r = await runWith(mock, {
      exts: [],
      cwd,
      args: ["try the tools"],
      steps: [toolCall("crashy__crash", {}), toolCall("crashy__ok", {}), text("finished anyway")],
    });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("finished anyway");
    expect(r.stderr.match(/MCP server crashy exited/g)).toHaveLength(1);
    expect(r.stderr).toContain("segfault in native module (simulated)");
    const [crash] = lastToolResults(r.requests[1]!);
    expect(crash!.is_error).toBe(true);
    expect(crash!.content).toContain("MCP server crashy exited");
    expect(lastToolResults(r.requests[2]!)).toEqual([{ content: "still alive", is_error: false }]);
  }, 60_000);

  test("a malformed mcpServers entry is a usage error that names it and says what to write", async () => {
    const cwd = tempDir({ ".kit.yml": mcpConfig({ bad: { type: "local", command: [] } }) });
    const r = await runWith(mock, { exts: [], cwd, args: ["hi"] });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("mcpServers.bad.command must be the server's command line");
    expect(r.requests).toHaveLength(0);
  });
});

describe("server requests and extensions", () => {
  test("roots advertise the working directory, sampling goes to the current model, elicitation is declined headless", async () => {
    const cwd = tempDir({ ".kit.yml": mcpConfig(EV) });
    const r = await runWith(mock, {
      exts: [],
      cwd,
      args: ["exercise the server"],
      steps: [
        toolCall("ev__get-roots-list", {}),
        toolCall("ev__trigger-sampling-request", { prompt: "write a haiku", maxTokens: 50 }),
        text("an old silent pond"),
        toolCall("ev__trigger-elicitation-request", {}),
        text("done"),
      ],
    });
    expect(r.exitCode).toBe(0);
    expect(lastToolResults(r.requests[1]!)[0]!.content).toContain(`file://${cwd}`);
    // The sampling request is a model call of its own, with the server's prompt and no tools.
    expect(conversation(r.requests[2]!).at(-1)!.text).toContain("write a haiku");
    expect(toolNames(r.requests[2]!)).toEqual([]);
    expect(lastToolResults(r.requests[3]!)[0]!.content).toContain("an old silent pond");
    expect(lastToolResults(r.requests[4]!)[0]!.content).toMatch(/decline/i);
  }, 60_000);

  test("extensions see MCP tools in ctx.getAllTools, list the servers and call a tool directly", async () => {
    const cwd = tempDir({ ".kit.yml": mcpConfig(EV) });
    const ext = extension(`${REC}
export default (kit: ExtensionAPI) => {
  kit.registerCommand({ name: "mcpinfo", description: "MCP state", execute: async (_args, ctx) => {
    rec(ctx, "tools", ctx.getAllTools().filter((t) => t.source === "mcp").map((t) => t.name).sort().slice(0, 2));
    rec(ctx, "servers", ctx.listMcpServers().map((s) => ({ name: s.name, state: s.state, prompts: s.prompts })));
    rec(ctx, "sum", await ctx.callMcpTool("ev", "get-sum", { a: 20, b: 22 }));
    return "inspected";
  } });
};
`);
    const r = await runWith(mock, { exts: [ext], cwd, args: ["/mcpinfo"] });
    expect(r.exitCode).toBe(0);
    expect(tagged(r.stderr, "tools")).toEqual([["ev__echo", "ev__get-annotated-message"]]);
    expect(tagged(r.stderr, "servers")).toEqual([[{ name: "ev", state: "connected", prompts: 4 }]]);
    expect(tagged(r.stderr, "sum")).toEqual([{ content: "The sum of 20 and 22 is 42.", isError: false }]);
  }, 60_000);
});
