/**
 * A list to pick from (models, sessions, themes, commands): items with a label and a description,
 * a fuzzy filter typed as you go with the matched characters highlighted, Up/Down (Ctrl+P/N,
 * wrapping), PageUp/PageDown, Home/End, Enter to choose, Esc to cancel, and a window that scrolls to
 * keep the selection visible.
 */
import type { Theme } from "../theme/theme.ts";
import { truncate, visibleWidth } from "../width.ts";
import { fuzzyFilter, type FuzzyResult } from "./fuzzy.ts";
import type { ComponentInput } from "./input.ts";

export interface SelectItem<T = string> {
  label: string;
  description?: string;
  value?: T;
  /** Text the filter matches instead of the label. */
  filterText?: string;
}

export interface SelectListOptions {
  /** Rows of items shown at once (default 10). */
  maxVisible?: number;
  /** Typing filters the list (default true). */
  filter?: boolean;
  /** Shown in the filter line while the query is empty. */
  placeholder?: string;
  /** Index of the item selected at first. */
  initialIndex?: number;
}

export type SelectAction<T> =
  | { type: "select"; item: SelectItem<T>; index: number }
  | { type: "cancel" }
  | { type: "handled" }
  | { type: "ignored" };

export class SelectList<T = string> {
  private items: SelectItem<T>[];
  private matches: FuzzyResult<SelectItem<T>>[] = [];
  private selectedRow = 0;
  private scroll = 0;
  private filterQuery = "";
  private readonly maxVisible: number;
  private readonly filtering: boolean;
  private readonly placeholder: string;

  constructor(items: readonly SelectItem<T>[], options: SelectListOptions = {}) {
    this.items = [...items];
    this.maxVisible = Math.max(1, options.maxVisible ?? 10);
    this.filtering = options.filter ?? true;
    this.placeholder = options.placeholder ?? "Type to filter";
    this.refilter();
    if (options.initialIndex !== undefined) this.selectIndex(options.initialIndex);
  }

  get query(): string {
    return this.filterQuery;
  }

  setQuery(query: string): void {
    this.filterQuery = query;
    this.refilter();
  }

  setItems(items: readonly SelectItem<T>[]): void {
    const current = this.selected?.item;
    this.items = [...items];
    this.refilter();
    if (current) {
      const row = this.matches.findIndex((match) => match.item === current);
      if (row !== -1) this.moveTo(row);
    }
  }

  /** Items shown after filtering, best match first. */
  get visibleCount(): number {
    return this.matches.length;
  }

  /** The highlighted item and its index in the full list. */
  get selected(): { item: SelectItem<T>; index: number } | undefined {
    const match = this.matches[this.selectedRow];
    return match ? { item: match.item, index: match.index } : undefined;
  }

  /** Selects the item at `index` of the full list, if it passes the filter. */
  selectIndex(index: number): void {
    const row = this.matches.findIndex((match) => match.index === index);
    if (row !== -1) this.moveTo(row);
  }

  handle(input: ComponentInput): SelectAction<T> {
    if (input.type === "paste") return this.type(input.text.replace(/\s+/g, " "));
    const count = this.matches.length;
    switch (input.name) {
      case "up":
      case "ctrl+p":
        if (count > 0) this.moveTo((this.selectedRow - 1 + count) % count);
        return HANDLED;
      case "down":
      case "ctrl+n":
      case "tab":
        if (count > 0) this.moveTo((this.selectedRow + 1) % count);
        return HANDLED;
      case "pageup":
        this.moveTo(Math.max(0, this.selectedRow - this.maxVisible));
        return HANDLED;
      case "pagedown":
        this.moveTo(Math.min(count - 1, this.selectedRow + this.maxVisible));
        return HANDLED;
      case "home":
        this.moveTo(0);
        return HANDLED;
      case "end":
        this.moveTo(count - 1);
        return HANDLED;
      case "enter": {
        const selected = this.selected;
        return selected ? { type: "select", ...selected } : HANDLED;
      }
      case "escape":
      case "ctrl+c":
        return { type: "cancel" };
      case "backspace":
      case "ctrl+h":
        if (!this.filtering || this.filterQuery === "") return HANDLED;
        this.setQuery([...this.filterQuery].slice(0, -1).join(""));
        return HANDLED;
      case "ctrl+u":
      case "ctrl+w":
        if (this.filtering) this.setQuery("");
        return HANDLED;
    }
    if (input.text !== undefined && !input.name.startsWith("ctrl+") && !input.name.startsWith("alt+")) return this.type(input.text);
    return IGNORED;
  }

  /** Lines at `width`: the filter line (when filtering), the visible items, a position note. */
  render(width: number, theme: Theme): string[] {
    width = Math.max(1, width);
    const lines: string[] = [];
    if (this.filtering) {
      const prompt = theme.fg("primary", "› ");
      lines.push(truncate(prompt + (this.filterQuery ? this.filterQuery : theme.fg("veryMuted", this.placeholder)), width));
    }
    if (this.matches.length === 0) {
      lines.push(truncate(theme.fg("muted", this.items.length === 0 ? "  (nothing to choose)" : "  No matches"), width));
      return lines;
    }
    const end = Math.min(this.matches.length, this.scroll + this.maxVisible);
    const labelWidth = Math.min(
      Math.max(...this.matches.slice(this.scroll, end).map((match) => visibleWidth(match.item.label))),
      Math.floor(width * 0.5),
    );
    for (let row = this.scroll; row < end; row++) lines.push(this.renderItem(this.matches[row]!, row === this.selectedRow, labelWidth, width, theme));
    if (this.matches.length > this.maxVisible) {
      lines.push(truncate(theme.fg("veryMuted", `  (${this.selectedRow + 1}/${this.matches.length})`), width));
    }
    return lines;
  }

  private renderItem(match: FuzzyResult<SelectItem<T>>, selected: boolean, labelWidth: number, width: number, theme: Theme): string {
    const marker = selected ? theme.fg("primary", "› ", { bold: true }) : "  ";
    const item = match.item;
    // Highlight matched characters only when the filter matched the label itself.
    const positions = item.filterText === undefined ? new Set(match.positions) : new Set<number>();
    let label = "";
    let i = 0;
    for (const ch of item.label) {
      const hit = positions.has(i) || (ch.length === 2 && positions.has(i + 1));
      label += hit ? theme.fg("highlight", ch, { bold: true }) : ch;
      i += ch.length;
    }
    label = selected ? theme.fg("primary", label, { bold: true }) : label;
    const available = Math.max(1, width - 2);
    let line = truncate(label, available);
    const used = visibleWidth(line);
    if (item.description && used + 3 < available) {
      const gap = " ".repeat(Math.max(2, labelWidth - used + 2));
      line += truncate(gap + theme.fg("muted", item.description), available - used);
    }
    return marker + line;
  }

  private type(text: string): SelectAction<T> {
    if (!this.filtering || text === "") return this.filtering ? HANDLED : IGNORED;
    this.setQuery(this.filterQuery + text);
    return HANDLED;
  }

  private refilter(): void {
    this.matches = fuzzyFilter(this.items, this.filterQuery, (item) => item.filterText ?? item.label);
    this.selectedRow = 0;
    this.scroll = 0;
  }

  private moveTo(row: number): void {
    if (this.matches.length === 0) return;
    this.selectedRow = Math.max(0, Math.min(row, this.matches.length - 1));
    if (this.selectedRow < this.scroll) this.scroll = this.selectedRow;
    else if (this.selectedRow >= this.scroll + this.maxVisible) this.scroll = this.selectedRow - this.maxVisible + 1;
  }
}

const HANDLED = { type: "handled" } as const;
const IGNORED = { type: "ignored" } as const;
