import type { Part } from "../llm/types.ts";

/**
 * The parts of a stored message that every reader can use (resume, export, listing, /tree), so a
 * line `kit sessions check` accepts never makes one of them throw. The file only promises that each
 * part has a string `type` (reader.ts, entryProblem); a part of a type this kit does not know (a newer
 * kit's, or hand-edited) or with fields of the wrong kind is left out of the entry, and a tool call
 * whose `input` is a JSON value rather than its JSON text gets that text. Each change is one note,
 * reported as a mended line. The file itself is never changed (only `--repair` rewrites it).
 */

type Obj = Record<string, unknown>;

const isStr = (v: unknown): v is string => typeof v === "string";

/** The parts as readers can use them, and why each change was made; null when every part is usable as it is. */
export function mendParts(content: readonly unknown[]): { content: Part[]; notes: string[] } | null {
  // Almost every message is fine: check without allocating first.
  if (content.every((p) => partProblem(p as Obj) === null)) return null;
  const kept: Part[] = [];
  const notes: string[] = [];
  content.forEach((raw, i) => {
    const part = raw as Obj;
    const problem = partProblem(part);
    if (problem === null) kept.push(part as unknown as Part);
    else if (problem === INPUT_NOT_TEXT) {
      kept.push({ ...part, input: JSON.stringify(part.input) ?? "" } as unknown as Part);
      notes.push(`part ${i + 1} (tool call ${String(part.name)}): input was a JSON value, not its text; read as its text`);
    } else notes.push(`part ${i + 1} ${problem}; not shown`);
  });
  return { content: kept, notes };
}

const INPUT_NOT_TEXT = "input not text";

function partProblem(p: Obj): string | null {
  if (typeof p !== "object" || p === null) return "is not an object";
  switch (p.type) {
    case "text":
      return isStr(p.text) ? null : "(text) has no text";
    case "reasoning":
      return isStr(p.text) ? null : "(reasoning) has no text";
    case "tool_call":
      if (!isStr(p.id) || !isStr(p.name)) return "(tool call) has no id or name";
      return isStr(p.input) ? null : INPUT_NOT_TEXT;
    case "tool_result":
      if (!isStr(p.toolCallId) || !isStr(p.name)) return "(tool result) has no toolCallId or name";
      if (isStr(p.content)) return null;
      return Array.isArray(p.content) && p.content.every(isBlock) ? null : "(tool result) has content that is neither text nor text and image blocks";
    case "image":
      return isStr(p.mediaType) && isStr(p.data) ? null : "(image) has no mediaType or data";
    default:
      return `has the unknown type ${JSON.stringify(p.type)} (written by a newer kit?)`;
  }
}

function isBlock(b: unknown): boolean {
  if (typeof b !== "object" || b === null) return false;
  const o = b as Obj;
  return o.type === "text" ? isStr(o.text) : o.type === "image" && isStr(o.mediaType) && isStr(o.data);
}
