import { describe, expect, test } from "bun:test";
import { contextSlot, formatCost, formatTokens, renderStatusBar, type StatusBarState } from "../../../src/ui/components/status-bar.ts";
import { visibleWidth } from "../../../src/ui/width.ts";
import { color, plain, sgrOf, strip } from "./support.ts";

const STATE: StatusBarState = {
  cwd: "/home/ada/projects/kit",
  home: "/home/ada",
  gitBranch: "main",
  model: "anthropic/claude-sonnet-4-5",
  thinkingLevel: "medium",
  contextTokens: 84_200,
  contextWindow: 200_000,
  cost: 0.4213,
  entries: [
    { key: "budget", text: "budget 12%", priority: 20 },
    { key: "plan", text: "PLAN", priority: 10 },
  ],
};

const bar = (width: number, state: StatusBarState = STATE) => strip([renderStatusBar(state, width, plain)])[0]!;

describe("status bar", () => {
  test("at 120 columns everything shows: path, branch, entries by priority, model, thinking, context, cost", () => {
    const line = bar(120);
    expect(line).toBe(
      "~/projects/kit (main)" + " ".repeat(11) + "PLAN · budget 12% · anthropic/claude-sonnet-4-5 · thinking medium · 84k/200k 42% · $0.42",
    );
    expect(visibleWidth(line)).toBe(120);
  });

  test("at 80 columns the context loses its token counts, the path shortens, the branch and low-priority entries go", () => {
    expect(bar(80)).toBe("kit" + " ".repeat(11) + "PLAN · anthropic/claude-sonnet-4-5 · thinking medium · 42% · $0.42");
  });

  test("at 40 columns: path, model without provider, context and cost", () => {
    expect(bar(40)).toBe("kit" + " ".repeat(6) + "claude-sonnet-4-5 · 42% · $0.42");
  });

  test("at 20 columns: the context use is what is left", () => {
    expect(bar(20)).toBe(" ".repeat(17) + "42%");
  });

  test("in between, parts go one at a time, least useful first", () => {
    expect(bar(110)).toBe("~/projects/kit (main)" + " ".repeat(10) + "PLAN · budget 12% · anthropic/claude-sonnet-4-5 · thinking medium · 42% · $0.42");
    expect(bar(60)).toBe("kit" + " ".repeat(16) + "anthropic/claude-sonnet-4-5 · 42% · $0.42");
    expect(bar(30)).toBe("kit" + " ".repeat(4) + "claude-sonnet-4-5 · 42%");
  });

  test("it never wraps and never exceeds the width", () => {
    for (let width = 1; width <= 130; width++) {
      const line = renderStatusBar(STATE, width, color);
      expect(line).not.toContain("\n");
      expect(visibleWidth(line)).toBeLessThanOrEqual(width);
    }
    expect(renderStatusBar(STATE, 0, color)).toBe("");
    expect(visibleWidth(renderStatusBar({ ...STATE, cwd: "/仕事/プロジェクト/とても長いディレクトリ名😀" }, 50, color))).toBeLessThanOrEqual(50);
  });

  test("context colour thresholds: below 50 % success, below 80 % warning, else error", () => {
    expect(contextSlot(10)).toBe("success");
    expect(contextSlot(49)).toBe("success");
    expect(contextSlot(50)).toBe("warning");
    expect(contextSlot(79)).toBe("warning");
    expect(contextSlot(80)).toBe("error");
    const at = (tokens: number) => renderStatusBar({ cwd: "/x", contextTokens: tokens, contextWindow: 100_000 }, 80, color);
    expect(at(20_000)).toContain(sgrOf(color.success) + "20%");
    expect(at(65_000)).toContain(sgrOf(color.warning) + "65%");
    expect(at(92_000)).toContain(sgrOf(color.error) + "92%");
  });

  test("missing parts are simply left out", () => {
    expect(bar(60, { cwd: "/srv/app" })).toBe("/srv/app");
    expect(bar(60, { cwd: "/srv/app", contextTokens: 1500 })).toBe("/srv/app" + " ".repeat(41) + "1.5k tokens");
    expect(bar(60, { cwd: "/srv/app", cost: 0.004 })).toBe("/srv/app" + " ".repeat(46) + "<$0.01");
  });

  test("the branch is shown in its own colour, the model in the primary colour", () => {
    const line = renderStatusBar(STATE, 120, color);
    expect(line).toContain(sgrOf(color.secondary) + "(main)");
    expect(line).toContain(sgrOf(color.primary) + "anthropic/claude-sonnet-4-5");
  });

  test("formats", () => {
    expect(formatTokens(950)).toBe("950");
    expect(formatTokens(1200)).toBe("1.2k");
    expect(formatTokens(12_345)).toBe("12k");
    expect(formatTokens(1_000_000)).toBe("1M");
    expect(formatTokens(1_250_000)).toBe("1.3M");
    expect(formatCost(0)).toBe("$0.00");
    expect(formatCost(12.345)).toBe("$12.35");
  });
});
