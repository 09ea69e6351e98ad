/**
 * Provider-neutral conversation and stream types. Every provider adapter translates between these and
 * its wire format; nothing above `llm/` ever sees an SDK type.
 *
 * Part shapes match the session file format (spec/sessions.md) so messages are stored as they are.
 */

export interface TextPart {
  type: "text";
  text: string;
  /**
   * OpenAI Responses: which output message this text was ("commentary" before tool calls, "final_answer").
   * Each message stays its own part and its phase is sent back, as the API asks for gpt-5.3-codex and later.
   */
  phase?: string;
}
export interface ReasoningPart {
  type: "reasoning";
  text: string;
  /** Opaque provider token that must be sent back verbatim (Anthropic thinking signature, OpenAI encrypted reasoning). */
  signature?: string;
  /** Anthropic redacted thinking: `signature` then holds the opaque data and `text` is empty. */
  redacted?: boolean;
  /**
   * Provider item id (OpenAI Responses reasoning items must be sent back with it).
   * `GEMINI_SIGNATURE_ID` marks a Gemini thought signature, which belongs to the part that follows it.
   */
  id?: string;
}
export interface ToolCallPart {
  type: "tool_call";
  id: string;
  name: string;
  /** The arguments as JSON text, exactly as the model produced them. */
  input: string;
}
export interface ImagePart {
  type: "image";
  mediaType: string;
  /** base64 */
  data: string;
}
export type ToolResultBlock = TextPart | ImagePart;
export interface ToolResultPart {
  type: "tool_result";
  toolCallId: string;
  name: string;
  content: string | ToolResultBlock[];
  isError: boolean;
  details?: unknown;
}
export type Part = TextPart | ReasoningPart | ToolCallPart | ImagePart | ToolResultPart;

export type Role = "user" | "assistant" | "tool" | "system";
export interface Message {
  role: Role;
  content: Part[];
}

/** JSON schema of a tool's arguments, as offered to the model. */
export interface ToolSchema {
  name: string;
  description: string;
  parameters: Record<string, unknown>;
}

export type ThinkingLevel = "off" | "none" | "minimal" | "low" | "medium" | "high";
export const THINKING_LEVELS: readonly ThinkingLevel[] = ["off", "none", "minimal", "low", "medium", "high"];

/**
 * `gemini`: Google's generateContent API; `vertex`: Gemini through Google Vertex AI; `vertex-anthropic`:
 * Claude through Vertex; `bedrock`: Claude through Amazon Bedrock; `azure`: Azure OpenAI (Chat Completions
 * of a deployment).
 */
export type Wire = "anthropic" | "openai" | "openai-compat" | "gemini" | "vertex" | "vertex-anthropic" | "bedrock" | "azure";
export const WIRES: readonly Wire[] = ["anthropic", "openai", "openai-compat", "gemini", "vertex", "vertex-anthropic", "bedrock", "azure"];

/** ReasoningPart.id of a Gemini thought signature (no other wire may send it back). */
export const GEMINI_SIGNATURE_ID = "gemini-thought-signature";

/** Where a cloud wire's model lives: Bedrock's and Vertex's region, Vertex's project, Azure's api-version. */
export interface CloudSettings {
  region?: string;
  project?: string;
  apiVersion?: string;
}

/** Everything needed to reach one model: resolved from the registry, config, env and flags. */
export interface ModelTarget {
  provider: string;
  /** Model id as the API expects it. */
  model: string;
  wire: Wire;
  /** Undefined = the SDK's default endpoint. */
  baseUrl?: string;
  apiKey: string;
  headers?: Record<string, string>;
  /** The cloud wires' settings (bedrock, vertex, vertex-anthropic, azure). */
  cloud?: CloudSettings;
}

export interface GenerationOptions {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  frequencyPenalty?: number;
  presencePenalty?: number;
  thinkingLevel?: ThinkingLevel;
}

export interface LLMRequest {
  target: ModelTarget;
  /**
   * System prompt in two parts: `stable` never changes within a session (cache breakpoint after it),
   * `dynamic` may change per turn (extension additions) and is sent after it.
   */
  system: { stable: string; dynamic?: string };
  messages: Message[];
  tools: ToolSchema[];
  options: GenerationOptions;
  /** Model output limit from the registry; used when options.maxTokens is unset. */
  outputLimit?: number;
}

export interface Usage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}
export const ZERO_USAGE: Usage = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 };

/** Normalised finish reason; `raw` keeps the provider's own word for extensions. */
export type StopReason = "stop" | "tool_calls" | "length" | "content_filter" | "aborted" | "error";

export type ErrorKind =
  | "auth"
  | "rate_limit"
  | "overloaded"
  | "server"
  | "context_overflow"
  | "invalid_request"
  /** The account has no credit or hit its spending limit (OpenAI's insufficient_quota): retrying does not help. */
  | "quota"
  | "network"
  | "aborted";

export interface LLMError {
  kind: ErrorKind;
  message: string;
  status?: number;
  /** Milliseconds the server asked us to wait (retry-after / retry-after-ms). */
  retryAfterMs?: number;
  requestId?: string;
}

export interface AssistantResult {
  message: Message;
  usage: Usage;
  stopReason: StopReason;
  /** The provider's own finish reason, e.g. "end_turn", "tool_use", "completed". */
  rawStopReason: string;
  requestId: string;
  model: string;
  /** The provider's explanation when the model declined (stopReason "content_filter"), if it gave one. */
  refusal?: string;
}

/**
 * The one stream protocol. A stream never throws: it always ends with exactly one `done` or `error`.
 * Deltas carry only new text.
 */
export type StreamEvent =
  | { type: "start"; requestId: string }
  | { type: "text_delta"; text: string }
  | { type: "reasoning_start"; id: string }
  | { type: "reasoning_delta"; text: string }
  | { type: "tool_call_start"; id: string; name: string }
  | { type: "tool_call_delta"; id: string; delta: string }
  | { type: "tool_call_end"; id: string }
  | { type: "retry"; attempt: number; delayMs: number; error: LLMError }
  /** Advice from the provider or its SDK that does not stop the call (e.g. a model nearing end of life). */
  | { type: "warning"; message: string }
  | ({ type: "done" } & AssistantResult)
  /** `partial`: the text (and reasoning) that arrived before the failure, so a cancelled answer is not lost. */
  | { type: "error"; error: LLMError; usage: Usage; partial?: Message };

/** Where --debug's lines go. */
export type DebugLog = (line: string) => void;

/**
 * How long one provider call may go without progress. Without these, a server that accepts the
 * request and then says nothing (or only keep-alive pings) holds a call until the platform's fetch
 * timeout (Bun: 300 s), or forever while pings keep arriving, and every retry waits as long again.
 */
export interface StreamTimeouts {
  /** From sending the request to its response (status and headers); 0 = no limit (config `stream-first-byte-timeout`). */
  firstByteMs: number;
  /** Between two events that carry part of the answer; pings and comments do not count (config `stream-idle-timeout`). */
  idleMs: number;
}

/** With --debug: where a provider writes one line per HTTP request (never a header, so never a key). */
export interface ProviderOptions {
  debug?: DebugLog;
  /** Default: DEFAULT_STREAM_TIMEOUTS (llm/stream-watchdog.ts). */
  streamTimeouts?: StreamTimeouts;
}

export interface Provider {
  stream(req: LLMRequest, signal?: AbortSignal): AsyncIterable<StreamEvent>;
}
