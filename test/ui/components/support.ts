/** Themes and helpers shared by the component tests. */
import { expect } from "bun:test";
import { stripAnsi } from "../../../src/ui/ansi.ts";
import { ThemeRegistry } from "../../../src/ui/theme/registry.ts";
import { visibleWidth } from "../../../src/ui/width.ts";

const registry = new ThemeRegistry();
/** kitt, dark, without colour: lines are plain text. */
export const plain = registry.resolveTheme("kitt", true, "none");
/** kitt, dark, truecolor. */
export const color = registry.resolveTheme("kitt", true, "truecolor");

export const strip = (lines: readonly string[]) => lines.map(stripAnsi);

/** Every line fits in `width` columns. */
export function expectFits(lines: readonly string[], width: number): void {
  for (const line of lines) {
    if (visibleWidth(line) > width) throw new Error(`line wider than ${width} (${visibleWidth(line)}): ${JSON.stringify(stripAnsi(line))}`);
  }
  expect(true).toBe(true);
}

/** The truecolor SGR of a hex colour, to look for in painted output. */
export function sgrOf(hex: string, background = false): string {
  const n = parseInt(hex.slice(1), 16);
  return `\x1b[${background ? 48 : 38};2;${(n >> 16) & 255};${(n >> 8) & 255};${n & 255}m`;
}
