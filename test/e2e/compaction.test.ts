/**
 * Compaction as a user meets it: a context overflow is compacted and the turn retried once (exit 5
 * when it still overflows), --auto-compact near the window, and ctx.compact from an extension with
 * before_compact supplying or cancelling the summary. The tool-pair rule is checked on every request.
 */
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { contextOverflow, text, toolCall } from "../support/mock-llm.ts";
import { isolatedHome, kitEnv, runKit } from "../support/kit-process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";

const mock = useMockLLM({ strict: false });

const SUMMARISER = "You write the working memory of an AI coding agent";
/** About 12,000 tokens of text per reply: three turns are well past the 20k tokens kept verbatim. */
const big = (tag: string) => `${tag} ` + "lorem ipsum dolor sit amet ".repeat(1800);

interface Project {
  cwd: string;
  env: Record<string, string>;
  kit(args: string[]): ReturnType<typeof runKit>;
  sessionFile(): string;
}

function project(extraEnv: Record<string, string> = {}): Project {
  const home = isolatedHome();
  const cwd = tempDir("kit-compact-");
  const env = kitEnv(home, { ANTHROPIC_API_KEY: "test", ...extraEnv });
  return {
    cwd,
    env,
    kit: (args) => runKit(["--provider-url", mock.url, ...args], { cwd, env }),
    sessionFile: () => {
      const root = join(home, ".local", "share", "kit", "sessions");
      const dir = join(root, readdirSync(root)[0]!);
      return join(dir, readdirSync(dir).find((f) => f.endsWith(".jsonl"))!);
    },
  };
}

/** Three long turns, one with a tool call, so there is something worth compacting. */
async function longConversation(p: Project): Promise<void> {
  mock.push(text(big("FIRST-ANSWER"), { chunkSize: 4000 }));
  expect((await p.kit(["first question", "--quiet"])).exitCode).toBe(0);
  mock.push(toolCall("ls", { path: "." }), text(big("SECOND-ANSWER"), { chunkSize: 4000 }));
  expect((await p.kit(["-c", "second question", "--quiet"])).exitCode).toBe(0);
  mock.push(text(big("THIRD-ANSWER"), { chunkSize: 4000 }));
  expect((await p.kit(["-c", "third question", "--quiet"])).exitCode).toBe(0);
}

/** Every tool_use in a request is answered by a tool_result in the next message. */
function expectToolPairs(body: any): void {
  const messages: any[] = body.messages;
  messages.forEach((m, i) => {
    for (const block of Array.isArray(m.content) ? m.content : []) {
      if (block.type !== "tool_use") continue;
      const next = messages[i + 1];
      expect(next?.content?.some((b: any) => b.type === "tool_result" && b.tool_use_id === block.id)).toBe(true);
    }
  });
}

const requestText = (body: any) => JSON.stringify(body);

describe("reactive: a context overflow is compacted and the turn retried once", () => {
  test("overflow, then the summary, then the answer: exit 0 and the compaction is in the session file", async () => {
    const p = project();
    await longConversation(p);
    const before = mock.requests.length;
    mock.push(contextOverflow(), text("## Goal\nSUMMARY-OF-EARLY-WORK"), text("answered after compacting"));
    const r = await p.kit(["-c", "fourth question"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("answered after compacting\n");
    expect(r.stderr).toContain("compacted the conversation (overflow)");

    const [failed, summariser, retried] = mock.requests.slice(before).map((q) => q.body);
    expect(requestText(failed)).toContain("FIRST-ANSWER");
    expect(requestText(summariser.system)).toContain(SUMMARISER);
    expect(requestText(summariser)).toContain("FIRST-ANSWER");
    // The retried turn sees the summary instead of the oldest turn, and still the newest ones and the question.
    expect(requestText(retried)).toContain("SUMMARY-OF-EARLY-WORK");
    expect(requestText(retried)).not.toContain("FIRST-ANSWER");
    expect(requestText(retried)).toContain("THIRD-ANSWER");
    expect(requestText(retried)).toContain("fourth question");
    for (const body of [failed, retried]) expectToolPairs(body);

    const entries = readFileSync(p.sessionFile(), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const compaction = entries.find((e) => e.type === "compaction");
    expect(compaction).toMatchObject({ summary: "## Goal\nSUMMARY-OF-EARLY-WORK" });
    expect(compaction.tokensBefore).toBeGreaterThan(compaction.tokensAfter);
    // Earlier entries stay in the file.
    expect(entries.some((e) => e.type === "message" && JSON.stringify(e.content).includes("FIRST-ANSWER"))).toBe(true);

    // A later -c run keeps working from the compacted context.
    mock.push(text("still here"));
    expect((await p.kit(["-c", "fifth", "--quiet"])).stdout).toBe("still here\n");
    expect(requestText(mock.requests.at(-1)!.body)).toContain("SUMMARY-OF-EARLY-WORK");
  });

  test("still overflowing after compacting: exit 5 with a clear message", async () => {
    const p = project();
    await longConversation(p);
    mock.push(contextOverflow(), text("a summary"), contextOverflow());
    const r = await p.kit(["-c", "again"]);
    expect(r.exitCode).toBe(5);
    expect(r.stderr).toContain("still does not fit the model's context window after compacting it");
  });

  test("a fresh conversation that overflows has nothing to compact: exit 5 at once", async () => {
    const p = project();
    const before = mock.requests.length;
    mock.push(contextOverflow());
    const r = await p.kit(["too big"]);
    expect(r.exitCode).toBe(5);
    // One error that says what to do, not a line claiming the conversation "already fits".
    expect(r.stderr).toContain("no longer fits the model's context window; start a new session");
    expect(r.stderr).not.toContain("already fits");
    expect(mock.requests.length - before).toBe(1);
  });
});

describe("--auto-compact", () => {
  test("compacts before the turn when the context nears the model's window", async () => {
    const p = project();
    // A 40k-token window: the ~37k-token conversation leaves less than the 16k output reserve.
    writeFileSync(join(p.cwd, ".kit.yml"), "customModels:\n  anthropic/small-window: { limit: { context: 40000, output: 4000 } }\n");
    await longConversation(p);
    const before = mock.requests.length;
    mock.push(text("auto summary"), text("answer"));
    const r = await p.kit(["-c", "-m", "anthropic/small-window", "--auto-compact", "go on", "--output", "stream-json"]);
    expect(r.exitCode).toBe(0);
    const [summariser, turn] = mock.requests.slice(before).map((q) => q.body);
    expect(requestText(summariser.system)).toContain(SUMMARISER);
    expect(requestText(turn)).toContain("auto summary");
    const events = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    expect(events.find((e) => e.type === "compaction")).toMatchObject({ reason: "auto" });
    expect(events.at(-1).type).toBe("result");
  });

  test("without the flag nothing is compacted ahead of time", async () => {
    const p = project();
    writeFileSync(join(p.cwd, ".kit.yml"), "customModels:\n  anthropic/small-window: { limit: { context: 40000, output: 4000 } }\n");
    await longConversation(p);
    const before = mock.requests.length;
    mock.push(text("plain answer"));
    const r = await p.kit(["-c", "-m", "anthropic/small-window", "go on", "--quiet"]);
    expect(r.stdout).toBe("plain answer\n");
    expect(mock.requests.length - before).toBe(1);
  });
});

describe("manual compaction from an extension (ctx.compact) and before_compact", () => {
  function extension(dir: string, body: string): string {
    const file = join(dir, "compactor.ts");
    writeFileSync(
      file,
      `import type { ExtensionAPI } from "kit/ext";
export default function (kit: ExtensionAPI) {
  ${body}
  kit.registerCommand({ name: "squash", description: "compact now", execute: async (args, ctx) => { await ctx.compact({ customInstructions: args }); return "squashed"; } });
}
`,
    );
    return file;
  }

  test("the model writes the summary, focused by the instructions", async () => {
    const p = project();
    await longConversation(p);
    const ext = extension(p.cwd, "");
    const before = mock.requests.length;
    mock.push(text("focused summary"));
    const r = await p.kit(["-c", "-e", ext, "/squash keep the API names", "--quiet"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("squashed\n");
    expect(requestText(mock.requests[before]!.body)).toContain("keep the API names");
    expect(readFileSync(p.sessionFile(), "utf8")).toContain('"summary":"focused summary"');
  });

  test("before_compact can supply the summary (no model call) or cancel", async () => {
    const p = project();
    await longConversation(p);
    const supplied = extension(p.cwd, `kit.onBeforeCompact((e) => ({ summary: "from the extension, automatic=" + e.isAutomatic }));`);
    const before = mock.requests.length;
    expect((await p.kit(["-c", "-e", supplied, "/squash", "--quiet"])).exitCode).toBe(0);
    expect(mock.requests.length).toBe(before);
    expect(readFileSync(p.sessionFile(), "utf8")).toContain('"summary":"from the extension, automatic=false"');

    const q = project();
    await longConversation(q);
    const cancelling = extension(q.cwd, `kit.onBeforeCompact(() => ({ cancel: true, reason: "not today" }));`);
    const r = await q.kit(["-c", "-e", cancelling, "/squash"]);
    expect(r.stderr).toContain("compaction cancelled by an extension: not today");
    expect(readFileSync(q.sessionFile(), "utf8")).not.toContain('"type":"compaction"');
  });
});
