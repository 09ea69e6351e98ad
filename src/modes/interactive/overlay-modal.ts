/**
 * The overlay dialog of ctx.showOverlay: extension content in a bordered box sized from the screen,
 * a body that scrolls, action buttons, and an optional refresh timer for live content. It is a
 * Modal like the others (modals.ts) and waits in the same queue.
 */
import type { OverlayConfig } from "kit/ext";
import type { ComponentInput } from "../../ui/components/input.ts";
import type { Theme } from "../../ui/theme/theme.ts";
import { padEnd, truncate, visibleWidth } from "../../ui/width.ts";
import { contentLines } from "./chrome.ts";
import type { Modal, ModalView } from "./modals.ts";
import { colorOf } from "./transcript.ts";

/** Content in a box with a scrollable body and action buttons (ctx.showOverlay). */
export class OverlayModal implements Modal {
  private top = 0;
  private action = 0;
  private bodyHeight = 1;
  private total = 0;
  private readonly done: (r: { cancelled: boolean; action: string; index: number }) => void;
  /** Re-renders the content (refreshHz, capped at 30) until the overlay is answered. */
  private timer: ReturnType<typeof setInterval> | undefined;
  constructor(
    private readonly cfg: OverlayConfig,
    private readonly screen: () => { width: number; height: number },
    done: (r: { cancelled: boolean; action: string; index: number }) => void,
    redraw?: () => void,
  ) {
    const rate = Math.min(30, Math.max(0, Number(cfg.content?.refreshHz) || 0));
    if (rate > 0 && redraw) this.timer = setInterval(redraw, Math.round(1000 / rate));
    this.done = (r) => {
      if (this.timer) clearInterval(this.timer);
      this.timer = undefined;
      done(r);
    };
  }
  /** Where the box goes on the screen. */
  get anchor(): "center" | "top-center" | "bottom-center" {
    const a = this.cfg.anchor;
    return a === "top-center" || a === "bottom-center" ? a : "center";
  }
  handle(input: ComponentInput): boolean {
    const name = input.type === "paste" ? "" : input.name;
    const actions = this.cfg.actions ?? [];
    const max = Math.max(0, this.total - this.bodyHeight);
    switch (name) {
      case "up":
      case "k":
        this.top = Math.max(0, this.top - 1);
        break;
      case "down":
      case "j":
        this.top = Math.min(max, this.top + 1);
        break;
      case "pageup":
        this.top = Math.max(0, this.top - this.bodyHeight);
        break;
      case "pagedown":
      case "space":
        this.top = Math.min(max, this.top + this.bodyHeight);
        break;
      case "left":
      case "shift+tab":
        if (actions.length) this.action = (this.action - 1 + actions.length) % actions.length;
        break;
      case "right":
      case "tab":
        if (actions.length) this.action = (this.action + 1) % actions.length;
        break;
      case "enter":
        this.done(actions.length ? { cancelled: false, action: String(actions[this.action]), index: this.action } : { cancelled: false, action: "", index: -1 });
        return true;
      case "escape":
      case "ctrl+c":
      case "q":
        this.cancel();
        return true;
    }
    return false;
  }
  render(width: number, theme: Theme): ModalView {
    const screen = this.screen();
    const boxWidth = Math.max(10, Math.min(width, this.cfg.width && this.cfg.width > 0 ? this.cfg.width : Math.floor(screen.width * 0.6)));
    const maxHeight = Math.max(5, this.cfg.maxHeight && this.cfg.maxHeight > 0 ? this.cfg.maxHeight : Math.floor(screen.height * 0.8));
    const inner = boxWidth - 4;
    let body: string[];
    try {
      body = contentLines(this.cfg.content ?? {}, inner, theme);
    } catch (err) {
      body = [theme.fg("error", `the overlay failed to render: ${(err as Error).message}`)];
    }
    const actions = this.cfg.actions ?? [];
    this.total = body.length;
    this.bodyHeight = Math.max(1, maxHeight - 2 - (actions.length ? 1 : 0) - 1);
    this.top = Math.min(this.top, Math.max(0, this.total - this.bodyHeight));
    const shown = body.slice(this.top, this.top + this.bodyHeight);
    if (this.total > this.bodyHeight) shown.push(theme.fg("veryMuted", `(${this.top + 1}-${this.top + shown.length}/${this.total}) ↑↓ scroll`));
    if (actions.length) {
      shown.push(actions.map((a, i) => (i === this.action ? theme.fg("primary", `[${a}]`, { bold: true }) : theme.fg("muted", ` ${a} `))).join(" "));
    }
    const hex = colorOf(this.cfg.style?.borderColor, theme) ?? theme.primary;
    const border = (s: string) => theme.paint(hex, s);
    const heading = this.cfg.title ? truncate(` ${this.cfg.title} `, inner) : "";
    const lines = [
      border("╭─") + theme.fg("text", heading, { bold: true }) + border("─".repeat(Math.max(0, inner - visibleWidth(heading))) + "─╮"),
      ...shown.map((line) => border("│ ") + padEnd(truncate(line, inner), inner) + border(" │")),
      border("╰" + "─".repeat(boxWidth - 2) + "╯"),
    ];
    const background = colorOf(this.cfg.style?.background, theme);
    const painted = background && theme.level !== "none" ? lines.map((l) => theme.bg(background, l)) : lines;
    const left = " ".repeat(Math.max(0, Math.floor((width - boxWidth) / 2)));
    return { lines: painted.map((l) => left + l) };
  }
  cancel(): void {
    this.done({ cancelled: true, action: "", index: -1 });
  }
}
