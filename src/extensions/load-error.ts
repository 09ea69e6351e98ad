/**
 * Turns whatever went wrong while loading an extension into a LoadError naming the file, and the line
 * and column where Bun gives them. What Bun throws (checked with Bun 1.4):
 * - a syntax error while importing: a `BuildMessage` whose `position` has `file`, `line` and `column`
 *   (1-based; the top-level `line`/`column` are 0-based), also when the error is in a helper file;
 * - a failed `Bun.build` (hot reload): an AggregateError whose `errors` are such BuildMessages;
 * - an import that does not resolve: a `ResolveMessage` with `specifier` and `referrer` but no position;
 * - an error thrown by the extension's code: an Error whose stack frames name the file, line and column
 *   (source-mapped back to the original files for hot-reload bundles).
 */
import { readFileSync } from "node:fs";
import { dirname, sep } from "node:path";

export interface LoadError {
  /** The extension: its entry file, or the path as given when it could not be found. */
  path: string;
  /** The file `line` and `column` refer to, when it is not the entry itself (e.g. a helper file). */
  file?: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
  message: string;
}

/** "file:line:column: message", naming the extension too when the error is in another of its files. */
export function formatLoadError(e: LoadError): string {
  const where = e.file ?? e.path;
  const pos = e.line === undefined ? "" : `:${e.line}${e.column === undefined ? "" : `:${e.column}`}`;
  const owner = e.file !== undefined && e.file !== e.path ? ` (extension ${e.path})` : "";
  return `${where}${pos}: ${e.message}${owner}`;
}

/** A LoadError for `extPath` from anything thrown while importing or initialising it. */
export function toLoadError(extPath: string, err: unknown): LoadError {
  if (err instanceof AggregateError && err.errors.length > 0) {
    const first = err.errors.find((x) => positionOf(x) !== undefined) ?? err.errors[0];
    const more = err.errors.length > 1 ? ` (and ${err.errors.length - 1} more)` : "";
    const e = toLoadError(extPath, first);
    return { ...e, message: e.message + more };
  }
  const build = positionOf(err);
  if (build) return located(extPath, build.file, build.line, build.column, messageOf(err));
  if (isResolveMessage(err)) {
    const at = findSpecifier(err.referrer, err.specifier);
    return located(extPath, err.referrer || undefined, at?.line, at?.column, messageOf(err));
  }
  if (err instanceof Error) {
    const frame = ownFrame(extPath, err);
    return located(extPath, frame?.file, frame?.line, frame?.column, messageOf(err));
  }
  return { path: extPath, message: messageOf(err) };
}

function located(extPath: string, file: string | undefined, line: number | undefined, column: number | undefined, message: string): LoadError {
  const e: LoadError = { path: extPath, message };
  if (file && file !== extPath) e.file = file;
  if (line !== undefined && line > 0) {
    e.line = line;
    if (column !== undefined && column > 0) e.column = column;
  }
  return e;
}

function messageOf(err: unknown): string {
  if (err instanceof Error) {
    const generic = err.name === "Error" || err.name === "BuildMessage" || err.name === "ResolveMessage";
    return generic ? err.message : `${err.name}: ${err.message}`;
  }
  return typeof err === "string" ? err : `non-error thrown: ${safeString(err)}`;
}

function safeString(x: unknown): string {
  try {
    return JSON.stringify(x) ?? String(x);
  } catch {
    return String(x);
  }
}

function positionOf(err: unknown): { file: string; line: number; column: number } | undefined {
  const p = (err as { position?: { file?: unknown; line?: unknown; column?: unknown } } | null)?.position;
  if (!p || typeof p.file !== "string" || typeof p.line !== "number") return undefined;
  return { file: p.file, line: p.line, column: typeof p.column === "number" ? p.column : 0 };
}

function isResolveMessage(err: unknown): err is Error & { specifier: string; referrer: string } {
  const e = err as { name?: unknown; specifier?: unknown; referrer?: unknown } | null;
  return e?.name === "ResolveMessage" && typeof e.specifier === "string" && typeof e.referrer === "string";
}

/** Where an import specifier is written in `file` (its first quoted occurrence). */
function findSpecifier(file: string, specifier: string): { line: number; column: number } | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    for (const q of [`"${specifier}"`, `'${specifier}'`, `\`${specifier}\``]) {
      const at = lines[i]!.indexOf(q);
      if (at >= 0) return { line: i + 1, column: at + 1 };
    }
  }
  return undefined;
}

const FRAME = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?\s*$/;

/** The frames of a stack trace that name a file, innermost first ("at fn (/x/ext.ts:3:9)" → /x/ext.ts, 3, 9). */
export function stackFrames(stack: string): { file: string; line: number; column: number }[] {
  return stack.split("\n").flatMap((line) => {
    const m = FRAME.exec(line);
    if (!m) return [];
    const file = m[1]!.startsWith("file://") ? decodeURIComponent(m[1]!.slice("file://".length)) : m[1]!;
    return [{ file, line: Number(m[2]), column: Number(m[3]) }];
  });
}

/**
 * The first stack frame inside the extension's own directory (outside node_modules): the line of the
 * extension that threw, or that made the call kit refused (an unknown event name at registration).
 */
function ownFrame(extPath: string, err: Error): { file: string; line: number; column: number } | undefined {
  const root = dirname(extPath) + sep;
  const frames = stackFrames(err.stack ?? "");
  const { sourceURL, line, column } = err as { sourceURL?: unknown; line?: unknown; column?: unknown };
  if (typeof sourceURL === "string" && typeof line === "number") {
    frames.push({ file: sourceURL, line, column: typeof column === "number" ? column : 0 });
  }
  const own = (f: { file: string }) => f.file.startsWith(root) && !f.file.includes(`${sep}node_modules${sep}`);
  return frames.find(own);
}
