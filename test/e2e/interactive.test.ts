/**
 * The interactive UI end to end: the built kit in a pseudo-terminal against the scripted provider,
 * keys typed through the pty, the screen and scrollback read through @xterm/headless. Streaming,
 * tool blocks, queueing, cancelling, quitting, slash commands, themes, resizing, long replies,
 * shell commands, @files and --no-exit.
 */
import { describe, expect, test, setDefaultTimeout } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { text, toolCall } from "../support/mock-llm.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { KEY, KitTerminal, workspace } from "./interactive-support.ts";

// Each test drives a whole kit through several turns; every wait has its own generous limit.
setDefaultTimeout(60_000);
const mock = useMockLLM();
/** A model the Anthropic SDK does not warn about, so transcripts hold only what the test scripted. */
const MODEL = ["-m", "anthropic/claude-haiku-4-5"];

function kit(opts: { files?: Record<string, string>; args?: string[]; cols?: number; rows?: number; env?: Record<string, string | undefined> } = {}) {
  const w = workspace(opts.files);
  const env = Object.fromEntries(Object.entries({ ...w.env, ...opts.env }).filter((e): e is [string, string] => e[1] !== undefined));
  const t = new KitTerminal({ args: ["--provider-url", mock.url, ...MODEL, ...(opts.args ?? [])], cwd: w.cwd, env, cols: opts.cols ?? 100, rows: opts.rows ?? 30 });
  // The provider's record is shared by the file's tests: this test's requests start here.
  const base = mock.requests.length;
  /** The messages of this test's i-th request. */
  const messages = (i: number) => mock.requests[base + i]!.body.messages as { role: string; content: { type: string; text?: string }[] | string }[];
  /** The text of the last user message of this test's i-th request. */
  const lastUserText = (i: number) => {
    const last = messages(i).filter((m) => m.role === "user").pop()!;
    return typeof last.content === "string" ? last.content : last.content.map((c) => c.text ?? "").join("\n");
  };
  return { t, ...w, messages, lastUserText, requests: () => mock.requests.length - base };
}

/** Index of the first line equal to `line`, failing when it is missing. */
function indexOf(lines: string[], line: string): number {
  const i = lines.indexOf(line);
  if (i < 0) throw new Error(`"${line}" is not in:\n${lines.join("\n")}`);
  return i;
}

describe("interactive: turns", () => {
  test("the answer streams into the live region, then sits in the scrollback once, after the prompt", async () => {
    const { t, lastUserText } = kit();
    mock.push(text("First paragraph of the answer, streamed slowly.\n\nSecond paragraph ends it.", { tokenDelayMs: 40, chunkSize: 4 }));
    await t.ready();
    await t.type("tell me something");
    // Part of the answer is on screen while the spinner says a turn runs.
    const partial = await t.waitFor("a partial answer", (s) => s.includes("First parag") && s.includes("Working…"));
    expect(partial).not.toContain("Second paragraph ends it.");
    await t.waitFor("the whole answer", (s) => s.includes("Second paragraph ends it.") && !s.includes("Working…"));
    const lines = await t.lines();
    const prompt = indexOf(lines, "› tell me something");
    const first = indexOf(lines, "First paragraph of the answer, streamed slowly.");
    expect(first).toBeGreaterThan(prompt);
    expect(lines[first + 1]).toBe("");
    expect(lines[first + 2]).toBe("Second paragraph ends it.");
    expect(lines.filter((l) => l.includes("First paragraph")).length).toBe(1);
    expect(lastUserText(0)).toBe("tell me something");
    expect(await t.quit()).toBe(0);
  });

  test("a tool call is a block with the command and its output, before the answer that follows it", async () => {
    const { t, messages } = kit();
    mock.push(toolCall("bash", { command: "echo tool-output-42" }), text("All done with the tool."));
    await t.ready();
    await t.type("run the tool");
    await t.waitFor("the answer after the tool", (s) => s.includes("All done with the tool.") && !s.includes("Working…"));
    const lines = await t.lines();
    const header = lines.findIndex((l) => /^● Bash echo tool-output-42$/.test(l));
    expect(header).toBeGreaterThan(indexOf(lines, "› run the tool"));
    expect(lines[header + 1]).toBe("│ tool-output-42");
    expect(indexOf(lines, "All done with the tool.")).toBeGreaterThan(header);
    // The tool really ran: its output went back to the model.
    expect(JSON.stringify(messages(1))).toContain("tool-output-42");
    expect(await t.quit()).toBe(0);
  });

  test("Alt+Enter while a turn runs queues the message; it is sent when the turn ends", async () => {
    const { t, lastUserText, requests } = kit();
    mock.push(text("slow answer " + "word ".repeat(60), { tokenDelayMs: 30, chunkSize: 5 }), text("Answer to the queued one."));
    await t.ready();
    await t.type("first question");
    await t.waitFor("the first answer streaming", (s) => s.includes("slow answer"));
    t.keys("second question");
    await t.waitFor("the typed text", (s) => s.includes("› second question"));
    t.keys(KEY.altEnter);
    const queued = await t.waitFor("the queued message", (s) => s.includes("↳ queued: second question"));
    expect(queued).toContain("Working…");
    expect(requests()).toBe(1);
    await t.waitFor("the answer to the queued message", (s) => s.includes("Answer to the queued one.") && !s.includes("Working…"));
    expect(lastUserText(1)).toBe("second question");
    const lines = await t.lines();
    expect(indexOf(lines, "› second question")).toBeGreaterThan(lines.findIndex((l) => l.startsWith("slow answer")));
    expect((await t.screen()).join("\n")).not.toContain("queued:");
    expect(await t.quit()).toBe(0);
  });

  test("Esc cancels the turn at once: the partial answer stays, the next message works", async () => {
    const { t, messages } = kit();
    mock.push(text("partial " + "answer ".repeat(200), { tokenDelayMs: 40, chunkSize: 4 }), text("Fresh answer."));
    await t.ready();
    await t.type("long question");
    await t.waitFor("streaming", (s) => s.includes("partial answer"));
    t.keys(KEY.esc);
    const after = await t.waitFor("the cancel notice", (s) => s.includes("Cancelled.") && !s.includes("Working…"));
    expect(after).toContain("partial answer");
    await t.type("next question");
    await t.waitFor("the next answer", (s) => s.includes("Fresh answer."));
    // The cancelled answer's text is part of the conversation the model sees next.
    expect(JSON.stringify(messages(1))).toContain("partial answer");
    expect(await t.quit()).toBe(0);
  });

  test("Ctrl+C clears the input; on an empty input, twice quits with exit code 0", async () => {
    const { t } = kit();
    await t.ready();
    t.keys("a draft message");
    await t.waitFor("the draft", (s) => s.includes("› a draft message"));
    t.keys(KEY.ctrlC);
    await t.waitFor("the cleared input", (s) => s.includes("› Ask anything"));
    t.keys(KEY.ctrlC);
    await t.waitFor("the quit hint", (s) => s.includes("Press Ctrl+C again to quit"));
    t.keys(KEY.ctrlC);
    expect(await t.proc.exited).toBe(0);
  });

  test("a 2,000-line reply reaches the scrollback whole: every line once, in order", async () => {
    const { t } = kit({ rows: 24, cols: 80 });
    const reply = Array.from({ length: 2000 }, (_, i) => `Line ${String(i + 1).padStart(4, "0")} of the long reply`);
    // Streamed in many pieces while it is far taller than the screen.
    mock.push(text(reply.join("\n"), { chunkSize: 256, tokenDelayMs: 2 }));
    await t.ready();
    await t.type("a long one please");
    await t.waitFor("the end of the reply", (s) => s.includes("Line 2000 of the long reply") && !s.includes("Working…"));
    // The input sits right under the reply's last line: nothing of the live region was left behind.
    const screen = await t.screen();
    expect(screen[screen.findLastIndex((r) => /^─+$/.test(r)) - 1]).toBe(reply[1999]!);
    const lines = await t.lines();
    const start = indexOf(lines, reply[0]!);
    expect(lines.slice(start, start + 2000)).toEqual(reply);
    expect(lines.filter((l) => l.startsWith("Line ")).length).toBe(2000);
    expect(await t.quit()).toBe(0);
  });
});

describe("interactive: startup", () => {
  test("a load error (a missing -e file) exits 2 with the message, leaving the terminal as it was", async () => {
    const { t } = kit({ args: ["-e", "missing.ts"] });
    expect(await t.proc.exited).toBe(2);
    const lines = await t.lines();
    expect(lines.join("\n")).toMatch(/^kit: missing\.ts: extension \(-e\) not found: \S+missing\.ts$/);
    // Raw mode was never entered: no bracketed paste, no queries whose answers would land in the shell.
    expect(t.raw).not.toContain("\x1b[?2004h");
  });
});

describe("interactive: commands, themes, resize", () => {
  test("typing / lists the commands; Enter on a suggestion runs it (/usage shows the session's figures)", async () => {
    const { t } = kit();
    await t.ready();
    t.keys("/us");
    const list = await t.waitFor("the suggestions", (s) => s.includes("/usage"));
    expect(list).toMatch(/\/usage\s+Tokens, cost and context use of this session/);
    t.keys(KEY.enter);
    const shown = await t.waitFor("the usage box", (s) => s.includes("Requests"));
    expect(shown).toMatch(/Requests\s+0/);
    expect(shown).toContain("Cost");
    await t.type("/help");
    // The whole block (taller than the screen, so its end is on screen and the rest in the scrollback).
    await t.waitFor("the end of the help", (s) => s.includes("quit (on an empty input)"));
    const help = (await t.lines()).join("\n");
    expect(help).toContain("/reload-ext");
    for (const name of ["/model", "/thinking", "/compact [focus]", "/resume", "/tree", "/fork", "/export"]) expect(help).toContain(name);
    expect(await t.quit()).toBe(0);
  });

  test("/theme switches the colours at once, and the choice is remembered for the next start", async () => {
    const colours = { NO_COLOR: undefined, COLORTERM: "truecolor" };
    const { t, cwd, home, env } = kit({ env: colours });
    const promptColour = async (term: KitTerminal) => {
      const screen = await term.screen();
      // The editor's prompt: the last row starting with it (user messages above were painted when sent).
      const row = screen.findLastIndex((l) => l.startsWith("› "));
      const cell = term.xterm.buffer.active.getLine(term.xterm.buffer.active.baseY + row)!.getCell(0)!;
      return cell.isFgRGB() ? "#" + cell.getFgColor().toString(16).padStart(6, "0") : "none";
    };
    await t.ready();
    expect(await promptColour(t)).toBe("#ff2d2d"); // kitt's primary (dark)
    await t.type("/theme dracula");
    await t.waitFor("the theme notice", (s) => s.includes("Theme: dracula"));
    expect(await promptColour(t)).toBe("#bd93f9"); // dracula's primary (dark)
    expect(readFileSync(join(home, ".config", "kit", "preferences.yml"), "utf8")).toContain("theme: dracula");
    expect(await t.quit()).toBe(0);

    const again = new KitTerminal({ args: ["--provider-url", mock.url, ...MODEL], cwd, env: Object.fromEntries(Object.entries({ ...env, ...colours }).filter((e): e is [string, string] => e[1] !== undefined)) });
    await again.ready();
    expect(await promptColour(again)).toBe("#bd93f9");
    expect(await again.quit()).toBe(0);
  });

  test("/model picks a model with a filter; /thinking sets the level; both apply to the next call and are remembered", async () => {
    const { t, home } = kit();
    mock.push(text("From the new model."));
    await t.ready();
    await t.type("/model");
    await t.waitFor("the model picker", (s) => s.includes("Model (now anthropic/claude-haiku-4-5)"));
    t.keys("opus-4-6");
    await t.waitFor("the filtered list", (s) => /^› anthropic\/claude-opus-4-6\b/m.test(s));
    t.keys(KEY.enter);
    await t.waitFor("the switch", (s) => s.includes("Model: anthropic/claude-opus-4-6") && s.includes("anthropic/claude-opus-4-6 · thinking off"));
    await t.type("/thinking high");
    await t.waitFor("the level", (s) => s.includes("Thinking level: high") && s.includes("claude-opus-4-6 · thinking high"));
    await t.type("which model?");
    await t.waitFor("the answer", (s) => s.includes("From the new model."));
    const request = mock.requests[mock.requests.length - 1]!.body;
    expect(request.model).toBe("claude-opus-4-6");
    expect(request.thinking).toBeDefined();
    const prefs = readFileSync(join(home, ".config", "kit", "preferences.yml"), "utf8");
    expect(prefs).toContain("model: anthropic/claude-opus-4-6");
    expect(prefs).toContain("thinking-level: high");
    expect(await t.quit()).toBe(0);
  });

  test("/compact summarises the conversation; the next call starts from the summary", async () => {
    const { t, lastUserText, messages } = kit();
    // A first answer longer than what compaction keeps verbatim (about 20,000 tokens), so there is something to summarise.
    const long = Array.from({ length: 1500 }, (_, i) => `Detail ${i} of the long first answer, with enough words to count.`).join("\n");
    mock.push(text(long, { chunkSize: 4000 }), text("Short second answer."), text("SUMMARY: the user asked a first question."), text("Third answer."));
    await t.ready();
    await t.type("first question");
    await t.waitFor("the first answer", (s) => s.includes("Detail 1499 of") && !s.includes("Working…"));
    await t.type("second question");
    await t.waitFor("the second answer", (s) => s.includes("Short second answer.") && !s.includes("Working…"));
    await t.type("/compact keep it short");
    await t.waitFor("the compaction notice", (s) => /Compacted the conversation: about \d+ → \d+ tokens/.test(s));
    expect(JSON.stringify(messages(2))).toContain("keep it short");
    await t.type("third question");
    await t.waitFor("the third answer", (s) => s.includes("Third answer."));
    expect(JSON.stringify(messages(3)[0])).toContain("SUMMARY: the user asked a first question.");
    // The first question itself was replaced by the summary.
    expect(JSON.stringify(messages(3)).includes('"text":"first question"')).toBe(false);
    expect(lastUserText(3)).toBe("third question");
    expect(await t.quit()).toBe(0);
  });

  test("a resize redraws the live region at the new width and fires terminal_resize", async () => {
    const ext = `export default (kit) => kit.onTerminalResize((e, ctx) =>
      ctx.setWidget({ id: "size", content: { text: "term " + e.width + "x" + e.height }, style: { noBorder: true } }));`;
    const { t } = kit({ files: { "size.ts": ext }, args: ["-e", "size.ts"], cols: 100, rows: 30 });
    await t.ready();
    await t.waitFor("the size at startup", (s) => s.includes("term 100x30"));
    await t.resize(60, 20);
    const screen = await t.waitFor("the new size", (s) => s.includes("term 60x20"));
    const rows = screen.split("\n");
    expect(rows.every((r) => r.length <= 60)).toBe(true);
    expect(rows).toContain("─".repeat(60));
    // The editor and status bar are drawn once, at the bottom, not left behind at the old width.
    expect(rows.filter((r) => r.startsWith("› Ask anything")).length).toBe(1);
    expect(rows.filter((r) => r.includes("─".repeat(61))).length).toBe(0);
    expect(await t.quit()).toBe(0);
  });
});

describe("interactive: shell commands, files, --no-exit", () => {
  test("!cmd output goes with the next message; !!cmd output is only shown", async () => {
    const { t, lastUserText, requests } = kit();
    mock.push(text("Noted."));
    await t.ready();
    await t.type("!echo shell-in-context");
    await t.waitFor("the shell block", (s) => s.includes("│ shell-in-context") && !s.includes("Running…"));
    await t.type("!!echo shell-kept-out");
    await t.waitFor("the second shell block", (s) => s.includes("│ shell-kept-out") && s.includes("not sent to the model"));
    expect((await t.screen()).join("\n")).toContain("1 shell output will go with your next message");
    expect(requests()).toBe(0);
    await t.type("what did it print?");
    await t.waitFor("the answer", (s) => s.includes("Noted."));
    const sent = lastUserText(0);
    expect(sent).toContain('<shell command="echo shell-in-context" exit_code="0">');
    expect(sent).toContain("shell-in-context");
    expect(sent).not.toContain("shell-kept-out");
    expect(sent.endsWith("what did it print?")).toBe(true);
    expect(await t.quit()).toBe(0);
  });

  test("@ suggests project files; Tab completes one and the file is attached to the message", async () => {
    const { t, cwd, lastUserText } = kit({ files: { "notes.txt": "the secret word is pumpkin\n", "src/main.ts": "x" } });
    mock.push(text("It says pumpkin."));
    await t.ready();
    t.keys("read @not");
    await t.waitFor("the file suggestion", (s) => /^\s*› notes\.txt/m.test(s) || s.includes("notes.txt\n"));
    t.keys(KEY.tab);
    await t.waitFor("the completed reference", (s) => s.includes("› read @notes.txt"));
    t.keys(KEY.enter);
    await t.waitFor("the answer", (s) => s.includes("It says pumpkin."));
    const sent = lastUserText(0);
    expect(sent).toContain(`<file path="${join(cwd, "notes.txt")}">`);
    expect(sent).toContain("the secret word is pumpkin");
    expect(await t.quit()).toBe(0);
  });

  test("--no-exit sends the command line's prompt first, then stays interactive", async () => {
    const { t, lastUserText } = kit({ args: ["--no-exit", "first from the command line"] });
    mock.push(text("Answer one."), text("Answer two."));
    await t.waitFor("the first answer", (s) => s.includes("Answer one.") && !s.includes("Working…"));
    expect(lastUserText(0)).toBe("first from the command line");
    await t.type("and a second one");
    await t.waitFor("the second answer", (s) => s.includes("Answer two."));
    expect(await t.quit()).toBe(0);
  });
});
