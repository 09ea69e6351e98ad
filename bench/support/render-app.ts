/**
 * The app-level frame benches of bench/render.ts: the real interactive session (controller, live
 * turn, editor, autocomplete, status bar, renderer) over a FrameTerminal, with a session of N
 * messages whose transcript was committed to the scrollback first. Streamed tokens go in as the
 * app's agent events and keys as decoded key events, one frame each (the worst case: the UI
 * coalesces what arrives in one turn of the event loop).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AgentEvent } from "../../src/agent/types.ts";
import { loadConfig } from "../../src/config/config.ts";
import type { Message } from "../../src/llm/types.ts";
import { handleInput } from "../../src/modes/interactive/keys.ts";
import { showHistory } from "../../src/modes/interactive/session-commands.ts";
import { createInteractiveSession, type InteractiveSession } from "../../src/modes/interactive/setup.ts";
import type { KeyEvent } from "../../src/ui/terminal/key-decoder.ts";
import { FrameTerminal, measureFrames, WORDS, type FrameRun } from "./render-terminal.ts";

/** Message `m` of the benches' transcripts: questions and Markdown answers, taking turns. */
export function transcriptMessage(m: number): Message {
  return m % 2 === 0
    ? { role: "user", content: [{ type: "text", text: `question ${m}: how does the renderer keep a frame cheap?` }] }
    : { role: "assistant", content: [{ type: "text", text: `Answer ${m}: it writes **only the lines that changed** since the last frame.\n\n- one\n- two` }] };
}

export interface AppBench {
  session: InteractiveSession;
  terminal: FrameTerminal;
  close(): Promise<void>;
}

/** An interactive session with `messages` messages, all committed to the scrollback. */
export async function appWithTranscript(messages: number): Promise<AppBench> {
  const home = mkdtempSync(join(tmpdir(), "kit-bench-render-"));
  const env = { HOME: home, XDG_CONFIG_HOME: join(home, ".config"), XDG_DATA_HOME: join(home, ".local/share"), ANTHROPIC_API_KEY: "bench", PATH: process.env.PATH };
  const config = loadConfig({ cwd: home, env, flags: { "no-session": true, "no-extensions": true } });
  const terminal = new FrameTerminal();
  const session = createInteractiveSession({ config, cwd: home, env, extensionPaths: [], version: "bench", terminal });
  await session.app.start([...session.controller.builtins.keys()]);
  for (let m = 0; m < messages; m++) session.app.session.appendMessage(transcriptMessage(m));
  showHistory(session.controller, messages);
  // The same context figure at every size, so the status bar's text (a few characters) does not differ.
  session.controller.status.usage({ input: 12_000, output: 300, cacheRead: 0, cacheWrite: 0 });
  session.controller.view.draw();
  return {
    session,
    terminal,
    close: async () => {
      session.controller.quit();
      await session.app.shutdown();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** `tokens` streamed tokens of one answer, a frame each. */
export function streamTokens(b: AppBench, tokens: number): FrameRun {
  const c = b.session.controller;
  const run = measureFrames(b.terminal, () => {
    for (let t = 0; t < tokens; t++) {
      const text = (t % 120 === 119 ? "\n\n" : t === 0 ? "" : " ") + WORDS[(t * 7) % WORDS.length];
      c.onEvent({ type: "text_delta", text });
      c.view.draw();
    }
  });
  // End the turn (its rest goes to the scrollback) outside the measurement.
  c.onEvent({ type: "turn_end", result: {} } as AgentEvent);
  c.setWorking(false);
  c.view.draw();
  return run;
}

/** `keys` keystrokes typed into the editor (a line at a time, cleared with Ctrl+U), a frame each. */
export function typeKeys(b: AppBench, keys: number): FrameRun {
  const c = b.session.controller;
  const key = (name: string, text?: string): KeyEvent => ({ type: "key", name, key: name, ctrl: name.startsWith("ctrl+"), alt: false, shift: false, super: false, sequence: "", ...(text ? { text } : {}) });
  const run = measureFrames(b.terminal, () => {
    for (let k = 0; k < keys; k++) {
      if (k % 300 === 299) handleInput(c, key("ctrl+u"));
      else if (k % 6 === 5) handleInput(c, key("space", " "));
      else {
        const ch = String.fromCharCode(97 + (k % 26));
        handleInput(c, key(ch, ch));
      }
      c.view.draw();
    }
  });
  // Leave the editor empty for what is measured next.
  handleInput(c, key("ctrl+u"));
  c.view.draw();
  return run;
}
