/**
 * The module `kit/test` (spec/kit-ext.d.ts): createHarness and the 22 assertions. kit-modules.ts
 * serves `kitTestRuntimeExports()` under that name, both when kit runs extensions and inside
 * `kit test` (through the preload bundle, preload.ts).
 */
import * as assertions from "./assertions.ts";
import { createHarness } from "./harness.ts";

export { createHarness, Harness, DEFAULT_HARNESS_MODEL, type HarnessOptions, type ToolRunResult } from "./harness.ts";
export { MockContext, CORE_TOOLS } from "./mock-context.ts";
export { EVENT_DEFAULTS, withDefaults } from "./event-defaults.ts";
export * from "./assertions.ts";

/** The 22 assertions of the contract, by name. */
export const ASSERTION_NAMES = [
  "assertBlocked",
  "assertNotBlocked",
  "assertInputHandled",
  "assertInputTransformed",
  "assertPrinted",
  "assertPrintedContains",
  "assertInfo",
  "assertError",
  "assertWidgetSet",
  "assertWidgetNotSet",
  "assertWidgetText",
  "assertWidgetTextContains",
  "assertHeaderSet",
  "assertFooterSet",
  "assertStatusSet",
  "assertStatusText",
  "assertHasHandlers",
  "assertNoHandlers",
  "assertToolRegistered",
  "assertCommandRegistered",
  "assertMessageSent",
  "assertCancelAndSend",
] as const satisfies readonly (keyof typeof assertions)[];

/** What `import ... from "kit/test"` yields at run time. */
export function kitTestRuntimeExports(): Record<string, unknown> {
  const exported: Record<string, unknown> = { createHarness };
  for (const name of ASSERTION_NAMES) exported[name] = assertions[name];
  return exported;
}
