/**
 * The tool gate's schema check, through the built binary against the scripted provider: a call whose
 * arguments break its tool's JSON Schema never reaches tool_call or the tool; the model gets an error
 * result naming the field and the problem in its next request, and its corrected call runs.
 */
import { afterAll, afterEach, beforeAll, expect, test } from "bun:test";
import { startMockLLM, text, toolCall, type MockLLM } from "../support/mock-llm.ts";
import { extension, lastToolResults, REC, runWith, tagged, tempDir } from "./extension-runs.ts";

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

const OPEN_FILE = extension(`${REC}
export default (kit: ExtensionAPI) => {
  kit.registerTool({
    name: "open_file",
    description: "Opens a file at a line",
    parameters: {
      type: "object",
      properties: {
        path: { type: "string" },
        line: { type: "integer", minimum: 1 },
        mode: { enum: ["view", "edit"] },
      },
      required: ["path"],
      additionalProperties: false,
    },
    execute: (args, tc) => { rec(tc.ctx, "ran", args); return "opened " + args.path; },
  });
  kit.onToolCall((e, ctx) => rec(ctx, "tool_call", e.args));
};
`);

test("an extension tool called without a required field: the model is told which, and its retry runs", async () => {
  const run = await runWith(mock, {
    exts: [OPEN_FILE],
    args: ["open the readme"],
    steps: [toolCall("open_file", {}), toolCall("open_file", { path: "README.md" }), text("opened it")],
  });
  expect(run.exitCode).toBe(0);
  expect(lastToolResults(run.requests[1]!)).toEqual([
    {
      content: 'Invalid arguments for open_file: missing required field "path". Call open_file again with arguments that match its parameters schema.',
      is_error: true,
    },
  ]);
  // The invalid call reached neither tool_call nor the tool; the corrected one reached both.
  expect(tagged(run.stderr, "tool_call")).toEqual([{ path: "README.md" }]);
  expect(tagged(run.stderr, "ran")).toEqual([{ path: "README.md" }]);
  expect(lastToolResults(run.requests[2]!)).toEqual([{ content: "opened README.md", is_error: false }]);
});

test("each wrong field is named with its problem: a type, a bound, an enum, an unknown field", async () => {
  const run = await runWith(mock, {
    exts: [OPEN_FILE],
    args: ["open it"],
    steps: [toolCall("open_file", { path: 7, line: 0, mode: "delete", force: true }), text("giving up")],
  });
  expect(run.exitCode).toBe(0);
  const [result] = lastToolResults(run.requests[1]!);
  expect(result!.is_error).toBe(true);
  expect(result!.content).toStartWith("Invalid arguments for open_file: ");
  expect(result!.content).toContain('"path" must be string, not number');
  expect(result!.content).toContain('"line": 0 is less than 1');
  expect(result!.content).toContain('"mode": the value does not match any of ["view","edit"]');
  expect(result!.content).toContain('"force" is not an allowed field');
  expect(tagged(run.stderr, "ran")).toEqual([]);
});

test("the slips models make are eased, not refused: a tool gets the number its schema asks for", async () => {
  const run = await runWith(mock, {
    exts: [OPEN_FILE],
    args: ["open it"],
    steps: [toolCall("open_file", { path: "a.ts", line: "12", mode: null }), text("done")],
  });
  expect(run.exitCode).toBe(0);
  expect(tagged(run.stderr, "ran")).toEqual([{ path: "a.ts", line: 12 }]);
  expect(tagged(run.stderr, "tool_call")).toEqual([{ path: "a.ts", line: 12 }]);
});

test("built-in tools are checked by the same gate", async () => {
  const cwd = tempDir({ "notes.txt": "one\ntwo\nthree\n" });
  const run = await runWith(mock, {
    exts: [],
    cwd,
    args: ["read the notes"],
    steps: [
      { kind: "reply", toolCalls: [{ name: "read", input: { path: ["notes.txt"] } }, { name: "read", input: { path: "notes.txt", limit: "2" } }] },
      text("read them"),
    ],
  });
  expect(run.exitCode).toBe(0);
  const [wrong, eased] = lastToolResults(run.requests[1]!);
  expect(wrong).toEqual({
    content: 'Invalid arguments for read: "path" must be string, not array. Call read again with arguments that match its parameters schema.',
    is_error: true,
  });
  expect(eased!.is_error).toBe(false);
  expect(eased!.content).toContain("two");
  expect(eased!.content).not.toContain("three");
});
