/**
 * mock-llm: a scripted local HTTP server speaking the real Anthropic Messages, OpenAI Chat Completions,
 * OpenAI Responses and Google Gemini wire formats (JSON and SSE), for kit's tests, benchmarks and demo.
 * The cloud wires are served on their own paths: Azure OpenAI deployments (Chat Completions), Bedrock
 * and Vertex Claude (Messages SSE, which the Bedrock SDK passes through as it does a gateway's), and
 * Vertex Gemini.
 *
 * Each POST consumes the next Step of the script; one Step renders to whichever API was called, so a
 * test script does not depend on the provider under test. Every request is recorded so tests can
 * assert what kit sent.
 *
 * Built on node:http rather than Bun.serve because dropped connections need the raw socket (closing
 * without any answer, or in the middle of a body); Bun's node:http gives access to it.
 *
 * Standalone: `bun test/support/mock-llm.ts --port 0 --script steps.json [--loop]` prints the URL as
 * one line on stdout and serves until killed.
 */
import http from "node:http";
import type { Socket } from "node:net";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { Reply, StopReasonName, StreamErrorKind, WireFormat } from "./mock-llm/common.ts";
import { anthropicWire } from "./mock-llm/anthropic-wire.ts";
import { chatWire } from "./mock-llm/chat-wire.ts";
import { geminiWire } from "./mock-llm/gemini-wire.ts";
import { responsesWire } from "./mock-llm/responses-wire.ts";

export type Wire = "anthropic" | "openai" | "openai-compat" | "gemini" | "azure" | "bedrock" | "vertex" | "vertex-anthropic";
export type { StreamErrorKind };

export interface ReplyStep {
  kind: "reply";
  text?: string;
  reasoning?: { text: string; signature?: string };
  /** `input` as an object is JSON-encoded; a string is sent verbatim (so broken JSON can be scripted). */
  toolCalls?: { id?: string; name: string; input: string | object }[];
  /** `input` = uncached prompt tokens; OpenAI wires report prompt tokens as input + cacheRead + cacheWrite. */
  usage?: { input?: number; output?: number; cacheRead?: number; cacheWrite?: number };
  /** Default: "tool_calls" when toolCalls is non-empty, else "stop". */
  stopReason?: StopReasonName;
  /**
   * With stopReason "refusal": the explanation OpenAI wires send (Chat `delta.refusal` with finish_reason
   * "stop", a Responses `refusal` content part). Without it they answer finish_reason "content_filter" /
   * an incomplete response with reason "content_filter". Anthropic has no such field (stop_reason "refusal").
   */
  refusal?: string;
  /** Default: the request's `model`, else "mock-model". */
  model?: string;
  /** Characters per text/reasoning/argument delta. Default 8. */
  chunkSize?: number;
  /** Delay between SSE frames. Without one, all frames go out in one write (so they arrive in one or a few reads). */
  tokenDelayMs?: number;
  /** Delay before the response headers. */
  delayMs?: number;
  /** Destroy the socket after this many SSE frames (non-streaming: after half the JSON body). */
  dropAfterChunks?: number;
  /** Send this provider's in-stream error after N frames, then end the stream (non-streaming: the matching HTTP error). */
  streamError?: { afterChunks: number; kind: StreamErrorKind; message?: string };
  requestId?: string;
}

export interface HttpErrorStep {
  kind: "http_error";
  status: number;
  message?: string;
  /** Anthropic error.type / OpenAI error.type; derived from the status when absent. */
  errorType?: string;
  /** OpenAI error.code. "context_length_exceeded" also selects each provider's real context-overflow wording. */
  code?: string;
  /** Extra response headers, e.g. { "retry-after": "1" } or { "retry-after-ms": "200" }. */
  headers?: Record<string, string>;
}

export interface DropStep {
  kind: "drop";
}

/**
 * A server that takes the request and then makes no progress, until the client hangs up:
 * "before-headers" never answers; "after-headers" sends the streaming response's headers and nothing
 * more; "pings" sends the headers, then only the provider's keep-alive frame every `intervalMs` (default 20).
 */
export interface StallStep {
  kind: "stall";
  at: "before-headers" | "after-headers" | "pings";
  intervalMs?: number;
}

/** A recorded response replayed byte for byte (a real provider's stream saved as a fixture). */
export interface RawStep {
  kind: "raw";
  body: string;
  /** Default "text/event-stream; charset=utf-8". */
  contentType?: string;
  status?: number;
}

export type Step = ReplyStep | HttpErrorStep | DropStep | StallStep | RawStep;

export interface RecordedRequest {
  path: string;
  /** The query string with its "?", or "" (Azure's api-version, Gemini's alt=sse). */
  query: string;
  method: string;
  /** Lower-cased names. */
  headers: Record<string, string>;
  /** Parsed JSON, or the raw text when the body was not JSON. */
  body: any;
  wire: Wire;
}

export interface MockLLM {
  /** "http://127.0.0.1:PORT", no trailing slash. OpenAI SDKs want `url + "/v1"`, Anthropic's wants `url`. */
  url: string;
  port: number;
  requests: RecordedRequest[];
  push(...steps: Step[]): void;
  remaining(): number;
  /** Forgets the steps not yet served (a run that stopped before it asked for them). */
  clear(): void;
  close(): Promise<void>;
}

export interface MockLLMOptions {
  script?: Step[];
  /** 0 (default) = a random free port. */
  port?: number;
  /** Replay the script forever (benchmarks): each consumed step goes back to the end of the queue. */
  loop?: boolean;
  /** When set, a request whose key (x-api-key, x-goog-api-key, Authorization: Bearer) is not one of these gets the wire's 401. */
  acceptKeys?: string[];
}

// ---- helpers that keep scripts short ----

export const text = (t: string, extra: Partial<Omit<ReplyStep, "kind">> = {}): ReplyStep => ({ kind: "reply", text: t, ...extra });

export const toolCall = (name: string, input: string | object, extra: Partial<Omit<ReplyStep, "kind">> = {}): ReplyStep => ({
  kind: "reply",
  toolCalls: [{ name, input }],
  ...extra,
});

export const httpError = (status: number, extra: Partial<Omit<HttpErrorStep, "kind" | "status">> = {}): HttpErrorStep => ({
  kind: "http_error",
  status,
  ...extra,
});

export const stall = (at: StallStep["at"], intervalMs?: number): StallStep => ({ kind: "stall", at, ...(intervalMs ? { intervalMs } : {}) });

/** The 400 each provider really answers when the prompt does not fit the context window. */
export const contextOverflow = (): HttpErrorStep => httpError(400, { code: "context_length_exceeded" });

// ---- server ----

interface Route {
  wire: Wire;
  format: WireFormat;
  /** Where the model is named in the path rather than the body (Gemini, Bedrock, Vertex, Azure's deployment). */
  model?: string;
  /** Where the path, not the body's `stream`, says whether to stream. */
  stream?: boolean;
}

const ROUTES: Record<string, Route> = {
  "/messages": { wire: "anthropic", format: anthropicWire },
  "/chat/completions": { wire: "openai-compat", format: chatWire },
  "/responses": { wire: "openai", format: responsesWire },
};

/** The route of a request path: the fixed ones, then the model-scoped paths of Gemini and the clouds. */
function routeOf(path: string): Route | undefined {
  const fixed = ROUTES[path.replace(/^\/v1(?=\/)/, "").replace(/\/+$/, "")];
  if (fixed) return fixed;
  let m: RegExpExecArray | null;
  if ((m = /\/publishers\/google\/models\/([^/:]+):(stream)?[gG]enerateContent$/.exec(path))) {
    return { wire: "vertex", format: geminiWire, model: decodeURIComponent(m[1]!), stream: m[2] !== undefined };
  }
  if ((m = /\/models\/([^/:]+):(stream)?[gG]enerateContent$/.exec(path))) {
    return { wire: "gemini", format: geminiWire, model: decodeURIComponent(m[1]!), stream: m[2] !== undefined };
  }
  if ((m = /\/publishers\/anthropic\/models\/([^/:]+):(streamRawPredict|rawPredict)$/.exec(path))) {
    return { wire: "vertex-anthropic", format: anthropicWire, model: decodeURIComponent(m[1]!), stream: m[2] === "streamRawPredict" };
  }
  if ((m = /^\/model\/([^/]+)\/(invoke-with-response-stream|invoke)$/.exec(path))) {
    return { wire: "bedrock", format: anthropicWire, model: decodeURIComponent(m[1]!), stream: m[2] === "invoke-with-response-stream" };
  }
  if ((m = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/.exec(path))) {
    return { wire: "azure", format: chatWire, model: decodeURIComponent(m[1]!) };
  }
  return undefined;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Rough token estimate (4 characters a token) so default usage scales with what was scripted. */
const estimate = (s: string) => Math.ceil(s.length / 4);

function normalise(step: ReplyStep, request: Record<string, unknown>): Reply {
  const toolCalls = (step.toolCalls ?? []).map((t) => ({
    id: t.id,
    name: t.name,
    args: typeof t.input === "string" ? t.input : JSON.stringify(t.input),
  }));
  const reasoningTokens = step.reasoning ? estimate(step.reasoning.text) : 0;
  const produced = estimate((step.text ?? "") + toolCalls.map((t) => t.args).join("")) + reasoningTokens;
  const u = step.usage ?? {};
  return {
    model: step.model ?? (typeof request.model === "string" ? request.model : "mock-model"),
    // A reply with nothing at all still answers with an (empty) text block, as real APIs do.
    text: step.text ?? (toolCalls.length === 0 && !step.reasoning && step.refusal === undefined ? "" : undefined),
    reasoning: step.reasoning,
    toolCalls,
    usage: {
      input: u.input ?? 10,
      output: u.output ?? Math.max(1, produced),
      cacheRead: u.cacheRead ?? 0,
      cacheWrite: u.cacheWrite ?? 0,
      reasoning: Math.min(reasoningTokens, u.output ?? reasoningTokens),
    },
    stopReason: step.stopReason ?? (toolCalls.length > 0 ? "tool_calls" : "stop"),
    refusal: step.refusal,
    chunkSize: Math.max(1, step.chunkSize ?? 8),
    request,
  };
}

const SSE_HEADERS = { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache", connection: "keep-alive" };

/** Holds a request open without progress (see StallStep) until the client goes away. */
async function stallUntilHungUp(res: http.ServerResponse, format: WireFormat, step: StallStep): Promise<void> {
  let gone = false;
  const hungUp = new Promise<void>((resolve) =>
    res.on("close", () => {
      gone = true;
      resolve();
    }),
  );
  if (step.at !== "before-headers") {
    res.writeHead(200, { ...SSE_HEADERS, [format.requestIdHeader]: format.newRequestId() });
    res.flushHeaders();
  }
  if (step.at !== "pings") return hungUp;
  while (!gone) {
    await write(res, format.keepAliveFrame);
    await Promise.race([sleep(step.intervalMs ?? 20), hungUp]);
  }
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

/** Resolves once the bytes are handed to the socket. */
const write = (res: http.ServerResponse, data: string) => new Promise<void>((resolve) => res.write(data, () => resolve()));

/**
 * Cut the connection mid-response. A reset makes the client's fetch discard bytes it has received
 * but not yet read, so wait a moment first: the client then sees exactly the frames sent, then the
 * error, which keeps "partial output before the drop" assertions deterministic.
 */
const DROP_GRACE_MS = 60;
async function cut(req: http.IncomingMessage): Promise<void> {
  await sleep(DROP_GRACE_MS);
  req.socket.destroy();
}

export async function startMockLLM(opts: MockLLMOptions = {}): Promise<MockLLM> {
  const script: Step[] = [...(opts.script ?? [])];
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  const sendError = (res: http.ServerResponse, format: WireFormat, step: Omit<HttpErrorStep, "kind">, requestId: string) => {
    const body = JSON.stringify(format.errorBody(step, requestId));
    res.writeHead(format.httpStatus?.(step) ?? step.status, {
      "content-type": "application/json",
      [format.requestIdHeader]: requestId,
      ...step.headers,
    });
    res.end(body);
  };

  const answer = async (req: http.IncomingMessage, res: http.ServerResponse, path: string) => {
    const raw = await readBody(req);
    // The providers' model lists (GET /v1/models), the cheap request a key check makes.
    const listing = req.method === "GET" && /\/models\/?$/.test(path);
    const route = listing ? { wire: req.headers["x-api-key"] ? "anthropic" : "openai-compat", format: req.headers["x-api-key"] ? anthropicWire : chatWire } as Route : routeOf(path);
    if (!route || (req.method !== "POST" && !listing)) {
      res.writeHead(404, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: `mock-llm: no route for ${req.method} ${path}`, type: "not_found" } }));
      return;
    }
    let body: any;
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
    const query = (req.url ?? "").includes("?") ? (req.url ?? "").slice((req.url ?? "").indexOf("?")) : "";
    requests.push({ path, query, method: req.method!, headers, body, wire: route.wire });

    const { format } = route;
    const key = headers["x-api-key"] ?? headers["x-goog-api-key"] ?? headers.authorization?.replace(/^Bearer /i, "");
    if (opts.acceptKeys && !opts.acceptKeys.includes(key ?? "")) {
      return sendError(res, format, { status: 401, message: "invalid x-api-key" }, format.newRequestId());
    }
    if (listing) {
      const model = { id: "mock-model", object: "model", type: "model", created: 0, created_at: "2025-01-01T00:00:00Z", display_name: "Mock", owned_by: "mock" };
      res.writeHead(200, { "content-type": "application/json" });
      return void res.end(JSON.stringify({ object: "list", data: [model], models: [{ name: "models/mock-model" }], has_more: false, first_id: model.id, last_id: model.id }));
    }
    const step = script.shift();
    if (step && opts.loop) script.push(step);
    if (!step) {
      const message = `mock-llm: script exhausted (no step left for POST ${path})`;
      return sendError(res, format, { status: 500, message }, format.newRequestId());
    }
    if (step.kind === "drop") return void req.socket.destroy();
    if (step.kind === "http_error") return sendError(res, format, step, format.newRequestId());
    if (step.kind === "stall") return stallUntilHungUp(res, format, step);
    if (step.kind === "raw") {
      res.writeHead(step.status ?? 200, { "content-type": step.contentType ?? "text/event-stream; charset=utf-8", [format.requestIdHeader]: format.newRequestId() });
      return void res.end(step.body);
    }

    const requestId = step.requestId ?? format.newRequestId();
    const request = body !== null && typeof body === "object" ? body : {};
    const reply = normalise(step, route.model && typeof request.model !== "string" ? { ...request, model: route.model } : request);
    if (step.delayMs) await sleep(step.delayMs);
    let gone = false;
    res.on("close", () => (gone = true));

    if (!(route.stream ?? body?.stream === true)) {
      if (step.streamError) {
        const k = step.streamError.kind;
        const status = { overloaded: format.overloadedStatus, rate_limit: 429, server: 500, context_overflow: 400 }[k];
        const code = k === "context_overflow" ? "context_length_exceeded" : undefined;
        return sendError(res, format, { status, message: step.streamError.message, code }, requestId);
      }
      const json = JSON.stringify(format.json(reply));
      res.writeHead(200, { "content-type": "application/json", [format.requestIdHeader]: requestId });
      if (step.dropAfterChunks === undefined) return void res.end(json);
      await write(res, json.slice(0, json.length >> 1));
      return cut(req);
    }

    res.writeHead(200, { ...SSE_HEADERS, [format.requestIdHeader]: requestId });
    const frames = format.frames(reply);
    if (!step.tokenDelayMs) {
      // Nothing paces the frames: send them (up to a scripted drop or error) in one write, which keeps
      // the mock's own CPU out of the way of the client it serves (benchmarks share two cores with it).
      const stopAt = Math.min(frames.length, step.dropAfterChunks ?? Infinity, step.streamError?.afterChunks ?? Infinity);
      if (stopAt > 0) await write(res, frames.slice(0, stopAt).join(""));
      if (gone) return;
      if (step.dropAfterChunks === stopAt) return cut(req);
      if (step.streamError?.afterChunks === stopAt) {
        await write(res, format.errorFrame(step.streamError.kind, step.streamError.message, stopAt));
        return void res.end();
      }
      return void res.end();
    }
    for (let i = 0; i <= frames.length; i++) {
      if (gone) return; // the client hung up (abort): stop quietly
      if (step.dropAfterChunks === i) return cut(req);
      if (step.streamError?.afterChunks === i) {
        await write(res, format.errorFrame(step.streamError.kind, step.streamError.message, i));
        return void res.end();
      }
      if (i === frames.length) break;
      if (i > 0 && step.tokenDelayMs) await sleep(step.tokenDelayMs);
      await write(res, frames[i]!);
    }
    res.end();
  };

  const server = http.createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0]!;
    answer(req, res, path).catch((err: unknown) => {
      // A bug in the mock must fail loudly in the test that hit it, not hang it.
      console.error("mock-llm: handler failed:", err);
      if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
      res.end(`mock-llm internal error: ${String(err)}`);
    });
  });
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    push: (...steps) => void script.push(...steps),
    remaining: () => script.length,
    clear: () => void script.splice(0),
    close: () =>
      new Promise<void>((resolve) => {
        // Keep-alive sockets from SDK clients would hold close() open forever.
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: { port: { type: "string", default: "0" }, script: { type: "string" }, loop: { type: "boolean", default: false } },
  });
  const script: unknown = values.script ? JSON.parse(readFileSync(values.script, "utf8")) : [];
  if (!Array.isArray(script)) {
    console.error("mock-llm: --script must be a JSON array of steps");
    process.exit(2);
  }
  const mock = await startMockLLM({ script: script as Step[], port: Number(values.port), loop: values.loop });
  console.log(mock.url);
  const stop = () => void mock.close().then(() => process.exit(0));
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}
