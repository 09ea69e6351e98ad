/**
 * How extensions' renderers, prompts and themes look in the interactive terminal, end to end in a
 * pseudo-terminal: a tool renderer replaces only the arguments part of a tool's header (its mark and
 * name stay) and bodyMarkdown applies to its body; prompt messages keep their lines and wrap to the
 * dialog; a theme an extension registers, once chosen, is the theme of the next start.
 */
import { describe, expect, test, setDefaultTimeout } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { text, toolCall } from "../support/mock-llm.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { KEY, KitTerminal, workspace } from "./interactive-support.ts";

setDefaultTimeout(60_000);
const mock = useMockLLM();
const EXAMPLES = resolve(import.meta.dir, "../../extensions");
/** Colours on, so the tests can read a cell's colour. */
const COLOURS = { NO_COLOR: undefined, COLORTERM: "truecolor" };

type Workspace = ReturnType<typeof workspace>;

/** kit with the extensions (example names or ./paths in the workspace), in a new workspace or again in `again`'s. */
function start(o: { extensions: string[]; files?: Record<string, string>; cols?: number; again?: Workspace }) {
  const w = o.again ?? workspace(o.files);
  const env = Object.fromEntries(Object.entries({ ...w.env, ...COLOURS }).filter((e): e is [string, string] => e[1] !== undefined));
  const args = ["--provider-url", mock.url, "-m", "anthropic/claude-haiku-4-5", ...o.extensions.flatMap((e) => ["-e", e.includes("/") ? e : join(EXAMPLES, e)])];
  return { t: new KitTerminal({ args, cwd: w.cwd, env, cols: o.cols ?? 100, rows: 36 }), w };
}

/** The foreground colour (#rrggbb) of the first cell of the last line of the scrollback or screen that `match` finds. */
async function colourAt(t: KitTerminal, match: (line: string) => boolean, column = 0): Promise<string> {
  const lines = await t.lines();
  const row = lines.findLastIndex(match);
  if (row < 0) throw new Error(`no line matches; lines:\n${lines.join("\n")}`);
  const cell = t.xterm.buffer.active.getLine(row)!.getCell(column)!;
  return cell.isFgRGB() ? "#" + cell.getFgColor().toString(16).padStart(6, "0") : "none";
}

/** Where the screen's cursor is drawn (kit draws it as an inverse cell). */
async function cursorCell(t: KitTerminal): Promise<{ row: number; col: number } | undefined> {
  await t.screen();
  const b = t.xterm.buffer.active;
  for (let row = 0; row < t.xterm.rows; row++) {
    const line = b.getLine(b.baseY + row)!;
    for (let col = 0; col < t.xterm.cols; col++) if (line.getCell(col)?.isInverse()) return { row, col };
  }
  return undefined;
}

/** Waits until the editor's prompt ("› ") is drawn in `hex`; fails with the colour it has after a generous wait. */
async function waitForPromptColour(t: KitTerminal, hex: string, timeoutMs = 20_000): Promise<void> {
  let seen = "";
  for (let waited = 0; waited <= timeoutMs; waited += 25) {
    seen = (await t.screen()).some((l) => l.startsWith("› ")) ? await colourAt(t, (l) => l.startsWith("› ")) : "";
    if (seen === hex) return;
    await Bun.sleep(25);
  }
  throw new Error(`the prompt is drawn in ${seen || "nothing"}, not ${hex}; screen:\n${(await t.screen()).join("\n")}`);
}

// kitt (dark): the running mark is the tool colour, a failed call's mark the error colour.
const KITT = { tool: "#79c0ff", error: "#f85149", primary: "#ff2d2d" };

describe("tool renderers", () => {
  test("renderHeader replaces only the arguments: the mark (running, failed) and the name stay; bodyMarkdown renders renderBody's text", async () => {
    const ext = `export default (kit) => kit.registerToolRenderer({
      toolName: "bash",
      displayName: "Shell",
      bodyMarkdown: true,
      renderHeader: (json) => "ARGS " + JSON.parse(json).command.split(";")[0],
      renderBody: (result, isError) => (isError ? "**failed** run" : "**bold** body: \`" + result.trim() + "\`"),
    });`;
    const { t, w } = start({ extensions: ["./r.ts"], files: { "r.ts": ext } });
    // The first command waits for the test, so its running state is on screen for as long as needed.
    mock.push(toolCall("bash", { command: "until [ -f go ]; do sleep 0.05; done; echo out-1" }), toolCall("bash", { command: "exit 3" }), text("Both ran."));
    await t.ready();
    await t.type("run them");
    await t.waitFor("the running call's header", (s) => s.includes("● Shell ARGS until [ -f go ]"));
    expect(await colourAt(t, (l) => l.startsWith("● Shell ARGS until"))).toBe(KITT.tool);
    writeFileSync(join(w.cwd, "go"), "");
    await t.waitFor("the answer", (s) => s.includes("Both ran.") && !s.includes("Working…"));
    const lines = await t.lines();
    const all = lines.join("\n");
    expect(all).toMatch(/^● Shell ARGS until \[ -f go \]$/m);
    expect(all).toMatch(/^│ bold body: out-1$/m);
    expect(all).toMatch(/^● Shell ARGS exit 3$/m);
    expect(all).toMatch(/^│ failed run$/m);
    expect(all).not.toContain("**");
    expect(await colourAt(t, (l) => l.startsWith("● Shell ARGS exit 3"))).toBe(KITT.error);
    expect(await t.quit()).toBe(0);
  });
});

describe("prompt messages", () => {
  const PROMPTS = `export default (kit) => kit.registerCommand({ name: "ask", description: "every prompt", execute: async (_a, ctx) => {
    const message = "Run this prompt:\\n  make deploy\\n\\nProceed?";
    const long = "Word " + Array.from({ length: 30 }, (_, i) => "w" + i).join(" ") + " END";
    const a = await ctx.promptConfirm({ message });
    const b = await ctx.promptSelect({ message: "Pick one:\\n" + long, options: ["x", "y"] });
    const c = await ctx.promptInput({ message: "Name it:\\nsecond line" });
    const d = await ctx.promptMultiSelect({ message: "Several:\\nsecond line", options: ["p", "q"] });
    ctx.printInfo("ANSWERS " + [a.value, b.value, c.value, d.values.join("+")].join(" "));
  } });`;

  test("confirm, select, input and multi-select show a message's lines as lines, long ones wrapped to the dialog", async () => {
    const cols = 60;
    const { t } = start({ extensions: ["./p.ts"], files: { "p.ts": PROMPTS }, cols });
    // (ready() looks for the start line, which wraps at this width.)
    await t.waitFor("kit to start", (s) => s.includes("› Ask anything"));
    await t.type("/ask");
    let screen = (await t.waitFor("the confirm dialog", (s) => s.includes("Proceed?"))).split("\n");
    const first = screen.indexOf("Run this prompt:");
    expect(screen.slice(first, first + 4)).toEqual(["Run this prompt:", "  make deploy", "", "Proceed?"]);
    t.keys("y");

    screen = (await t.waitFor("the select dialog", (s) => s.includes("END"))).split("\n");
    const pick = screen.indexOf("Pick one:");
    expect(pick).toBeGreaterThanOrEqual(0);
    // The long line is wrapped, whole, to the 60 columns: every word is there, none is cut.
    const wrapped = screen.slice(pick + 1, screen.findIndex((l) => l.includes("END")) + 1);
    expect(wrapped.length).toBeGreaterThan(1);
    for (const line of wrapped) expect(line.length).toBeLessThanOrEqual(cols);
    expect(wrapped.join(" ").split(/\s+/)).toEqual(["Word", ...Array.from({ length: 30 }, (_, i) => "w" + i), "END"]);
    t.keys(KEY.down);
    t.keys(KEY.enter);

    screen = (await t.waitFor("the input dialog", (s) => s.includes("Name it:"))).split("\n");
    const name = screen.indexOf("Name it:");
    expect(screen[name + 1]).toBe("second line");
    expect(screen[name + 2]).toStartWith("›");
    t.keys("abc");
    await t.waitFor("the typed text", (s) => s.split("\n")[name + 2]!.trimEnd() === "› abc");
    // The cursor (drawn as an inverse cell) is on the input line, under the message's two lines, after the text.
    expect(await cursorCell(t)).toEqual({ row: name + 2, col: "› abc".length });
    t.keys(KEY.enter);

    screen = (await t.waitFor("the multi-select dialog", (s) => s.includes("Several:"))).split("\n");
    expect(screen[screen.indexOf("Several:") + 1]).toBe("second line");
    t.keys(KEY.enter);
    await t.waitForLines("the answers", (l) => l.some((x) => x.includes("ANSWERS true y abc p+q")));
    expect(await t.quit()).toBe(0);
  });
});

describe("themes", () => {
  const NEON_PRIMARY = "#ff2bd6"; // neon-theme.ts, dark
  const prefsOf = (w: Workspace) => join(w.home, ".config", "kit", "preferences.yml");

  test("a theme an extension registers in session_start (neon-theme), chosen with /theme, is the theme of the next start", async () => {
    const first = start({ extensions: ["neon-theme.ts"] });
    await first.t.ready();
    await waitForPromptColour(first.t, KITT.primary);
    await first.t.type("/theme neon");
    await first.t.waitFor("the theme notice", (s) => s.includes("Theme: neon"));
    await waitForPromptColour(first.t, NEON_PRIMARY);
    expect(readFileSync(prefsOf(first.w), "utf8")).toContain("theme: neon");
    expect(await first.t.quit()).toBe(0);

    const again = start({ extensions: ["neon-theme.ts"], again: first.w });
    await again.t.ready();
    await waitForPromptColour(again.t, NEON_PRIMARY);
    expect((await again.t.lines()).join("\n")).not.toContain("unknown theme");
    // The restored theme is not re-saved on its own; the file still names it.
    expect(readFileSync(prefsOf(first.w), "utf8")).toContain("theme: neon");
    expect(await again.t.quit()).toBe(0);
  });

  test("a remembered theme that no extension registers is reported once extensions have started; kitt is used", async () => {
    const w = workspace();
    mkdirSync(dirname(prefsOf(w)), { recursive: true });
    writeFileSync(prefsOf(w), "theme: gone\n");
    const { t } = start({ extensions: ["neon-theme.ts"], again: w });
    const lines = await t.waitForLines("the notice", (l) => l.some((x) => x.includes('unknown theme "gone"')));
    expect(lines.filter((x) => x.includes("unknown theme"))).toHaveLength(1);
    await t.ready();
    await waitForPromptColour(t, KITT.primary);
    expect(await t.quit()).toBe(0);
  });
});
