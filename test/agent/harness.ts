/**
 * Shared pieces of the agent loop tests: the real Anthropic adapter (wrapped in withRetries with tiny
 * delays) pointed at mock-llm, a driver that runs a whole turn and keeps every event, hand-written
 * tools with controlled behaviour, and the invariants every finished turn must keep.
 */
import { expect } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { runAgent } from "../../src/agent/loop.ts";
import type { AgentEvent, AgentRunOptions, TurnResult } from "../../src/agent/types.ts";
import { loadProvider } from "../../src/llm/providers/index.ts";
import { withRetries } from "../../src/llm/retry.ts";
import type { Message, Provider, ToolCallPart, ToolResultPart } from "../../src/llm/types.ts";
import { createCoreTools } from "../../src/tools/index.ts";
import { OutputFiles } from "../../src/tools/output-files.ts";
import type { Tool, ToolOutput, ToolRunContext } from "../../src/tools/types.ts";
import type { MockLLM } from "../support/mock-llm.ts";
import { tempDir } from "../support/temp-dir.ts";

/** A model id the SDK has no special behaviour for (no deprecation warning, no adaptive thinking). */
export const MODEL = "claude-haiku-4-5";

/** A fresh project directory (real path), removed after the test run. */
export function tempProject(files: Record<string, string> = {}): string {
  const dir = tempDir("kit-agent-");
  for (const [rel, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

export function coreTools(cwd: string): Tool[] {
  return createCoreTools({ cwd, bashTimeout: 120, bashMaxTimeout: 600, outputFiles: new OutputFiles(tempDir("kit-output-")) });
}

/** The real Anthropic provider with retries that wait a millisecond or two, never the real backoff. */
export async function realProvider(maxRetries = 3): Promise<Provider> {
  return withRetries(await loadProvider("anthropic"), { maxRetries, baseDelayMs: 1, maxDelayMs: 4, maxRetryAfterMs: 1000 }, () => 0);
}

export const userMessage = (text: string): Message => ({ role: "user", content: [{ type: "text", text }] });

export interface Turn {
  events: AgentEvent[];
  result: TurnResult;
}

export type DriveOptions = Partial<Omit<AgentRunOptions, "request">> & {
  mock: MockLLM;
  prompt?: string;
  /** Called with every event as it happens (e.g. to abort at a chosen moment). */
  onEvent?(ev: AgentEvent): void;
};

/** Runs one turn to its end, keeping every event and the returned result. */
export async function drive(o: DriveOptions): Promise<Turn> {
  const { mock, prompt, onEvent, ...rest } = o;
  const opts: AgentRunOptions = {
    provider: rest.provider ?? (await realProvider()),
    request: {
      target: { provider: "anthropic", model: MODEL, wire: "anthropic", baseUrl: mock.url, apiKey: "test-key" },
      system: { stable: "You are a test agent." },
      options: { maxTokens: 1024 },
    },
    messages: rest.messages ?? [userMessage(prompt ?? "do the task")],
    tools: rest.tools ?? [],
    costOf: rest.costOf ?? (() => undefined),
    ...rest,
  };
  const events: AgentEvent[] = [];
  const turn = runAgent(opts);
  for (;;) {
    const next = await turn.next();
    if (next.done) {
      expectTurnInvariants(events, next.value);
      return { events, result: next.value };
    }
    events.push(next.value);
    onEvent?.(next.value);
  }
}

/**
 * What every turn keeps, however it ended: the last event is turn_end carrying the returned result,
 * and every tool call the model made has exactly one result, in the very next message, in call order.
 */
export function expectTurnInvariants(events: AgentEvent[], result: TurnResult): void {
  const last = events[events.length - 1];
  expect(last?.type).toBe("turn_end");
  expect(last?.type === "turn_end" ? last.result : undefined).toBe(result);
  expect(events.filter((e) => e.type === "turn_end")).toHaveLength(1);
  const msgs = result.newMessages;
  msgs.forEach((m, i) => {
    const calls = callsOf(m);
    if (calls.length === 0) return;
    const next = msgs[i + 1];
    expect(next?.role).toBe("tool");
    expect(resultsOf(next!).map((r) => r.toolCallId)).toEqual(calls.map((c) => c.id));
  });
}

export function callsOf(m: Message): ToolCallPart[] {
  return m.content.filter((p): p is ToolCallPart => p.type === "tool_call");
}

export function resultsOf(m: Message): ToolResultPart[] {
  return m.content.filter((p): p is ToolResultPart => p.type === "tool_result");
}

export function textOfContent(content: ToolResultPart["content"]): string {
  return typeof content === "string" ? content : content.map((b) => (b.type === "text" ? b.text : `[${b.type}]`)).join("\n");
}

/** Event types with runs of the same streaming delta collapsed, so a sequence reads like a story. */
export function storyOf(events: AgentEvent[], skip: AgentEvent["type"][] = []): string[] {
  const out: string[] = [];
  for (const e of events) {
    if (skip.includes(e.type)) continue;
    const label = e.type === "message" ? `message:${e.message.role}` : e.type;
    const collapsible = e.type === "text_delta" || e.type === "tool_call_delta" || e.type === "tool_output" || e.type === "reasoning_delta";
    if (collapsible && out[out.length - 1] === label) continue;
    out.push(label);
  }
  return out;
}

/**
 * The tool_result blocks of a recorded Anthropic request's last user message: what the model was
 * given back for its calls.
 */
export function toolResultsSent(body: any): { tool_use_id: string; content: unknown; is_error?: boolean }[] {
  const messages = body.messages as { role: string; content: unknown }[];
  const last = messages[messages.length - 1]!;
  expect(last.role).toBe("user");
  return (last.content as { type: string }[]).filter((b) => b.type === "tool_result") as never;
}

/** A tool's returned content as plain text, whether the wire carried a string or blocks. */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  return (content as { type: string; text?: string }[]).map((b) => b.text ?? `[${b.type}]`).join("\n");
}

export interface ToolSpec {
  name: string;
  readOnly?: boolean;
  execute(args: Record<string, unknown>, ctx: ToolRunContext): Promise<ToolOutput>;
}

/** A hand-written tool with whatever behaviour a test needs. */
export function fakeTool(spec: ToolSpec): Tool {
  return {
    name: spec.name,
    description: `Test tool ${spec.name}`,
    parameters: { type: "object", properties: { id: { type: "string" } } },
    kind: spec.readOnly ? "read" : "execute",
    readOnly: spec.readOnly ?? false,
    execute: spec.execute,
  };
}
