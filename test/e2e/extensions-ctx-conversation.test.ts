/**
 * The Context in a headless run of the built binary, part 1: output (print, printInfo, printError in
 * every output format) and conversation control (sendMessage, cancelAndSend, steer, abort, isIdle, exit,
 * custom events), checked in stdout/stderr, the requests kit sent and the exit code.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { startMockLLM, text, toolCall, type MockLLM } from "../support/mock-llm.ts";
import { jsonLines } from "./headless-support.ts";
import { conversation, errorLines, extension, lastToolResults, REC, runWith, tagged, tempDir } from "./extension-runs.ts";

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

describe("print, printInfo, printError", () => {
  const PRINTER = `${REC}
export default (kit: ExtensionAPI) => kit.onAgentEnd((_e, ctx) => {
  ctx.print("report: all good");
  ctx.printInfo("took a while");
  ctx.printError("but something broke");
});
`;

  test("text: print → stdout after the answer; printInfo → stderr \"[info] …\"; printError → stderr \"[error] …\"", async () => {
    const run = await runWith(mock, { exts: [extension(PRINTER)], args: ["hi"], steps: [text("hello")] });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe("hello\nreport: all good\n");
    expect(run.stderr.split("\n")).toContain("[info] took a while");
    expect(errorLines(run.stderr)).toEqual(["but something broke"]);
  });

  test("--quiet: print still goes to stdout and printError to stderr; printInfo is dropped", async () => {
    const run = await runWith(mock, { exts: [extension(PRINTER)], args: ["--quiet", "hi"], steps: [text("hello")] });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain("report: all good\n");
    expect(run.stdout).toContain("hello\n");
    expect(run.stderr).toBe("[error] but something broke\n");
  });

  test("--json: stdout stays one JSON object; prints go to stderr", async () => {
    const run = await runWith(mock, { exts: [extension(PRINTER)], args: ["--json", "hi"], steps: [text("hello")] });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout).response).toBe("hello");
    expect(run.stderr).toContain("report: all good\n");
    expect(run.stderr).toContain("[info] took a while\n");
    expect(run.stderr).toContain("[error] but something broke\n");
  });

  test("stream-json: print is a `print` event among the JSON lines", async () => {
    const run = await runWith(mock, { exts: [extension(PRINTER)], args: ["--output", "stream-json", "hi"], steps: [text("hello")] });
    expect(run.exitCode).toBe(0);
    const events = jsonLines(run.stdout);
    expect(events).toContainEqual({ type: "print", v: 1, text: "report: all good" });
    expect(events.at(-1)!.type).toBe("result");
    expect(run.stderr).toContain("[error] but something broke\n");
  });
});

describe("interactive members in a headless run", () => {
  test("UI calls do nothing, prompts resolve cancelled, printBlock prints, newSession rejects", async () => {
    const ext = extension(`${REC}
export default (kit: ExtensionAPI) => kit.onAgentEnd(async (_e, ctx) => {
  ctx.setWidget({ id: "w", content: { text: "widget" } });
  ctx.setStatus("k", "status");
  ctx.setFooter({ content: { text: "footer" } });
  ctx.printBlock({ text: "block body", subtitle: "Block title" });
  rec(ctx, "prompts", [
    await ctx.promptSelect({ message: "pick", options: ["a", "b"] }),
    await ctx.promptConfirm({ message: "sure?" }),
    await ctx.promptInput({ message: "name?" }),
  ]);
  try { await ctx.newSession("fresh"); rec(ctx, "newSession", "resolved"); } catch (err) { rec(ctx, "newSession", (err as Error).message); }
});
`);
    const run = await runWith(mock, { exts: [ext], args: ["hi"], steps: [text("hello")] });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe("hello\nBlock title\nblock body\n");
    expect(run.stdout + run.stderr).not.toContain("widget");
    expect(tagged(run.stderr, "prompts")).toEqual([
      [
        { cancelled: true, value: "", index: -1 },
        { cancelled: true, value: false },
        { cancelled: true, value: "" },
      ],
    ]);
    expect(tagged(run.stderr, "newSession")[0]).toContain("headless");
    expect(run.requests).toHaveLength(1);
  });
});

describe("conversation control", () => {
  test("sendMessage queues a follow-up turn (even from an async handler); input says source \"extension\"; agent_end is per turn", async () => {
    const ext = extension(`${REC}
let turns = 0;
export default (kit: ExtensionAPI) => {
  kit.onInput((e, ctx) => rec(ctx, "input", e));
  kit.onAgentEnd(async (e, ctx) => {
    rec(ctx, "end", { response: e.response, llmCallCount: e.llmCallCount, toolNames: e.toolNames });
    await new Promise((r) => setTimeout(r, 50));
    if (++turns === 1) ctx.sendMessage("now check the tests");
  });
};
`);
    const run = await runWith(mock, {
      exts: [ext],
      args: ["fix the build"],
      steps: [toolCall("ls", { path: "." }), text("fixed"), text("tests pass")],
    });
    expect(run.exitCode).toBe(0);
    expect(run.requests).toHaveLength(3);
    expect(tagged(run.stderr, "input")).toEqual([
      { text: "fix the build", source: "cli" },
      { text: "now check the tests", source: "extension" },
    ]);
    // The follow-up continues the same conversation.
    expect(conversation(run.requests[2]!).map((m) => m.role)).toEqual(["user", "assistant", "user", "assistant", "user"]);
    expect(conversation(run.requests[2]!).at(-1)!.text).toBe("now check the tests");
    expect(tagged(run.stderr, "end")).toEqual([
      { response: "fixed", llmCallCount: 2, toolNames: ["ls"] },
      { response: "tests pass", llmCallCount: 1, toolNames: [] },
    ]);
    expect(run.stdout).toContain("tests pass");
  });

  test("steer sends into the running turn: the call after the tool sees it (input says source \"steer\"); when idle it is sent as a follow-up", async () => {
    const ext = extension(`${REC}
export default (kit: ExtensionAPI) => {
  kit.onInput((e, ctx) => rec(ctx, "input", e));
  kit.onToolExecutionStart((_e, ctx) => ctx.steer("mind the tests"));
  kit.onAgentEnd((_e, ctx) => { if (!ctx.getMessages().some((m) => m.content.includes("and after"))) ctx.steer("and after"); });
};
`);
    const run = await runWith(mock, { exts: [ext], args: ["fix the build"], steps: [toolCall("ls", { path: "." }), text("fixed"), text("noted")] });
    expect(run.exitCode).toBe(0);
    expect(run.requests).toHaveLength(3);
    expect(tagged(run.stderr, "input")).toEqual([
      { text: "fix the build", source: "cli" },
      { text: "mind the tests", source: "steer" },
      { text: "and after", source: "extension" },
    ]);
    // After the tool's result, in the same turn.
    expect(conversation(run.requests[1]!).at(-1)!.text).toContain("mind the tests");
    expect(conversation(run.requests[0]!).map((m) => m.text).join()).not.toContain("mind the tests");
    expect(conversation(run.requests[2]!).at(-1)!.text).toBe("and after");
  });

  test("cancelAndSend cancels the running turn, drops queued messages, and starts a turn with its text", async () => {
    const ext = extension(`${REC}
export default (kit: ExtensionAPI) => {
  kit.registerTool({
    name: "wait_for_cancel",
    description: "waits until the turn is cancelled",
    parameters: { type: "object", properties: {} },
    execute: (_args, tc) => new Promise<string>((resolve) => {
      tc.ctx.sendMessage("stale follow-up");
      tc.signal.addEventListener("abort", () => resolve("stopped: " + tc.isCancelled()));
      tc.ctx.cancelAndSend("change of plan: just say hi");
    }),
  });
  kit.onInput((e, ctx) => rec(ctx, "input", e.text));
};
`);
    const run = await runWith(mock, {
      exts: [ext],
      args: ["start the long job"],
      steps: [toolCall("wait_for_cancel", {}), text("hi")],
    });
    expect(run.exitCode).toBe(0);
    expect(run.requests).toHaveLength(2);
    expect(tagged(run.stderr, "input")).toEqual(["start the long job", "change of plan: just say hi"]);
    const second = conversation(run.requests[1]!);
    expect(second.at(-1)!.text).toContain("change of plan: just say hi");
    expect(JSON.stringify(run.requests[1]!.body)).not.toContain("stale follow-up");
    expect(run.stdout).toContain("hi\n");
  });

  test("abort cancels the turn: no further model call, exit code 130", async () => {
    const cwd = tempDir();
    const ext = extension(`${REC}
export default (kit: ExtensionAPI) => kit.onToolCall((e, ctx) => { if (e.toolName === "bash") ctx.abort(); });
`);
    const run = await runWith(mock, { exts: [ext], cwd, args: ["go"], steps: [toolCall("bash", { command: "touch ran" })] });
    expect(run.exitCode).toBe(130);
    expect(run.requests).toHaveLength(1);
    expect(await Bun.file(`${cwd}/ran`).exists()).toBe(false);
    expect(run.stderr).toContain("interrupted");
  });

  test("isIdle: true outside a turn (session_start, commands), false while one runs", async () => {
    const ext = extension(`${REC}
export default (kit: ExtensionAPI) => {
  kit.onSessionStart((_e, ctx) => rec(ctx, "session_start", ctx.isIdle()));
  kit.onInput((_e, ctx) => rec(ctx, "input", ctx.isIdle()));
  kit.onToolCall((_e, ctx) => rec(ctx, "tool_call", ctx.isIdle()));
  kit.registerTool({ name: "probe", description: "probe", parameters: {}, execute: (_a, tc) => String(tc.ctx.isIdle()) });
};
`);
    const run = await runWith(mock, { exts: [ext], args: ["go"], steps: [toolCall("probe", {}), text("ok")] });
    expect(run.exitCode).toBe(0);
    expect(tagged(run.stderr, "session_start")).toEqual([true]);
    expect(tagged(run.stderr, "input")).toEqual([true]);
    expect(tagged(run.stderr, "tool_call")).toEqual([false]);
    expect(lastToolResults(run.requests[1]!)[0]!.content).toBe("false");
  });

  test("exit: queued follow-ups do not run; the run ends after the current turn", async () => {
    const ext = extension(`${REC}
export default (kit: ExtensionAPI) => kit.onAgentEnd((_e, ctx) => {
  ctx.sendMessage("one more thing");
  ctx.exit();
});
`);
    const run = await runWith(mock, { exts: [ext], args: ["go"], steps: [text("done")] });
    expect(run.exitCode).toBe(0);
    expect(run.requests).toHaveLength(1);
    expect(run.stdout).toBe("done\n");
  });

  test("exit from a command: nothing the command queued runs", async () => {
    const ext = extension(`${REC}
export default (kit: ExtensionAPI) => kit.registerCommand({
  name: "bye",
  description: "leave",
  execute: (_args, ctx) => { ctx.sendMessage("never sent"); ctx.exit(); return "bye"; },
});
`);
    const run = await runWith(mock, { exts: [ext], args: ["/bye"] });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe("bye\n");
    expect(run.requests).toHaveLength(0);
  });
});

describe("custom events", () => {
  test("emitCustomEvent reaches onCustomEvent handlers of every extension, with its data, in load order", async () => {
    const emitter = extension(`${REC}
export default (kit: ExtensionAPI) => {
  kit.onToolCall((e, ctx) => { ctx.emitCustomEvent("audit", { tool: e.toolName, args: e.args }); });
  kit.onCustomEvent("audit", (data, ctx) => rec(ctx, "emitter-heard", data));
};
`);
    const listener = extension(`${REC}
export default (kit: ExtensionAPI) => {
  kit.onCustomEvent("audit", (data, ctx) => rec(ctx, "listener-heard", data));
  kit.onCustomEvent("other", (data, ctx) => rec(ctx, "wrong", data));
};
`);
    const run = await runWith(mock, { exts: [emitter, listener], args: ["go"], steps: [toolCall("ls", { path: "." }), text("ok")] });
    expect(run.exitCode).toBe(0);
    expect(tagged(run.stderr, "emitter-heard")).toEqual([{ tool: "ls", args: { path: "." } }]);
    expect(tagged(run.stderr, "listener-heard")).toEqual([{ tool: "ls", args: { path: "." } }]);
    expect(tagged(run.stderr, "wrong")).toEqual([]);
  });

  test("a throwing custom-event handler is reported naming its file; the emitter and the run go on", async () => {
    const emitter = extension(`${REC}
export default (kit: ExtensionAPI) => kit.onAgentStart((_e, ctx) => { ctx.emitCustomEvent("ping"); rec(ctx, "emitted"); });
`);
    const broken = extension(
      `${REC}
export default (kit: ExtensionAPI) => kit.onCustomEvent("ping", () => { throw new Error("listener blew up"); });
`,
      "listener.ts",
    );
    const run = await runWith(mock, { exts: [emitter, broken], args: ["go"], steps: [text("fine")] });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe("fine\n");
    expect(tagged(run.stderr, "emitted")).toEqual([null]);
    const [line] = errorLines(run.stderr);
    expect(line).toContain(broken);
    expect(line).toContain("custom:ping");
    expect(line).toContain("listener blew up");
  });
});
