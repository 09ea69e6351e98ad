/**
 * Suggestions while typing: `/` at the start of the input lists the slash commands (kit's and the
 * extensions'), fuzzy-matched; after a command and a space, that command's argument completions
 * (kit's own, or the extension's `complete`); `@` starts a file reference, matched against the
 * project's files (gitignore respected, listed once and cached briefly) and the MCP servers' resources and
 * resource templates, a template's parameter completed by its server. Up/Down pick, Tab accepts,
 * Enter accepts (and runs a command that was being named, or one its argument completes), Esc hides the
 * list until the text changes.
 */
import { relative } from "node:path";
import { fuzzyFilter } from "../../ui/components/fuzzy.ts";
import type { ComponentInput } from "../../ui/components/input.ts";
import { SelectList, type SelectItem } from "../../ui/components/select-list.ts";
import type { Theme } from "../../ui/theme/theme.ts";

export interface CompletionSource {
  commands(): { name: string; description: string }[];
  /** Completions of a command's argument; undefined when the command has none. */
  complete(command: string, prefix: string): Promise<string[]> | string[] | undefined;
  /** Whether a line whose argument was just completed is a whole command, which Enter then runs. */
  isWholeCommand?(line: string): boolean;
  /** MCP resources, as `mcp:<server>:<uri>`, offered after `@` with the files. */
  resources?(): string[];
  /** MCP resource templates offered after `@`: `ref` shown, `head` (the reference up to its first parameter) inserted. */
  resourceTemplates?(): { ref: string; head: string }[];
  /** The full references a server suggests for the template parameter `typed` (`mcp:<server>:<uri>`) ends in; undefined when it fills none. */
  completeResource?(typed: string): Promise<string[]> | undefined;
  cwd: string;
  /** The project's files as absolute paths (the app's projectFiles). */
  files(): AsyncIterable<string>;
}

/** A suggestion: its label and description, and the text it puts in place of what is typed (value). */
type Suggestion = SelectItem<string>;

export type CompletionAction =
  | { type: "accept"; line: string; index: number; submit: boolean }
  | { type: "handled" }
  | { type: "ignored" };

const SHOWN = 8;
const MAX_FILES = 20_000;
const FILES_FRESH_MS = 30_000;

export class Autocomplete {
  private list: SelectList<string> | undefined;
  private kind: "command" | "argument" | "file" | undefined;
  private start = 0;
  private end = 0;
  private line = "";
  private dismissed: string | undefined;
  private seq = 0;
  private files: string[] | undefined;
  private filesAt = 0;
  private listing: Promise<void> | undefined;

  constructor(
    private readonly source: CompletionSource,
    private readonly changed: () => void,
  ) {}

  get visible(): boolean {
    return this.list !== undefined && this.list.visibleCount > 0;
  }

  /** The text before the cursor on the cursor's line changed: recompute the suggestions. */
  update(line: string, index: number, lineNo: number): void {
    const seq = ++this.seq;
    const before = line.slice(0, index);
    if (this.dismissed !== undefined && this.dismissed === before) return;
    this.dismissed = undefined;
    this.line = line;
    const command = lineNo === 0 ? /^\/(\S*)$/.exec(before) : null;
    if (command) {
      const items = this.source.commands().map((c) => ({ label: `/${c.name}`, description: c.description, value: `/${c.name} ` }));
      return this.show("command", 0, index, fuzzyFilter(items, command[1]!, (i) => i.label.slice(1)).map((m) => m.item));
    }
    const argument = lineNo === 0 ? /^\/(\S+)\s+(.*)$/s.exec(before) : null;
    if (argument) {
      const start = before.length - argument[2]!.length;
      const result = this.source.complete(argument[1]!, argument[2]!);
      if (result === undefined) return this.hide();
      const apply = (values: string[]) => {
        if (seq !== this.seq) return;
        const items = values.map((v) => ({ label: v, value: v }));
        this.show("argument", start, index, fuzzyFilter(items, argument[2]!, (i) => i.label).map((m) => m.item));
        this.changed();
      };
      if (Array.isArray(result)) return apply(result);
      result.then(apply, () => {});
      return;
    }
    const file = /(?:^|\s)@("?)([^\s"]*)$/.exec(before);
    if (file) {
      const query = file[2]!;
      const start = before.length - query.length - file[1]!.length - 1;
      const filled = query.startsWith("mcp:") ? this.source.completeResource?.(query) : undefined;
      if (filled) {
        filled.then((refs) => {
          if (seq !== this.seq) return;
          this.show("file", start, index, refs.map((r) => ({ label: r, value: `@${r} ` })));
          this.changed();
        }, () => {});
        return;
      }
      const apply = () => {
        if (seq !== this.seq) return;
        const files = (this.files ?? []).map((f) => ({ label: f, value: f.includes(" ") ? `@"${f}" ` : `@${f} ` }));
        const templates = (this.source.resourceTemplates?.() ?? []).map((t) => ({ label: t.ref, value: `@${t.head}` }));
        const items = [...(this.source.resources?.() ?? []).map((r) => ({ label: r, value: `@${r} ` })), ...templates, ...files];
        this.show("file", start, index, query === "" ? items.slice(0, 200) : fuzzyFilter(items, query, (i) => i.label).map((m) => m.item));
        this.changed();
      };
      if (this.files && Date.now() - this.filesAt < FILES_FRESH_MS) return apply();
      void this.listFiles().then(apply);
      return;
    }
    this.hide();
  }

  handle(input: ComponentInput): CompletionAction {
    if (!this.list || !this.visible || input.type === "paste") return { type: "ignored" };
    switch (input.name) {
      case "up":
      case "down":
      case "ctrl+p":
      case "ctrl+n":
        this.list.handle(input);
        return { type: "handled" };
      case "escape":
        this.dismissed = this.line.slice(0, this.end);
        this.hide();
        return { type: "handled" };
      case "tab":
      case "enter": {
        const insert = this.list.selected?.item.value;
        if (insert === undefined) return { type: "ignored" };
        const line = this.line.slice(0, this.start) + insert + this.line.slice(this.end);
        // Enter on a command that is already fully typed runs it instead of completing it again.
        const same = this.line.slice(this.start, this.end).trimEnd() === insert.trimEnd();
        if (input.name === "enter" && same && this.kind !== "file") return { type: "ignored" };
        // Enter on a command name runs it; on an argument, when that makes the command whole (`/model gpt-5`).
        const submit = input.name === "enter" && (this.kind === "command" || (this.kind === "argument" && this.source.isWholeCommand?.(line.trimEnd()) === true));
        this.hide();
        return { type: "accept", line: submit ? line.trimEnd() : line, index: this.start + insert.length, submit };
      }
    }
    return { type: "ignored" };
  }

  hide(): void {
    this.list = undefined;
    this.kind = undefined;
  }

  render(width: number, theme: Theme): string[] {
    return this.visible ? this.list!.render(width, theme) : [];
  }

  private show(kind: "command" | "argument" | "file", start: number, end: number, items: Suggestion[]): void {
    if (items.length === 0) return this.hide();
    this.kind = kind;
    this.start = start;
    this.end = end;
    this.list = new SelectList(items, { filter: false, maxVisible: SHOWN });
  }

  private listFiles(): Promise<void> {
    this.listing ??= (async () => {
      const files: string[] = [];
      try {
        for await (const abs of this.source.files()) {
          files.push(relative(this.source.cwd, abs));
          if (files.length >= MAX_FILES) break;
        }
      } catch {
        // an unreadable directory: what was found so far
      }
      this.files = files;
      this.filesAt = Date.now();
      this.listing = undefined;
    })();
    return this.listing;
  }
}
