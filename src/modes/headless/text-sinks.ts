import pc from "picocolors";
import type { AgentEvent } from "../../agent/types.ts";
import type { ToolCallPart } from "../../llm/types.ts";
import type { HeadlessSink, RunSummary } from "./sink.ts";
import type { HeadlessStdio } from "./stdio.ts";

export interface TextSinkOptions {
  /** Dim the stderr lines (only when stderr is a terminal and NO_COLOR is unset). */
  color: boolean;
  io: HeadlessStdio;
}

/**
 * Default output: the assistant's text streams to stdout as it arrives; one line per tool call and
 * kit's notices go to stderr, so `kit "…" > answer.txt` captures only the answer.
 */
export function textSink(opts: TextSinkOptions): HeadlessSink {
  const { out, err } = opts.io;
  const dim = (s: string) => (opts.color ? pc.dim(s) : s);
  let lastChar = "\n";
  let wroteText = false;
  let stepHadText = false;
  // The same advice (e.g. a model's end-of-life date) comes with every call; once per run is enough.
  const warned = new Set<string>();
  return {
    start() {},
    event(ev: AgentEvent) {
      switch (ev.type) {
        case "step_start":
          stepHadText = false;
          break;
        case "text_delta":
          // Text of a later step starts on its own paragraph, not glued to the previous step's last word.
          if (!stepHadText && wroteText) out(lastChar === "\n" ? "\n" : "\n\n");
          out(ev.text);
          lastChar = ev.text[ev.text.length - 1] ?? lastChar;
          wroteText = stepHadText = true;
          break;
        case "message":
          for (const p of ev.message.role === "assistant" ? ev.message.content : []) {
            if (p.type === "tool_call") {
              if (wroteText && lastChar !== "\n") {
                out("\n");
                lastChar = "\n";
              }
              err(dim(`→ ${p.name}  ${toolCallSummary(p)}`) + "\n");
            }
          }
          break;
        case "warning":
          if (!warned.has(ev.message)) err(dim(`kit: ${ev.message}`) + "\n");
          warned.add(ev.message);
          break;
        case "retry":
          err(dim(`kit: ${ev.error.kind}: ${ev.error.message}; retrying in ${(ev.delayMs / 1000).toFixed(1)} s (attempt ${ev.attempt})`) + "\n");
          break;
      }
    },
    notice(text) {
      err(dim(`kit: ${text}`) + "\n");
    },
    startLine() {
      if (wroteText && lastChar !== "\n") out("\n");
      lastChar = "\n";
    },
    finish(s: RunSummary) {
      if (wroteText && lastChar !== "\n") out("\n");
      if (s.error) err(`kit: ${s.error.message}\n`);
    },
  };
}

/** `--quiet`: only the final answer on stdout, only errors on stderr. */
export function quietSink({ out, err }: HeadlessStdio): HeadlessSink {
  return {
    start() {},
    event() {},
    notice() {},
    finish(s: RunSummary) {
      if (s.result.response) out(s.result.response.endsWith("\n") ? s.result.response : s.result.response + "\n");
      if (s.error) err(`kit: ${s.error.message}\n`);
    },
  };
}

/** A one-line view of a call's arguments: the command for bash, the path for file tools, else compact JSON. */
export function toolCallSummary(call: ToolCallPart): string {
  let args: Record<string, unknown> = {};
  try {
    args = JSON.parse(call.input) as Record<string, unknown>;
  } catch {
    return oneLine(call.input);
  }
  const main = args.command ?? args.path ?? args.pattern ?? args.task;
  const text = typeof main === "string" ? main : JSON.stringify(args);
  return oneLine(text);
}

function oneLine(s: string, max = 120): string {
  const flat = s.replace(/\s+/g, " ").trim();
  return flat.length > max ? flat.slice(0, max - 1) + "…" : flat;
}
