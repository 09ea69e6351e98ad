import * as fs from "node:fs";
import * as path from "node:path";
import { OutputFiles } from "../../src/tools/output-files.ts";
import type { ToolOptions, ToolOutput, ToolRunContext } from "../../src/tools/types.ts";
import { tempDir as sharedTempDir } from "../support/temp-dir.ts";

/** A fresh temp directory (real path, so it compares equal to what `pwd` prints), removed after the test run. */
export function tempDir(): string {
  return sharedTempDir("kit-tools-");
}

/** Writes files given as { "relative/path": content } under `dir`, creating directories. */
export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
}

export function options(cwd: string, overrides: Partial<ToolOptions> = {}): ToolOptions {
  return { cwd, bashTimeout: 120, bashMaxTimeout: 600, outputFiles: new OutputFiles(tempDir()), ...overrides };
}

export function runContext(overrides: Partial<ToolRunContext> = {}): ToolRunContext {
  return { toolCallId: "call-1", signal: new AbortController().signal, onOutput() {}, ...overrides };
}

export function textOf(out: ToolOutput): string {
  if (typeof out.content === "string") return out.content;
  return out.content.map((block) => (block.type === "text" ? block.text : `[${block.mediaType} image]`)).join("\n");
}

/** The message of the error `promise` rejects with; fails the test if it resolves. */
export async function errorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("expected the tool to throw, but it succeeded");
}
