import * as fs from "node:fs/promises";
import { optionalBool, optionalInt, optionalString, requiredString } from "./args.ts";
import { looksBinary } from "./file-kind.ts";
import { globFilter } from "./glob-filter.ts";
import { displayPath, resolvePath } from "./paths.ts";
import { decodeText, splitLines } from "./text-lines.ts";
import { LIMITS_TEXT, cutLine, truncateHead } from "./truncate.ts";
import type { Tool, ToolOptions } from "./types.ts";
import { walkFiles } from "./walk.ts";

const DEFAULT_LIMIT = 100;

export function createGrepTool(opts: ToolOptions): Tool {
  return {
    name: "grep",
    description:
      "Search file contents with a regular expression (JavaScript syntax). Lines come back as path:line: text " +
      "(context lines as path-line- text). Skips .gitignored files, .git, node_modules and binary files.",
    parameters: {
      type: "object",
      properties: {
        pattern: { type: "string", description: "Regular expression, JavaScript syntax" },
        path: { type: "string", description: "File or directory to search; default the working directory" },
        glob: { type: "string", description: 'Only files matching this glob, e.g. "*.ts" or "src/**/*.test.ts"' },
        ignore_case: { type: "boolean", description: "Case-insensitive match" },
        context: { type: "integer", minimum: 0, description: "Lines to show before and after each match" },
        limit: { type: "integer", minimum: 1, description: `Maximum number of matching lines; default ${DEFAULT_LIMIT}` },
      },
      required: ["pattern"],
    },
    kind: "search",
    readOnly: true,
    async execute(args, ctx) {
      const pattern = requiredString(args, "pattern");
      const input = optionalString(args, "path") ?? ".";
      const glob = optionalString(args, "glob");
      const context = optionalInt(args, "context", 0) ?? 0;
      const limit = optionalInt(args, "limit", 1) ?? DEFAULT_LIMIT;
      let regex: RegExp;
      try {
        regex = new RegExp(pattern, optionalBool(args, "ignore_case") ? "i" : "");
      } catch (err) {
        throw new Error(
          `Invalid regular expression ${JSON.stringify(pattern)}: ${(err as Error).message}. ` +
            "Use JavaScript syntax; escape special characters such as ( [ . * + ? with a backslash to match them literally.",
        );
      }

      const root = resolvePath(input, opts.cwd);
      const stat = await fs.stat(root).catch(() => undefined);
      if (!stat) throw new Error(`Path not found: ${input}. Check it with ls or find.`);
      const wanted = glob ? globFilter(glob, root) : () => true;
      const files = stat.isDirectory() ? walkFiles(root, opts.cwd, ctx.signal) : single(root);

      const out: string[] = [];
      let matches = 0;
      let moreMatches = false;
      for await (const file of files) {
        if (!wanted(file)) continue;
        const bytes = await Bun.file(file).bytes().catch(() => undefined);
        if (!bytes) continue;
        if (looksBinary(bytes)) {
          if (file === root) throw new Error(`${input} is a binary file; grep searches text files only.`);
          continue;
        }
        const lines = splitLines(decodeText(bytes));
        const hits: number[] = [];
        for (let i = 0; i < lines.length; i++) {
          if (!regex.test(lines[i]!)) continue;
          if (matches + hits.length === limit) {
            moreMatches = true;
            break;
          }
          hits.push(i);
        }
        if (hits.length > 0) {
          if (context > 0 && out.length > 0) out.push("--");
          out.push(...renderHits(displayPath(file, opts.cwd), lines, hits, context));
          matches += hits.length;
        }
        if (moreMatches) break;
      }
      if (matches === 0) return { content: "No matches found" };

      const head = truncateHead(out);
      let text = head.text;
      if (head.truncated) {
        text += `\n\n[Output truncated at ${LIMITS_TEXT}. Narrow the pattern, path or glob to see the rest.]`;
      } else if (moreMatches) {
        text += `\n\n[Stopped at ${limit} matches; there are more. Narrow the pattern, path or glob, or raise limit.]`;
      }
      return { content: text };
    },
  };
}

async function* single(file: string): AsyncGenerator<string> {
  yield file;
}

/** Matching lines with their context, overlapping context merged, separate groups split by "--". */
function renderHits(shown: string, lines: string[], hits: number[], context: number): string[] {
  const out: string[] = [];
  const isHit = new Set(hits);
  let printedUpTo = -1;
  for (const hit of hits) {
    const from = Math.max(hit - context, printedUpTo + 1);
    if (printedUpTo >= 0 && from > printedUpTo + 1) out.push("--");
    const to = Math.min(lines.length - 1, hit + context);
    for (let i = from; i <= to; i++) {
      const text = cutLine(lines[i]!);
      out.push(isHit.has(i) ? `${shown}:${i + 1}: ${text}` : `${shown}-${i + 1}- ${text}`);
    }
    printedUpTo = Math.max(printedUpTo, to);
  }
  return out;
}
