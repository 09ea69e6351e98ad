// Subagent demo: `/bg <task>` runs a task in a background subagent and reports its tool calls and answer as they come; `/delegate <task>` waits for a subagent and returns its answer; every subagent's start and end (the model's too) is noted.
import type { Context, ExtensionAPI, SubagentHandle } from "kit/ext";

/** Background subagents still running, by handle id. */
const running = new Map<string, SubagentHandle>();

/** Option subagent-demo-timeout-ms: 0 (the default) keeps kit's own timeout of 5 minutes. */
const timeoutMs = (ctx: Context) => Number(ctx.getOption("subagent-demo-timeout-ms")) || undefined;

const short = (text: string, max = 80) => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

export default function subagentDemo(kit: ExtensionAPI) {
  kit.registerOption({ name: "subagent-demo-timeout-ms", description: "Timeout of /bg and /delegate subagents in ms; 0 = kit's default (5 minutes)", default: "0" });

  kit.registerCommand({
    name: "bg",
    description: "Run a task in a background subagent: /bg <task>. Progress and the answer are printed as they come; the answer also goes to the model.",
    execute(args, ctx) {
      const task = args.trim();
      if (!task) return "usage: /bg <task>";
      const handle = ctx.spawnSubagent({
        prompt: task,
        timeoutMs: timeoutMs(ctx),
        onEvent(event) {
          if (event.type === "tool_call") ctx.printInfo(`${handle.id} calls ${event.toolName} ${short(event.toolArgs ?? "")}`);
          else if (event.type === "tool_result") ctx.printInfo(`${handle.id} got ${event.isError ? "an error" : "a result"} from ${event.toolName}`);
        },
        onComplete(result) {
          running.delete(handle.id);
          if (result.error) {
            ctx.printError(`${handle.id} failed after ${result.elapsedMs} ms: ${result.error}`);
            return;
          }
          ctx.print(`${handle.id} answered: ${result.response}`);
          // The answer becomes the next prompt, so the main agent can use it.
          ctx.sendMessage(`A background subagent finished the task "${task}". Its answer:\n\n${result.response}`);
        },
      });
      running.set(handle.id, handle);
      return `started ${handle.id} in the background`;
    },
  });

  kit.registerCommand({
    name: "delegate",
    description: "Hand a task to a subagent and wait for its answer: /delegate <task>",
    async execute(args, ctx) {
      const task = args.trim();
      if (!task) return "usage: /delegate <task>";
      const result = await ctx.spawnSubagent({ prompt: task, timeoutMs: timeoutMs(ctx) }).wait();
      return result.error ? `the subagent failed: ${result.error}` : result.response;
    },
  });

  kit.registerCommand({
    name: "bg-stop",
    description: "Stop every background subagent started with /bg",
    execute() {
      const ids = [...running.keys()];
      for (const handle of running.values()) handle.kill();
      running.clear();
      return ids.length ? `stopped ${ids.join(", ")}` : "no background subagent is running";
    },
  });

  // Subagents of the model's `subagent` tool and of extensions alike.
  kit.onSubagentStart((event, ctx) => ctx.printInfo(`subagent ${event.toolCallId} started: ${short(event.task)}`));
  kit.onSubagentEnd((event, ctx) =>
    ctx.printInfo(`subagent ${event.toolCallId} ended${event.errorMsg ? ` with an error: ${event.errorMsg}` : `: ${short(event.response)}`}`),
  );
}
