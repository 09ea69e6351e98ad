/**
 * Google Gemini's generateContent API over plain fetch (`streamGenerateContent?alt=sse`), for the
 * `gemini` wire (an API key) and the `vertex` wire (Gemini on Vertex AI, an OAuth access token). No
 * SDK: the REST shape is small, and Google's SDK would cost the binary and a turn's startup more
 * than this file does.
 */
import { assembleStream, type RawEvent, type WireCall } from "../stream.ts";
import { GEMINI_SIGNATURE_ID, type LLMRequest, type Message, type Provider, type ProviderOptions, type StreamEvent, type ThinkingLevel, type Usage } from "../types.ts";
import { endpointFetch } from "./endpoint-fetch.ts";
import { sseDecoder, streamErrorFromBody, type SseTranslator } from "./sse.ts";
import { parseToolInput } from "./tool-input.ts";

export const GEMINI_BASE_URL = "https://generativelanguage.googleapis.com/v1beta";

/** How a request is authorised: an API key header (gemini) or a bearer token (vertex). */
export type GeminiAuth = (req: LLMRequest) => Promise<Record<string, string>>;

/** What the `vertex` wire changes: where a model lives and how to authorise. */
export interface GeminiEndpoint {
  baseUrl(req: LLMRequest): string;
  auth: GeminiAuth;
}

const apiKeyEndpoint: GeminiEndpoint = {
  baseUrl: (req) => req.target.baseUrl ?? GEMINI_BASE_URL,
  auth: async (req) => ({ "x-goog-api-key": req.target.apiKey }),
};

export function createGeminiProvider(opts: ProviderOptions = {}, endpoint: GeminiEndpoint = apiKeyEndpoint): Provider {
  const fetch = endpointFetch(opts.debug);
  return {
    stream(req: LLMRequest, signal?: AbortSignal): AsyncIterable<StreamEvent> {
      return assembleStream(() => call(fetch, endpoint, req, signal), signal, req.target.model);
    },
  };
}

function call(fetch: ReturnType<typeof endpointFetch>, endpoint: GeminiEndpoint, req: LLMRequest, signal?: AbortSignal): WireCall {
  const model = req.target.model.replace(/^models\//, "");
  const url = `${endpoint.baseUrl(req).replace(/\/+$/, "")}/models/${encodeURIComponent(model)}:streamGenerateContent?alt=sse`;
  const response = endpoint.auth(req).then(async (auth) => {
    const r = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...auth, ...req.target.headers },
      body: JSON.stringify(buildRequest(req)),
      signal,
    });
    if (!r.ok) throw await httpError(r);
    return { requestId: r.headers.get("x-request-id") ?? "", body: r.body, decoder: sseDecoder(geminiTranslator()) };
  });
  return { before: [], response };
}

/**
 * An HTTP error, shaped like the SDKs' errors so the one classifier reads it. Google answers a bad
 * key with 400 INVALID_ARGUMENT and the reason API_KEY_INVALID, which is an authentication failure.
 */
async function httpError(r: Response): Promise<Error> {
  const text = await r.text();
  let body: { error?: { message?: string; status?: string; details?: { reason?: string }[] } } = {};
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: the text itself is the message
  }
  const e = body.error ?? {};
  const badKey = e.details?.some((d) => d.reason === "API_KEY_INVALID") ?? false;
  const message = e.message ?? (text.trim().slice(0, 500) || `HTTP ${r.status}`);
  return Object.assign(new Error(message), {
    status: r.status,
    headers: r.headers,
    error: { type: badKey ? "invalid_api_key" : e.status, message },
  });
}

interface GeminiPart {
  text?: string;
  thought?: boolean;
  thoughtSignature?: string;
  functionCall?: { id?: string; name: string; args?: Record<string, unknown> };
  functionResponse?: { id?: string; name: string; response: Record<string, unknown> };
  inlineData?: { mimeType: string; data: string };
}
interface GeminiContent {
  role: "user" | "model";
  parts: GeminiPart[];
}
interface GeminiUsage {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  cachedContentTokenCount?: number;
  thoughtsTokenCount?: number;
}
interface GeminiChunk {
  candidates?: { content?: { parts?: GeminiPart[] }; finishReason?: string }[];
  usageMetadata?: GeminiUsage;
  modelVersion?: string;
  promptFeedback?: { blockReason?: string };
  error?: unknown;
}

/** Ids kit makes up for calls Gemini gave none; never sent back, since Gemini did not issue them. */
const MADE_UP_ID = "kit_call_";

/** GenerateContentResponse chunks, one per SSE event, as raw events. */
export function geminiTranslator(): SseTranslator {
  let finish = "";
  let model: string | undefined;
  let inThought = false;
  let calls = 0;

  function translatePart(part: GeminiPart, out: RawEvent[]): void {
    // A signature belongs to its part: a thought's goes on that thought, any other's on a reasoning
    // part just before the part it signs, where the request builder finds it again.
    const signature: RawEvent | undefined = part.thoughtSignature
      ? { type: "reasoning_signature", signature: part.thoughtSignature, id: GEMINI_SIGNATURE_ID }
      : undefined;
    if (part.thought) {
      if (!inThought) out.push({ type: "reasoning_start", id: GEMINI_SIGNATURE_ID });
      inThought = true;
      if (part.text) out.push({ type: "reasoning_delta", text: part.text });
      if (signature) out.push(signature);
      return;
    }
    inThought = false;
    if (signature) out.push(signature);
    if (part.functionCall) {
      const id = part.functionCall.id || `${MADE_UP_ID}${calls}_${Date.now().toString(36)}`;
      calls++;
      out.push({ type: "tool_call_start", id, name: part.functionCall.name });
      out.push({ type: "tool_call_end", id, input: JSON.stringify(part.functionCall.args ?? {}) });
    } else if (part.text) {
      out.push({ type: "text_delta", text: part.text });
    }
  }

  return {
    event(sse, out) {
      const chunk = JSON.parse(sse.data) as GeminiChunk;
      if (chunk.error) throw streamErrorFromBody(chunk, "the stream reported an error");
      if (chunk.modelVersion) model = chunk.modelVersion;
      if (chunk.usageMetadata) out.push({ type: "usage", usage: geminiUsage(chunk.usageMetadata) });
      const blocked = chunk.promptFeedback?.blockReason;
      if (blocked) {
        out.push({ type: "refusal", text: `the prompt was blocked (${blocked})` });
        finish = blocked;
      }
      const candidate = chunk.candidates?.[0];
      for (const part of candidate?.content?.parts ?? []) translatePart(part, out);
      if (candidate?.finishReason) finish = candidate.finishReason;
    },
    end(out) {
      // No finish reason: the body was cut short, which the assembler reports as an error.
      if (finish) out.push({ type: "finish", rawStopReason: finish, model });
    },
  };
}

/** Gemini counts cached tokens inside the prompt and thought tokens beside the answer's. */
function geminiUsage(u: GeminiUsage): Partial<Usage> {
  const cached = u.cachedContentTokenCount ?? 0;
  return {
    input: (u.promptTokenCount ?? 0) - cached,
    output: (u.candidatesTokenCount ?? 0) + (u.thoughtsTokenCount ?? 0),
    cacheRead: cached,
  };
}

/** Thinking budgets of Gemini 2.5 per level; Gemini 3 takes a level instead. */
const THINKING_BUDGET: Partial<Record<ThinkingLevel, number>> = { none: 0, minimal: 512, low: 2048, medium: 8192, high: 24576 };
const THINKING_LEVEL: Partial<Record<ThinkingLevel, "low" | "high">> = { minimal: "low", low: "low", medium: "high", high: "high" };

function thinkingConfig(model: string, level: ThinkingLevel | undefined): Record<string, unknown> | undefined {
  if (level === undefined || level === "off") return undefined;
  if (/^gemini-[3-9]/.test(model)) {
    const thinkingLevel = THINKING_LEVEL[level];
    return thinkingLevel ? { thinkingLevel, includeThoughts: true } : { thinkingLevel: "low" };
  }
  const thinkingBudget = THINKING_BUDGET[level];
  return thinkingBudget === undefined ? undefined : { thinkingBudget, ...(thinkingBudget > 0 ? { includeThoughts: true } : {}) };
}

export function buildRequest(req: LLMRequest): Record<string, unknown> {
  const o = req.options;
  const system = [req.system.stable, req.system.dynamic].filter(Boolean).join("\n\n");
  const thinking = thinkingConfig(req.target.model, o.thinkingLevel);
  const generationConfig = {
    ...(o.maxTokens !== undefined ? { maxOutputTokens: o.maxTokens } : {}),
    ...(o.temperature !== undefined ? { temperature: o.temperature } : {}),
    ...(o.topP !== undefined ? { topP: o.topP } : {}),
    ...(o.topK !== undefined ? { topK: o.topK } : {}),
    ...(o.stopSequences?.length ? { stopSequences: o.stopSequences } : {}),
    ...(o.frequencyPenalty !== undefined ? { frequencyPenalty: o.frequencyPenalty } : {}),
    ...(o.presencePenalty !== undefined ? { presencePenalty: o.presencePenalty } : {}),
    ...(thinking ? { thinkingConfig: thinking } : {}),
  };
  return {
    contents: toGeminiContents(req.messages, req.target.model),
    ...(system ? { systemInstruction: { parts: [{ text: system }] } } : {}),
    ...(req.tools.length
      ? { tools: [{ functionDeclarations: req.tools.map((t) => ({ name: t.name, description: t.description, parametersJsonSchema: t.parameters })) }] }
      : {}),
    ...(Object.keys(generationConfig).length ? { generationConfig } : {}),
  };
}

/**
 * Google's documented stand-in for a missing signature: Gemini 3 rejects a function call of the
 * current turn without one, which calls made by another model (a switched session) never have.
 */
const SKIP_SIGNATURE = "skip_thought_signature_validator";

/** Neutral messages to Gemini contents: tool results are functionResponse parts of a user turn, same-role turns merge. */
export function toGeminiContents(messages: Message[], model: string): GeminiContent[] {
  const out: GeminiContent[] = [];
  for (const m of messages) {
    const role = m.role === "assistant" ? "model" : "user";
    const parts = m.role === "assistant" ? modelParts(m, /^gemini-[3-9]/.test(model)) : userParts(m);
    if (parts.length === 0) continue;
    const prev = out[out.length - 1];
    if (prev && prev.role === role) prev.parts.push(...parts);
    else out.push({ role, parts });
  }
  return out;
}

function modelParts(m: Message, needsSignedCalls: boolean): GeminiPart[] {
  const parts: GeminiPart[] = [];
  let pending: string | undefined;
  let signedCall = false;
  for (const p of m.content) {
    if (p.type === "reasoning") {
      // Only Gemini's own signatures go back; the thought text itself is not resent.
      if (p.id === GEMINI_SIGNATURE_ID && p.signature) pending = p.signature;
      continue;
    }
    let part: GeminiPart | undefined;
    if (p.type === "text" && p.text) part = { text: p.text };
    else if (p.type === "tool_call") {
      const id = p.id.startsWith(MADE_UP_ID) ? undefined : p.id;
      part = { functionCall: { ...(id ? { id } : {}), name: p.name, args: parseToolInput(p.input) } };
      if (!pending && !signedCall && needsSignedCalls) pending = SKIP_SIGNATURE;
      signedCall = true;
    }
    if (!part) continue;
    if (pending) part.thoughtSignature = pending;
    pending = undefined;
    parts.push(part);
  }
  // A signature that closed the message belongs to its last part.
  const last = parts[parts.length - 1];
  if (pending && last && !last.thoughtSignature) last.thoughtSignature = pending;
  return parts;
}

function userParts(m: Message): GeminiPart[] {
  const results: GeminiPart[] = [];
  const rest: GeminiPart[] = [];
  for (const p of m.content) {
    if (p.type === "text" && p.text) rest.push({ text: p.text });
    else if (p.type === "image") rest.push({ inlineData: { mimeType: p.mediaType, data: p.data } });
    else if (p.type === "tool_result") {
      const blocks = typeof p.content === "string" ? [{ type: "text" as const, text: p.content }] : p.content;
      const text = blocks.flatMap((b) => (b.type === "text" ? [b.text] : [])).join("\n");
      const id = p.toolCallId.startsWith(MADE_UP_ID) ? undefined : p.toolCallId;
      results.push({ functionResponse: { ...(id ? { id } : {}), name: p.name, response: p.isError ? { error: text } : { output: text } } });
      // Images a tool returned follow as inline data in the same turn.
      for (const b of blocks) if (b.type === "image") rest.push({ inlineData: { mimeType: b.mediaType, data: b.data } });
    }
  }
  return [...results, ...rest];
}
