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

/** About `tokens` tokens of text (four characters a token), starting with `tag`. */
const sized = (tag: string, tokens: number) => `${tag} ` + "lorem ipsum dolor sit amet ".repeat(Math.ceil((tokens * 4) / 27));

/** One headless turn per answer, each continuing the session. */
async function conversation(p: Project, answers: string[]): Promise<void> {
  for (const [i, answer] of answers.entries()) {
    mock.push(text(answer, { chunkSize: 8000 }));
    expect((await p.kit([...(i > 0 ? ["-c"] : []), `question ${i + 1}`, "--quiet"])).exitCode).toBe(0);
  }
}

/** The session file's entries. */
const entriesOf = (p: Project) => readFileSync(p.sessionFile(), "utf8").trim().split("\n").map((l) => JSON.parse(l));

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

  test("a window under 36k tokens still compacts: the part kept word for word is at most a quarter of it", async () => {
    const p = project();
    // A 30k-token window triggers past 15k tokens; keeping the newest 20k word for word left nothing to summarise.
    writeFileSync(join(p.cwd, ".kit.yml"), "customModels:\n  anthropic/tiny-window: { limit: { context: 30000, output: 4000 } }\n");
    await conversation(p, [sized("FIRST-ANSWER", 5_000), sized("SECOND-ANSWER", 5_000), sized("THIRD-ANSWER", 5_000)]);
    const before = mock.requests.length;
    mock.push(text("small-window summary"), text("answer"));
    const r = await p.kit(["-c", "-m", "anthropic/tiny-window", "--auto-compact", "go on", "--output", "stream-json"]);
    expect(r.exitCode).toBe(0);
    const [summariser, turn] = mock.requests.slice(before).map((q) => q.body);
    expect(requestText(summariser.system)).toContain(SUMMARISER);
    expect(requestText(turn)).toContain("small-window summary");
    expect(requestText(turn)).not.toContain("FIRST-ANSWER");
    const events = r.stdout.trim().split("\n").map((l) => JSON.parse(l));
    const compaction = events.find((e) => e.type === "compaction");
    expect(compaction).toMatchObject({ reason: "auto" });
    // Compacted below the trigger, so the next turn does not compact again.
    expect(entriesOf(p).find((e) => e.type === "compaction").tokensAfter).toBeLessThan(15_000);
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

describe("compaction never makes the context larger", () => {
  function squash(dir: string): string {
    const file = join(dir, "squash.ts");
    writeFileSync(
      file,
      `import type { ExtensionAPI } from "kit/ext";
export default (kit: ExtensionAPI) => kit.registerCommand({ name: "squash", description: "compact now", execute: async (_a, ctx) => { await ctx.compact(); return "done"; } });
`,
    );
    return file;
  }

  test("one huge message just before the newest turn is summarised, not kept word for word", async () => {
    const p = project();
    await conversation(p, [sized("FIRST-ANSWER", 3_000), sized("HUGE-ANSWER", 30_000), "a short answer"]);
    const before = mock.requests.length;
    mock.push(text("summary of the huge answer"), text("next answer"));
    expect((await p.kit(["-c", "-e", squash(p.cwd), "/squash", "--quiet"])).exitCode).toBe(0);
    expect(requestText(mock.requests[before]!.body)).toContain("HUGE-ANSWER");
    const compaction = entriesOf(p).find((e) => e.type === "compaction");
    expect(compaction.tokensBefore).toBeGreaterThan(33_000);
    expect(compaction.tokensAfter).toBeLessThan(5_000);

    expect((await p.kit(["-c", "and now?", "--quiet"])).stdout).toBe("next answer\n");
    const next = requestText(mock.requests.at(-1)!.body);
    expect(next).toContain("summary of the huge answer");
    expect(next).toContain("a short answer");
    expect(next).not.toContain("HUGE-ANSWER");
  });

  test("when the newest message is the huge one, there is nothing to gain: it says so and asks no model", async () => {
    const p = project();
    await conversation(p, ["a short first answer", sized("HUGE-ANSWER", 30_000)]);
    const before = mock.requests.length;
    const r = await p.kit(["-c", "-e", squash(p.cwd), "/squash"]);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain("nothing to gain: the newest messages (about ");
    expect(mock.requests.length).toBe(before);
    expect(entriesOf(p).some((e) => e.type === "compaction")).toBe(false);
  });

  test("a summary as long as what it replaces is not applied: the context stays as it was", async () => {
    const p = project();
    await conversation(p, [sized("FIRST-ANSWER", 3_000), sized("HUGE-ANSWER", 30_000)]);
    const before = mock.requests.length;
    mock.push(text(sized("A-LONG-SUMMARY", 6_000), { chunkSize: 8000 }));
    const r = await p.kit(["-c", "-e", squash(p.cwd), "/squash"]);
    expect(r.exitCode).toBe(0);
    expect(mock.requests.length).toBe(before + 1);
    expect(r.stderr).toMatch(/nothing to gain: with the summary the context would be about \d+ tokens, not less than its \d+; it was left as it is/);
    expect(entriesOf(p).some((e) => e.type === "compaction")).toBe(false);
  });
});
