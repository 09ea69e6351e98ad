/**
 * The built binary as a user runs it: version and help without config, a headless turn against the
 * scripted provider on each wire, retry after a 429, and the usage/auth exit codes.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { httpError, text } from "../support/mock-llm.ts";
import { isolatedHome, kitEnv, runKit } from "../support/kit-process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { version } from "../../package.json";
import { useMockLLM } from "../support/use-mock-llm.ts";

const mock = useMockLLM({ strict: false });

const keys = { ANTHROPIC_API_KEY: "test-anthropic", OPENAI_API_KEY: "test-openai" };

describe("--version and --help", () => {
  test("answer without reading config or needing a key", async () => {
    const home = isolatedHome();
    // A broken global config would fail any run that reads it.
    writeFileSync(join(home, ".kit.yml"), "model: [unclosed\n");
    const v = await runKit(["--version"], { env: kitEnv(home) });
    expect(v.stderr).toBe("");
    expect(v.exitCode).toBe(0);
    // The binary names the commit it was built from: one of this checkout's history (HEAD when npm test built it).
    const commit = /^kit (\S+) \(commit ([0-9a-f]{12})\)\n$/.exec(v.stdout);
    expect(commit?.[1]).toBe(version);
    const isAncestor = Bun.spawnSync(["git", "merge-base", "--is-ancestor", commit![2]!, "HEAD"], { cwd: import.meta.dir });
    expect(isAncestor.exitCode).toBe(0);
    expect((await runKit(["-v"], { env: kitEnv(home) })).stdout).toBe(v.stdout);
    const h = await runKit(["--help"], { env: kitEnv(home) });
    expect(h.exitCode).toBe(0);
    expect(h.stdout).toContain("--provider-url URL");
    expect(h.stdout).toContain("--max-steps N");
    expect(h.stdout).toContain("update-models");
    expect(h.stderr).toBe("");
  });
});

describe("a headless turn against the scripted provider", () => {
  const cases = [
    { wire: "anthropic", model: "anthropic/claude-sonnet-4-5", path: "/v1/messages" },
    { wire: "openai", model: "openai/gpt-5", path: "/responses" },
    { wire: "openai-compat", model: "openai/gpt-5", path: "/chat/completions" },
  ];
  for (const c of cases) {
    test(`prints only the reply on stdout (${c.wire})`, async () => {
      mock.push(text(`Hello over ${c.wire}.`));
      const before = mock.requests.length;
      const r = await runKit(["--provider-url", mock.url, "-m", c.model, "--provider-wire", c.wire, "hi"], {
        env: kitEnv(isolatedHome(), keys),
      });
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toBe(`Hello over ${c.wire}.\n`);
      const req = mock.requests[before]!;
      expect(req.path.endsWith(c.path)).toBe(true);
      expect(JSON.stringify(req.body)).toContain("hi");
      expect(req.body.model).toBe(c.model.split("/")[1]);
    });
  }

  test("a 429 with retry-after: 1 is retried after about a second and succeeds", async () => {
    mock.push(httpError(429, { headers: { "retry-after": "1" } }), text("after the wait"));
    const started = performance.now();
    const r = await runKit(["--provider-url", mock.url, "hi"], { env: kitEnv(isolatedHome(), keys) });
    const elapsed = performance.now() - started;
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("after the wait\n");
    expect(r.stderr).toContain("retrying in 1.0 s (attempt 1)");
    // The wait is the server's, not a guess: the run cannot have finished before it.
    expect(elapsed).toBeGreaterThanOrEqual(1000);
  });

  test("runs from any directory, with config from that directory", async () => {
    const dir = tempDir("kit-anywhere-");
    mkdirSync(join(dir, "sub"));
    writeFileSync(join(dir, "sub", ".kit.yml"), `provider-url: ${mock.url}\nmodel: openai/gpt-4.1\nprovider-wire: openai-compat\n`);
    mock.push(text("from sub"));
    // The config names an endpoint: it counts once the project is trusted (here for this run).
    const r = await runKit(["--trust-project", "hi"], { cwd: join(dir, "sub"), env: kitEnv(isolatedHome(), keys) });
    expect(r.stdout).toBe("from sub\n");
    expect(mock.requests.at(-1)!.body.model).toBe("gpt-4.1");
  });
});

describe("exit codes", () => {
  test("a bad flag is exit 2 and says what to do", async () => {
    const r = await runKit(["--no-such-flag", "hi"]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("unknown flag --no-such-flag");
    expect(r.stderr).toContain("kit --help");
    expect(r.stdout).toBe("");
  });

  test("a bad value and a bad model format are exit 2", async () => {
    expect((await runKit(["--max-steps", "many", "hi"])).exitCode).toBe(2);
    const m = await runKit(["-m", "claude-sonnet-4-5", "hi"], { env: kitEnv(isolatedHome(), keys) });
    expect(m.exitCode).toBe(2);
    expect(m.stderr).toContain("provider/model");
  });

  test("a bad config file is exit 2 with file and line", async () => {
    const dir = tempDir("kit-badcfg-");
    writeFileSync(join(dir, ".kit.yml"), "model: openai/gpt-5\nmax-tokens: plenty\n");
    const r = await runKit(["hi"], { cwd: dir, env: kitEnv(isolatedHome(), keys) });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`${join(dir, ".kit.yml")}:2: max-tokens must be a number`);
  });

  test("a missing key is exit 3 naming the variable and the flag", async () => {
    const r = await runKit(["--provider-url", mock.url, "hi"]);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain("set ANTHROPIC_API_KEY, or pass --provider-api-key");
    const o = await runKit(["-m", "openai/gpt-5", "hi"]);
    expect(o.exitCode).toBe(3);
    expect(o.stderr).toContain("OPENAI_API_KEY");
  });

  test("an empty prompt is exit 2", async () => {
    const r = await runKit([], { stdin: "", env: kitEnv(isolatedHome(), keys) });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("empty prompt");
  });
});

describe("subcommands", () => {
  test("kit models lists the registry", async () => {
    const r = await runKit(["models", "anthropic"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("claude-sonnet-4-5");
    const bad = await runKit(["models", "nope"]);
    expect(bad.exitCode).toBe(2);
  });

  test("kit update-models reads a models.dev file into the data directory", async () => {
    const home = isolatedHome();
    const file = join(home, "api.json");
    writeFileSync(
      file,
      JSON.stringify({
        acme: { id: "acme", name: "Acme", models: { "rocket-1": { id: "rocket-1", name: "Rocket 1", limit: { context: 1000, output: 100 }, cost: { input: 1, output: 2 } } } },
      }),
    );
    const u = await runKit(["update-models", file], { env: kitEnv(home) });
    expect(u.exitCode).toBe(0);
    const list = await runKit(["models", "acme"], { env: kitEnv(home) });
    expect(list.stdout).toContain("rocket-1");
  });
});
