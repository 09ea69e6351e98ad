/**
 * The Context's UI members in the interactive terminal, end to end in a pseudo-terminal, for what
 * interactive-extensions.test.ts leaves out: a widget animated by refreshHz (widget-status), the
 * multi-select's a/n keys, prompts requested together shown one after the other, Ctrl+C cancelling
 * a prompt, shortcuts that do not fire while a dialog has the keyboard, and suspendTUI handing the
 * whole screen to a full-screen program and drawing kit again afterwards.
 */
import { describe, expect, test, setDefaultTimeout } from "bun:test";
import { join, resolve } from "node:path";
import { text } from "../support/mock-llm.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { KEY, KitTerminal, workspace } from "./interactive-support.ts";

setDefaultTimeout(60_000);
const mock = useMockLLM();
const EXAMPLES = resolve(import.meta.dir, "../../extensions");

function kit(extensions: string[], files: Record<string, string> = {}) {
  const w = workspace(files);
  const args = ["--provider-url", mock.url, "-m", "anthropic/claude-haiku-4-5", ...extensions.flatMap((e) => ["-e", e.includes("/") ? e : join(EXAMPLES, e)])];
  return { t: new KitTerminal({ args, cwd: w.cwd, env: w.env, cols: 100, rows: 36 }), ...w };
}

describe("interactive extension UI: widgets", () => {
  test("widget-status: the running tool's widget is redrawn on its own (refreshHz 10) while the tool runs, then idle", async () => {
    const { t } = kit(["widget-status.ts"]);
    mock.push({ kind: "reply", toolCalls: [{ name: "bash", input: { command: "sleep 4" } }] }, text("Slept."));
    await t.waitFor("the idle widget", (s) => s.includes("Idle · no tools run yet"));
    await t.type("wait a bit");
    // Nothing is typed while the tool runs: every change of the widget's line is the widget's own redraw.
    const seen = new Set<string>();
    await t.waitFor("the widget redrawn several times", (s) => {
      const line = s.split("\n").find((l) => /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] bash \d+\.\ds/.test(l));
      if (line) seen.add(line.trim());
      return seen.size >= 4;
    });
    await t.waitFor("the idle widget after the tool", (s) => s.includes("Slept.") && /Idle · last tool: bash \(\d+\.\ds\)/.test(s));
    expect(await t.quit()).toBe(0);
  });
});

const DIALOGS = `export default (kit) => {
  kit.registerShortcut({ key: "ctrl+t", description: "mark the log" }, (ctx) => ctx.printInfo("SHORTCUT-FIRED"));
  kit.registerCommand({ name: "pick", description: "multi-select twice", execute: async (_a, ctx) => {
    const opts = ["alpha", "beta", "gamma"];
    const first = await ctx.promptMultiSelect({ message: "First pick", options: opts, defaultSelected: [] });
    const second = await ctx.promptMultiSelect({ message: "Second pick", options: opts });
    ctx.printInfo("FIRST=" + first.values.join("+") + " SECOND=" + second.values.join("+") + (second.cancelled ? " cancelled" : ""));
  } });
  kit.registerCommand({ name: "two", description: "two prompts at once", execute: async (_a, ctx) => {
    const [a, b] = await Promise.all([
      ctx.promptInput({ message: "Question one?" }),
      ctx.promptConfirm({ message: "Question two?" }),
    ]);
    ctx.printInfo("ONE=" + a.value + " TWO=" + b.value + " " + a.cancelled + "/" + b.cancelled);
  } });
  kit.registerCommand({ name: "ask", description: "one input", execute: async (_a, ctx) => {
    const r = await ctx.promptInput({ message: "Say something" });
    ctx.printInfo(r.cancelled ? "ASK-CANCELLED" : "ASK=" + r.value);
  } });
  kit.registerCommand({ name: "show", description: "an overlay", execute: async (_a, ctx) => {
    const r = await ctx.showOverlay({ title: "Shown", content: { text: "overlay body" }, actions: ["Fine", "Other"] });
    ctx.printInfo(r.cancelled ? "OVERLAY-CANCELLED" : "OVERLAY=" + r.action);
  } });
};`;

describe("interactive extension UI: dialogs", () => {
  test("multi-select: a selects all, n none, Space toggles; Esc cancels", async () => {
    const { t } = kit(["./d.ts"], { "d.ts": DIALOGS });
    await t.ready();
    await t.type("/pick");
    await t.waitFor("the first multi-select with nothing selected", (s) => s.includes("First pick") && s.includes("0/3 selected"));
    t.keys("a");
    await t.waitFor("all selected", (s) => s.includes("3/3 selected"));
    t.keys("n");
    await t.waitFor("none selected", (s) => s.includes("0/3 selected"));
    t.keys(KEY.down);
    t.keys(" ");
    t.keys(KEY.down);
    t.keys(" ");
    await t.waitFor("two toggled", (s) => s.includes("2/3 selected"));
    t.keys(KEY.up);
    t.keys(" ");
    await t.waitFor("beta toggled off", (s) => s.includes("1/3 selected"));
    t.keys(KEY.enter);
    await t.waitFor("the second multi-select, all selected by default", (s) => s.includes("Second pick") && s.includes("3/3 selected"));
    t.keys(KEY.esc);
    const lines = await t.waitForLines("the answers", (l) => l.some((x) => x.includes("FIRST=")));
    expect(lines.join("\n")).toContain("FIRST=gamma SECOND= cancelled");
    expect(await t.quit()).toBe(0);
  });

  test("two prompts requested at once are shown one after the other, each answered in turn", async () => {
    const { t } = kit(["./d.ts"], { "d.ts": DIALOGS });
    await t.ready();
    await t.type("/two");
    const first = await t.waitFor("the first prompt", (s) => s.includes("Question one?"));
    expect(first).not.toContain("Question two?");
    t.keys("yes");
    await t.waitFor("the typed answer", (s) => s.includes("› yes"));
    // "n" here is text for the first prompt, not the second prompt's answer.
    t.keys("n");
    await t.waitFor("the typed answer", (s) => s.includes("› yesn"));
    expect((await t.screen()).join("\n")).not.toContain("Question two?");
    t.keys(KEY.enter);
    const second = await t.waitFor("the second prompt", (s) => s.includes("Question two?"));
    expect(second).not.toContain("Question one?");
    t.keys("n");
    const lines = await t.waitForLines("both answers", (l) => l.some((x) => x.includes("ONE=")));
    expect(lines.join("\n")).toContain("ONE=yesn TWO=false false/false");
    expect(await t.quit()).toBe(0);
  });

  test("Ctrl+C cancels a prompt and an overlay (kit keeps running); a shortcut does not fire while either is open", async () => {
    const { t } = kit(["./d.ts"], { "d.ts": DIALOGS });
    await t.ready();
    await t.type("/ask");
    await t.waitFor("the prompt", (s) => s.includes("Say something"));
    t.keys("\x14"); // Ctrl+T: the prompt has the keyboard
    t.keys("typed");
    await t.waitFor("the typed text", (s) => s.includes("› typed"));
    t.keys(KEY.ctrlC);
    await t.waitForLines("the cancelled prompt", (l) => l.some((x) => x.includes("ASK-CANCELLED")));
    await t.waitFor("the editor back", (s) => s.includes("› Ask anything"));
    await t.type("/show");
    await t.waitFor("the overlay", (s) => s.includes("overlay body") && s.includes("[Fine]"));
    t.keys("\x14");
    t.keys(KEY.ctrlC);
    await t.waitForLines("the cancelled overlay", (l) => l.some((x) => x.includes("OVERLAY-CANCELLED")));
    await t.waitFor("the editor back", (s) => s.includes("› Ask anything"));
    expect((await t.lines()).join("\n")).not.toContain("SHORTCUT-FIRED");
    // With no dialog open the same key runs the shortcut.
    t.keys("\x14");
    await t.waitForLines("the shortcut", (l) => l.some((x) => x.includes("SHORTCUT-FIRED")));
    expect((await t.lines()).filter((x) => x.includes("SHORTCUT-FIRED"))).toHaveLength(1);
    expect(await t.quit()).toBe(0);
  });
});

describe("interactive extension UI: suspendTUI", () => {
  test("a full-screen program (vim-like) gets the screen and the keyboard; kit's screen is back after it exits", async () => {
    // Like vim: the alternate screen, a drawn page, a line read from the keyboard, then back.
    const fakeVim = `printf '\\033[?1049h\\033[2J\\033[HFAKE-VIM page\\n'; read line; printf '\\033[?1049l'; echo "vim read: $line"`;
    const ext = `export default (kit) => kit.onSessionStart((_e, ctx) => {
      ctx.setWidget({ id: "w", content: { text: "WIDGET-KEPT" } });
      ctx.setFooter({ content: { text: "FOOTER-KEPT" } });
    });`;
    const { t } = kit(["interactive-shell.ts", "./w.ts"], { "vim.sh": fakeVim, "w.ts": ext });
    mock.push(text("An earlier answer."));
    await t.ready();
    await t.type("hello");
    await t.waitFor("the answer", (s) => s.includes("An earlier answer.") && !s.includes("Working…"));
    await t.type("/shell sh vim.sh");
    const inVim = await t.waitFor("the program's page", (s) => s.includes("FAKE-VIM page"));
    expect(inVim).not.toContain("WIDGET-KEPT");
    expect(inVim).not.toContain("FOOTER-KEPT");
    await t.type("quit-typed-in-vim");
    await t.waitForLines("the program's exit", (l) => l.some((x) => x.includes("exited with code 0")));
    const screen = await t.waitFor("kit drawn again", (s) => s.includes("WIDGET-KEPT") && s.includes("FOOTER-KEPT") && s.includes("› Ask anything"));
    expect(screen).not.toContain("FAKE-VIM page");
    const lines = (await t.lines()).join("\n");
    expect(lines).toContain("An earlier answer.");
    expect(lines).toContain("vim read: quit-typed-in-vim");
    // The keyboard is kit's again.
    t.keys("after");
    await t.waitFor("typing in kit", (s) => s.includes("› after"));
    expect(await t.quit()).toBe(0);
  });
});

describe("interactive extension UI: shortcuts", () => {
  test("ctrl+c is refused, a shortcut on a key kit uses is warned about (and wins), /shortcuts lists them", async () => {
    const keys = `export default (kit) => {
      kit.registerShortcut({ key: "Ctrl+T", description: "say hello" }, (ctx) => ctx.printInfo("HELLO-FROM-CTRL-T"));
      kit.registerShortcut({ key: "control+a", description: "take ctrl+a" }, (ctx) => ctx.setEditorText("ctrl+a was mine"));
    };`;
    const greedy = `export default (kit) => kit.registerShortcut({ key: "ctrl+c", description: "grab it" }, (ctx) => ctx.printInfo("GRABBED"));`;
    const { t } = kit(["./keys.ts", "./greedy.ts"], { "keys.ts": keys, "greedy.ts": greedy });
    const start = (await t.waitForLines("the warnings", (l) => l.some((x) => x.includes("replaces kit's own use")) && l.some((x) => x.includes("reserved")))).join("\n");
    expect(start).toMatch(/shortcut ctrl\+a \(.*keys\.ts\) replaces kit's own use of that key/);
    expect(start).not.toMatch(/shortcut ctrl\+t .*replaces/);
    expect(start).toMatch(/shortcut "ctrl\+c" is reserved by kit/);
    await t.ready();
    await t.type("/shortcuts");
    const listed = (await t.waitForLines("the list", (l) => l.some((x) => x.includes("say hello (extension)")))).join("\n");
    expect(listed).toMatch(/ctrl\+t\s+say hello \(extension\)/);
    expect(listed).toMatch(/ctrl\+a\s+take ctrl\+a \(extension\)/);
    expect(listed).not.toContain("grab it");
    t.keys("\x14"); // Ctrl+T
    await t.waitForLines("the shortcut", (l) => l.some((x) => x.includes("HELLO-FROM-CTRL-T")));
    t.keys("\x01"); // Ctrl+A: the extension's, not the editor's start of line
    await t.waitFor("the shadowing shortcut ran", (s) => s.includes("› ctrl+a was mine"));
    // Ctrl+C is still kit's: it clears the input, twice more quits.
    expect(await t.quit()).toBe(0);
    expect((await t.lines()).join("\n")).not.toContain("GRABBED");
  });
});

describe("interactive extension UI: failing renderers", () => {
  test("a widget, a tool renderer and a message renderer that throw: the widget is hidden, the built-in rendering used, each reported once", async () => {
    const ext = `export default (kit) => {
      let frames = 0;
      kit.onSessionStart((_e, ctx) => {
        ctx.setWidget({ id: "ticker", content: { refreshHz: 20, render: () => "TICK " + (++frames) } });
        ctx.setWidget({ id: "broken", content: { refreshHz: 20, render: () => { if (frames > 3) throw new Error("widget boom"); return "BROKEN-WIDGET"; } } });
      });
      kit.registerToolRenderer({ toolName: "bash", renderHeader: () => "CUSTOM-HEADER", renderBody: () => { throw new Error("body boom"); } });
      kit.registerMessageRenderer({ name: "fancy", render: () => { throw new Error("message boom"); } });
      kit.registerCommand({ name: "fancy", description: "two fancy messages", execute: (_a, ctx) => {
        ctx.renderMessage("fancy", "FIRST-PLAIN");
        ctx.renderMessage("fancy", "SECOND-PLAIN");
      } });
    };`;
    const { t } = kit(["./bad.ts"], { "bad.ts": ext });
    mock.push({ kind: "reply", toolCalls: [{ name: "bash", input: { command: "echo out-1" } }] }, { kind: "reply", toolCalls: [{ name: "bash", input: { command: "echo out-2" } }] }, text("Both ran."));
    await t.waitFor("the broken widget hidden", (s) => !s.includes("BROKEN-WIDGET") && /TICK \d+/.test(s));
    // The ticker keeps being redrawn long after the failure: the UI goes on.
    const tick = () => t.screen().then((s) => Number(/TICK (\d+)/.exec(s.join("\n"))?.[1] ?? 0));
    const after = await tick();
    await t.waitFor("more frames", (s) => Number(/TICK (\d+)/.exec(s)?.[1] ?? 0) > after + 10);
    await t.type("run twice");
    await t.waitFor("the answer", (s) => s.includes("Both ran.") && !s.includes("Working…"));
    await t.type("/fancy");
    await t.waitForLines("the fancy messages", (l) => l.some((x) => x.includes("SECOND-PLAIN")));
    const lines = await t.lines();
    const count = (re: RegExp) => lines.filter((l) => re.test(l)).length;
    expect(count(/widget "broken" failed to render/)).toBe(1);
    expect(count(/bash tool's body renderer .* failed/)).toBe(1);
    expect(count(/message renderer "fancy" .* failed/)).toBe(1);
    const all = lines.join("\n");
    // The custom header (after the mark and the name) stays; the body falls back to the built-in one (the command's output).
    expect(count(/^● Bash CUSTOM-HEADER$/)).toBe(2);
    expect(all).toMatch(/^│ out-1$/m);
    expect(all).toMatch(/^│ out-2$/m);
    expect(all).toMatch(/^FIRST-PLAIN$/m);
    expect(all).toMatch(/^SECOND-PLAIN$/m);
    expect(await t.quit()).toBe(0);
  });
});

describe("interactive extension UI: overlays", () => {
  const OVERLAYS = `export default (kit) => {
    let n = 0;
    const show = async (ctx, cfg) => {
      const r = await ctx.showOverlay(cfg);
      ctx.printInfo("CLOSED " + (cfg.title ?? "") + " " + r.cancelled + " " + r.action);
    };
    kit.registerCommand({ name: "top", description: "", execute: (_a, ctx) => show(ctx, { title: "Top", anchor: "top-center", width: 40, content: { text: "at the top" } }) });
    kit.registerCommand({ name: "bottom", description: "", execute: (_a, ctx) => show(ctx, { title: "Bottom", anchor: "bottom-center", content: { text: "at the bottom" } }) });
    kit.registerCommand({ name: "long", description: "", execute: (_a, ctx) => show(ctx, { title: "Long", maxHeight: 8,
      content: { text: Array.from({ length: 30 }, (_, i) => "line " + (i + 1)).join("\\n") }, actions: ["Done"] }) });
    kit.registerCommand({ name: "live", description: "", execute: (_a, ctx) => show(ctx, { title: "Live", content: { refreshHz: 20, render: () => "count " + (++n) } }) });
  };`;

  test("anchor top-center and bottom-center, a fixed width, maxHeight with scrolling, refreshHz content", async () => {
    const { t } = kit(["./o.ts"], { "o.ts": OVERLAYS });
    await t.ready();
    const rows = 36;
    await t.type("/top");
    let screen = (await t.waitFor("the top overlay", (s) => s.includes("at the top"))).split("\n");
    const top = screen.findIndex((l) => l.includes("╭─ Top "));
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(rows / 3);
    // width 40: the box's border is 40 columns, centred.
    const border = screen[top]!;
    expect(border.trim()).toHaveLength(40);
    expect(border.length - border.trimStart().length).toBe(Math.floor((100 - 40) / 2));
    t.keys(KEY.esc);
    await t.waitForLines("closed", (l) => l.some((x) => x.includes("CLOSED Top true")));

    await t.type("/bottom");
    screen = (await t.waitFor("the bottom overlay", (s) => s.includes("at the bottom"))).split("\n");
    const bottom = screen.findIndex((l) => /╰─+╯/.test(l));
    expect(bottom).toBeGreaterThan((2 * rows) / 3);
    // Default width: 60% of the terminal.
    expect(screen[bottom]!.trim()).toHaveLength(60);
    t.keys(KEY.enter);
    await t.waitForLines("closed", (l) => l.some((x) => x.includes("CLOSED Bottom false")));

    await t.type("/long");
    screen = (await t.waitFor("the long overlay", (s) => s.includes("line 1") && s.includes("[Done]"))).split("\n");
    // maxHeight 8: the whole box, borders included, is 8 rows.
    const boxTop = screen.findIndex((l) => l.includes("╭─ Long "));
    expect(screen[boxTop + 7]).toMatch(/^\s*╰─+╯$/);
    expect(screen.join("\n")).toMatch(/\(1-\d+\/30\) ↑↓ scroll/);
    expect(screen.join("\n")).not.toContain("line 30");
    t.keys(KEY.down);
    t.keys(KEY.down);
    await t.waitFor("scrolled down", (s) => /\(3-\d+\/30\)/.test(s) && !/│ line 2\s/.test(s));
    // PageDown a page at a time (10 pages is more than enough) until the last line shows.
    await t.waitFor("the end", (s) => {
      if (!s.includes("line 30")) t.keys("\x1b[6~");
      return s.includes("│ line 30 ") && /\(27-30\/30\)/.test(s);
    });
    t.keys(KEY.enter);
    await t.waitForLines("closed", (l) => l.some((x) => x.includes("CLOSED Long false Done")));

    await t.type("/live");
    const seen = new Set<string>();
    await t.waitFor("the overlay's content redrawn on its own", (s) => {
      const m = /count \d+/.exec(s);
      if (m) seen.add(m[0]);
      return seen.size >= 4;
    });
    t.keys(KEY.esc);
    await t.waitForLines("closed", (l) => l.some((x) => x.includes("CLOSED Live true")));
    await t.waitFor("the editor back", (s) => s.includes("› Ask anything"));
    expect(await t.quit()).toBe(0);
  });
});
