import type { Tool, ToolOutput, ToolRunContext } from "./types.ts";

/** The arguments of a `subagent` call, checked. */
export interface SubagentToolArgs {
  task: string;
  agent?: string;
  model?: string;
  tools?: string[];
}

export interface SubagentToolOptions {
  /** Named agents to advertise ("name: description" per agent, hidden ones left out); [] for none. */
  agents: readonly { name: string; description: string; hidden?: boolean }[];
  /** Runs the subagent; the app supplies it (tools/ knows nothing of sessions or providers). */
  run(args: SubagentToolArgs, ctx: ToolRunContext): Promise<ToolOutput>;
}

const DESCRIPTION = `Delegate a task to a subagent: a separate agent with a fresh context that works on its own with the tools it is given, then returns its final answer to you.

Use it for self-contained work whose details you do not need in your own context: researching a question, exploring how part of the codebase works, or making and checking a focused change. Several calls in one step run in parallel.

The subagent sees none of this conversation: give it the complete task, with the files, names and constraints it needs, and say what its answer should contain. It cannot ask you questions and cannot start subagents itself.`;

/** The built-in `subagent` tool (spec/cli.md): schema and argument checks; running is the app's. */
export function createSubagentTool(opts: SubagentToolOptions): Tool {
  const advertised = opts.agents.filter((a) => !a.hidden);
  const description =
    advertised.length > 0
      ? `${DESCRIPTION}\n\nNamed agents (the \`agent\` argument):\n${advertised.map((a) => `- ${a.name}: ${a.description.replace(/\s+/g, " ")}`).join("\n")}`
      : DESCRIPTION;
  const properties: Record<string, unknown> = {
    task: { type: "string", description: "The complete task for the subagent, with everything it needs to know" },
  };
  if (opts.agents.length > 0) {
    properties.agent = { type: "string", description: `A named agent preset: ${advertised.map((a) => a.name).join(", ") || "see the list above"}` };
  }
  properties.model = { type: "string", description: 'Optional model as "provider/model" (default: your own model, or the named agent\'s)' };
  properties.tools = { type: "array", items: { type: "string" }, description: "Optional allow-list of tool names for the subagent (default: your tools but subagent)" };
  return {
    name: "subagent",
    description,
    parameters: { type: "object", properties, required: ["task"], additionalProperties: false },
    kind: "agent",
    // Subagent tasks are independent by design: several in one step run side by side.
    readOnly: true,
    async execute(args, ctx) {
      return opts.run(checkArgs(args), ctx);
    },
  };
}

function checkArgs(args: Record<string, unknown>): SubagentToolArgs {
  const task = args.task;
  if (typeof task !== "string" || task.trim() === "") throw new Error("subagent needs a non-empty `task` string");
  const out: SubagentToolArgs = { task };
  for (const key of ["agent", "model"] as const) {
    const v = args[key];
    if (v === undefined || v === null || v === "") continue;
    if (typeof v !== "string") throw new Error(`subagent: \`${key}\` must be a string`);
    out[key] = v;
  }
  if (args.tools !== undefined && args.tools !== null) {
    if (!Array.isArray(args.tools) || args.tools.some((t) => typeof t !== "string")) throw new Error("subagent: `tools` must be an array of tool names");
    out.tools = args.tools as string[];
  }
  return out;
}
