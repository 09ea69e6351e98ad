// Running-tools widget: above the editor, a live list of the tool calls in progress with their elapsed time (re-rendered while they run), and a short markdown summary of the last one when idle.
import type { Context, ExtensionAPI } from "kit/ext";

const ID = "widget-status";
const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

interface Running {
  toolName: string;
  startedAt: number;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

/** Cuts a line to `width` columns, marking the cut with "…". */
function fit(line: string, width: number): string {
  return line.length <= width ? line : `${line.slice(0, Math.max(0, width - 1)).trimEnd()}…`;
}

export default function widgetStatus(kit: ExtensionAPI) {
  const running = new Map<string, Running>();
  let last: { toolName: string; ms: number } | undefined;

  /** While tools run: a render function, redrawn 10 times a second for the spinner and the clocks. */
  const showRunning = (ctx: Context) =>
    ctx.setWidget({
      id: ID,
      placement: "above",
      content: {
        refreshHz: 10,
        render: (width) => {
          const now = Date.now();
          const frame = SPINNER[Math.floor(now / 100) % SPINNER.length];
          return [...running.values()]
            .map((r) => fit(`${frame} ${r.toolName} ${seconds(now - r.startedAt)}`, width))
            .join("\n");
        },
      },
    });

  /** Idle: static markdown, no refreshing. */
  const showIdle = (ctx: Context) =>
    ctx.setWidget({
      id: ID,
      placement: "above",
      style: { borderColor: ctx.getTheme().muted },
      content: {
        markdown: true,
        refreshHz: 0,
        text: last ? `**Idle** · last tool: \`${last.toolName}\` (${seconds(last.ms)})` : "**Idle** · no tools run yet",
      },
    });

  kit.onSessionStart((_e, ctx) => {
    running.clear();
    showIdle(ctx);
  });

  kit.onToolExecutionStart((e, ctx) => {
    running.set(e.toolCallId, { toolName: e.toolName, startedAt: Date.now() });
    showRunning(ctx);
  });

  kit.onToolExecutionEnd((e, ctx) => {
    const r = running.get(e.toolCallId);
    running.delete(e.toolCallId);
    if (r) last = { toolName: r.toolName, ms: Date.now() - r.startedAt };
    if (running.size === 0) showIdle(ctx);
  });

  // A cancelled turn may leave calls without an end event; the turn is over, so nothing runs any more.
  kit.onAgentEnd((_e, ctx) => {
    if (running.size === 0) return;
    running.clear();
    showIdle(ctx);
  });

  kit.onSessionShutdown((_e, ctx) => ctx.removeWidget(ID));
}
