import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { SessionMessage } from "kit/ext";
import { assertCommandRegistered, assertError, createHarness } from "kit/test";

const file = join(import.meta.dir, "summarize.ts");
let n = 0;
const message = (role: SessionMessage["role"], content: string): SessionMessage => ({
  id: `m${++n}`,
  parentId: null,
  role,
  content,
  timestamp: new Date().toISOString(),
});
/** The ctx.complete requests the MockContext recorded (a harness extra beyond the contract's MockContext). */
const completions = (h: { context: unknown }) => (h.context as { completions: { system?: string; prompt: string }[] }).completions;

describe("summarize", () => {
  test("summarizes the conversation with ctx.complete, stores and returns the summary", async () => {
    const h = await createHarness().load(file);
    assertCommandRegistered(h, "summarize");
    h.context.getMessages = () => [
      message("user", "Add a --verbose flag to the CLI"),
      message("assistant", "I added it in src/cli/args.ts and a test."),
      message("user", "Now document it"),
    ];
    h.context.answerComplete("- Added --verbose (src/cli/args.ts)\n- Docs still open\n");

    const out = await h.runCommand("summarize");
    expect(out).toBe("Summary of 3 message(s):\n\n- Added --verbose (src/cli/args.ts)\n- Docs still open");

    const [request] = completions(h);
    expect(request!.prompt).toContain("[user] Add a --verbose flag to the CLI");
    expect(request!.prompt).toContain("[assistant] I added it in src/cli/args.ts");
    expect(request!.system).toContain("summarize");

    const entries = h.context.getEntries("summary");
    expect(entries).toHaveLength(1);
    expect(JSON.parse(entries[0]!.data)).toEqual({
      summary: "- Added --verbose (src/cli/args.ts)\n- Docs still open",
      messageCount: 3,
      model: "anthropic/claude-sonnet-4-5",
    });
  });

  test("says so when there is nothing to summarize, without calling the model", async () => {
    const h = await createHarness().load(file);
    expect(await h.runCommand("summarize")).toBe("Nothing to summarize yet.");
    expect(completions(h)).toHaveLength(0);
    expect(h.context.entries).toHaveLength(0);
  });

  test("reports a failed model call and stores nothing", async () => {
    const h = await createHarness().load(file);
    h.context.getMessages = () => [message("user", "hello")];
    // No scripted reply: the MockContext's ctx.complete rejects.
    expect(await h.runCommand("summarize")).toBeUndefined();
    expect(h.context.errors).toHaveLength(1);
    expect(h.context.errors[0]).toStartWith("/summarize: the model call failed: ");
    expect(h.context.entries).toHaveLength(0);

    h.context.answerComplete("   ");
    await h.runCommand("summarize");
    assertError(h, "/summarize: the model returned an empty summary");
    expect(h.context.entries).toHaveLength(0);
  });
});
