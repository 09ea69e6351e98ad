/**
 * Sessions in the interactive UI, end to end in a pseudo-terminal: /new, /name, /resume (with the
 * events extensions see and their state re-bound), /undo, /retry, /tree, /fork, /copy (OSC 52),
 * /export, /session, and a session continued with --continue replayed into the scrollback.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { text } from "../support/mock-llm.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { KEY, KitTerminal, workspace } from "./interactive-support.ts";

// Each test drives a whole kit through several turns; every wait has its own generous limit.
setDefaultTimeout(60_000);
const mock = useMockLLM();

/** Logs the session events it sees, with the extension state at session_start; /setk sets it. */
const EVENTS = `import { appendFileSync } from "node:fs";
export default (kit) => {
  const log = (s) => appendFileSync("events.log", s + "\\n");
  kit.onSessionStart((e, ctx) => log("start " + e.reason + " k=" + (ctx.getState("k") ?? "-")));
  kit.onSessionShutdown((e) => log("shutdown " + e.reason));
  kit.onBeforeSessionSwitch((e) => log("before_switch " + e.reason + (e.initialPrompt ? " " + e.initialPrompt : "")));
  kit.onBeforeFork((e) => log("before_fork " + e.userText));
  kit.registerCommand({ name: "setk", description: "set k", execute: (a, ctx) => { ctx.setState("k", a); return "k is " + a; } });
};`;

// The extension lives in ext/ and logs to the project root: its log is outside the folder hot reload
// watches, so writing it never reloads the extension (which would add reload events to the log).
function kit(args: string[] = [], w = workspace({ "ext/events.ts": EVENTS }), cols = 100) {
  const t = new KitTerminal({ args: ["--provider-url", mock.url, "-m", "anthropic/claude-haiku-4-5", "-e", "ext/events.ts", ...args], cwd: w.cwd, env: w.env, cols, rows: 30 });
  const base = mock.requests.length;
  /** The texts of the messages of this test's i-th request, role: text. */
  const sent = (i: number) =>
    (mock.requests[base + i]!.body.messages as { role: string; content: { type: string; text?: string }[] }[]).map(
      (m) => `${m.role}: ${m.content.map((c) => c.text ?? "").join("")}`,
    );
  return { t, w, sent, events: () => readFileSync(join(w.cwd, "events.log"), "utf8").trim().split("\n") };
}

/** Sends a prompt and waits for the scripted answer to be on screen with the turn over. */
async function ask(t: KitTerminal, prompt: string, answer: string): Promise<void> {
  await t.type(prompt);
  await t.waitFor(`the answer "${answer}"`, (s) => s.includes(answer) && !s.includes("Working…"));
}

describe("interactive sessions", () => {
  test("/name, /new and /resume: the events in order, extension state re-bound, the resumed conversation replayed and continued", async () => {
    const { t, sent, events } = kit();
    mock.push(text("OK, apple."), text("I do not know."), text("It was apple."));
    await t.ready();
    await t.type("/setk alpha");
    await t.waitFor("the command's answer", (s) => s.includes("k is alpha"));
    await ask(t, "remember the word apple", "OK, apple.");
    await t.type("/name fruit talk");
    await t.waitFor("the name", (s) => s.includes('Session named "fruit talk"'));
    await t.type("/new");
    await t.waitFor("the new session", (s) => /• Session [0-9a-f-]{36}/.test(s));
    await ask(t, "what was the word?", "I do not know.");
    expect(sent(1)).toEqual(["user: what was the word?"]);

    await t.type("/resume");
    await t.waitFor("the session picker", (s) => s.includes("Resume a session") && s.includes("fruit talk"));
    t.keys(KEY.enter);
    const replay = await t.waitFor("the replayed conversation", (s) => s.includes('Session "fruit talk"'));
    const after = replay.slice(replay.indexOf('Session "fruit talk"'));
    expect(after).toContain("› remember the word apple");
    expect(after).toContain("OK, apple.");
    await ask(t, "and now?", "It was apple.");
    expect(sent(2)).toEqual(["user: remember the word apple", "assistant: OK, apple.", "user: and now?"]);
    expect(await t.quit()).toBe(0);

    expect(events()).toEqual([
      "start startup k=-",
      "before_switch new",
      "shutdown switch",
      "start new k=-",
      "before_switch resume",
      "shutdown switch",
      "start resume k=alpha",
      "shutdown exit",
    ]);
  });

  test("an extension may cancel a switch (confirm-destructive); ctx.newSession starts one and sends its prompt", async () => {
    const w = workspace({
      "ext/events.ts": EVENTS,
      "ext/fresh.ts": `export default (kit) => kit.registerCommand({ name: "fresh", description: "new session", execute: async (args, ctx) => {
        try { await ctx.newSession(args); } catch (err) { ctx.printError("newSession: " + err.message); }
      } });`,
    });
    const { t, sent } = kit(["-e", join(import.meta.dir, "../../extensions/confirm-destructive.ts"), "-e", "ext/fresh.ts"], w);
    mock.push(text("First."), text("Hello in the new session."));
    await t.ready();
    await ask(t, "first message", "First.");
    await t.type("/clear");
    await t.waitFor("the confirmation", (s) => s.includes("Clear the conversation?"));
    t.keys("n");
    await t.waitFor("the refusal", (s) => s.includes("Not switched: clear the conversation was not confirmed."));
    await t.type("/fresh hello there");
    await t.waitFor("the confirmation", (s) => s.includes("Start a new session?"));
    t.keys("y");
    await t.waitFor("the new session's answer", (s) => s.includes("Hello in the new session.") && !s.includes("Working…"));
    expect(sent(1)).toEqual(["user: hello there"]);
    expect(await t.quit()).toBe(0);
  });

  test("/retry asks the last message again; /undo takes it back into the editor", async () => {
    const { t, sent } = kit();
    mock.push(text("Answer A."), text("Answer B."), text("Answer C."));
    await t.ready();
    await ask(t, "the question", "Answer A.");
    await t.type("/retry");
    await t.waitFor("the second answer", (s) => s.includes("Answer B.") && !s.includes("Working…"));
    expect(sent(1)).toEqual(["user: the question"]);
    await t.type("/undo");
    await t.waitFor("the message back in the editor", (s) => s.includes("Took back the last message") && s.includes("› the question"));
    t.keys(" again");
    t.keys(KEY.enter);
    await t.waitFor("the third answer", (s) => s.includes("Answer C.") && !s.includes("Working…"));
    expect(sent(2)).toEqual(["user: the question again"]);
    expect(await t.quit()).toBe(0);
  });

  test("/tree moves back to an earlier message (its text to the editor); /fork starts a session from one", async () => {
    const { t, sent, events } = kit();
    mock.push(text("A1."), text("A2."), text("A3."));
    await t.ready();
    await ask(t, "one", "A1.");
    await ask(t, "two", "A2.");
    await t.type("/tree");
    const tree = await t.waitFor("the tree", (s) => s.includes("Conversation tree"));
    for (const node of ["● you: one", "● kit: A1.", "● you: two", "● kit: A2."]) expect(tree).toContain(node);
    await t.type("two");
    await t.waitFor("the move", (s) => s.includes("Moved to before: two") && s.includes("› two"));
    t.keys("\x15"); // Ctrl+U: replace the text
    t.keys("three");
    t.keys(KEY.enter);
    await t.waitFor("the answer on the new branch", (s) => s.includes("A3.") && !s.includes("Working…"));
    expect(sent(2)).toEqual(["user: one", "assistant: A1.", "user: three"]);

    await t.type("/fork");
    await t.waitFor("the fork picker", (s) => s.includes("Fork from the message"));
    await t.type("one");
    await t.waitFor("the forked session", (s) => /• Session [0-9a-f-]{36}/.test(s) && s.includes("› one"));
    expect(await t.quit()).toBe(0);
    expect(events()).toContain("before_fork one");
    expect(events().at(-2)).toBe("start fork k=-");
  });

  test("/copy puts the last answer on the clipboard with OSC 52; /export writes the conversation; /session names the file", async () => {
    // Wide enough for the session file's path on one line.
    const { t, w } = kit([], undefined, 250);
    mock.push(text("The answer to copy."));
    await t.ready();
    await ask(t, "something to copy", "The answer to copy.");
    await t.type("/copy");
    await t.waitFor("the copy notice", (s) => s.includes("Copied the last answer"));
    expect(t.raw).toContain(`\x1b]52;c;${Buffer.from("The answer to copy.").toString("base64")}\x07`);
    await t.type("/export talk.md");
    await t.waitFor("the export notice", (s) => s.includes("Exported the conversation to"));
    const md = readFileSync(join(w.cwd, "talk.md"), "utf8");
    expect(md).toContain("something to copy");
    expect(md).toContain("The answer to copy.");
    await t.type("/session");
    const info = await t.waitFor("the session box", (s) => s.includes("File "));
    const file = /File\s+(\S+\.jsonl)/.exec(info)![1]!;
    expect(existsSync(file)).toBe(true);
    expect(await t.quit()).toBe(0);
  });

  test("--continue replays the conversation into the scrollback and goes on from it", async () => {
    const first = kit();
    mock.push(text("First answer."), text("Second answer."));
    await first.t.ready();
    await ask(first.t, "first question", "First answer.");
    expect(await first.t.quit()).toBe(0);

    const again = kit(["--continue"], first.w);
    await again.t.ready();
    const screen = await again.t.waitFor("the replay", (s) => s.includes("› first question") && s.includes("First answer."));
    expect(screen.indexOf("› first question")).toBeLessThan(screen.indexOf("First answer."));
    await ask(again.t, "second question", "Second answer.");
    expect(again.sent(0)).toEqual(["user: first question", "assistant: First answer.", "user: second question"]);
    // Up in the editor brings back earlier messages of the session.
    again.t.keys(KEY.up);
    await again.t.waitForEditor("the last message from the history", (row) => row.startsWith("› second question"));
    again.t.keys(KEY.up);
    await again.t.waitForEditor("the resumed session's message from the history", (row) => row.startsWith("› first question"));
    expect(await again.t.quit()).toBe(0);
  });
});
