import type { AgentEvent, TurnResult } from "../../agent/types.ts";
import type { AppOutput, SubmitOutcome } from "../../app/app.ts";
import type { Message } from "../../llm/types.ts";
import type { HeadlessFormat, HeadlessSink } from "./sink.ts";
import type { HeadlessStdio } from "./stdio.ts";

/**
 * Where extension output goes in a headless run (contract: print → stdout, printInfo/printError →
 * stderr as "[info] …"/"[error] …"). In the JSON formats stdout belongs to the JSON, so prints go
 * to stderr there (stream-json carries them as `print` events); --quiet keeps only errors on stderr.
 * An extension's console output never reaches stdout: it goes to stderr, each line after the
 * extension's name ("[guard.ts] checking…"); --quiet keeps only its console.error/warn.
 */
export function headlessOutput(format: HeadlessFormat, sink: HeadlessSink, { out, err }: HeadlessStdio, observe: (ev: AgentEvent) => void): AppOutput {
  const print = (text: string) => {
    const line = text.endsWith("\n") ? text : text + "\n";
    if (format === "text" || format === "quiet") {
      // Not glued to the end of an answer still being streamed.
      sink.startLine?.();
      out(line);
    } else if (format === "stream-json") out(JSON.stringify({ type: "print", v: 1, text }) + "\n");
    else err(line);
  };
  return {
    print,
    printInfo: (text) => {
      if (format !== "quiet") err(`[info] ${text}\n`);
    },
    printError: (text) => err(`[error] ${text}\n`),
    extensionConsole: (name, text, stream) => {
      if (format === "quiet" && stream === "stdout") return;
      err(text.split("\n").map((line) => `[${name}] ${line}\n`).join(""));
    },
    printBlock: (opts) => print(opts.subtitle ? `${opts.subtitle}\n${opts.text}` : opts.text),
    event: (ev) => {
      observe(ev);
      sink.event(ev);
    },
    compaction: (r) => {
      if (format === "stream-json") {
        out(JSON.stringify({ type: "compaction", v: 1, reason: r.reason, tokens_before: r.tokensBefore, tokens_after: r.tokensAfter }) + "\n");
      } else if (format === "text") {
        sink.notice(`compacted the conversation (${r.reason}): about ${r.tokensBefore} → ${r.tokensAfter} tokens`);
      }
    },
  };
}

/**
 * What a whole headless run adds up to when extensions queue follow-up turns: every message, the
 * usage and tool calls of all turns, and the last turn's answer and stop reason.
 */
export class RunTotals {
  readonly messages: Message[] = [];
  private readonly results: TurnResult[] = [];
  private commandOutput = "";
  private commandFailed = false;

  observe(ev: AgentEvent): void {
    if (ev.type === "message") this.messages.push(ev.message);
  }

  add(outcome: SubmitOutcome): void {
    if (outcome.kind === "turn") this.results.push(outcome.result);
    else if (outcome.kind === "command") {
      if (outcome.output) this.commandOutput = outcome.output;
      if (outcome.failed) this.commandFailed = true;
    }
  }

  result(): TurnResult {
    const last = this.results[this.results.length - 1];
    const aggregates = {
      toolCallCount: 0,
      toolNames: [] as string[],
      llmCallCount: 0,
      usage: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
      cost: 0,
      costKnown: true,
      durationMs: 0,
    };
    for (const r of this.results) {
      const a = r.aggregates;
      aggregates.toolCallCount += a.toolCallCount;
      aggregates.toolNames.push(...a.toolNames);
      aggregates.llmCallCount += a.llmCallCount;
      aggregates.usage.input += a.usage.input;
      aggregates.usage.output += a.usage.output;
      aggregates.usage.cacheRead += a.usage.cacheRead;
      aggregates.usage.cacheWrite += a.usage.cacheWrite;
      aggregates.cost += a.cost;
      aggregates.costKnown &&= a.costKnown;
      aggregates.durationMs += a.durationMs;
    }
    // An input consumed by an extension or a command is a successful run with no model call, unless the command threw.
    if (!last) return { stopReason: this.commandFailed ? "error" : "stop", rawStopReason: "", response: this.commandOutput, aggregates, newMessages: [] };
    return { ...last, aggregates, newMessages: this.messages.slice(1) };
  }
}
