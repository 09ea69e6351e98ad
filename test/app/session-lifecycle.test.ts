/**
 * The session lifecycle is the app's (app.sessions): new, resume and fork switch the app's session
 * with the state sidecar re-bound, and tell the mode through the hooks it gave when the app was
 * assembled (ModeHooks), as ctx.newSession does; an app without hooks (headless) keeps one session.
 */
import { afterAll, beforeAll, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import type { ModeHooks, SwitchOutcome, SwitchReason } from "../../src/app/app.ts";
import type { HostUI } from "../../src/extensions/host.ts";
import { startMockLLM, type MockLLM } from "../support/mock-llm.ts";
import { testApp } from "./helpers.ts";

let mock: MockLLM;
beforeAll(async () => {
  mock = await startMockLLM();
});
afterAll(async () => {
  await mock.close();
});

function recordingHooks() {
  const switches: [SwitchOutcome, SwitchReason][] = [];
  const prompts: string[] = [];
  const hooks: ModeHooks = { switched: (outcome, reason) => void switches.push([outcome, reason]), prompt: (text) => void prompts.push(text) };
  return { hooks, switches, prompts };
}

const say = (text: string) => ({ role: "user" as const, content: [{ type: "text" as const, text }] });

test("without a mode's hooks ctx.newSession refuses and the session stays", async () => {
  const { app, session } = testApp({ mock });
  await expect(app.newSession("hello")).rejects.toThrow("ctx.newSession needs the interactive terminal UI; a headless run keeps one session");
  expect(app.session).toBe(session);
});

test("a new session: a fresh file, the old one kept, extension state re-bound, the mode told", async () => {
  const { hooks, switches } = recordingHooks();
  const { app, session } = testApp({ mock, hooks });
  session.appendMessage(say("first"));
  app.sessionData.setState("k", "old");
  const outcome = await app.sessions.startNew("new");
  expect(outcome).toEqual({ switched: true });
  expect(switches).toEqual([[{ switched: true }, "new"]]);
  expect(app.session.id).not.toBe(session.id);
  expect(app.session.messages()).toEqual([]);
  expect(readFileSync(session.path, "utf8")).toContain("first");
  // The new session's state sidecar is its own: what the old one held stays with it.
  expect(app.sessionData.getState("k")).toBeUndefined();
  app.sessionData.setState("k", "new");
  await app.sessions.resume(session.path);
  expect(app.session.id).toBe(session.id);
  expect(app.sessionData.getState("k")).toBe("old");
  expect(switches.map(([, reason]) => reason)).toEqual(["new", "resume"]);
});

test("a fork holds the branch before the chosen message; ctx.newSession(prompt) runs the prompt in the new session", async () => {
  const { hooks, switches, prompts } = recordingHooks();
  const { app, session } = testApp({ mock, hooks });
  session.appendMessage(say("one"));
  session.appendMessage(say("two"));
  const two = session.entriesOfType("message").at(-1)!;
  expect((await app.sessions.fork(two, "two")).switched).toBe(true);
  expect(app.session.messages().map((m) => m.content)).toEqual(["one"]);
  expect(existsSync(app.session.path)).toBe(true);

  await app.newSession("start here");
  expect(switches.map(([, reason]) => reason)).toEqual(["fork", "new"]);
  expect(prompts).toEqual(["start here"]);
});

test("a switch is refused while a turn runs, and the mode is told why", async () => {
  const { hooks, switches } = recordingHooks();
  const { app } = testApp({ mock, hooks });
  // isIdle is the app's own view of a running turn.
  Object.defineProperty(app, "isIdle", { value: () => false });
  const outcome = await app.sessions.startNew("clear");
  expect(outcome.switched).toBe(false);
  expect(switches[0]![0]).toEqual({ switched: false, reason: "a turn is running: cancel it (Esc) or wait for it to end" });
});

test("the Context's UI is the one the mode gave when the app was built", () => {
  const ui = { setStatus: () => {} } as unknown as HostUI;
  expect(testApp({ mock, hooks: { ui } }).app.ui).toBe(ui);
  expect(testApp({ mock }).app.ui).toBeUndefined();
});

test("the user's shell (`!command`) runs kit's bash tool in the app's directory", async () => {
  const { app, cwd } = testApp({ mock });
  const result = await app.userShell().execute({ command: "pwd" }, { toolCallId: "shell", signal: new AbortController().signal, onOutput: () => {} });
  expect(JSON.stringify(result.content)).toContain(cwd);
});
