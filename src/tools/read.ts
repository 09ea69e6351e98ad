import * as fs from "node:fs/promises";
import { optionalInt, requiredString } from "./args.ts";
import { looksBinary, sniffImage } from "./file-kind.ts";
import { resolvePath } from "./paths.ts";
import { decodeText, numberLine, splitLines } from "./text-lines.ts";
import { LIMITS_TEXT, MAX_LINES, cutLine, formatBytes, truncateHead } from "./truncate.ts";
import type { Tool, ToolOptions, ToolOutput } from "./types.ts";

export function createReadTool(opts: ToolOptions): Tool {
  return {
    name: "read",
    description:
      `Read a file. Text comes back with line numbers (cat -n style); at most ${LIMITS_TEXT} per call, ` +
      "continue with offset. Images (PNG, JPEG, GIF, WebP) come back as images. Use ls for directories.",
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

      const bytes = await Bun.file(abs).bytes();
      const mediaType = sniffImage(bytes);
      if (mediaType) return readImage(input, mediaType, bytes);
      if (looksBinary(bytes)) {
        throw new Error(
          `${input} is a binary file (${formatBytes(bytes.length)}) and cannot be shown as text. ` +
            "Use bash (e.g. `file`, `xxd | head`) to inspect it.",
        );
      }
      return readText(input, splitLines(decodeText(bytes)), offset, limit);
    },
  };
}

function readImage(input: string, mediaType: string, bytes: Uint8Array): ToolOutput {
  return {
    content: [
      { type: "text", text: `Read image file ${input} (${mediaType}, ${bytes.length} bytes)` },
      { type: "image", mediaType, data: Buffer.from(bytes).toString("base64") },
    ],
  };
}

function readText(input: string, lines: string[], offset: number, limit: number | undefined): ToolOutput {
  if (lines.length === 0) {
    if (offset > 1) throw new Error(`offset ${offset} is past the end of ${input}: the file is empty.`);
    return { content: "(empty file)" };
  }
  if (offset > lines.length) {
    throw new Error(`offset ${offset} is past the end of ${input}, which has ${lines.length} lines. Use an offset from 1 to ${lines.length}.`);
  }
  const end = limit === undefined ? lines.length : Math.min(lines.length, offset - 1 + limit);
  // Never format more lines than could be shown: a huge file costs only what is returned.
  const window = lines.slice(offset - 1, Math.min(end, offset - 1 + MAX_LINES));
  const head = truncateHead(window.map((text, i) => numberLine(offset + i, cutLine(text))));
  const last = offset - 1 + head.keptLines;
  if (last >= lines.length) return { content: head.text };

  const reason = last < end ? ` (output limit of ${LIMITS_TEXT} reached)` : "";
  return {
    content: `${head.text}\n\n[Showing lines ${offset}-${last} of ${lines.length}${reason}. Use offset=${last + 1} to continue.]`,
  };
}
