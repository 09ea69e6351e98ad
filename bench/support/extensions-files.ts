/**
 * The extensions the Extensions area loads: `n` small TypeScript files in one directory, each with a
 * relative helper import, a tool, a command and two handlers. Helpers sit in lib/ (a folder without
 * an entry file), so discovery loads only the extensions themselves.
 *
 * The first one also registers /bench-reload N, which reloads every extension N times through
 * ctx.reloadExtensions (the path /reload and the file watcher take) and returns `{ reloads: [ms, …] }`
 * as JSON: reload timed inside the shipped binary, where a headless run prints a command's text.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const RELOAD_COMMAND = "bench-reload";

const reloadCommand = `
  kit.registerCommand({
    name: "${RELOAD_COMMAND}",
    description: "reload every extension N times; { reloads: [ms of each] } as JSON",
    execute: async (args, ctx) => {
      const ms: number[] = [];
      for (let i = 0; i < Number(args); i++) {
        const started = performance.now();
        await ctx.reloadExtensions();
        ms.push(performance.now() - started);
      }
      return JSON.stringify({ reloads: ms });
    },
  });`;

/** Writes `n` extensions into `<root>/ext-<n>` and returns that directory. */
export function writeExtensions(root: string, n: number): string {
  const dir = join(root, `ext-${n}`);
  mkdirSync(join(dir, "lib"), { recursive: true });
  for (let i = 0; i < n; i++) {
    writeFileSync(join(dir, "lib", `helper-${i}.ts`), `export const greeting = (name: string) => "hello " + name + " from ${i}";\n`);
    writeFileSync(
      join(dir, `ext-${String(i).padStart(2, "0")}.ts`),
      `import type { ExtensionAPI } from "kit/ext";
import { greeting } from "./lib/helper-${i}.ts";
export default function (kit: ExtensionAPI) {
  kit.registerTool({
    name: "tool_${i}",
    description: "bench tool ${i}",
    parameters: { type: "object", properties: { name: { type: "string" } } },
    execute: (args) => greeting(String(args.name ?? "x")),
  });
  kit.registerCommand({ name: "cmd-${i}", description: "bench command", execute: () => greeting("cmd") });
  kit.onInput((e) => (e.text === "never-${i}" ? { action: "handled" } : undefined));
  kit.onAgentEnd(() => {});${i === 0 ? reloadCommand : ""}
}
`,
    );
  }
  return dir;
}
