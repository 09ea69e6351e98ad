/**
 * The one dispatcher of extension events, following the contract's rules:
 * - handlers run in extension load order, then registration order;
 * - result events (event-rules.ts) are awaited handler by handler; each handler sees the event as
 *   changed by the ones before it, a short-circuit result stops the chain, and the final state is
 *   returned (undefined when no handler returned anything);
 * - a handler that throws or rejects, or returns a malformed result, is reported through
 *   `onHandlerError` and skipped, except where the rule fails closed (tool_call: the call is blocked
 *   with the error as the reason);
 * - notification events and custom events never make the emitter wait: each extension has its own
 *   promise chain, so its handlers see events in order while the emitter goes on; `drain()` waits for
 *   everything queued (at shutdown, before a reload);
 * - every wait for an extension's deliveries is bounded: once the delivery it runs has run `graceMs`,
 *   it is reported through `onUnfinished` and given up on, its queue starting afresh (what was queued
 *   behind it is dropped), so no extension can hang a run, a quit or a shutdown.
 * The Context handed to handlers comes from the app (`contextFor`), one per extension.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Context, EventName, Events, NotificationEventName, ResultEventName, Results } from "./contract.ts";
import { isResultEvent, RESULT_RULES, type ChainState, type ResultRule } from "./event-rules.ts";
import { formatLoadError, toLoadError } from "./load-error.ts";
import { OptionValues } from "./options.ts";
import type { ExtensionRegistry } from "./registry.ts";

export interface RunnerOptions {
  registry: ExtensionRegistry;
  /** The Context for handlers of one extension. */
  contextFor(extPath: string): Context;
  /**
   * A handler threw, rejected or returned a malformed result. `event` is the event name, or
   * `custom:<name>` for custom events. Interactive: an error block naming the file; headless: stderr.
   */
  onHandlerError(extPath: string, event: string, error: unknown): void;
  /** Option values (kept by the app across reloads); default: resolved from process.env only. */
  options?: OptionValues;
  /** The longest any wait for an extension's handlers lasts; default DEFAULT_GRACE_MS. */
  graceMs?: number;
  /** A handler did not settle within the grace period: kit goes on without it. */
  onUnfinished?(extPath: string, event: string, graceMs: number): void;
}

/** How long kit waits for an extension's handlers when it must (a turn's end, a quit): a few seconds. */
export const DEFAULT_GRACE_MS = 5000;

export interface DrainOptions {
  /** Default: the runner's grace period. */
  graceMs?: number;
  /** Stops waiting at once (a cancelled turn, a stopped run), reporting nothing. */
  signal?: AbortSignal;
}

type Call = (ctx: Context) => unknown;
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

export class ExtensionRunner {
  registry: ExtensionRegistry;
  readonly options: OptionValues;
  private readonly contextFor: (extPath: string) => Context;
  private readonly onHandlerError: RunnerOptions["onHandlerError"];
  private readonly onUnfinished: NonNullable<RunnerOptions["onUnfinished"]>;
  private readonly graceMs: number;
  /** Per extension, the end of its queue of notification deliveries. */
  private readonly queues = new Map<string, Promise<void>>();
  /** Per extension, the delivery its queue runs now: the event, when it started, and the queue's generation. */
  private readonly running = new Map<string, { label: string; since: number; generation: number }>();
  /** Per extension, how many times its queue was given up on; deliveries of an older generation are dropped. */
  private readonly generations = new Map<string, number>();
  /** The extension whose handler is running, along the async call chain it starts. */
  private readonly inHandlerOf = new AsyncLocalStorage<string>();

  constructor(opts: RunnerOptions) {
    this.registry = opts.registry;
    this.contextFor = opts.contextFor;
    this.onHandlerError = opts.onHandlerError;
    this.onUnfinished = opts.onUnfinished ?? (() => {});
    this.graceMs = opts.graceMs ?? DEFAULT_GRACE_MS;
    this.options = opts.options ?? new OptionValues({ env: process.env, config: {} });
  }

  /** After a hot reload: dispatch to the newly loaded extensions (queued deliveries still finish). */
  setRegistry(registry: ExtensionRegistry): void {
    this.registry = registry;
  }

  hasHandlers(event: EventName): boolean {
    return this.registry.hasHandlers(event);
  }

  /**
   * Any event. Result events resolve to the final result; notifications resolve (to undefined) once
   * this event reached every handler, for callers that need that (a test harness, session_shutdown).
   */
  emit<K extends EventName>(event: K, payload: Events[K]): Promise<Results[K] | undefined> {
    if (isResultEvent(event)) return this.emitResult(event, payload as Events[typeof event]) as Promise<Results[K] | undefined>;
    const targets = this.registry.handlersFor(event);
    return this.within(
      this.deliver(event, targets, (h, ctx) => h(copyEvent(payload), ctx)),
      targets.map((t) => t.extPath),
    ).then(() => undefined);
  }

  /** Queues a notification and returns at once. */
  emitNotification<K extends NotificationEventName>(event: K, payload: Events[K]): void {
    // Fired for every streamed token: with nobody listening it must cost next to nothing.
    if (!this.registry.hasHandlers(event)) return;
    void this.deliver(event, this.registry.handlersFor(event), (h, ctx) => h(copyEvent(payload), ctx));
  }

  /** Runs the chain of a result event and returns its final state. */
  async emitResult<K extends ResultEventName>(event: K, payload: Events[K]): Promise<Results[K] | undefined> {
    const rule = RESULT_RULES[event] as ResultRule<K>;
    let state: ChainState<K> = { event: copyEvent(payload), result: undefined };
    for (const { extPath, handler } of this.registry.handlersFor(event)) {
      // An extension sees events in the order they happened: its queued notifications first. Not when
      // this result event was caused from inside one of its own handlers, which would wait on itself.
      const queued = this.queues.get(extPath);
      if (queued && this.inHandlerOf.getStore() !== extPath) await this.within(queued, [extPath]);
      const seen = copyEvent(state.event);
      let outcome = await this.invoke(extPath, (ctx) => handler(seen as never, ctx));
      if (outcome.ok && outcome.value !== undefined && outcome.value !== null) {
        try {
          const next = rule.merge({ state, returned: outcome.value, initial: payload, extPath });
          state = next.state;
          if (next.stop) break;
        } catch (error) {
          outcome = { ok: false, error };
        }
      }
      if (!outcome.ok) {
        this.report(extPath, event, outcome.error);
        if (rule.failClosed) return rule.failClosed(outcome.error);
      }
    }
    return state.result;
  }

  /** Delivers to onCustomEvent(name) handlers like a notification; resolves once delivered. */
  emitCustomEvent(name: string, data?: unknown): Promise<void> {
    return this.deliver(`custom:${name}`, this.registry.customHandlersFor(name), (h, ctx) => h(data, ctx));
  }

  /**
   * Resolves when every queued notification has been delivered, including ones queued meanwhile
   * (handlers that overrun the grace period given up on), or at once when `signal` aborts.
   */
  async drain(opts: DrainOptions = {}): Promise<void> {
    // Called from inside an extension's handler, its own queue (which holds that very handler) is
    // not waited for: it could only finish after this returns.
    const self = this.inHandlerOf.getStore();
    const others = () => [...this.queues].filter(([ext]) => ext !== self);
    for (;;) {
      const pending = others();
      const work = Promise.all(pending.map(([, p]) => p));
      const settled = await this.within(work, pending.map(([ext]) => ext), opts.graceMs, opts.signal);
      if (opts.signal?.aborted) return;
      const now = others();
      if (settled && now.length === pending.length && now.every(([, p], i) => p === pending[i]![1])) return;
    }
  }

  /** The extension whose handler the current code runs in, if any. */
  currentExtension(): string | undefined {
    return this.inHandlerOf.getStore();
  }

  /** Option value: ctx.setOption > KIT_OPT_<NAME> > config options.<name> > registered default. */
  getOption(name: string): string {
    return this.options.get(name, this.registry.option(name)?.def.default ?? "");
  }

  setOption(name: string, value: string): void {
    this.options.set(name, value);
  }

  /**
   * Appends one delivery per extension to that extension's queue: its handlers run in order, after
   * everything queued for it before. The returned promise settles when all of them ran.
   */
  private deliver<H>(label: string, targets: { extPath: string; handler: H }[], call: (h: H, ctx: Context) => unknown): Promise<void> {
    const byExt = new Map<string, H[]>();
    for (const { extPath, handler } of targets) byExt.set(extPath, [...(byExt.get(extPath) ?? []), handler]);
    const done: Promise<void>[] = [];
    for (const [extPath, handlers] of byExt) {
      const generation = this.generations.get(extPath) ?? 0;
      const current = () => (this.generations.get(extPath) ?? 0) === generation;
      const queued = (this.queues.get(extPath) ?? Promise.resolve()).then(async () => {
        // Queued behind a handler that was given up on: dropped, as that handler's queue was.
        if (!current()) return;
        this.running.set(extPath, { label, since: Date.now(), generation });
        try {
          for (const h of handlers) {
            const outcome = await this.invoke(extPath, (ctx) => call(h, ctx));
            if (!outcome.ok) this.report(extPath, label, outcome.error);
            if (!current()) return;
          }
        } finally {
          if (current()) this.running.delete(extPath);
        }
      });
      this.queues.set(extPath, queued);
      done.push(queued);
    }
    return Promise.all(done).then(() => undefined);
  }

  /**
   * Waits for `work` (deliveries to `extPaths`); true when it settled. Once the delivery one of those
   * extensions runs has run `graceMs` (counted from its start: a handler hung since long ago is not
   * waited for again), that extension is reported, its queue given up on, and false returned. An abort
   * of `signal` ends the wait at once, reporting nothing.
   */
  private async within(work: Promise<unknown>, extPaths: string[], graceMs = this.graceMs, signal?: AbortSignal): Promise<boolean> {
    const settled = work.then(() => "settled" as const);
    for (;;) {
      if (signal?.aborted) return false;
      const started = extPaths.map((e) => this.running.get(e)?.since ?? Date.now());
      const wait = Math.max(0, Math.min(Date.now(), ...started) + graceMs - Date.now());
      let timer: ReturnType<typeof setTimeout> | undefined;
      let onAbort: (() => void) | undefined;
      const outcome = await Promise.race([
        settled,
        new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), wait))),
        new Promise<"aborted">((resolve) => {
          onAbort = () => resolve("aborted");
          signal?.addEventListener("abort", onAbort, { once: true });
        }),
      ]);
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener("abort", onAbort);
      if (outcome !== "late") return outcome === "settled";
      const overdue = [...new Set(extPaths)].filter((e) => {
        const running = this.running.get(e);
        return running !== undefined && Date.now() - running.since >= graceMs;
      });
      for (const extPath of overdue) this.giveUp(extPath, graceMs);
      // Also when none of them runs anything: what is waited for sits behind a queue given up on.
      if (overdue.length > 0 || !extPaths.some((e) => this.running.has(e))) return false;
    }
  }

  /** Stops waiting for an extension's running delivery: reported once, its queue starts afresh. */
  private giveUp(extPath: string, graceMs: number): void {
    const running = this.running.get(extPath);
    if (!running) return;
    this.running.delete(extPath);
    this.generations.set(extPath, running.generation + 1);
    this.queues.set(extPath, Promise.resolve());
    try {
      this.onUnfinished(extPath, running.label, graceMs);
    } catch {
      // A failing reporter must not take dispatch down with it.
    }
  }

  /** Runs one handler call with the extension's Context; never throws. */
  private async invoke(extPath: string, call: Call): Promise<Outcome> {
    try {
      return { ok: true, value: await this.inHandlerOf.run(extPath, () => call(this.contextFor(extPath))) };
    } catch (error) {
      return { ok: false, error };
    }
  }

  private report(extPath: string, event: string, error: unknown): void {
    try {
      this.onHandlerError(extPath, event, error);
    } catch {
      // A failing reporter must not take dispatch down with it.
    }
  }
}

/**
 * One line for a handler error, naming the extension file and, when the stack shows it, the line in
 * the extension that threw: "/home/u/ext/guard.ts:12:11: tool_call handler failed: boom".
 */
export function formatHandlerError(extPath: string, event: string, error: unknown): string {
  const located = toLoadError(extPath, error);
  return formatLoadError({ ...located, message: `${event} handler failed: ${located.message}` });
}

/**
 * A copy of an event for one handler: the object and its arrays (messages, tool names) are new, so a
 * handler that mutates what it was given changes neither the emitter's data nor what others see.
 */
function copyEvent<T>(event: T): T {
  const out: Record<string, unknown> = { ...(event as Record<string, unknown>) };
  for (const [k, v] of Object.entries(out)) {
    if (Array.isArray(v)) out[k] = v.map((x) => (typeof x === "object" && x !== null && !Array.isArray(x) ? { ...x } : x));
  }
  return out as T;
}
