import { toolResultText } from "../message-text.ts";
import type OpenAI from "openai";
import type {
  ChatCompletionChunk,
  ChatCompletionContentPart,
  ChatCompletionCreateParamsStreaming,
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
} from "openai/resources/chat/completions";
import { assembleStream, type WireCall } from "../stream.ts";
import type { LLMRequest, Message, Provider, ProviderOptions, StreamEvent } from "../types.ts";
import { openAIClientCache, reasoningEffort } from "./openai-client.ts";
import { sseResponse, streamErrorFromBody, type SseTranslator } from "./sse.ts";
import { dataUrl } from "./tool-input.ts";

/**
 * OpenAI Chat Completions ("openai-compat"): the wire most local and third-party servers speak
 * (Ollama, llama.cpp, vLLM, gateways), so it sticks to widely supported fields.
 */
export function createOpenAIChatProvider(opts: ProviderOptions = {}): Provider {
  const clientFor = openAIClientCache(opts);
  return {
    stream(req: LLMRequest, signal?: AbortSignal): AsyncIterable<StreamEvent> {
      return assembleStream((callSignal) => call(clientFor(req), req, callSignal), signal, req.target.model, opts.streamTimeouts);
    },
  };
}

function call(client: OpenAI, req: LLMRequest, signal?: AbortSignal): WireCall {
  return { before: [], response: sseResponse(client.chat.completions.create(buildParams(req), { signal }).asResponse(), "x-request-id", chatTranslator()) };
}

/** Chat Completions chunks, one at a time, as raw events. */
function chatTranslator(): SseTranslator {
  // Chat streams name tool calls by index; the id arrives only on the first delta of each.
  const idByIndex = new Map<number, string>();
  let reasoningOpen = false;
  let finishReason = "";
  let model: string | undefined;
  let sawDone = false;
  return {
    event(sse, out) {
      if (sse.data === "[DONE]") {
        sawDone = true; // the end marker; the body ends right after it
        return;
      }
      const chunk = JSON.parse(sse.data) as ChatCompletionChunk & { error?: unknown };
      if (chunk.error) throw streamErrorFromBody(chunk, "the stream reported an error");
      if (chunk.model) model = chunk.model;
      if (chunk.usage) {
        const cached = chunk.usage.prompt_tokens_details?.cached_tokens ?? 0;
        out.push({ type: "usage", usage: { input: chunk.usage.prompt_tokens - cached, output: chunk.usage.completion_tokens, cacheRead: cached } });
      }
      const choice = chunk.choices[0];
      if (!choice) return;
      const delta = choice.delta as typeof choice.delta & { reasoning_content?: string; reasoning?: string };
      const reasoning = delta.reasoning_content ?? delta.reasoning;
      if (reasoning) {
        if (!reasoningOpen) {
          reasoningOpen = true;
          out.push({ type: "reasoning_start", id: chunk.id });
        }
        out.push({ type: "reasoning_delta", text: reasoning });
      }
      if (delta.content) out.push({ type: "text_delta", text: delta.content });
      if (delta.refusal) out.push({ type: "refusal", text: delta.refusal });
      for (const tc of delta.tool_calls ?? []) {
        let id = idByIndex.get(tc.index);
        if (!id) {
          id = tc.id || `call_${tc.index}_${Date.now().toString(36)}`;
          idByIndex.set(tc.index, id);
          out.push({ type: "tool_call_start", id, name: tc.function?.name ?? "" });
        }
        if (tc.function?.arguments) out.push({ type: "tool_call_delta", id, delta: tc.function.arguments });
      }
      if (choice.finish_reason) finishReason = choice.finish_reason;
    },
    end(out) {
      for (const id of idByIndex.values()) out.push({ type: "tool_call_end", id });
      // Neither a finish reason nor [DONE]: the body was cut short, which the assembler reports as an error.
      if (finishReason || sawDone) out.push({ type: "finish", rawStopReason: finishReason || "stop", model });
    },
  };
}

export function buildParams(req: LLMRequest): ChatCompletionCreateParamsStreaming {
  const o = req.options;
  const system = [req.system.stable, req.system.dynamic].filter(Boolean).join("\n\n");
  const messages: ChatCompletionMessageParam[] = [];
  if (system) messages.push({ role: "system", content: system });
  messages.push(...toChatMessages(req.messages));
  const effort = reasoningEffort(o.thinkingLevel);
  return {
    model: req.target.model,
    messages,
    stream: true,
    stream_options: { include_usage: true },
    ...(req.tools.length
      ? { tools: req.tools.map((t) => ({ type: "function" as const, function: { name: t.name, description: t.description, parameters: t.parameters } })) }
      : {}),
    ...(o.maxTokens !== undefined ? { max_tokens: o.maxTokens } : {}),
    ...(o.temperature !== undefined ? { temperature: o.temperature } : {}),
    ...(o.topP !== undefined ? { top_p: o.topP } : {}),
    ...(o.stopSequences?.length ? { stop: o.stopSequences } : {}),
    ...(o.frequencyPenalty !== undefined ? { frequency_penalty: o.frequencyPenalty } : {}),
    ...(o.presencePenalty !== undefined ? { presence_penalty: o.presencePenalty } : {}),
    ...(effort ? { reasoning_effort: effort } : {}),
  };
}

export function toChatMessages(messages: Message[]): ChatCompletionMessageParam[] {
  const out: ChatCompletionMessageParam[] = [];
  for (const m of messages) {
    if (m.role === "assistant") {
      const text = m.content.flatMap((p) => (p.type === "text" ? [p.text] : [])).join("");
      const toolCalls: ChatCompletionMessageToolCall[] = m.content.flatMap((p) =>
        p.type === "tool_call" ? [{ id: p.id, type: "function" as const, function: { name: p.name, arguments: p.input } }] : [],
      );
      out.push({ role: "assistant", content: text || null, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) });
      continue;
    }
    // Tool messages carry text only, so images a tool returned follow in a user message.
    const images: ChatCompletionContentPart[] = [];
    const userParts: ChatCompletionContentPart[] = [];
    for (const p of m.content) {
      if (p.type === "tool_result") {
        const text = toolResultText(p.content, { images: "omit" });
        if (typeof p.content !== "string") {
          for (const b of p.content) if (b.type === "image") images.push({ type: "image_url", image_url: { url: dataUrl(b.mediaType, b.data) } });
        }
        out.push({ role: "tool", tool_call_id: p.toolCallId, content: text });
      } else if (p.type === "text") userParts.push({ type: "text", text: p.text });
      else if (p.type === "image") userParts.push({ type: "image_url", image_url: { url: dataUrl(p.mediaType, p.data) } });
    }
    const parts = [...images, ...userParts];
    if (parts.length === 0) continue;
    const onlyText = parts.every((p) => p.type === "text");
    const content = onlyText ? parts.map((p) => (p as { text: string }).text).join("\n") : parts;
    out.push(m.role === "system" ? { role: "system", content: content as string } : { role: "user", content });
  }
  return out;
}
