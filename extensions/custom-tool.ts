// Registers a `project_stats` tool the model can call: files and lines per file extension under a directory, with live progress, stopping when the turn is cancelled.
import { readdir, readFile } from "node:fs/promises";
import { extname, join, relative, resolve } from "node:path";
import type { ExtensionAPI, ToolContext } from "kit/ext";

const SKIPPED = new Set([".git", "node_modules", "dist", "build"]);
const CANCELLED = "project_stats was cancelled";

interface Stats {
  files: number;
  lines: number;
}

/**
 * Counts the files under `dir` into `byExt`. Cancellation is checked two ways, as a tool should:
 * `tc.isCancelled()` before each directory and file (cheap, between steps), and `tc.signal` handed to
 * the file reads, so a read in progress stops as soon as the user cancels the turn.
 */
async function walk(dir: string, byExt: Map<string, Stats>, tc: ToolContext, root: string): Promise<void> {
  if (tc.isCancelled()) throw new Error(CANCELLED);
  const entries = await readdir(dir, { withFileTypes: true });
  // A progress line is shown live under the tool call and delivered to extensions as tool_output.
  tc.onProgress(`scanning ${relative(root, dir) || "."} (${entries.length} entries)`);
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (tc.isCancelled()) throw new Error(CANCELLED);
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED.has(entry.name) && !entry.name.startsWith(".")) await walk(path, byExt, tc, root);
    } else if (entry.isFile()) {
      const text = await readFile(path, { encoding: "utf8", signal: tc.signal });
      const lines = text === "" ? 0 : text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
      const ext = extname(entry.name) || "(none)";
      const s = byExt.get(ext) ?? { files: 0, lines: 0 };
      s.files++;
      s.lines += lines;
      byExt.set(ext, s);
    }
  }
}

export default function projectStats(kit: ExtensionAPI) {
  kit.registerTool({
    name: "project_stats",
    description:
      "Counts files and lines per file extension under a directory of the project (skips .git, node_modules, dist, build and hidden entries). Use it to get a quick picture of a codebase's size.",
    parameters: {
      type: "object",
      properties: {
        path: { type: "string", description: "Directory to scan, relative to the project root. Default: the whole project." },
      },
      additionalProperties: false,
    },
    async execute(args: { path?: string }, tc) {
      const root = resolve(tc.ctx.cwd, args.path ?? ".");
      const byExt = new Map<string, Stats>();
      try {
        await walk(root, byExt, tc, root);
      } catch (err) {
        // An aborted read rejects with an AbortError: report it like any other cancellation. A thrown
        // error becomes an error result the model sees.
        if (tc.isCancelled() || tc.signal.aborted) throw new Error(CANCELLED);
        throw err;
      }
      const rows = [...byExt].sort((a, b) => b[1].lines - a[1].lines || a[0].localeCompare(b[0]));
      const total = rows.reduce((t, [, s]) => ({ files: t.files + s.files, lines: t.lines + s.lines }), { files: 0, lines: 0 });
      return {
        content: [
          `${relative(tc.ctx.cwd, root) || "."}: ${total.files} files, ${total.lines} lines`,
          ...rows.map(([ext, s]) => `${ext}\t${s.files} files\t${s.lines} lines`),
        ].join("\n"),
        details: Object.fromEntries(rows),
      };
    },
  });
}
