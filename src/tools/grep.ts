import * as fs from "node:fs/promises";
import { optionalBool, optionalInt, optionalString, requiredString } from "./args.ts";
import { looksBinary } from "./file-kind.ts";
import { globFilter } from "./glob-filter.ts";
import { MatchScanner } from "./match-scan.ts";
import { displayPath, resolvePath } from "./paths.ts";
import { TextFile } from "./text-file.ts";
import { LIMITS_TEXT, MAX_BYTES, MAX_LINES, cutLine, truncateHead } from "./truncate.ts";
import type { Tool, ToolOptions } from "./types.ts";
import { walkFiles } from "./walk.ts";

const DEFAULT_LIMIT = 100;
/**
 * How much of one line is searched. Longer lines (a minified bundle, a file without newlines) are
 * searched in their first million characters, so one line cannot take unbounded memory.
 */
const MAX_SEARCHED_LINE_CHARS = 1_000_000;

export function createGrepTool(opts: ToolOptions): Tool {
  return {
    name: "grep",
    description:
      "Search file contents with a regular expression (JavaScript syntax). Lines come back as path:line: text " +
      "(context lines as path-line- text). Skips .gitignored files, .git, node_modules, binary files and " +
      "anything not a regular file; a line is searched in its first 1,000,000 characters.",
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

      const search = new Search(regex, limit, Math.min(context, MAX_LINES));
      const scanner = new MatchScanner(regex, MAX_SEARCHED_LINE_CHARS, ctx.signal);
      for await (const path of files) {
        if (!wanted(path)) continue;
        const named = path === root;
        if (!named && context === 0) {
          let shown: string | undefined; // only for a file with a match
          search.startFile();
          await scanner.forEachMatch(path, (n, line) => search.match((shown ??= displayPath(path, opts.cwd)), n, line));
          if (search.done) break;
          continue;
        }
        // Most files of a tree hold no match: a pass over their bytes rules them out cheaply.
        if (!named && (await scanner.scanFile(path)) !== "match") continue;
        const file = await TextFile.open(path, input, "grep searches regular files only.").catch((err: unknown) => {
          if (named) throw err;
          return undefined; // unreadable, or gone since the walk listed it
        });
        if (!file) continue;
        try {
          if (looksBinary(file.head)) {
            if (named) throw new Error(`${input} is a binary file; grep searches text files only.`);
            continue;
          }
          await search.searchFile(file, displayPath(path, opts.cwd));
        } finally {
          await file.close();
        }
        if (search.done) break;
      }
      const { out, matches, moreMatches } = search;
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

/**
 * The search over files as their lines stream: matching lines with their context, overlapping context
 * merged, separate groups split by "--". Memory stays bounded: at most `context` lines are held back
 * before a match, and the output stops growing once it is past what can be shown.
 */
class Search {
  readonly out: string[] = [];
  private outBytes = 0;
  /** The line of the last match() in the current file; 0 before the first. */
  private lastMatch = 0;
  matches = 0;
  moreMatches = false;

  constructor(
    private readonly regex: RegExp,
    private readonly limit: number,
    private readonly context: number,
  ) {}

  /** Nothing further can change the result: the output is full, or the limit was passed. */
  get done(): boolean {
    return this.full || this.moreMatches;
  }

  private get full(): boolean {
    return this.out.length > MAX_LINES || this.outBytes > MAX_BYTES;
  }

  /** Starts a file for match(). */
  startFile(): void {
    this.lastMatch = 0;
  }

  /**
   * One matching line of a search without context, files and lines in order: what searchFile would
   * print for it. Returns whether the search goes on.
   */
  match(shown: string, n: number, line: string): boolean {
    if (this.matches === this.limit) this.moreMatches = true;
    if (this.done) return false;
    if (this.lastMatch > 0 && n > this.lastMatch + 1) this.push("--");
    this.push(`${shown}:${n}: ${cutLine(line)}`);
    this.matches++;
    this.lastMatch = n;
    return !this.full;
  }

  async searchFile(file: TextFile, shown: string): Promise<void> {
    const before: string[] = [];
    let afterLeft = 0;
    let printedUpTo = 0;
    let n = 0;
    for await (const line of file.lines(MAX_SEARCHED_LINE_CHARS)) {
      n++;
      const hit = this.regex.test(line);
      if (hit && this.matches === this.limit) this.moreMatches = true;
      if (hit && !this.moreMatches) {
        const from = n - before.length;
        if (printedUpTo > 0 ? from > printedUpTo + 1 : this.context > 0 && this.out.length > 0) this.push("--");
        before.forEach((text, i) => this.push(`${shown}-${from + i}- ${text}`));
        before.length = 0;
        this.push(`${shown}:${n}: ${cutLine(line)}`);
        this.matches++;
        printedUpTo = n;
        afterLeft = this.context;
      } else if (afterLeft > 0) {
        this.push(`${shown}-${n}- ${cutLine(line)}`);
        printedUpTo = n;
        afterLeft--;
      } else if (this.context > 0) {
        // Only lines after the last one printed, and only as many as a match would show.
        before.push(cutLine(line));
        if (before.length > this.context) before.shift();
      }
      if (this.full || (this.moreMatches && afterLeft === 0)) return;
    }
  }

  private push(line: string): void {
    if (this.full) return;
    this.out.push(line);
    this.outBytes += Buffer.byteLength(line) + 1;
  }
}
