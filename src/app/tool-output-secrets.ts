import type { ToolResultBlock } from "../llm/types.ts";
import type { Tool, ToolOutput } from "../tools/types.ts";
import { withoutValues } from "../secret-values.ts";

/**
 * Tool output with the run's secret values (ModelRuntime.secretValues) replaced by "***" (issue #21):
 * commands inherit kit's environment, so `env`, `echo $OPENAI_API_KEY` or `cat .env` would otherwise
 * hand the user's keys to the model, the session file and the headless outputs. The cost is a
 * substring search per secret of each finished result or streamed chunk; nothing changes when no
 * secret is in it, and the same object comes back.
 */

/** A result's or output's content and details without the secrets (details: any string in them). */
export function withoutSecretsIn<T extends Pick<ToolOutput, "content" | "details">>(output: T, secrets: readonly string[]): T {
  const content = contentWithout(output.content, secrets);
  const details = output.details === undefined ? undefined : detailsWithout(output.details, secrets);
  if (content === output.content && details === output.details) return output;
  return { ...output, content, ...(details !== undefined ? { details } : {}) };
}

function contentWithout(content: string | ToolResultBlock[], secrets: readonly string[]): string | ToolResultBlock[] {
  if (typeof content === "string") return withoutValues(content, secrets);
  let changed = false;
  const blocks = content.map((block) => {
    if (block.type !== "text") return block;
    const text = withoutValues(block.text, secrets);
    if (text === block.text) return block;
    changed = true;
    return { ...block, text };
  });
  return changed ? blocks : content;
}

/** Details are a tool's own data (plain JSON, as the session keeps them): searched as their JSON text. */
function detailsWithout(details: unknown, secrets: readonly string[]): unknown {
  let json: string | undefined;
  try {
    json = JSON.stringify(details);
  } catch {
    return details;
  }
  if (json === undefined || withoutValues(json, secrets) === json) return details;
  const mask = (value: unknown): unknown => {
    if (typeof value === "string") return withoutValues(value, secrets);
    if (Array.isArray(value)) return value.map(mask);
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mask(v)]));
    return value;
  };
  return mask(details);
}

/** `tool` with its live output and its result masked: the user's `!command` runs kit's bash outside a turn. */
export function withSecretsMasked(tool: Tool, secretValues: () => readonly string[]): Tool {
  return {
    ...tool,
    execute: async (args, ctx) => {
      const secrets = secretValues();
      const out = await tool.execute(args, { ...ctx, onOutput: (chunk, isStderr) => ctx.onOutput(withoutValues(chunk, secrets), isStderr) });
      return withoutSecretsIn(out, secrets);
    },
  };
}
