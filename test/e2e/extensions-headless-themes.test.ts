/**
 * Themes and message renderers in a headless run of the built binary: the same themes as the
 * terminal UI (built-in, theme files, registered by extensions), a choice remembered in the
 * preferences file like /theme does (and restored on the next run, even when an extension registers
 * the theme in session_start), and ctx.renderMessage printing what the registered renderer makes,
 * as plain text on a pipe.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startMockLLM, type MockLLM } from "../support/mock-llm.ts";
import { errorLines, extension, MODEL, REC, runWith, tagged, tempDir, userEnv } from "./extension-runs.ts";
import { KitTerminal, workspace } from "./interactive-support.ts";

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

describe("themes in a headless run", () => {
  const THEMES = `${REC}
export default (kit: ExtensionAPI) => {
  kit.onSessionStart((_e, ctx) => {
    ctx.registerTheme("from-ext", { primary: { light: "#000001", dark: "#000002" } });
    rec(ctx, "start", ctx.getTheme().name);
  });
  kit.registerCommand({ name: "themes", description: "list, and set one", execute: (args, ctx) => {
    rec(ctx, "list", ctx.listThemes());
    if (args) {
      try { ctx.setTheme(args); } catch (err) { rec(ctx, "error", (err as Error).message); }
    }
    const t = ctx.getTheme();
    rec(ctx, "theme", { name: t.name, primary: t.primary, painted: t.paint(t.primary, "x", { bold: true }) });
  } });
};
`;

  test("lists the built-in, file and extension themes; setTheme is remembered in preferences.yml and restored next run", async () => {
    const env = userEnv();
    const cwd = tempDir({ ".kit/themes/from-project.yaml": 'primary: { light: "#333333", dark: "#444444" }\n' });
    mkdirSync(join(env.XDG_CONFIG_HOME!, "kit", "themes"), { recursive: true });
    writeFileSync(join(env.XDG_CONFIG_HOME!, "kit", "themes", "from-user.yaml"), 'primary: { light: "#111111", dark: "#222222" }\n');
    const ext = extension(THEMES);
    const run = (args: string) => runWith(mock, { exts: [ext], args: [args], env, cwd });
    const prefs = () => readFileSync(join(env.XDG_CONFIG_HOME!, "kit", "preferences.yml"), "utf8");

    const first = await run("/themes dracula");
    expect(first.exitCode).toBe(0);
    const list: string[] = tagged(first.stderr, "list")[0];
    for (const name of ["kitt", "dracula", "nord", "zenburn", "from-user", "from-project", "from-ext"]) expect(list).toContain(name);
    expect(tagged(first.stderr, "error")).toEqual([]);
    // Dracula's colours, painting nothing.
    expect(tagged(first.stderr, "theme")).toEqual([{ name: "dracula", primary: "#bd93f9", painted: "x" }]);
    expect(prefs()).toContain("theme: dracula");

    const second = await run("/themes from-ext");
    expect(tagged(second.stderr, "start")).toEqual(["dracula"]);
    expect(tagged(second.stderr, "theme")).toEqual([{ name: "from-ext", primary: "#000002", painted: "x" }]);
    expect(prefs()).toContain("theme: from-ext");

    // The remembered theme is one the extension registers in session_start: it is the theme once registered.
    const third = await run("/themes");
    expect(tagged(third.stderr, "start")).toEqual(["from-ext"]);
    expect(tagged(third.stderr, "theme")).toEqual([{ name: "from-ext", primary: "#000002", painted: "x" }]);
    expect(third.stderr).not.toContain("unknown theme");

    const unknown = await run("/themes no-such");
    expect(tagged(unknown.stderr, "error")[0]).toMatch(/^unknown theme "no-such"; known themes: kitt, .*dracula/);
    expect(tagged(unknown.stderr, "theme")[0].name).toBe("from-ext");
    expect(prefs()).toContain("theme: from-ext");
  });
});

describe("message renderers in a headless run", () => {
  const SHOUT = `export default (kit) => {
  kit.registerMessageRenderer({ name: "shout", render: (content, width) => "\\x1b[1;31m" + content.toUpperCase() + "\\x1b[0m (" + width + " columns)" });
  kit.registerCommand({ name: "shout", description: "", execute: (_a, ctx) => ctx.renderMessage("shout", "in colour") });
};`;

  test("on a terminal, renderMessage keeps the renderer's escape sequences and gets the terminal's width", async () => {
    const w = workspace({ "shout.ts": SHOUT });
    // A prompt on the command line makes the run headless even on a terminal.
    const t = new KitTerminal({ args: ["--provider-url", mock.url, "-m", MODEL, "-e", "./shout.ts", "/shout"], cwd: w.cwd, env: w.env, cols: 90 });
    expect(await t.proc.exited).toBe(0);
    await t.screen();
    expect(t.raw).toContain("\x1b[1;31mIN COLOUR\x1b[0m (90 columns)");
  });

  test("renderMessage prints the registered renderer's text without escape sequences on a pipe; a throwing or missing renderer prints the content", async () => {
    const ext = extension(`${REC}
export default (kit: ExtensionAPI) => {
  kit.registerMessageRenderer({ name: "shout", render: (content, width) => "\\x1b[1;31m" + content.toUpperCase() + "\\x1b[0m (" + width + " columns)\\n" });
  kit.registerMessageRenderer({ name: "broken", render: () => { throw new Error("renderer boom"); } });
  kit.registerCommand({ name: "say", description: "render some messages", execute: (_a, ctx) => {
    ctx.renderMessage("shout", "hello there");
    ctx.renderMessage("broken", "first as text");
    ctx.renderMessage("broken", "second as text");
    ctx.renderMessage("nobody", "no renderer");
  } });
};
`);
    const run = await runWith(mock, { exts: [ext], args: ["/say"] });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe("HELLO THERE (80 columns)\nfirst as text\nsecond as text\nno renderer\n");
    const errors = errorLines(run.stderr);
    expect(errors.filter((l) => l.includes('message renderer "broken"'))).toHaveLength(1);
    expect(errors.find((l) => l.includes('message renderer "broken"'))).toContain("renderer boom");
    expect(errors.filter((l) => l.includes('no message renderer "nobody"'))).toHaveLength(1);
  });
});
