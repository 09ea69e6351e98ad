import { describe, expect, test } from "bun:test";
import { createExtensionAPI } from "../../src/extensions/api.ts";
import { EVENT_NAMES, ON_METHODS } from "../../src/extensions/contract.ts";
import { loadAll } from "../../src/extensions/loader.ts";
import { ExtensionRegistry, type RegistryIssue } from "../../src/extensions/registry.ts";
import { checkShortcut, normalizeShortcut } from "../../src/extensions/shortcut-keys.ts";
import { loadSources, tempDir, writeFiles } from "./helpers.ts";

describe("shortcut keys", () => {
  test("are normalised: lower case, modifiers ordered ctrl, alt, shift, aliases resolved", () => {
    expect(normalizeShortcut("Ctrl+T")).toBe("ctrl+t");
    expect(normalizeShortcut("shift+ctrl+Tab")).toBe("ctrl+shift+tab");
    expect(normalizeShortcut("alt+control+p")).toBe("ctrl+alt+p");
    expect(normalizeShortcut(" Option + Esc ")).toBe("alt+escape");
    expect(normalizeShortcut("shift+tab")).toBe("shift+tab");
    expect(normalizeShortcut("F5")).toBe("f5");
    expect(normalizeShortcut("ctrl+PgUp")).toBe("ctrl+pageup");
    expect(normalizeShortcut("ctrl++")).toBe("ctrl++");
    expect(normalizeShortcut("meta+return")).toBe("alt+enter");
  });

  test("malformed keys are refused with the reason", () => {
    expect(() => normalizeShortcut("")).toThrow("non-empty");
    expect(() => normalizeShortcut("ctrl+")).toThrow("empty part");
    expect(() => normalizeShortcut("ctrl+shift")).toThrow("exactly one key");
    expect(() => normalizeShortcut("ctrl+a+b")).toThrow("exactly one key");
    expect(() => normalizeShortcut("ctrl+ctrl+a")).toThrow("ctrl given twice");
    expect(() => normalizeShortcut("ctrl+banana")).toThrow('unknown key "banana"');
    expect(() => normalizeShortcut("f13")).toThrow('unknown key "f13"');
    expect(() => normalizeShortcut("x")).toThrow("swallow typing");
    expect(() => normalizeShortcut("shift+x")).toThrow("swallow typing");
  });

  test("ctrl+c is reserved in any spelling", () => {
    for (const key of ["ctrl+c", "Ctrl+C", "control+c"]) expect(() => checkShortcut(key)).toThrow("reserved");
    expect(checkShortcut("ctrl+shift+c")).toBe("ctrl+shift+c");
  });

  test("an extension registering ctrl+c fails to load, with the line of the call", async () => {
    const r = await loadSources({
      "keys.ts": `export default (kit: any) => {\n  kit.registerShortcut({ key: "ctrl+t", description: "ok" }, () => {});\n  kit.registerShortcut({ key: "Ctrl+C", description: "no" }, () => {});\n};\n`,
    });
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ path: r.paths[0], line: 3 });
    expect(r.errors[0]!.message).toContain("reserved");
    expect(r.registry.shortcut("ctrl+t")).toBeUndefined(); // dropped with the failed extension
  });
});

describe("registrations", () => {
  test("the API has every on* method of the contract, each registering its own event", () => {
    const registry = new ExtensionRegistry();
    registry.begin("/x/ext.ts");
    const api = createExtensionAPI(registry, "/x/ext.ts") as unknown as Record<string, (h: () => void) => void>;
    expect(Object.values(ON_METHODS).sort()).toEqual([...EVENT_NAMES].sort());
    for (const [method, event] of Object.entries(ON_METHODS)) {
      expect(registry.hasHandlers(event)).toBe(false);
      api[method]!(() => {});
      expect(registry.hasHandlers(event)).toBe(true);
    }
    expect(() => api.on!.call(null, "nonsense" as never)).toThrow('unknown event "nonsense"');
  });

  test("tools, commands, shortcuts, options and renderers are recorded per extension", async () => {
    const r = await loadSources({
      "all.ts": `export default (kit: any) => {
  kit.registerTool({ name: "greet", description: "Greets", parameters: '{"type":"object","properties":{"who":{"type":"string"}}}', execute: (a: any) => "hi " + a.who });
  kit.registerCommand({ name: "/deploy", description: "Deploys", execute: () => "done" });
  kit.registerShortcut({ key: "Ctrl+Alt+P", description: "Palette" }, () => {});
  kit.registerOption({ name: "max-depth", description: "Depth", default: "3" });
  kit.registerToolRenderer({ toolName: "greet", displayName: "Greeting" });
  kit.registerMessageRenderer({ name: "card", render: (c: string) => "[" + c + "]" });
};`,
    });
    expect(r.errors).toEqual([]);
    const reg = r.registry;
    const rec = reg.extensions()[0]!;
    expect(rec).toMatchObject({ path: r.paths[0], tools: ["greet"], commands: ["deploy"], shortcuts: ["ctrl+alt+p"], options: ["max-depth"] });
    expect(reg.tool("greet")?.parameters).toEqual({ type: "object", properties: { who: { type: "string" } } });
    expect(await reg.tool("greet")!.def.execute({ who: "Ann" }, undefined as never)).toBe("hi Ann");
    expect(reg.command("/deploy")?.name).toBe("deploy");
    expect(reg.command("deploy")?.extPath).toBe(r.paths[0]!);
    expect(reg.shortcut("alt+ctrl+p")?.def.description).toBe("Palette");
    expect(reg.option("max-depth")?.def.default).toBe("3");
    expect(reg.toolRenderer("greet")?.def.displayName).toBe("Greeting");
    expect(reg.messageRenderer("card")?.def.render("x", 80)).toBe("[x]");
  });

  test("invalid registrations throw at the call", () => {
    const registry = new ExtensionRegistry();
    registry.begin("/x/e.ts");
    const api = createExtensionAPI(registry, "/x/e.ts");
    expect(() => api.registerTool({ name: "t", description: "", parameters: "{not json", execute: () => "" })).toThrow("not valid JSON");
    expect(() => api.registerTool({ name: "t", description: "", parameters: [] as never, execute: () => "" })).toThrow("JSON Schema object");
    expect(() => api.registerTool({ name: "t", description: "", parameters: {} } as never)).toThrow("execute must be a function");
    expect(() => api.registerCommand({ name: "two words", description: "", execute: () => {} })).toThrow("one word");
    expect(() => api.registerOption({ name: "", description: "", default: "" })).toThrow("non-empty");
    expect(() => api.onInput("not a function" as never)).toThrow("handler must be a function");
    expect(registry.tools()).toEqual([]);
  });

  test("name clashes are reported and the first registration wins", async () => {
    const dir = tempDir();
    const paths = writeFiles(dir, {
      "first.ts": `export default (kit: any) => {
  kit.registerTool({ name: "deploy", description: "first", parameters: {}, execute: () => "first" });
  kit.registerCommand({ name: "ship", description: "first", execute: () => "first" });
  kit.registerShortcut({ key: "ctrl+t", description: "first" }, () => {});
  kit.registerOption({ name: "level", description: "first", default: "1" });
  kit.registerMessageRenderer({ name: "card", render: () => "first" });
};`,
      "second.ts": `export default (kit: any) => {
  kit.registerTool({ name: "deploy", description: "second", parameters: {}, execute: () => "second" });
  kit.registerCommand({ name: "/ship", description: "second", execute: () => "second" });
  kit.registerShortcut({ key: "Control+T", description: "second" }, () => {});
  kit.registerOption({ name: "level", description: "second", default: "2" });
  kit.registerMessageRenderer({ name: "card", render: () => "second" });
  kit.registerTool({ name: "read", description: "shadow", parameters: {}, execute: () => "" });
  kit.registerCommand({ name: "help", description: "shadow", execute: () => "" });
};`,
    });
    const seen: RegistryIssue[] = [];
    const r = await loadAll(paths, {
      fresh: false,
      registryOptions: { builtinTools: ["read", "bash"], builtinCommands: ["help", "new"], onIssue: (i) => seen.push(i) },
    });
    expect(r.errors).toEqual([]);
    expect(r.registry.issues).toEqual(seen);
    expect(seen.map((i) => [i.kind, i.name, i.extPath, i.owner])).toEqual([
      ["tool", "deploy", paths[1], paths[0]],
      ["command", "ship", paths[1], paths[0]],
      ["shortcut", "ctrl+t", paths[1], paths[0]],
      ["option", "level", paths[1], paths[0]],
      ["message renderer", "card", paths[1], paths[0]],
      ["tool", "read", paths[1], "kit"],
      ["command", "help", paths[1], "kit"],
    ]);
    expect(seen[0]!.message).toBe(`tool "deploy" is already registered by ${paths[0]}; ignored`);
    expect(r.registry.tool("deploy")?.def.description).toBe("first");
    expect(r.registry.command("ship")?.def.description).toBe("first");
    expect(r.registry.shortcut("ctrl+t")?.def.description).toBe("first");
    expect(r.registry.option("level")?.def.default).toBe("1");
    expect(r.registry.tool("read")).toBeUndefined();
    expect(r.registry.extensions()[1]!.tools).toEqual([]);
  });

  test("registering after init takes effect at once", async () => {
    const r = await loadSources({
      "late.ts": `let api: any;\nexport default (kit: any) => { api = kit; };\nexport const later = () => api.registerCommand({ name: "late", description: "", execute: () => "late" });\n`,
    });
    expect(r.registry.command("late")).toBeUndefined();
    const mod = (await import(r.paths[0]!)) as { later(): void };
    mod.later();
    expect(r.registry.command("late")?.extPath).toBe(r.paths[0]!);
  });
});

describe("definitions with fields they do not have", () => {
  const api = () => {
    const registry = new ExtensionRegistry();
    registry.begin("/x/ext.ts");
    return { registry, kit: createExtensionAPI(registry, "/x/ext.ts") as any };
  };
  const fn = () => "";

  test("every register* refuses an older field name, naming the one meant, and registers nothing", () => {
    const { registry, kit } = api();
    expect(() => kit.registerTool({ name: "t", description: "", parameters: {}, handler: fn })).toThrow('registerTool("t"): unknown field "handler" (did you mean execute?)');
    expect(() => kit.registerCommand({ name: "c", description: "", execute: fn, Handler: fn })).toThrow('registerCommand("c"): unknown field "Handler" (did you mean execute?)');
    expect(() => kit.registerShortcut({ key: "ctrl+t", description: "", handler: fn }, fn)).toThrow(
      'registerShortcut("ctrl+t"): unknown field "handler" (did you mean to pass it as registerShortcut(def, handler)?)',
    );
    expect(() => kit.registerOption({ name: "o", description: "", defaultValue: "x" })).toThrow('registerOption("o"): unknown field "defaultValue" (did you mean default?)');
    expect(() => kit.registerToolRenderer({ toolName: "bash", title: "Shell" })).toThrow('registerToolRenderer("bash"): unknown field "title" (did you mean displayName?)');
    expect(() => kit.registerToolRenderer({ toolName: "bash", render: fn })).toThrow('unknown field "render" (did you mean renderBody?)');
    expect(() => kit.registerMessageRenderer({ name: "m", render: fn, Handler: fn })).toThrow('registerMessageRenderer("m"): unknown field "Handler" (did you mean render?)');
    expect(registry.tools()).toEqual([]);
    expect(registry.commands()).toEqual([]);
    expect(registry.shortcuts()).toEqual([]);
    expect(registry.options()).toEqual([]);
    expect(registry.toolRenderer("bash")).toBeUndefined();
    expect(registry.messageRenderer("m")).toBeUndefined();
  });

  test("a typo gets the nearest field; a field like no other lists them all", () => {
    const { kit } = api();
    expect(() => kit.registerTool({ name: "t", description: "", paramters: {}, execute: fn })).toThrow('unknown field "paramters" (did you mean parameters?)');
    expect(() => kit.registerOption({ name: "o", description: "", default: "", secret: true })).toThrow(
      'registerOption("o"): unknown field "secret"; the fields are name, description, default',
    );
  });

  test("every field of the contract is accepted", () => {
    const { registry, kit } = api();
    kit.registerTool({ name: "t", description: "", parameters: {}, execute: fn });
    kit.registerCommand({ name: "c", description: "", execute: fn, complete: () => [] });
    kit.registerShortcut({ key: "ctrl+t", description: "" }, fn);
    kit.registerOption({ name: "o", description: "", default: "" });
    kit.registerToolRenderer({ toolName: "bash", displayName: "", borderColor: "", background: "", bodyMarkdown: true, renderHeader: fn, renderBody: fn });
    kit.registerMessageRenderer({ name: "m", render: fn });
    expect(registry.tools()).toHaveLength(1);
    expect(registry.messageRenderer("m")).toBeDefined();
  });
});
