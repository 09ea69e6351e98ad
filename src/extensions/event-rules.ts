/**
 * The table that drives dispatch: which events are notifications (handlers return nothing, nobody
 * waits) and, for each result event, how one handler's result folds into the running state: what the
 * next handler sees, what the emitter gets back, and whether the chain stops there. The runner has one
 * code path for every event; only these rules differ.
 */
import { basename } from "node:path";
import type { ContextMessage, EventName, Events, ResultEventName, Results } from "./contract.ts";

/** The event as later handlers see it, and the result so far (undefined: nobody returned one). */
export interface ChainState<K extends ResultEventName> {
  event: Events[K];
  result: Results[K] | undefined;
}

export interface MergeInput<K extends ResultEventName> {
  state: ChainState<K>;
  /** What one handler returned (neither undefined nor null). */
  returned: unknown;
  /** The event as the emitter sent it. */
  initial: Events[K];
  extPath: string;
}

export interface ResultRule<K extends ResultEventName> {
  /** Folds a handler's result in; throws InvalidResult when it is malformed. */
  merge(input: MergeInput<K>): { state: ChainState<K>; stop: boolean };
  /**
   * Fail closed: a handler that throws (or returns a malformed result) does not get skipped; this
   * result ends the chain instead.
   */
  failClosed?(error: unknown): Results[K];
}

/** A handler returned something that is not a result of its event. Reported like a throw. */
export class InvalidResult extends Error {
  constructor(event: string, detail: string) {
    super(`invalid ${event} result: ${detail}`);
    this.name = "InvalidResult";
  }
}

type Rules = { [K in ResultEventName]: ResultRule<K> };

export const RESULT_RULES: Rules = {
  input: {
    merge({ state, returned }) {
      const r = fields("input", returned, { action: "string", text: "string" });
      if (r.action === "handled") return { state: { ...state, result: { action: "handled" } }, stop: true };
      if (r.action === "transform") {
        if (typeof r.text !== "string") throw new InvalidResult("input", 'action "transform" needs a text');
        return { state: { event: { ...state.event, text: r.text }, result: { action: "transform", text: r.text } }, stop: false };
      }
      if (r.action === "continue") return { state: { ...state, result: state.result ?? { action: "continue" } }, stop: false };
      throw new InvalidResult("input", `action must be "continue", "transform" or "handled", not ${JSON.stringify(r.action)}`);
    },
  },

  before_agent_start: {
    merge({ state, returned }) {
      const r = fields("before_agent_start", returned, { systemPrompt: "string", injectText: "string" });
      const result = { ...state.result };
      const systemPrompt = joined(result.systemPrompt, r.systemPrompt);
      const injectText = joined(result.injectText, r.injectText);
      if (systemPrompt !== undefined) result.systemPrompt = systemPrompt;
      if (injectText !== undefined) result.injectText = injectText;
      return { state: { ...state, result }, stop: false };
    },
  },

  tool_call: {
    merge({ state, returned, extPath }) {
      const r = fields("tool_call", returned, { block: "boolean", reason: "string" });
      if (r.block === undefined) throw new InvalidResult("tool_call", "block must be true or false");
      if (r.block) {
        const reason = r.reason || `blocked by extension ${basename(extPath)}`;
        return { state: { ...state, result: { block: true, reason } }, stop: true };
      }
      return { state: { ...state, result: state.result ?? { block: false } }, stop: false };
    },
    failClosed: (error) => ({ block: true, reason: errorText(error) }),
  },

  tool_result: {
    merge({ state, returned }) {
      const r = fields("tool_result", returned, { content: "string", isError: "boolean" });
      const event = { ...state.event };
      if (r.content !== undefined) event.content = r.content;
      if (r.isError !== undefined) event.isError = r.isError;
      return { state: { event, result: { content: event.content, isError: event.isError } }, stop: false };
    },
  },

  context_prepare: {
    merge({ state, returned, initial }) {
      const messages = contextMessages("context_prepare", returned, initial.messages.length);
      return { state: { event: { ...state.event, messages }, result: { messages } }, stop: false };
    },
  },

  prepare_step: {
    merge({ state, returned, initial }) {
      const messages = contextMessages("prepare_step", returned, initial.messages.length);
      return { state: { event: { ...state.event, messages }, result: { messages } }, stop: false };
    },
  },

  before_fork: cancelRule("before_fork"),
  before_session_switch: cancelRule("before_session_switch"),

  before_compact: {
    merge({ state, returned }) {
      const r = fields("before_compact", returned, { cancel: "boolean", reason: "string", summary: "string" });
      if (r.cancel) {
        const result: Results["before_compact"] = { cancel: true };
        if (r.reason !== undefined) result.reason = r.reason;
        return { state: { ...state, result }, stop: true };
      }
      const result = { ...state.result };
      if (r.summary) result.summary = r.summary;
      return { state: { ...state, result }, stop: false };
    },
  },
};

const RESULT_EVENTS: ReadonlySet<string> = new Set(Object.keys(RESULT_RULES));

export function isResultEvent(event: EventName): event is ResultEventName {
  return RESULT_EVENTS.has(event);
}

function cancelRule<K extends "before_fork" | "before_session_switch">(event: K): ResultRule<K> {
  return {
    merge({ state, returned }) {
      const r = fields(event, returned, { cancel: "boolean", reason: "string" });
      if (r.cancel === undefined) throw new InvalidResult(event, "cancel must be true or false");
      if (r.cancel) {
        const result: { cancel: boolean; reason?: string } = { cancel: true };
        if (r.reason !== undefined) result.reason = r.reason;
        return { state: { ...state, result: result as Results[K] }, stop: true };
      }
      return { state: { ...state, result: state.result ?? ({ cancel: false } as Results[K]) }, stop: false };
    },
  };
}

type FieldTypes = Record<string, "string" | "boolean">;
type Fields<T extends FieldTypes> = { [F in keyof T]?: T[F] extends "string" ? string : boolean };

/** The result as an object whose listed fields, when present, have the listed types. */
function fields<T extends FieldTypes>(event: string, returned: unknown, types: T): Fields<T> {
  if (typeof returned !== "object" || returned === null || Array.isArray(returned)) {
    throw new InvalidResult(event, `expected an object, got ${describe(returned)}`);
  }
  const r = returned as Record<string, unknown>;
  for (const [name, type] of Object.entries(types)) {
    if (r[name] !== undefined && typeof r[name] !== type) {
      throw new InvalidResult(event, `${name} must be a ${type}, got ${describe(r[name])}`);
    }
  }
  return r as Fields<T>;
}

const ROLES = new Set(["system", "user", "assistant", "tool"]);

function contextMessages(event: string, returned: unknown, originalCount: number): ContextMessage[] {
  const r = fields(event, returned, {});
  const messages = (r as { messages?: unknown }).messages;
  if (!Array.isArray(messages)) throw new InvalidResult(event, "messages must be an array");
  messages.forEach((m: unknown, i) => {
    const msg = m as Partial<ContextMessage> | null;
    if (typeof msg !== "object" || msg === null) throw new InvalidResult(event, `messages[${i}] is not an object`);
    if (typeof msg.index !== "number" || !Number.isInteger(msg.index) || msg.index >= originalCount) {
      throw new InvalidResult(event, `messages[${i}].index must be an integer below ${originalCount} (negative for a new message)`);
    }
    if (msg.index < 0 && (!ROLES.has(msg.role as string) || typeof msg.content !== "string")) {
      throw new InvalidResult(event, `messages[${i}] is new (index < 0), so it needs a role (system, user, assistant, tool) and a content string`);
    }
  });
  return messages as ContextMessage[];
}

function joined(a: string | undefined, b: string | undefined): string | undefined {
  if (!b) return a;
  return a ? `${a}\n\n${b}` : b;
}

function describe(x: unknown): string {
  if (x === null) return "null";
  if (Array.isArray(x)) return "an array";
  return typeof x === "string" ? `the string ${JSON.stringify(x)}` : typeof x;
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return typeof error === "string" ? error : String(error);
}
