import * as fs from "node:fs/promises";
import * as path from "node:path";
import { requiredString, requiredText } from "./args.ts";
import { resolvePath } from "./paths.ts";
import type { Tool, ToolOptions } from "./types.ts";

export function createWriteTool(opts: ToolOptions): Tool {
  return {
    name: "write",
    description:
      "Create a file or replace its whole content; parent directories are created. " +
      "To change part of an existing file, use edit instead.",
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
      const abs = resolvePath(input, opts.cwd);
      const stat = await fs.stat(abs).catch(() => undefined);
      if (stat?.isDirectory()) throw new Error(`${input} is a directory; give the path of a file inside it.`);
      await fs.mkdir(path.dirname(abs), { recursive: true });
      await fs.writeFile(abs, content);
      return { content: `Wrote ${Buffer.byteLength(content)} bytes to ${input}` };
    },
  };
}
