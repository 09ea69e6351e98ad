/**
 * Extensions that misbehave outside kit's dispatch, in headless runs of the built binary: an error
 * thrown from a timer or a rejection nobody handles, a notification handler that never settles,
 * console output, process.exit. None of them may end or hang the run, corrupt stdout (the answer,
 * --json, stream-json) or show a stack trace: each is reported once on stderr, naming the extension,
 * and the run ends as it would have without them.
 */
import { afterAll, afterEach, beforeAll, describe, expect, setDefaultTimeout, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { KIT_BIN } from "../support/kit-process.ts";
import { startMockLLM, text, toolCall, type MockLLM } from "../support/mock-llm.ts";
import { jsonLines, LiveOutput } from "./headless-support.ts";
import { errorLines, extension, lastToolResults, MODEL, REC, runWith, tagged, tempDir, userEnv } from "./extension-runs.ts";

// Runs of the whole binary, one with a streamed answer; every wait has its own limit.
setDefaultTimeout(30_000);
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

/** No stack trace anywhere: no "    at fn (file:line)" frame lines, no Bun crash banner. */
function expectNoStackTrace(output: string): void {
  expect(output).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(output).not.toContain("Bun v");
}

function lineOf(file: string, needle: string): number {
  const i = readFileSync(file, "utf8").split("\n").findIndex((l) => l.includes(needle));
  expect(i).toBeGreaterThanOrEqual(0);
  return i + 1;
}

/** "file:line:column: message" with the line of `needle` in `file` (any column). */
function at(file: string, needle: string, message: string): RegExp {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^${escape(file)}:${lineOf(file, needle)}:\\d+: ${escape(message)}$`);
}

describe("an error outside any handler does not end the run", () => {
  test("a timer in a helper file throws mid-turn: reported once with the helper's line, the turn goes on, --json has its result", async () => {
    const dir = tempDir({
      "helper.ts": `export function later(done: () => void) {
  setTimeout(() => {
    setTimeout(done, 0);
    throw new Error("timer boom");
  }, 0);
}
`,
      "timer.ts": `import type { ExtensionAPI } from "kit/ext";
import { later } from "./helper.ts";
export default (kit: ExtensionAPI) => {
  kit.registerTool({ name: "schedule", description: "x", parameters: {}, execute: () => new Promise<string>((resolve) => later(() => resolve("scheduled"))) });
};
`,
    });
    const ext = join(dir, "timer.ts");
    const run = await runWith(mock, { exts: [ext], args: ["--json", "go"], steps: [toolCall("schedule", {}), text("went on")] });
    expect(run.exitCode).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.response).toBe("went on");
    expect(result.stop_reason).toBe("end_turn");
    const helper = join(dir, "helper.ts");
    const errors = errorLines(run.stderr);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(at(helper, "timer boom", `uncaught error outside any handler: timer boom (kit keeps running) (extension ${ext})`));
    expectNoStackTrace(run.stderr);
  });

  test("an interval that throws on every tick is reported once", async () => {
    const ext = extension(`import type { ExtensionAPI } from "kit/ext";
export default (kit: ExtensionAPI) => {
  kit.registerTool({ name: "tick", description: "x", parameters: {}, execute: () => new Promise<string>((resolve) => {
    let ticks = 0;
    const id = setInterval(() => {
      if (++ticks === 3) {
        clearInterval(id);
        setTimeout(() => resolve("ticked " + ticks), 0);
      }
      throw new Error("tick boom");
    }, 1);
  }) });
};
`, "interval.ts");
    const run = await runWith(mock, { exts: [ext], args: ["--json", "go"], steps: [toolCall("tick", {}), text("done ticking")] });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ response: "done ticking" });
    expect(lastToolResults(run.requests[1]!)).toEqual([{ content: "ticked 3", is_error: false }]);
    const errors = errorLines(run.stderr);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(at(ext, "tick boom", "uncaught error outside any handler: tick boom (kit keeps running)"));
  });

  test("a promise rejection nobody handles, from a handler: reported once naming the extension; stream-json still ends with its result", async () => {
    const ext = extension(`import type { ExtensionAPI } from "kit/ext";
export default (kit: ExtensionAPI) => {
  kit.onAgentStart(() => {
    void Promise.reject(new Error("nobody catches me"));
  });
};
`, "rejects.ts");
    const run = await runWith(mock, { exts: [ext], args: ["--output", "stream-json", "go"], steps: [text("answered")] });
    expect(run.exitCode).toBe(0);
    expect(jsonLines(run.stdout).at(-1)).toMatchObject({ type: "result", response: "answered", exit_code: 0 });
    const errors = errorLines(run.stderr);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(at(ext, "nobody catches me", "uncaught error outside any handler: nobody catches me (kit keeps running)"));
    expectNoStackTrace(run.stderr);
  });
});

describe("a notification handler that never settles", () => {
  const hung = () =>
    extension(`import type { ExtensionAPI } from "kit/ext";
export default (kit: ExtensionAPI) => {
  kit.onMessageUpdate((_e, ctx) => {
    ctx.printInfo("HUNG");
    return new Promise(() => {});
  });
};
`, "hung.ts");

  test("the run ends after the grace period (config extension-grace) with its --json result, and says which extension did not finish", async () => {
    const ext = hung();
    const run = await runWith(mock, { exts: [ext], args: ["--json", "hello"], steps: [text("the whole answer")], env: userEnv({ KIT_EXTENSION_GRACE: "1" }) });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ response: "the whole answer", stop_reason: "end_turn" });
    expect(errorLines(run.stderr)).toEqual([`extension ${ext} did not finish handling message_update within 1 s; kit goes on without waiting for it`]);
  });

  test("the first SIGTERM ends kit promptly (exit 143, stream-json's result last) however long the grace period is", async () => {
    const ext = hung();
    mock.push(text("tick ".repeat(100), { chunkSize: 5, tokenDelayMs: 100 }));
    const proc = Bun.spawn(
      [KIT_BIN, "--provider-url", mock.url, "--model", MODEL, "--no-session", "-e", ext, "--output", "stream-json", "count"],
      // A grace period longer than the test may take: only the signal can end this run in time.
      { cwd: tempDir(), env: userEnv({ KIT_EXTENSION_GRACE: "600" }), stdin: "ignore", stdout: "pipe", stderr: "pipe" },
    );
    const stdout = new LiveOutput(proc.stdout);
    const stderr = new LiveOutput(proc.stderr);
    await stdout.waitFor("the first text", (t) => t.includes("text_delta"));
    await stderr.waitFor("the hung handler", (t) => t.includes("HUNG"));
    proc.kill("SIGTERM");
    expect(await proc.exited).toBe(143);
    await Promise.all([stdout.done, stderr.done]);
    expect(jsonLines(stdout.text).at(-1)).toMatchObject({ type: "result", exit_code: 143, stop_reason: "cancelled", error: { kind: "interrupted" } });
    expectNoStackTrace(stderr.text);
  });
});

describe("console output of extensions never reaches stdout", () => {
  const noisy = () => {
    const dir = tempDir({
      "log-helper.ts": `export const shout = (what: string) => console.log("from the helper:", what);\n`,
      "noisy.ts": `import type { ExtensionAPI } from "kit/ext";
import { shout } from "./log-helper.ts";
console.log("loading");
// A bare function handed to a timer, outside any handler: nothing tells whose it is.
setTimeout(console.log, 0, "bare");
export default (kit: ExtensionAPI) => {
  kit.onSessionStart(() => console.info("session", { n: 1 }));
  kit.onMessageUpdate(() => console.log("update"));
  kit.onAgentEnd(() => {
    shout("end");
    console.error("an error line");
    console.table([{ a: 1 }]);
  });
};
`,
    });
    return join(dir, "noisy.ts");
  };

  test("--json: stdout is exactly the JSON object; each console line is on stderr after the extension's name", async () => {
    const run = await runWith(mock, { exts: [noisy()], args: ["--json", "hi"], steps: [text("fine")] });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ response: "fine" });
    const lines = run.stderr.split("\n");
    for (const expected of ["[noisy.ts] loading", "[noisy.ts] session { n: 1 }", "[noisy.ts] update", "[noisy.ts] from the helper: end", "[noisy.ts] an error line"]) {
      expect(lines).toContain(expected);
    }
    expect(lines.some((l) => /^\[noisy\.ts\] .*│ \(index\) │ a │/.test(l))).toBe(true);
    expect(run.stderr).toContain("[extension] bare");
  });

  test("stream-json: every stdout line is a JSON event; text and --quiet: stdout is only the answer", async () => {
    const stream = await runWith(mock, { exts: [noisy()], args: ["--output", "stream-json", "hi"], steps: [text("fine")] });
    expect(stream.exitCode).toBe(0);
    expect(jsonLines(stream.stdout).at(-1)).toMatchObject({ type: "result", response: "fine" });
    expect(stream.stderr).toContain("[noisy.ts] update");
    const plain = await runWith(mock, { exts: [noisy()], args: ["hi"], steps: [text("fine")] });
    expect(plain.stdout).toBe("fine\n");
    expect(plain.stderr).toContain("[noisy.ts] loading");
    const quiet = await runWith(mock, { exts: [noisy()], args: ["--quiet", "hi"], steps: [text("fine")] });
    expect(quiet.stdout).toBe("fine\n");
    // --quiet keeps only errors on stderr.
    expect(quiet.stderr).toContain("[noisy.ts] an error line");
    expect(quiet.stderr).not.toContain("[noisy.ts] loading");
  });
});

describe("process.exit in an extension", () => {
  test("from a handler and from a timer: reported with the line, ignored; the run ends with kit's own exit code and --json result", async () => {
    const ext = extension(`${REC}
export default (kit: ExtensionAPI) => {
  kit.onMessageEnd((_e, ctx) => {
    process.exit(3);
    rec(ctx, "after exit", null);
  });
  kit.onAgentStart(() => {
    setTimeout(() => process.exit(0), 0);
  });
  kit.onAgentEnd((e, ctx) => rec(ctx, "agent_end", e.response));
};
`, "exits.ts");
    const run = await runWith(mock, { exts: [ext], args: ["--json", "hi"], steps: [text("still answered")] });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ response: "still answered" });
    expect(tagged(run.stderr, "agent_end")).toEqual(["still answered"]);
    // The code after the call does not run, as it would not have if the process had ended.
    expect(tagged(run.stderr, "after exit")).toEqual([]);
    const errors = errorLines(run.stderr);
    expect(errors).toHaveLength(2);
    const ignored = (code: number) => `process.exit(${code}) ignored: an extension cannot end kit (ctx.exit() ends the session); kit keeps running`;
    expect(errors.find((l) => l.includes("exit(3)"))).toMatch(at(ext, "process.exit(3)", ignored(3)));
    // The timer's arrow function ends in the call (a tail call): its line is not in the stack, its file is.
    expect(errors.find((l) => l.includes("exit(0)"))).toMatch(new RegExp(`^${ext.replace(/[.]/g, "\\.")}(:\\d+:\\d+)?: ${ignored(0).replace(/[.()]/g, "\\$&")}$`));
    expectNoStackTrace(run.stderr);
  });

  test("from a command the user ran: the session ends normally (session_shutdown, exit 0, the --json result)", async () => {
    const ext = extension(`${REC}
export default (kit: ExtensionAPI) => {
  kit.registerCommand({ name: "bye", description: "leave", execute: () => { process.exit(3); } });
  kit.onSessionShutdown((e, ctx) => rec(ctx, "shutdown", e.reason));
};
`, "bye.ts");
    const run = await runWith(mock, { exts: [ext], args: ["--json", "/bye"] });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ stop_reason: "stop" });
    expect(tagged(run.stderr, "shutdown")).toEqual(["exit"]);
    const errors = errorLines(run.stderr);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(at(ext, "process.exit(3)", "/bye called process.exit(3): kit ends the session as ctx.exit() does"));
    expect(run.requests).toHaveLength(0);
  });
});
