/**
 * YAML front matter of the markdown resource files (skills, prompt templates, named agents): a block
 * that opens with a `---` line as the file's first line and closes with the next `---` line. Without
 * an opening line, or without a closing one, the whole file is the body and there are no fields.
 */
import { FileParseError, parseYaml } from "../config/parse-file.ts";

export interface Frontmatter {
  /** The parsed mapping; {} when the file has no front matter. */
  data: Record<string, unknown>;
  /** Everything after the closing line. */
  body: string;
}

const OPEN = /^\uFEFF?---[ \t]*\r?\n/;
const CLOSE = /^---[ \t]*(?:\r?\n|$)/m;

/**
 * Splits a file into front matter and body. Throws FileParseError (`path:line:column: invalid front
 * matter: …`, the line counted in the whole file) on invalid front matter.
 */
export function parseFrontmatter(text: string, path: string): Frontmatter {
  const open = OPEN.exec(text);
  if (!open) return { data: {}, body: text.replace(/^\uFEFF/, "") };
  const rest = text.slice(open[0].length);
  const close = CLOSE.exec(rest);
  if (!close) return { data: {}, body: text.replace(/^\uFEFF/, "") };
  const yaml = rest.slice(0, close.index);
  const opts = { what: "front matter", firstLine: 2 };
  let data = yaml.trim() === "" ? {} : parseYaml(yaml, path, opts).value;
  if (data === null || data === undefined) data = {};
  if (typeof data !== "object" || Array.isArray(data)) throw new FileParseError(path, 2, 1, "it must be a mapping of `key: value` lines", opts.what);
  return { data: data as Record<string, unknown>, body: rest.slice(close.index + close[0].length) };
}

/** A field as text: strings as they are, numbers and booleans written out, anything else undefined. */
export function textField(data: Record<string, unknown>, key: string): string | undefined {
  const v = data[key];
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return undefined;
}

/** A list field: a YAML list, or one string of items separated by commas (or spaces when there is no comma). */
export function listField(data: Record<string, unknown>, key: string): string[] | undefined {
  const v = data[key];
  if (Array.isArray(v)) return v.map((x) => String(x).trim()).filter((x) => x !== "");
  if (typeof v !== "string") return undefined;
  const parts = v.includes(",") ? v.split(",") : v.split(/\s+/);
  return parts.map((x) => x.trim()).filter((x) => x !== "");
}

/** A boolean field: true/false, or the strings "true"/"yes"/"false"/"no". */
export function boolField(data: Record<string, unknown>, key: string): boolean | undefined {
  const v = data[key];
  if (typeof v === "boolean") return v;
  if (typeof v === "string" && /^(true|yes|false|no)$/i.test(v.trim())) return /^(true|yes)$/i.test(v.trim());
  return undefined;
}

/** A number field: a YAML number or a numeric string; undefined otherwise. */
export function numberField(data: Record<string, unknown>, key: string): number | undefined {
  const v = data[key];
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
}
