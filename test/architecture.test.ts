/**
 * The layering of ../shared/DESIGN.md ("Layers"), checked over the imports of src/: no import cycle
 * between files, and no import from a folder to a layer above it. Type-only imports count too: a type
 * import against the layers is still a dependency a reader has to follow.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

const SRC = resolve(import.meta.dir, "../src");

/**
 * The layers of DESIGN.md, top to bottom; a layer may import any layer in a row below its own.
 * `main` is src/main.ts (the entry); `base` is the loose files at the root of src/ (errors,
 * did-you-mean, process-exit), which any layer may use.
 */
const ROWS: readonly (readonly string[])[] = [
  ["main"],
  ["cli"],
  ["modes"],
  ["app"],
  ["extensions", "install", "mcp", "resources", "release", "github"],
  ["agent", "tools", "session", "llm"],
  ["ui", "config"],
  ["base"],
];

/** Imports between layers of the same row, the only ones allowed. */
const SIDEWAYS: Record<string, readonly string[]> = {
  extensions: ["resources"], // the skills and prompt templates extensions add
  install: ["extensions"], // an installed package's extensions are found by the loader's discovery rules
  github: ["release"], // the workflow installs kit from the releases' install script
  agent: ["llm", "tools"], // the provider stream; the Tool interface (tools/types.ts) the loop runs
  tools: ["llm"], // tool schemas and results are provider-neutral llm types
  session: ["llm"], // sessions store llm messages
  ui: ["config"],
};

/** Lower layers a layer must still not import (DESIGN.md: "agent/ knows no files, UI or sessions"). */
const NEVER: Record<string, readonly string[]> = {
  agent: ["session", "ui", "config"],
};

/** Files a mode must reach through app/ rather than import (DESIGN.md: "modes go through app/", issue #18). */
const APP_OWNED = ["session/store.ts", "tools/bash.ts", "tools/walk.ts"];

function mayImport(from: string, to: string): boolean {
  if (from === to) return true;
  if (NEVER[from]?.includes(to)) return false;
  const rowOf = (layer: string) => ROWS.findIndex((row) => row.includes(layer));
  return rowOf(to) > rowOf(from) || (rowOf(to) === rowOf(from) && (SIDEWAYS[from]?.includes(to) ?? false));
}

/** Bare specifiers that name files of src/ (served by kit-modules.ts, typed by kit-ext.d.ts). */
const KIT_SPECIFIERS: Record<string, string> = {
  "kit/ext": "extensions/kit-ext.d.ts",
  "kit/test": "extensions/harness/index.ts",
};

interface ImportEdge {
  from: string;
  to: string;
  /**
   * A dynamic `import("…")` or a `require("…")` in a function: it counts for layers, but not for cycles: it loads only when it runs, after
   * both files have loaded, so it cannot meet a half-initialised module (it is how a cycle is broken).
   */
  dynamic: boolean;
}

const IMPORT_PATTERNS: { re: RegExp; dynamic: boolean }[] = [
  // import x from "…", import type { X } from "…", export { x } from "…", export * from "…" (possibly over several lines)
  { re: /(?:^|[\n;])\s*(?:import|export)\s+(?:type\s+)?[^'"`;]*?\s+from\s+["']([^"']+)["']/g, dynamic: false },
  // import "…" (for effect)
  { re: /(?:^|[\n;])\s*import\s+["']([^"']+)["']/g, dynamic: false },
  // import("…"), including `typeof import("…")` in types, and require("…"): both load when they run
  { re: /\b(?:import|require)\(\s*["']([^"']+)["']\s*\)/g, dynamic: true },
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(e.name) ? [path] : [];
  });
}

/** Strips comments so an import written in a doc comment is not taken for one. */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
}

function importsOf(file: string): ImportEdge[] {
  const text = withoutComments(readFileSync(file, "utf8"));
  const edges: ImportEdge[] = [];
  for (const { re, dynamic } of IMPORT_PATTERNS) {
    for (const m of text.matchAll(re)) {
      const spec = m[1]!;
      const to = KIT_SPECIFIERS[spec] ?? (spec.startsWith(".") ? rel(resolve(dirname(file), spec)) : undefined);
      // Packages (node:, bun, npm) and files outside src/ (package.json, the theme files) are not layers.
      if (to === undefined || to.startsWith("../")) continue;
      if (to === rel(file)) continue; // kit-ext.d.ts declares "kit/test" in terms of "kit/ext", itself
      edges.push({ from: rel(file), to, dynamic });
    }
  }
  return edges;
}

const rel = (abs: string) => relative(SRC, abs).split("\\").join("/");

/** The layer of a path under src/: its first folder, or main / base for the loose files at the root. */
function layerOf(path: string): string {
  const slash = path.indexOf("/");
  if (slash === -1) return path === "main.ts" ? "main" : "base";
  return path.slice(0, slash);
}

/** Import cycles between files (strongly connected components of more than one file, or a file importing itself). */
function cycles(edges: ImportEdge[]): string[][] {
  const next = new Map<string, string[]>();
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to]);
  // Tarjan's algorithm, iterative so a deep graph does not overflow the stack.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  for (const root of next.keys()) {
    if (index.has(root)) continue;
    const work: { node: string; i: number }[] = [{ node: root, i: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work.at(-1)!;
      const targets = next.get(frame.node) ?? [];
      if (frame.i < targets.length) {
        const to = targets[frame.i++]!;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, i: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work.at(-1)!.node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        if (component.length > 1 || targets.includes(frame.node)) found.push(component.sort());
      }
    }
  }
  return found;
}

/** Files reachable from `entry` through static imports only (what loads when the entry loads). */
function staticallyLoaded(edges: ImportEdge[], entry: string): Set<string> {
  const seen = new Set<string>([entry]);
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    for (const e of edges) {
      if (e.from === file && !e.dynamic && !seen.has(e.to)) {
        seen.add(e.to);
        queue.push(e.to);
      }
    }
  }
  return seen;
}

const EDGES = sourceFiles(SRC).flatMap(importsOf);

describe("architecture (DESIGN.md layers)", () => {
  test("the import scan sees the imports it should (a guard against a regex that matches nothing)", () => {
    expect(EDGES.filter((e) => !e.dynamic).length).toBeGreaterThan(500);
    expect(EDGES).toContainEqual({ from: "main.ts", to: "cli/main.ts", dynamic: true });
    for (const e of EDGES) expect(ROWS.flat()).toContain(layerOf(e.from));
  });

  test("no import cycle between files of src/", () => {
    const open = cycles(EDGES.filter((e) => !e.dynamic)).map((c) => c.join(" ⇄ "));
    expect(open).toEqual([]);
  });

  test("no import against the layers (arrows point down only)", () => {
    const against = EDGES.filter((e) => !mayImport(layerOf(e.from), layerOf(e.to)) || (layerOf(e.from) === "modes" && APP_OWNED.includes(e.to)));
    const upward = [...new Set(against.map((e) => `${e.from} -> ${e.to}`))].sort();
    expect(upward).toEqual([]);
  });

  test("loading extensions does not load the kit/test harness (it loads when something imports kit/test)", () => {
    const loaded = [...staticallyLoaded(EDGES, "extensions/loader.ts")];
    expect(loaded).toContain("extensions/kit-modules.ts");
    expect(loaded.filter((f) => f.startsWith("extensions/harness/"))).toEqual([]);
  });
});
