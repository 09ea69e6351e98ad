import type { SessionUpdate, ToolCallContent } from "@agentclientprotocol/sdk";
import type { AgentEvent } from "../../agent/types.ts";
import type { AppOutput } from "../../app/app.ts";
import type { CompactionReport } from "../../app/compaction-policy.ts";
import { planOf } from "./plans.ts";
import { acpKind, callArgs, callLocations, callTitle, FileSnapshot, resultContent } from "./tool-calls.ts";

/** Live output of a running command kept for the editor: its tail, so a chatty build does not resend megabytes per line. */
const MAX_LIVE_OUTPUT = 64 * 1024;

interface CallState {
  /** What the tool itself showed (ClientAccess.show): the diff of a file changed through the editor, its terminal. */
  shown: ToolCallContent[];
  /** The file an edit-kind call changes, as it was before, for the diff. */
  snapshot?: FileSnapshot;
  output: string;
}

/**
 * What the app of one ACP session shows, as `session/update` notifications: the model's text and
 * thinking as chunks, each tool call announced as the model starts it (`tool_call`), then updated as
 * it runs and ends (`tool_call_update` with status, output, and a diff for a changed file), a todo
 * list a call carries as the plan (plans.ts). Extension
 * output (ctx.print) is part of the answer; notices, errors and extensions' console go to the log (stderr).
 */
export class SessionOutput implements AppOutput {
  private readonly calls = new Map<string, CallState>();

  constructor(
    private readonly o: {
      cwd: string;
      send(update: SessionUpdate): void;
      log(line: string): void;
    },
  ) {}

  print(text: string): void {
    this.o.send({ sessionUpdate: "agent_message_chunk", content: { type: "text", text: text.endsWith("\n") ? text : text + "\n" } });
  }
  printInfo(text: string): void {
    this.o.log(text);
  }
  printError(text: string): void {
    this.o.log(text);
  }
  printBlock(opts: { text: string }): void {
    this.print(opts.text);
  }
  compaction(report: CompactionReport): void {
    this.o.log(`conversation compacted (${report.reason}): ${report.tokensBefore} → ${report.tokensAfter} tokens`);
  }
  extensionConsole(name: string, text: string): void {
    this.o.log(`[${name}] ${text}`);
  }

  event(ev: AgentEvent): void {
    switch (ev.type) {
      case "text_delta":
        this.o.send({ sessionUpdate: "agent_message_chunk", content: { type: "text", text: ev.text } });
        return;
      case "reasoning_delta":
        this.o.send({ sessionUpdate: "agent_thought_chunk", content: { type: "text", text: ev.text } });
        return;
      case "tool_call_start":
        this.calls.set(ev.id, { output: "", shown: [] });
        this.o.send({ sessionUpdate: "tool_call", toolCallId: ev.id, title: ev.name, kind: acpKind(ev.name), status: "pending" });
        return;
      case "message":
        // The arguments are complete: the call gets its title and the files it touches.
        for (const part of ev.message.content) {
          if (part.type !== "tool_call") continue;
          const args = callArgs(part.input);
          this.o.send({ sessionUpdate: "tool_call_update", toolCallId: part.id, title: callTitle(part.name, args), locations: callLocations(part.name, args, this.o.cwd), rawInput: args });
        }
        return;
      case "tool_execution_start": {
        const kind = acpKind(ev.call.name, ev.tool?.kind);
        const state = this.state(ev.call.id);
        const snapshot = FileSnapshot.before(kind, callArgs(ev.call.input), this.o.cwd);
        if (snapshot) state.snapshot = snapshot;
        this.o.send({ sessionUpdate: "tool_call_update", toolCallId: ev.call.id, kind, status: "in_progress" });
        return;
      }
      case "tool_output": {
        const state = this.state(ev.call.id);
        state.output = (state.output + ev.chunk).slice(-MAX_LIVE_OUTPUT);
        this.o.send({ sessionUpdate: "tool_call_update", toolCallId: ev.call.id, content: [{ type: "content", content: { type: "text", text: state.output } }] });
        return;
      }
      case "tool_execution_end": {
        const state = this.calls.get(ev.call.id);
        this.calls.delete(ev.call.id);
        const plan = ev.result.isError ? undefined : (planOf(ev.result.details) ?? planOf(callArgs(ev.call.input)));
        if (plan) this.o.send({ sessionUpdate: "plan", entries: plan });
        const shown = state?.shown ?? [];
        const diff = ev.result.isError || shown.some((c) => c.type === "diff") ? undefined : state?.snapshot?.diff();
        this.o.send({
          sessionUpdate: "tool_call_update",
          toolCallId: ev.call.id,
          status: ev.result.isError ? "failed" : "completed",
          content: [...shown, ...(diff ? [diff] : []), ...resultContent(ev.result)],
          rawOutput: { content: ev.result.content, ...(ev.result.details !== undefined ? { details: ev.result.details } : {}) },
        });
        return;
      }
      case "turn_end":
        // Calls the model started that never ran (the turn was cancelled first) are not left pending in the editor.
        for (const id of this.calls.keys()) this.o.send({ sessionUpdate: "tool_call_update", toolCallId: id, status: "failed" });
        this.calls.clear();
        return;
      case "retry":
        this.o.log(`${ev.error.message}; retrying in ${Math.round(ev.delayMs / 1000)} s (attempt ${ev.attempt})`);
        return;
      case "warning":
        this.o.log(ev.message);
        return;
    }
  }

  /** A tool shows the editor more than its result (ClientAccess.show): at once (a live terminal), and again with the result. */
  show(toolCallId: string, content: ToolCallContent): void {
    const state = this.state(toolCallId);
    state.shown.push(content);
    this.o.send({ sessionUpdate: "tool_call_update", toolCallId, content: state.shown });
  }

  private state(id: string): CallState {
    let state = this.calls.get(id);
    if (!state) this.calls.set(id, (state = { output: "", shown: [] }));
    return state;
  }
}
