/**
 * Every file kit parses, fuzzed: mutations of valid examples (test/support/file-mutations.ts, a
 * fixed set of seeds) of the config file, preferences, themes (YAML and JSON), the front matter of
 * skills, agents and prompt templates, the install manifest and a model catalogue.
 *
 * In process, each mutation goes through the reader kit uses and must end either parsed or with the
 * error kit reports for that file (exit 2 for configuration, naming the path and line) — never a
 * TypeError, RangeError or ReferenceError, which the CLI would print as "internal error" with a stack
 * trace — and within a time limit (alias bombs and deep nesting must not hang). Then a representative
 * subset runs through the built binary the way a user meets each file: an exit code from the
 * documented set, no stack trace, no hang.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { loadConfig } from "../../src/config/config.ts";
import { FileParseError } from "../../src/config/parse-file.ts";
import { KitError } from "../../src/errors.ts";
import { foldersWithDependencies } from "../../src/install/deps.ts";
import { readManifest } from "../../src/install/manifest.ts";
import { ModelRegistry } from "../../src/llm/models/registry.ts";
import { parseAgent } from "../../src/resources/agents.ts";
import { parseSkill } from "../../src/resources/skills.ts";
import { parseSessionText } from "../../src/session/reader.ts";
import { parsePromptTemplate } from "../../src/resources/templates.ts";
import { parseThemeText, ThemeError } from "../../src/ui/theme/parse.ts";
import { isolatedHome, KIT_BIN, kitEnv } from "../support/kit-process.ts";
import { mutate } from "../support/file-mutations.ts";
import { tempDir } from "../support/temp-dir.ts";

const CONFIG_YAML = `model: anthropic/claude-haiku-4-5
max-tokens: 16000
thinking-level: low
stop-sequences: [END, STOP]
bash-timeout: 60
customModels:
  llama3.2: { baseUrl: http://localhost:11434/v1, limit: { context: 128000, output: 4096 }, cost: { input: 1, output: 2 } }
providers:
  groq: &groq { baseUrl: https://api.groq.com/openai/v1, wire: openai-compat, apiKeyEnv: GROQ_API_KEY }
  groq2: *groq
options:
  greeting: hello
`;
const CONFIG_JSON = JSON.stringify(
  { model: "openai/gpt-5", "max-steps": 5, "include-core-tools": ["read", "grep"], providers: { local: { baseUrl: "http://127.0.0.1:8080/v1" } } },
  null,
  2,
);
const PREFERENCES = "theme: dracula\nmodel: anthropic/claude-haiku-4-5\nthinking-level: high\n";
const THEME_YAML = `name: night-owl
extends: nord
primary: { light: "#4876d6", dark: "#82aaff" }
accent: "#c792ea"
`;
const THEME_JSON = JSON.stringify({ name: "j", primary: { light: "#000000", dark: "#ffffff" }, accent: "#123456" }, null, 2);
const SKILL = "---\nname: deploy\ndescription: Deploy the app\ntags: [ops, release]\nallowed-tools: [bash, read]\nmetadata:\n  owner: me\n---\n# Deploy\nRun it.\n";
const AGENT = "---\ndescription: reviews code\nmodel: anthropic/claude-haiku-4-5\ntools: read, grep\ntemperature: 0.2\ntimeout: 60\n---\nYou review.\n";
const TEMPLATE = "---\ndescription: Fix an issue\nargument-hint: <issue>\n---\nFix $1 carefully.\n";
const MANIFEST = JSON.stringify(
  {
    packages: [
      {
        source: "https://example.com/u/r@v1", repo: "https://example.com/u/r", host: "example.com", path: "u/r", ref: "v1",
        pinned: true, commit: "0123456789abcdef0123456789abcdef01234567", scope: "local", installed: "2026-01-01T00:00:00.000Z",
        include: ["./ext.ts"], hash: "abc",
      },
    ],
  },
  null,
  2,
);
const CATALOGUE = JSON.stringify(
  { anthropic: { id: "anthropic", models: { "claude-x": { id: "claude-x", name: "X", reasoning: true, limit: { context: 200000, output: 8000 }, cost: { input: 3, output: 15 } } } } },
  null,
  2,
);

const SESSION = [
  { type: "session", version: 1, id: "ea80c951-f7b0-4eda-9ef8-5b7f053eb116", timestamp: "2026-12-07T19:57:22.404Z", cwd: "/tmp/p" },
  { type: "message", id: "86daf491", parentId: null, timestamp: "2026-12-07T19:57:22.407Z", role: "user", content: [{ type: "text", text: "hi" }] },
  {
    type: "message", id: "029aadc8", parentId: "86daf491", timestamp: "2026-12-07T19:57:22.480Z", role: "assistant",
    content: [{ type: "text", text: "hello" }, { type: "tool_call", id: "toolu_1", name: "ls", input: "{}" }],
    model: "claude-haiku-4-5", provider: "anthropic", usage: { input: 10, output: 3, cacheRead: 0, cacheWrite: 0 }, stopReason: "tool_calls",
  },
  { type: "message", id: "5c1e0f2a", parentId: "029aadc8", timestamp: "2026-12-07T19:57:22.500Z", role: "tool", content: [{ type: "tool_result", callId: "toolu_1", name: "ls", output: "a.ts", isError: false }] },
]
  .map((e) => JSON.stringify(e) + "\n")
  .join("");

/** Where the reader in process puts a file, and how each kind is read the way kit reads it. */
interface Kind {
  name: string;
  file: string;
  valid: string;
  /** Throws what kit would report. */
  read(dir: string, path: string): void;
  /** The errors kit reports for this file (anything else is a crash). */
  expected(err: unknown): boolean;
}

const configError = (err: unknown) => err instanceof KitError && err.exitCode === 2;
const readConfig = (dir: string, env: NodeJS.ProcessEnv, explicitFile?: string) => {
  const config = loadConfig({ cwd: dir, env, flags: {}, ...(explicitFile ? { explicitFile } : {}) });
  new ModelRegistry({ dataDir: join(dir, "data"), providers: config.providers, customModels: config.customModels });
};
const parseError = (err: unknown) => err instanceof FileParseError;
// parseAgent's own complaint (no description) is a plain Error naming the agent; the loader adds the path.
const agentError = (err: unknown) => parseError(err) || (err instanceof Error && err.name === "Error" && err.message.startsWith("agent "));

const KINDS: Kind[] = [
  { name: "config (YAML)", file: "config.yml", valid: CONFIG_YAML, read: (d, p) => readConfig(d, {}, p), expected: configError },
  { name: "config (JSON)", file: "config.json", valid: CONFIG_JSON, read: (d, p) => readConfig(d, {}, p), expected: configError },
  {
    name: "preferences",
    file: "xdg/kit/preferences.yml",
    valid: PREFERENCES,
    read: (d) => readConfig(d, { HOME: d, XDG_CONFIG_HOME: join(d, "xdg") }),
    expected: configError,
  },
  { name: "theme (YAML)", file: "theme.yaml", valid: THEME_YAML, read: (_d, p) => void parseThemeText(readText(p), p), expected: (e) => e instanceof ThemeError },
  { name: "theme (JSON)", file: "theme.json", valid: THEME_JSON, read: (_d, p) => void parseThemeText(readText(p), p), expected: (e) => e instanceof ThemeError },
  { name: "skill", file: "deploy.md", valid: SKILL, read: (_d, p) => void parseSkill(p, readText(p)), expected: parseError },
  { name: "agent", file: "reviewer.md", valid: AGENT, read: (_d, p) => void parseAgent(p, readText(p)), expected: agentError },
  { name: "prompt template", file: "fix.md", valid: TEMPLATE, read: (_d, p) => void parsePromptTemplate(p, readText(p)), expected: parseError },
  {
    name: "install manifest",
    file: "git/packages.json",
    valid: MANIFEST,
    read: (d) => void readManifest(join(d, "git")),
    expected: (e) => e instanceof KitError && e.kind === "manifest",
  },
  {
    // A package's package.json, read by `kit install` to decide whether it has dependencies to install.
    name: "package.json",
    file: "pkg/package.json",
    valid: JSON.stringify({ name: "p", dependencies: { picocolors: "^1.1.1" } }, null, 2),
    read: (d) => {
      expect(foldersWithDependencies([join(d, "pkg")]).length).toBeLessThanOrEqual(1);
    },
    expected: (e) => e instanceof KitError && e.kind === "dependencies" && /package\.json:\d+:\d+: invalid package\.json: /.test(e.message),
  },
  // Session files are read line by line: a damaged line is reported by number, never thrown.
  { name: "session lines", file: "s.jsonl", valid: SESSION, read: (_d, p) => void parseSessionText(readText(p)), expected: () => false },
  {
    name: "model catalogue",
    file: "data/models.json",
    valid: CATALOGUE,
    // The registry reads a downloaded catalogue at start; a bad one is a warning, never a failure.
    read: (d) => {
      const registry = new ModelRegistry({ dataDir: join(d, "data") });
      for (const w of registry.warnings) if (!/^ignoring .*models\.json/.test(w)) throw new Error(`unexpected warning: ${w}`);
    },
    expected: () => false,
  },
];

const readText = (path: string) => readFileSync(path, "utf8");

function write(dir: string, rel: string, text: string): string {
  const path = join(dir, rel);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

const SEEDS_PER_KIND = 60;
/**
 * One read of a few KB takes milliseconds (thousands of nested brackets, a few hundred); an alias
 * bomb that is not stopped takes far longer and gigabytes. Generous, for a busy shared machine.
 */
const PARSE_LIMIT_MS = 5000;

describe("in process: every mutation parses or is the file's own error, quickly", () => {
  for (const kind of KINDS) {
    test(`${kind.name}: ${SEEDS_PER_KIND} mutations`, () => {
      const dir = tempDir("kit-fuzz-");
      // The valid example itself reads cleanly.
      kind.read(dir, write(dir, kind.file, kind.valid));
      const crashes: string[] = [];
      const inputs: { label: string; text: string }[] = [];
      for (let seed = 1; seed <= SEEDS_PER_KIND; seed++) inputs.push({ label: `seed ${seed}`, text: mutate(kind.valid, seed) });
      for (const { label, text } of inputs) {
        const path = write(dir, kind.file, text);
        const started = performance.now();
        try {
          kind.read(dir, path);
        } catch (err) {
          if (!kind.expected(err)) crashes.push(`${label}: ${(err as Error)?.stack ?? String(err)}`);
          // What kit reports for this file says where: the path, and for a parse error its line.
          else if (err instanceof FileParseError) expect(err.message).toStartWith(`${path}:${err.line}:`);
        }
        const took = performance.now() - started;
        if (took > PARSE_LIMIT_MS) crashes.push(`${label}: took ${Math.round(took)} ms`);
      }
      expect(crashes).toEqual([]);
    });
  }
});

/** Exit codes of spec/cli.md a run can end with on its own. */
const DOCUMENTED_EXITS = [0, 1, 2, 3, 4, 5, 6];
const RUN_LIMIT_MS = 15_000;

async function runBinary(args: string[], cwd: string, env: Record<string, string>): Promise<{ exitCode: number; stderr: string; stdout: string }> {
  const proc = Bun.spawn([KIT_BIN, ...args], { cwd, env, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const timer = setTimeout(() => proc.kill("SIGKILL"), RUN_LIMIT_MS);
  const [stdout, stderr, exitCode] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  clearTimeout(timer);
  return { stdout, stderr, exitCode };
}

/** How a user meets each file with the built binary: where it goes and the command that reads it. */
const BINARY_CASES: { name: string; file: (home: string, cwd: string) => string; valid: string; args: string[] }[] = [
  // A provider that refuses connections at once and no retries: a valid config ends in exit 4 quickly.
  { name: "project config", file: (_h, c) => join(c, ".kit.yml"), valid: CONFIG_YAML, args: ["--provider-url", "http://127.0.0.1:9", "hi"] },
  { name: "global config (JSON)", file: (h) => join(h, ".config/kit/config.json"), valid: CONFIG_JSON, args: ["--provider-url", "http://127.0.0.1:9", "--json", "hi"] },
  { name: "preferences", file: (h) => join(h, ".config/kit/preferences.yml"), valid: PREFERENCES, args: ["--provider-url", "http://127.0.0.1:9", "hi"] },
  { name: "skill", file: (_h, c) => join(c, ".kit/skills/deploy.md"), valid: SKILL, args: ["--provider-url", "http://127.0.0.1:9", "hi"] },
  { name: "agent", file: (_h, c) => join(c, ".kit/agents/reviewer.md"), valid: AGENT, args: ["--provider-url", "http://127.0.0.1:9", "hi"] },
  { name: "install manifest", file: (_h, c) => join(c, ".kit/git/packages.json"), valid: MANIFEST, args: ["install", "--list"] },
  { name: "model catalogue", file: (h) => join(h, ".local/share/kit/models.json"), valid: CATALOGUE, args: ["models", "anthropic"] },
  { name: "session file", file: (_h, c) => join(c, "s.jsonl"), valid: SESSION, args: ["sessions", "check", "s.jsonl"] },
];
const BINARY_SEEDS = [3, 42];
/** Nine to the sixth power expansions from seven short lines. */
const ALIAS_BOMB =
  "b0: &b0 [x, x, x, x, x, x, x, x, x]\n" + [1, 2, 3, 4, 5, 6].map((i) => `b${i}: &b${i} [${Array(9).fill(`*b${i - 1}`).join(", ")}]`).join("\n") + "\n";

describe("through the built binary: a documented exit code, no stack trace, no hang", () => {
  for (const c of BINARY_CASES) {
    test(`${c.name}: the unresolved alias, the alias bomb and ${BINARY_SEEDS.length} mutations`, async () => {
      const isMarkdown = c.valid.startsWith("---\n");
      const texts = [
        // After the first line: the second line of a config, the first of front matter.
        c.valid.replace(/\n/, "\nk: *nope\n"),
        isMarkdown ? `---\n${ALIAS_BOMB}---\nbody\n` : ALIAS_BOMB,
        ...BINARY_SEEDS.map((seed) => mutate(c.valid, seed)),
      ];
      const outcomes = await Promise.all(
        texts.map(async (text) => {
          const home = isolatedHome();
          const cwd = tempDir("kit-fuzz-bin-");
          write("/", c.file(home, cwd), text);
          const r = await runBinary(c.args, cwd, kitEnv(home, { ANTHROPIC_API_KEY: "k", OPENAI_API_KEY: "k", KIT_MAX_RETRIES: "0" }));
          return { text, ...r };
        }),
      );
      for (const o of outcomes) {
        const what = `${c.name} with ${JSON.stringify(o.text.slice(0, 120))}: exit ${o.exitCode}\n${o.stderr}`;
        expect(DOCUMENTED_EXITS, what).toContain(o.exitCode);
        expect(o.stderr, what).not.toContain("internal error");
        expect(o.stderr, what).not.toMatch(/\n\s+at .*:\d+:\d+\)?\n/);
      }
      // The unresolved alias is reported where it is: the file and its line (exit 2 for configuration).
      const alias = outcomes[0]!;
      if (c.name === "project config" || c.name === "preferences") {
        expect(alias.exitCode).toBe(2);
        expect(alias.stderr).toContain(`${c.name === "preferences" ? "preferences.yml" : ".kit.yml"}:2:4: invalid config: the alias *nope names no anchor`);
        expect(outcomes[1]!.exitCode).toBe(2);
        expect(outcomes[1]!.stderr).toContain("aliases expand to too much data");
      }
      // A skill or agent with bad front matter is left out, named with its line; the run goes on.
      if (c.name === "skill" || c.name === "agent") {
        expect(alias.stderr).toMatch(/(deploy|reviewer)\.md:2:4: invalid front matter: the alias \*nope names no anchor/);
        expect(outcomes[1]!.stderr).toMatch(/(deploy|reviewer)\.md:3:10: invalid front matter: its aliases expand to too much data/);
      }
    });
  }
});

test("theme files with an unresolved alias or an alias bomb are reported by name and line; the run goes on", async () => {
  const home = isolatedHome();
  const cwd = tempDir("kit-fuzz-theme-");
  write(cwd, ".kit/themes/dangling.yaml", 'primary: "#111111"\naccent: *nope\n');
  write(cwd, ".kit/themes/bomb.yaml", ALIAS_BOMB);
  write(cwd, ".kit/themes/fine.yaml", THEME_YAML);
  const ext = write(cwd, "ext/themes.ts", `import type { ExtensionAPI } from "kit/ext";
export default (kit: ExtensionAPI) => {
  kit.registerCommand({ name: "themes", description: "list themes", execute: (_args, ctx) => ctx.printInfo("THEMES " + ctx.listThemes().join(",")) });
};
`);
  const r = await runBinary(["-e", ext, "--provider-url", "http://127.0.0.1:9", "/themes"], cwd, kitEnv(home, { ANTHROPIC_API_KEY: "k" }));
  expect(r.stderr).not.toContain("internal error");
  expect(r.exitCode).toBe(0);
  expect(r.stderr).toContain(`${join(cwd, ".kit/themes/dangling.yaml")}:2:9: invalid YAML: the alias *nope names no anchor (&nope) before it`);
  expect(r.stderr).toContain(`${join(cwd, ".kit/themes/bomb.yaml")}:2:10: invalid YAML: its aliases expand to too much data`);
  expect(r.stderr).toMatch(/THEMES .*night-owl/);
});
