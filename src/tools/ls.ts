import { readdirSync, statSync } from "node:fs";
import * as fs from "node:fs/promises";
import * as path from "node:path";
import { optionalInt, optionalString } from "./args.ts";
import { resolvePath } from "./paths.ts";
import { LIMITS_TEXT, truncateHead } from "./truncate.ts";
import type { Tool, ToolOptions } from "./types.ts";

const DEFAULT_LIMIT = 500;

/**
 * ls lists what is in one directory, all of it: dotfiles, .gitignored files, .git and node_modules
 * included. It is how the model checks what is really there (did the build write dist/?), so
 * unlike grep and find it hides nothing; it is one level deep, so that costs little.
 */
export function createLsTool(opts: ToolOptions): Tool {
  return {
    name: "ls",
    description: "List a directory (one level, dotfiles and ignored files included). Directories end with /.",
    parameters: {
      type: "object",
      properties: {
        path: { type: "string", description: "Directory to list; default the working directory" },
        limit: { type: "integer", minimum: 1, description: `Maximum number of entries; default ${DEFAULT_LIMIT}` },
      },
    },
    kind: "read",
    readOnly: true,
    async execute(args) {
      const input = optionalString(args, "path") ?? ".";
      const limit = optionalInt(args, "limit", 1) ?? DEFAULT_LIMIT;
      const dir = resolvePath(input, opts.cwd);
      const stat = await fs.stat(dir).catch(() => undefined);
      if (!stat) throw new Error(`Path not found: ${input}. Check the path; ls the parent directory to see what is there.`);
      if (!stat.isDirectory()) throw new Error(`${input} is a file, not a directory. Use read to see its content.`);

      // Synchronous calls and the built-in sort: on a directory of 100,000 entries the promise-based
      // readdir, a promise per entry and a sort comparator in JavaScript each cost more than the listing.
      const entries = readdirSync(dir, { withFileTypes: true });
      if (entries.length === 0) return { content: "(empty directory)" };
      const names = entries.map((entry) => {
        // A symbolic link to a directory is listed as a directory, since that is how it is used.
        const isDir = entry.isDirectory() || (entry.isSymbolicLink() && linksToDirectory(path.join(dir, entry.name)));
        return isDir ? `${entry.name}/` : entry.name;
      });
      names.sort(); // by UTF-16 code units, as before

      const head = truncateHead(names.slice(0, limit));
      let text = head.text;
      if (head.truncated) {
        text += `\n\n[Output truncated at ${LIMITS_TEXT}: showing ${head.keptLines} of ${names.length} entries. Use find with a pattern to narrow it down.]`;
      } else if (names.length > limit) {
        text += `\n\n[Showing ${limit} of ${names.length} entries. Raise limit to see more.]`;
      }
      return { content: text };
    },
  };
}

/** False for a link that is dangling or loops (stat fails with ENOENT or ELOOP). */
function linksToDirectory(abs: string): boolean {
  try {
    return statSync(abs).isDirectory();
  } catch {
    return false;
  }
}
