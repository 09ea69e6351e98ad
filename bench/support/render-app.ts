/**
 * The app-level half of bench/render.ts: the real interactive session (controller, live turn,
 * editor, autocomplete, status bar, renderer) over a terminal that counts what it is given, with a
 * session of N messages whose transcript was committed to the scrollback first. Streamed tokens go
 * in as the app's agent events and keys as decoded key events, one frame each (the worst case: the
 * UI coalesces what arrives in one turn of the event loop). And the idle CPU of the built kit
 * itself, waiting at its prompt in a pseudo-terminal.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AgentEvent } from "../../src/agent/types.ts";
import { loadConfig } from "../../src/config/config.ts";
import { handleInput } from "../../src/modes/interactive/keys.ts";
import { showHistory } from "../../src/modes/interactive/session-commands.ts";
import { createInteractiveSession, type InteractiveSession } from "../../src/modes/interactive/setup.ts";
import type { KeyEvent, PasteEvent } from "../../src/ui/terminal/key-decoder.ts";
import type { Terminal } from "../../src/ui/terminal/terminal.ts";
import { KIT } from "../lib.ts";

export class CountingTerminal implements Terminal {
  readonly colorLevel = "truecolor" as const;
  readonly keyboardProtocol = "legacy" as const;
  bytes = 0;
  constructor(
    readonly columns: number,
    readonly rows: number,
  ) {}
  write(data: string): void {
    this.bytes += Buffer.byteLength(data);
  }
  onInput(_handler: (event: KeyEvent | PasteEvent) => void): () => void {
    return () => {};
  }
  onResize(_handler: () => void): () => void {
    return () => {};
  }
  enterRawMode(): void {}
  leaveRawMode(): void {}
}

export interface AppBench {
  session: InteractiveSession;
  terminal: CountingTerminal;
  close(): Promise<void>;
}

/** An interactive session with `messages` messages (questions and answers), all committed to the scrollback. */
export async function appWithTranscript(messages: number, columns: number, rows: number): Promise<AppBench> {
  const home = mkdtempSync(join(tmpdir(), "kit-bench-render-"));
  const env = { HOME: home, XDG_CONFIG_HOME: join(home, ".config"), XDG_DATA_HOME: join(home, ".local/share"), ANTHROPIC_API_KEY: "bench", PATH: process.env.PATH };
  const config = loadConfig({ cwd: home, env, flags: { "no-session": true, "no-extensions": true } });
  const terminal = new CountingTerminal(columns, rows);
  const session = createInteractiveSession({ config, cwd: home, env, extensionPaths: [], version: "bench", terminal });
  await session.app.start([...session.controller.builtins.keys()]);
  const store = session.app.session;
  for (let m = 0; m < messages; m++) {
    if (m % 2 === 0) store.appendMessage({ role: "user", content: [{ type: "text", text: `question ${m}: how does the renderer keep a frame cheap?` }] });
    else store.appendMessage({ role: "assistant", content: [{ type: "text", text: `Answer ${m}: it writes **only the lines that changed** since the last frame.\n\n- one\n- two` }] });
  }
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

const WORDS = "the renderer writes only the lines that changed since the last frame and nothing else".split(" ");

/** `tokens` streamed tokens of one answer, a frame each; bytes and CPU ms per token. */
export function streamTokens(b: AppBench, tokens: number): { bytes: number; cpuMs: number } {
  const c = b.session.controller;
  Bun.gc(true);
  const startBytes = b.terminal.bytes;
  const start = process.cpuUsage();
  for (let t = 0; t < tokens; t++) {
    const text = (t % 120 === 119 ? "\n\n" : t === 0 ? "" : " ") + WORDS[(t * 7) % WORDS.length];
    c.onEvent({ type: "text_delta", text });
    c.view.draw();
  }
  const used = process.cpuUsage(start);
  const bytes = b.terminal.bytes - startBytes;
  // End the turn (its rest goes to the scrollback) outside the measurement.
  c.onEvent({ type: "turn_end", result: {} } as AgentEvent);
  c.setWorking(false);
  c.view.draw();
  return { bytes: bytes / tokens, cpuMs: (used.user + used.system) / 1000 / tokens };
}

/** `keys` keystrokes typed into the editor (a line at a time, cleared with Ctrl+U), a frame each. */
export function typeKeys(b: AppBench, keys: number): { bytes: number; cpuMs: number } {
  const c = b.session.controller;
  const key = (name: string, text?: string): KeyEvent => ({ type: "key", name, key: name, ctrl: name.startsWith("ctrl+"), alt: false, shift: false, super: false, sequence: "", ...(text ? { text } : {}) });
  Bun.gc(true);
  const startBytes = b.terminal.bytes;
  const start = process.cpuUsage();
  for (let k = 0; k < keys; k++) {
    if (k % 300 === 299) handleInput(c, key("ctrl+u"));
    else if (k % 6 === 5) handleInput(c, key("space", " "));
    else {
      const ch = String.fromCharCode(97 + (k % 26));
      handleInput(c, key(ch, ch));
    }
    c.view.draw();
  }
  const used = process.cpuUsage(start);
  const bytes = b.terminal.bytes - startBytes;
  // Leave the editor empty for what is measured next.
  handleInput(c, key("ctrl+u"));
  c.view.draw();
  return { bytes: bytes / keys, cpuMs: (used.user + used.system) / 1000 / keys };
}

/** CPU time of a process so far, ms: the scheduler's nanoseconds where Linux has them, else clock ticks. */
function processCpuMs(pid: number): number {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, "utf8").split(" ")[0]) / 1e6;
  } catch {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  }
}

/**
 * The built kit at its prompt in a pseudo-terminal, after it drew its first frame and settled:
 * its CPU time over `seconds`. Undefined where /proc is missing (not Linux).
 */
export async function idleKitCpu(seconds: number, columns: number, rows: number, extension?: string): Promise<number | undefined> {
  const home = mkdtempSync(join(tmpdir(), "kit-bench-idle-"));
  const args: string[] = [];
  if (extension !== undefined) {
    writeFileSync(join(home, "bench-ext.ts"), extension);
    args.push("-e", join(home, "bench-ext.ts"));
  }
  let output = "";
  const decoder = new TextDecoder();
  const env = { HOME: home, XDG_CONFIG_HOME: join(home, ".config"), XDG_DATA_HOME: join(home, ".local/share"), ANTHROPIC_API_KEY: "bench", PATH: process.env.PATH ?? "", TERM: "xterm-256color" };
  const proc = Bun.spawn([KIT, ...args], { cwd: home, env, terminal: { cols: columns, rows, data: (_t, d) => void (output += decoder.decode(d, { stream: true })) } });
  try {
    for (let waited = 0; !output.includes("/help for commands"); waited += 50) {
      if (waited > 20_000) throw new Error(`kit did not start: ${JSON.stringify(output.slice(-300))}`);
      await Bun.sleep(50);
    }
    await Bun.sleep(1000);
    let before: number;
    try {
      before = processCpuMs(proc.pid);
    } catch {
      return undefined;
    }
    await Bun.sleep(seconds * 1000);
    return processCpuMs(proc.pid) - before;
  } finally {
    proc.kill("SIGKILL");
    await proc.exited;
    rmSync(home, { recursive: true, force: true });
  }
}
