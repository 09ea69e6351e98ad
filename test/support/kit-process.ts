import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { tempDir } from "./temp-dir.ts";

/** The built binary, as a user runs it. `npm test` builds it first. */
export const KIT_BIN = resolve(import.meta.dir, "../../dist/kit");

export interface KitResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

export interface KitRunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Piped to stdin; when absent stdin is /dev/null (never a terminal in tests). */
  stdin?: string;
}

/** A fresh HOME (and XDG dirs inside it) so no test reads the developer's own config or sessions. */
export function isolatedHome(): string {
  return tempDir("kit-e2e-home-");
}

/** Environment for a kit run: isolated HOME/XDG, no inherited keys or KIT_* settings, no colour. */
export function kitEnv(home: string, extra: Record<string, string | undefined> = {}): Record<string, string> {
  const base: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: home,
    XDG_CONFIG_HOME: join(home, ".config"),
    XDG_DATA_HOME: join(home, ".local", "share"),
    XDG_CACHE_HOME: join(home, ".cache"),
    TMPDIR: process.env.TMPDIR,
    NO_COLOR: "1",
    ...extra,
  };
  return Object.fromEntries(Object.entries(base).filter((e): e is [string, string] => e[1] !== undefined));
}

export async function runKit(args: string[], opts: KitRunOptions = {}): Promise<KitResult> {
  if (!existsSync(KIT_BIN)) throw new Error(`${KIT_BIN} is missing: run 'npm run build' first (npm test does it)`);
  const proc = Bun.spawn([KIT_BIN, ...args], {
    cwd: opts.cwd ?? tmpdir(),
    env: opts.env ?? kitEnv(isolatedHome()),
    stdin: opts.stdin === undefined ? "ignore" : new Blob([opts.stdin]),
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, exitCode] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { stdout, stderr, exitCode };
}
