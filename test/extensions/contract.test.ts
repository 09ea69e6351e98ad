import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { API_VERSION, EVENT_NAMES, isEventName, ON_METHODS } from "../../src/extensions/contract.ts";
import { KIT_EXT_DTS } from "../../src/extensions/contract-source.ts";
import { isResultEvent, RESULT_RULES } from "../../src/extensions/event-rules.ts";

const SRC = join(import.meta.dir, "../../src/extensions");
const dts = readFileSync(join(SRC, "kit-ext.d.ts"), "utf8");
/** The body of `declare module "kit/ext" { ... }`. */
const extModule = dts.slice(dts.indexOf('declare module "kit/ext"'), dts.indexOf('declare module "kit/test"'));

describe("the contract module", () => {
  test("the embedded text is the whole kit-ext.d.ts", () => {
    expect(KIT_EXT_DTS).toBe(dts);
    expect(KIT_EXT_DTS).toContain('declare module "kit/test"');
  });

  test("contract.ts re-exports every type the contract exports", () => {
    const exported = [...extModule.matchAll(/^ {2}export (?:interface|type) (\w+)/gm)].map((m) => m[1]!);
    expect(exported.length).toBeGreaterThan(40);
    const source = readFileSync(join(SRC, "contract.ts"), "utf8");
    const start = source.indexOf("export type {");
    const reexports = source.slice(start, source.indexOf('} from "kit/ext";', start));
    const names = new Set([...reexports.matchAll(/(\w+),/g)].map((m) => m[1]!));
    expect(exported.filter((n) => !names.has(n))).toEqual([]);
  });

  test("EVENT_NAMES lists the 37 events of the Events interface, in order", () => {
    const events = extModule.slice(extModule.indexOf("export interface Events {"), extModule.indexOf("export interface Results {"));
    const names = [...events.matchAll(/^ {4}(\w+): /gm)].map((m) => m[1]!);
    expect(names).toHaveLength(37);
    expect([...EVENT_NAMES] as string[]).toEqual(names);
    expect(isEventName("tool_call")).toBe(true);
    expect(isEventName("tool_calls")).toBe(false);
    expect(isEventName(42)).toBe(false);
  });

  test("result events are exactly those whose Results entry is not never", () => {
    const results = extModule.slice(extModule.indexOf("export interface Results {"), extModule.indexOf("export type ToolKind"));
    const withResult = [...results.matchAll(/^ {4}(\w+): (?!never;)/gm)].map((m) => m[1]!);
    expect(Object.keys(RESULT_RULES).sort()).toEqual(withResult.sort());
    expect(EVENT_NAMES.filter(isResultEvent).sort() as string[]).toEqual(withResult.sort());
  });

  test("every on* method named in the contract is mapped", () => {
    const methods = [...extModule.matchAll(/^ {4}(on[A-Z]\w+)\(h: Handler<"(\w+)">\): void;/gm)].map((m) => [m[1]!, m[2]!]);
    expect(methods).toHaveLength(37);
    expect(Object.entries(ON_METHODS).sort() as string[][]).toEqual(methods.sort());
    expect(API_VERSION).toBe(1);
    expect(extModule).toContain("export const API_VERSION: 1;");
  });
});
