/**
 * The files `kit extensions init <name>` writes: a small working extension (a tool the model can call,
 * a slash command and a tool_call hook), its tests on `kit/test`, the editor types and a tsconfig.
 *
 * The tsconfig type-checks `.kit/extensions/` with `types: []`, so nothing has to be installed: the
 * types of `kit/ext` and `kit/test` come from kit-env.d.ts (the contract embedded in the binary), and
 * the part of `bun:test` the tests use is declared there too, because `kit test` provides `bun:test`
 * from the kit binary and bun-types is not installed, and so are Node's and Bun's globals (process,
 * Bun) and built-in modules. Those declarations are only read by tsc and editors; with bun-types in
 * "types" they would clash and should be removed.
 */
import { KIT_EXT_DTS } from "../../extensions/contract-source.ts";

/** "my-extension" → "my_extension": the extension's tool names start with it. */
export function identifierOf(name: string): string {
  return name.replace(/[^A-Za-z0-9_]+/g, "_").toLowerCase();
}

export function extensionSource(name: string): string {
  const tool = `${identifierOf(name)}_word_count`;
  return `/**
 * ${name}: a kit extension. kit loads it from .kit/extensions/ in this project, or with
 *   kit -e .kit/extensions/${name}.ts "count the words in README.md"
 * It registers a tool the model can call, a slash command, and a hook that sees every tool call.
 * Check it with \`kit extensions validate\`, test it with \`kit test\` (see ${name}.test.ts).
 */
import type { ExtensionAPI } from "kit/ext";

export default function init(kit: ExtensionAPI) {
  // A tool the model can call. \`parameters\` is the JSON Schema of its arguments.
  kit.registerTool({
    name: "${tool}",
    description: "Count the words, lines and characters of a text.",
    parameters: {
      type: "object",
      properties: { text: { type: "string", description: "The text to count" } },
      required: ["text"],
    },
    execute(args: { text: string }) {
      const text = String(args.text ?? "");
      const words = text.split(/\\s+/).filter((w) => w !== "").length;
      const lines = text === "" ? 0 : text.split("\\n").length;
      return \`\${words} words, \${lines} lines, \${text.length} characters\`;
    },
  });

  // A slash command: /${name} [name]. The returned text is shown to the user.
  kit.registerCommand({
    name: "${name}",
    description: "Say hello from ${name}",
    execute(args) {
      const who = args.trim() || "world";
      return \`Hello, \${who}! (from ${name})\`;
    },
  });

  // A hook on every tool call: returning { block: true } stops the call, and the model is told why.
  kit.onToolCall((event) => {
    if (event.toolName !== "bash") return;
    const command = typeof event.args?.command === "string" ? event.args.command : "";
    if (/\\brm\\s+-[a-zA-Z]*(r[a-zA-Z]*f|f[a-zA-Z]*r)/.test(command)) {
      return { block: true, reason: "Dangerous command: ${name} does not allow rm -rf" };
    }
  });
}
`;
}

export function extensionTestSource(name: string): string {
  const tool = `${identifierOf(name)}_word_count`;
  return `/**
 * Tests of ${name}.ts, run with \`kit test .kit/extensions/${name}.test.ts\` (bun:test and kit/test come
 * with kit). The harness loads the extension through kit's real loader and dispatches events through
 * the same runner as a session.
 */
import { describe, expect, test } from "bun:test";
import { assertBlocked, assertCommandRegistered, assertHasHandlers, assertNotBlocked, assertToolRegistered, createHarness } from "kit/test";

const EXTENSION = \`\${import.meta.dir}/${name}.ts\`;

describe("${name}", () => {
  test("registers its tool, command and hook", async () => {
    const h = await createHarness().load(EXTENSION);
    assertToolRegistered(h, "${tool}");
    assertCommandRegistered(h, "${name}");
    assertHasHandlers(h, "tool_call");
  });

  test("the tool counts words, lines and characters", async () => {
    const h = await createHarness().load(EXTENSION);
    const result = await h.runTool("${tool}", { text: "one two\\nthree" });
    expect(result.isError).toBe(false);
    expect(result.content).toBe("3 words, 2 lines, 13 characters");
  });

  test("the command says hello", async () => {
    const h = await createHarness().load(EXTENSION);
    expect(await h.runCommand("${name}", "Ada")).toBe("Hello, Ada! (from ${name})");
  });

  test("blocks rm -rf in bash and lets other commands through", async () => {
    const h = await createHarness().load(EXTENSION);
    const call = (command: string) =>
      h.emit("tool_call", { toolName: "bash", input: JSON.stringify({ command }), args: { command } });
    assertBlocked(await call("rm -rf /"), "Dangerous");
    assertNotBlocked(await call("ls -la"));
  });
});
`;
}

/** Only what the generated tests and common tests use; kit test provides the real module at run time. */
const BUN_TEST_TYPES = `
// ──────────────────────────────────────────────────────────────────────────────────────────────────
// bun:test, as far as extension tests commonly use it. \`kit test\` provides the real module from the
// kit binary; this declaration only lets tsc and editors check the tests without installing
// bun-types. If you add bun-types to "types" in tsconfig.json, delete this block.
// ──────────────────────────────────────────────────────────────────────────────────────────────────
declare module "bun:test" {
  type TestBody = () => void | Promise<unknown>;
  interface TestFunction {
    (name: string, fn: TestBody, timeoutMs?: number): void;
    skip(name: string, fn: TestBody, timeoutMs?: number): void;
    only(name: string, fn: TestBody, timeoutMs?: number): void;
    todo(name: string, fn?: TestBody): void;
  }
  interface DescribeFunction {
    (name: string, fn: () => void): void;
    skip(name: string, fn: () => void): void;
    only(name: string, fn: () => void): void;
  }
  export const test: TestFunction;
  export const it: TestFunction;
  export const describe: DescribeFunction;
  export function beforeAll(fn: TestBody): void;
  export function beforeEach(fn: TestBody): void;
  export function afterAll(fn: TestBody): void;
  export function afterEach(fn: TestBody): void;

  export interface Matchers<R = void> {
    readonly not: Matchers<R>;
    readonly resolves: Matchers<Promise<void>>;
    readonly rejects: Matchers<Promise<void>>;
    toBe(expected: unknown): R;
    toEqual(expected: unknown): R;
    toStrictEqual(expected: unknown): R;
    toMatchObject(expected: object): R;
    toContain(expected: unknown): R;
    toContainEqual(expected: unknown): R;
    toMatch(expected: string | RegExp): R;
    toHaveLength(length: number): R;
    toHaveProperty(path: string | string[], value?: unknown): R;
    toBeDefined(): R;
    toBeUndefined(): R;
    toBeNull(): R;
    toBeTruthy(): R;
    toBeFalsy(): R;
    toBeNaN(): R;
    toBeGreaterThan(n: number | bigint): R;
    toBeGreaterThanOrEqual(n: number | bigint): R;
    toBeLessThan(n: number | bigint): R;
    toBeLessThanOrEqual(n: number | bigint): R;
    toBeCloseTo(n: number, digits?: number): R;
    toBeInstanceOf(type: abstract new (...args: any[]) => unknown): R;
    toThrow(expected?: string | RegExp | Error | (abstract new (...args: any[]) => Error)): R;
  }
  export function expect(actual?: unknown): Matchers;
}

/** Bun's additions to import.meta, which tests use to find the files next to them. */
interface ImportMeta {
  /** Absolute path of the directory of this file. */
  readonly dir: string;
  /** Absolute path of this file. */
  readonly path: string;
}
`;

/**
 * Node's and Bun's globals and modules, so that a fresh extension using process.env, Bun.file or
 * node:fs type-checks with nothing installed: the members extensions use most are typed, the rest (and
 * every built-in module) is `any`. Full typings would add megabytes to the binary; the comment says
 * how to get them.
 */
const RUNTIME_TYPES = `
// ──────────────────────────────────────────────────────────────────────────────────────────────────
// Node's and Bun's globals and built-in modules, which kit's runtime (Bun) provides to extensions:
// the most used members are typed, the rest is \`any\`. For complete types, install them
// (npm i -D @types/bun), set "types": ["bun"] in tsconfig.json and delete this block.
// ──────────────────────────────────────────────────────────────────────────────────────────────────
interface KitWritable {
  write(chunk: string | Uint8Array): boolean;
  readonly isTTY?: boolean;
  readonly columns?: number;
  readonly rows?: number;
}
declare var process: {
  /** Environment variables. Set ones reach the commands kit runs (the bash tool) too. */
  env: Record<string, string | undefined>;
  argv: string[];
  readonly platform: string;
  readonly arch: string;
  readonly pid: number;
  readonly version: string;
  readonly versions: Record<string, string | undefined>;
  readonly execPath: string;
  exitCode: number | undefined;
  cwd(): string;
  exit(code?: number): never;
  on(event: string, listener: (...args: any[]) => void): unknown;
  readonly stdout: KitWritable;
  readonly stderr: KitWritable;
  hrtime: { bigint(): bigint };
  [member: string]: any;
};
interface KitBunFile extends Blob {
  text(): Promise<string>;
  json(): Promise<any>;
  exists(): Promise<boolean>;
  [member: string]: any;
}
declare var Bun: {
  readonly version: string;
  readonly env: Record<string, string | undefined>;
  file(path: string | URL): KitBunFile;
  write(destination: string | URL | KitBunFile, data: string | Blob | ArrayBuffer | Uint8Array | Response): Promise<number>;
  spawn(cmd: string[], options?: Record<string, any>): any;
  spawnSync(cmd: string[], options?: Record<string, any>): any;
  sleep(ms: number): Promise<void>;
  which(command: string): string | null;
  $: any;
  [member: string]: any;
};
declare var Buffer: any;
declare function require(id: string): any;
declare module "node:*";
declare module "bun";
declare module "bun:*";
declare module "fs";
declare module "fs/promises";
declare module "path";
declare module "os";
declare module "child_process";
declare module "crypto";
declare module "url";
declare module "util";
declare module "events";
`;

/** kit-env.d.ts: the kit/ext and kit/test contract of this kit, then the bun:test and runtime types above. */
export function kitEnvSource(): string {
  const header =
    "// Types of kit/ext and kit/test for editors and tsc, written by `kit extensions init`.\n" +
    "// `kit extensions init --force` rewrites it with the contract of the kit you run.\n\n";
  return header + KIT_EXT_DTS.trimEnd() + "\n" + BUN_TEST_TYPES + RUNTIME_TYPES;
}

/**
 * tsconfig.json of .kit/: checks every extension and test under extensions/ against kit-env.d.ts.
 * `types: []` keeps globally installed @types out; the DOM lib gives console, fetch, URL, timers and
 * AbortSignal (which the contract uses), the globals an extension most often needs.
 */
export function tsconfigSource(): string {
  const config = {
    compilerOptions: {
      target: "ESNext",
      module: "ESNext",
      moduleResolution: "bundler",
      lib: ["ESNext", "DOM"],
      types: [],
      strict: true,
      noEmit: true,
      allowImportingTsExtensions: true,
      verbatimModuleSyntax: true,
      skipLibCheck: true,
    },
    include: ["kit-env.d.ts", "extensions"],
  };
  return JSON.stringify(config, null, 2) + "\n";
}
