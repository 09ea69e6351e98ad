/**
 * The MockContext of kit/test: what it records, scripted prompt and ctx.complete answers, options,
 * model switches through the runner, the in-memory session, and the rest of the Context in memory.
 */
import { beforeEach, describe, expect, test } from "bun:test";
import { createHarness } from "../../src/extensions/harness/index.ts";
import { LOG, resetLog, tempDir, writeFiles } from "./helpers.ts";

let log: unknown[];
beforeEach(() => {
  log = resetLog();
});

describe("records", () => {
  test("output, conversation control and chrome made by an extension's command", async () => {
    const h = await createHarness().loadString(`export default (kit: any) => kit.registerCommand({ name: "go", description: "", execute: async (_a: string, ctx: any) => {
  const { print, setStatus } = ctx; // methods work when taken off the context
  print("p1"); ctx.printInfo("i1"); ctx.printError("e1");
  ctx.printBlock({ text: "b", borderColor: "#f00", subtitle: "s" });
  ctx.sendMessage("m1"); ctx.cancelAndSend("c1"); ctx.steer("s1"); ctx.abort(); ctx.exit();
  ctx.setWidget({ id: "w1", content: { text: "one" } }); ctx.setWidget({ id: "w2", content: { text: "two" }, placement: "below" }); ctx.removeWidget("w1");
  ctx.setHeader({ content: { text: "h" } }); ctx.setFooter({ content: { text: "f" } }); ctx.removeHeader();
  setStatus("a", "A", 5); ctx.setStatus("b", "B"); ctx.removeStatus("b");
  ctx.setUIVisibility({ hideStatusBar: true }); ctx.setUIVisibility({ hideSeparator: true });
  ctx.setEditorText("draft"); ctx.setEditor({ render: () => "" });
  ctx.setActiveTools(["read", "count"]);
  let ran = false; await ctx.suspendTUI(async () => { ran = true; });
  return JSON.stringify([ran, ctx.isIdle(), ctx.getTerminalSize(), ctx.getSessionPath(), ctx.getMessages()]);
} });`);
    expect(await h.runCommand("go")).toBe('[true,true,{"width":80,"height":24},"",[]]');
    const c = h.context;
    expect([c.prints, c.infos, c.errors]).toEqual([["p1"], ["i1"], ["e1"]]);
    expect(c.blocks).toEqual([{ text: "b", borderColor: "#f00", subtitle: "s" }]);
    expect([c.sentMessages, c.cancelAndSends, c.steered, c.aborts, c.exited]).toEqual([["m1"], ["c1"], ["s1"], 1, true]);
    expect([...c.widgets.keys()]).toEqual(["w2"]);
    expect(c.widgets.get("w2")).toEqual({ id: "w2", content: { text: "two" }, placement: "below" });
    expect([c.header, c.footer]).toEqual([undefined, { content: { text: "f" } }]);
    expect([...c.statuses]).toEqual([["a", { text: "A", priority: 5 }]]);
    expect(c.uiVisibility).toEqual({ hideStatusBar: true, hideSeparator: true });
    expect(c.editorText).toBe("draft");
    expect(typeof c.editor?.render).toBe("function");
    expect(c.activeTools).toEqual(["read", "count"]);
    c.setActiveTools([]);
    expect(c.activeTools).toBeNull();
  });

  test("a non-interactive harness ignores chrome and cancels prompts, as a headless run does", async () => {
    const h = createHarness({ interactive: false });
    const c = h.context;
    c.answerSelect({ value: "b" });
    c.setWidget({ id: "w", content: { text: "x" } });
    c.setHeader({ content: {} });
    c.setFooter({ content: {} });
    c.setStatus("s", "x");
    c.setEditorText("t");
    expect([c.widgets.size, c.header, c.footer, c.statuses.size, c.editorText, c.interactive]).toEqual([0, undefined, undefined, 0, undefined, false]);
    expect(await c.promptSelect({ message: "pick", options: ["a", "b"] })).toEqual({ cancelled: true, value: "", index: -1 });
    expect(c.prompts).toEqual([{ kind: "select", message: "pick", config: { message: "pick", options: ["a", "b"] }, answered: false }]);
    await expect(c.newSession()).rejects.toThrow("ctx.newSession needs the interactive terminal UI");
    expect(() => c.setWidget({ content: {} } as never)).toThrow("setWidget: id must be a non-empty string");
  });

  test("renderMessage uses the extension's message renderer", async () => {
    const h = await createHarness().loadString(`export default (kit: any) => kit.registerMessageRenderer({ name: "shout", render: (c: string, w: number) => c.toUpperCase() + "@" + w });`);
    h.context.renderMessage("shout", "hi");
    h.context.renderMessage("unknown", "plain");
    expect(h.context.renderedMessages).toEqual([
      { renderer: "shout", content: "hi", output: "HI@80" },
      { renderer: "unknown", content: "plain", output: "plain" },
    ]);
  });
});

describe("prompts", () => {
  test("answers are used in order per kind; partial answers are completed from the prompt", async () => {
    const c = createHarness().context;
    c.answerSelect({ value: "beta" });
    c.answerSelect({ index: 2 });
    c.answerSelect({});
    c.answerSelect({ cancelled: true });
    const select = () => c.promptSelect({ message: "pick", options: ["alpha", "beta", "gamma"] });
    expect(await select()).toEqual({ cancelled: false, value: "beta", index: 1 });
    expect(await select()).toEqual({ cancelled: false, value: "gamma", index: 2 });
    expect(await select()).toEqual({ cancelled: false, value: "alpha", index: 0 });
    expect(await select()).toEqual({ cancelled: true, value: "", index: -1 });
    expect(await select()).toEqual({ cancelled: true, value: "", index: -1 }); // none left

    c.answerConfirm({ value: false });
    c.answerConfirm({});
    expect(await c.promptConfirm({ message: "sure?" })).toEqual({ cancelled: false, value: false });
    expect(await c.promptConfirm({ message: "sure?", defaultValue: true })).toEqual({ cancelled: false, value: true });
    expect(await c.promptConfirm({ message: "sure?" })).toEqual({ cancelled: true, value: false });

    c.answerInput({ value: "Ada" });
    c.answerInput({});
    expect(await c.promptInput({ message: "name?" })).toEqual({ cancelled: false, value: "Ada" });
    expect(await c.promptInput({ message: "name?", default: "Bob" })).toEqual({ cancelled: false, value: "Bob" });
    expect(await c.promptInput({ message: "name?" })).toEqual({ cancelled: true, value: "" });

    c.answerMultiSelect({ values: ["b", "c"] });
    c.answerMultiSelect({ indices: [0] });
    c.answerMultiSelect({});
    c.answerMultiSelect({});
    const multi = (defaultSelected?: number[]) => c.promptMultiSelect({ message: "which?", options: ["a", "b", "c"], ...(defaultSelected ? { defaultSelected } : {}) });
    expect(await multi()).toEqual({ cancelled: false, values: ["b", "c"], indices: [1, 2] });
    expect(await multi()).toEqual({ cancelled: false, values: ["a"], indices: [0] });
    expect(await multi()).toEqual({ cancelled: false, values: ["a", "b", "c"], indices: [0, 1, 2] }); // undefined default = all
    expect(await multi([1])).toEqual({ cancelled: false, values: ["b"], indices: [1] });
    expect(await multi()).toEqual({ cancelled: true, values: [], indices: [] });

    c.answerOverlay({ action: "Deny" });
    c.answerOverlay({});
    const overlay = () => c.showOverlay({ title: "Allow?", content: { text: "x" }, actions: ["Allow", "Deny"] });
    expect(await overlay()).toEqual({ cancelled: false, action: "Deny", index: 1 });
    expect(await overlay()).toEqual({ cancelled: false, action: "Allow", index: 0 });
    expect(await overlay()).toEqual({ cancelled: true, action: "", index: -1 });

    expect(c.prompts.map((p) => `${p.kind}:${p.message}:${p.answered}`)).toEqual([
      ...["select:pick:true", "select:pick:true", "select:pick:true", "select:pick:true", "select:pick:false"],
      ...["confirm:sure?:true", "confirm:sure?:true", "confirm:sure?:false"],
      ...["input:name?:true", "input:name?:true", "input:name?:false"],
      ...["multiSelect:which?:true", "multiSelect:which?:true", "multiSelect:which?:true", "multiSelect:which?:true", "multiSelect:which?:false"],
      ...["overlay:Allow?:true", "overlay:Allow?:true", "overlay:Allow?:false"],
    ]);
  });

  test("an extension's command awaits the scripted answers", async () => {
    const h = await createHarness().loadString(`export default (kit: any) => kit.registerCommand({ name: "deploy", description: "", execute: async (_a: string, ctx: any) => {
  const env = await ctx.promptSelect({ message: "Where?", options: ["staging", "prod"] });
  if (env.cancelled) return "cancelled";
  const ok = await ctx.promptConfirm({ message: "Deploy to " + env.value + "?" });
  return ok.value ? "deployed to " + env.value : "not deployed";
} });`);
    h.context.answerSelect({ value: "prod" });
    h.context.answerConfirm({ value: true });
    expect(await h.runCommand("deploy")).toBe("deployed to prod");
    expect(await h.runCommand("deploy")).toBe("cancelled");
  });
});

describe("ctx.complete", () => {
  test("scripted replies in order; none left is a clear error", async () => {
    const h = await createHarness().loadString(`export default (kit: any) => kit.registerCommand({ name: "ask", description: "", execute: async (a: string, ctx: any) => {
  const chunks: string[] = [];
  const r = await ctx.complete({ prompt: a, system: "be brief", onChunk: (c: string) => chunks.push(c) });
  return r.text + "|" + chunks.join("") + "|" + r.model;
} });`);
    h.context.answerComplete("first", "second");
    expect(await h.runCommand("ask", "q1")).toBe("first|first|anthropic/claude-sonnet-4-5");
    expect(await h.runCommand("ask", "q2")).toBe("second|second|anthropic/claude-sonnet-4-5");
    await expect(h.runCommand("ask", "q3")).rejects.toThrow(
      'ctx.complete was called (call 3) but no scripted reply is left: give replies with h.context.answerComplete("...") before the extension calls it',
    );
    expect(h.context.completions.map((r) => r.prompt)).toEqual(["q1", "q2", "q3"]);
    h.context.answerComplete("x");
    expect(await h.context.complete({ prompt: "hello", model: "openai/gpt-5.5" })).toEqual({ text: "x", inputTokens: 2, outputTokens: 1, model: "openai/gpt-5.5" });
  });

  test("spawnSubagent answers from answerSubagent, then reports that none is left", async () => {
    const c = createHarness().context;
    c.answerSubagent("found 3 files");
    const out: string[] = [];
    const first = c.spawnSubagent({ prompt: "look", onOutput: (t) => out.push(t) });
    expect(await first.wait()).toEqual({ response: "found 3 files", exitCode: 0, elapsedMs: 0 });
    expect(out).toEqual(["found 3 files"]);
    const second = await c.spawnSubagent({ prompt: "again" }).wait();
    expect(second.exitCode).toBe(1);
    expect(second.error).toContain("no scripted subagent reply is left");
    expect(c.subagents.map((s) => s.prompt)).toEqual(["look", "again"]);
  });
});

describe("options, model and tools", () => {
  test("getOption: setOption > KIT_OPT_ env > harness options > registered default", async () => {
    process.env.KIT_OPT_FROM_ENV = "env-value";
    try {
      const h = await createHarness({ options: { "from-config": "config-value", "from-env": "loses" } }).loadString(`export default (kit: any) => {
  kit.registerOption({ name: "plain", description: "", default: "dflt" });
  kit.registerOption({ name: "from-env", description: "", default: "x" });
  kit.registerOption({ name: "from-config", description: "", default: "x" });
};`);
      const c = h.context;
      expect([c.getOption("plain"), c.getOption("from-env"), c.getOption("from-config"), c.getOption("unregistered")]).toEqual(["dflt", "env-value", "config-value", ""]);
      c.setOption("from-env", "set-value");
      expect(c.getOption("from-env")).toBe("set-value");
    } finally {
      delete process.env.KIT_OPT_FROM_ENV;
    }
  });

  test("setModel records the switch and fires model_change through the runner; unknown models throw", async () => {
    const h = await createHarness().loadString(`${LOG}export default (kit: any) => {
  kit.onModelChange((e: any, ctx: any) => LOG([e, ctx.model]));
  kit.registerCommand({ name: "switch", description: "", execute: (a: string, ctx: any) => ctx.setModel(a) });
};`);
    await h.runCommand("switch", "openai/gpt-latest");
    expect(h.context.model).toBe("openai/gpt-6.2-sol");
    expect(h.context.modelChanges).toEqual(["openai/gpt-6.2-sol"]);
    expect(log).toEqual([[{ newModel: "openai/gpt-6.2-sol", previousModel: "anthropic/claude-sonnet-4-5", source: "extension" }, "openai/gpt-6.2-sol"]]);
    expect(() => h.context.setModel("openai/gpt-99")).toThrow('unknown model "openai/gpt-99"');
    expect(h.context.model).toBe("openai/gpt-6.2-sol");
  });

  test("models from the embedded table, and model resolution", () => {
    const c = createHarness({ model: "anthropic/claude-sonnet-4-5" }).context;
    const models = c.getAvailableModels();
    expect(models.find((m) => m.provider === "anthropic" && m.modelId === "claude-sonnet-4-5")).toMatchObject({ contextLimit: 200_000, pricing: { known: true } });
    expect(models.some((m) => m.provider === "openai")).toBe(true);
    expect([c.getCurrentProvider(), c.getCurrentModelID()]).toEqual(["anthropic", "claude-sonnet-4-5"]);
    expect(c.getModelCapabilities()).toMatchObject({ provider: "anthropic", modelId: "claude-sonnet-4-5", streaming: true });
    expect(c.getModelCapabilities("custom/llama")).toMatchObject({ provider: "custom", modelId: "llama", contextLimit: 0, pricing: { known: false } });
    expect([c.checkModelAvailable("openai/gpt-5.5"), c.checkModelAvailable("openai/nope"), c.checkModelAvailable("nonsense")]).toEqual([true, false, false]);
    expect(c.resolveModelChain(["openai/nope", "anthropic/claude-opus-latest"])).toMatchObject({ model: "anthropic/claude-opus-5-5", attempted: ["openai/nope", "anthropic/claude-opus-latest"] });
    expect(c.resolveModelChain(["x/y"])).toEqual({ model: "", attempted: ["x/y"], error: "none of these models is available: x/y" });
    expect([c.evaluateModelConditional("claude-*"), c.evaluateModelConditional("gpt-*, anthropic/claude-sonnet-?-5"), c.evaluateModelConditional("gpt-*")]).toEqual([true, true, false]);
    expect(c.renderWithModelConditionals('Hi <if-model is="claude-*">Claude<else>model</if-model>, <if-model is="gpt-*">GPT</if-model>!')).toBe("Hi Claude, !");
    expect(c.getThinkingLevel()).toBe("off");
    expect(c.getContextStats()).toEqual({ estimatedTokens: 0, contextLimit: 200_000, usagePercent: 0, messageCount: 0 });
    expect(c.getSessionUsage().requestCount).toBe(0);
  });

  test("getAllTools lists the core tools and the extension's, enabled per setActiveTools", async () => {
    const h = await createHarness().loadString(`export default (kit: any) => kit.registerTool({ name: "count", description: "Count", parameters: {}, execute: () => "" });`);
    const tools = () => h.context.getAllTools().map((t) => `${t.name}:${t.source}:${t.enabled}`);
    expect(tools()).toContain("count:extension:true");
    expect(tools()).toContain("bash:core:true");
    h.context.setActiveTools(["count"]);
    expect(tools().filter((t) => t.endsWith(":true"))).toEqual(["count:extension:true"]);
  });
});

describe("session", () => {
  test("entries, the tree, state", () => {
    const c = createHarness().context;
    const a = c.appendEntry("note", "one");
    const b = c.appendEntry("todo", "two");
    const d = c.appendEntry("note", "three");
    expect(c.entries).toEqual([
      { entryType: "note", data: "one" },
      { entryType: "todo", data: "two" },
      { entryType: "note", data: "three" },
    ]);
    expect(c.getEntries("note").map((e) => [e.id, e.data])).toEqual([[a, "one"], [d, "three"]]);
    expect(c.getEntries("").map((e) => e.data)).toEqual(["one", "two", "three"]);
    expect(c.getCurrentBranch().map((n) => n.id)).toEqual([a, b, d]);
    expect(c.getTreeNode(b)).toMatchObject({ id: b, parentId: a, type: "extension_data", content: "two", children: [d] });
    expect(c.navigateTo(a)).toEqual({ success: true });
    const e = c.appendEntry("note", "branch");
    expect(c.getChildren(a)).toEqual([b, e]);
    expect(c.getEntries("note").map((x) => x.data)).toEqual(["one", "branch"]);
    expect(c.navigateTo("missing")).toEqual({ success: false, error: 'no entry "missing" in this session' });
    expect(c.collapseBranch(d, a, "s")).toEqual({ success: false, error: `entry "${d}" is not on the path to "${a}"` });

    c.setState("k", "v");
    c.setState("k2", "v2");
    c.deleteState("k2");
    expect([c.getState("k"), c.getState("k2"), c.listState(), [...c.state]]).toEqual(["v", undefined, ["k"], [["k", "v"]]]);
  });

  test("newSession: before_session_switch may cancel; otherwise a new empty session starts", async () => {
    const h = await createHarness({ sessionId: "s1" }).loadString(`${LOG}export default (kit: any) => {
  kit.onBeforeSessionSwitch((e: any) => (e.initialPrompt === "blocked" ? { cancel: true, reason: "busy" } : undefined));
  kit.onSessionShutdown((e: any) => LOG("shutdown " + e.reason));
  kit.onSessionStart((e: any) => LOG("start " + e.reason + " " + e.sessionId));
  kit.registerCommand({ name: "new", description: "", execute: (a: string, ctx: any) => ctx.newSession(a || undefined) });
};`);
    h.context.setState("k", "v");
    h.context.appendEntry("note", "x");
    await expect(h.runCommand("new", "blocked")).rejects.toThrow("the new session was cancelled by an extension: busy");
    expect(h.context.sessionId).toBe("s1");
    await h.runCommand("new", "hello");
    expect(log).toEqual(["shutdown switch", "start new s1-1"]);
    expect(h.context.sessionId).toBe("s1-1");
    expect([h.context.state.size, h.context.entries.length]).toEqual([0, 0]);
    expect(h.context.newSessions).toEqual(["hello"]);
    expect(h.context.sentMessages).toEqual(["hello"]);
  });

  test("compact is recorded; custom events from the context reach their handlers", async () => {
    const h = await createHarness().loadString(`${LOG}export default (kit: any) => {
  kit.onCustomEvent("ping", (d: any) => LOG("ping " + d));
  kit.registerCommand({ name: "go", description: "", execute: async (_a: string, ctx: any) => { ctx.emitCustomEvent("ping", 1); await ctx.compact({ customInstructions: "keep todos" }); } });
};`);
    await h.runCommand("go");
    expect(log).toEqual(["ping 1"]);
    expect(h.context.compactions).toEqual([{ customInstructions: "keep todos" }]);
  });
});

describe("themes, templates, skills", () => {
  test("theme with paint; registered themes can be selected", () => {
    const c = createHarness().context;
    expect(c.theme.name).toBe("kitt");
    expect(c.theme.paint(c.theme.error, "x", { bold: true })).toBe("x");
    c.registerTheme("sunset", { primary: { light: "#111111", dark: "#ff8800" } });
    c.setTheme("sunset");
    expect([c.listThemes(), c.getTheme().primary, c.theme.name]).toEqual([["kitt", "sunset"], "#ff8800", "sunset"]);
    expect(() => c.setTheme("nope")).toThrow('unknown theme "nope"');
  });

  test("templates and argument parsing", () => {
    const c = createHarness().context;
    const tpl = c.parseTemplate("greet", "Hello {{name}}, welcome to {{ place }}! Bye {{name}}.");
    expect(tpl).toEqual({ name: "greet", content: "Hello {{name}}, welcome to {{ place }}! Bye {{name}}.", variables: ["name", "place"] });
    expect(c.renderTemplate(tpl, { name: "Ada" })).toBe("Hello Ada, welcome to {{ place }}! Bye Ada.");
    expect(c.simpleParseArguments('deploy "staging eu" --force now', 2)).toEqual(['deploy "staging eu" --force now', "deploy", "staging eu", "--force now"]);
    expect(c.simpleParseArguments("a", 2)).toEqual(["a", "a", "", ""]);
    expect(c.parseArguments("deploy staging --loop 5 -f extra more", { positional: ["command", "target"], rest: "args", flags: { "--loop": "loop", "-f": "force" } })).toEqual({
      vars: { command: "deploy", target: "staging", loop: "5", force: "extra", args: "more" },
      flags: { "--loop": "5", "-f": "extra" },
      rest: ["more"],
    });
    expect(c.parseArguments("--loop=3", { positional: ["target"], flags: { "--loop": "loop" } })).toEqual({ vars: { loop: "3" }, flags: { "--loop": "3" }, rest: [], error: "missing argument: target" });
  });

  test("skills load from files and folders; injecting an unknown one throws", () => {
    const dir = tempDir();
    writeFiles(dir, {
      "skills/review/SKILL.md": "---\nname: review\ndescription: Review code\ntags: [a, b]\nowner: me\n---\nRead the diff.\n",
      "skills/plain.md": "Just text.\n",
    });
    const c = createHarness({ cwd: dir }).context;
    const loaded = c.loadSkillsFromDir("skills");
    expect(loaded.error).toBeUndefined();
    expect(loaded.skills.map((s) => s.name)).toEqual(["plain", "review"]);
    expect(loaded.skills[1]).toEqual({ name: "review", description: "Review code", content: "Read the diff.\n", path: `${dir}/skills/review/SKILL.md`, tags: ["a", "b"], metadata: { owner: "me" } });
    expect(c.getAvailableSkills()).toHaveLength(2);
    expect(c.discoverSkills().skills).toHaveLength(2);
    c.injectSkillAsContext("review");
    c.injectRawSkillAsContext("skills/plain.md");
    expect(c.injectedSkills).toEqual(["review", `${dir}/skills/plain.md`]);
    expect(() => c.injectSkillAsContext("nope")).toThrow('unknown skill "nope"; loaded skills: plain, review');
    expect(c.loadSkillsFromDir("missing").error).toContain("not a directory");
  });
});
