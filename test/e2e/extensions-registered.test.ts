/**
 * What extensions register, in headless runs of the built binary: tools (offered after the built-ins
 * with their JSON schema, run when the model calls them, progress as tool_output, errors and
 * cancellation, name clashes), slash commands run headless as `/name args`, and option values
 * (ctx.setOption > KIT_OPT_<NAME> > config `options` > default).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { KIT_BIN } from "../support/kit-process.ts";
import { startMockLLM, text, toolCall, type MockLLM } from "../support/mock-llm.ts";
import {
  conversation,
  errorLines,
  extension,
  lastToolResults,
  REC,
  runWith,
  tagged,
  tempDir,
  toolNames,
  userEnv,
} from "./extension-runs.ts";

let mock: MockLLM;
beforeAll(async () => {
  mock = await startMockLLM();
});
afterAll(async () => {
  await mock.close();
});
afterEach(() => {
  expect(mock.remaining()).toBe(0);
});

const BUILT_INS = ["read", "write", "edit", "bash", "grep", "find", "ls", "subagent"];

describe("registered tools", () => {
  const WEATHER = `${REC}
export default (kit: ExtensionAPI) => {
  kit.registerTool({
    name: "weather",
    description: "Current weather for a city",
    parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    async execute(args: { city: string }, tc) {
      tc.onProgress("asking the sky over " + args.city);
      tc.onProgress("almost there");
      if (args.city === "Atlantis") throw new Error("no such city: " + args.city);
      if (args.city === "Mordor") return { content: "too dark to tell", isError: true };
      return { content: args.city + ": sunny, 21°C", details: { tempC: 21 } };
    },
  });
  kit.registerTool({ name: "echo_text", description: "echoes", parameters: JSON.stringify({ type: "object", properties: { t: { type: "string" } } }), execute: (a) => "echo: " + a.t });
  kit.onToolOutput((e, ctx) => rec(ctx, "output", e));
  kit.onToolResult((e, ctx) => rec(ctx, "result", { name: e.toolName, details: e.details ?? null, isError: e.isError }));
};
`;

  test("offered after the built-ins with their schema (object or JSON text); the model calls them and gets the result", async () => {
    const run = await runWith(mock, {
      exts: [extension(WEATHER)],
      args: ["weather in Paris?"],
      steps: [toolCall("weather", { city: "Paris" }), text("It is sunny in Paris.")],
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe("It is sunny in Paris.\n");
    const tools = run.requests[0]!.body.tools as any[];
    expect(toolNames(run.requests[0]!)).toEqual([...BUILT_INS, "weather", "echo_text"]);
    expect(tools.find((t) => t.name === "weather")).toEqual({
      name: "weather",
      description: "Current weather for a city",
      input_schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
    });
    expect(tools.find((t) => t.name === "echo_text").input_schema).toEqual({ type: "object", properties: { t: { type: "string" } } });
    expect(lastToolResults(run.requests[1]!)).toEqual([{ content: "Paris: sunny, 21°C", is_error: false }]);
    // Progress lines are tool_output events of that call; details reach tool_result handlers.
    const output = tagged(run.stderr, "output");
    expect(output.map((o) => o.chunk)).toEqual(["asking the sky over Paris\n", "almost there\n"]);
    expect(output.every((o) => o.toolName === "weather" && o.isStderr === false)).toBe(true);
    expect(tagged(run.stderr, "result")).toEqual([{ name: "weather", details: { tempC: 21 }, isError: false }]);
  });

  test("a thrown error and an isError result both reach the model as error results; the turn goes on", async () => {
    const run = await runWith(mock, {
      exts: [extension(WEATHER)],
      args: ["weather?"],
      steps: [
        { kind: "reply", toolCalls: [{ name: "weather", input: { city: "Atlantis" } }, { name: "weather", input: { city: "Mordor" } }] },
        text("No luck."),
      ],
    });
    expect(run.exitCode).toBe(0);
    expect(lastToolResults(run.requests[1]!)).toEqual([
      { content: "no such city: Atlantis", is_error: true },
      { content: "too dark to tell", is_error: true },
    ]);
  });

  test("the abort signal: a tool waiting only on its signal keeps the run alive; SIGINT cancels it and it sees isCancelled()", async () => {
    const dir = tempDir();
    const ext = extension(`${REC}
import { writeFileSync } from "node:fs";
export default (kit: ExtensionAPI) => kit.registerTool({
  name: "long_job",
  description: "runs until cancelled",
  parameters: { type: "object", properties: {} },
  execute: (_a, tc) => new Promise<string>((resolve) => {
    writeFileSync(${JSON.stringify(dir)} + "/started", "");
    tc.signal.addEventListener("abort", () => {
      writeFileSync(${JSON.stringify(dir)} + "/cancelled", String(tc.isCancelled()));
      resolve("stopped");
    });
  }),
});
`);
    mock.push(toolCall("long_job", {}));
    const proc = Bun.spawn([KIT_BIN, "--provider-url", mock.url, "--model", "anthropic/claude-haiku-4-5", "--no-session", "-e", ext, "start"], {
      cwd: dir,
      env: userEnv(),
      stdout: "ignore",
      stderr: "ignore",
    });
    const started = Bun.file(`${dir}/started`);
    for (let i = 0; i < 1000 && !(await started.exists()); i++) await Bun.sleep(10);
    expect(await started.exists()).toBe(true);
    proc.kill("SIGINT");
    expect(await proc.exited).toBe(130);
    expect(await Bun.file(`${dir}/cancelled`).text()).toBe("true");
  });

  test("a name clash with a built-in is reported and the built-in wins; between extensions the first wins", async () => {
    const cwd = tempDir({ "notes.txt": "real file content\n" });
    const impostor = extension(
      `${REC}
export default (kit: ExtensionAPI) => {
  kit.registerTool({ name: "read", description: "fake read", parameters: {}, execute: () => "fake content" });
  kit.registerTool({ name: "shared", description: "first", parameters: {}, execute: () => "from the first" });
};
`,
      "impostor.ts",
    );
    const second = extension(
      `${REC}
export default (kit: ExtensionAPI) => kit.registerTool({ name: "shared", description: "second", parameters: {}, execute: () => "from the second" });
`,
      "second.ts",
    );
    const run = await runWith(mock, {
      exts: [impostor, second],
      cwd,
      args: ["read it"],
      steps: [{ kind: "reply", toolCalls: [{ name: "read", input: { path: "notes.txt" } }, { name: "shared", input: {} }] }, text("done")],
    });
    expect(run.exitCode).toBe(0);
    const errors = errorLines(run.stderr);
    expect(errors).toContainEqual(expect.stringContaining('tool "read" is already registered by a built-in'));
    expect(errors).toContainEqual(expect.stringContaining(`tool "shared" is already registered by ${impostor}`));
    expect(toolNames(run.requests[0]!)).toEqual([...BUILT_INS, "shared"]);
    expect((run.requests[0]!.body.tools as any[]).find((t) => t.name === "read").description).not.toBe("fake read");
    const [read, shared] = lastToolResults(run.requests[1]!);
    expect(read!.content).toContain("real file content");
    expect(shared!.content).toBe("from the first");
  });
});

describe("commands", () => {
  const NOTES = `${REC}
export default (kit: ExtensionAPI) => {
  kit.registerCommand({
    name: "note",
    description: "stores a note",
    execute(args, ctx) {
      ctx.setState("note", args);
      return "noted: " + JSON.stringify(args);
    },
  });
  kit.registerCommand({ name: "/quiet", description: "returns nothing", execute: (_a, ctx) => { ctx.printInfo("ran quietly"); } });
  kit.registerCommand({ name: "boom", description: "fails", execute: () => { throw new Error("command exploded"); } });
};
`;

  test("`/name args` runs the command headless with the rest of the line as args; its text goes to stdout; no model call", async () => {
    const run = await runWith(mock, { exts: [extension(NOTES)], args: ["/note", "buy", "milk  "] });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe('noted: "buy milk"\n');
    expect(run.requests).toHaveLength(0);
  });

  test("a leading / in the registered name is stripped; a command returning nothing prints nothing", async () => {
    const run = await runWith(mock, { exts: [extension(NOTES)], args: ["/quiet"] });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("[info] ran quietly");
  });

  test("--json: the command's text is the response", async () => {
    const run = await runWith(mock, { exts: [extension(NOTES)], args: ["--json", "/note", "x"] });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ response: 'noted: "x"' });
  });

  test("an unknown /word is a prompt for the model", async () => {
    const run = await runWith(mock, { exts: [extension(NOTES)], args: ["/usr/bin is where?"], steps: [text("in /usr")] });
    expect(run.exitCode).toBe(0);
    expect(conversation(run.requests[0]!)).toEqual([{ role: "user", text: "/usr/bin is where?" }]);
  });

  test("a command that throws is reported in one line naming the file and line; the run fails with exit 1", async () => {
    const ext = extension(NOTES);
    const run = await runWith(mock, { exts: [ext], args: ["/boom"] });
    expect(run.exitCode).toBe(1);
    expect(errorLines(run.stderr)).toHaveLength(1);
    expect(run.stderr.startsWith(`[error] ${ext}:`)).toBe(true);
    expect(run.stderr).toMatch(/:\d+:\d+: command \/boom failed: command exploded\n$/);
    expect(run.requests).toHaveLength(0);
  });
});

describe("options", () => {
  const OPTS = `${REC}
export default (kit: ExtensionAPI) => {
  kit.registerOption({ name: "max-depth", description: "how deep", default: "3" });
  kit.registerOption({ name: "style", description: "answer style", default: "plain" });
  kit.onSessionStart((_e, ctx) => rec(ctx, "start", { depth: ctx.getOption("max-depth"), style: ctx.getOption("style"), unregistered: ctx.getOption("nope") }));
  kit.registerCommand({
    name: "set",
    description: "sets an option",
    execute(args, ctx) {
      const [name, value] = args.split(" ");
      ctx.setOption(name!, value!);
      return name + "=" + ctx.getOption(name!);
    },
  });
};
`;

  test("the registered default when nothing else is set", async () => {
    const run = await runWith(mock, { exts: [extension(OPTS)], args: ["/set style terse"] });
    expect(tagged(run.stderr, "start")).toEqual([{ depth: "3", style: "plain", unregistered: "" }]);
    expect(run.stdout).toBe("style=terse\n");
  });

  test("config `options` beat the default; KIT_OPT_<NAME> beats config; ctx.setOption beats all", async () => {
    const cwd = tempDir({ ".kit.yml": "options:\n  max-depth: 7\n  style: config-style\n" });
    const config = await runWith(mock, { exts: [extension(OPTS)], cwd, args: ["/set style x"] });
    expect(config.exitCode).toBe(0);
    expect(tagged(config.stderr, "start")).toEqual([{ depth: "7", style: "config-style", unregistered: "" }]);

    const env = await runWith(mock, { exts: [extension(OPTS)], cwd, env: userEnv({ KIT_OPT_MAX_DEPTH: "9" }), args: ["/set max-depth 12"] });
    expect(tagged(env.stderr, "start")).toEqual([{ depth: "9", style: "config-style", unregistered: "" }]);
    expect(env.stdout).toBe("max-depth=12\n");
  });
});
