// Expands `!{command}` in what the user types: each command runs in the project directory (time limit: option inline-bash-timeout, default 5 s) and is replaced by its output, or by the error in brackets.
import type { ExtensionAPI } from "kit/ext";

const INLINE = /!\{([^{}]+)\}/g;
/** More output than this is cut, so one `!{cat big.log}` does not fill the context. */
const MAX_OUTPUT = 20_000;

/** The output of `command` run with sh in `cwd`, or an error text in brackets. */
export function runInline(command: string, cwd: string, timeoutMs: number): string {
  let r: ReturnType<typeof Bun.spawnSync>;
  try {
    r = Bun.spawnSync(["sh", "-c", command], { cwd, stdin: "ignore", stdout: "pipe", stderr: "pipe", timeout: timeoutMs, killSignal: "SIGKILL" });
  } catch (err) {
    return `[!{${command}} failed: ${err instanceof Error ? err.message : String(err)}]`;
  }
  const out = r.stdout?.toString().replace(/\n+$/, "") ?? "";
  if (r.exitedDueToTimeout) return `[!{${command}} timed out after ${timeoutMs / 1000} s]`;
  if (!r.success) {
    const why = r.stderr?.toString().trim() || out || `killed by ${r.signalCode}`;
    return `[!{${command}} failed (exit ${r.exitCode ?? r.signalCode}): ${why}]`;
  }
  return out.length > MAX_OUTPUT ? `${out.slice(0, MAX_OUTPUT)}\n[… output cut at ${MAX_OUTPUT} characters]` : out;
}

export default function inlineBash(kit: ExtensionAPI) {
  kit.registerOption({ name: "inline-bash-timeout", description: "Seconds a !{command} may run (default 5)", default: "5" });

  kit.onInput((event, ctx) => {
    // Text other extensions send is not the user's: running commands from it would be a way in.
    if (event.source === "extension" || !event.text.includes("!{")) return;
    const timeoutMs = Math.max(0.1, Number(ctx.getOption("inline-bash-timeout")) || 5) * 1000;
    let ran = false;
    // One after another, in reading order: a later command may depend on an earlier one.
    const text = event.text.replace(INLINE, (_match, command: string) => {
      ran = true;
      return runInline(command.trim(), ctx.cwd, timeoutMs);
    });
    return ran ? { action: "transform", text } : undefined;
  });
}
