import { describe, expect, spyOn, test } from "bun:test";
import { join } from "node:path";
import { assertCommandRegistered, createHarness } from "kit/test";
import type { ToolLogEntry } from "./tool-logger.ts";

const file = join(import.meta.dir, "tool-logger.ts");
const logged = (h: { context: { entries: { entryType: string; data: string }[] } }) =>
  h.context.entries.filter((e) => e.entryType === "tool-log").map((e) => JSON.parse(e.data) as ToolLogEntry);

describe("tool-logger", () => {
  test("logs a call with its arguments, duration and error flag", async () => {
    // The clock the extension reads is the test's: durations are exact, whatever the machine's load.
    let now = 1_000;
    const clock = spyOn(performance, "now").mockImplementation(() => now);
    try {
      const h = await createHarness().load(file);
      await h.emit("tool_call", { toolCallId: "c1", toolName: "bash", args: { command: "ls -la" } });
      now += 500; // a permission prompt of another extension: not counted
      await h.emit("tool_execution_start", { toolCallId: "c1", toolName: "bash" });
      now += 42;
      await h.emit("tool_result", { toolCallId: "c1", toolName: "bash", input: '{"command":"ls -la"}', content: "a\nb\n" });
      await h.emit("tool_call", { toolCallId: "c2", toolName: "read", args: { path: "nope.txt" } });
      now += 3;
      await h.emit("tool_result", { toolCallId: "c2", toolName: "read", input: '{"path":"nope.txt"}', content: "no such file", isError: true });

      const [first, second] = logged(h);
      expect(first).toMatchObject({ tool: "bash", args: { command: "ls -la" }, isError: false, resultChars: 4, durationMs: 42 });
      expect(second).toMatchObject({ tool: "read", args: { path: "nope.txt" }, isError: true, durationMs: 3 });
    } finally {
      clock.mockRestore();
    }
  });

  test("cuts long arguments and tolerates results it never saw start", async () => {
    const h = await createHarness().load(file);
    await h.emit("tool_result", { toolCallId: "x", toolName: "write", input: JSON.stringify({ path: "big.txt", content: "x".repeat(5000) }) });
    const [entry] = logged(h);
    expect(entry!.durationMs).toBeNull();
    const args = entry!.args as { path: string; content: string };
    expect(args.path).toBe("big.txt");
    expect(args.content.length).toBeLessThan(300);
    expect(args.content).toContain("5000 chars");
  });

  test("/tool-log shows the last n entries", async () => {
    const h = await createHarness().load(file);
    assertCommandRegistered(h, "tool-log");
    expect(await h.runCommand("tool-log")).toBe("No tool calls logged yet.");
    for (const [i, name] of ["ls", "grep", "bash"].entries()) {
      await h.emit("tool_call", { toolCallId: `c${i}`, toolName: name, args: { n: i } });
      await h.emit("tool_result", { toolCallId: `c${i}`, toolName: name, input: JSON.stringify({ n: i }), isError: name === "bash" });
    }
    const out = String(await h.runCommand("tool-log", "2"));
    const lines = out.split("\n");
    expect(lines[0]).toBe("Last 2 of 3 tool call(s):");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('grep {"n":1}');
    expect(lines[1]).toEndWith("ok");
    expect(lines[2]).toContain('bash {"n":2}');
    expect(lines[2]).toEndWith("ERROR");
    expect(await h.runCommand("tool-log", "zero")).toStartWith("usage:");
  });
});
