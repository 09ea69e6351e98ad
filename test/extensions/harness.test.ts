/**
 * The kit/test harness from source: loading through the real loader (files, source text, load errors),
 * dispatch through the real runner (chains, fail-closed tool_call, notifications, custom events),
 * tools, commands, shortcuts, registrations, reload, and kit/test as a module extensions can import.
 */
import { beforeEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { createHarness } from "../../src/extensions/harness/index.ts";
import { LOG, resetLog, tempDir, writeFiles } from "./helpers.ts";

let log: unknown[];
beforeEach(() => {
  log = resetLog();
});

const GUARD = `import type { ExtensionAPI } from "kit/ext";
export default function init(kit: ExtensionAPI) {
  kit.onToolCall((e) => {
    if (e.toolName === "bash" && String(e.args?.command ?? "").includes("rm -rf")) return { block: true, reason: "Dangerous command" };
  });
}
`;

describe("load", () => {
  test("loads a file through the real loader, relative to the harness cwd", async () => {
    const dir = tempDir();
    writeFiles(dir, { "guard.ts": GUARD, "nested/helper.ts": `export const NAME = "helped";\n`, "nested/ext.ts": `import { NAME } from "./helper.ts";\nexport default (kit: any) => kit.registerCommand({ name: NAME, description: "d", execute: () => NAME });\n` });
    const h = await createHarness({ cwd: dir }).load("nested/ext.ts");
    expect(h.commands()).toEqual(["helped"]);
    expect(await h.runCommand("helped")).toBe("helped");
    // load() resolves to the harness itself, so it chains.
    const g = createHarness({ cwd: dir });
    expect(await g.load("./guard.ts")).toBe(g);
    expect(g.hasHandlers("tool_call")).toBe(true);
  });

  test("a second load replaces what was loaded before", async () => {
    const h = createHarness();
    await h.loadString(`export default (kit: any) => { kit.registerCommand({ name: "first", description: "", execute: () => "1" }); kit.onInput(() => {}); };`);
    expect(h.commands()).toEqual(["first"]);
    await h.loadString(`export default (kit: any) => kit.registerTool({ name: "second", description: "", parameters: {}, execute: () => "2" });`);
    expect(h.commands()).toEqual([]);
    expect(h.tools()).toEqual(["second"]);
    expect(h.hasHandlers("input")).toBe(false);
  });

  test("loadString names the temporary file as asked and removes it afterwards", async () => {
    const h = await createHarness().loadString(`export default (kit: any) => kit.registerCommand({ name: "where", description: "", execute: () => import.meta.path });`, "my-ext.ts");
    const path = String(await h.runCommand("where"));
    expect(path.endsWith("/my-ext.ts")).toBe(true);
    expect(await Bun.file(path).exists()).toBe(false);
  });

  test("a syntax error rejects with file:line:column and leaves nothing loaded", async () => {
    const dir = tempDir();
    const [broken] = writeFiles(dir, { "broken.ts": `export default function init() {\n  return (;\n}\n`, "guard.ts": GUARD });
    const h = await createHarness({ cwd: dir }).load("guard.ts");
    await expect(h.load(broken!)).rejects.toThrow(`${broken}:2:11: `);
    expect(h.hasHandlers("tool_call")).toBe(false);
  });

  test("an init that throws, a missing entry point and a missing file reject with the loader's message", async () => {
    const h = createHarness();
    await expect(h.loadString(`export default () => {\n  throw new Error("init broke");\n};`, "thrower.ts")).rejects.toThrow(/thrower\.ts:2:\d+: init broke/);
    await expect(h.loadString(`export const x = 1;`, "noentry.ts")).rejects.toThrow("no entry point: export a default function, or a function named `init`");
    await expect(h.loadString(`export default (kit: any) => kit.on("no_such_event", () => {});`)).rejects.toThrow('unknown event "no_such_event"');
    await expect(createHarness({ cwd: "/nonexistent-dir" }).load("x.ts")).rejects.toThrow("extension not found: /nonexistent-dir/x.ts");
  });

  test("module state is shared between harnesses by default and fresh with { fresh: true }", async () => {
    const dir = tempDir();
    writeFiles(dir, {
      "counter.ts": `let n = 0;\nexport default (kit: any) => kit.registerCommand({ name: "count", description: "", execute: () => String(++n) });\n`,
    });
    const a = await createHarness({ cwd: dir }).load("counter.ts");
    const b = await createHarness({ cwd: dir }).load("counter.ts");
    expect(await a.runCommand("count")).toBe("1");
    expect(await b.runCommand("count")).toBe("2");
    const c = await createHarness({ cwd: dir, fresh: true }).load("counter.ts");
    const d = await createHarness({ cwd: dir, fresh: true }).load("counter.ts");
    expect(await c.runCommand("count")).toBe("1");
    expect(await d.runCommand("count")).toBe("1");
  });

  test("a registration that clashes with a built-in tool is ignored and reported, as in the app", async () => {
    const h = await createHarness().loadString(`export default (kit: any) => kit.registerTool({ name: "bash", description: "", parameters: {}, execute: () => "" });`);
    expect(h.tools()).toEqual([]);
    expect(h.issues().map((i) => i.message)).toEqual(['tool "bash" is already registered by a built-in; ignored']);
  });
});

describe("emit", () => {
  test("tool_call: a block short-circuits, and a throwing handler blocks the call (fail closed)", async () => {
    const h = await createHarness().loadString(`${LOG}export default (kit: any) => {
  kit.onToolCall((e: any) => { LOG("first " + e.toolName); if (e.toolName === "boom") throw new Error("guard crashed"); if (e.toolName === "write") return { block: true, reason: "read-only" }; });
  kit.onToolCall((e: any) => { LOG("second " + e.toolName); });
};`);
    expect(await h.emit("tool_call", { toolName: "write" })).toEqual({ block: true, reason: "read-only" });
    expect(await h.emit("tool_call", { toolName: "boom" })).toEqual({ block: true, reason: "guard crashed" });
    expect(await h.emit("tool_call", { toolName: "read" })).toBeUndefined();
    expect(log).toEqual(["first write", "first boom", "first read", "second read"]);
    expect(h.context.handlerErrors).toHaveLength(1);
    expect(h.context.handlerErrors[0]).toContain("tool_call handler failed: guard crashed");
  });

  test("result events chain: each handler sees the event as changed before it", async () => {
    const h = await createHarness().loadString(`export default (kit: any) => {
  kit.onInput((e: any) => ({ action: "transform", text: e.text + " +a" }));
  kit.onInput((e: any) => ({ action: "transform", text: e.text + " +b" }));
  kit.onToolResult((e: any) => ({ content: e.content.toUpperCase() }));
  kit.onToolResult((e: any) => ({ isError: e.content === "FAIL" }));
};`);
    expect(await h.emit("input", { text: "hi" })).toEqual({ action: "transform", text: "hi +a +b" });
    expect(await h.emit("tool_result", { content: "fail" })).toEqual({ content: "FAIL", isError: true });
  });

  test("a handler that throws on a notification is recorded and the others still run", async () => {
    const h = await createHarness().loadString(`${LOG}export default (kit: any) => {
  kit.onAgentEnd(() => { throw new Error("oops"); });
  kit.onAgentEnd((e: any) => { LOG(e.response); });
};`);
    expect(await h.emit("agent_end", { response: "done" })).toBeUndefined();
    expect(log).toEqual(["done"]);
    expect(h.context.handlerErrors.join("\n")).toContain("agent_end handler failed: oops");
  });

  test("emit resolves after slow notification handlers and what they set off have run", async () => {
    const h = await createHarness().loadString(`${LOG}export default (kit: any) => {
  kit.onMessageEnd(async (e: any, ctx: any) => { await new Promise((r) => setTimeout(r, 20)); ctx.emitCustomEvent("later", e.content); });
  kit.onCustomEvent("later", async (data: any) => { await Promise.resolve(); LOG("custom " + data); });
};`);
    await h.emit("message_end", { content: "x" });
    expect(log).toEqual(["custom x"]);
  });

  test("an unknown event name is refused", async () => {
    const h = createHarness();
    await expect(h.emit("nope" as never)).rejects.toThrow('h.emit: unknown event "nope"');
  });

  test("emitCustom reaches onCustomEvent handlers of that name only", async () => {
    const h = await createHarness().loadString(`${LOG}export default (kit: any) => {
  kit.onCustomEvent("deploy", (data: any, ctx: any) => { LOG(data); ctx.print("deployed " + data.env); });
  kit.onCustomEvent("other", () => LOG("wrong"));
};`);
    await h.emitCustom("deploy", { env: "prod" });
    expect(log).toEqual([{ env: "prod" }]);
    expect(h.context.prints).toEqual(["deployed prod"]);
  });
});

describe("tools, commands and shortcuts", () => {
  const SOURCE = `export default (kit: any) => {
  kit.registerTool({ name: "echo", description: "echo", parameters: { type: "object", properties: {} },
    execute: (args: any, tc: any) => { tc.onProgress("working"); return "echo " + args.text + " " + tc.toolCallId.startsWith("tool-run-") + " " + tc.isCancelled() + " " + (tc.ctx === tc.ctx && typeof tc.ctx.print); } });
  kit.registerTool({ name: "rich", description: "", parameters: "{}", execute: async () => ({ content: "bad input", isError: true, details: { n: 1 } }) });
  kit.registerTool({ name: "thrower", description: "", parameters: {}, execute: () => { throw new Error("disk full"); } });
  kit.registerTool({ name: "weird", description: "", parameters: {}, execute: () => 42 as any });
  kit.registerCommand({ name: "/greet", description: "", execute: async (args: string, ctx: any) => { ctx.printInfo("greeting " + args); return "hello " + (args || "world"); } });
  kit.registerCommand({ name: "quiet", description: "", execute: () => {} });
  kit.registerShortcut({ key: "Ctrl+Shift+T", description: "" }, (ctx: any) => ctx.setStatus("pressed", "yes"));
  kit.registerOption({ name: "depth", description: "", default: "3" });
  kit.onToolOutput((e: any, ctx: any) => ctx.print("output " + e.toolName + ": " + e.chunk));
};`;

  test("runTool: text, ToolResult, a throw and a malformed result", async () => {
    const h = await createHarness().loadString(SOURCE);
    expect(await h.runTool("echo", { text: "hi" })).toStrictEqual({ content: "echo hi true false function", isError: false });
    expect(h.context.progress).toEqual([{ toolName: "echo", text: "working" }]);
    // onProgress is delivered as a tool_output event, as in a session.
    expect(h.context.prints).toEqual(["output echo: working"]);
    expect(await h.runTool("rich", {})).toEqual({ content: "bad input", isError: true, details: { n: 1 } });
    expect(await h.runTool("thrower", {})).toEqual({ content: "disk full", isError: true });
    expect(await h.runTool("weird", {})).toEqual({ content: "tool weird returned neither text nor { content: string }", isError: true });
    await expect(h.runTool("missing", {})).rejects.toThrow('h.runTool: no tool "missing" is registered; registered tools: echo, rich, thrower, weird');
  });

  test("runCommand with or without the slash, with and without args", async () => {
    const h = await createHarness().loadString(SOURCE);
    expect(await h.runCommand("greet", "Ada")).toBe("hello Ada");
    expect(await h.runCommand("/greet")).toBe("hello world");
    expect(await h.runCommand("quiet")).toBeUndefined();
    expect(h.context.infos).toEqual(["greeting Ada", "greeting "]);
    await expect(h.runCommand("nope")).rejects.toThrow('h.runCommand: no command "nope" is registered; registered commands: greet, quiet');
  });

  test("pressShortcut accepts any spelling of the key and refuses unknown ones", async () => {
    const h = await createHarness().loadString(SOURCE);
    await h.pressShortcut("shift+control+t");
    expect(h.context.statuses.get("pressed")).toEqual({ text: "yes", priority: 0 });
    await expect(h.pressShortcut("ctrl+y")).rejects.toThrow('h.pressShortcut: no shortcut "ctrl+y" is registered; registered shortcuts: ctrl+shift+t');
  });

  test("the registration lists", async () => {
    const h = await createHarness().loadString(SOURCE);
    expect(h.tools()).toEqual(["echo", "rich", "thrower", "weird"]);
    expect(h.commands()).toEqual(["greet", "quiet"]);
    expect(h.shortcuts()).toEqual(["ctrl+shift+t"]);
    expect(h.options()).toEqual(["depth"]);
    expect(h.hasHandlers("tool_output")).toBe(true);
    expect(h.hasHandlers("input")).toBe(false);
    const empty = createHarness();
    expect([empty.tools(), empty.commands(), empty.shortcuts(), empty.options()]).toEqual([[], [], [], []]);
    await expect(empty.runCommand("x")).rejects.toThrow("the extension registered no commands");
  });
});

describe("reload and kit/test inside kit", () => {
  test("ctx.reloadExtensions re-imports the file: shutdown to the old instance, start to the new", async () => {
    const dir = tempDir();
    const [file] = writeFiles(dir, {
      "ext.ts": `${LOG}const V = "v1";\nexport default (kit: any) => { kit.onSessionShutdown((e: any) => LOG(V + " " + e.reason)); kit.onSessionStart((e: any) => LOG(V + " start " + e.reason)); kit.registerCommand({ name: "reload", description: "", execute: (_: string, ctx: any) => ctx.reloadExtensions() }); };\n`,
    });
    const h = await createHarness({ cwd: dir }).load(file!);
    await Bun.write(file!, (await Bun.file(file!).text()).replace('"v1"', '"v2"'));
    await h.runCommand("reload");
    expect(log).toEqual(["v1 reload", "v2 start reload"]);
    expect(h.context.reloads).toBe(1);
  });

  test("kit/test resolves for extensions kit loads (registerKitModules serves it by default)", async () => {
    const h = await createHarness().loadString(`import { createHarness, assertBlocked } from "kit/test";
export default (kit: any) => kit.registerCommand({ name: "meta", description: "", execute: async () => {
  const inner = await createHarness().loadString(${JSON.stringify(GUARD)});
  assertBlocked(await inner.emit("tool_call", { toolName: "bash", args: { command: "rm -rf /" } }), "Dangerous");
  return typeof createHarness;
} });`);
    expect(await h.runCommand("meta")).toBe("function");
  });

  test("a harness over a folder extension (index.ts) with its own package", async () => {
    const dir = tempDir();
    writeFiles(dir, {
      "pkg/index.ts": `import shout from "shout";\nexport default (kit: any) => kit.registerCommand({ name: "shout", description: "", execute: (a: string) => shout(a) });\n`,
      "pkg/node_modules/shout/package.json": JSON.stringify({ name: "shout", main: "index.js" }),
      "pkg/node_modules/shout/index.js": "module.exports = (s) => s.toUpperCase();\n",
    });
    const h = await createHarness().load(join(dir, "pkg/index.ts"));
    expect(await h.runCommand("shout", "hey")).toBe("HEY");
  });
});
