/**
 * Serves `kit/ext` and `kit/test` as built-in modules, so an extension (or its tests, under
 * `kit test`) imports them with no package.json and no install. Bun's runtime plugin API provides this:
 * `build.module(specifier, factory)` defines a virtual module for `import`, `import()` and `require`,
 * in `bun run` and inside the compiled executable alike (test/extensions/compiled.test.ts checks the
 * latter). Type-only imports (`import type ... from "kit/ext"`) are erased by the transpiler.
 */
import { plugin } from "bun";
import { kitExtRuntimeExports } from "./contract.ts";

/** Specifiers kit serves itself; the hot-reload bundler leaves them external. */
export const KIT_MODULE_SPECIFIERS = ["kit/ext", "kit/test"] as const;

export type ModuleFactory = () => Record<string, unknown>;

/**
 * The harness (about 1.5k lines) is loaded only when something imports `kit/test`: under `kit test` and
 * in tests, never on a normal run that loads extensions. (It also imports the loader, which imports this
 * file, so a static import here would be a cycle.) A synchronous `require`, not `import()`, so the module
 * stays synchronous and `require("kit/test")` keeps working: Bun refuses to `require` an async module.
 */
const kitTestExports: ModuleFactory = () => (require("./harness/index.ts") as typeof import("./harness/index.ts")).kitTestRuntimeExports();

// Bun's plugin table is process-wide, so this record of what was handed to it is too. It only keeps
// repeated calls (every load, every test) from stacking identical plugins.
const registered = new Map<string, ModuleFactory>();

/**
 * Registers `kit/ext` and `kit/test`, plus any `extra` virtual modules (which may also replace them).
 * Idempotent; call it before the first extension is imported (a module, once imported, is cached).
 * A factory runs when its module is first imported: the exports of `kit/test` are made only when needed.
 */
export function registerKitModules(extra: Record<string, ModuleFactory> = {}): void {
  const wanted: Record<string, ModuleFactory> = { "kit/ext": kitExtRuntimeExports, "kit/test": kitTestExports, ...extra };
  const fresh = Object.entries(wanted).filter(([specifier, factory]) => registered.get(specifier) !== factory);
  if (fresh.length === 0) return;
  for (const [specifier, factory] of fresh) registered.set(specifier, factory);
  plugin({
    name: `kit modules (${fresh.map(([s]) => s).join(", ")})`,
    setup(build) {
      for (const [specifier, factory] of fresh) {
        build.module(specifier, () => ({ exports: factory(), loader: "object" }));
      }
    },
  });
}
