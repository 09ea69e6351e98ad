import * as fs from "node:fs/promises";
import { optionalInt, optionalString, requiredString } from "./args.ts";
import { globFilter } from "./glob-filter.ts";
import { displayPath, resolvePath } from "./paths.ts";
import { LIMITS_TEXT, truncateHead } from "./truncate.ts";
import type { Tool, ToolOptions } from "./types.ts";
import { walkFiles } from "./walk.ts";

const DEFAULT_LIMIT = 1000;

export function createFindTool(opts: ToolOptions): Tool {
  return {
    name: "find",
    description:
      'Find files by glob, e.g. "*.ts" (any depth) or "src/**/*.test.ts" (relative to path). Returns sorted paths; ' +
      "skips .gitignored files, .git and node_modules.",
    parameters: {
      type: "object",
      properties: {
        pattern: { type: "string", description: 'Glob; without "/" it matches file names at any depth' },
        path: { type: "string", description: "Directory to search; default the working directory" },
        limit: { type: "integer", minimum: 1, description: `Maximum number of results; default ${DEFAULT_LIMIT}` },
      },
      required: ["pattern"],
    },
    kind: "search",
    readOnly: true,
    async execute(args, ctx) {
      const pattern = requiredString(args, "pattern");
      const input = optionalString(args, "path") ?? ".";
      const limit = optionalInt(args, "limit", 1) ?? DEFAULT_LIMIT;
      const root = resolvePath(input, opts.cwd);
      const stat = await fs.stat(root).catch(() => undefined);
      if (!stat) throw new Error(`Path not found: ${input}. Check it with ls.`);
      if (!stat.isDirectory()) throw new Error(`${input} is a file, not a directory; give find a directory to search.`);

      const matches = globFilter(pattern, root);
      const found: string[] = [];
      for await (const file of walkFiles(root, opts.cwd, ctx.signal)) {
        if (matches(file)) found.push(displayPath(file, opts.cwd));
      }
      if (found.length === 0) return { content: `No files found matching ${pattern}` };
      found.sort();

      const head = truncateHead(found.slice(0, limit));
      let text = head.text;
      if (head.truncated) {
        text += `\n\n[Output truncated at ${LIMITS_TEXT}: showing ${head.keptLines} of ${found.length} files. Narrow the pattern or path to see the rest.]`;
      } else if (found.length > limit) {
        text += `\n\n[Showing ${limit} of ${found.length} files. Narrow the pattern or path, or raise limit, to see more.]`;
      }
      return { content: text };
    },
  };
}
