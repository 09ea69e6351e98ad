/**
 * The user's API key never leaves kit's memory except in the request to their provider (issue #21):
 * runs of several kinds with a distinctive key, then a grep of everything they wrote: stdout, stderr,
 * the session files and their state sidecars, and every file of the data, config and cache directories.
 */
import { expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { isolatedHome, kitEnv, runKit, type KitResult } from "../support/kit-process.ts";
import { httpError, text, toolCall } from "../support/mock-llm.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { project } from "./headless-support.ts";
import { extension } from "./extension-runs.ts";

const mock = useMockLLM();
const SECRET = "sk-ant-api03-DISTINCTIVE-7f3a9c2e5b1d";
const MODEL = "anthropic/claude-haiku-4-5";

/** Every file under `dir` with its text (binary files too: a key is ASCII either way). */
function filesUnder(dir: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const walk = (d: string) => {
    let names: string[] = [];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push({ path, text: readFileSync(path, "latin1") });
    }
  };
  walk(dir);
  return out;
}

/** The places in what was written that hold the key, for a failure message that says where. */
function leaks(results: KitResult[], dirs: string[]): string[] {
  const found: string[] = [];
  results.forEach((r, i) => {
    if (r.stdout.includes(SECRET)) found.push(`stdout of run ${i}`);
    if (r.stderr.includes(SECRET)) found.push(`stderr of run ${i}: ${r.stderr.split("\n").find((l) => l.includes(SECRET))}`);
  });
  for (const dir of dirs) for (const f of filesUnder(dir)) if (f.text.includes(SECRET)) found.push(f.path);
  return found;
}

test("a distinctive API key appears in nothing a run writes: sessions, sidecar, --json, stream-json, --debug, provider errors", async () => {
  const home = isolatedHome();
  const cwd = project({ "notes.txt": "some notes\n" });
  const env = kitEnv(home, { ANTHROPIC_API_KEY: SECRET, ANTHROPIC_BASE_URL: mock.url, KIT_MAX_RETRIES: "0" });
  // An extension that writes to the state sidecar and to the session, so both files exist to be searched.
  const ext = extension(`export default function (kit) {
  kit.onAgentEnd((_e, ctx) => {
    ctx.setState("turns", String(Number(ctx.getState("turns") ?? 0) + 1));
    ctx.appendEntry("probe", "turn ended");
  });
}
`);
  const run = (args: string[]) => runKit(["--model", MODEL, "-e", ext, ...args], { cwd, env });
  const results: KitResult[] = [];

  mock.push(toolCall("read", { path: "notes.txt" }), text("Read them."));
  results.push(await run(["read the notes"]));
  expect(results.at(-1)!.stdout).toContain("Read them.");

  mock.push(text("As JSON."));
  results.push(await run(["--json", "answer"]));
  expect(results.at(-1)!.stdout).toContain("As JSON.");

  mock.push(toolCall("ls", { path: "." }), text("Streamed."));
  results.push(await run(["--output", "stream-json", "--debug", "list"]));
  expect(results.at(-1)!.stdout).toContain("Streamed.");

  // A provider whose error echoes the key it was given, as some gateways do.
  mock.push(httpError(401, { message: `invalid x-api-key: ${SECRET}` }));
  results.push(await run(["fail"]));
  expect(results.at(-1)!.exitCode).not.toBe(0);
  expect(results.at(-1)!.stderr).toContain("invalid x-api-key");
  mock.push(httpError(401, { message: `invalid x-api-key: ${SECRET}` }));
  results.push(await run(["--json", "fail"]));
  mock.push(httpError(401, { message: `invalid x-api-key: ${SECRET}` }));
  results.push(await run(["--output", "stream-json", "--debug", "fail"]));

  // The key written in a gateway's URL: shown redacted in --debug and in the error that the gateway is down.
  results.push(await runKit(["--model", MODEL, "--debug", "--provider-url", `http://127.0.0.1:9/v1?key=${SECRET}`, "hi"], { cwd, env }));
  expect(results.at(-1)!.exitCode).not.toBe(0);

  // A mistyped URL (no scheme) with the key in it: the usage error says what to fix, without the key.
  results.push(await runKit(["--model", MODEL, "--provider-url", `127.0.0.1:9/v1?key=${SECRET}`, "hi"], { cwd, env }));
  expect(results.at(-1)!.exitCode).toBe(2);
  expect(results.at(-1)!.stderr).toContain("has no scheme");
  results.push(await runKit(["--model", MODEL, "--json", "--provider-url", `127.0.0.1:9/v1?key=${SECRET}`, "hi"], { cwd, env }));

  expect(mock.requests.every((r) => r.headers.authorization === `Bearer ${SECRET}`)).toBe(true);
  const written = filesUnder(home).map((f) => f.path);
  expect(written.some((p) => p.endsWith(".ext-state.json"))).toBe(true);
  expect(written.filter((p) => p.endsWith(".jsonl")).length).toBeGreaterThanOrEqual(3);
  expect(leaks(results, [home, cwd])).toEqual([]);
}, 120_000);
