import type { CompleteRequest, CompleteResponse } from "../extensions/contract.ts";
import type { Message } from "../llm/types.ts";
import type { ModelRuntime } from "./runtime.ts";

/**
 * ctx.complete: one model call outside the agent loop (no tools, nothing persisted), on the current
 * model or the one asked for. Provider errors become exceptions with the provider's message.
 */
export async function completeOnce(runtime: ModelRuntime, req: CompleteRequest): Promise<CompleteResponse> {
  const target = req.model ? runtime.targetFor(req.model) : runtime.target;
  const messages: Message[] = [
    ...(req.messages ?? []).map((m): Message => ({ role: m.role, content: [{ type: "text", text: m.content }] })),
    { role: "user", content: [{ type: "text", text: req.prompt }] },
  ];
  let text = "";
  for await (const ev of runtime.providerFor(target.wire).stream(
    {
      target,
      system: { stable: req.system ?? "" },
      messages,
      tools: [],
      options: { ...(req.maxTokens !== undefined ? { maxTokens: req.maxTokens } : {}) },
      outputLimit: runtime.registry.get(target.provider, target.model)?.outputLimit || undefined,
    },
    req.signal,
  )) {
    if (ev.type === "text_delta") {
      text += ev.text;
      req.onChunk?.(ev.text);
    } else if (ev.type === "error") {
      throw new Error(`complete failed (${ev.error.kind}): ${ev.error.message}`);
    } else if (ev.type === "done") {
      return { text, inputTokens: ev.usage.input + ev.usage.cacheRead + ev.usage.cacheWrite, outputTokens: ev.usage.output, model: `${target.provider}/${ev.model}` };
    }
  }
  throw new Error("complete failed: the stream ended without an answer");
}
