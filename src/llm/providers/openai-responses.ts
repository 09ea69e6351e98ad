import type OpenAI from "openai";
import type {
  FunctionTool,
  ResponseCreateParamsStreaming,
  ResponseInputContent,
  ResponseInputItem,
  ResponseStreamEvent,
  ResponseUsage,
} from "openai/resources/responses/responses";
import { assembleStream, type WireCall } from "../stream.ts";
import type { LLMRequest, Message, Provider, ProviderOptions, StreamEvent } from "../types.ts";
import { openAIClientCache, reasoningEffort, reasoningOutside } from "./openai-client.ts";
import { sseResponse, type SseTranslator } from "./sse.ts";
import { dataUrl } from "./tool-input.ts";

/**
 * OpenAI Responses API ("openai" wire). Requests are stateless (`store: false`), so reasoning is
 * round-tripped through its encrypted content, which the request asks the API to include.
 */
export function createOpenAIResponsesProvider(opts: ProviderOptions = {}): Provider {
  const clientFor = openAIClientCache(opts);
  return {
    stream(req: LLMRequest, signal?: AbortSignal): AsyncIterable<StreamEvent> {
      return assembleStream((callSignal) => call(clientFor(req), req, callSignal), signal, req.target.model, opts.streamTimeouts);
    },
  };
}

/** An error the stream itself reported; shaped like an SDK error so the one classifier reads it. */
function streamError(code: string | null | undefined, message: string): Error {
  return Object.assign(new Error(message), { error: { code: code ?? undefined, type: code ?? undefined, message } });
}

function call(client: OpenAI, req: LLMRequest, signal?: AbortSignal): WireCall {
  return { before: [], response: sseResponse(client.responses.create(buildParams(req), { signal }).asResponse(), "x-request-id", responsesTranslator()) };
}

/** Responses API stream events, one at a time, as raw events. */
function responsesTranslator(): SseTranslator {
  // Argument deltas name the output item; the call id the model must see again is on the item.
  const callIdByItem = new Map<string, string>();
  let sawToolCall = false;
  return {
    event(sse, out) {
      if (sse.data === "[DONE]") return; // the end marker; the body ends right after it
      const ev = JSON.parse(sse.data) as ResponseStreamEvent;
      switch (ev.type) {
        case "response.output_text.delta":
          out.push({ type: "text_delta", text: ev.delta });
          break;
        case "response.refusal.delta":
          out.push({ type: "refusal", text: ev.delta });
          break;
        case "response.reasoning_summary_text.delta":
        case "response.reasoning_text.delta":
          out.push({ type: "reasoning_delta", text: ev.delta });
          break;
        case "response.function_call_arguments.delta": {
          const id = callIdByItem.get(ev.item_id);
          if (id) out.push({ type: "tool_call_delta", id, delta: ev.delta });
          break;
        }
        case "response.output_item.added": {
          const item = ev.item;
          if (item.type === "function_call") {
            sawToolCall = true;
            callIdByItem.set(item.id ?? item.call_id, item.call_id);
            out.push({ type: "tool_call_start", id: item.call_id, name: item.name });
          } else if (item.type === "reasoning") {
            out.push({ type: "reasoning_start", id: item.id });
          } else if (item.type === "message") {
            // Each output message is its own part: a commentary message is not glued to the final answer.
            const phase = (item as { phase?: string | null }).phase;
            out.push({ type: "text_start", ...(phase ? { phase } : {}) });
          }
          break;
        }
        case "response.output_item.done": {
          const item = ev.item;
          if (item.type === "function_call") out.push({ type: "tool_call_end", id: item.call_id, input: item.arguments });
          else if (item.type === "reasoning" && item.encrypted_content) {
            out.push({ type: "reasoning_signature", signature: item.encrypted_content, id: item.id });
          }
          break;
        }
        case "response.completed":
        case "response.incomplete": {
          const r = ev.response;
          if (r.usage) out.push({ type: "usage", usage: usageOf(r.usage) });
          const raw = ev.type === "response.incomplete" ? (r.incomplete_details?.reason ?? "incomplete") : sawToolCall ? "tool_calls" : "completed";
          out.push({ type: "finish", rawStopReason: raw, model: r.model });
          break;
        }
        case "response.failed": {
          const e = ev.response.error;
          throw streamError(e?.code, e?.message ?? "the response failed");
        }
        case "error": {
          // Documented flat ({code, message}); production nests it under `error`. Read both.
          const e = (ev as { error?: { code?: string | null; type?: string; message?: string } }).error ?? ev;
          throw streamError(e.code ?? ("type" in e && e.type !== "error" ? e.type : undefined), e.message ?? "the response failed");
        }
      }
    },
  };
}

/** Usage; reasoning tokens reported beside output_tokens (not inside, as OpenAI does) are added to it (see chatUsage). */
function usageOf(u: ResponseUsage) {
  const cached = u.input_tokens_details?.cached_tokens ?? 0;
  const reasoning = u.output_tokens_details?.reasoning_tokens ?? 0;
  const outside = reasoningOutside(u.input_tokens, u.output_tokens, reasoning, u.total_tokens);
  return { input: u.input_tokens - cached, output: u.output_tokens + (outside ? reasoning : 0), cacheRead: cached };
}

/**
 * OpenAI's reasoning models think whether or not a level is set; their reasoning must come back
 * encrypted to be carried to the next step (requests are not stored). Other models reject the request.
 */
export function isReasoningModel(model: string): boolean {
  return /^(gpt-5|o\d|codex)/.test(model.replace(/^openai\//, ""));
}

export function buildParams(req: LLMRequest): ResponseCreateParamsStreaming {
  const o = req.options;
  const instructions = [req.system.stable, req.system.dynamic].filter(Boolean).join("\n\n");
  const effort = reasoningEffort(o.thinkingLevel);
  const tools: FunctionTool[] = req.tools.map((t) => ({
    type: "function",
    name: t.name,
    description: t.description,
    parameters: t.parameters,
    strict: false,
  }));
  return {
    model: req.target.model,
    input: toResponsesInput(req.messages),
    stream: true,
    store: false,
    ...(instructions ? { instructions } : {}),
    ...(tools.length ? { tools } : {}),
    ...(o.maxTokens !== undefined ? { max_output_tokens: o.maxTokens } : {}),
    ...(o.temperature !== undefined ? { temperature: o.temperature } : {}),
    ...(o.topP !== undefined ? { top_p: o.topP } : {}),
    ...(effort ? { reasoning: { effort, summary: "auto" as const } } : {}),
    ...(effort || isReasoningModel(req.target.model) ? { include: ["reasoning.encrypted_content" as const] } : {}),
  };
}

export function toResponsesInput(messages: Message[]): ResponseInputItem[] {
  const items: ResponseInputItem[] = [];
  for (const m of messages) {
    if (m.role === "assistant") {
      for (const p of m.content) {
        if (p.type === "text" && p.text) {
          items.push({ role: "assistant", content: p.text, ...(p.phase ? { phase: p.phase as "commentary" | "final_answer" } : {}) });
        }
        else if (p.type === "tool_call") items.push({ type: "function_call", call_id: p.id, name: p.name, arguments: p.input });
        else if (p.type === "reasoning" && p.signature && p.id) {
          items.push({
            type: "reasoning",
            id: p.id,
            encrypted_content: p.signature,
            summary: p.text ? [{ type: "summary_text", text: p.text }] : [],
          });
        }
      }
      continue;
    }
    const content: ResponseInputContent[] = [];
    for (const p of m.content) {
      if (p.type === "tool_result") {
        const output =
          typeof p.content === "string"
            ? p.content
            : p.content.map((b) =>
                b.type === "text"
                  ? { type: "input_text" as const, text: b.text }
                  : { type: "input_image" as const, image_url: dataUrl(b.mediaType, b.data), detail: "auto" as const },
              );
        items.push({ type: "function_call_output", call_id: p.toolCallId, output });
      } else if (p.type === "text") content.push({ type: "input_text", text: p.text });
      else if (p.type === "image") content.push({ type: "input_image", image_url: dataUrl(p.mediaType, p.data), detail: "auto" });
    }
    if (content.length) items.push({ role: m.role === "system" ? "system" : "user", content });
  }
  return items;
}
