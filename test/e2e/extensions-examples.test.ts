/**
 * The example extensions in extensions/ work as written, loaded with -e into the built binary as the
 * README says: plan mode switches the offered tools and the system prompt, the blocker makes the
 * model receive "Blocked: …", the usage budget keeps its totals in the sidecar and stops tool calls
 * when spent, and project_stats is called by the model, streams progress and honours cancellation.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { danger } from "../../extensions/dangerous-command-blocker.ts";
import { startMockLLM, text, toolCall, type MockLLM } from "../support/mock-llm.ts";
import {
  conversation,
  errorLines,
  extension,
  lastToolResults,
  REC,
  runWith,
  sessionEntries,
  sidecar,
  systemText,
  tagged,
  tempDir,
  toolNames,
  userEnv,
} from "./extension-runs.ts";

const EXAMPLES = resolve(import.meta.dir, "../../extensions");
const PLAN = join(EXAMPLES, "plan-mode.ts");
const BLOCKER = join(EXAMPLES, "dangerous-command-blocker.ts");
const BUDGET = join(EXAMPLES, "usage-budget.ts");
const STATS = join(EXAMPLES, "custom-tool.ts");
const ALL_TOOLS = ["read", "write", "edit", "bash", "grep", "find", "ls", "subagent"];

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

describe("plan-mode.ts", () => {
  test("`/plan on <task>`: the task's request offers only read, grep, find, ls and carries the plan note", async () => {
    const run = await runWith(mock, { exts: [PLAN], args: ["/plan on how should we split app.ts?"], steps: [text("1. Move the hooks out.")] });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe("Plan mode on: the agent can only read, grep, find, ls.\n1. Move the hooks out.\n");
    expect(run.requests).toHaveLength(1);
    expect(toolNames(run.requests[0]!)).toEqual(["read", "grep", "find", "ls"]);
    expect(systemText(run.requests[0]!)).toContain("Plan mode is on");
    expect(conversation(run.requests[0]!)).toEqual([{ role: "user", text: "how should we split app.ts?" }]);
  });

  test("off by default: every tool, no note", async () => {
    const run = await runWith(mock, { exts: [PLAN], args: ["split app.ts"], steps: [text("done")] });
    expect(toolNames(run.requests[0]!)).toEqual(ALL_TOOLS);
    expect(systemText(run.requests[0]!)).not.toContain("Plan mode is on");
  });

  test("KIT_OPT_PLAN_MODE=on starts in plan mode; a write attempted anyway is refused; `/plan off <task>` gives the tools back", async () => {
    const cwd = tempDir();
    const env = userEnv({ KIT_OPT_PLAN_MODE: "on" });
    const on = await runWith(mock, {
      exts: [PLAN],
      cwd,
      env,
      args: ["write the plan to a file"],
      steps: [toolCall("write", { path: "plan.md", content: "x" }), text("I can only plan.")],
    });
    expect(on.exitCode).toBe(0);
    expect(toolNames(on.requests[0]!)).toEqual(["read", "grep", "find", "ls"]);
    const [write] = lastToolResults(on.requests[1]!);
    expect(write!.is_error).toBe(true);
    expect(write!.content).toContain("disabled");
    expect(existsSync(join(cwd, "plan.md"))).toBe(false);

    const off = await runWith(mock, { exts: [PLAN], cwd, env, args: ["/plan off now do it"], steps: [text("doing it")] });
    expect(off.stdout).toBe("Plan mode off: every tool is available again.\ndoing it\n");
    expect(toolNames(off.requests[0]!)).toEqual(ALL_TOOLS);
    expect(systemText(off.requests[0]!)).not.toContain("Plan mode is on");
  });

  test("a bad argument prints the usage and changes nothing", async () => {
    const run = await runWith(mock, { exts: [PLAN], args: ["/plan maybe"] });
    expect(run.stdout).toBe("usage: /plan on [task] | /plan off [task]\n");
    expect(run.requests).toHaveLength(0);
  });
});

describe("dangerous-command-blocker.ts", () => {
  test("the model receives \"Blocked: …\" for rm -rf /, and the command never runs; a harmless command runs", async () => {
    const cwd = tempDir({ "build/out.txt": "x" });
    const run = await runWith(mock, {
      exts: [BLOCKER],
      cwd,
      args: ["clean up"],
      steps: [
        toolCall("bash", { command: "rm -rf / --no-preserve-root; touch ran-anyway" }),
        toolCall("bash", { command: "rm -rf ./build && echo cleaned" }),
        text("cleaned the build dir only"),
      ],
    });
    expect(run.exitCode).toBe(0);
    const [blocked] = lastToolResults(run.requests[1]!);
    expect(blocked!.is_error).toBe(true);
    expect(blocked!.content).toStartWith("Blocked: Dangerous command refused (");
    expect(blocked!.content).toContain("ask the user to run it themselves");
    expect(existsSync(join(cwd, "ran-anyway"))).toBe(false);
    const [allowed] = lastToolResults(run.requests[2]!);
    expect(allowed).toEqual({ content: "cleaned", is_error: false });
    expect(existsSync(join(cwd, "build"))).toBe(false);
  });

  test("fork bombs, mkfs, dd onto a disk and force-pushes to main are blocked too, each with its reason", async () => {
    const commands = [":(){ :|:& };:", "sudo mkfs.ext4 /dev/sdb1", "dd if=/dev/zero of=/dev/sda bs=1M", "git push --force origin main"];
    const run = await runWith(mock, {
      exts: [BLOCKER],
      args: ["do risky things"],
      steps: [{ kind: "reply", toolCalls: commands.map((command) => ({ name: "bash", input: { command } })) }, text("none of that ran")],
    });
    expect(run.exitCode).toBe(0);
    expect(lastToolResults(run.requests[1]!).map((r) => r.content)).toEqual([
      "Blocked: Dangerous command refused (a fork bomb). If it is really intended, ask the user to run it themselves.",
      "Blocked: Dangerous command refused (mkfs.ext4 formats a disk). If it is really intended, ask the user to run it themselves.",
      "Blocked: Dangerous command refused (dd onto a device). If it is really intended, ask the user to run it themselves.",
      "Blocked: Dangerous command refused (a force-push to main/master). If it is really intended, ask the user to run it themselves.",
    ]);
  });

  test("what counts as dangerous (the rule table), and what does not", () => {
    const dangerous = [
      "rm -rf /",
      "rm -fr ~",
      "cd / && sudo rm -Rf /*",
      "rm --recursive --force $HOME",
      "echo hi > /dev/sda",
      "git push -f origin master",
      "git push origin +main",
      "wipefs -a /dev/nvme0n1",
    ];
    const fine = [
      "rm -rf ./build",
      "rm -rf node_modules dist",
      "rm notes.txt",
      "dd if=/dev/zero of=./disk.img bs=1M count=1",
      "echo x > /dev/null",
      "git push origin main",
      "git push --force origin feature/x",
      "git push --force-with-lease origin main",
      "ls -la /",
    ];
    for (const c of dangerous) expect([c, danger(c)]).toEqual([c, expect.any(String)]);
    for (const c of fine) expect([c, danger(c)]).toEqual([c, undefined]);
  });
});

describe("usage-budget.ts", () => {
  const USAGE = { input: 1000, output: 100 };

  test("keeps the session's spend in the sidecar and reports each turn's aggregates on stderr", async () => {
    const run = await runWith(mock, {
      exts: [BUDGET],
      args: ["look around"],
      steps: [toolCall("ls", { path: "." }, { usage: USAGE }), text("nothing here", { usage: USAGE })],
    });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe("nothing here\n");
    const costs = sessionEntries(run.sessionPath)
      .filter((e) => e.usage)
      .map((e) => e.usage.cost);
    const state = sidecar(run.sessionPath);
    expect(state["usage-budget.llm-calls"]).toBe("2");
    expect(Number(state["usage-budget.spent-usd"])).toBeCloseTo(costs[0] + costs[1], 12);
    const report = run.stderr.split("\n").find((l) => l.startsWith("[info] usage this turn:"));
    expect(report).toBe(
      `[info] usage this turn: 2 model call(s), 1 tool call(s), 2000 input + 200 output tokens, $${(costs[0] + costs[1]).toFixed(4)}; session total $${(costs[0] + costs[1]).toFixed(4)}`,
    );
    expect(errorLines(run.stderr)).toEqual([]);
  });

  test("over the budget (KIT_OPT_USAGE_BUDGET_USD): tool calls are refused and the run says so; the total carries over to the next run", async () => {
    const env = userEnv({ KIT_OPT_USAGE_BUDGET_USD: "0.001" });
    const cwd = tempDir();
    const run = await runWith(mock, {
      exts: [BUDGET],
      cwd,
      env,
      args: ["make files"],
      steps: [toolCall("bash", { command: "touch made" }, { usage: USAGE }), text("budget is spent", { usage: USAGE })],
    });
    expect(run.exitCode).toBe(0);
    const [result] = lastToolResults(run.requests[1]!);
    expect(result!.content).toStartWith("Blocked: the usage budget of $0.0010 is spent");
    expect(existsSync(join(cwd, "made"))).toBe(false);
    expect(errorLines(run.stderr)).toEqual([expect.stringContaining("usage budget of $0.0010 is spent")]);

    // The same session in a new run starts over the budget: the first tool call is refused.
    mock.push(toolCall("ls", { path: "." }, { usage: { input: 1, output: 1 } }), text("still spent", { usage: { input: 1, output: 1 } }));
    const again = await runWith(mock, { exts: [BUDGET], cwd, env, args: ["--session", run.sessionPath, "list files"] });
    expect(lastToolResults(again.requests[1]!)[0]!.content).toStartWith("Blocked: the usage budget");
    expect(sidecar(run.sessionPath)["usage-budget.llm-calls"]).toBe("4");
  });
});

describe("custom-tool.ts (project_stats)", () => {
  const PROJECT = {
    "src/a.ts": "one\ntwo\nthree\n",
    "src/b.ts": "x\n",
    "src/lib/c.ts": "1\n2\n",
    "src/readme.md": "# hi\n\ntext\n",
    "node_modules/dep/index.js": "ignored\n",
  };

  test("offered with its JSON schema; the model calls it and the next request carries its result", async () => {
    const cwd = tempDir(PROJECT);
    const recorder = extension(`${REC}
export default (kit: ExtensionAPI) => kit.onToolOutput((e, ctx) => rec(ctx, "progress", e.chunk));
`);
    const run = await runWith(mock, {
      exts: [STATS, recorder],
      cwd,
      args: ["how big is src?"],
      steps: [toolCall("project_stats", { path: "src" }), text("src has 4 files.")],
    });
    expect(run.exitCode).toBe(0);
    const tool = (run.requests[0]!.body.tools as any[]).find((t) => t.name === "project_stats");
    expect(tool.input_schema).toMatchObject({ type: "object", properties: { path: { type: "string" } } });
    expect(toolNames(run.requests[0]!)).toEqual([...ALL_TOOLS, "project_stats"]);
    expect(lastToolResults(run.requests[1]!)).toEqual([
      { content: "src: 4 files, 9 lines\n.ts\t3 files\t6 lines\n.md\t1 files\t3 lines", is_error: false },
    ]);
    expect(tagged(run.stderr, "progress")).toEqual(["scanning . (4 entries)\n", "scanning lib (1 entries)\n"]);
  });

  test("honours the abort signal: cancelled mid-scan, the tool stops with an error and the run exits 130", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 40; i++) files[`data/f${String(i).padStart(2, "0")}.txt`] = "line\n";
    const cwd = tempDir(files);
    const aborter = extension(`${REC}
export default (kit: ExtensionAPI) => kit.onToolOutput((e, ctx) => { if (e.toolName === "project_stats") ctx.abort(); });
`);
    const run = await runWith(mock, { exts: [STATS, aborter], cwd, args: ["count"], steps: [toolCall("project_stats", {})] });
    expect(run.exitCode).toBe(130);
    const toolMessage = sessionEntries(run.sessionPath).find((e) => e.type === "message" && e.role === "tool");
    expect(toolMessage.content[0]).toMatchObject({ isError: true, content: "project_stats was cancelled" });
  });
});
