/**
 * The user's API key never leaves kit's memory except in the request to their provider (issue #21):
 * runs of several kinds with a distinctive key, then a grep of everything they wrote: stdout, stderr,
 * the session files and their state sidecars, and every file of the data, config and cache directories.
 */
import { expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isolatedHome, kitEnv, runKit, type KitResult } from "../support/kit-process.ts";
import { httpError, text, toolCall } from "../support/mock-llm.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { project } from "./headless-support.ts";
import { extension } from "./extension-runs.ts";
import { KitTerminal, workspace } from "./interactive-support.ts";

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

/** Where the requests the mock provider received hold `value`: the model must not see it either. */
function requestLeaks(value: string, from: number): string[] {
  return mock.requests.slice(from).flatMap((r, i) => (JSON.stringify(r.body).includes(value) ? [`request ${i} to ${r.path}`] : []));
}

test("keys a tool prints (env, echo $KEY, cat of a file) reach neither the model, the session, --json nor stream-json", async () => {
  const home = isolatedHome();
  const token = "ghp_DISTINCTIVE0token4b8e1a";
  const cwd = project({ ".env": `ANTHROPIC_API_KEY=${SECRET}\n` });
  // A second key variable, of no provider: any KEY/TOKEN/SECRET/PASSWORD/CREDENTIAL variable is a secret.
  const env = kitEnv(home, { ANTHROPIC_API_KEY: SECRET, DEPLOY_TOKEN: token, ANTHROPIC_BASE_URL: mock.url, KIT_MAX_RETRIES: "0" });
  const results: KitResult[] = [];
  const firstRequest = mock.requests.length;
  const printKeys = () => toolCall("bash", { command: "env; echo \"key=$ANTHROPIC_API_KEY token=$DEPLOY_TOKEN\"" });

  mock.push(printKeys(), text("Printed."));
  results.push(await runKit(["--model", MODEL, "print the keys"], { cwd, env }));
  expect(results.at(-1)!.stdout).toContain("Printed.");
  mock.push(printKeys(), text("As JSON."));
  results.push(await runKit(["--model", MODEL, "--json", "print the keys"], { cwd, env }));
  expect(results.at(-1)!.stdout).toContain("As JSON.");
  mock.push(printKeys(), text("Streamed."));
  results.push(await runKit(["--model", MODEL, "--output", "stream-json", "print the keys"], { cwd, env }));
  expect(results.at(-1)!.stdout).toContain("Streamed.");
  // The commands ran with the keys in their environment (scripts may need them); only their output is masked.
  const toolResults = mock.requests.slice(firstRequest).filter((_, i) => i % 2 === 1).map((r) => JSON.stringify(r.body));
  expect(toolResults.length).toBe(3);
  for (const body of toolResults) expect(body).toContain("key=*** token=***");

  // An extension's tool that hands out the key, in its text and in its details (both kept in the session).
  const ext = extension(`export default function (kit) {
  kit.registerTool({
    name: "leaky",
    description: "returns the key",
    parameters: {},
    execute: () => ({ content: "leaky key " + process.env.ANTHROPIC_API_KEY, details: { env: { key: process.env.ANTHROPIC_API_KEY } } }),
  });
}
`);
  mock.push(toolCall("leaky", {}), text("Leaked nothing."));
  results.push(await runKit(["--model", MODEL, "-e", ext, "--output", "stream-json", "use leaky"], { cwd, env }));
  expect(results.at(-1)!.stdout).toContain("Leaked nothing.");
  expect(JSON.stringify(mock.requests.at(-1)!.body)).toContain("leaky key ***");

  // A key given by flag, in no variable, is the run's key all the same: a file holding it is masked when read.
  const flagEnv = kitEnv(home, { ANTHROPIC_BASE_URL: mock.url, KIT_MAX_RETRIES: "0" });
  mock.push(toolCall("read", { path: ".env" }), text("Read it."));
  results.push(await runKit(["--model", MODEL, "--provider-api-key", SECRET, "--json", "read .env"], { cwd, env: flagEnv }));
  expect(results.at(-1)!.stdout).toContain("Read it.");
  expect(JSON.stringify(mock.requests.at(-1)!.body)).toContain("ANTHROPIC_API_KEY=***");

  expect(requestLeaks(SECRET, firstRequest)).toEqual([]);
  expect(requestLeaks(token, firstRequest)).toEqual([]);
  expect(leaks(results, [home]).filter((where) => !where.endsWith(".env"))).toEqual([]);
  expect(results.filter((r) => r.stdout.includes(token) || r.stderr.includes(token)).length).toBe(0);
  expect(filesUnder(home).filter((f) => f.text.includes(token)).map((f) => f.path)).toEqual([]);
}, 120_000);

test("in the terminal UI, a command's live output and the user's !command show *** for the key, and !command's output goes to the model masked", async () => {
  const w = workspace();
  const env = { ...w.env, ANTHROPIC_API_KEY: SECRET };
  const firstRequest = mock.requests.length;
  const t = new KitTerminal({ args: ["--provider-url", mock.url, "--model", MODEL], cwd: w.cwd, env });
  try {
    await t.ready();
    // The command keeps running until the test has seen its output live, before any result exists.
    mock.push(toolCall("bash", { command: 'echo "live=$ANTHROPIC_API_KEY"; while [ ! -f seen ]; do sleep 0.05; done' }), text("Done."));
    await t.type("print the key");
    await t.waitFor("the live output, masked", (s) => s.includes("live=***"));
    writeFileSync(join(w.cwd, "seen"), "");
    await t.waitFor("the answer", (s) => s.includes("Done."));

    await t.type("!echo user=$ANTHROPIC_API_KEY");
    await t.waitFor("the shell block, masked", (s) => s.includes("user=***") && !s.includes("Running…"));
    mock.push(text("Noted."));
    await t.type("what did it print?");
    await t.waitFor("the second answer", (s) => s.includes("Noted."));
    expect(JSON.stringify(mock.requests.at(-1)!.body)).toContain("user=***");
    expect(requestLeaks(SECRET, firstRequest)).toEqual([]);
    expect(t.raw.includes(SECRET)).toBe(false);
    expect(await t.quit()).toBe(0);
  } finally {
    t.kill();
  }
}, 120_000);
