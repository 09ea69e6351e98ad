/**
 * Permission modes in the terminal UI, in a pseudo-terminal against the scripted provider: the
 * status bar shows the mode and Shift+Tab cycles it (applying from the next model call), the dialog
 * of `ask` mode allows once, allows always (storing the project's rule), or denies with a reason the
 * model reads, and /permissions lists and removes the stored rules.
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { PermissionStore } from "../../src/app/permission-store.ts";
import { text, toolCall } from "../support/mock-llm.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { toolNamesOf } from "./headless-support.ts";
import { KEY, KitTerminal, workspace } from "./interactive-support.ts";

setDefaultTimeout(60_000);
const mock = useMockLLM();
const SHIFT_TAB = "\x1b[Z";

function kit(args: string[] = []) {
  const w = workspace();
  const t = new KitTerminal({ args: ["--provider-url", mock.url, "-m", "anthropic/claude-haiku-4-5", ...args], cwd: w.cwd, env: w.env });
  const base = mock.requests.length;
  const store = new PermissionStore(join(w.env.XDG_DATA_HOME!, "kit"), w.cwd);
  /** The text of the i-th request's last tool result. */
  const lastResult = (i: number) => {
    const last = (mock.requests[base + i]!.body.messages as { content: { type: string; content?: string }[] }[]).at(-1)!;
    return String(last.content.find((c) => c.type === "tool_result")?.content ?? "");
  };
  return { t, ...w, store, lastResult, request: (i: number) => mock.requests[base + i]! };
}

/** The status bar: the screen's last row with anything on it. */
const statusBar = (screen: string) => screen.split("\n").findLast((row) => row.trim() !== "") ?? "";

describe("interactive permission modes", () => {
  test("the status bar shows the mode (nothing for auto, the default); Shift+Tab cycles auto → ask → read-only → auto, and the next call follows it", async () => {
    const { t, request } = kit();
    expect(statusBar(await t.ready())).not.toContain("permissions");
    t.keys(SHIFT_TAB);
    await t.waitFor("ask in the status bar", (s) => statusBar(s).includes("permissions: ask"));
    t.keys(SHIFT_TAB);
    await t.waitFor("read-only in the status bar", (s) => statusBar(s).includes("permissions: read-only"));
    mock.push(text("looked"));
    await t.type("look around");
    await t.waitFor("the answer", (s) => s.includes("looked"));
    expect(toolNamesOf(request(0))).not.toContain("bash");
    expect(toolNamesOf(request(0))).toContain("read");
    t.keys(SHIFT_TAB);
    await t.waitFor("auto again", (s) => !statusBar(s).includes("permissions"));
    mock.push(text("all tools"));
    await t.type("again");
    await t.waitFor("the second answer", (s) => s.includes("all tools"));
    expect(toolNamesOf(request(1))).toContain("bash");
    expect(await t.quit()).toBe(0);
  });

  test("ask: allow once runs the call; allow always stores the project's rule, which then needs no dialog; /permissions lists and removes it", async () => {
    const { t, cwd, store } = kit(["--permission-mode", "ask"]);
    mock.push(toolCall("bash", { command: "touch once.txt" }), toolCall("bash", { command: "touch always.txt" }), toolCall("bash", { command: "touch by-rule.txt" }), text("all three done"));
    await t.ready();
    await t.waitFor("ask in the status bar", (s) => statusBar(s).includes("permissions: ask"));
    await t.type("make files");
    await t.waitFor("the first dialog", (s) => s.includes("Allow bash: touch once.txt?") && s.includes("Allow once"));
    t.keys(KEY.enter);
    await t.waitFor("the second dialog", (s) => s.includes("Allow bash: touch always.txt?") && s.includes("bash(touch *)"));
    expect(existsSync(join(cwd, "once.txt"))).toBe(true);
    t.keys(KEY.down);
    t.keys(KEY.enter);
    await t.waitFor("the answer", (s) => s.includes("all three done"));
    expect(existsSync(join(cwd, "always.txt"))).toBe(true);
    expect(existsSync(join(cwd, "by-rule.txt"))).toBe(true);
    expect(store.list()).toEqual(["bash(touch *)"]);
    expect((await t.lines()).some((l) => l.includes("Allowed in this project from now on: bash(touch *)"))).toBe(true);
    expect((await t.lines()).some((l) => l.includes("Allow bash: touch by-rule.txt?"))).toBe(false);

    await t.type("/permissions");
    await t.waitFor("the rule list", (s) => s.includes("Mode: ask") && s.includes("  bash(touch *)"));
    await t.type("/permissions remove bash(touch *)");
    await t.waitFor("the removal", (s) => s.includes("Removed the rule bash(touch *)."));
    expect(store.list()).toEqual([]);
    expect(await t.quit()).toBe(0);
  });

  test("ask: deny with a reason: nothing runs and the model reads the reason", async () => {
    const { t, cwd, lastResult } = kit(["--permission-mode", "ask"]);
    mock.push(toolCall("write", { path: "notes.txt", content: "x" }), text("understood"));
    await t.ready();
    await t.type("write notes");
    await t.waitFor("the dialog", (s) => s.includes("Allow write: notes.txt?"));
    t.keys(KEY.down);
    t.keys(KEY.down);
    t.keys(KEY.enter);
    await t.waitFor("the reason prompt", (s) => s.includes("Why not?"));
    t.keys("keep notes in the wiki");
    await t.waitFor("the typed reason", (s) => s.includes("keep notes in the wiki"));
    t.keys(KEY.enter);
    await t.waitFor("the answer", (s) => s.includes("understood"));
    expect(existsSync(join(cwd, "notes.txt"))).toBe(false);
    expect(lastResult(1)).toBe("Blocked: the user denied write: notes.txt: keep notes in the wiki. Do not retry it; ask the user how to go on.");
    expect(await t.quit()).toBe(0);
  });
});
