/**
 * Pieces shared by the session end-to-end tests: where a user's session files are, what is in them,
 * and what a recorded Anthropic request carries, both reduced to the same flat list of "atoms" so a
 * test can say "everything the file holds reached the model, in order".
 */
import { expect } from "bun:test";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { RecordedRequest } from "../support/mock-llm.ts";

/** $XDG_DATA_HOME/kit/sessions of an environment made by userEnv(). */
export function sessionsRoot(env: Record<string, string>): string {
  return join(env.XDG_DATA_HOME!, "kit", "sessions");
}

/** The directory of a cwd's sessions, encoded as the spec says (`/` → `--`). */
export function sessionDirOf(env: Record<string, string>, cwd: string): string {
  return join(sessionsRoot(env), cwd.replace(/[/\\]/g, "--").replace(/[:<>"|?*]/g, ""));
}

/** Every *.jsonl file below a directory (none when it does not exist). */
export function jsonlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith(".jsonl")).map((f) => join(dir, f)).sort();
}

/** The one session file of a cwd; fails when there is not exactly one. */
export function onlySession(env: Record<string, string>, cwd: string): string {
  const files = jsonlFiles(sessionDirOf(env, cwd));
  expect(files).toHaveLength(1);
  return files[0]!;
}

export type Line = Record<string, any>;

/** A session file's lines, each parsed (fails on any line that is not JSON or a missing final newline). */
export function readLines(path: string): Line[] {
  const text = readFileSync(path, "utf8");
  expect(text.endsWith("\n")).toBe(true);
  return text
    .slice(0, -1)
    .split("\n")
    .map((line, i) => {
      try {
        return JSON.parse(line) as Line;
      } catch {
        throw new Error(`${path} line ${i + 1} is not JSON: ${JSON.stringify(line.slice(0, 200))}`);
      }
    });
}

/** The entries of a session file (every line after the header). */
export const entriesOf = (path: string): Line[] => readLines(path).slice(1);

/** Message entries only. */
export const messagesOf = (path: string): Line[] => entriesOf(path).filter((e) => e.type === "message");

/**
 * One comparable token per piece of conversation: "user: text", "assistant: text",
 * "call <id> <name> <input JSON>", "result <id> <text>".
 */
export type Atom = string;

const canonicalInput = (input: unknown): string => JSON.stringify(typeof input === "string" ? safeParse(input) : input);
function safeParse(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}
const resultText = (c: unknown): string =>
  typeof c === "string" ? c : Array.isArray(c) ? c.map((b: any) => (b.type === "text" ? b.text : `[${b.type}]`)).join("\n") : String(c);

/** The atoms of the message entries of a session file, in file order. */
export function fileAtoms(entries: Line[]): Atom[] {
  const out: Atom[] = [];
  for (const e of entries) {
    if (e.type !== "message") continue;
    for (const p of e.content) {
      if (p.type === "text") out.push(`${e.role === "assistant" ? "assistant" : "user"}: ${p.text}`);
      else if (p.type === "tool_call") out.push(`call ${p.id} ${p.name} ${canonicalInput(p.input)}`);
      else if (p.type === "tool_result") out.push(`result ${p.toolCallId} ${resultText(p.content)}`);
    }
  }
  return out;
}

/** The atoms of the conversation a recorded Anthropic request sent, in order. */
export function requestAtoms(req: RecordedRequest): Atom[] {
  const out: Atom[] = [];
  for (const m of req.body.messages as { role: string; content: any }[]) {
    const blocks = typeof m.content === "string" ? [{ type: "text", text: m.content }] : m.content;
    for (const b of blocks) {
      if (b.type === "text") out.push(`${m.role}: ${b.text}`);
      else if (b.type === "tool_use") out.push(`call ${b.id} ${b.name} ${canonicalInput(b.input)}`);
      else if (b.type === "tool_result") out.push(`result ${b.tool_use_id} ${resultText(b.content)}`);
    }
  }
  return out;
}

/** Fails unless `part` occurs in `whole` in the same order (other atoms may lie between). */
export function expectInOrder(whole: Atom[], part: Atom[]): void {
  let at = 0;
  for (const atom of part) {
    const found = whole.indexOf(atom, at);
    if (found < 0) {
      throw new Error(`missing (or out of order) in the request: ${JSON.stringify(atom)}\nrequest:\n${whole.map((a) => `  ${a}`).join("\n")}`);
    }
    at = found + 1;
  }
}

/**
 * Fails unless a recorded Anthropic request is one the real API accepts as a conversation: it starts
 * with a user message, roles alternate, and every tool_use is answered by a tool_result in the very
 * next message (and no tool_result answers anything else).
 */
export function expectValidConversation(req: RecordedRequest): void {
  const messages = req.body.messages as { role: string; content: any }[];
  expect(messages[0]?.role).toBe("user");
  for (let i = 0; i < messages.length; i++) {
    const m = messages[i]!;
    if (i > 0) expect(`message ${i}: ${m.role}`).not.toBe(`message ${i}: ${messages[i - 1]!.role}`);
    const blocks = typeof m.content === "string" ? [] : (m.content as any[]);
    const prev = i > 0 && typeof messages[i - 1]!.content !== "string" ? (messages[i - 1]!.content as any[]) : [];
    const calls = prev.filter((b) => b.type === "tool_use").map((b) => b.id as string);
    const results = blocks.filter((b) => b.type === "tool_result").map((b) => b.tool_use_id as string);
    if (m.role === "user") expect(`message ${i} answers ${[...results].sort().join(",")}`).toBe(`message ${i} answers ${[...calls].sort().join(",")}`);
  }
  const last = messages.at(-1)!;
  const lastCalls = typeof last.content === "string" ? [] : (last.content as any[]).filter((b) => b.type === "tool_use");
  expect(lastCalls).toEqual([]);
}
