/**
 * Talking to a running turn, end to end in a pseudo-terminal against the scripted provider: Enter
 * sends a message into the turn (the model sees it on the call after the tools in flight), Alt+Enter
 * queues one for after the turn, an extension sees steering through `input` (source "steer") and
 * can steer itself (ctx.steer); Esc and Ctrl+C cancel the turn and give undelivered messages back.
 */
import { describe, expect, test, setDefaultTimeout } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { text, toolCall } from "../support/mock-llm.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { KEY, KitTerminal, workspace } from "./interactive-support.ts";
import { onlySession, readLines } from "./sessions-support.ts";

setDefaultTimeout(60_000);
const mock = useMockLLM();

/** A bash call that runs until the test creates `file` in the project: the user types while it runs. */
const waitForFile = (file: string) => toolCall("bash", { command: `while [ ! -f ${file} ]; do sleep 0.05; done; echo ${file}-seen` });

function kit(files: Record<string, string> = {}, args: string[] = []) {
  const w = workspace(files);
  const t = new KitTerminal({ args: ["--provider-url", mock.url, "-m", "anthropic/claude-haiku-4-5", ...args], cwd: w.cwd, env: w.env });
  const base = mock.requests.length;
  /** The JSON of this test's i-th request's messages. */
  const sent = (i: number) => JSON.stringify(mock.requests[base + i]!.body.messages);
  return { t, ...w, sent, requests: () => mock.requests.length - base };
}

describe("steering a running turn", () => {
  test("Enter during a tool call: the next request carries the message, after the tool's result; Alt+Enter waits for the turn", async () => {
    const { t, cwd, env, sent, requests } = kit();
    mock.push(waitForFile("go"), toolCall("bash", { command: "echo second-tool" }), text("Done, using the other file."), text("Answer to the follow-up."));
    await t.ready();
    await t.type("start the work");
    await t.waitFor("the first tool running", (s) => s.includes("while [ ! -f go ]") && s.includes("Working…"));
    t.keys("use the other file");
    // While there is something to send, the spinner line says what Enter and Alt+Enter do with it.
    await t.waitFor("the send hint", (s) => s.includes("› use the other file") && s.includes("Enter: into this turn · Alt+Enter: after it"));
    t.keys(KEY.enter);
    t.keys("and then summarise");
    await t.waitFor("the typed follow-up", (s) => s.includes("› and then summarise"));
    t.keys(KEY.altEnter);
    // Which is which: one goes into this turn, one after it.
    const waiting = await t.waitFor("both waiting", (s) => s.includes("↳ steering: use the other file") && s.includes("↳ queued: and then summarise"));
    expect(waiting).toContain("Working…");
    expect(requests()).toBe(1);
    writeFileSync(join(cwd, "go"), "");
    await t.waitFor("the follow-up's answer", (s) => s.includes("Answer to the follow-up.") && !s.includes("Working…"));
    expect(requests()).toBe(4);
    // The second call of the turn has the steering message after the first tool's result; the first call had not.
    expect(sent(0)).not.toContain("use the other file");
    expect(sent(1)).toContain("use the other file");
    expect(sent(1).indexOf("go-seen")).toBeLessThan(sent(1).indexOf("use the other file"));
    expect(sent(1)).not.toContain("and then summarise");
    // The follow-up ran as a turn of its own, after the steered turn's answer.
    expect(sent(3)).toContain("and then summarise");
    expect(sent(3).indexOf("Done, using the other file.")).toBeLessThan(sent(3).indexOf("and then summarise"));
    // The transcript shows the steering message where the model got it: after the first tool, before the second.
    const lines = await t.lines();
    const firstTool = lines.findIndex((l) => l.includes("while [ ! -f go ]"));
    const steer = lines.indexOf("› use the other file");
    const secondTool = lines.findIndex((l) => l.includes("echo second-tool"));
    expect(firstTool).toBeGreaterThan(-1);
    expect(steer).toBeGreaterThan(firstTool);
    expect(secondTool).toBeGreaterThan(steer);
    expect(lines.indexOf("› and then summarise")).toBeGreaterThan(lines.findIndex((l) => l.includes("Done, using the other file.")));
    // The session keeps it as a user message of the turn.
    const users = readLines(onlySession(env, cwd)).filter((l) => l.type === "message" && l.role === "user").map((l) => JSON.stringify(l.content));
    expect(users.length).toBe(3);
    expect(users[1]).toContain("use the other file");
    expect(await t.quit()).toBe(0);
  });

  test("an extension sees steering through input (source steer) and may rewrite it; ctx.steer sends into the turn", async () => {
    const ext = `export default (kit) => {
      kit.onInput((e) => e.source === "steer" ? { action: "transform", text: "STEERED(" + e.text + ")" } : undefined);
      kit.onToolExecutionStart((e, ctx) => { if (e.toolName === "bash") ctx.steer("from the extension"); });
    };`;
    const { t, cwd, sent } = kit({ "ext.ts": ext }, ["-e", "./ext.ts"]);
    mock.push(waitForFile("go"), text("Both heard."));
    await t.ready();
    await t.type("start");
    await t.waitFor("the tool running", (s) => s.includes("while [ ! -f go ]"));
    await t.type("mine");
    await t.waitFor("both waiting", (s) => s.includes("↳ steering: from the extension") && s.includes("↳ steering: mine"));
    writeFileSync(join(cwd, "go"), "");
    await t.waitFor("the answer", (s) => s.includes("Both heard.") && !s.includes("Working…"));
    expect(sent(1)).toContain("STEERED(from the extension)");
    expect(sent(1)).toContain("STEERED(mine)");
    expect(await t.quit()).toBe(0);
  });
});

describe("cancelling a running turn", () => {
  test("a single Esc cancels during a tool call; the steering and queued messages come back to the input", async () => {
    const { t, requests } = kit();
    mock.push(waitForFile("never"));
    await t.ready();
    await t.type("start");
    await t.waitFor("the tool running", (s) => s.includes("while [ ! -f never ]") && s.includes("Esc to cancel"));
    await t.type("steer me");
    t.keys("later please");
    await t.waitFor("the typed follow-up", (s) => s.includes("› later please"));
    t.keys(KEY.altEnter);
    await t.waitFor("both waiting", (s) => s.includes("↳ steering: steer me") && s.includes("↳ queued: later please"));
    t.keys(KEY.esc);
    const after = await t.waitFor("the cancel", (s) => s.includes("Cancelled.") && !s.includes("Working…"));
    expect(after).not.toContain("↳ ");
    expect(after).toContain("› steer me");
    expect(after).toContain("later please");
    expect(requests()).toBe(1);
    expect(await t.quit()).toBe(0);
  });

  test("Ctrl+C during a streamed answer cancels the turn without quitting; on an idle empty input it arms the quit", async () => {
    const { t, sent } = kit();
    mock.push(text("partial " + "answer ".repeat(200), { tokenDelayMs: 40, chunkSize: 4 }), text("Still here."));
    await t.ready();
    await t.type("long question");
    await t.waitFor("streaming", (s) => s.includes("partial answer"));
    t.keys(KEY.ctrlC);
    const after = await t.waitFor("the cancel", (s) => s.includes("Cancelled.") && !s.includes("Working…"));
    expect(after).not.toContain("Ctrl+C again");
    await t.type("are you there");
    await t.waitFor("the next answer", (s) => s.includes("Still here.") && !s.includes("Working…"));
    expect(sent(1)).toContain("partial answer");
    t.keys(KEY.ctrlC);
    await t.waitFor("the quit hint", (s) => s.includes("Press Ctrl+C again to quit"));
    t.keys(KEY.ctrlC);
    expect(await t.proc.exited).toBe(0);
  });
});
