/**
 * The rough edges a first interactive session hits (issue #24), end to end in a pseudo-terminal
 * against the scripted provider: /tools, /help and /session laid out for copying and reading, an
 * unknown /command kept back, Enter on a completed argument, counts in the right number, the context
 * meter across /model and a failed request, SDK and runtime warnings as one notice, and the resume
 * command printed on exit.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { text, toolCall, type Step } from "../support/mock-llm.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { q, shell, userEnv, project } from "./headless-support.ts";
import { KEY, KitTerminal, workspace } from "./interactive-support.ts";

// Each test drives a whole kit through several steps; every wait has its own generous limit.
setDefaultTimeout(60_000);
const mock = useMockLLM();

function kit(opts: { args?: string[]; cols?: number; env?: Record<string, string>; w?: ReturnType<typeof workspace> } = {}) {
  const w = opts.w ?? workspace();
  const args = ["--provider-url", mock.url, ...(opts.args?.includes("-m") ? [] : ["-m", "anthropic/claude-haiku-4-5"]), ...(opts.args ?? [])];
  const t = new KitTerminal({ args, cwd: w.cwd, env: { ...w.env, ...opts.env }, cols: opts.cols ?? 100, rows: 30 });
  const base = mock.requests.length;
  return { t, w, requests: () => mock.requests.length - base, request: (i: number) => mock.requests[base + i]!.body };
}

/** Sends a prompt and waits for the scripted answer with the turn over. */
async function ask(t: KitTerminal, prompt: string, answer: string): Promise<void> {
  await t.type(prompt);
  await t.waitFor(`the answer "${answer}"`, (s) => s.includes(answer) && !s.includes("Working…"));
}

/** The scrollback as a user copies it: rows the terminal wrapped softly joined into one line. */
async function copiedLines(t: KitTerminal): Promise<string[]> {
  await t.lines();
  const b = t.xterm.buffer.active;
  const out: string[] = [];
  for (let i = 0; i < b.length; i++) {
    const row = b.getLine(i)!;
    if (row.isWrapped && out.length) out[out.length - 1] += row.translateToString(true);
    else out.push(row.translateToString(true));
  }
  return out;
}

/** The rows of a box from its title to its bottom border. */
function box(lines: string[], title: string): string[] {
  const top = lines.findLastIndex((l) => l.startsWith(`╭─ ${title} `));
  if (top < 0) throw new Error(`no box "${title}" in:\n${lines.join("\n")}`);
  const bottom = lines.findIndex((l, i) => i > top && l.startsWith("╰"));
  return lines.slice(top + 1, bottom);
}

/** The column where the text after the first run of two or more spaces (a name's padding) starts. */
const descriptionColumn = (row: string) => /^(│ .*?\S {2,})\S/.exec(row)![1]!.length;

describe("interactive: a first session's rough edges", () => {
  test("/tools wraps each description under its column and cuts a long one at a word with …", async () => {
    const { t } = kit({ cols: 80 });
    await t.ready();
    await t.type("/tools");
    await t.waitFor("the tools box", (s) => /╰─+╯/.test(s));
    const rows = box(await t.lines(), "Tools");
    const bash = rows.findIndex((r) => r.startsWith("│ ● bash"));
    const column = descriptionColumn(rows[bash]!);
    // bash's description takes two rows, the second under the first's column, ending in a whole word and "…".
    const second = rows[bash + 1]!;
    expect(second.slice(0, column)).toBe("│" + " ".repeat(column - 1));
    expect(second.slice(column)).toMatch(/^\S/);
    expect(second).toMatch(/\S…\s*│$/);
    expect(rows[bash + 2]).toMatch(/^│ [●○] \S/);
    // Every tool's first row starts its description at the same column.
    for (const row of rows.filter((r) => /^│ [●○] /.test(r))) expect(descriptionColumn(row)).toBe(column);
    expect(await t.quit()).toBe(0);
  });

  test("/help: a description too long for the row goes on under its own column", async () => {
    const { t } = kit({ cols: 70 });
    await t.ready();
    await t.type("/help");
    await t.waitFor("the help box", (s) => s.includes("Keys (/shortcuts") && /╰─+╯/.test(s));
    const rows = box(await t.lines(), "Commands");
    const clear = rows.findIndex((r) => r.startsWith("│ /clear "));
    const column = descriptionColumn(rows[clear]!);
    expect(rows[clear + 1]!.slice(0, column)).toBe("│" + " ".repeat(column - 1));
    expect(rows[clear + 1]!.slice(column)).toMatch(/^\S/);
    expect(rows[clear]! + rows[clear + 1]).toContain("on disk)");
    expect(await t.quit()).toBe(0);
  });

  test("/session and a session switch: the file's path is one unbroken line to copy, an OSC 8 link where the terminal has them", async () => {
    const { t } = kit({ cols: 80, env: { FORCE_HYPERLINK: "1" } });
    mock.push(text("Noted."));
    await t.ready();
    await ask(t, "hello", "Noted.");
    await t.type("/session");
    await t.waitFor("the session file", (s) => s.includes("File "));
    const file = (await copiedLines(t)).find((l) => l.startsWith("  File  "))!;
    const path = file.slice("  File  ".length);
    // Longer than the terminal is wide, yet whole: no border and no line break in it.
    expect(path.length).toBeGreaterThan(80);
    expect(path).toMatch(/^\/\S+\.jsonl$/);
    expect(await Bun.file(path).exists()).toBe(true);
    expect(t.raw).toContain(`\x1b]8;;file://${path}\x1b\\${path}\x1b]8;;\x1b\\`);
    // A switch to another session names its file the same way.
    await t.type("/new");
    await t.waitFor("the new session", (s) => /• Session [0-9a-f-]{36}/.test(s));
    const files = (await copiedLines(t)).filter((l) => l.startsWith("  File  ")).map((l) => l.slice("  File  ".length));
    expect(files).toHaveLength(2);
    expect(files[1]).toMatch(/^\/\S+\.jsonl$/);
    expect(files[1]).not.toBe(path);
    expect(await t.quit()).toBe(0);
  });

  test("an unknown /command is kept back with a did-you-mean; // and a leading space send a slash", async () => {
    const { t, requests, request } = kit();
    mock.push(text("Literal one."), text("Literal two."));
    await t.ready();
    await t.type("/helo there");
    await t.waitFor("the error", (s) => s.includes("unknown command /helo, did you mean /help?"));
    // Nothing went to the model; the text waits in the input to be corrected.
    expect((await t.waitForEditor("the kept text", (row) => row.startsWith("› /helo"))).trimEnd()).toBe("› /helo there");
    expect(requests()).toBe(0);
    t.keys(KEY.ctrlC);
    await t.waitForEditor("the cleared input", (row) => row.startsWith("› Ask anything"));
    await ask(t, "//etc/hosts is odd", "Literal one.");
    expect(JSON.stringify(request(0).messages)).toContain('"/etc/hosts is odd"');
    await ask(t, " /helo there", "Literal two.");
    expect(JSON.stringify(request(1).messages)).toContain("/helo there");
    expect(await t.quit()).toBe(0);
  });

  test("Enter on a suggested argument that completes the command runs it at once", async () => {
    const { t } = kit();
    await t.ready();
    t.keys("/model opus-4-6");
    await t.waitFor("the suggestion", (s) => /anthropic\/claude-opus-4-6/.test(s));
    t.keys(KEY.enter);
    await t.waitFor("the switch", (s) => s.includes("Model: anthropic/claude-opus-4-6"));
    expect(await t.editor()).toStartWith("› Ask anything");
    expect(await t.quit()).toBe(0);
  });

  test("/resume counts one message as 1 message", async () => {
    const w = workspace();
    const first = kit({ w });
    // The request fails: the session keeps the one user message.
    mock.push({ kind: "http_error", status: 400, message: "bad request" } as Step);
    await first.t.ready();
    await first.t.type("only message");
    await first.t.waitFor("the failure", (s) => s.includes("bad request") && !s.includes("Working…"));
    expect(await first.t.quit()).toBe(0);
    const again = kit({ w });
    await again.t.ready();
    await again.t.type("/resume");
    const picker = await again.t.waitFor("the picker", (s) => s.includes("only message"));
    expect(picker).toContain("· 1 message");
    expect(picker).not.toContain("1 messages");
    again.t.keys(KEY.esc);
    await again.t.waitFor("the picker to close", (s) => !s.includes("Resume a session"));
    expect(await again.t.quit()).toBe(0);
  });

  test("the context meter keeps the conversation's figure across /model and after a failed request", async () => {
    const { t } = kit();
    mock.push(text("Measured.", { usage: { input: 2400, output: 10 } }), { kind: "http_error", status: 400, message: "bad request" } as Step);
    await t.ready();
    await ask(t, "first", "Measured.");
    await t.waitFor("the measured figure", (s) => s.includes("2.4k/200k"));
    await t.type("/model anthropic/claude-sonnet-4-5");
    // The same conversation against the new model's window.
    const after = await t.waitFor("the switch", (s) => s.includes("Model: anthropic/claude-sonnet-4-5"));
    expect(after).toMatch(/claude-sonnet-4-5 · thinking off · 2\.4k\/(200k|1M)/);
    await t.type("second");
    const failed = await t.waitFor("the failure", (s) => s.includes("bad request") && !s.includes("Working…"));
    expect(failed).toMatch(/· 2\.4k\/(200k|1M)/);
    expect(failed).not.toMatch(/ 0\/(200k|1M)/);
    expect(await t.quit()).toBe(0);
  });

  test("an SDK deprecation warning is one notice line, once per session, not part of the answer", async () => {
    const { t } = kit({ args: ["-m", "anthropic/claude-opus-4-5"] });
    mock.push(text("First answer."), text("Second answer."));
    await t.ready();
    await ask(t, "one", "First answer.");
    await ask(t, "two", "Second answer.");
    const lines = await t.lines();
    const notices = lines.filter((l) => l.includes("deprecated"));
    expect(notices).toEqual(["! The model 'claude-opus-4-5' is deprecated and will reach end-of-life on January 22nd, 2027"]);
    // The notice's one line is followed by the answer's block, with nothing of the SDK's boilerplate.
    expect(lines.join("\n")).not.toContain("Please migrate");
    expect(await t.quit()).toBe(0);
  });

  test("a warning raised with process.emitWarning is one notice, not printed over the screen", async () => {
    const ext = `export default (kit) => kit.registerCommand({ name: "old", description: "uses an old API", execute: () => {
      process.emitWarning("oldApi() is deprecated", "DeprecationWarning");
      process.emitWarning("oldApi() is deprecated", "DeprecationWarning");
      return "ran old";
    } });`;
    const w = workspace({ "old.ts": ext });
    const { t } = kit({ w, args: ["-e", "old.ts"] });
    await t.ready();
    await t.type("/old");
    await t.waitFor("the notice", (s) => s.includes("DeprecationWarning: oldApi() is deprecated"));
    await t.type("/old");
    await t.waitFor("the second run", (s) => s.split("ran old").length === 3);
    const lines = await t.lines();
    expect(lines.filter((l) => l.includes("oldApi() is deprecated"))).toEqual(["! DeprecationWarning: oldApi() is deprecated"]);
    expect(t.raw).not.toContain("(node:");
    expect(await t.quit()).toBe(0);
  });

  test("headless: the SDK's and the runtime's warnings each reach stderr once", async () => {
    const ext = `export default () => {
      process.emitWarning("oldApi() is deprecated", "DeprecationWarning");
      process.emitWarning("oldApi() is deprecated", "DeprecationWarning");
    };`;
    const cwd = project({ "old.ts": ext });
    // Two model calls, each warned about by the SDK.
    mock.push(toolCall("bash", { command: "true" }), text("Done."));
    const r = await shell(`$KIT --provider-url ${q(mock.url)} -m anthropic/claude-opus-4-5 -e old.ts "go"`, { cwd, env: userEnv() });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("Done.");
    expect(r.stderr.split("is deprecated and will reach end-of-life").length - 1).toBe(1);
    expect(r.stderr).not.toContain("Please migrate");
    expect(r.stderr.split("oldApi() is deprecated").length - 1).toBe(1);
    expect(r.stderr).not.toContain("(node:");
  });

  test("exit prints the command that resumes the session; nothing for an empty session or --no-session", async () => {
    const { t, w } = kit();
    mock.push(text("Kept."), text("Not kept."));
    await t.ready();
    await ask(t, "keep this", "Kept.");
    expect(await t.quit()).toBe(0);
    const id = /Resume this session with: kit -r ([0-9a-f]{8,})/.exec(t.raw)?.[1];
    expect(id).toBeDefined();
    // The printed command opens the session again.
    const again = kit({ w, args: ["-r", id!] });
    await again.t.waitFor("the replayed conversation", (s) => s.includes("› keep this") && s.includes("Kept."));
    expect(await again.t.quit()).toBe(0);

    const empty = kit();
    await empty.t.ready();
    expect(await empty.t.quit()).toBe(0);
    expect(empty.t.raw).not.toContain("Resume this session");
    const unsaved = kit({ args: ["--no-session"] });
    await unsaved.t.ready();
    await ask(unsaved.t, "not kept", "Not kept.");
    expect(await unsaved.t.quit()).toBe(0);
    expect(unsaved.t.raw).not.toContain("Resume this session");
  });
});
