/**
 * Broken extensions never stop a headless run of the built binary: a syntax error, a failing import,
 * a throw in init, an unknown event name at registration, a throwing or rejecting handler, a malformed
 * result. Each is reported on stderr naming the file (and line where Bun gives one), the rest of the
 * extensions keep working, and the run still answers. A throwing tool_call handler is the exception
 * that fails closed: the call is blocked with the error as the reason.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { startMockLLM, text, toolCall, type MockLLM } from "../support/mock-llm.ts";
import { errorLines, extension, lastToolResults, REC, runWith, tagged, tempDir, toolNames } from "./extension-runs.ts";

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

/** A working extension loaded next to the broken one: proves the others still run. */
const healthy = () =>
  extension(
    `${REC}
export default (kit: ExtensionAPI) => {
  kit.onAgentEnd((e, ctx) => rec(ctx, "healthy", e.response));
  kit.registerTool({ name: "healthy_tool", description: "fine", parameters: {}, execute: () => "fine" });
};
`,
    "healthy.ts",
  );

describe("extensions that fail to load are reported and skipped", () => {
  test("a syntax error: file:line on stderr, the other extensions load, the run answers", async () => {
    const bad = extension(`${REC}
export default (kit: ExtensionAPI) => {
  kit.onAgentEnd((e, ctx) => {
    rec(ctx, "never" e);
  });
};
`, "syntax.ts");
    const ok = healthy();
    const run = await runWith(mock, { exts: [bad, ok], args: ["hi"], steps: [text("still here")] });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe("still here\n");
    const [line, ...rest] = errorLines(run.stderr);
    expect(rest).toEqual([]);
    expect(line).toMatch(new RegExp(`^${escape(bad)}:${lineOf(bad, 'rec(ctx, "never" e)')}:\\d+: `));
    expect(tagged(run.stderr, "healthy")).toEqual(["still here"]);
    expect(toolNames(run.requests[0]!)).toContain("healthy_tool");
  });

  test("an import that does not resolve names the file and the missing module", async () => {
    const bad = extension(`${REC}
import { nothing } from "./does-not-exist.ts";
export default (kit: ExtensionAPI) => kit.onAgentEnd(() => nothing);
`, "missing-import.ts");
    const run = await runWith(mock, { exts: [bad], args: ["hi"], steps: [text("answered")] });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe("answered\n");
    const [line] = errorLines(run.stderr);
    expect(line!.startsWith(bad)).toBe(true);
    expect(line).toContain("does-not-exist");
  });

  test("init throws: reported with the line; what it registered before the throw is dropped", async () => {
    const bad = extension(`${REC}
export default (kit: ExtensionAPI) => {
  kit.registerTool({ name: "half_done", description: "x", parameters: {}, execute: () => "x" });
  kit.onAgentEnd((_e, ctx) => rec(ctx, "half", null));
  throw new Error("init gave up");
};
`, "init-throws.ts");
    const run = await runWith(mock, { exts: [bad, healthy()], args: ["hi"], steps: [text("ok")] });
    expect(run.exitCode).toBe(0);
    const [line] = errorLines(run.stderr);
    expect(line).toMatch(new RegExp(`^${escape(bad)}:${lineOf(bad, "throw new Error")}:\\d+: init gave up`));
    expect(toolNames(run.requests[0]!)).not.toContain("half_done");
    expect(tagged(run.stderr, "half")).toEqual([]);
    expect(tagged(run.stderr, "healthy")).toEqual(["ok"]);
  });

  test("an unknown event name at registration: reported with the line, the extension skipped", async () => {
    const bad = extension(`${REC}
export default (kit: ExtensionAPI) => {
  kit.registerTool({ name: "typo_tool", description: "x", parameters: {}, execute: () => "x" });
  kit.on("agent_finished" as any, () => {});
};
`, "typo.ts");
    const run = await runWith(mock, { exts: [bad, healthy()], args: ["hi"], steps: [text("ok")] });
    expect(run.exitCode).toBe(0);
    const [line] = errorLines(run.stderr);
    expect(line).toMatch(new RegExp(`^${escape(bad)}:${lineOf(bad, "agent_finished")}:\\d+: unknown event "agent_finished"`));
    expect(line).toContain("agent_end");
    expect(toolNames(run.requests[0]!)).not.toContain("typo_tool");
    expect(toolNames(run.requests[0]!)).toContain("healthy_tool");
  });

  test("a field a definition does not have (an older name) is refused with the line and the right name", async () => {
    const bad = extension(`${REC}
export default (kit: ExtensionAPI) => {
  kit.registerTool({ name: "old_tool", description: "x", parameters: {}, execute: () => "x" });
  kit.registerOption({ name: "verbose", description: "talk more", defaultValue: "no" } as any);
};
`, "old-names.ts");
    const run = await runWith(mock, { exts: [bad, healthy()], args: ["hi"], steps: [text("ok")] });
    expect(run.exitCode).toBe(0);
    expect(errorLines(run.stderr)).toEqual([
      `${bad}:${lineOf(bad, "defaultValue")}:7: registerOption("verbose"): unknown field "defaultValue" (did you mean default?); the fields are name, description, default`,
    ]);
    expect(toolNames(run.requests[0]!)).not.toContain("old_tool");
    expect(toolNames(run.requests[0]!)).toContain("healthy_tool");
  });

  test("ctx.setWidget with an older field name: the handler's line and the right name", async () => {
    const bad = extension(`${REC}
export default (kit: ExtensionAPI) => {
  kit.onSessionStart((_e, ctx) => {
    ctx.setWidget({ id: "w", position: "below", content: { text: "x" } } as any);
  });
};
`, "old-widget.ts");
    const run = await runWith(mock, { exts: [bad], args: ["hi"], steps: [text("ok")] });
    expect(run.exitCode).toBe(0);
    const [line] = errorLines(run.stderr);
    expect(line).toMatch(new RegExp(`^${escape(bad)}:${lineOf(bad, "position")}:\\d+: session_start handler failed: setWidget\\("w"\\): unknown field "position" \\(did you mean placement\\?\\)`));
  });

  test("a file with no entry point is reported; the run goes on", async () => {
    const bad = extension(`export const helper = 1;\n`, "no-entry.ts");
    const run = await runWith(mock, { exts: [bad], args: ["hi"], steps: [text("ok")] });
    expect(run.exitCode).toBe(0);
    expect(errorLines(run.stderr)).toEqual([`${bad}: no entry point: export a default function, or a function named \`init\``]);
  });

  test("a missing -e path is a usage error before anything runs (exit 2)", async () => {
    const run = await runWith(mock, { exts: [tempDir() + "/nope.ts"], args: ["hi"] });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("nope.ts");
    expect(run.requests).toHaveLength(0);
  });
});

describe("handlers that throw are reported and skipped", () => {
  test("a throwing notification handler: one line naming the file and the event; later handlers and the run go on", async () => {
    const bad = extension(`${REC}
export default (kit: ExtensionAPI) => {
  kit.onMessageEnd(() => { throw new Error("renderer crashed"); });
  kit.onMessageEnd((e, ctx) => rec(ctx, "second handler", e.content));
};
`, "thrower.ts");
    const run = await runWith(mock, { exts: [bad, healthy()], args: ["hi"], steps: [text("the answer")] });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe("the answer\n");
    const errors = errorLines(run.stderr);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(new RegExp(`^${escape(bad)}:${lineOf(bad, "renderer crashed")}:\\d+: message_end handler failed: renderer crashed$`));
    expect(tagged(run.stderr, "second handler")).toEqual(["the answer"]);
    expect(tagged(run.stderr, "healthy")).toEqual(["the answer"]);
  });

  test("a rejecting result handler (input, before_agent_start) is skipped: the next extension's result still applies", async () => {
    const bad = extension(`${REC}
export default (kit: ExtensionAPI) => {
  kit.onInput(async () => { throw new Error("input hook down"); });
  kit.onBeforeAgentStart(async () => { await Promise.resolve(); throw new Error("prompt hook down"); });
};
`, "rejects.ts");
    const good = extension(`${REC}
export default (kit: ExtensionAPI) => {
  kit.onInput((e) => ({ action: "transform", text: e.text + "!" }));
  kit.onBeforeAgentStart(() => ({ systemPrompt: "GOOD-EXTENSION-NOTE" }));
};
`);
    const run = await runWith(mock, { exts: [bad, good], args: ["hi"], steps: [text("ok")] });
    expect(run.exitCode).toBe(0);
    const errors = errorLines(run.stderr);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain(`${bad}:`);
    expect(errors[0]).toContain("input handler failed: input hook down");
    expect(errors[1]).toContain("before_agent_start handler failed: prompt hook down");
    expect(run.requests[0]!.body.messages[0].content[0].text).toBe("hi!");
    expect(JSON.stringify(run.requests[0]!.body.system)).toContain("GOOD-EXTENSION-NOTE");
  });

  test("a malformed result is reported like a throw and ignored", async () => {
    const bad = extension(`${REC}
export default (kit: ExtensionAPI) => kit.onInput(() => ({ action: "replace", text: "hijacked" }) as any);
`, "malformed.ts");
    const run = await runWith(mock, { exts: [bad], args: ["hi"], steps: [text("ok")] });
    expect(run.exitCode).toBe(0);
    const [line] = errorLines(run.stderr);
    expect(line).toContain(bad);
    expect(line).toContain("invalid input result");
    expect(run.requests[0]!.body.messages[0].content[0].text).toBe("hi");
  });

  test("a throwing tool_call handler blocks the call (fail closed): the model receives \"Blocked: <error>\"", async () => {
    const cwd = tempDir();
    const bad = extension(`${REC}
export default (kit: ExtensionAPI) => kit.onToolCall((e) => { if (e.toolName === "bash") throw new Error("policy service unreachable"); });
`, "guard.ts");
    const run = await runWith(mock, {
      exts: [bad],
      cwd,
      args: ["make a file"],
      steps: [toolCall("bash", { command: "touch made" }), text("blocked, sorry")],
    });
    expect(run.exitCode).toBe(0);
    expect(await Bun.file(`${cwd}/made`).exists()).toBe(false);
    expect(lastToolResults(run.requests[1]!)).toEqual([{ content: "Blocked: policy service unreachable", is_error: true }]);
    const [line] = errorLines(run.stderr);
    expect(line).toContain(`${bad}:`);
    expect(line).toContain("tool_call handler failed: policy service unreachable");
  });

  test("a malformed tool_call result fails closed too", async () => {
    const bad = extension(`${REC}
export default (kit: ExtensionAPI) => kit.onToolCall(() => ({ block: "yes" }) as any);
`, "guard.ts");
    const run = await runWith(mock, { exts: [bad], args: ["go"], steps: [toolCall("ls", { path: "." }), text("ok")] });
    expect(run.exitCode).toBe(0);
    const [result] = lastToolResults(run.requests[1]!);
    expect(result!.is_error).toBe(true);
    expect(result!.content).toStartWith("Blocked: invalid tool_call result");
  });

  test("a throwing tool_result handler is reported and skipped: the result goes on unchanged", async () => {
    const bad = extension(`${REC}
export default (kit: ExtensionAPI) => kit.onToolResult(() => { throw new Error("redactor down"); });
`, "redactor.ts");
    const run = await runWith(mock, {
      exts: [bad],
      cwd: tempDir({ "secret.txt": "TOP-SECRET\n" }),
      args: ["read it"],
      steps: [toolCall("read", { path: "secret.txt" }), text("ok")],
    });
    expect(run.exitCode).toBe(0);
    expect(errorLines(run.stderr)[0]).toContain("tool_result handler failed: redactor down");
    // Skipped like any failing handler: the result goes through unchanged.
    const [result] = lastToolResults(run.requests[1]!);
    expect(result!.content).toContain("TOP-SECRET");
  });
});

/** The 1-based line of `file` holding `needle`. */
function lineOf(file: string, needle: string): number {
  const i = readFileSync(file, "utf8").split("\n").findIndex((l) => l.includes(needle));
  expect(i).toBeGreaterThanOrEqual(0);
  return i + 1;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
