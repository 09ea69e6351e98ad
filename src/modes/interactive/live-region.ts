/**
 * The live region of the interactive UI, composed from the controller's parts for one frame (see
 * view.ts for the order): the running work, extensions' chrome, the spinner, queued messages, the
 * suggestions, the editor or the dialog that has the keyboard, the hint line and the status bar. An
 * overlay (ctx.showOverlay) takes the rest of the screen's height and sits at its anchor there.
 * It reads the interactive session through LiveRegionState, which the controller is.
 */
import { renderStatusBar } from "../../ui/components/status-bar.ts";
import type { CursorPosition } from "../../ui/renderer/renderer.ts";
import type { Theme } from "../../ui/theme/theme.ts";
import { truncate } from "../../ui/width.ts";
import type { Editor } from "../../ui/components/editor.ts";
import type { Terminal } from "../../ui/terminal/terminal.ts";
import type { Autocomplete } from "./autocomplete.ts";
import type { Chrome } from "./chrome.ts";
import type { CustomEditor } from "./custom-editor.ts";
import type { DoublePresses } from "./double-press.ts";
import type { ModalQueue } from "./modals.ts";
import { OverlayModal } from "./overlay-modal.ts";
import type { StatusInfo } from "./status.ts";
import { layout, type LiveParts } from "./view.ts";

/** What the empty input says (ctx.setUIVisibility({ hideInputHint }) hides it). */
export const INPUT_HINT = "Ask anything · / for commands · @ for files · ! for shell";

/** What a frame of the live region is made from (the interactive controller). */
export interface LiveRegionState {
  readonly width: number;
  readonly theme: Theme;
  readonly terminal: Pick<Terminal, "rows">;
  readonly chrome: Pick<Chrome, "visibility" | "headerLines" | "widgetLines" | "footerLines">;
  readonly modals: Pick<ModalQueue, "active">;
  readonly autocomplete: Pick<Autocomplete, "render">;
  readonly editor: Editor;
  readonly customEditor: Pick<CustomEditor, "render">;
  readonly presses: Pick<DoublePresses, "hint">;
  readonly status: Pick<StatusInfo, "state">;
  /** The running turn's and shell command's live lines; the turn's fit in `maxRows` (the rest of the screen). */
  workLines(width: number, theme: Theme, maxRows: number): string[];
  /** The spinner's state while working. */
  activity(): { frame: string; seconds: number; shell: boolean; turn: boolean } | undefined;
  /** Messages waiting behind the running turn, and how many shell outputs wait for the next message. */
  waiting(): { steering: readonly string[]; queued: readonly string[]; shellOutputs: number };
}

export function composeLiveRegion(c: LiveRegionState): { lines: string[]; cursor: CursorPosition | null } {
  const width = c.width;
  const theme = c.theme;
  const hidden = c.chrome.visibility;
  const modal = c.modals.active;
  const parts = {
    header: c.chrome.headerLines(width, theme),
    turn: [] as string[],
    widgetsAbove: c.chrome.widgetLines("above", width, theme),
    activity: activityLines(c, width, theme),
    queued: waitingLines(c, width, theme),
    completion: modal ? [] : c.autocomplete.render(width, theme),
    separator: hidden.hideSeparator ? [] : [theme.fg("mutedBorder", "─".repeat(width))],
    input: modal ? modal.render(width, theme) : editorView(c, width, theme),
    widgetsBelow: c.chrome.widgetLines("below", width, theme),
    hint: c.presses.hint ? [truncate(theme.fg("warning", c.presses.hint), width)] : [],
    status: hidden.hideStatusBar ? [] : [renderStatusBar(c.status.state(), width, theme)],
    footer: c.chrome.footerLines(width, theme),
  };
  // The turn gets the rows the rest leaves: a taller answer gives its earlier lines to the scrollback.
  parts.turn = c.workLines(width, theme, Math.max(1, c.terminal.rows - others(parts)));
  if (modal instanceof OverlayModal) parts.input = anchored(modal.anchor, parts.input, c.terminal.rows - others(parts));
  return layout(parts);
}

function others(p: LiveParts): number {
  return p.header.length + p.turn.length + p.widgetsAbove.length + p.activity.length + p.queued.length + p.completion.length + p.separator.length
    + p.widgetsBelow.length + p.hint.length + p.status.length + p.footer.length;
}

/** An overlay in a stage that fills the rest of the screen: at its top, middle or bottom. */
function anchored(anchor: OverlayModal["anchor"], box: LiveParts["input"], stage: number): LiveParts["input"] {
  const free = Math.max(0, stage - box.lines.length);
  const above = anchor === "top-center" ? 0 : anchor === "bottom-center" ? free : Math.floor(free / 2);
  const lines = [...Array<string>(above).fill(""), ...box.lines, ...Array<string>(free - above).fill("")];
  return box.cursor ? { lines, cursor: { row: box.cursor.row + above, col: box.cursor.col } } : { lines };
}

/** The editor (at most a third of the screen, scrolling with the caret), or an extension's rendering of it. */
function editorView(c: LiveRegionState, width: number, theme: Theme): { lines: string[]; cursor?: { row: number; col: number } } {
  c.editor.placeholder = c.chrome.visibility.hideInputHint ? "" : INPUT_HINT;
  const own = c.editor.render(width, theme, { maxRows: Math.max(3, Math.floor(c.terminal.rows / 3)) });
  const text = c.customEditor.render(width, own.lines);
  if (text === undefined) return own;
  const lines = text.replace(/\n$/, "").split("\n").map((l) => truncate(l, width));
  // The caret stays where the editor has it when the extension kept the editor's lines as they were.
  const kept = own.lines.every((line, i) => lines[i] === line);
  return kept ? { lines, cursor: own.cursor } : { lines };
}

function activityLines(c: LiveRegionState, width: number, theme: Theme): string[] {
  const a = c.activity();
  // A dialog waiting for an answer replaces the spinner (the keys are the dialog's).
  if (!a || (c.modals.active && !a.turn && !a.shell)) return [];
  const what = a.shell ? "Running" : "Working";
  // What Enter does now that it does not do when idle, said while there is something to send.
  const send = a.turn && !a.shell && !c.editor.isEmpty ? " · Enter: into this turn · Alt+Enter: after it" : "";
  return [truncate(`${theme.fg("accent", a.frame)} ${theme.fg("muted", `${what}… ${a.seconds}s · Esc to cancel${send}`)}`, width)];
}

function waitingLines(c: LiveRegionState, width: number, theme: Theme): string[] {
  const { steering, queued, shellOutputs } = c.waiting();
  const line = (label: string, text: string) => truncate(theme.fg("muted", `↳ ${label}: ${text.replace(/\s+/g, " ")}`), width);
  const lines = [...steering.map((text) => line("steering", text)), ...queued.map((text) => line("queued", text))];
  if (shellOutputs) lines.push(truncate(theme.fg("veryMuted", `${shellOutputs} shell output${shellOutputs === 1 ? "" : "s"} will go with your next message`), width));
  return lines;
}
