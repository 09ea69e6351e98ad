/**
 * Dialogs that take the keyboard until answered, drawn in place of the editor: pick from a list
 * (ctx.promptSelect and kit's own pickers), yes/no, a line of text (optionally masked), several
 * items from a list, and an overlay of content with actions (overlay-modal.ts). One is shown at a
 * time; others wait in order. An overlay makes the live region as tall as the screen and sits at its
 * anchor in it. Each resolves its promise once, with `cancelled: true` on Esc (or when kit quits).
 */
import type { ComponentInput } from "../../ui/components/input.ts";
import { SelectList, type SelectItem } from "../../ui/components/select-list.ts";
import type { Theme } from "../../ui/theme/theme.ts";
import { truncate, visibleWidth, wrapLine } from "../../ui/width.ts";

export interface ModalView {
  lines: string[];
  /** Where the terminal cursor goes, relative to `lines`. */
  cursor?: { row: number; col: number };
}

export interface Modal {
  /** Takes a key; true when the modal is done (it has resolved its promise). */
  handle(input: ComponentInput): boolean;
  render(width: number, theme: Theme): ModalView;
  /** Resolves as cancelled (kit is quitting). */
  cancel(): void;
}

const hint = (theme: Theme, text: string, width: number) => theme.fg("veryMuted", truncate(text, width));
/** A dialog's message: its own lines (an extension's message may have several), each wrapped to the dialog. */
const title = (theme: Theme, text: string, width: number, subtitle = "") =>
  wrapLine(theme.fg("primary", text.replace(/\r\n?/g, "\n"), { bold: true }) + (subtitle ? `  ${theme.fg("muted", subtitle)}` : ""), width);

/** Pick one item (with a fuzzy filter). `onKey` may take extra keys first (e.g. Tab to change the list). */
export class SelectModal<T> implements Modal {
  readonly list: SelectList<T>;
  constructor(
    private readonly message: string,
    items: SelectItem<T>[],
    private readonly done: (choice: { item: SelectItem<T>; index: number } | undefined) => void,
    private readonly o: { initialIndex?: number; maxVisible?: number; hint?: string; filter?: boolean; onKey?: (input: ComponentInput, modal: SelectModal<T>) => boolean } = {},
  ) {
    this.list = new SelectList(items, {
      maxVisible: o.maxVisible ?? 10,
      filter: o.filter ?? true,
      ...(o.initialIndex !== undefined ? { initialIndex: o.initialIndex } : {}),
    });
  }
  /** Shown after the message, muted (e.g. which list this is). */
  subtitle = "";
  handle(input: ComponentInput): boolean {
    if (this.o.onKey?.(input, this)) return false;
    const action = this.list.handle(input);
    if (action.type === "select") {
      this.done({ item: action.item, index: action.index });
      return true;
    }
    if (action.type === "cancel") {
      this.done(undefined);
      return true;
    }
    return false;
  }
  render(width: number, theme: Theme): ModalView {
    return { lines: [...title(theme, this.message, width, this.subtitle), ...this.list.render(width, theme), hint(theme, this.o.hint ?? "↑↓ move · Enter choose · Esc cancel · type to filter", width)] };
  }
  cancel(): void {
    this.done(undefined);
  }
}

export class ConfirmModal implements Modal {
  private value: boolean;
  constructor(
    private readonly message: string,
    defaultValue: boolean,
    private readonly done: (r: { cancelled: boolean; value: boolean }) => void,
  ) {
    this.value = defaultValue;
  }
  handle(input: ComponentInput): boolean {
    const name = input.type === "paste" ? "" : input.name;
    if (name === "y" || name === "shift+y") return this.finish(false, true);
    if (name === "n" || name === "shift+n") return this.finish(false, false);
    if (name === "enter") return this.finish(false, this.value);
    if (name === "escape" || name === "ctrl+c") return this.finish(true, false);
    if (["left", "right", "tab", "shift+tab", "h", "l"].includes(name)) this.value = !this.value;
    return false;
  }
  render(width: number, theme: Theme): ModalView {
    const button = (label: string, on: boolean) => (on ? theme.fg("primary", `[${label}]`, { bold: true }) : theme.fg("muted", ` ${label} `));
    return {
      lines: [...title(theme, this.message, width), truncate(`  ${button("Yes", this.value)}  ${button("No", !this.value)}`, width), hint(theme, "y/n · ←→ choose · Enter confirm · Esc cancel", width)],
    };
  }
  cancel(): void {
    this.finish(true, false);
  }
  private finish(cancelled: boolean, value: boolean): true {
    this.done({ cancelled, value });
    return true;
  }
}

/** One line of text; `mask` draws it as bullets (secrets). */
export class InputModal implements Modal {
  private text: string;
  private index: number;
  constructor(
    private readonly cfg: { message: string; placeholder?: string; default?: string; mask?: boolean },
    private readonly done: (r: { cancelled: boolean; value: string }) => void,
  ) {
    this.text = String(cfg.default ?? "");
    this.index = this.text.length;
  }
  handle(input: ComponentInput): boolean {
    if (input.type === "paste") {
      this.insert(input.text.replace(/\n/g, " "));
      return false;
    }
    switch (input.name) {
      case "enter":
        this.done({ cancelled: false, value: this.text });
        return true;
      case "escape":
      case "ctrl+c":
        this.done({ cancelled: true, value: "" });
        return true;
      case "backspace":
      case "ctrl+h":
        if (this.index > 0) {
          const before = [...this.text.slice(0, this.index)];
          const cut = before.pop()!.length;
          this.text = this.text.slice(0, this.index - cut) + this.text.slice(this.index);
          this.index -= cut;
        }
        return false;
      case "delete":
        if (this.index < this.text.length) {
          const cut = [...this.text.slice(this.index)][0]!.length;
          this.text = this.text.slice(0, this.index) + this.text.slice(this.index + cut);
        }
        return false;
      case "left":
      case "ctrl+b":
        if (this.index > 0) this.index -= [...this.text.slice(0, this.index)].pop()!.length;
        return false;
      case "right":
      case "ctrl+f":
        if (this.index < this.text.length) this.index += [...this.text.slice(this.index)][0]!.length;
        return false;
      case "home":
      case "ctrl+a":
        this.index = 0;
        return false;
      case "end":
      case "ctrl+e":
        this.index = this.text.length;
        return false;
      case "ctrl+u":
        this.text = this.text.slice(this.index);
        this.index = 0;
        return false;
      case "ctrl+k":
        this.text = this.text.slice(0, this.index);
        return false;
    }
    if (input.text !== undefined && !input.name.startsWith("ctrl+") && !input.name.startsWith("alt+")) this.insert(input.text);
    return false;
  }
  render(width: number, theme: Theme): ModalView {
    const prompt = "› ";
    const shown = (s: string) => (this.cfg.mask ? "•".repeat([...s].length) : s);
    const available = Math.max(1, width - prompt.length - 1);
    let before = shown(this.text.slice(0, this.index));
    const after = shown(this.text.slice(this.index));
    // Keep the cursor on screen: drop the start of a long text.
    while (visibleWidth(before) > available) before = [...before].slice(1).join("");
    const body = this.text === "" && this.cfg.placeholder ? theme.fg("veryMuted", this.cfg.placeholder) : before + after;
    const line = truncate(theme.fg("primary", prompt, { bold: true }) + body, width);
    const head = title(theme, this.cfg.message, width);
    return {
      lines: [...head, line, hint(theme, "Enter confirm · Esc cancel", width)],
      cursor: { row: head.length, col: prompt.length + visibleWidth(before) },
    };
  }
  cancel(): void {
    this.done({ cancelled: true, value: "" });
  }
  private insert(s: string): void {
    this.text = this.text.slice(0, this.index) + s + this.text.slice(this.index);
    this.index += s.length;
  }
}

/** Several items: Space toggles, a = all, n = none, Enter confirms, Esc cancels. */
export class MultiSelectModal implements Modal {
  private readonly selected: Set<number>;
  private row = 0;
  private scroll = 0;
  private readonly visible = 10;
  constructor(
    private readonly cfg: { message: string; options: string[]; defaultSelected?: number[] },
    private readonly done: (r: { cancelled: boolean; values: string[]; indices: number[] }) => void,
  ) {
    const options = cfg.options.map(String);
    this.selected = new Set(cfg.defaultSelected === undefined ? options.map((_, i) => i) : cfg.defaultSelected.filter((i) => i >= 0 && i < options.length));
  }
  handle(input: ComponentInput): boolean {
    const name = input.type === "paste" ? "" : input.name;
    const count = this.cfg.options.length;
    switch (name) {
      case "up":
      case "ctrl+p":
      case "k":
        if (count) this.row = (this.row - 1 + count) % count;
        break;
      case "down":
      case "ctrl+n":
      case "j":
        if (count) this.row = (this.row + 1) % count;
        break;
      case "space":
        if (this.selected.has(this.row)) this.selected.delete(this.row);
        else if (count) this.selected.add(this.row);
        break;
      case "a":
        for (let i = 0; i < count; i++) this.selected.add(i);
        break;
      case "n":
        this.selected.clear();
        break;
      case "enter": {
        const indices = [...this.selected].sort((a, b) => a - b);
        this.done({ cancelled: false, values: indices.map((i) => String(this.cfg.options[i])), indices });
        return true;
      }
      case "escape":
      case "ctrl+c":
        this.cancel();
        return true;
    }
    if (this.row < this.scroll) this.scroll = this.row;
    if (this.row >= this.scroll + this.visible) this.scroll = this.row - this.visible + 1;
    return false;
  }
  render(width: number, theme: Theme): ModalView {
    const lines = title(theme, this.cfg.message, width);
    const end = Math.min(this.cfg.options.length, this.scroll + this.visible);
    for (let i = this.scroll; i < end; i++) {
      const mark = this.selected.has(i) ? theme.fg("success", "◼") : theme.fg("muted", "◻");
      const cursor = i === this.row ? theme.fg("primary", "› ", { bold: true }) : "  ";
      const label = i === this.row ? theme.fg("primary", String(this.cfg.options[i]), { bold: true }) : String(this.cfg.options[i]);
      lines.push(truncate(`${cursor}${mark} ${label}`, width));
    }
    lines.push(hint(theme, `${this.selected.size}/${this.cfg.options.length} selected · Space toggle · a all · n none · Enter confirm · Esc cancel`, width));
    return { lines };
  }
  cancel(): void {
    this.done({ cancelled: true, values: [], indices: [] });
  }
}

/** The dialogs waiting for the keyboard; the first one is shown. */
export class ModalQueue {
  private readonly queue: Modal[] = [];
  constructor(private readonly changed: () => void) {}

  get active(): Modal | undefined {
    return this.queue[0];
  }

  /** Shows a modal made with the function that ends it, and resolves with what it ends with. */
  open<R>(make: (finish: (result: R) => void) => Modal): Promise<R> {
    return new Promise<R>((resolve) => {
      let settled = false;
      const modal = make((result) => {
        if (settled) return;
        settled = true;
        const i = this.queue.indexOf(modal);
        if (i >= 0) this.queue.splice(i, 1);
        this.changed();
        resolve(result);
      });
      this.queue.push(modal);
      this.changed();
    });
  }

  /** Gives the key to the active modal; false when there is none. */
  handle(input: ComponentInput): boolean {
    const modal = this.active;
    if (!modal) return false;
    modal.handle(input);
    this.changed();
    return true;
  }

  cancelAll(): void {
    for (const modal of [...this.queue]) modal.cancel();
  }
}
