/**
 * Pieces shared by the extension end-to-end tests: real extension files written to temp dirs, a
 * headless run of the built binary with `-e` against the scripted provider, and readers for what a
 * user would look at afterwards: what kit sent (recorded requests), stdout, stderr, the session file
 * and its state sidecar.
 *
 * Test extensions report what they saw with `ctx.printInfo("REC " + JSON.stringify(…))` (the REC
 * snippet below); headless runs put printInfo on stderr as "[info] …", where `records` finds them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { isolatedHome, kitEnv, runKit, type KitResult } from "../support/kit-process.ts";
import type { MockLLM, RecordedRequest, Step } from "../support/mock-llm.ts";
import { tempDir as sharedTempDir } from "../support/temp-dir.ts";

/** A model the SDK raises no deprecation warning for, so stderr holds only what the test provoked. */
export const MODEL = "anthropic/claude-haiku-4-5";

/** A fresh temp directory (real path, as kit's process.cwd() reports it) with the given files. */
export function tempDir(files: Record<string, string> = {}): string {
  const dir = sharedTempDir("kit-ext-e2e-");
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  return dir;
}

/** Writes one extension file into a fresh directory; returns its path. */
export function extension(source: string, name = "ext.ts"): string {
  return join(tempDir({ [name]: source }), name);
}

/** A user's environment: isolated HOME and XDG dirs and an Anthropic key. */
export function userEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  return kitEnv(isolatedHome(), { ANTHROPIC_API_KEY: "test-anthropic-key", ...extra });
}

/** Source lines a test extension starts with: the contract types and `rec(ctx, tag, data)`. */
export const REC = `import type { ExtensionAPI, Context } from "kit/ext";
const rec = (ctx: Context, tag: string, data: unknown = null) => ctx.printInfo("REC " + JSON.stringify({ tag, data }));
`;

export interface Record_ {
  tag: string;
  data: any;
}

/** What the extensions reported with `rec`, in the order they printed it. */
export function records(stderr: string): Record_[] {
  return stderr
    .split("\n")
    .filter((l) => l.startsWith("[info] REC "))
    .map((l) => JSON.parse(l.slice("[info] REC ".length)) as Record_);
}

/** The data of every record with this tag. */
export function tagged(stderr: string, tag: string): any[] {
  return records(stderr)
    .filter((r) => r.tag === tag)
    .map((r) => r.data);
}

export interface ExtRun extends KitResult {
  /** The requests this run sent to the mock, in order. */
  requests: RecordedRequest[];
  cwd: string;
  /** The session file the run wrote (--session in a temp dir). */
  sessionPath: string;
}

export interface RunOptions {
  /** Extension files, each passed with -e in this order. */
  exts: string[];
  /** The prompt words (and any extra flags before them). */
  args: string[];
  /** Steps the mock answers this run's requests with. */
  steps?: Step[];
  env?: Record<string, string>;
  cwd?: string;
  stdin?: string;
  /** Omit --session (default: a session file in a temp dir, so the test can read it). */
  defaultSession?: boolean;
  /** Default MODEL. */
  model?: string;
}

/**
 * One headless run of the built binary with the extensions, against the mock. The test's own
 * project is trusted for the run (--trust-project), as its author would: its `.kit/extensions/`
 * and config load (project-trust.test.ts covers the untrusted case).
 */
export async function runWith(mock: MockLLM, opts: RunOptions): Promise<ExtRun> {
  if (opts.steps) mock.push(...opts.steps);
  const before = mock.requests.length;
  const cwd = opts.cwd ?? tempDir();
  const sessionPath = opts.defaultSession ? "" : join(tempDir(), "run.jsonl");
  const r = await runKit(
    [
      "--trust-project",
      "--provider-url",
      mock.url,
      "--model",
      opts.model ?? MODEL,
      ...(sessionPath ? ["--session", sessionPath] : []),
      ...opts.exts.flatMap((p) => ["-e", p]),
      ...opts.args,
    ],
    { cwd, env: opts.env ?? userEnv(), ...(opts.stdin !== undefined ? { stdin: opts.stdin } : {}) },
  );
  return { ...r, requests: mock.requests.slice(before), cwd, sessionPath };
}

/** The entries of a session file (header excluded). */
export function sessionEntries(path: string): any[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => JSON.parse(l))
    .filter((e) => e.type !== "session");
}

/** `<session without .jsonl>.ext-state.json` as an object ({} when there is none). */
export function sidecar(sessionPath: string): Record<string, string> {
  const path = sessionPath.replace(/\.jsonl$/, "") + ".ext-state.json";
  return existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : {};
}

/** Tool names offered in a recorded Anthropic request. */
export function toolNames(req: RecordedRequest): string[] {
  return ((req.body.tools ?? []) as { name: string }[]).map((t) => t.name);
}

/** The whole system prompt of a recorded Anthropic request. */
export function systemText(req: RecordedRequest): string {
  const s = req.body.system;
  if (s === undefined) return "";
  return typeof s === "string" ? s : (s as { text: string }[]).map((b) => b.text).join("\n");
}

/** A message of a recorded Anthropic request as plain text (text blocks, tool calls, tool results). */
export function messageText(m: { content: unknown }): string {
  if (typeof m.content === "string") return m.content;
  return (m.content as any[])
    .map((b) => {
      if (b.type === "text") return b.text;
      if (b.type === "tool_use") return `[call ${b.name} ${JSON.stringify(b.input)}]`;
      if (b.type === "tool_result") {
        const c = typeof b.content === "string" ? b.content : (b.content ?? []).map((x: any) => x.text ?? "").join("\n");
        return `[result${b.is_error ? " error" : ""}] ${c}`;
      }
      return `[${b.type}]`;
    })
    .join("\n");
}

/** Every message of a recorded request as { role, text }. */
export function conversation(req: RecordedRequest): { role: string; text: string }[] {
  return (req.body.messages as { role: string; content: unknown }[]).map((m) => ({ role: m.role, text: messageText(m) }));
}

/** The tool_result blocks of a recorded request's last message. */
export function lastToolResults(req: RecordedRequest): { content: string; is_error: boolean }[] {
  const last = (req.body.messages as any[]).at(-1);
  return (last.content as any[])
    .filter((b) => b.type === "tool_result")
    .map((b) => ({
      content: typeof b.content === "string" ? b.content : (b.content ?? []).map((x: any) => x.text ?? "").join("\n"),
      is_error: b.is_error === true,
    }));
}

/** Lines on stderr kit itself reported with the "[error] " prefix (load errors, handler errors, ctx.printError). */
export function errorLines(stderr: string): string[] {
  return stderr
    .split("\n")
    .filter((l) => l.startsWith("[error] "))
    .map((l) => l.slice("[error] ".length));
}
