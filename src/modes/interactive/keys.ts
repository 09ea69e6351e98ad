/**
 * Where a key goes, in order: an open dialog takes every key; Ctrl+C cancels the running work (once), else
 * clears the input, and on an empty input twice in a row quits; Esc closes the suggestions, else
 * cancels the running work; Alt+Enter while working queues the input for after the turn; an
 * extension's shortcut; Shift+Tab cycles the permission mode; an extension's editor (ctx.setEditor) may
 * consume, remap or submit; the suggestions list (Up/Down/Tab/Enter); then the editor, whose Enter submits
 * (while a turn runs, into that turn). Ctrl+D on an empty input quits; Ctrl+O expands or collapses the
 * last block (expand.ts).
 */
import type { ComponentInput } from "../../ui/components/input.ts";
import { key as keyInput } from "../../ui/components/input.ts";
import type { KeyEvent, PasteEvent } from "../../ui/terminal/key-decoder.ts";
import type { Controller } from "./controller.ts";
import { expandLast } from "./expand.ts";

/** While a turn runs, queues the input as a follow-up for after it (Enter sends it into the turn); otherwise a new line. */
export const FOLLOW_UP_KEY = "alt+enter";
import { cyclePermissionMode } from "./permissions-ui.ts";

/** Keys the interactive UI itself uses (the editor, the suggestions, turns); canonical names as shortcuts have them. */
export const BUILTIN_KEYS: ReadonlySet<string> = new Set([
  "enter", "shift+enter", "alt+enter", "ctrl+j", "ctrl+shift+enter", "escape", "tab", "shift+tab", "ctrl+d",
  "up", "down", "left", "right", "home", "end", "backspace", "delete", "ctrl+home", "ctrl+end",
  "ctrl+a", "ctrl+b", "ctrl+e", "ctrl+f", "ctrl+h", "ctrl+k", "ctrl+n", "ctrl+p", "ctrl+u", "ctrl+w", "ctrl+y", "ctrl+z",
  "alt+b", "alt+d", "alt+f", "alt+left", "alt+right", "alt+backspace", "alt+delete", "ctrl+left", "ctrl+right",
  "ctrl+backspace", "ctrl+delete", "shift+backspace", "ctrl+alt+h", "ctrl+o",
]);

/** Warns about each extension shortcut that takes a key kit's UI uses (the shortcut wins while no dialog is open). */
export function warnShadowedKeys(c: Controller): void {
  for (const s of c.app.extensions?.runner.registry.shortcuts() ?? []) {
    if (BUILTIN_KEYS.has(s.key)) c.notice("warning", `shortcut ${s.key} (${s.extPath}) replaces kit's own use of that key`);
  }
}

export function handleInput(c: Controller, event: KeyEvent | PasteEvent): void {
  if (c.quitting) return;
  const input: ComponentInput = event.type === "paste" ? { type: "paste", text: event.text } : event;
  const name = event.type === "paste" ? "" : event.name;
  c.presses.keyArrived();

  if (c.modals.handle(input)) return;

  if (name === "ctrl+c") {
    // Work that a cancel has not ended yet (a hung handler) leaves Ctrl+C to clear and quit as when idle.
    if (c.isBusy && !c.cancelling) {
      c.presses.forget("ctrl+c");
      return c.cancel();
    }
    if (!c.editor.isEmpty) {
      c.editor.clear();
      c.presses.forget("ctrl+c");
      return afterEdit(c);
    }
    if (c.presses.press("ctrl+c", "Press Ctrl+C again to quit")) c.quit();
    return;
  }
  c.presses.forget("ctrl+c");

  if (name === "escape") {
    if (c.autocomplete.visible) {
      c.autocomplete.handle(input);
      return c.view.invalidate();
    }
    if (c.isBusy) return c.cancel();
  }

  if (name === FOLLOW_UP_KEY && c.isBusy && !c.editor.isEmpty) {
    const text = c.editor.text;
    c.editor.clear();
    c.followUp(text);
    return afterEdit(c);
  }

  if (name === "ctrl+d" && c.editor.isEmpty) return c.quit();

  const shortcut = name ? c.app.extensions?.runner.registry.shortcut(name) : undefined;
  if (shortcut) {
    const ctx = c.app.extensions!.contextFor(shortcut.extPath);
    void Promise.resolve()
      .then(() => shortcut.handler(ctx))
      .catch((err) => c.notice("error", `shortcut ${shortcut.key} (${shortcut.extPath}) failed: ${(err as Error).message}`));
    return c.view.invalidate();
  }

  if (name === "ctrl+o") return expandLast(c);
  if (name === "shift+tab") return cyclePermissionMode(c);

  let routed: ComponentInput = input;
  if (event.type === "key" && c.customEditor.handlesKeys) {
    // A key that types one character is given as that character ("A", ":", "$"); others by name ("escape", "ctrl+w").
    const keyName = event.text !== undefined && [...event.text].length === 1 ? event.text : name;
    const action = c.customEditor.handleKey(keyName, c.editor.text);
    if (action?.type === "consumed") return c.view.invalidate();
    if (action?.type === "submit") {
      const text = typeof action.text === "string" ? action.text : c.editor.text;
      c.editor.clear();
      c.submit(text);
      return afterEdit(c);
    }
    if (action?.type === "remap" && typeof action.key === "string") routed = keyInput(action.key);
  }

  const completion = c.autocomplete.handle(routed);
  if (completion.type === "handled") return c.view.invalidate();
  if (completion.type === "accept") {
    const { line } = c.editor.cursor;
    const lines = c.editor.text.split("\n");
    lines[line] = completion.line;
    c.editor.setText(lines.join("\n"));
    c.editor.moveTo(line, completion.index);
    if (completion.submit) {
      const text = c.editor.text;
      c.editor.clear();
      c.submit(text);
    }
    return afterEdit(c);
  }

  const action = c.editor.handle(routed);
  if (action.type === "submit") c.submit(action.text);
  afterEdit(c);
}

/** The editor changed: suggestions follow the text before the cursor. */
function afterEdit(c: Controller): void {
  const { line, index } = c.editor.cursor;
  c.autocomplete.update(c.editor.text.split("\n")[line] ?? "", index, line);
  c.view.invalidate();
}
