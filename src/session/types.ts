/**
 * The session file format (spec/sessions.md) as types: line 1 is a header, every other line an entry
 * of one of eight types. Message parts are the llm/ parts, stored as they are.
 */
import type { Part, Role } from "../llm/types.ts";

export const SESSION_FORMAT_VERSION = 1;

export interface SessionHeader {
  type: "session";
  version: number;
  id: string;
  /** ISO time the session was created. */
  timestamp: string;
  cwd: string;
  /** Path of the session this one was forked from. */
  parentSession?: string;
  parentSessionId?: string;
  /** Set for sessions of subagents: the task they were given. */
  subagentTask?: string;
}

interface EntryBase {
  id: string;
  /** An earlier entry of the same file; null for a root. */
  parentId: string | null;
  /** ISO time. */
  timestamp: string;
}

/** Token counts of the call that produced a message; `cost` in USD, null when the price is unknown. */
export interface StoredUsage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  cost: number | null;
}

export interface MessageEntry extends EntryBase {
  type: "message";
  role: Role;
  content: Part[];
  model?: string;
  provider?: string;
  usage?: StoredUsage;
  stopReason?: string;
}
export interface ModelChangeEntry extends EntryBase {
  type: "model_change";
  provider: string;
  model: string;
}
export interface ThinkingLevelChangeEntry extends EntryBase {
  type: "thinking_level_change";
  level: string;
}
export interface CompactionEntry extends EntryBase {
  type: "compaction";
  summary: string;
  firstKeptEntryId: string;
  tokensBefore: number;
  tokensAfter: number;
  readFiles?: string[];
  modifiedFiles?: string[];
}
export interface BranchSummaryEntry extends EntryBase {
  type: "branch_summary";
  /** The leaf of the branch that was left. */
  fromId: string;
  summary: string;
}
export interface LabelEntry extends EntryBase {
  type: "label";
  targetId: string;
  /** "" removes the label of the target. */
  label: string;
}
export interface SessionInfoEntry extends EntryBase {
  type: "session_info";
  name: string;
}
export interface ExtensionDataEntry extends EntryBase {
  type: "extension_data";
  extType: string;
  data: string;
}

export type SessionEntry =
  | MessageEntry
  | ModelChangeEntry
  | ThinkingLevelChangeEntry
  | CompactionEntry
  | BranchSummaryEntry
  | LabelEntry
  | SessionInfoEntry
  | ExtensionDataEntry;

export type EntryType = SessionEntry["type"];

export const ENTRY_TYPES: readonly EntryType[] = [
  "message",
  "model_change",
  "thinking_level_change",
  "compaction",
  "branch_summary",
  "label",
  "session_info",
  "extension_data",
];

/** The entry of a given type. */
export type EntryOf<T extends EntryType> = Extract<SessionEntry, { type: T }>;

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** What callers append: the store adds id, parentId and timestamp. */
export type EntryInput = DistributiveOmit<SessionEntry, "id" | "parentId" | "timestamp">;

/** Extra fields of a message entry besides role and content. */
export interface MessageMeta {
  model?: string;
  provider?: string;
  usage?: StoredUsage;
  stopReason?: string;
}

/** A line of a session file that was skipped or mended while reading (1-based line number). */
export interface SessionIssue {
  line: number;
  reason: string;
  /** true: the line was left out; false: the entry was kept with a fix (e.g. re-attached to the tree). */
  skipped: boolean;
  /** The line's text, for skipped lines. */
  raw?: string;
}

// Views with the shapes of the extension contract (spec/kit-ext.d.ts). Restated here so session/
// does not depend on the extensions layer; the shapes are identical.

export interface SessionMessage {
  id: string;
  parentId: string | null;
  role: "user" | "assistant" | "tool" | "system";
  content: string;
  model?: string;
  provider?: string;
  timestamp: string;
}
export interface ExtensionEntry {
  id: string;
  entryType: string;
  data: string;
  timestamp: string;
}
export interface TreeNode {
  id: string;
  parentId: string | null;
  type: string;
  role?: string;
  content: string;
  model?: string;
  provider?: string;
  timestamp: string;
  children: string[];
}
