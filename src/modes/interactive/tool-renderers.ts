/**
 * Extensions' tool renderers as the transcript draws with them, guarded: a renderHeader or
 * renderBody that throws gives the built-in rendering of that part (as "" does), and the failure is
 * reported once per extension, tool and part. The guarded copy is made once per registered definition.
 */
import type { ToolRenderConfig } from "kit/ext";
import type { Registered } from "../../extensions/registry.ts";

export class GuardedToolRenderers {
  private readonly guarded = new WeakMap<ToolRenderConfig, ToolRenderConfig>();
  private readonly failed = new Set<string>();

  constructor(
    /** The registered renderer of a tool, asked each time (a reload changes it). */
    private readonly lookup: (toolName: string) => Registered<ToolRenderConfig> | undefined,
    private readonly reportError: (message: string) => void,
  ) {}

  /** The guarded renderer of a tool; undefined when no extension renders it. */
  get(name: string): ToolRenderConfig | undefined {
    const found = this.lookup(name);
    if (!found) return undefined;
    const known = this.guarded.get(found.def);
    if (known) return known;
    const def = found.def;
    const guard = <A extends unknown[]>(part: string, fn: ((...args: A) => string) | undefined) =>
      fn &&
      ((...args: A): string => {
        try {
          return fn.apply(def, args);
        } catch (err) {
          const key = `${found.extPath}\0${name}\0${part}`;
          if (!this.failed.has(key)) {
            this.failed.add(key);
            // Reported after the frame being drawn.
            queueMicrotask(() => this.reportError(`the ${name} tool's ${part} renderer (${found.extPath}) failed; the built-in one is used: ${(err as Error).message}`));
          }
          return "";
        }
      });
    const guarded: ToolRenderConfig = { ...def };
    const header = guard("header", def.renderHeader);
    const body = guard("body", def.renderBody);
    if (header) guarded.renderHeader = header;
    if (body) guarded.renderBody = body;
    this.guarded.set(def, guarded);
    return guarded;
  }
}
