/**
 * The permission question of `kit acp` (ModeHooks.askPermission → session/request_permission), over
 * the protocol library's own in-process connection: the editor's answer, each way, is what the
 * permission gate gets back. The end-to-end test through the binary needs the gate's `ask` mode.
 */
import { describe, expect, test } from "bun:test";
import { agent, client, type RequestPermissionOutcome, type RequestPermissionRequest } from "@agentclientprotocol/sdk";
import type { PermissionRequest } from "../../src/app/permission-types.ts";
import { askClient } from "../../src/modes/acp/permissions.ts";

const request: PermissionRequest = {
  toolCallId: "call_1",
  toolName: "bash",
  kind: "execute",
  args: { command: "npm test" },
  title: "bash: npm test",
  rule: "bash(npm test*)",
};

/** An editor whose user answers every question with `outcome`; the questions it got. */
function editorAnswering(outcome: RequestPermissionOutcome) {
  const asked: RequestPermissionRequest[] = [];
  const editor = client().onRequest("session/request_permission", ({ params }) => {
    asked.push(params);
    return { outcome };
  });
  return { connection: agent().connect(editor), asked };
}

describe("kit acp permission questions", () => {
  test("the editor is asked with allow-once, allow-always (naming the rule) and reject, about the call", async () => {
    const { connection, asked } = editorAnswering({ outcome: "selected", optionId: "allow-once" });
    expect(await askClient(connection.client, "session-1", request, "/project")).toEqual({ kind: "allow-once" });
    expect(asked).toEqual([
      {
        sessionId: "session-1",
        toolCall: { toolCallId: "call_1", title: "bash: npm test", kind: "execute", status: "pending", locations: [], rawInput: { command: "npm test" } },
        options: [
          { optionId: "allow-once", name: "Allow once", kind: "allow_once" },
          { optionId: "allow-always", name: "Always allow bash(npm test*)", kind: "allow_always" },
          { optionId: "reject", name: "Reject", kind: "reject_once" },
        ],
      },
    ]);
    connection.close();
  });

  test("allow always is allow-always; reject and a cancelled question are refusals with a reason", async () => {
    const always = editorAnswering({ outcome: "selected", optionId: "allow-always" });
    expect(await askClient(always.connection.client, "s", request, "/project")).toEqual({ kind: "allow-always" });
    const rejected = editorAnswering({ outcome: "selected", optionId: "reject" });
    expect(await askClient(rejected.connection.client, "s", request, "/project")).toEqual({ kind: "deny", reason: "the user rejected this call" });
    const cancelled = editorAnswering({ outcome: "cancelled" });
    expect(await askClient(cancelled.connection.client, "s", request, "/project")).toEqual({ kind: "deny", reason: "the user cancelled the turn" });
    for (const c of [always, rejected, cancelled]) c.connection.close();
  });

  test("an edit's question names the file it would change, absolute", async () => {
    const { connection, asked } = editorAnswering({ outcome: "selected", optionId: "reject" });
    await askClient(connection.client, "s", { ...request, toolName: "edit", kind: "edit", args: { path: "src/app.ts" }, title: "edit: src/app.ts", rule: "edit(src/**)" }, "/project");
    expect(asked[0]!.toolCall).toMatchObject({ kind: "edit", locations: [{ path: "/project/src/app.ts" }] });
    connection.close();
  });
});
