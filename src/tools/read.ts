import * as fs from "node:fs/promises";
import { optionalInt, requiredString } from "./args.ts";
import { looksBinary, sniffImage } from "./file-kind.ts";
import { resolvePath } from "./paths.ts";
import { TextFile } from "./text-file.ts";
import { numberLine } from "./text-lines.ts";
import { LIMITS_TEXT, MAX_BYTES, MAX_LINES, formatBytes, truncateHead } from "./truncate.ts";
import type { Tool, ToolOptions, ToolOutput } from "./types.ts";

/** The largest image read returns: no provider takes more than 20 MB per image. */
const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
/**
 * Once the lines to show are in, how much further read goes counting lines for the "of N" of its
 * notice. Past that, the notice gives the file's size instead, so a huge file costs no more time.
 */
const COUNT_BYTES = 32 * 1024 * 1024;

export function createReadTool(opts: ToolOptions): Tool {
  return {
    name: "read",
    description:
      `Read a file. Text comes back with line numbers (cat -n style); at most ${LIMITS_TEXT} per call, ` +
      `continue with offset. Images (PNG, JPEG, GIF, WebP, up to ${formatBytes(MAX_IMAGE_BYTES)}) come back as images. ` +
      "Regular files only (not devices or FIFOs); use ls for directories.",
    parameters: {
      type: "object",
      properties: {
        path: { type: "string", description: "File path, relative to the working directory or absolute" },
        offset: { type: "integer", minimum: 1, description: "First line to read (1-based); default 1" },
        limit: { type: "integer", minimum: 1, description: "Maximum number of lines to read" },
      },
      required: ["path"],
    },
    kind: "read",
    readOnly: true,
    async execute(args) {
      const input = requiredString(args, "path");
      const offset = optionalInt(args, "offset", 1) ?? 1;
      const limit = optionalInt(args, "limit", 1);
      const abs = resolvePath(input, opts.cwd);

      const stat = await fs.stat(abs).catch(() => undefined);
      if (!stat) throw new Error(`File not found: ${input}. Check the path with ls or find.`);
      if (stat.isDirectory()) throw new Error(`${input} is a directory, not a file. Use ls to list it.`);

      const file = await TextFile.open(abs, input, "read opens regular files only. Use bash to sample it (e.g. `head -c 512 FILE | xxd`).");
      try {
        const mediaType = sniffImage(file.head);
        if (mediaType) return await readImage(input, mediaType, file);
        if (looksBinary(file.head)) {
          throw new Error(
            `${input} is a binary file (${formatBytes(file.size)}) and cannot be shown as text. ` +
              "Use bash (e.g. `file`, `xxd | head`) to inspect it.",
          );
        }
        return await readText(input, file, offset, limit);
      } finally {
        await file.close();
      }
    },
  };
}

async function readImage(input: string, mediaType: string, file: TextFile): Promise<ToolOutput> {
  const bytes = file.size <= MAX_IMAGE_BYTES ? await file.bytes(MAX_IMAGE_BYTES) : undefined;
  if (!bytes) {
    throw new Error(
      `${input} is an image of ${formatBytes(Math.max(file.size, file.bytesRead))}, over the ${formatBytes(MAX_IMAGE_BYTES)} read returns. ` +
        "Make a smaller copy with bash (e.g. ImageMagick `convert FILE -resize 50% small.png`) and read that.",
    );
  }
  return {
    content: [
      { type: "text", text: `Read image file ${input} (${mediaType}, ${bytes.length} bytes)` },
      { type: "image", mediaType, data: Buffer.from(bytes).toString("base64") },
    ],
  };
}

/** Where read's text comes from: a file on disk (TextFile), or an editor's buffer (kit acp). */
export type TextLines = Pick<TextFile, "lines" | "stopAfter" | "stopped" | "size">;

/**
 * The lines from `offset` on, streamed: only the lines that can be shown are kept, then lines are
 * only counted (up to COUNT_BYTES further), so memory stays small however large the file.
 */
export async function readText(input: string, file: TextLines, offset: number, limit: number | undefined): Promise<ToolOutput> {
  const wanted = Math.min(limit ?? MAX_LINES, MAX_LINES);
  const window: string[] = [];
  let windowBytes = 0;
  let full = false;
  let lineCount = 0;
  for await (const line of file.lines()) {
    lineCount++;
    if (lineCount < offset || full) continue;
    const numbered = numberLine(lineCount, line);
    window.push(numbered);
    windowBytes += Buffer.byteLength(numbered) + 1;
    full = window.length >= wanted || windowBytes > MAX_BYTES;
    if (full) file.stopAfter(COUNT_BYTES);
  }
  const counted = !file.stopped;

  if (lineCount === 0) {
    if (offset > 1) throw new Error(`offset ${offset} is past the end of ${input}: the file is empty.`);
    return { content: "(empty file)" };
  }
  if (offset > lineCount) {
    throw new Error(`offset ${offset} is past the end of ${input}, which has ${lineCount} lines. Use an offset from 1 to ${lineCount}.`);
  }
  const head = truncateHead(window);
  const last = offset - 1 + head.keptLines;
  if (counted && last >= lineCount) return { content: head.text };

  const end = Math.min(counted ? lineCount : Infinity, limit === undefined ? Infinity : offset - 1 + limit);
  const reason = last < end ? ` (output limit of ${LIMITS_TEXT} reached)` : "";
  const of = counted ? `${lineCount}` : `more than ${lineCount} (the file is ${formatBytes(file.size)})`;
  return {
    content: `${head.text}\n\n[Showing lines ${offset}-${last} of ${of}${reason}. Use offset=${last + 1} to continue.]`,
  };
}
