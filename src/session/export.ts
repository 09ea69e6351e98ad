import { imageNote, toolResultText } from "../llm/message-text.ts";
import type { Part } from "../llm/types.ts";
import type { SessionEntry, SessionHeader, StoredUsage } from "./types.ts";
import { printableText } from "../ui/ansi.ts";

/**
 * `kit sessions export`: the transcript of a session's current branch (root → leaf; after opening a
 * file, its last entry) as Markdown for people or JSON for programs.
 */

export interface Transcript {
  header: SessionHeader;
  /** Entries root → leaf. */
  entries: readonly SessionEntry[];
  name?: string;
}

/** What a SessionStore offers; structural so export does not depend on the store. */
export interface TranscriptSource {
  readonly header: SessionHeader;
  readonly name: string | undefined;
  branch(): SessionEntry[];
}

export function transcriptOf(store: TranscriptSource): Transcript {
  const t: Transcript = { header: store.header, entries: store.branch() };
  if (store.name !== undefined) t.name = store.name;
  return t;
}

export interface TranscriptJson {
  version: 1;
  session: SessionHeader & { name?: string };
  /** Sums of the usage recorded on the branch's messages; cost null when any price was unknown. */
  usage: StoredUsage;
  entries: SessionEntry[];
}

export function exportJson(t: Transcript): string {
  const usage: StoredUsage = { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, cost: 0 };
  for (const e of t.entries) {
    if (e.type !== "message" || !e.usage) continue;
    usage.input += e.usage.input;
    usage.output += e.usage.output;
    usage.cacheRead += e.usage.cacheRead;
    usage.cacheWrite += e.usage.cacheWrite;
    usage.cost = usage.cost === null || e.usage.cost === null ? null : usage.cost + e.usage.cost;
  }
  const out: TranscriptJson = {
    version: 1,
    session: t.name === undefined ? { ...t.header } : { ...t.header, name: t.name },
    usage,
    entries: [...t.entries],
  };
  return JSON.stringify(out, null, 2) + "\n";
}

export interface MarkdownOptions {
  /** Include reasoning parts (folded). Default true. */
  reasoning?: boolean;
}

export function exportMarkdown(t: Transcript, opts: MarkdownOptions = {}): string {
  const out: string[] = [];
  out.push(`# ${t.name ?? `Session ${t.header.id}`}`, "");
  out.push(`- Session: \`${t.header.id}\``);
  out.push(`- Directory: \`${t.header.cwd}\``);
  out.push(`- Started: ${t.header.timestamp}`);
  if (t.header.parentSession) out.push(`- Forked from: \`${t.header.parentSession}\``);
  if (t.header.subagentTask) out.push(`- Subagent task: ${oneLine(t.header.subagentTask)}`);
  out.push("");
  for (const e of t.entries) out.push(...entryMarkdown(e, opts.reasoning ?? true));
  // Read on a terminal too: a name or prompt holding escape sequences must not drive it.
  return printableText(out.join("\n").trimEnd() + "\n");
}

function entryMarkdown(e: SessionEntry, reasoning: boolean): string[] {
  switch (e.type) {
    case "message":
      return messageMarkdown(e, reasoning);
    case "model_change":
      return [`> *Model: ${e.provider}/${e.model}*`, ""];
    case "thinking_level_change":
      return [`> *Thinking level: ${e.level}*`, ""];
    case "compaction":
      return ["## Summary of the earlier conversation (compaction)", "", e.summary, ""];
    case "branch_summary":
      return ["## Summary of an abandoned branch", "", e.summary, ""];
    case "label":
      return e.label === "" ? [] : [`> *Label: ${oneLine(e.label)}*`, ""];
    case "session_info":
    case "extension_data":
      return [];
  }
}

function messageMarkdown(e: Extract<SessionEntry, { type: "message" }>, reasoning: boolean): string[] {
  const title = { user: "User", assistant: "Assistant", tool: "Tool", system: "System" }[e.role];
  const out = [`## ${title}${e.model ? ` · ${e.model}` : ""}`, ""];
  for (const part of e.content) out.push(...partMarkdown(part, reasoning));
  return out;
}

function partMarkdown(part: Part, reasoning: boolean): string[] {
  switch (part.type) {
    case "text":
      return [part.text, ""];
    case "reasoning":
      if (!reasoning || part.text === "") return [];
      return ["<details><summary>Reasoning</summary>", "", part.text, "", "</details>", ""];
    case "tool_call":
      return [`**Tool call** \`${part.name}\` (${part.id})`, "", ...fenced(prettyJson(part.input), "json")];
    case "tool_result": {
      const head = `**Result** of \`${part.name}\` (${part.toolCallId})${part.isError ? " — error" : ""}`;
      return [head, "", ...fenced(toolResultText(part.content), "")];
    }
    case "image":
      return [`*${imageNote(part)}*`, ""];
  }
}

/** A code block whose fence is longer than any backtick run inside it. */
function fenced(text: string, lang: string): string[] {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return [fence + lang, text, fence, ""];
}

function prettyJson(input: string): string {
  try {
    return JSON.stringify(JSON.parse(input), null, 2);
  } catch {
    return input;
  }
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}
