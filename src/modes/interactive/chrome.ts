/**
 * What extensions add around the editor: widgets above or below it, a header and a footer, status
 * bar entries, and which parts of the UI are hidden (ctx.setWidget, setHeader, setFooter,
 * setStatus, setUIVisibility). A widget that asks to be refreshed (refreshHz) gets a timer while it
 * is set; nothing else here runs on its own.
 */
import type { HeaderFooterConfig, UIVisibility, WidgetConfig, WidgetContent } from "kit/ext";
import type { StatusEntry } from "../../ui/components/status-bar.ts";
import { renderMarkdown } from "../../ui/components/markdown.ts";
import type { Theme } from "../../ui/theme/theme.ts";
import { truncate, wrapLine } from "../../ui/width.ts";
import { boxBlock } from "./transcript.ts";

export class Chrome {
  private readonly widgets = new Map<string, WidgetConfig>();
  private readonly timers = new Map<string, ReturnType<typeof setInterval>>();
  private header: HeaderFooterConfig | undefined;
  private footer: HeaderFooterConfig | undefined;
  private readonly statuses = new Map<string, StatusEntry>();
  /** Widgets (or the header, the footer) whose render threw: hidden until set again. */
  private readonly failed = new Set<string>();
  visibility: UIVisibility = {};

  constructor(
    private readonly changed: () => void,
    private readonly report: (message: string) => void,
  ) {}

  setWidget(cfg: WidgetConfig): void {
    if (!cfg || typeof cfg.id !== "string" || cfg.id === "") throw new Error("setWidget needs an id");
    if (!cfg.content || typeof cfg.content !== "object") throw new Error(`setWidget "${cfg.id}" needs content`);
    this.widgets.set(cfg.id, cfg);
    this.failed.delete(cfg.id);
    this.retime(cfg.id, cfg.content.refreshHz);
    this.changed();
  }

  removeWidget(id: string): void {
    if (!this.widgets.delete(id)) return;
    this.failed.delete(id);
    this.retime(id, 0);
    this.changed();
  }

  setHeader(cfg: HeaderFooterConfig | undefined): void {
    this.header = cfg;
    this.failed.delete("\0header");
    this.retime("\0header", cfg?.content.refreshHz);
    this.changed();
  }

  setFooter(cfg: HeaderFooterConfig | undefined): void {
    this.footer = cfg;
    this.failed.delete("\0footer");
    this.retime("\0footer", cfg?.content.refreshHz);
    this.changed();
  }

  setStatus(key: string, text: string, priority = 0): void {
    this.statuses.set(key, { key, text: String(text ?? ""), priority: Number.isFinite(priority) ? priority : 0 });
    this.changed();
  }

  removeStatus(key: string): void {
    if (this.statuses.delete(key)) this.changed();
  }

  setVisibility(v: UIVisibility): void {
    this.visibility = { ...this.visibility, ...v };
    this.changed();
  }

  statusEntries(): StatusEntry[] {
    return [...this.statuses.values()];
  }

  /** Widgets of one side, lower priority first, ties by id. */
  widgetLines(placement: "above" | "below", width: number, theme: Theme): string[] {
    const chosen = [...this.widgets.values()]
      .filter((w) => (w.placement ?? "above") === placement)
      .sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0) || a.id.localeCompare(b.id));
    return chosen.flatMap((w) => this.render(w.id, `widget "${w.id}"`, w.content, w.style, width, theme));
  }

  headerLines(width: number, theme: Theme): string[] {
    return this.header ? this.render("\0header", "the header", this.header.content, this.header.style, width, theme) : [];
  }

  footerLines(width: number, theme: Theme): string[] {
    return this.footer ? this.render("\0footer", "the footer", this.footer.content, this.footer.style, width, theme) : [];
  }

  /** Stops the refresh timers (kit is quitting or the UI is suspended). */
  dispose(): void {
    for (const timer of this.timers.values()) clearInterval(timer);
    this.timers.clear();
  }

  /** `key` names the widget (its timer, its failure); a render that throws hides it, stops its timer, and is reported once. */
  private render(key: string, label: string, content: WidgetContent, style: WidgetConfig["style"], width: number, theme: Theme): string[] {
    if (this.failed.has(key)) return [];
    const boxed = !style?.noBorder && width >= 5;
    const inner = boxed ? width - 4 : width;
    let lines: string[];
    try {
      lines = contentLines(content, inner, theme);
    } catch (err) {
      this.failed.add(key);
      this.retime(key, 0);
      // Reported after the frame being drawn (a report draws too).
      queueMicrotask(() => this.report(`${label} failed to render and is hidden until it is set again: ${(err as Error).message}`));
      return [];
    }
    if (lines.length === 0) return [];
    if (!boxed) return lines.map((line) => truncate(line, width));
    return boxBlock(lines, width, theme, style?.borderColor ? { borderColor: style.borderColor } : {});
  }

  private retime(id: string, hz: number | undefined): void {
    const old = this.timers.get(id);
    if (old) clearInterval(old);
    this.timers.delete(id);
    const rate = Math.min(30, Math.max(0, Number(hz) || 0));
    if (rate > 0) this.timers.set(id, setInterval(() => this.changed(), Math.round(1000 / rate)));
  }
}

/** A widget's lines at `width`: render() verbatim (its "" hides it), else the text, plain or Markdown. */
export function contentLines(content: WidgetContent, width: number, theme: Theme): string[] {
  if (typeof content.render === "function") {
    const text = content.render(width);
    if (typeof text !== "string" || text === "") return [];
    return text.replace(/\n$/, "").split("\n");
  }
  const text = typeof content.text === "string" ? content.text : "";
  if (text === "") return [];
  if (content.markdown) return renderMarkdown(text, width, theme);
  return text.replace(/\n$/, "").split("\n").flatMap((line) => wrapLine(line, width));
}
