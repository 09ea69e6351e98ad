/**
 * Pieces shared by the headless end-to-end tests: a temp project, the environment of a user with a
 * key, shell pipelines around the built binary, reading a live kit's output as it comes, and what
 * a recorded Anthropic request holds.
 */
import { expect } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { isolatedHome, KIT_BIN, kitEnv, type KitResult } from "../support/kit-process.ts";
import type { RecordedRequest } from "../support/mock-llm.ts";
import { tempDir } from "../support/temp-dir.ts";

export const KEYS = { ANTHROPIC_API_KEY: "test-anthropic-key" };

/** A project directory (real path, as kit's process.cwd() reports it) with the given files. */
export function project(files: Record<string, string | Uint8Array> = {}): string {
  const dir = tempDir("kit-headless-");
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  return dir;
}

/** A user's environment: isolated HOME and XDG dirs, an Anthropic key, no colour unless asked. */
export function userEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  return kitEnv(isolatedHome(), { ...KEYS, ...extra });
}

/** Runs a shell command line (a real pipeline around the binary), `$KIT` naming the binary. */
export async function shell(command: string, opts: { cwd: string; env: Record<string, string> }): Promise<KitResult> {
  const proc = Bun.spawn(["bash", "-c", command], {
    cwd: opts.cwd,
    env: { ...opts.env, KIT: KIT_BIN },
    stdin: "ignore",
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, exitCode] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { stdout, stderr, exitCode };
}

/** Single-quotes a word for bash. */
export const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Collects a stream's text as it arrives, so a test can wait for a given output before acting. */
export class LiveOutput {
  text = "";
  readonly done: Promise<void>;
  constructor(stream: ReadableStream<Uint8Array>) {
    this.done = (async () => {
      const decoder = new TextDecoder();
      for await (const chunk of stream) this.text += decoder.decode(chunk, { stream: true });
      this.text += decoder.decode();
    })();
  }

  /** Resolves once `predicate` holds for the output so far; fails after a generous wait. */
  async waitFor(what: string, predicate: (text: string) => boolean, timeoutMs = 15_000): Promise<void> {
    for (let waited = 0; !predicate(this.text); waited += 10) {
      if (waited > timeoutMs) throw new Error(`timed out waiting for ${what}; output so far:\n${this.text}`);
      await Bun.sleep(10);
    }
  }
}

/** Lines of JSON Lines output, each parsed; fails on any line that is not JSON. */
export function jsonLines(stdout: string): Record<string, any>[] {
  expect(stdout.endsWith("\n")).toBe(true);
  return stdout
    .slice(0, -1)
    .split("\n")
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, any>;
      } catch {
        throw new Error(`not a JSON line: ${JSON.stringify(line)}`);
      }
    });
}

/** The text blocks of the user's message in a recorded Anthropic request (the first message). */
export function userBlocks(req: RecordedRequest): { type: string; text?: string; source?: { media_type: string; data: string } }[] {
  const first = req.body.messages[0];
  expect(first.role).toBe("user");
  return typeof first.content === "string" ? [{ type: "text", text: first.content }] : first.content;
}

/** The whole system prompt of a recorded Anthropic request. */
export function systemOf(req: RecordedRequest): string {
  const s = req.body.system;
  return typeof s === "string" ? s : (s as { text: string }[]).map((b) => b.text).join("\n");
}

export function toolNamesOf(req: RecordedRequest): string[] {
  return ((req.body.tools ?? []) as { name: string }[]).map((t) => t.name);
}

// ESC, as in every ANSI escape sequence.
export const ANSI = /\u001b\[/;
