import { describe, expect, test } from "bun:test";
import { exportJson, exportMarkdown, transcriptOf } from "../../src/session/export.ts";
import { SessionStore } from "../../src/session/store.ts";
import { assistant, steppingClock, user } from "./helpers.ts";

function sample(): SessionStore {
  const s = SessionStore.inMemory({ cwd: "/w/p", now: steppingClock() });
  s.append({ type: "model_change", provider: "anthropic", model: "claude-x" });
  const q = s.appendMessage(user("List the files"));
  s.appendMessage(
    {
      role: "assistant",
      content: [
        { type: "reasoning", text: "I should run ls." },
        { type: "text", text: "Let me look." },
        { type: "tool_call", id: "c1", name: "bash", input: '{"command":"ls"}' },
      ],
    },
    { model: "claude-x", provider: "anthropic", usage: { input: 100, output: 20, cacheRead: 0, cacheWrite: 0, cost: 0.5 } },
  );
  s.appendMessage({
    role: "tool",
    content: [{ type: "tool_result", toolCallId: "c1", name: "bash", content: "a.txt\n```\nb.txt", isError: false }],
  });
  s.appendMessage(assistant("There are two files."), {
    model: "claude-x",
    provider: "anthropic",
    usage: { input: 150, output: 10, cacheRead: 50, cacheWrite: 0, cost: 0.25 },
  });
  s.setName("Files");
  s.navigate(q);
  s.appendMessage(assistant("abandoned branch"));
  s.navigate(s.entries[5]!.id); // back to the session_info at the end of the main branch
  return s;
}

describe("export", () => {
  test("markdown: the current branch as a readable transcript", () => {
    const s = sample();
    const md = exportMarkdown(transcriptOf(s));
    expect(md.startsWith("# Files\n")).toBe(true);
    expect(md).toContain(`- Session: \`${s.id}\``);
    expect(md).toContain("- Directory: `/w/p`");
    expect(md).toContain("## User\n\nList the files");
    expect(md).toContain("## Assistant · claude-x");
    expect(md).toContain("<details><summary>Reasoning</summary>\n\nI should run ls.");
    expect(md).toContain('**Tool call** `bash` (c1)\n\n```json\n{\n  "command": "ls"\n}\n```');
    // The result holds a ``` run: its fence is longer.
    expect(md).toContain("````\na.txt\n```\nb.txt\n````");
    expect(md).toContain("There are two files.");
    expect(md).toContain("> *Model: anthropic/claude-x*");
    expect(md).not.toContain("abandoned branch");
    // Order follows the branch.
    expect(md.indexOf("List the files")).toBeLessThan(md.indexOf("There are two files."));
    expect(exportMarkdown(transcriptOf(s), { reasoning: false })).not.toContain("I should run ls.");
  });

  test("json: header, name, usage totals and the branch's entries, losslessly", () => {
    const s = sample();
    const out = JSON.parse(exportJson(transcriptOf(s)));
    expect(out.version).toBe(1);
    expect(out.session).toMatchObject({ type: "session", id: s.id, cwd: "/w/p", name: "Files" });
    expect(out.entries).toEqual(s.branch());
    expect(out.entries.map((e: { type: string }) => e.type)).toEqual(["model_change", "message", "message", "message", "message", "session_info"]);
    expect(out.usage).toEqual({ input: 250, output: 30, cacheRead: 50, cacheWrite: 0, cost: 0.75 });
  });

  test("json: one unknown price makes the total cost unknown", () => {
    const s = SessionStore.inMemory();
    s.appendMessage(assistant("a"), { usage: { input: 1, output: 1, cacheRead: 0, cacheWrite: 0, cost: 1 } });
    s.appendMessage(assistant("b"), { usage: { input: 1, output: 1, cacheRead: 0, cacheWrite: 0, cost: null } });
    expect(JSON.parse(exportJson(transcriptOf(s))).usage.cost).toBeNull();
  });

  test("markdown: compaction and branch summaries are shown; a session without a name is titled by its id", () => {
    const s = SessionStore.inMemory();
    const a = s.appendMessage(user("q"));
    s.append({ type: "compaction", summary: "Earlier we did X.", firstKeptEntryId: a, tokensBefore: 1, tokensAfter: 1 });
    s.branchSummary(a, "A branch tried Y.");
    const md = exportMarkdown(transcriptOf(s));
    expect(md.startsWith(`# Session ${s.id}\n`)).toBe(true);
    expect(md).toContain("Earlier we did X.");
    expect(md).toContain("A branch tried Y.");
  });
});
