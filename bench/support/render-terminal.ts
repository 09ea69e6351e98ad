/**
 * The terminal the frame benches of bench/render.ts draw into, and their floor. Both run in a child
 * process whose stdout is a real pseudo-terminal (bench/support/render-frames.ts): a frame costs
 * what kit's ProcessTerminal pays for it (process.stdout.write of the frame's one string, the
 * kernel's tty layer included), and its floor writes the very same strings the same way, one write
 * per frame, with nothing computed.
 */
import type { KeyEvent, PasteEvent } from "../../src/ui/terminal/key-decoder.ts";
import type { Terminal } from "../../src/ui/terminal/terminal.ts";

export const COLUMNS = 100;
export const ROWS = 40;

export const WORDS = "the renderer writes only the lines that changed since the last frame and nothing else".split(" ");

/** Writes to this process's stdout, as ProcessTerminal does, and keeps each write (a frame) for the floor. */
export class FrameTerminal implements Terminal {
  readonly colorLevel = "truecolor" as const;
  readonly keyboardProtocol = "legacy" as const;
  /** What was written since the last `take`, one string per write. */
  private frames: string[] = [];
  /**
   * While set, writes are dropped. Setting up a transcript of 10,000 messages writes megabytes that
   * the parent then drains from the pty while the measured loop runs, and on two vCPUs that draining
   * slowed the loop in proportion to the transcript: a cost of the bench's setup, not of a frame.
   */
  discarding = false;
  constructor(
    readonly columns = COLUMNS,
    readonly rows = ROWS,
  ) {}
  write(data: string): void {
    if (this.discarding) return;
    process.stdout.write(data);
    this.frames.push(data);
  }
  /** The writes since the last call (counting bytes here keeps it out of the measured loop). */
  take(): string[] {
    const frames = this.frames;
    this.frames = [];
    return frames;
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

export interface FrameRun {
  /** Writes the measured loop made. */
  frames: string[];
  /** CPU (user + system) of the loop, ms. */
  cpuMs: number;
}

/** CPU time of `loop` with the writes it made to `terminal`. */
export function measureFrames(terminal: FrameTerminal, loop: () => void): FrameRun {
  terminal.take();
  Bun.gc(true);
  const start = process.cpuUsage();
  loop();
  const used = process.cpuUsage(start);
  return { frames: terminal.take(), cpuMs: (used.user + used.system) / 1000 };
}

/** The floor: the same strings written raw to the terminal, one write each; CPU ms of it all. */
export function rawWrites(frames: string[]): number {
  Bun.gc(true);
  const start = process.cpuUsage();
  for (const frame of frames) process.stdout.write(frame);
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

export const bytesOf = (frames: string[]) => frames.reduce((sum, f) => sum + Buffer.byteLength(f), 0);
