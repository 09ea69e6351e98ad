/**
 * The screen of the interactive mode over the diff renderer: finished transcript lines are committed
 * to the scrollback once; the live region is composed from its parts (below) at most once per turn
 * of the event loop, however many changes asked for it, and only when something did.
 *
 * The live region, top to bottom: extension header, the running turn (streamed answer, reasoning,
 * tools) or shell command, widgets placed above the editor, the activity line (spinner) while
 * working, messages queued behind the running turn, a note about shell output waiting to be sent,
 * the autocomplete list, a separator, the editor (or the dialog that has the keyboard), widgets
 * placed below it, a hint line, the status bar, extension footer.
 */
import { Renderer, SYNC_END, SYNC_START, type CursorPosition } from "../../ui/renderer/renderer.ts";
import type { Terminal } from "../../ui/terminal/terminal.ts";

export interface LiveParts {
  header: string[];
  turn: string[];
  widgetsAbove: string[];
  activity: string[];
  queued: string[];
  completion: string[];
  separator: string[];
  /** The editor or the active dialog, with its cursor. */
  input: { lines: string[]; cursor?: { row: number; col: number } | undefined };
  widgetsBelow: string[];
  hint: string[];
  status: string[];
  footer: string[];
}

/** The live region's lines and where the cursor is in them. */
export function layout(p: LiveParts): { lines: string[]; cursor: CursorPosition | null } {
  const lines = [...p.header, ...p.turn, ...p.widgetsAbove, ...p.activity, ...p.queued, ...p.completion, ...p.separator];
  const inputTop = lines.length;
  lines.push(...p.input.lines, ...p.widgetsBelow, ...p.hint, ...p.status, ...p.footer);
  const c = p.input.cursor;
  return { lines, cursor: c ? { row: inputTop + c.row, col: c.col } : null };
}

export class View {
  readonly renderer: Renderer;
  private scheduled: ReturnType<typeof setImmediate> | undefined;
  private suspended = false;
  /** Lines to commit with the next frame: handed to the renderer together with the live region that replaces them. */
  private committed: string[] = [];

  constructor(
    private readonly terminal: Terminal,
    private readonly compose: () => { lines: string[]; cursor: CursorPosition | null },
  ) {
    this.renderer = new Renderer(terminal);
  }

  /** Lines for the scrollback (written above the live region, in the next frame). */
  commit(lines: string[]): void {
    for (const line of lines) this.committed.push(line);
    this.invalidate();
  }

  /** Something in the live region changed: draw it again at the next turn of the event loop. */
  invalidate(): void {
    if (this.scheduled !== undefined || this.suspended) return;
    this.scheduled = setImmediate(() => this.draw());
  }

  /** Composes and writes a frame now. */
  draw(): void {
    if (this.scheduled !== undefined) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    if (this.suspended) return;
    const frame = this.compose();
    if (this.committed.length) {
      this.renderer.commit(this.committed);
      this.committed = [];
    }
    this.renderer.render(frame.lines, frame.cursor);
    this.renderer.flush();
  }

  /** Bytes that are not a frame (OSC 52), still inside synchronized output. */
  writeRaw(data: string): void {
    this.terminal.write(SYNC_START + data + SYNC_END);
  }

  /** Erases the live region and stops drawing (ctx.suspendTUI, quitting). */
  suspend(clear: boolean): void {
    if (this.scheduled !== undefined) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    if (this.committed.length) {
      this.renderer.commit(this.committed);
      this.committed = [];
    }
    this.renderer.stop({ clear });
    this.suspended = true;
  }

  resume(): void {
    this.suspended = false;
    this.draw();
  }
}
