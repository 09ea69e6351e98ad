/**
 * The one way kit parses the YAML and JSON files it reads (config, preferences, themes, the front
 * matter of skills, agents and templates, the install manifest, model catalogues), so every one gets
 * the same limits and the same error: `path:line:column: invalid <what>: <problem>`, exit 2. Nothing
 * a file holds can escape as a stack trace: unresolved aliases, alias bombs and nesting too deep for
 * the parser are errors at the line they are on.
 */
import { isAlias, LineCounter, parseDocument, visit, type Document } from "yaml";
import { UsageError } from "../errors.ts";
import { jsonErrorOffset } from "./json-error-offset.ts";

/**
 * How many times aliases may be expanded, counting the aliases inside each expanded node (the yaml
 * package's measure). A hand-written file reuses an anchor a few times; a "billion laughs" file
 * needs thousands, and would otherwise take memory and time without bound.
 */
export const MAX_ALIAS_COUNT = 100;

/** A file that cannot be parsed. `line` and `column` count from 1. */
export class FileParseError extends UsageError {
  constructor(
    readonly path: string,
    readonly line: number,
    readonly column: number,
    readonly problem: string,
    /** What the file is, as the message says it: "config", "theme", "front matter", … */
    what: string,
    /** What to do about it, appended to the message. */
    hint = "",
  ) {
    super(`${path}:${line}:${column}: invalid ${what}: ${problem}${hint ? `. ${hint}` : ""}`);
    this.name = "FileParseError";
  }
}

export interface ParseOptions {
  /** What the file is, for the message ("config", "theme", …). */
  what: string;
  hint?: string;
  /** The file's line on which `text` starts (front matter starts on line 2). */
  firstLine?: number;
}

export interface ParsedYaml {
  doc: Document.Parsed;
  /** The document as plain data; undefined for an empty one. */
  value: unknown;
  /** The file's line of a character offset in the text. */
  lineOf(offset: number): number;
}

/** Parses YAML (and so JSON, which YAML contains); throws FileParseError. */
export function parseYaml(text: string, path: string, opts: ParseOptions): ParsedYaml {
  const lines = new LineCounter();
  const firstLine = opts.firstLine ?? 1;
  const fail = (offset: number, problem: string): never => {
    const at = lines.linePos(offset);
    throw new FileParseError(path, at.line + firstLine - 1, at.col, problem, opts.what, opts.hint);
  };
  let doc: Document.Parsed;
  try {
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  } catch (err) {
    return fail(0, describe(err));
  }
  const error = doc.errors[0];
  if (error) fail(error.pos[0], error.message.split("\n")[0]!);
  const alias = badAlias(doc);
  if (alias) fail(alias.offset, alias.problem);
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    if (/alias count/i.test((err as Error).message)) {
      fail(firstAliasOffset(doc), `its aliases expand to too much data (more than ${MAX_ALIAS_COUNT} expansions); write the values out instead`);
    }
    fail(0, describe(err));
  }
  return { doc, value, lineOf: (offset) => lines.linePos(offset).line + firstLine - 1 };
}

/** Parses JSON; throws FileParseError at the line and column where the text stops being JSON. */
export function parseJson(text: string, path: string, opts: ParseOptions): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const offset = Math.max(0, jsonErrorOffset(text));
    const before = text.slice(0, offset).split("\n");
    const problem = (err as Error).message.replace(/^JSON Parse error: /, "");
    throw new FileParseError(path, before.length + (opts.firstLine ?? 1) - 1, before.at(-1)!.length + 1, problem, opts.what, opts.hint);
  }
}

/**
 * An alias that toJS could not resolve: one naming no earlier anchor, or one inside the node its
 * anchor is on (a cycle no consumer could walk). One pass in document order, since an alias refers
 * to the last anchor of its name before it (yaml's own check walks the document once per alias).
 */
function badAlias(doc: Document.Parsed): { offset: number; problem: string } | undefined {
  const anchors = new Set<string>();
  let found: { offset: number; problem: string } | undefined;
  visit(doc, {
    Node(_key, node, path) {
      if (!isAlias(node)) {
        if (node.anchor) anchors.add(node.anchor);
        return undefined;
      }
      const name = node.source;
      const offset = node.range?.[0] ?? 0;
      if (!anchors.has(name)) found = { offset, problem: `the alias *${name} names no anchor (&${name}) before it` };
      else if (path.some((p) => (p as { anchor?: string }).anchor === name)) found = { offset, problem: `the alias *${name} refers to the node that contains it` };
      else return undefined;
      return visit.BREAK;
    },
  });
  return found;
}

function firstAliasOffset(doc: Document.Parsed): number {
  let offset = 0;
  visit(doc, {
    Node(_key, node) {
      if (!isAlias(node)) return undefined;
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

/** The parser's own failures: only running out of stack is expected (thousands of nested brackets). */
function describe(err: unknown): string {
  if (err instanceof RangeError) return "it is nested too deeply to read";
  return (err as Error)?.message?.split("\n")[0] ?? String(err);
}

/** An error about a file as one line that names it: a FileParseError already does. */
export function fileErrorMessage(path: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return err instanceof FileParseError ? message : `${path}: ${message}`;
}
