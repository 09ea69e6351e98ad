/**
 * Shared pieces of the provider tests: one description per wire (where the mock serves it, the
 * wire's own finish words), request builders, and `collect`, which drains a stream and checks the
 * protocol every stream must keep: it never throws, and it ends with exactly one `done` or `error`,
 * which is its last event.
 */
import { expect } from "bun:test";
import { loadProvider } from "../../src/llm/providers/index.ts";
import type {
  AssistantResult,
  LLMError,
  LLMRequest,
  Message,
  StreamEvent,
  ToolSchema,
  Usage,
  Wire,
} from "../../src/llm/types.ts";
import type { MockLLM } from "./mock-llm.ts";

export interface WireCase {
  wire: Wire;
  /** A model id that triggers no SDK-specific behaviour (no deprecation warning, no adaptive thinking). */
  model: string;
  /** The wire's own finish word for a plain text answer and for an answer cut at the output limit. */
  rawStop: string;
  rawLength: string;
  /** The HTTP status this provider uses for "overloaded". */
  overloadedStatus: number;
}

export const WIRE_CASES: WireCase[] = [
  { wire: "anthropic", model: "claude-haiku-4-5", rawStop: "end_turn", rawLength: "max_tokens", overloadedStatus: 529 },
  { wire: "openai-compat", model: "gpt-test", rawStop: "stop", rawLength: "length", overloadedStatus: 503 },
  { wire: "openai", model: "gpt-test", rawStop: "completed", rawLength: "max_output_tokens", overloadedStatus: 503 },
];

/** The Anthropic SDK wants the bare server URL, the OpenAI SDK the `/v1` base. */
export function baseUrlFor(wire: Wire, mock: MockLLM): string {
  return wire === "anthropic" ? mock.url : `${mock.url}/v1`;
}

export const user = (text: string): Message => ({ role: "user", content: [{ type: "text", text }] });

export const READ_TOOL: ToolSchema = {
  name: "read",
  description: "Read a file",
  parameters: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
};

export interface RequestOverrides extends Partial<Omit<LLMRequest, "target">> {
  model?: string;
  apiKey?: string;
  headers?: Record<string, string>;
}

export function makeRequest(wire: Wire, mock: MockLLM, o: RequestOverrides = {}): LLMRequest {
  const { model, apiKey, headers, ...rest } = o;
  return {
    target: {
      provider: wire === "anthropic" ? "anthropic" : "openai",
      model: model ?? WIRE_CASES.find((c) => c.wire === wire)!.model,
      wire,
      baseUrl: baseUrlFor(wire, mock),
      apiKey: apiKey ?? "test-key",
      ...(headers ? { headers } : {}),
    },
    system: { stable: "You are kit." },
    messages: [user("hi")],
    tools: [],
    options: {},
    ...rest,
  };
}

export type DoneEvent = { type: "done" } & AssistantResult;
export type ErrorEvent = { type: "error"; error: LLMError; usage: Usage };

export interface Collected {
  events: StreamEvent[];
  /** Event types in order, for compact assertions. */
  types: string[];
  /** All text_delta texts concatenated: what a consumer printing deltas shows. */
  text: string;
  reasoning: string;
  terminal: DoneEvent | ErrorEvent;
  done?: DoneEvent;
  error?: ErrorEvent;
  warnings: string[];
  of<T extends StreamEvent["type"]>(type: T): Extract<StreamEvent, { type: T }>[];
}

/**
 * Drains a stream. Fails the test when the stream throws, ends without a terminal event, has more
 * than one, or has anything after it; also when a delta is empty (deltas carry new text only).
 * `onEvent` runs for each event as it arrives (to abort mid-stream).
 */
export async function collect(stream: AsyncIterable<StreamEvent>, onEvent?: (ev: StreamEvent) => void): Promise<Collected> {
  const events: StreamEvent[] = [];
  try {
    for await (const ev of stream) {
      events.push(ev);
      onEvent?.(ev);
    }
  } catch (err) {
    throw new Error(`the stream threw (it must end with an error event instead): ${String(err)}`);
  }
  const terminals = events.filter((e) => e.type === "done" || e.type === "error");
  expect(terminals).toHaveLength(1);
  expect(events.at(-1)).toBe(terminals[0]!);
  for (const e of events) {
    if (e.type === "text_delta" || e.type === "reasoning_delta") expect(e.text).not.toBe("");
  }
  const terminal = terminals[0] as DoneEvent | ErrorEvent;
  const of = <T extends StreamEvent["type"]>(type: T) => events.filter((e): e is Extract<StreamEvent, { type: T }> => e.type === type);
  return {
    events,
    types: events.map((e) => e.type),
    text: of("text_delta").map((e) => e.text).join(""),
    reasoning: of("reasoning_delta").map((e) => e.text).join(""),
    terminal,
    ...(terminal.type === "done" ? { done: terminal } : { error: terminal }),
    warnings: of("warning").map((e) => e.message),
    of,
  };
}

/** The stream's `done` event, failing with the error's text when it ended in an error instead. */
export function expectDone(c: Collected): DoneEvent {
  if (!c.done) throw new Error(`expected done, got error: ${JSON.stringify(c.error?.error)}`);
  return c.done;
}

export function expectError(c: Collected): LLMError {
  if (!c.error) throw new Error(`expected an error, got done: ${JSON.stringify(c.done?.message)}`);
  return c.error.error;
}

/** Streams one request through the real adapter of `wire` and collects it. */
export async function run(wire: Wire, req: LLMRequest, signal?: AbortSignal, onEvent?: (ev: StreamEvent) => void): Promise<Collected> {
  const provider = await loadProvider(wire);
  return collect(provider.stream(req, signal), onEvent);
}
