import Anthropic from "@anthropic-ai/sdk";
import type {
  ContentBlockParam,
  RawMessageStreamEvent,
  MessageCreateParamsStreaming,
  MessageParam,
  TextBlockParam,
  Tool as AnthropicTool,
  ToolResultBlockParam,
} from "@anthropic-ai/sdk/resources/messages/messages";
import { assembleStream, type RawEvent, type WireCall } from "../stream.ts";
import type { LLMRequest, Message, Provider, ProviderOptions, StreamEvent, ThinkingLevel } from "../types.ts";
import { clientCache } from "./client-cache.ts";
import { captureConsoleWarnings, sdkNotice } from "./sdk-warnings.ts";
import { sseResponse, streamErrorFromBody, type SseTranslator } from "./sse.ts";
import { parseToolInput } from "./tool-input.ts";

/** Thinking budgets per level for models with manual extended thinking; `off`/`none` send no thinking config. */
const THINKING_BUDGET: Partial<Record<ThinkingLevel, number>> = { minimal: 1024, low: 4096, medium: 10240, high: 32000 };
/** Effort for models with adaptive thinking (Claude 4.6 and later), where a fixed budget is deprecated. */
const THINKING_EFFORT: Partial<Record<ThinkingLevel, "low" | "medium" | "high">> = { minimal: "low", low: "low", medium: "medium", high: "high" };

/** Claude 4.6 and later (and the mythos preview) take adaptive thinking with an effort level. */
export function usesAdaptiveThinking(model: string): boolean {
  if (model.startsWith("claude-mythos")) return true;
  const m = /^claude-[a-z]+-(\d+)(?:-(\d))?(?:-\d{8})?$/.exec(model);
  if (!m) return false;
  const major = Number(m[1]);
  const minor = m[2] === undefined ? 0 : Number(m[2]);
  return major > 4 || (major === 4 && minor >= 6);
}
const DEFAULT_MAX_TOKENS = 8192;
/** The API's smallest thinking budget; the budget must also stay below max_tokens. */
const MIN_THINKING_BUDGET = 1024;
/** What a shrunk budget leaves of max_tokens for the answer itself (when max_tokens allows it). */
const ANSWER_RESERVE = 1024;

/** max_tokens and the thinking budget of a call, and what kit says when the level's budget had to give way. */
export interface TokenPlan {
  maxTokens: number;
  budget?: number;
  notice?: string;
}

/**
 * Thinking tokens count toward max_tokens, and the API wants 1024 <= budget_tokens < max_tokens.
 * Without --max-tokens, max_tokens grows to make room for the level's budget (up to the model's
 * output limit). An explicit --max-tokens is never raised: the budget shrinks to fit, leaving some
 * of it for the answer, and when no budget fits, thinking is off for the call.
 */
export function planTokens(req: LLMRequest): TokenPlan {
  const o = req.options;
  const levelBudget = o.thinkingLevel && !usesAdaptiveThinking(req.target.model) ? THINKING_BUDGET[o.thinkingLevel] : undefined;
  const explicit = o.maxTokens !== undefined;
  let maxTokens = o.maxTokens ?? Math.min(req.outputLimit ?? DEFAULT_MAX_TOKENS, 32000);
  if (levelBudget === undefined) return { maxTokens };
  if (!explicit && maxTokens <= levelBudget) maxTokens = Math.min(levelBudget + DEFAULT_MAX_TOKENS, req.outputLimit ?? Infinity);
  if (levelBudget < maxTokens) return { maxTokens, budget: levelBudget };
  const limit = explicit ? `--max-tokens ${maxTokens}` : `the output limit of ${req.target.model} (${maxTokens} tokens)`;
  if (maxTokens <= MIN_THINKING_BUDGET) {
    return {
      maxTokens,
      notice: `${limit} leaves no room for thinking (the smallest budget is ${MIN_THINKING_BUDGET} tokens, below max_tokens): thinking is off; raise --max-tokens to think`,
    };
  }
  const budget = Math.max(MIN_THINKING_BUDGET, maxTokens - ANSWER_RESERVE);
  return {
    maxTokens,
    budget,
    notice: `the thinking budget of --thinking-level ${o.thinkingLevel} (${levelBudget} tokens) does not fit ${limit}: thinking gets ${budget} tokens`,
  };
}

/**
 * Anthropic Messages API through the official SDK. Retries are ours (llm/retry.ts), so the SDK's are off.
 * Bedrock's and Vertex's SDKs are this client with another endpoint and signing: `clientFor` makes those.
 */
export function createAnthropicProvider(opts: ProviderOptions = {}, clientFor: (req: LLMRequest) => Anthropic = clientCache(opts, (o) => new Anthropic(o))): Provider {
  return {
    stream(req: LLMRequest, signal?: AbortSignal): AsyncIterable<StreamEvent> {
      return assembleStream((callSignal) => call(clientFor(req), req, callSignal), signal, req.target.model, opts.streamTimeouts);
    },
  };
}

function call(client: Anthropic, req: LLMRequest, signal?: AbortSignal): WireCall {
  const { value: pending, warnings } = captureConsoleWarnings(() => client.messages.create(buildParams(req), { signal }).asResponse());
  const before: RawEvent[] = warnings.map((message) => ({ type: "warning", message: sdkNotice(message) }));
  const notice = planTokens(req).notice;
  if (notice) before.push({ type: "warning", message: notice });
  const dropped = droppedSamplingFlags(req);
  if (dropped.length) before.push({ type: "warning", message: `${req.target.model} takes no sampling parameters; ${dropped.join(", ")} ignored` });
  return { before, response: sseResponse(pending, "request-id", anthropicTranslator()) };
}

/** Anthropic's stream events, one at a time, as raw events. */
function anthropicTranslator(): SseTranslator {
  // Content block index -> tool call id, because deltas name the block by index only.
  const toolIds = new Map<number, string>();
  // The model that answers (an alias resolves to a dated id); `done` reports it, as the other wires do.
  let model: string | undefined;
  return {
    event(sse, out) {
      if (sse.event === "error") throw streamErrorFromBody(JSON.parse(sse.data), "the stream reported an error");
      // Anthropic names every event; unnamed ones and pings carry nothing for us.
      if (sse.event === "" || sse.event === "ping") return;
      const ev = JSON.parse(sse.data) as RawMessageStreamEvent;
      switch (ev.type) {
        case "content_block_delta": {
          const d = ev.delta;
          if (d.type === "text_delta") out.push({ type: "text_delta", text: d.text });
          else if (d.type === "thinking_delta") out.push({ type: "reasoning_delta", text: d.thinking });
          else if (d.type === "signature_delta") out.push({ type: "reasoning_signature", signature: d.signature });
          else if (d.type === "input_json_delta") {
            const id = toolIds.get(ev.index);
            if (id && d.partial_json) out.push({ type: "tool_call_delta", id, delta: d.partial_json });
          }
          break;
        }
        case "message_start": {
          model = ev.message.model || undefined;
          const u = ev.message.usage;
          out.push({
            type: "usage",
            usage: { input: u.input_tokens, output: u.output_tokens, cacheRead: u.cache_read_input_tokens ?? 0, cacheWrite: u.cache_creation_input_tokens ?? 0 },
          });
          break;
        }
        case "content_block_start": {
          const block = ev.content_block;
          if (block.type === "tool_use") {
            toolIds.set(ev.index, block.id);
            out.push({ type: "tool_call_start", id: block.id, name: block.name });
          } else if (block.type === "thinking") {
            out.push({ type: "reasoning_start", id: String(ev.index) });
          } else if (block.type === "redacted_thinking") {
            out.push({ type: "reasoning_start", id: String(ev.index) }, { type: "reasoning_signature", signature: block.data, redacted: true });
          } else if (block.type === "text" && block.text) {
            out.push({ type: "text_delta", text: block.text });
          }
          break;
        }
        case "content_block_stop": {
          const id = toolIds.get(ev.index);
          if (id) out.push({ type: "tool_call_end", id });
          break;
        }
        case "message_delta": {
          const u = ev.usage;
          out.push({
            type: "usage",
            usage: {
              output: u.output_tokens,
              ...(u.input_tokens != null ? { input: u.input_tokens } : {}),
              ...(u.cache_read_input_tokens != null ? { cacheRead: u.cache_read_input_tokens } : {}),
              ...(u.cache_creation_input_tokens != null ? { cacheWrite: u.cache_creation_input_tokens } : {}),
            },
          });
          if (ev.delta.stop_reason) out.push({ type: "finish", rawStopReason: ev.delta.stop_reason, model });
          break;
        }
      }
    },
  };
}

/**
 * Sampling parameters are gone from the SDK's types for current models; the API still takes them
 * for models with manual thinking, so they are sent for those only.
 */
type Params = MessageCreateParamsStreaming & { temperature?: number; top_p?: number; top_k?: number };

/** Names of the sampling flags a model ignores, for a warning; empty when all are sent. */
export function droppedSamplingFlags(req: LLMRequest): string[] {
  if (!usesAdaptiveThinking(req.target.model)) return [];
  const o = req.options;
  return [
    ...(o.temperature !== undefined ? ["--temperature"] : []),
    ...(o.topP !== undefined ? ["--top-p"] : []),
    ...(o.topK !== undefined ? ["--top-k"] : []),
  ];
}

export function buildParams(req: LLMRequest): Params {
  const o = req.options;
  const adaptive = usesAdaptiveThinking(req.target.model);
  const effort = o.thinkingLevel && adaptive ? THINKING_EFFORT[o.thinkingLevel] : undefined;
  const { maxTokens, budget } = planTokens(req);

  const system: TextBlockParam[] = [];
  if (req.system.stable) system.push({ type: "text", text: req.system.stable, cache_control: { type: "ephemeral" } });
  if (req.system.dynamic) system.push({ type: "text", text: req.system.dynamic });

  const params: Params = {
    model: req.target.model,
    max_tokens: maxTokens,
    messages: toAnthropicMessages(req.messages),
    stream: true,
    ...(system.length ? { system } : {}),
    ...(req.tools.length ? { tools: req.tools.map(toAnthropicTool) } : {}),
    ...(o.stopSequences?.length ? { stop_sequences: o.stopSequences } : {}),
  };
  if (effort !== undefined) {
    params.thinking = { type: "adaptive" };
    params.output_config = { effort };
  } else if (budget !== undefined) {
    params.thinking = { type: "enabled", budget_tokens: budget };
  } else if (!adaptive) {
    // The API rejects sampling parameters while thinking is on, so they are only sent without it.
    if (o.temperature !== undefined) params.temperature = o.temperature;
    if (o.topP !== undefined) params.top_p = o.topP;
    if (o.topK !== undefined) params.top_k = o.topK;
  }
  return params;
}

function toAnthropicTool(t: LLMRequest["tools"][number]): AnthropicTool {
  return { name: t.name, description: t.description, input_schema: t.parameters as AnthropicTool["input_schema"] };
}

/**
 * Neutral messages to the Messages API: tool results travel in user messages (before any other
 * content), consecutive same-role messages merge, and the last two user messages get cache
 * breakpoints so each step re-reads the conversation from cache.
 */
export function toAnthropicMessages(messages: Message[]): MessageParam[] {
  const out: { role: "user" | "assistant"; content: ContentBlockParam[] }[] = [];
  for (const m of messages) {
    const role = m.role === "assistant" ? "assistant" : "user";
    const blocks = m.role === "assistant" ? assistantBlocks(m) : userBlocks(m);
    if (blocks.length === 0) continue;
    const prev = out[out.length - 1];
    if (prev && prev.role === role) {
      // Tool results must lead a user message; keep them ahead of text merged into the same turn.
      const results = blocks.filter((b) => b.type === "tool_result");
      const rest = blocks.filter((b) => b.type !== "tool_result");
      const prevResults = prev.content.filter((b) => b.type === "tool_result");
      const prevRest = prev.content.filter((b) => b.type !== "tool_result");
      prev.content = [...prevResults, ...results, ...prevRest, ...rest];
    } else {
      out.push({ role, content: blocks });
    }
  }
  let marked = 0;
  for (let i = out.length - 1; i >= 0 && marked < 2; i--) {
    const m = out[i]!;
    if (m.role !== "user") continue;
    const lastBlock = m.content[m.content.length - 1] as { cache_control?: { type: "ephemeral" } };
    lastBlock.cache_control = { type: "ephemeral" };
    marked++;
  }
  return out;
}

function userBlocks(m: Message): ContentBlockParam[] {
  const blocks: ContentBlockParam[] = [];
  for (const p of m.content) {
    if (p.type === "text" && p.text) blocks.push({ type: "text", text: p.text });
    else if (p.type === "image") blocks.push(imageBlock(p.mediaType, p.data));
    else if (p.type === "tool_result") {
      const content: ToolResultBlockParam["content"] =
        typeof p.content === "string"
          ? p.content
          : p.content.map((b) => (b.type === "text" ? { type: "text" as const, text: b.text } : imageBlock(b.mediaType, b.data)));
      blocks.push({ type: "tool_result", tool_use_id: p.toolCallId, content, ...(p.isError ? { is_error: true } : {}) });
    }
  }
  return blocks;
}

function assistantBlocks(m: Message): ContentBlockParam[] {
  const blocks: ContentBlockParam[] = [];
  for (const p of m.content) {
    if (p.type === "text" && p.text) blocks.push({ type: "text", text: p.text });
    else if (p.type === "reasoning" && p.signature) {
      // Only signed thinking can be sent back; reasoning from other providers carries no signature.
      if (p.redacted) blocks.push({ type: "redacted_thinking", data: p.signature });
      else blocks.push({ type: "thinking", thinking: p.text, signature: p.signature });
    } else if (p.type === "tool_call") {
      blocks.push({ type: "tool_use", id: p.id, name: p.name, input: parseToolInput(p.input) });
    }
  }
  return blocks;
}

function imageBlock(mediaType: string, data: string): ContentBlockParam & { type: "image" } {
  return {
    type: "image",
    source: { type: "base64", media_type: mediaType as "image/png", data },
  };
}
