import type { AgentContext, PermissionOption, RequestPermissionRequest } from "@agentclientprotocol/sdk";
import type { PermissionAnswer, PermissionRequest } from "../../app/permission-types.ts";
import { acpKind, callLocations } from "./tool-calls.ts";

const ALLOW_ONCE = "allow-once";
const ALLOW_ALWAYS = "allow-always";
const REJECT = "reject";

/** The question the permission gate asks, as ACP's session/request_permission. */
export function permissionQuestion(sessionId: string, request: PermissionRequest, cwd: string): RequestPermissionRequest {
  const args = typeof request.args === "object" && request.args !== null ? (request.args as Record<string, unknown>) : {};
  const options: PermissionOption[] = [
    { optionId: ALLOW_ONCE, name: "Allow once", kind: "allow_once" },
    { optionId: ALLOW_ALWAYS, name: `Always allow ${request.rule}`, kind: "allow_always" },
    { optionId: REJECT, name: "Reject", kind: "reject_once" },
  ];
  return {
    sessionId,
    toolCall: {
      toolCallId: request.toolCallId,
      title: request.title,
      kind: acpKind(request.toolName, request.kind),
      status: "pending",
      locations: callLocations(request.toolName, args, cwd),
      rawInput: request.args,
    },
    options,
  };
}

/** Asks the editor's user (ModeHooks.askPermission); a cancelled question (the turn was cancelled) is a refusal. */
export async function askClient(client: AgentContext, sessionId: string, request: PermissionRequest, cwd: string): Promise<PermissionAnswer> {
  const { outcome } = await client.request("session/request_permission", permissionQuestion(sessionId, request, cwd));
  if (outcome.outcome === "cancelled") return { kind: "deny", reason: "the user cancelled the turn" };
  if (outcome.optionId === ALLOW_ONCE) return { kind: "allow-once" };
  if (outcome.optionId === ALLOW_ALWAYS) return { kind: "allow-always" };
  return { kind: "deny", reason: "the user rejected this call" };
}
