import * as fs from "node:fs/promises";
import * as path from "node:path";
import { requiredString, requiredText } from "./args.ts";
import { resolvePath } from "./paths.ts";
import { MAX_EDIT_BYTES, MAX_EDIT_TEXT, notRegularFile, specialKind } from "./text-file.ts";
import { formatBytes } from "./truncate.ts";
import type { Tool, ToolOptions } from "./types.ts";

export function createWriteTool(opts: ToolOptions): Tool {
  return {
    name: "write",
    description:
      "Create a file or replace its whole content; parent directories are created. " +
      `To change part of an existing file, use edit instead. At most ${MAX_EDIT_TEXT} per call; regular files only.`,
    parameters: {
      type: "object",
      properties: {
        path: { type: "string", description: "File path, relative to the working directory or absolute" },
        content: { type: "string", description: "The complete new content of the file" },
      },
      required: ["path", "content"],
    },
    kind: "edit",
    readOnly: false,
    async execute(args) {
      const input = requiredString(args, "path");
      const content = requiredText(args, "content");
      const size = Buffer.byteLength(content);
      if (size > MAX_EDIT_BYTES) {
        throw new Error(
          `The content is ${formatBytes(size)}; write writes at most ${MAX_EDIT_TEXT} per call. ` +
            "Write a large file in parts (write the first, append the others with bash), or generate it with a script.",
        );
      }
      const abs = resolvePath(input, opts.cwd);
      const stat = await fs.stat(abs).catch(() => undefined);
      if (stat?.isDirectory()) throw new Error(`${input} is a directory; give the path of a file inside it.`);
      const kind = stat && specialKind(stat);
      if (kind) throw notRegularFile(input, kind, "write writes regular files only.");
      await fs.mkdir(path.dirname(abs), { recursive: true });
      await fs.writeFile(abs, content);
      return { content: `Wrote ${size} bytes to ${input}` };
    },
  };
}
