/**
 * Seeing what happened, end to end in a pseudo-terminal against the scripted provider: Ctrl+O
 * expands the running tool's cut output (and, idle, prints the last reasoning or tool output whole),
 * /expand prints a finished tool output whole or hands it to $PAGER, and a Markdown paragraph taller
 * than the screen reaches the scrollback while it streams (the live region never exceeds the screen).
 */
import { describe, expect, test, setDefaultTimeout } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { text, toolCall } from "../support/mock-llm.ts";
import { waitUntil } from "../support/process-facts.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { KEY, KitTerminal, workspace } from "./interactive-support.ts";

setDefaultTimeout(60_000);
const mock = useMockLLM();

function kit(opts: { args?: string[]; rows?: number; env?: Record<string, string> } = {}) {
  const w = workspace();
  const t = new KitTerminal({
    args: ["--provider-url", mock.url, "-m", "anthropic/claude-haiku-4-5", ...(opts.args ?? [])],
    cwd: w.cwd,
    env: { ...w.env, ...opts.env },
    cols: 80,
    rows: opts.rows ?? 24,
  });
  return { t, ...w };
}

/** A bash call printing 30 numbered lines (the block shows 8 of them), then waiting for `file` when given. */
const thirtyLines = (file?: string) =>
  toolCall("bash", { command: `for i in $(seq 1 30); do echo out-line-$i; done${file ? `; while [ ! -f ${file} ]; do sleep 0.05; done` : ""}` });

describe("Ctrl+O", () => {
  test("expands the running tool's cut output and collapses it again; the block reaches the scrollback as shown", async () => {
    const { t, cwd } = kit({ rows: 50 });
    mock.push(thirtyLines("go"), text("Listed."));
    await t.ready();
    await t.type("list them");
    await t.waitFor("the cut output", (s) => s.includes("out-line-8") && s.includes("… 22 more lines"));
    t.keys(KEY.ctrlO);
    const open = await t.waitFor("the whole output", (s) => s.includes("out-line-30"));
    expect(open).not.toContain("more lines");
    t.keys(KEY.ctrlO);
    await t.waitFor("cut again", (s) => s.includes("… 22 more lines") && !s.includes("out-line-30"));
    t.keys(KEY.ctrlO);
    await t.waitFor("whole again", (s) => s.includes("out-line-30"));
    writeFileSync(join(cwd, "go"), "");
    await t.waitFor("the answer", (s) => s.includes("Listed.") && !s.includes("Working…"));
    const lines = await t.lines();
    for (let i = 1; i <= 30; i++) expect(lines.filter((l) => l === `│ out-line-${i}`).length).toBe(1);
    expect(lines.join("\n")).not.toContain("more lines");
    expect(await t.quit()).toBe(0);
  });

  test("with no turn running, prints the last reasoning or tool output whole into the scrollback", async () => {
    const { t } = kit({ rows: 40 });
    const reasoning = Array.from({ length: 12 }, (_, i) => `thought number ${i + 1}`).join("\n");
    mock.push(text("Thought it over.", { reasoning: { text: reasoning, signature: "sig" } }), thirtyLines(), text("Counted."));
    await t.ready();
    await t.type("think first");
    await t.waitFor("the answer", (s) => s.includes("Thought it over.") && !s.includes("Working…"));
    // Collapsed to its first line once done.
    expect((await t.lines()).join("\n")).not.toContain("thought number 12");
    t.keys(KEY.ctrlO);
    await t.waitForLines("the whole reasoning", (l) => l.some((x) => x.includes("thought number 12")));
    await t.type("now count");
    await t.waitFor("the second answer", (s) => s.includes("Counted.") && !s.includes("Working…"));
    expect((await t.lines()).join("\n")).not.toContain("out-line-30");
    t.keys(KEY.ctrlO);
    await t.waitForLines("the whole tool output", (l) => l.includes("│ out-line-30"));
    expect(await t.quit()).toBe(0);
  });
});

describe("/expand", () => {
  test("prints the last tool output whole into the scrollback; a count past the oldest says how many there are", async () => {
    const { t } = kit({ rows: 40 });
    mock.push(thirtyLines(), text("Counted."));
    await t.ready();
    await t.type("count");
    await t.waitFor("the answer", (s) => s.includes("Counted.") && !s.includes("Working…"));
    expect((await t.lines()).join("\n")).toContain("… 22 more lines");
    await t.type("/expand");
    await t.waitForLines("the whole output", (l) => l.includes("│ out-line-30"));
    await t.type("/expand 3");
    await t.waitForLines("the error", (l) => l.some((x) => x.includes("There is 1 tool output in this conversation: /expand 1 is the oldest.")));
    expect(await t.quit()).toBe(0);
  });

  test("with $PAGER set, hands the whole output to the pager and comes back to the session", async () => {
    const w = workspace();
    const marker = join(w.cwd, "paged.txt");
    const t = new KitTerminal({
      args: ["--provider-url", mock.url, "-m", "anthropic/claude-haiku-4-5"],
      cwd: w.cwd,
      env: { ...w.env, PAGER: `cat > '${marker}'` },
      cols: 80,
      rows: 30,
    });
    mock.push(thirtyLines(), text("Counted."), text("Still here."));
    await t.ready();
    await t.type("count");
    await t.waitFor("the answer", (s) => s.includes("Counted.") && !s.includes("Working…"));
    await t.type("/expand");
    await waitUntil("the pager to get the output", () => existsSync(marker) && readFileSync(marker, "utf8").includes("out-line-30"), 20_000);
    const paged = readFileSync(marker, "utf8");
    expect(paged.startsWith("bash for i in $(seq 1 30)")).toBe(true);
    for (let i = 1; i <= 30; i++) expect(paged).toContain(`out-line-${i}\n`);
    // The UI is back after the pager: the next message works.
    await t.ready();
    await t.type("anyone there");
    await t.waitFor("the next answer", (s) => s.includes("Still here."));
    expect(await t.quit()).toBe(0);
  });
});

describe("an over-tall paragraph", () => {
  test("its finished lines go to the scrollback while it streams; the live region stays within the screen", async () => {
    const { t } = kit({ rows: 24 });
    // One paragraph (no blank line) of 400 lines, streamed over seconds.
    const reply = Array.from({ length: 400 }, (_, i) => `Row ${String(i + 1).padStart(3, "0")} of a single paragraph`);
    mock.push(text(reply.join("\n"), { chunkSize: 48, tokenDelayMs: 15 }));
    await t.ready();
    await t.type("one long paragraph please");
    // While it still streams, its first line is already above the screen, in the scrollback.
    await t.waitForLines("the paragraph's start in the scrollback mid-stream", (lines) => {
      const inScrollback = lines.slice(0, t.xterm.buffer.active.baseY);
      return inScrollback.includes(reply[0]!) && !lines.includes(reply[399]!);
    });
    const streaming = await t.screen();
    // The screen still holds the editor and the status bar: the live region fits in it.
    expect(streaming.some((row) => row.startsWith("› "))).toBe(true);
    expect(streaming.join("\n")).toContain("Working…");
    await t.waitFor("the end of the reply", (s) => s.includes(reply[399]!) && !s.includes("Working…"));
    const lines = await t.lines();
    // Every line once, in order, with no blank line where the paragraph was cut.
    const first = lines.indexOf(reply[0]!);
    expect(lines.slice(first, first + reply.length)).toEqual(reply);
    for (const row of reply) expect(lines.filter((l) => l === row).length).toBe(1);
    expect(await t.quit()).toBe(0);
  });
});
