import * as fs from "node:fs";
import type { Message } from "../../src/llm/types.ts";
import { tempDir as sharedTempDir } from "../support/temp-dir.ts";

/** A fresh temp directory, removed after the test run. */
export function tempDir(): string {
  return sharedTempDir("kit-session-");
}

/** A clock that advances one second per call from 2025-03-01T10:00:00Z. */
export function steppingClock(start = Date.UTC(2025, 2, 1, 10, 0, 0)): () => Date {
  let t = start;
  return () => {
    const d = new Date(t);
    t += 1000;
    return d;
  };
}

export const user = (text: string): Message => ({ role: "user", content: [{ type: "text", text }] });
export const assistant = (text: string): Message => ({ role: "assistant", content: [{ type: "text", text }] });
export const toolCall = (id: string, name = "read", input = '{"path":"a.txt"}'): Message => ({
  role: "assistant",
  content: [{ type: "tool_call", id, name, input }],
});
export const toolResult = (id: string, content = "ok", name = "read"): Message => ({
  role: "tool",
  content: [{ type: "tool_result", toolCallId: id, name, content, isError: false }],
});

/** The non-empty lines of a file. */
export function fileLines(file: string): string[] {
  return fs.readFileSync(file, "utf8").split("\n").filter((l) => l !== "");
}
