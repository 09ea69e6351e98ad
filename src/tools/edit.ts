import * as fs from "node:fs/promises";
import { requiredString } from "./args.ts";
import { locateUnique } from "./edit-match.ts";
import { looksBinary } from "./file-kind.ts";
import { displayPath, resolvePath } from "./paths.ts";
import { MAX_EDIT_BYTES, MAX_EDIT_TEXT, TextFile } from "./text-file.ts";
import { formatBytes } from "./truncate.ts";
import type { Tool, ToolOptions, ToolOutput } from "./types.ts";

export interface Replacement {
  oldText: string;
  newText: string;
}

export interface EditDetails {
  /** Unified diff of the change, LF line endings. */
  diff: string;
  firstChangedLine: number | undefined;
}

export function createEditTool(opts: ToolOptions): Tool {
  return {
    name: "edit",
    description:
      "Replace text in a file. old_text must match exactly one place in the file, whitespace included. " +
      "For several changes to one file, pass edits: they are applied in order, and if any fails none is written. " +
      `Files over ${MAX_EDIT_TEXT} are refused (use bash for those).`,
    parameters: {
      type: "object",
      properties: {
        path: { type: "string", description: "File path, relative to the working directory or absolute" },
        old_text: { type: "string", description: "Exact text to replace; include enough lines to be unique" },
        new_text: { type: "string", description: "Replacement text" },
        edits: {
          type: "array",
          description: "Several replacements instead of old_text/new_text, applied in order",
          items: {
            type: "object",
            properties: { old_text: { type: "string" }, new_text: { type: "string" } },
            required: ["old_text", "new_text"],
          },
        },
      },
      required: ["path"],
    },
    kind: "edit",
    readOnly: false,
    async execute(args) {
      const input = requiredString(args, "path");
      const replacements = readReplacements(args);
      const abs = resolvePath(input, opts.cwd);
      const shown = displayPath(abs, opts.cwd);

      const stat = await fs.stat(abs).catch(() => undefined);
      if (!stat) throw new Error(`File not found: ${input}. To create a file, use write.`);
      if (stat.isDirectory()) throw new Error(`${input} is a directory, not a file.`);
      const bytes = await readForEdit(abs, input);
      if (looksBinary(bytes)) throw new Error(`${input} is a binary file; edit changes text files only.`);

      const raw = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
      const edited = applyReplacements(raw, replacements, input);
      await fs.writeFile(abs, edited.text);
      return editOutput(input, shown, edited, replacements.length);
    },
  };
}

/**
 * `raw` with the replacements applied in order, all or none. The work is done on LF text without
 * the BOM (`before`, `after`), so old_text written with "\n" matches a CRLF file; `text`, what to
 * write, has both restored so the edit changes only what was asked.
 */
export function applyReplacements(raw: string, replacements: readonly Replacement[], input: string): { before: string; after: string; text: string } {
  const bom = raw.startsWith("\uFEFF") ? "\uFEFF" : "";
  const body = raw.slice(bom.length);
  const crlf = isCrlf(body);
  const before = crlf ? body.replaceAll("\r\n", "\n") : body;

  let after = before;
  replacements.forEach((r, i) => {
    const oldText = crlf ? r.oldText.replaceAll("\r\n", "\n") : r.oldText;
    const newText = crlf ? r.newText.replaceAll("\r\n", "\n") : r.newText;
    let at: number;
    try {
      at = locateUnique(after, oldText, input);
    } catch (err) {
      if (replacements.length === 1) throw err;
      const n = replacements.length;
      throw new Error(`Edit ${i + 1} of ${n} failed, so none of the ${n} edits was applied. ${(err as Error).message}`);
    }
    after = after.slice(0, at) + newText + after.slice(at + oldText.length);
  });
  return { before, after, text: bom + (crlf ? after.replaceAll("\n", "\r\n") : after) };
}

/** What edit answers once the file is written: how much changed, and the unified diff in details. */
export async function editOutput(input: string, shown: string, edited: { before: string; after: string }, replacements: number): Promise<ToolOutput> {
  // Loaded on the first edit, not at startup: the diff algorithm is only needed here.
  const { unifiedDiff } = await import("./diff.ts");
  const { diff, firstChangedLine, added, removed } = unifiedDiff(edited.before, edited.after, shown);
  const count = replacements === 1 ? "1 replacement" : `${replacements} replacements`;
  const details: EditDetails = { diff, firstChangedLine };
  return { content: `Edited ${input}: ${count}, +${added} -${removed} lines`, details };
}

/** The whole file, refused when it is not a regular file or too large to edit in memory. */
async function readForEdit(abs: string, input: string): Promise<Uint8Array> {
  const file = await TextFile.open(abs, input, "edit changes regular files only.");
  try {
    const bytes = file.size <= MAX_EDIT_BYTES ? await file.bytes(MAX_EDIT_BYTES) : undefined;
    if (!bytes) {
      throw new Error(
        `${input} is ${formatBytes(Math.max(file.size, file.bytesRead))}; edit changes files of up to ${MAX_EDIT_TEXT}. ` +
          "Change a larger file with bash (e.g. sed -i, or a script that streams it).",
      );
    }
    return bytes;
  } finally {
    await file.close();
  }
}

/** The replacements an edit call asks for (old_text/new_text, or edits), checked. */
export function readReplacements(args: Record<string, unknown>): Replacement[] {
  const single = args.old_text !== undefined || args.new_text !== undefined;
  if (args.edits !== undefined && args.edits !== null) {
    if (single) throw new Error("Give either old_text/new_text or edits, not both.");
    if (!Array.isArray(args.edits) || args.edits.length === 0) {
      throw new Error('Parameter "edits" must be a non-empty array of {old_text, new_text}.');
    }
    return args.edits.map((item, i) => {
      if (typeof item !== "object" || item === null) throw new Error(`edits[${i}] must be an object {old_text, new_text}.`);
      return checked(item as Record<string, unknown>, `edits[${i}].`);
    });
  }
  return [checked(args, "")];
}

function checked(obj: Record<string, unknown>, prefix: string): Replacement {
  const { old_text: oldText, new_text: newText } = obj;
  if (typeof oldText !== "string" || typeof newText !== "string") {
    throw new Error(`${prefix}old_text and new_text are required strings${prefix ? "" : " (or pass edits)"}.`);
  }
  if (oldText === "") throw new Error(`${prefix}old_text must not be empty; to create or overwrite a whole file, use write.`);
  if (oldText === newText) throw new Error(`${prefix}old_text and new_text are identical; there is nothing to change.`);
  return { oldText, newText };
}

/** True when every line break is CRLF (a mixed file is edited byte for byte instead). */
function isCrlf(text: string): boolean {
  const crlf = text.split("\r\n").length - 1;
  return crlf > 0 && crlf === text.split("\n").length - 1;
}
