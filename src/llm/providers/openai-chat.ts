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
import type { LLMRequest, Message, Provider, ProviderOptions, StreamEvent, Usage } from "../types.ts";
import { openAIClientCache, reasoningEffort, reasoningOutside } from "./openai-client.ts";
import { sseResponse, streamErrorFromBody, type SseTranslator } from "./sse.ts";
import { dataUrl } from "./tool-input.ts";

/**
 * OpenAI Chat Completions ("openai-compat"): the wire most local and third-party servers speak
 * (Ollama, llama.cpp, vLLM, gateways), so it sticks to widely supported fields.
 */
export function createOpenAIChatProvider(opts: ProviderOptions = {}, clientFor: (req: LLMRequest) => OpenAI = openAIClientCache(opts)): Provider {
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
export function chatTranslator(): SseTranslator {
  // Chat streams name tool calls by index; the id arrives only on the first delta of each. Mistral
  // sends each call whole without an index: those are told apart by their ids.
  const idByKey = new Map<string, string>();
  let lastKey = "";
  let reasoningOpen = false;
  let finishReason = "";
  let model: string | undefined;
  let sawDone = false;
  // The completion being read, and whether it has produced anything yet.
  let completionId: string | undefined;
  let produced = false;
  return {
    event(sse, out) {
      if (sse.data === "[DONE]") {
        sawDone = true; // the end marker; the body ends right after it
        return;
      }
      const chunk = JSON.parse(sse.data) as ChatCompletionChunk & { error?: unknown };
      if (chunk.error) throw streamErrorFromBody(chunk, "the stream reported an error");
      if (chunk.model) model = chunk.model;
      const choice = chunk.choices?.[0];
      // A gateway that falls back to another provider mid-answer starts a new completion (new id, a
      // fresh assistant role) in the same stream: the new one replaces what came before, never merges with it.
      if (choice?.delta?.role && produced && chunk.id && completionId && chunk.id !== completionId) {
        out.push({ type: "restart", reason: `the provider switched to another response mid-stream (${completionId} → ${chunk.id}); the first one is discarded` });
        idByKey.clear();
        lastKey = "";
        reasoningOpen = false;
        finishReason = "";
        produced = false;
      }
      if (chunk.id) completionId = chunk.id;
      if (chunk.usage) out.push({ type: "usage", usage: chatUsage(chunk.usage) });
      if (!choice) return;
      const delta = choice.delta as typeof choice.delta & { reasoning_content?: string; reasoning?: string };
      const reasoning = delta.reasoning_content ?? delta.reasoning;
      if (reasoning) {
        if (!reasoningOpen) {
          reasoningOpen = true;
          out.push({ type: "reasoning_start", id: chunk.id });
        }
        out.push({ type: "reasoning_delta", text: reasoning });
        produced = true;
      }
      if (delta.content) {
        out.push({ type: "text_delta", text: delta.content });
        produced = true;
      }
      if (delta.refusal) out.push({ type: "refusal", text: delta.refusal });
      for (const tc of delta.tool_calls ?? []) {
        produced = true;
        const index = tc.index as number | undefined;
        const key = index !== undefined ? `#${index}` : tc.id ? `id:${tc.id}` : lastKey;
        lastKey = key;
        let id = idByKey.get(key);
        if (!id) {
          id = tc.id || `call_${idByKey.size}_${Date.now().toString(36)}`;
          idByKey.set(key, id);
          out.push({ type: "tool_call_start", id, name: tc.function?.name ?? "" });
        }
        if (tc.function?.arguments) out.push({ type: "tool_call_delta", id, delta: tc.function.arguments });
      }
      if (choice.finish_reason) finishReason = choice.finish_reason;
    },
    end(out) {
      for (const id of idByKey.values()) out.push({ type: "tool_call_end", id });
      // Neither a finish reason nor [DONE]: the body was cut short, which the assembler reports as an error.
      if (finishReason || sawDone) out.push({ type: "finish", rawStopReason: finishReason || "stop", model });
    },
  };
}

/**
 * Chat Completions usage. OpenAI counts reasoning tokens inside completion_tokens; xAI (and others)
 * report them beside it, which shows in total_tokens: it then equals prompt + completion + reasoning
 * rather than prompt + completion. Without a total, reasoning above completion_tokens can only be outside it.
 */
export function chatUsage(u: NonNullable<ChatCompletionChunk["usage"]>): Usage {
  const cached = u.prompt_tokens_details?.cached_tokens ?? 0;
  const reasoning = u.completion_tokens_details?.reasoning_tokens ?? 0;
  return {
    input: u.prompt_tokens - cached,
    output: u.completion_tokens + (reasoningOutside(u.prompt_tokens, u.completion_tokens, reasoning, u.total_tokens) ? reasoning : 0),
    cacheRead: cached,
    cacheWrite: 0,
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
      // DeepSeek (thinking mode) rejects a tool-calling turn sent back without the reasoning it streamed
      // with it; only unsigned reasoning is this wire's own (signed thinking came from another wire).
      const reasoning = toolCalls.length
        ? m.content.flatMap((p) => (p.type === "reasoning" && !p.signature && p.text ? [p.text] : [])).join("")
        : "";
      out.push({
        role: "assistant",
        content: text || null,
        ...(toolCalls.length ? { tool_calls: toolCalls } : {}),
        ...(reasoning ? { reasoning_content: reasoning } : {}),
      } as ChatCompletionMessageParam);
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
