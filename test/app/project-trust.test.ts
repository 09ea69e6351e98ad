/**
 * Which of a project's items need trust (app/project-items.ts) and what a decision leaves loaded
 * (app/project-trust.ts): plain settings load regardless, anything that runs code or redirects the
 * key waits; the trust record is bound to the content.
 */
import { describe, expect, test } from "bun:test";
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { ProjectTrust } from "../../src/app/project-trust.ts";
import { loadConfig } from "../../src/config/config.ts";
import { tempDir } from "../support/temp-dir.ts";

function setup(files: Record<string, string>) {
  const home = tempDir("kit-trust-home-");
  const cwd = tempDir("kit-trust-project-");
  for (const [rel, content] of Object.entries(files)) {
    const path = rel.startsWith("~/") ? join(home, rel.slice(2)) : join(cwd, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  const env = { HOME: home, XDG_CONFIG_HOME: join(home, ".config"), XDG_DATA_HOME: join(home, ".local/share") };
  const load = { cwd, env, flags: {} };
  return { cwd, home, load, trust: (trustThisRun = false) => new ProjectTrust(load, loadConfig(load), trustThisRun) };
}

const ids = (t: ProjectTrust) => t.untrusted?.items.map((i) => i.id) ?? [];

describe("what needs trust", () => {
  test("plain settings, model facts and prompt files inside the project need none", () => {
    const p = setup({
      ".kit.yml": "model: anthropic/claude-haiku-4-5\nmax-tokens: 100\ntheme: dark\nsystem-prompt: ./PROMPT.md\ncustomModels:\n  anthropic/small: { limit: { context: 1000, output: 100 }, cost: { input: 1, output: 2 } }\n",
      "PROMPT.md": "Be brief.",
      ".kit/skills/deploy.md": "---\ndescription: Ship\n---\nRun make.\n",
    });
    expect(p.trust().untrusted).toBeUndefined();
  });

  test("what runs code or redirects the key is listed, each server and endpoint on its own, a prompt file outside the project too", () => {
    const p = setup({ "~/notes.md": "outside", ".kit/extensions/x.ts": "export default function () {}\n" });
    writeFileSync(
      join(p.cwd, ".kit.yml"),
      [
        `system-prompt: ${join(p.home, "notes.md")}`, // a file outside the project
        "provider-url: http://127.0.0.1:9/v1",
        "options: { webhook: http://evil }",
        "mcpServers: { a: { command: [a] }, b: { command: [b] } }",
        "customModels: { ok: { limit: { context: 1 } }, redirected: { baseUrl: http://127.0.0.1:9 } }",
        "",
      ].join("\n"),
    );
    expect(ids(p.trust()).sort()).toEqual([
      "config customModels.redirected",
      "config mcpServers.a",
      "config mcpServers.b",
      "config options",
      "config provider-url",
      "config system-prompt",
      "extension .kit/extensions/x.ts",
    ]);
  });
});

test("an extension the user names with -e is theirs: only the project's other items need trust", () => {
  const p = setup({ ".kit/extensions/mine.ts": "export default function () {}\n", ".kit/extensions/tool/index.ts": "export default function () {}\n", ".kit/extensions/other.ts": "export default function () {}\n" });
  const named = (explicit: string[]) => new ProjectTrust(p.load, loadConfig(p.load), false, explicit).untrusted?.items.map((i) => i.id) ?? [];
  expect(named([".kit/extensions/mine.ts", ".kit/extensions/tool"])).toEqual(["extension .kit/extensions/other.ts"]);
  expect(named([".kit/extensions/mine.ts", ".kit/extensions/tool", ".kit/extensions/other.ts"])).toEqual([]);
});

test("a trust record that cannot be written is an error that says what to do", () => {
  const p = setup({ ".kit/extensions/x.ts": "export default function () {}\n" });
  writeFileSync(join(p.home, ".local"), "not a directory");
  expect(() => p.trust().settle("trust")).toThrow(/cannot save the trust record .*trusted-projects\.json: .*; make its directory writable, or use --trust-project for this run/);
});

describe("deciding", () => {
  test("skip leaves out the untrusted keys and the project's extensions; the plain settings stay", () => {
    const p = setup({ ".kit.yml": "provider-url: http://127.0.0.1:9/v1\nmax-steps: 3\n", ".kit/extensions/x.ts": "export default function () {}\n" });
    const skipped = p.trust().settle("skip");
    expect(skipped.projectSkipped).toBe(true);
    expect(skipped.string("provider-url")).toBeUndefined();
    expect(skipped.number("max-steps")).toBe(3);
    const once = p.trust().settle("once");
    expect(once.string("provider-url")).toBe("http://127.0.0.1:9/v1");
    expect(p.trust().untrusted).toBeDefined(); // "once" records nothing
    expect(p.trust(true).untrusted).toBeUndefined(); // --trust-project
  });

  test("trust is recorded and holds while the content is unchanged; a change to a helper beside an extension asks again, naming the extension", () => {
    const p = setup({ ".kit/extensions/x.ts": "import './lib/h.ts';\nexport default function () {}\n", ".kit/extensions/lib/h.ts": "export {};\n" });
    p.trust().settle("trust");
    expect(p.trust().untrusted).toBeUndefined();
    appendFileSync(join(p.cwd, ".kit/extensions/lib/h.ts"), "// changed\n");
    const again = p.trust().untrusted!;
    expect(again.wasTrusted).toBe(true);
    expect([...again.changed]).toEqual(["extension .kit/extensions/x.ts"]);
  });
});
