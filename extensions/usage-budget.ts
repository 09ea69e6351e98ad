// Usage budget: adds up what the session's model calls cost (kept in the session's extension state), reports each turn's usage, and refuses tool calls once the budget (option usage-budget-usd) is spent.
import type { Context, ExtensionAPI } from "kit/ext";

const SPENT = "usage-budget.spent-usd";
const CALLS = "usage-budget.llm-calls";

const spent = (ctx: Context) => Number(ctx.getState(SPENT) ?? "0");
/** The budget in USD; 0 (the default) means no limit. */
const budget = (ctx: Context) => Number(ctx.getOption("usage-budget-usd")) || 0;
const overBudget = (ctx: Context) => budget(ctx) > 0 && spent(ctx) >= budget(ctx);
const usd = (n: number) => `$${n.toFixed(4)}`;

export default function usageBudget(kit: ExtensionAPI) {
  kit.registerOption({
    name: "usage-budget-usd",
    description: "USD this session may spend on model calls before tool calls are refused; 0 = no limit",
    default: "0",
  });

  // One event per provider call, so the state survives a crash mid-turn and spans resumed sessions.
  kit.onLLMUsage((event, ctx) => {
    ctx.setState(SPENT, String(spent(ctx) + event.cost));
    ctx.setState(CALLS, String(Number(ctx.getState(CALLS) ?? "0") + 1));
  });

  kit.onAgentEnd((event, ctx) => {
    const limit = budget(ctx);
    ctx.printInfo(
      `usage this turn: ${event.llmCallCount} model call(s), ${event.toolCallCount} tool call(s), ` +
        `${event.inputTokensDelta} input + ${event.outputTokensDelta} output tokens, ${usd(event.costDelta)}; ` +
        `session total ${usd(spent(ctx))}${limit > 0 ? ` of ${usd(limit)}` : ""}`,
    );
    if (overBudget(ctx)) {
      ctx.printError(`usage budget of ${usd(limit)} is spent (${usd(spent(ctx))}); tool calls are refused until it is raised (KIT_OPT_USAGE_BUDGET_USD)`);
    }
  });

  kit.onToolCall((_event, ctx) => {
    if (!overBudget(ctx)) return;
    return {
      block: true,
      reason: `the usage budget of ${usd(budget(ctx))} is spent (${usd(spent(ctx))} so far). Stop and tell the user.`,
    };
  });
}
