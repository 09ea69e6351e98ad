/**
 * The assertions of `kit/test`. Each throws an Error whose message names the assertion, says what was
 * expected and what happened instead ("assertBlocked: expected the tool call to be blocked with a
 * reason containing "Dangerous", but the result was {block: false}"). Text comparisons are exact
 * unless the name says Contains. Assertions on the harness add the handler errors the runner
 * reported, which are often why an expected effect is missing.
 */
import { EVENT_NAMES, isEventName, type EventName, type WidgetConfig } from "../contract.ts";
import { DEFAULT_TERMINAL_SIZE } from "./event-defaults.ts";
import type { MockContext } from "./mock-context.ts";

/** What the assertions need of a harness. */
export interface AssertableHarness {
  readonly context: MockContext;
  hasHandlers(event: EventName): boolean;
  tools(): string[];
  commands(): string[];
}

/** A compact, readable rendering of any value for messages: {block: true, reason: "x"}. */
export function show(value: unknown, depth = 0): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "function") return "a function";
  if (typeof value !== "object") return String(value);
  if (depth > 3) return Array.isArray(value) ? "[…]" : "{…}";
  if (Array.isArray(value)) return `[${value.map((v) => show(v, depth + 1)).join(", ")}]`;
  if (isThenable(value)) return "a Promise";
  const fields = Object.entries(value).map(([k, v]) => `${/^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k)}: ${show(v, depth + 1)}`);
  return `{${fields.join(", ")}}`;
}

function isThenable(value: unknown): boolean {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

function fail(assertion: string, message: string, h?: AssertableHarness): never {
  let text = `${assertion}: ${message}`;
  const handlerErrors = h?.context.handlerErrors ?? [];
  if (handlerErrors.length > 0) text += `\nExtension handler errors so far:\n  ${handlerErrors.join("\n  ")}`;
  throw new Error(text);
}

/** "but the result was …", with a hint for the two usual mistakes. */
function resultWas(result: unknown): string {
  if (isThenable(result)) return "but got a Promise: await the h.emit(...) call before asserting on its result";
  if (result === undefined) return "but the result was undefined (no handler returned a result)";
  return `but the result was ${show(result)}`;
}

function field(result: unknown, name: string): unknown {
  return typeof result === "object" && result !== null ? (result as Record<string, unknown>)[name] : undefined;
}

function listed(what: string, items: readonly string[]): string {
  return items.length === 0 ? `there were no ${what}` : `the ${what} were ${show(items)}`;
}

/** What a widget shows: its render output (which wins) at the default width, else its text. */
export function widgetText(cfg: WidgetConfig): string {
  const content = cfg.content ?? {};
  return typeof content.render === "function" ? String(content.render(DEFAULT_TERMINAL_SIZE.width)) : (content.text ?? "");
}

function uiHint(h: AssertableHarness): string {
  return h.context.interactive ? "" : " (this harness is not interactive, so UI calls are ignored as in a headless run; use createHarness({ interactive: true }))";
}

// ── results of h.emit ─────────────────────────────────────────────────────────────────────────────

export function assertBlocked(result: unknown, reasonContains?: string): void {
  const expected = `expected the tool call to be blocked${reasonContains !== undefined ? ` with a reason containing ${show(reasonContains)}` : ""}`;
  if (field(result, "block") !== true) fail("assertBlocked", `${expected}, ${resultWas(result)}`);
  const reason = String(field(result, "reason") ?? "");
  if (reasonContains !== undefined && !reason.includes(reasonContains)) {
    fail("assertBlocked", `${expected}, but it was blocked with the reason ${show(reason)}`);
  }
}

export function assertNotBlocked(result: unknown): void {
  if (isThenable(result)) fail("assertNotBlocked", `expected a tool_call result, ${resultWas(result)}`);
  if (result === undefined || field(result, "block") === false) return;
  if (field(result, "block") === true) {
    fail("assertNotBlocked", `expected the tool call not to be blocked, but it was blocked with the reason ${show(String(field(result, "reason") ?? ""))}`);
  }
  fail("assertNotBlocked", `expected a tool_call result ({block: false} or undefined), but got ${show(result)}`);
}

export function assertInputHandled(result: unknown): void {
  if (field(result, "action") !== "handled") fail("assertInputHandled", `expected the input to be handled ({action: "handled"}), ${resultWas(result)}`);
}

export function assertInputTransformed(result: unknown, text: string): void {
  if (field(result, "action") !== "transform" || field(result, "text") !== text) {
    fail("assertInputTransformed", `expected the input to be transformed to ${show(text)}, ${resultWas(result)}`);
  }
}

// ── output ────────────────────────────────────────────────────────────────────────────────────────

export function assertPrinted(h: AssertableHarness, text: string): void {
  const prints = h.context.prints;
  if (!prints.includes(text)) fail("assertPrinted", `expected ${show(text)} to be printed (ctx.print), but ${listed("prints", prints)}`, h);
}

export function assertPrintedContains(h: AssertableHarness, part: string): void {
  const prints = h.context.prints;
  if (!prints.some((p) => p.includes(part))) {
    fail("assertPrintedContains", `expected a print (ctx.print) containing ${show(part)}, but ${listed("prints", prints)}`, h);
  }
}

export function assertInfo(h: AssertableHarness, text: string): void {
  const infos = h.context.infos;
  if (!infos.includes(text)) fail("assertInfo", `expected the info message ${show(text)} (ctx.printInfo), but ${listed("info messages", infos)}`, h);
}

export function assertError(h: AssertableHarness, text: string): void {
  const errors = h.context.errors;
  if (!errors.includes(text)) fail("assertError", `expected the error message ${show(text)} (ctx.printError), but ${listed("error messages", errors)}`, h);
}

// ── chrome ────────────────────────────────────────────────────────────────────────────────────────

function widgetIds(h: AssertableHarness): string[] {
  return [...h.context.widgets.keys()];
}

function requireWidget(assertion: string, h: AssertableHarness, id: string, expectation: string): WidgetConfig {
  const widget = h.context.widgets.get(id);
  if (!widget) fail(assertion, `${expectation}, but no widget ${show(id)} is set; ${listed("widgets set", widgetIds(h))}${uiHint(h)}`, h);
  return widget;
}

export function assertWidgetSet(h: AssertableHarness, id: string): void {
  requireWidget("assertWidgetSet", h, id, `expected the widget ${show(id)} to be set`);
}

export function assertWidgetNotSet(h: AssertableHarness, id: string): void {
  const widget = h.context.widgets.get(id);
  if (widget) fail("assertWidgetNotSet", `expected no widget ${show(id)}, but it is set and shows ${show(widgetText(widget))}`, h);
}

export function assertWidgetText(h: AssertableHarness, id: string, text: string): void {
  const expectation = `expected the widget ${show(id)} to show ${show(text)}`;
  const shown = widgetText(requireWidget("assertWidgetText", h, id, expectation));
  if (shown !== text) fail("assertWidgetText", `${expectation}, but it shows ${show(shown)}`, h);
}

export function assertWidgetTextContains(h: AssertableHarness, id: string, part: string): void {
  const expectation = `expected the widget ${show(id)} to show a text containing ${show(part)}`;
  const shown = widgetText(requireWidget("assertWidgetTextContains", h, id, expectation));
  if (!shown.includes(part)) fail("assertWidgetTextContains", `${expectation}, but it shows ${show(shown)}`, h);
}

export function assertHeaderSet(h: AssertableHarness): void {
  if (!h.context.header) fail("assertHeaderSet", `expected a header to be set (ctx.setHeader), but none is set${uiHint(h)}`, h);
}

export function assertFooterSet(h: AssertableHarness): void {
  if (!h.context.footer) fail("assertFooterSet", `expected a footer to be set (ctx.setFooter), but none is set${uiHint(h)}`, h);
}

function requireStatus(assertion: string, h: AssertableHarness, key: string, expectation: string): { text: string; priority: number } {
  const status = h.context.statuses.get(key);
  if (!status) fail(assertion, `${expectation}, but no status ${show(key)} is set; ${listed("statuses set", [...h.context.statuses.keys()])}${uiHint(h)}`, h);
  return status;
}

export function assertStatusSet(h: AssertableHarness, key: string): void {
  requireStatus("assertStatusSet", h, key, `expected the status ${show(key)} to be set`);
}

export function assertStatusText(h: AssertableHarness, key: string, text: string): void {
  const expectation = `expected the status ${show(key)} to show ${show(text)}`;
  const status = requireStatus("assertStatusText", h, key, expectation);
  if (status.text !== text) fail("assertStatusText", `${expectation}, but it shows ${show(status.text)}`, h);
}

// ── registrations ─────────────────────────────────────────────────────────────────────────────────

function checkEvent(assertion: string, event: unknown): asserts event is EventName {
  if (!isEventName(event)) fail(assertion, `${show(event)} is not an event; events are: ${EVENT_NAMES.join(", ")}`);
}

function eventsWithHandlers(h: AssertableHarness): string[] {
  return EVENT_NAMES.filter((e) => h.hasHandlers(e));
}

export function assertHasHandlers(h: AssertableHarness, event: EventName): void {
  checkEvent("assertHasHandlers", event);
  if (!h.hasHandlers(event)) {
    fail("assertHasHandlers", `expected handlers for ${show(event)}, but none are registered; ${listed("events with handlers", eventsWithHandlers(h))}`, h);
  }
}

export function assertNoHandlers(h: AssertableHarness, event: EventName): void {
  checkEvent("assertNoHandlers", event);
  if (h.hasHandlers(event)) fail("assertNoHandlers", `expected no handlers for ${show(event)}, but the extension registered some`, h);
}

export function assertToolRegistered(h: AssertableHarness, name: string): void {
  const tools = h.tools();
  if (!tools.includes(name)) fail("assertToolRegistered", `expected the tool ${show(name)} to be registered, but ${listed("registered tools", tools)}`, h);
}

export function assertCommandRegistered(h: AssertableHarness, name: string): void {
  const commands = h.commands();
  const bare = String(name).replace(/^\//, "");
  if (!commands.includes(bare)) {
    fail("assertCommandRegistered", `expected the command ${show(bare)} to be registered, but ${listed("registered commands", commands)}`, h);
  }
}

// ── conversation ──────────────────────────────────────────────────────────────────────────────────

export function assertMessageSent(h: AssertableHarness, text: string): void {
  const sent = h.context.sentMessages;
  if (!sent.includes(text)) fail("assertMessageSent", `expected the message ${show(text)} to be sent (ctx.sendMessage), but ${listed("messages sent", sent)}`, h);
}

export function assertCancelAndSend(h: AssertableHarness, text: string): void {
  const sent = h.context.cancelAndSends;
  if (!sent.includes(text)) {
    fail("assertCancelAndSend", `expected ctx.cancelAndSend with ${show(text)}, but ${listed("cancelAndSend texts", sent)}`, h);
  }
}
