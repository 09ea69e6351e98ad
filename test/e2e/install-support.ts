/**
 * Pieces shared by the `kit install` end-to-end tests: a real git smart-HTTP server on 127.0.0.1
 * (test/support/git-server.ts) serving fixture repositories made with the system git, a user with an
 * isolated HOME and project, runs of the built binary, and a headless run against the scripted
 * provider that shows which extensions load: every fixture extension registers one tool, and the
 * tools offered in the request are the ones that loaded.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRepo, git, startGitServer, type GitServer } from "../support/git-server.ts";
import { isolatedHome, kitEnv, runKit, type KitResult } from "../support/kit-process.ts";
import { text, type MockLLM } from "../support/mock-llm.ts";
import { tempDir } from "../support/temp-dir.ts";

/** Source of an extension that registers one tool; its leading comment is `description`. */
export function toolExtension(tool: string, description: string, extra = ""): string {
  return `/** ${description} */
import type { ExtensionAPI } from "kit/ext";
${extra}
export default function (kit: ExtensionAPI) {
  kit.registerTool({ name: "${tool}", description: "${description}", parameters: { type: "object", properties: {} }, execute: async () => "${tool} ran" });
}
`;
}

/**
 * The collection: single files (hello.ts, stamp.js), a folder with main.ts and a helper (weather/), a
 * folder with package.json whose dependency is a local folder and whose postinstall script must never
 * run (with-deps/), one under extensions/ (greet/), a sub-directory pack (packs/extra/), and files that
 * are not extensions. Tag v1 (annotated) is the first commit; branch dev adds devonly.ts.
 */
export const COLLECTION_FILES: Record<string, string> = {
  "hello.ts": toolExtension("hello_tool", "Says hello."),
  "stamp.js": `// Stamps things.\nexport default function (kit) {\n  kit.registerTool({ name: "stamp_tool", description: "stamps", parameters: { type: "object", properties: {} }, execute: async () => "stamped" });\n}\n`,
  "weather/main.ts": toolExtension("weather_tool", "Weather for a city.", `import { sky } from "./sky.ts";\nvoid sky;`),
  "weather/sky.ts": `export const sky = "blue";\n`,
  "with-deps/main.ts": toolExtension("deps_tool", "Uses a dependency.", `import { greet } from "greet-lib";\nif (greet("x") !== "hi x") throw new Error("greet-lib is wrong");`),
  "with-deps/package.json": JSON.stringify({
    name: "with-deps",
    private: true,
    dependencies: { "greet-lib": "file:./vendor/greet-lib" },
    scripts: { postinstall: 'echo ran > "$KIT_TEST_MARKER"' },
  }),
  "with-deps/vendor/greet-lib/package.json": JSON.stringify({
    name: "greet-lib",
    version: "1.0.0",
    main: "index.js",
    scripts: { postinstall: 'echo ran > "$KIT_TEST_MARKER"' },
  }),
  "with-deps/vendor/greet-lib/index.js": `module.exports.greet = (n) => "hi " + n;\n`,
  "extensions/greet/index.ts": toolExtension("greet_tool", "Greets people."),
  "packs/extra/one.ts": toolExtension("one_tool", "Pack one."),
  "packs/extra/two.ts": toolExtension("two_tool", "Pack two."),
  "hello.test.ts": `throw new Error("a test file must never load");\n`,
  "types.d.ts": "declare const x: number;\n",
  "test/helper.ts": `throw new Error("test/ must never load");\n`,
  "README.md": "# A collection of kit extensions\n",
};

/** Tool names of COLLECTION_FILES' extensions at the root, in load order (file names sorted, then extensions/). */
export const ALL_TOOLS = ["hello_tool", "stamp_tool", "weather_tool", "deps_tool", "greet_tool"];

export interface Fixture {
  server: GitServer;
  /** The served directory; repositories are created in it. */
  root: string;
  /** http://127.0.0.1:PORT/<name> for a repository made with `repo`. */
  url(name: string): string;
  /** Creates a repository `<name>` (a work tree, served as is) with files committed on main; returns its path. */
  repo(name: string, files: Record<string, string>): string;
  /** The collection repository `<name>` (see COLLECTION_FILES), with tag v1 and branch dev. */
  collection(name: string): { dir: string; v1: string };
  close(): void;
}

export function startFixture(opts: Parameters<typeof startGitServer>[1] = {}): Fixture {
  const root = tempDir("kit-git-root-");
  const server = startGitServer(root, opts);
  return {
    server,
    root,
    url: (name) => `${server.url}/${name}`,
    repo: (name, files) => createRepo(root, name, files),
    collection(name) {
      const dir = createRepo(root, name, COLLECTION_FILES);
      git(dir, "tag", "-a", "v1", "-m", "first release");
      const v1 = git(dir, "rev-parse", "HEAD");
      git(dir, "checkout", "-q", "-b", "dev");
      writeFileSync(join(dir, "devonly.ts"), toolExtension("devonly_tool", "Only on dev."));
      git(dir, "add", "-A");
      git(dir, "commit", "-q", "-m", "dev work");
      git(dir, "checkout", "-q", "main");
      return { dir, v1 };
    },
    close: () => server.close(),
  };
}

export interface User {
  home: string;
  project: string;
  env: Record<string, string>;
  /** $XDG_DATA_HOME/kit/git */
  globalRoot: string;
  /** <project>/.kit/git */
  localRoot: string;
  kit(...args: string[]): Promise<KitResult>;
  manifest(scope?: "global" | "local"): { packages: any[] };
  /** Extension tools offered to the model by a headless run in the project (built-ins left out). */
  tools(mock: MockLLM): Promise<string[]>;
}

const BUILT_IN = new Set(["read", "write", "edit", "bash", "grep", "find", "ls", "subagent"]);

export function newUser(extraEnv: Record<string, string> = {}): User {
  const home = isolatedHome();
  const project = tempDir("kit-install-project-");
  const env = kitEnv(home, { ANTHROPIC_API_KEY: "test-anthropic-key", KIT_TEST_MARKER: join(home, "POSTINSTALL_RAN"), ...extraEnv });
  mkdirSync(env.XDG_DATA_HOME!, { recursive: true });
  const globalRoot = join(env.XDG_DATA_HOME!, "kit", "git");
  const localRoot = join(project, ".kit", "git");
  return {
    home,
    project,
    env,
    globalRoot,
    localRoot,
    kit: (...args) => runKit(args, { cwd: project, env }),
    manifest(scope = "global") {
      const file = join(scope === "global" ? globalRoot : localRoot, "packages.json");
      return existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : { packages: [] };
    },
    async tools(mock) {
      mock.push(text("ok"));
      const before = mock.requests.length;
      const r = await runKit(["--provider-url", mock.url, "--model", "anthropic/claude-haiku-4-5", "--no-session", "which tools do you have?"], { cwd: project, env });
      if (r.exitCode !== 0) throw new Error(`the headless run failed (${r.exitCode}):\n${r.stderr}`);
      const req = mock.requests[before];
      if (!req) throw new Error(`the headless run sent no request:\n${r.stderr}`);
      return ((req.body.tools ?? []) as { name: string }[]).map((t) => t.name).filter((n) => !BUILT_IN.has(n));
    },
  };
}

/** The lines of stdout, without the trailing empty one. */
export function lines(r: KitResult): string[] {
  return r.stdout.split("\n").filter((l, i, all) => i < all.length - 1 || l !== "");
}
