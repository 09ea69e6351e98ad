/**
 * Extensions that misbehave, in the interactive UI of the built binary in a pseudo-terminal: hung
 * handlers never keep the user from cancelling or quitting, console output becomes a notice in the
 * transcript instead of bytes over the screen, an uncaught error is a notice and kit goes on, and
 * process.exit from a command the user ran ends the session the normal way.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { text } from "../support/mock-llm.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { KEY, KitTerminal, workspace } from "./interactive-support.ts";

setDefaultTimeout(60_000);
const mock = useMockLLM();

function kit(extension: string, env: Record<string, string> = {}) {
  const w = workspace({ "ext.ts": extension });
  return new KitTerminal({
    args: ["--provider-url", mock.url, "-m", "anthropic/claude-haiku-4-5", "--no-session", "-e", "./ext.ts"],
    cwd: w.cwd,
    env: { ...w.env, ...env },
    cols: 100,
    rows: 30,
  });
}

/** The exit code, or a failure when kit is still running after `ms` (a hang). */
async function exitedWithin(t: KitTerminal, ms: number): Promise<number> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const hung = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`kit still runs ${ms} ms later`)), ms)));
  try {
    return await Promise.race([t.proc.exited, hung]);
  } finally {
    clearTimeout(timer);
    t.kill();
  }
}

async function answerHi(t: KitTerminal): Promise<void> {
  mock.push(text("Hello there."));
  await t.ready();
  await t.type("hi");
  await t.waitFor("the answer", (s) => s.includes("Hello there."));
}

const WORKING = "Esc to cancel";

describe("hung handlers never keep the user from cancelling or quitting", () => {
  test("a hung message_update handler: Esc ends the wait for it at once, and the next prompt works", async () => {
    // A grace period longer than the test: only Esc can end the wait.
    const t = kit(`export default (kit) => kit.onMessageUpdate(() => new Promise(() => {}));`, { KIT_EXTENSION_GRACE: "600" });
    await answerHi(t);
    await t.waitFor("kit still waiting for the handler", (s) => s.includes(WORKING));
    t.keys(KEY.esc);
    await t.waitFor("idle again", (s) => !s.includes(WORKING));
    mock.push(text("Second answer."));
    await t.type("again");
    await t.waitFor("the second answer", (s) => s.includes("Second answer."));
    // A signal ends kit at once, whatever is still waited for.
    t.proc.kill("SIGTERM");
    expect(await exitedWithin(t, 10_000)).toBe(143);
  });

  test("a hung message_update handler: Ctrl+C ends the wait, then twice quits", async () => {
    const t = kit(`export default (kit) => kit.onMessageUpdate(() => new Promise(() => {}));`);
    await answerHi(t);
    await t.waitFor("kit still waiting for the handler", (s) => s.includes(WORKING));
    t.keys(KEY.ctrlC);
    await t.waitFor("idle again", (s) => !s.includes(WORKING));
    t.keys(KEY.ctrlC);
    await t.waitFor("the quit hint", (s) => s.includes("Ctrl+C again"));
    t.keys(KEY.ctrlC);
    expect(await exitedWithin(t, 20_000)).toBe(0);
  });

  test("a hung agent_end handler: after the grace period kit says so and is idle; Ctrl+C twice quits", async () => {
    const t = kit(`export default (kit) => kit.onAgentEnd(() => new Promise(() => {}));`, { KIT_EXTENSION_GRACE: "1" });
    await answerHi(t);
    await t.waitForLines("the notice", (lines) => lines.some((l) => l.includes("did not finish handling agent_end within 1 s")));
    await t.waitFor("idle", (s) => !s.includes(WORKING));
    t.keys(KEY.ctrlC);
    await t.waitFor("the quit hint", (s) => s.includes("Ctrl+C again"));
    t.keys(KEY.ctrlC);
    expect(await exitedWithin(t, 20_000)).toBe(0);
  });

  test("a hung session_shutdown handler: Ctrl+C twice still quits, after the grace period at most", async () => {
    const t = kit(`export default (kit) => kit.onSessionShutdown(() => new Promise(() => {}));`);
    await t.ready();
    t.keys(KEY.ctrlC);
    await t.waitFor("the quit hint", (s) => s.includes("Ctrl+C again"));
    t.keys(KEY.ctrlC);
    expect(await exitedWithin(t, 20_000)).toBe(0);
  });
});

describe("what extension code does outside handlers stays in the transcript", () => {
  test("console.log and console.error become notices naming the extension, not bytes over the screen", async () => {
    const t = kit(`export default (kit) => {
      kit.onAgentEnd(() => { console.log("LOGGED", { n: 1 }); console.error("COMPLAINED"); });
    };`);
    await answerHi(t);
    const lines = await t.waitForLines("the notices", (l) => l.some((x) => x.includes("ext.ts: COMPLAINED")));
    // Only in its notice: never written raw to the terminal, at the cursor, over the UI.
    expect(lines.filter((l) => l.includes("LOGGED"))).toEqual([expect.stringContaining("ext.ts: LOGGED { n: 1 }")]);
    expect(lines.filter((l) => l.includes("COMPLAINED"))).toHaveLength(1);
    expect(await t.quit()).toBe(0);
  });

  test("an error thrown from a timer is a notice with the extension's line, and kit goes on", async () => {
    const t = kit(`export default (kit) => {
      kit.onAgentEnd(() => { setTimeout(() => { throw new Error("TIMER BOOM"); }, 0); });
    };`);
    await answerHi(t);
    await t.waitForLines("the notice", (l) => l.some((x) => /ext\.ts:2:\d+: uncaught error outside any handler: TIMER BOOM/.test(x)));
    mock.push(text("Still here."));
    await t.type("are you there");
    await t.waitFor("the next answer", (s) => s.includes("Still here."));
    expect(await t.quit()).toBe(0);
  });

  test("process.exit(3) in a command the user ran ends the session normally: exit code 0, the terminal restored", async () => {
    const t = kit(`export default (kit) => {
      kit.registerCommand({ name: "bye", description: "leave", execute: () => { process.exit(3); } });
    };`);
    await t.ready();
    await t.type("/bye");
    expect(await exitedWithin(t, 20_000)).toBe(0);
    // Bracketed paste switched off again, the cursor shown: the terminal is as it was.
    expect(t.raw.lastIndexOf("\x1b[?2004l")).toBeGreaterThan(t.raw.lastIndexOf("\x1b[?2004h"));
  });
});
