/**
 * OpenAI Responses API (POST /v1/responses), the "openai" wire, JSON and SSE.
 *
 * The SDK's ResponseStream accumulator is strict, so the event order matters: `response.created`
 * first; every event numbered by `sequence_number`; `output_index` values appended in order; every
 * item-scoped event's `item_id` equal to the id of the item at that index; each item closed by
 * `response.output_item.done` carrying the same id/call_id; then `response.completed` (or
 * `response.incomplete`) with the full response. `output_text` is not sent: the SDK derives it.
 */
import { nowSeconds, randomId, split, sse, type Reply, type WireFormat } from "./common.ts";
import { openaiError, openaiStreamError } from "./chat-wire.ts";

const CONTEXT_OVERFLOW = {
  message: "Your input exceeds the context window of this model. Please adjust your input and try again.",
  param: "input",
};

function usage(r: Reply) {
  const input = r.usage.input + r.usage.cacheRead + r.usage.cacheWrite;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: r.usage.cacheRead },
    output_tokens: r.usage.output,
    output_tokens_details: { reasoning_tokens: r.usage.reasoning },
    total_tokens: input + r.usage.output,
  };
}

/** The finished output items, with ids minted once so the streamed and final copies agree. */
function items(r: Reply): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const incomplete = finalStatus(r) === "incomplete";
  if (r.reasoning) {
    const summary = r.reasoning.text ? [{ type: "summary_text", text: r.reasoning.text }] : [];
    const item: Record<string, unknown> = { id: randomId("rs_", 48, "hex"), type: "reasoning", summary };
    if (r.reasoning.signature !== undefined) item.encrypted_content = r.reasoning.signature;
    out.push(item);
  }
  if (r.text !== undefined || r.refusal !== undefined) {
    const content: Record<string, unknown>[] = [];
    if (r.text !== undefined) content.push({ type: "output_text", annotations: [], logprobs: [], text: r.text });
    if (r.refusal !== undefined) content.push({ type: "refusal", refusal: r.refusal });
    out.push({
      id: randomId("msg_", 48, "hex"),
      type: "message",
      status: incomplete ? "incomplete" : "completed",
      content,
      role: "assistant",
    });
  }
  for (const t of r.toolCalls) {
    out.push({
      id: randomId("fc_", 48, "hex"),
      type: "function_call",
      status: "completed",
      arguments: t.args,
      call_id: t.id ?? randomId("call_", 24),
      name: t.name,
    });
  }
  return out;
}

/** The Response object; fields a real server echoes from the request are echoed. */
function response(r: Reply, id: string, createdAt: number, status: string, output: unknown[], final: boolean) {
  const q = r.request;
  const incomplete = status === "incomplete";
  return {
    id,
    object: "response",
    created_at: createdAt,
    status,
    background: false,
    error: null,
    incomplete_details: incomplete ? { reason: r.stopReason === "refusal" ? "content_filter" : "max_output_tokens" } : null,
    instructions: q.instructions ?? null,
    max_output_tokens: q.max_output_tokens ?? null,
    model: r.model,
    output,
    parallel_tool_calls: q.parallel_tool_calls ?? true,
    previous_response_id: q.previous_response_id ?? null,
    reasoning: { effort: null, summary: null, ...(q.reasoning as object | undefined) },
    store: q.store ?? true,
    temperature: q.temperature ?? 1,
    text: q.text ?? { format: { type: "text" } },
    tool_choice: q.tool_choice ?? "auto",
    tools: q.tools ?? [],
    top_p: q.top_p ?? 1,
    truncation: "disabled",
    usage: final ? usage(r) : null,
    metadata: q.metadata ?? {},
  };
}

/** Cut by the output limit, or refused without an explanation (content filter): incomplete. */
const finalStatus = (r: Reply) => (r.stopReason === "length" || (r.stopReason === "refusal" && r.refusal === undefined) ? "incomplete" : "completed");

export const responsesWire: WireFormat = {
  requestIdHeader: "x-request-id",
  newRequestId: () => randomId("req_", 32, "hex"),
  overloadedStatus: 503,
  keepAliveFrame: ": keep-alive\n\n",

  json(r) {
    return response(r, randomId("resp_", 48, "hex"), nowSeconds(), finalStatus(r), items(r), true);
  },

  frames(r) {
    const id = randomId("resp_", 48, "hex");
    const createdAt = nowSeconds();
    const out: string[] = [];
    const emit = (type: string, fields: object) => out.push(sse(type, { type, sequence_number: out.length, ...fields }));
    emit("response.created", { response: response(r, id, createdAt, "in_progress", [], false) });
    emit("response.in_progress", { response: response(r, id, createdAt, "in_progress", [], false) });
    const done = items(r);
    done.forEach((item, output_index) => {
      const item_id = item.id as string;
      const scoped = { item_id, output_index };
      if (item.type === "reasoning") {
        emit("response.output_item.added", { output_index, item: { ...item, summary: [] } });
        const text = r.reasoning?.text ?? "";
        if (text) {
          const part = { type: "summary_text", text: "" };
          emit("response.reasoning_summary_part.added", { ...scoped, summary_index: 0, part });
          for (const delta of split(text, r.chunkSize)) {
            emit("response.reasoning_summary_text.delta", { ...scoped, summary_index: 0, delta });
          }
          emit("response.reasoning_summary_text.done", { ...scoped, summary_index: 0, text });
          emit("response.reasoning_summary_part.done", { ...scoped, summary_index: 0, part: { ...part, text } });
        }
      } else if (item.type === "message") {
        emit("response.output_item.added", { output_index, item: { ...item, status: "in_progress", content: [] } });
        let content_index = 0;
        if (r.text !== undefined) {
          const part = { type: "output_text", annotations: [], logprobs: [], text: "" };
          const text = r.text;
          emit("response.content_part.added", { ...scoped, content_index, part });
          for (const delta of split(text, r.chunkSize)) {
            emit("response.output_text.delta", { ...scoped, content_index, delta, logprobs: [] });
          }
          emit("response.output_text.done", { ...scoped, content_index, text, logprobs: [] });
          emit("response.content_part.done", { ...scoped, content_index, part: { ...part, text } });
          content_index++;
        }
        if (r.refusal !== undefined) {
          const refusal = r.refusal;
          emit("response.content_part.added", { ...scoped, content_index, part: { type: "refusal", refusal: "" } });
          for (const delta of split(refusal, r.chunkSize)) emit("response.refusal.delta", { ...scoped, content_index, delta });
          emit("response.refusal.done", { ...scoped, content_index, refusal });
          emit("response.content_part.done", { ...scoped, content_index, part: { type: "refusal", refusal } });
        }
      } else {
        const args = item.arguments as string;
        emit("response.output_item.added", { output_index, item: { ...item, status: "in_progress", arguments: "" } });
        for (const delta of split(args, r.chunkSize)) emit("response.function_call_arguments.delta", { ...scoped, delta });
        emit("response.function_call_arguments.done", { ...scoped, arguments: args });
      }
      emit("response.output_item.done", { output_index, item });
    });
    const status = finalStatus(r);
    emit(`response.${status}`, { response: response(r, id, createdAt, status, done, true) });
    return out;
  },

  errorFrame(kind, message, seq) {
    const error = openaiStreamError(kind, message, CONTEXT_OVERFLOW);
    // Production nests the error object (openai-dotnet#881) while the API reference documents flat
    // fields; sending both keeps any client that reads either shape honest.
    const { code, message: text, param } = error;
    return sse("error", { type: "error", sequence_number: seq, code, message: text, param, error });
  },

  errorBody: (e) => openaiError(e, CONTEXT_OVERFLOW),
};
