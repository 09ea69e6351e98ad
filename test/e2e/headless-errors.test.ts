/**
 * Errors that say what is wrong (issue 15), through the built binary: a base URL without a scheme is
 * a usage error naming where it came from and the fix, an unreachable endpoint is named, and the
 * JSON formats keep stderr to their one documented error line.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { runKit } from "../support/kit-process.ts";
import { contextOverflow, httpError, text, toolCall, type Step } from "../support/mock-llm.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { project, shell, userBlocks, userEnv } from "./headless-support.ts";

const mock = useMockLLM();

/** A user's environment (see userEnv) with these files under HOME. */
function homeWith(files: Record<string, string>, extra: Record<string, string> = {}): Record<string, string> {
  const env = userEnv(extra);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(env.HOME!, rel)), { recursive: true });
    writeFileSync(join(env.HOME!, rel), content);
  }
  return env;
}

describe("a base URL without a scheme", () => {
  const cases: { name: string; args?: string[]; env?: Record<string, string>; files?: Record<string, string>; source: string; fix: string }[] = [
    { name: "--provider-url", args: ["--provider-url", "127.0.0.1:8080"], source: "--provider-url", fix: "http://127.0.0.1:8080" },
    { name: "KIT_PROVIDER_URL", env: { KIT_PROVIDER_URL: "localhost:11434/v1" }, source: "KIT_PROVIDER_URL", fix: "http://localhost:11434/v1" },
    { name: "ANTHROPIC_BASE_URL", env: { ANTHROPIC_BASE_URL: "proxy.local:8443" }, source: "ANTHROPIC_BASE_URL", fix: "http://proxy.local:8443" },
    {
      name: "OPENAI_BASE_URL",
      args: ["-m", "openai/gpt-5"],
      env: { OPENAI_API_KEY: "k", OPENAI_BASE_URL: "gateway:9000/v1" },
      source: "OPENAI_BASE_URL",
      fix: "http://gateway:9000/v1",
    },
    // The project is trusted (--trust-project): an untrusted one's provider-url is skipped, not checked.
    { name: "provider-url in the project config", args: ["--trust-project"], files: { ".kit.yml": "model: anthropic/claude-sonnet-4-5\nprovider-url: 127.0.0.1:9\n" }, source: ".kit.yml:2: provider-url", fix: "http://127.0.0.1:9" },
    {
      name: "providers.<id>.baseUrl",
      args: ["--trust-project", "-m", "ollama/llama3"],
      files: { ".kit.yml": "providers:\n  ollama:\n    baseUrl: localhost:11434/v1\n" },
      source: "providers.ollama.baseUrl",
      fix: "http://localhost:11434/v1",
    },
    {
      name: "customModels.<id>.baseUrl",
      args: ["--trust-project", "-m", "custom/llama3"],
      files: { ".kit.yml": "customModels:\n  llama3:\n    baseUrl: 127.0.0.1:8080/v1\n" },
      source: "customModels.llama3.baseUrl",
      fix: "http://127.0.0.1:8080/v1",
    },
  ];

  for (const c of cases) {
    test(`from ${c.name}: exit 2 at once, naming the source and the fix; no request is made`, async () => {
      const before = mock.requests.length;
      const started = performance.now();
      const r = await runKit([...(c.args ?? []), "hi"], { cwd: project(c.files), env: userEnv(c.env) });
      expect(r.exitCode).toBe(2);
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(r.stderr).toContain(c.source);
      expect(r.stderr).toContain(`write it as ${c.fix}`);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stdout).toBe("");
      expect(mock.requests.length).toBe(before);
    });
  }

  test("with --json, the same error is the one JSON line on stderr", async () => {
    const r = await runKit(["--json", "--provider-url", "127.0.0.1:8080", "hi"], { cwd: project(), env: userEnv() });
    expect(r.exitCode).toBe(2);
    expect(JSON.parse(r.stderr)).toEqual({
      error: { kind: "usage", message: '--provider-url "127.0.0.1:8080" has no scheme: write it as http://127.0.0.1:8080 (or https://…)' },
    });
  });
});

test("an unreachable endpoint: exit 4, and the message names the URL kit tried", async () => {
  const cwd = project();
  writeFileSync(join(cwd, ".kit.yml"), "max-retries: 0\n");
  // Port 1 on the loopback: nothing listens there, so the connection is refused at once.
  const r = await runKit(["--provider-url", "http://127.0.0.1:1", "hi"], { cwd, env: userEnv() });
  expect(r.exitCode).toBe(4);
  expect(r.stderr).toContain("cannot reach http://127.0.0.1:1/v1/messages");
  expect(r.stderr).toContain("--provider-url");
});

describe("under --json, stderr is exactly the one JSON error line, whatever the error", () => {
  const cases: { kind: string; exit: number; args?: string[]; env?: Record<string, string | undefined>; files?: Record<string, string>; steps?: () => Step[] }[] = [
    { kind: "auth", exit: 3, env: { ANTHROPIC_API_KEY: undefined } },
    { kind: "auth", exit: 3, steps: () => [httpError(401)] },
    { kind: "usage", exit: 2, args: ["--max-stpes", "3"] },
    { kind: "usage", exit: 2, args: ["--max-tokens", "many"] },
    { kind: "usage", exit: 2, args: ["-m", "sonnet"] },
    { kind: "usage", exit: 2, files: { ".kit.yml": "model: [\n" } },
    { kind: "usage", exit: 2, files: { ".kit.yml": "max-tokenz: 5\n" } },
    { kind: "overloaded", exit: 4, env: { KIT_MAX_RETRIES: "1" }, steps: () => [httpError(529, { headers: { "retry-after-ms": "5" } }), httpError(529, { headers: { "retry-after-ms": "5" } })] },
    { kind: "context_overflow", exit: 5, steps: () => [contextOverflow()] },
    { kind: "limit", exit: 6, args: ["--max-steps", "1"], steps: () => [toolCall("bash", { command: "true" })] },
    { kind: "invalid_request", exit: 1, steps: () => [httpError(400, { message: "max_tokens: too large" })] },
  ];
  for (const c of cases) {
    const what = [...(c.args ?? []), ...Object.keys(c.files ?? {}), ...Object.keys(c.env ?? {})].join(" ") || (c.steps?.()[0] as { status?: number }).status;
    test(`${c.kind} (${what}): exit ${c.exit}`, async () => {
      if (c.steps) mock.push(...c.steps());
      const r = await runKit(["--provider-url", mock.url, "--json", ...(c.args ?? []), "hi"], { cwd: project(c.files), env: userEnv(c.env) });
      expect(r.exitCode).toBe(c.exit);
      expect(r.stderr.endsWith("\n")).toBe(true);
      const lines = r.stderr.slice(0, -1).split("\n");
      expect(lines).toHaveLength(1);
      const o = JSON.parse(lines[0]!);
      expect(Object.keys(o)).toEqual(["error"]);
      expect(Object.keys(o.error)).toEqual(["kind", "message"]);
      expect(o.error.kind).toBe(c.kind);
    });
  }

  test("a context overflow under --quiet: one line, the error and what to do, nothing that contradicts it", async () => {
    mock.push(contextOverflow());
    const r = await runKit(["--provider-url", mock.url, "--quiet", "hi"], { cwd: project(), env: userEnv() });
    expect(r.exitCode).toBe(5);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("start a new session");
    expect(r.stderr).not.toContain("already fits");
  });
});

describe("an invalid model names where it was written", () => {
  const cases: { name: string; args?: string[]; env?: Record<string, string>; files?: Record<string, string>; home?: Record<string, string>; source: string }[] = [
    { name: "--model", args: ["--model", "sonnet"], source: '--model: invalid model "sonnet"' },
    { name: "KIT_MODEL", env: { KIT_MODEL: "claude sonnet" }, source: 'KIT_MODEL: invalid model "claude sonnet"' },
    { name: "the project config, with its line", files: { ".kit.yml": "max-steps: 3\nmodel: sonnet\n" }, source: '.kit.yml:2: model: invalid model "sonnet"' },
    { name: "preferences.yml", home: { ".config/kit/preferences.yml": "theme: dark\nmodel: /haiku\n" }, source: 'kit/preferences.yml:2: model: invalid model "/haiku"' },
  ];
  for (const c of cases) {
    test(`from ${c.name}`, async () => {
      const env = homeWith(c.home ?? {}, c.env);
      const r = await runKit([...(c.args ?? []), "hi"], { cwd: project(c.files), env });
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain(c.source);
      expect(r.stderr).toContain("expected provider/model");
    });
  }
});

describe("a config file with a syntax error names its line and column", () => {
  test.each([
    [".kit.yml", "model: anthropic/claude-sonnet-4-5\nmax-steps: [3\n", ".kit.yml:3:1"],
    [".kit.json", '{\n  "model": "anthropic/claude-sonnet-4-5",,\n  "max-steps": 3\n}\n', ".kit.json:2:42"],
    [".kit.json", '{\n  "model": "anthropic/claude-sonnet-4-5"\n  "max-steps": 3\n}\n', ".kit.json:3:3"],
  ])("%s", async (file, content, where) => {
    const r = await runKit(["hi"], { cwd: project({ [file]: content }), env: userEnv() });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`${where}: invalid config:`);
  });
});

describe("the global config file in the XDG place", () => {
  test("~/.config/kit/config.yml is read as the global config", async () => {
    mock.push(text("ok"));
    const env = homeWith({ ".config/kit/config.yml": "model: anthropic/claude-haiku-4-5\n" });
    const r = await runKit(["--provider-url", mock.url, "hi"], { cwd: project(), env });
    expect(r.exitCode).toBe(0);
    expect(mock.requests.at(-1)!.body.model).toBe("claude-haiku-4-5");
    expect(r.stderr).not.toContain("two global config files");
  });

  test("with ~/.kit.yml as well: the XDG one wins, and one warning says so (none under --json)", async () => {
    const env = homeWith({ ".config/kit/config.yml": "model: anthropic/claude-haiku-4-5\n", ".kit.yml": "model: anthropic/claude-opus-4-1\n" });
    mock.push(text("ok"), text("ok"));
    const r = await runKit(["--provider-url", mock.url, "hi"], { cwd: project(), env });
    expect(r.exitCode).toBe(0);
    expect(mock.requests.at(-1)!.body.model).toBe("claude-haiku-4-5");
    const warnings = r.stderr.split("\n").filter((l) => l.includes("two global config files"));
    expect(warnings).toEqual([
      `kit: two global config files: ${join(env.HOME!, ".config/kit/config.yml")} is used and ${join(env.HOME!, ".kit.yml")} is ignored; merge them into ${join(env.HOME!, ".config/kit/config.yml")} and remove the other`,
    ]);
    const j = await runKit(["--provider-url", mock.url, "--json", "hi"], { cwd: project(), env });
    expect(j.exitCode).toBe(0);
    expect(j.stderr).toBe("");
  });
});

describe("--thinking-level with an explicit --max-tokens", () => {
  const haiku = ["-m", "anthropic/claude-haiku-4-5", "--thinking-level", "high"];

  test("too small for any budget: max_tokens stays 1000, thinking is off, and kit says so once", async () => {
    mock.push(toolCall("bash", { command: "true" }), text("done"));
    const before = mock.requests.length;
    const r = await runKit(["--provider-url", mock.url, ...haiku, "--max-tokens", "1000", "hi"], { cwd: project(), env: userEnv() });
    expect(r.exitCode).toBe(0);
    const sent = mock.requests.slice(before);
    expect(sent).toHaveLength(2);
    for (const req of sent) {
      expect(req.body.max_tokens).toBe(1000);
      expect(req.body.thinking).toBeUndefined();
    }
    const notices = r.stderr.split("\n").filter((l) => l.includes("thinking"));
    expect(notices).toEqual(["kit: --max-tokens 1000 leaves no room for thinking (the smallest budget is 1024 tokens, below max_tokens): thinking is off; raise --max-tokens to think"]);
  });

  test("too small for the level's budget: the budget shrinks below max_tokens, said once; nothing under --json", async () => {
    mock.push(text("done"));
    const before = mock.requests.length;
    const r = await runKit(["--provider-url", mock.url, ...haiku, "--max-tokens", "5000", "hi"], { cwd: project(), env: userEnv() });
    expect(r.exitCode).toBe(0);
    expect(mock.requests[before]!.body).toMatchObject({ max_tokens: 5000, thinking: { type: "enabled", budget_tokens: 3976 } });
    expect(r.stderr).toBe("kit: the thinking budget of --thinking-level high (32000 tokens) does not fit --max-tokens 5000: thinking gets 3976 tokens\n");
    mock.push(text("done"));
    const j = await runKit(["--provider-url", mock.url, ...haiku, "--max-tokens", "5000", "--json", "hi"], { cwd: project(), env: userEnv() });
    expect(j.exitCode).toBe(0);
    expect(j.stderr).toBe("");
  });

  test("the OpenAI wires send the explicit limit as it is, with the reasoning effort", async () => {
    const env = userEnv({ OPENAI_API_KEY: "test-openai-key" });
    for (const [wire, limitField, effortOf] of [
      ["openai", "max_output_tokens", (b: any) => b.reasoning?.effort],
      ["openai-compat", "max_tokens", (b: any) => b.reasoning_effort],
    ] as const) {
      mock.push(text("done"));
      const r = await runKit(["--provider-url", `${mock.url}/v1`, "-m", "openai/gpt-5", "--provider-wire", wire, "--thinking-level", "high", "--max-tokens", "1000", "hi"], {
        cwd: project(),
        env,
      });
      expect(r.exitCode).toBe(0);
      const body = mock.requests.at(-1)!.body;
      expect(body[limitField]).toBe(1000);
      expect(effortOf(body)).toBe("high");
      expect(r.stderr).toBe("");
    }
  });
});

describe("--debug", () => {
  const SECRET_FLAG = "sk-ant-flag-0123456789abcdef";
  const SECRET_ENV = "sk-ant-env-fedcba9876543210";

  test("prints the config files read, the model, wire, base URL and limits, then one line per request; never the key", async () => {
    const cwd = project({ ".kit.yml": "max-steps: 5\n" });
    const env = homeWith({ ".config/kit/config.yml": "max-retries: 2\n" }, { ANTHROPIC_API_KEY: SECRET_ENV });
    mock.push(toolCall("bash", { command: "true" }, { requestId: "req_first" }), text("done", { requestId: "req_second" }));
    const r = await runKit(["--provider-url", mock.url, "-m", "anthropic/claude-haiku-4-5", "--max-tokens", "2000", "--debug", "--provider-api-key", SECRET_FLAG, "hi"], {
      cwd,
      env,
    });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("done\n");
    const debug = r.stderr.split("\n").filter((l) => l.startsWith("kit debug: "));
    expect(debug.slice(0, 4)).toEqual([
      `kit debug: config files: ${join(env.HOME!, ".config/kit/config.yml")}, ${join(cwd, ".kit.yml")}`,
      "kit debug: model: anthropic/claude-haiku-4-5 (from --model)",
      `kit debug: wire: anthropic; base URL: ${mock.url}`,
      `kit debug: limits: context window 200000, model output 64000, max-tokens 2000 (from --max-tokens), thinking-level off, max-steps 5 (from ${join(cwd, ".kit.yml")}:1), max-cost 0 (unlimited), max-retries 2 (from ${join(env.HOME!, ".config/kit/config.yml")}:1), stream-first-byte-timeout 120, stream-idle-timeout 120`,
    ]);
    const requests = debug.slice(4);
    expect(requests).toHaveLength(2);
    expect(requests[0]).toMatch(new RegExp(`^kit debug: POST ${mock.url}/v1/messages → 200 in \\d+ ms, request id req_first$`));
    expect(requests[1]).toMatch(/request id req_second$/);
    expect(r.stderr + r.stdout).not.toContain(SECRET_FLAG);
    expect(r.stderr + r.stdout).not.toContain(SECRET_ENV);
  });

  test("a password in the base URL is shown as ***", async () => {
    mock.push(text("done"));
    const url = mock.url.replace("http://", `http://kit:${SECRET_FLAG}@`);
    const r = await runKit(["--provider-url", url, "--debug", "hi"], { cwd: project(), env: userEnv() });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain(`base URL: ${mock.url.replace("http://", "http://kit:***@")}/\n`);
    expect(r.stderr).toMatch(/POST http:\/\/kit:\*\*\*@127\.0\.0\.1:\d+\/v1\/messages → 200/);
    expect(r.stderr).not.toContain(SECRET_FLAG);
  });

  test("a failed request and one that cannot connect are one line each too; the key from the environment never shows", async () => {
    mock.push(httpError(401));
    const env = userEnv({ ANTHROPIC_API_KEY: SECRET_ENV });
    const r = await runKit(["--provider-url", mock.url, "--debug", "hi"], { cwd: project(), env });
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(new RegExp(`kit debug: POST ${mock.url}/v1/messages → 401 in \\d+ ms, request id \\S+`));
    const down = await runKit(["--provider-url", "http://127.0.0.1:1", "--debug", "--json", "hi"], { cwd: project({ ".kit.yml": "max-retries: 0\n" }), env });
    expect(down.exitCode).toBe(4);
    expect(down.stderr).toMatch(/kit debug: POST http:\/\/127\.0\.0\.1:1\/v1\/messages failed after \d+ ms: /);
    for (const out of [r.stderr, r.stdout, down.stderr, down.stdout]) expect(out).not.toContain(SECRET_ENV);
  });
});

describe("input that is not UTF-8, and @paths that do not exist", () => {
  /** The text blocks of the last request's user message. */
  const sentTexts = () => userBlocks(mock.requests.at(-1)!).map((b) => b.text ?? "");
  const notices = (stderr: string, what: string) => stderr.split("\n").filter((l) => l.includes(what));

  test("stdin: decoded with U+FFFD for each bad byte, and one notice", async () => {
    mock.push(text("ok"));
    const r = await shell(`printf 'caf\\xe9 cr\\xe8me\\n' | "$KIT" --provider-url ${mock.url} "translate this"`, { cwd: project(), env: userEnv() });
    expect(r.exitCode).toBe(0);
    expect(sentTexts()).toEqual(["<stdin>\ncaf\uFFFD cr\uFFFDme\n</stdin>\n\ntranslate this"]);
    expect(notices(r.stderr, "UTF-8")).toEqual(["kit: stdin is not valid UTF-8: the invalid bytes were replaced with U+FFFD (\uFFFD)"]);
  });

  test("an @file in Latin-1: attached with U+FFFD, and one notice naming it", async () => {
    const cwd = project({ "latin1.txt": Uint8Array.from([0x6e, 0x61, 0xef, 0x76, 0x65, 0x0a]) });
    mock.push(text("ok"));
    const r = await shell(`"$KIT" --provider-url ${mock.url} "read @latin1.txt"`, { cwd, env: userEnv() });
    expect(r.exitCode).toBe(0);
    expect(sentTexts()[0]).toBe(`<file path="${join(cwd, "latin1.txt")}">\nna\uFFFDve\n</file>`);
    expect(notices(r.stderr, "UTF-8")).toEqual(["kit: @latin1.txt is not valid UTF-8: the invalid bytes were replaced with U+FFFD (\uFFFD)"]);
  });

  test("an argument with bytes that are not UTF-8: sent with U+FFFD, and one notice", async () => {
    mock.push(text("ok"));
    const r = await shell(`"$KIT" --provider-url ${mock.url} "$(printf 'na\\xefve')" "$(printf 'caf\\xe9')"`, { cwd: project(), env: userEnv() });
    expect(r.exitCode).toBe(0);
    expect(sentTexts()).toEqual(["na\uFFFDve caf\uFFFD"]);
    expect(notices(r.stderr, "UTF-8")).toEqual(["kit: the prompt arguments are not valid UTF-8: the invalid bytes were replaced with U+FFFD (\uFFFD)"]);
  });

  test("an @path that does not exist stays literal text, with a one-line notice; valid input has none", async () => {
    const cwd = project({ "notes.md": "ship it\n" });
    mock.push(text("ok"));
    const r = await shell(`"$KIT" --provider-url ${mock.url} "compare @notes.md with @missing.txt"`, { cwd, env: userEnv() });
    expect(r.exitCode).toBe(0);
    expect(sentTexts()).toEqual([`<file path="${join(cwd, "notes.md")}">\nship it\n</file>`, "compare @notes.md with @missing.txt"]);
    expect(notices(r.stderr, "@")).toEqual(["kit: @missing.txt: no such file; it was sent as text"]);
    expect(notices(r.stderr, "UTF-8")).toEqual([]);
  });

  test("under --quiet, neither notice (only errors go to stderr)", async () => {
    mock.push(text("ok"));
    const r = await shell(`printf '\\xff' | "$KIT" --provider-url ${mock.url} --quiet "look at @missing.txt"`, { cwd: project(), env: userEnv() });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("ok\n");
    expect(r.stderr).toBe("");
  });
});

test("kit --help names the XDG global config file and what --debug prints", async () => {
  const r = await runKit(["--help"]);
  expect(r.exitCode).toBe(0);
  expect(r.stdout).toContain("Config: ~/.config/kit/config.yml (or ~/.kit.yml), ./.kit.yml.");
  expect(r.stdout).toMatch(/--debug +print config files, model, endpoint, limits and each request on stderr/);
  expect(r.stdout).toMatch(/--provider-url URL +base URL, scheme included \(http:\/\/host:port\/v1\)/);
});
