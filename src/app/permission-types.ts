import type { ToolKind } from "../tools/types.ts";

/**
 * The question a mode answers when permission mode `ask` meets a tool call no rule covers
 * (ModeHooks.askPermission): the interactive dialog and ACP's session/request_permission both answer it.
 */
export interface PermissionRequest {
  toolCallId: string;
  toolName: string;
  kind: ToolKind;
  /** The call's arguments after the schema check. */
  args: unknown;
  /** One line saying what the call would do, e.g. "bash: npm test" or "edit: src/app.ts". */
  title: string;
  /** The rule "allow always" would store, e.g. `bash(npm test*)` or `edit(src/**)`. */
  rule: string;
}

export type PermissionAnswer =
  | { kind: "allow-once" }
  /** Allow, and store the request's rule for this project. */
  | { kind: "allow-always" }
  /** The reason goes to the model with the refusal. */
  | { kind: "deny"; reason?: string };

/** How tool calls are gated (`--permission-mode`, config `permission-mode`). */
export type PermissionMode = "auto" | "ask" | "read-only";
