import { readFileSync } from "node:fs";
import type { ToolCallContent, ToolCallLocation, ToolKind as AcpToolKind } from "@agentclientprotocol/sdk";
import type { ToolResultPart } from "../../llm/types.ts";
import { resolvePath } from "../../tools/paths.ts";
import type { ToolKind } from "../../tools/types.ts";

/** Kinds of kit's own tools by name, known before the tool runs (an editor shows the call as soon as the model starts it). */
const BUILTIN_KINDS: Readonly<Record<string, AcpToolKind>> = {
  read: "read",
  ls: "read",
  skill: "read",
  write: "edit",
  edit: "edit",
  bash: "execute",
  grep: "search",
  find: "search",
  subagent: "think",
};

/** ACP's kind of a tool call: kit's tools by name, others by the kind they declare; a name saying fetch is a fetch. */
export function acpKind(name: string, kind?: ToolKind): AcpToolKind {
  const builtin = BUILTIN_KINDS[name];
  if (builtin) return builtin;
  if (/fetch|download|http|web/i.test(name)) return "fetch";
  switch (kind) {
    case "read":
    case "edit":
    case "execute":
    case "search":
      return kind;
    case "agent":
      return "think";
    default:
      return "other";
  }
}

/** Arguments as the model wrote them, or {} when they are not a JSON object (the call then fails on its own). */
export function callArgs(input: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(input || "{}");
    return typeof parsed === "object" && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** One line saying what the call does: "bash: npm test", "edit: src/app.ts", "grep: TODO in src". */
export function callTitle(name: string, args: Record<string, unknown>): string {
  const subject = str(args.command) ?? str(args.path) ?? str(args.pattern) ?? str(args.task) ?? str(args.name) ?? str(args.url) ?? str(args.query);
  if (subject === undefined) return name;
  const firstLine = subject.split("\n", 1)[0]!;
  const shown = firstLine.length > 120 ? `${firstLine.slice(0, 119)}…` : firstLine;
  const where = (name === "grep" || name === "find") && str(args.path) ? ` in ${args.path}` : "";
  return `${name}: ${shown}${where}`;
}

/** The files a call works on, absolute, so the editor can follow along; only kit's own tools name them reliably. */
export function callLocations(name: string, args: Record<string, unknown>, cwd: string): ToolCallLocation[] {
  const path = str(args.path);
  if (!path || !(name in BUILTIN_KINDS) || name === "bash" || name === "subagent" || name === "skill") return [];
  const line = typeof args.offset === "number" ? { line: args.offset } : {};
  return [{ path: resolvePath(path, cwd), ...line }];
}

/** The text of a file before and after an edit or write: the editor shows the change as a diff. */
export class FileSnapshot {
  private constructor(
    readonly path: string,
    private readonly before: string | null,
  ) {}

  /** The file a call of an edit-kind tool (with a `path`) is about to change, as it is now; undefined for any other call. */
  static before(kind: AcpToolKind, args: Record<string, unknown>, cwd: string): FileSnapshot | undefined {
    const path = str(args.path);
    if (kind !== "edit" || !path) return undefined;
    const abs = resolvePath(path, cwd);
    return new FileSnapshot(abs, readText(abs));
  }

  /** The change as a diff, when the call changed the file. */
  diff(): ToolCallContent | undefined {
    const after = readText(this.path);
    if (after === null || after === this.before) return undefined;
    return { type: "diff", path: this.path, oldText: this.before, newText: after };
  }
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

/** A tool result as the editor shows it: its text, images as images. */
export function resultContent(result: ToolResultPart): ToolCallContent[] {
  if (typeof result.content === "string") return result.content === "" ? [] : [{ type: "content", content: { type: "text", text: result.content } }];
  return result.content.map((block) =>
    block.type === "text"
      ? { type: "content", content: { type: "text", text: block.text } }
      : { type: "content", content: { type: "image", data: block.data, mimeType: block.mediaType } },
  );
}
