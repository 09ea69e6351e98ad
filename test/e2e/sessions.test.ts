/**
 * Sessions as a user meets them, through the built binary (spec/sessions.md, spec/cli.md Sessions):
 * every headless run leaves a session file under $XDG_DATA_HOME/kit/sessions/<encoded cwd>/ unless
 * --no-session; -c / -r / -s pick up a conversation where it stopped; the file is written entry by
 * entry; `kit sessions list|check|export` show, verify, mend and print it.
 */
import { describe, expect, test } from "bun:test";
import { appendFileSync, existsSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { KIT_BIN, runKit } from "../support/kit-process.ts";
import { text, toolCall } from "../support/mock-llm.ts";
import { waitUntil } from "../support/process-facts.ts";
import { jsonLines, LiveOutput, project, userEnv } from "./headless-support.ts";
import {
  entriesOf,
  expectInOrder,
  expectValidConversation,
  fileAtoms,
  jsonlFiles,
  messagesOf,
  onlySession,
  readLines,
  requestAtoms,
  sessionDirOf,
  sessionsRoot,
} from "./sessions-support.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";

const mock = useMockLLM();

const USAGE = { input: 1200, output: 80, cacheRead: 0, cacheWrite: 0 };

/** A user in a project: their own HOME/XDG dirs and a fresh project directory. */
function user(files: Record<string, string> = {}) {
  const env = userEnv();
  const cwd = project(files);
  const kit = (...args: string[]) => runKit(["--provider-url", mock.url, ...args], { cwd, env });
  // Subcommands take no provider flags.
  const sessions = (...args: string[]) => runKit(["sessions", ...args], { cwd, env });
  return { env, cwd, kit, sessions };
}

/** Scripts one turn: the model runs bash, reads a file, then answers `answer`. */
function scriptToolTurn(answer: string): void {
  mock.push(
    toolCall("bash", { command: "echo listing && ls" }, { usage: USAGE }),
    toolCall("read", { path: "notes.txt" }, { usage: USAGE }),
    text(answer, { usage: USAGE }),
  );
}

const lastRequest = () => mock.requests[mock.requests.length - 1]!;

describe("every headless run keeps its session", () => {
  test("the file sits under the cwd's directory: a header, then one entry per message, chained", async () => {
    const u = user({ "notes.txt": "ship on Friday\n" });
    scriptToolTurn("The notes say ship on Friday.");
    const r = await u.kit("summarize the notes", "--quiet");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("The notes say ship on Friday.\n");

    const path = onlySession(u.env, u.cwd);
    expect(dirname(path)).toBe(join(u.env.XDG_DATA_HOME!, "kit", "sessions", u.cwd.split("/").join("--")));
    const [header, ...entries] = readLines(path);
    expect(header).toMatchObject({ type: "session", version: 1, cwd: u.cwd });
    expect(typeof header!.id).toBe("string");
    expect(Number.isNaN(Date.parse(header!.timestamp))).toBe(false);
    // <UTC timestamp>_<session id>.jsonl
    expect(basename(path)).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d-]+Z_${header!.id}\\.jsonl$`));

    expect(entries.map((e) => [e.type, e.role])).toEqual([
      ["message", "user"],
      ["message", "assistant"],
      ["message", "tool"],
      ["message", "assistant"],
      ["message", "tool"],
      ["message", "assistant"],
    ]);
    // A single chain: each entry's parent is the one before it; ids unique.
    expect(entries.map((e) => e.parentId)).toEqual([null, ...entries.slice(0, -1).map((e) => e.id)]);
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    for (const e of entries) expect(Number.isNaN(Date.parse(e.timestamp))).toBe(false);
    expect(entries[0]!.content).toEqual([{ type: "text", text: "summarize the notes" }]);
  });

  test("a turn with tool calls stores the assistant's calls with usage, model and provider, and each result with its call", async () => {
    const u = user({ "notes.txt": "ship on Friday\n" });
    scriptToolTurn("Done.");
    expect((await u.kit("summarize the notes", "--quiet")).exitCode).toBe(0);
    const messages = messagesOf(onlySession(u.env, u.cwd));

    const assistants = messages.filter((m) => m.role === "assistant");
    expect(assistants).toHaveLength(3);
    for (const a of assistants) {
      expect(a.model).toBe("claude-sonnet-5-5");
      expect(a.provider).toBe("anthropic");
      expect(a.usage).toMatchObject({ input: 1200, output: 80, cacheRead: 0, cacheWrite: 0 });
      // The default model, Claude Sonnet 5.5, at $2 / $10 per million tokens: 1200 in + 80 out.
      expect(a.usage.cost).toBeCloseTo(0.0024 + 0.0008, 10);
    }
    expect(assistants.map((a) => a.stopReason)).toEqual(["tool_calls", "tool_calls", "stop"]);

    const calls = assistants.flatMap((a) => a.content.filter((p: any) => p.type === "tool_call"));
    expect(calls.map((c: any) => [c.name, JSON.parse(c.input)])).toEqual([
      ["bash", { command: "echo listing && ls" }],
      ["read", { path: "notes.txt" }],
    ]);
    const results = messages.filter((m) => m.role === "tool").map((m) => m.content[0]);
    expect(results.map((p: any) => [p.type, p.toolCallId, p.name, p.isError])).toEqual([
      ["tool_result", calls[0].id, "bash", false],
      ["tool_result", calls[1].id, "read", false],
    ]);
    expect(results[0].content).toContain("listing");
    expect(results[0].content).toContain("notes.txt");
    expect(JSON.stringify(results[1].content)).toContain("ship on Friday");
  });

  test("--no-session writes no file at all", async () => {
    const u = user();
    mock.push(text("ok"));
    const r = await u.kit("hello", "--no-session", "--output", "stream-json");
    expect(r.exitCode).toBe(0);
    const [session] = jsonLines(r.stdout);
    expect(session).toMatchObject({ type: "session", path: "" });
    expect(jsonlFiles(u.env.HOME!)).toEqual([]);
    expect(jsonlFiles(u.cwd)).toEqual([]);
    expect(existsSync(sessionsRoot(u.env))).toBe(false);
  });

  test("--json names the session; stream-json names it and its file, first thing", async () => {
    const u = user();
    mock.push(text("one"));
    const json = await u.kit("first", "--json");
    expect(json.exitCode).toBe(0);
    const id = JSON.parse(json.stdout).session_id;
    const first = onlySession(u.env, u.cwd);
    expect(readLines(first)[0]!.id).toBe(id);
    expect(basename(first)).toEndWith(`_${id}.jsonl`);

    mock.push(text("two"));
    const stream = await u.kit("second", "--output", "stream-json");
    expect(stream.exitCode).toBe(0);
    const events = jsonLines(stream.stdout);
    expect(events[0]).toMatchObject({ type: "session", v: 1, cwd: u.cwd });
    const path = events[0]!.path as string;
    expect(path).not.toBe(first);
    expect(readLines(path)[0]!.id).toBe(events[0]!.id);
    expect(events.at(-1)).toMatchObject({ type: "result", session_id: events[0]!.id });
    expect(jsonlFiles(sessionDirOf(u.env, u.cwd)).sort()).toEqual([first, path].sort());
  });

  test("the file is written entry by entry: finished messages are on disk while the answer still streams", async () => {
    const u = user();
    mock.push(
      toolCall("bash", { command: "echo first step" }),
      text("the final answer arrives slowly, a few characters at a time", { chunkSize: 2, tokenDelayMs: 40 }),
    );
    const proc = Bun.spawn([KIT_BIN, "--provider-url", mock.url, "--output", "stream-json", "go"], {
      cwd: u.cwd,
      env: u.env,
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    const live = new LiveOutput(proc.stdout);
    try {
      await live.waitFor("the answer to start streaming", (t) => t.includes('"type":"text_delta"'));
      // The run is not over: the user message, the call and its result are already complete lines.
      expect(live.text).not.toContain('"type":"result"');
      const during = entriesOf(onlySession(u.env, u.cwd));
      expect(during.map((e) => e.role)).toEqual(["user", "assistant", "tool"]);
      expect(during[2]!.content[0]).toMatchObject({ type: "tool_result", content: "first step" });
    } finally {
      expect(await proc.exited).toBe(0);
      await live.done;
    }
    expect(entriesOf(onlySession(u.env, u.cwd)).map((e) => e.role)).toEqual(["user", "assistant", "tool", "assistant"]);
  });

  test("U+2028 and U+2029 in a reply are escaped in the file, so every line splitter sees the same lines", async () => {
    const u = user();
    const reply = "first\u2028second\u2029third";
    mock.push(text(reply));
    expect((await u.kit("separators please", "--quiet")).exitCode).toBe(0);
    const path = onlySession(u.env, u.cwd);
    const raw = readFileSync(path, "utf8");
    expect(raw).not.toMatch(/[\u2028\u2029]/);
    expect(raw).toContain("first\\u2028second\\u2029third");
    // Splitting at every Unicode line terminator gives the same lines as splitting at "\n".
    expect(raw.split(/\r\n|[\n\r\u2028\u2029]/)).toEqual(raw.split("\n"));
    expect(messagesOf(path).at(-1)!.content).toEqual([{ type: "text", text: reply }]);

    // And the exact text goes back to the model on the next turn.
    mock.push(text("ok"));
    expect((await u.kit("-c", "again", "--quiet")).exitCode).toBe(0);
    expect(requestAtoms(lastRequest())).toContain(`assistant: ${reply}`);
  });
});

describe("picking up a conversation", () => {
  test('kit -c "now add tests" continues the newest session: the model gets the whole first exchange, the file grows on the same tree', async () => {
    const u = user({ "notes.txt": "ship on Friday\n" });
    scriptToolTurn("Summary: ship on Friday.");
    expect((await u.kit("summarize the notes", "--quiet")).exitCode).toBe(0);
    const path = onlySession(u.env, u.cwd);
    const before = entriesOf(path);
    expect(before).toHaveLength(6);

    mock.push(text("Tests added."));
    const r = await u.kit("-c", "now add tests", "--quiet");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("Tests added.\n");

    // The request carries user, assistant, every tool call with its result, the answer, then the new prompt.
    const sent = requestAtoms(lastRequest());
    const earlier = fileAtoms(before);
    expect(earlier.filter((a) => a.startsWith("call "))).toHaveLength(2);
    expect(earlier.filter((a) => a.startsWith("result "))).toHaveLength(2);
    expect(sent).toEqual([...earlier, "user: now add tests"]);
    expectValidConversation(lastRequest());

    // Same file, same tree: the old lines untouched, the new prompt a child of the old last entry.
    expect(onlySession(u.env, u.cwd)).toBe(path);
    const after = entriesOf(path);
    expect(after.slice(0, 6)).toEqual(before);
    expect(after.slice(6).map((e) => e.role)).toEqual(["user", "assistant"]);
    expect(after[6]!.parentId).toBe(before[5]!.id);
    expect(after[7]!.parentId).toBe(after[6]!.id);
  });

  test("a run killed while its tool runs: -c keeps the call and tells the model it was interrupted", async () => {
    const u = user();
    mock.push(toolCall("bash", { command: "sleep 5" }));
    const proc = Bun.spawn([KIT_BIN, "--provider-url", mock.url, "wait for it", "--quiet"], { cwd: u.cwd, env: u.env, stdin: "ignore", stdout: "ignore", stderr: "ignore" });
    try {
      await waitUntil("the tool call to be stored", () => {
        const files = jsonlFiles(sessionDirOf(u.env, u.cwd));
        return files.length === 1 && readFileSync(files[0]!, "utf8").includes('"type":"tool_call"');
      });
    } finally {
      proc.kill("SIGKILL");
      await proc.exited;
    }
    const path = onlySession(u.env, u.cwd);
    expect((await u.sessions("check", path)).exitCode).toBe(0);
    const call = messagesOf(path).at(-1)!.content[0];
    expect(call).toMatchObject({ type: "tool_call", name: "bash" });

    mock.push(text("Understood, it was cut short."));
    const r = await u.kit("-c", "what happened?", "--quiet");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("Understood, it was cut short.\n");
    expectValidConversation(lastRequest());
    expect(requestAtoms(lastRequest())).toEqual([
      "user: wait for it",
      `call ${call.id} bash {"command":"sleep 5"}`,
      `result ${call.id} interrupted`,
      "user: what happened?",
    ]);
    const answer = lastRequest().body.messages[2].content.find((b: any) => b.type === "tool_result");
    expect(answer.is_error).toBe(true);
  });

  test("Ctrl+C (SIGINT) while the answer streams: exit 130, the file checks ok, -c goes on with everything finished before", async () => {
    const u = user();
    mock.push(toolCall("bash", { command: "echo gathered" }), text("a long answer that streams slowly, word by word, until interrupted", { chunkSize: 3, tokenDelayMs: 40 }));
    const proc = Bun.spawn([KIT_BIN, "--provider-url", mock.url, "--output", "stream-json", "gather and explain"], { cwd: u.cwd, env: u.env, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
    const live = new LiveOutput(proc.stdout);
    await live.waitFor("the answer to stream", (t) => t.includes('"type":"text_delta"'));
    proc.kill("SIGINT");
    expect(await proc.exited).toBe(130);
    await live.done;
    expect(jsonLines(live.text).at(-1)).toMatchObject({ type: "result", exit_code: 130 });

    const path = onlySession(u.env, u.cwd);
    expect((await u.sessions("check", path)).exitCode).toBe(0);
    const stored = messagesOf(path);
    expect(stored.slice(0, 3).map((m) => m.role)).toEqual(["user", "assistant", "tool"]);
    // The part of the answer that was shown before Ctrl+C is kept, not lost.
    const shown = jsonLines(live.text).flatMap((e: any) => (e.type === "text_delta" ? [e.text] : [])).join("");
    expect(shown.length).toBeGreaterThan(0);
    expect(stored[3]).toMatchObject({ role: "assistant", content: [{ type: "text", text: shown }] });

    mock.push(text("Picking up again."));
    const r = await u.kit("-c", "go on", "--quiet");
    expect(r.exitCode).toBe(0);
    expectValidConversation(lastRequest());
    expectInOrder(requestAtoms(lastRequest()), [...fileAtoms(stored.slice(0, 3)), "user: go on"]);
  });

  test("-c takes the newest session of this directory, never another directory's", async () => {
    const u = user();
    mock.push(text("A"));
    await u.kit("older conversation", "--quiet");
    mock.push(text("B"));
    await u.kit("newer conversation", "--quiet");
    // Later still, in another directory of the same user.
    const elsewhere = project();
    mock.push(text("C"));
    await runKit(["--provider-url", mock.url, "conversation elsewhere", "--quiet"], { cwd: elsewhere, env: u.env });

    mock.push(text("continued"));
    expect((await u.kit("-c", "go on", "--quiet")).exitCode).toBe(0);
    expect(requestAtoms(lastRequest())).toEqual(["user: newer conversation", "assistant: B", "user: go on"]);
  });

  test("--resume without a terminal opens the newest session too", async () => {
    const u = user();
    mock.push(text("first answer"));
    await u.kit("first question", "--quiet");
    mock.push(text("second answer"));
    const r = await u.kit("--resume", "second question", "--quiet");
    expect(r.exitCode).toBe(0);
    expect(requestAtoms(lastRequest())).toEqual(["user: first question", "assistant: first answer", "user: second question"]);
    expect(messagesOf(onlySession(u.env, u.cwd))).toHaveLength(4);
  });

  test("-c with nothing to continue starts a new session and says so", async () => {
    const u = user();
    mock.push(text("fresh"));
    const r = await u.kit("-c", "hello");
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain("no earlier session in this directory");
    expect(requestAtoms(lastRequest())).toEqual(["user: hello"]);
    expect(messagesOf(onlySession(u.env, u.cwd))).toHaveLength(2);
  });

  test("--session FILE creates that file when missing, then continues it", async () => {
    const u = user();
    mock.push(text("noted"));
    const r1 = await u.kit("--session", "work/chat.jsonl", "remember the number 42", "--quiet");
    expect(r1.exitCode).toBe(0);
    const path = join(u.cwd, "work", "chat.jsonl");
    const lines = readLines(path);
    expect(lines[0]).toMatchObject({ type: "session", cwd: u.cwd });
    expect(lines.slice(1).map((e) => e.role)).toEqual(["user", "assistant"]);
    // Nothing went to the data directory.
    expect(jsonlFiles(sessionsRoot(u.env))).toEqual([]);

    mock.push(text("42"));
    const r2 = await u.kit("-s", path, "which number?", "--quiet");
    expect(r2.exitCode).toBe(0);
    expect(requestAtoms(lastRequest())).toEqual(["user: remember the number 42", "assistant: noted", "user: which number?"]);
    expect(readLines(path).slice(1).map((e) => e.role)).toEqual(["user", "assistant", "user", "assistant"]);
  });

  test("--session on an existing empty file makes it a session of this directory", async () => {
    const u = user({ "empty.jsonl": "" });
    mock.push(text("started"));
    expect((await u.kit("-s", "empty.jsonl", "begin here", "--quiet")).exitCode).toBe(0);
    const [header, ...entries] = readLines(join(u.cwd, "empty.jsonl"));
    expect(header).toMatchObject({ type: "session", version: 1, cwd: u.cwd });
    expect(entries.map((e) => e.role)).toEqual(["user", "assistant"]);
    expect((await u.sessions("check", "empty.jsonl")).exitCode).toBe(0);
  });

  test("--session refuses a file that is not a session (and leaves it alone) or a directory, with exit 2", async () => {
    const u = user({ "README.md": "# my project\n\nhand-written notes\n" });
    const requestsBefore = mock.requests.length;
    const r = await u.kit("--session", "README.md", "hello");
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("README.md");
    expect(r.stderr).toContain("not a kit session file");
    expect(readFileSync(join(u.cwd, "README.md"), "utf8")).toBe("# my project\n\nhand-written notes\n");

    mkdirSync(join(u.cwd, "somedir"));
    const d = await u.kit("--session", "somedir", "hello");
    expect(d.exitCode).toBe(2);
    expect(d.stderr).toContain("is a directory");
    expect(d.stderr).not.toContain("internal error");
    expect(mock.requests.length).toBe(requestsBefore);
  });

  test("-c with --no-session is a usage error (exit 2) and writes nothing", async () => {
    const u = user();
    for (const flags of [["-c", "--no-session"], ["--continue", "--no-session"], ["-c", "-s", "x.jsonl"]]) {
      const r = await u.kit(...flags, "hello");
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain("cannot be used together");
    }
    expect(jsonlFiles(u.env.HOME!)).toEqual([]);
    expect(jsonlFiles(u.cwd)).toEqual([]);
  });
});

describe("kit sessions list", () => {
  test("shows this directory's sessions with their first prompt and message count; --all shows every directory's", async () => {
    const u = user({ "notes.txt": "ship on Friday\n" });
    scriptToolTurn("Summary.");
    await u.kit("summarize the notes for me", "--quiet");
    mock.push(text("hi"));
    await u.kit("just say hi", "--quiet");
    const elsewhere = project();
    mock.push(text("there"));
    await runKit(["--provider-url", mock.url, "a question from elsewhere", "--quiet"], { cwd: elsewhere, env: u.env });

    const list = await u.sessions("list");
    expect(list.exitCode).toBe(0);
    const rows = list.stdout.trimEnd().split("\n");
    expect(rows).toHaveLength(2);
    // Newest first.
    expect(rows[0]).toMatch(/\b2 msgs\b.*just say hi/);
    expect(rows[1]).toMatch(/\b6 msgs\b.*summarize the notes for me/);
    const ids = jsonlFiles(sessionDirOf(u.env, u.cwd)).map((p) => readLines(p)[0]!.id.slice(0, 8));
    for (const id of ids) expect(list.stdout).toContain(id);
    expect(list.stdout).not.toContain("a question from elsewhere");

    const all = await u.sessions("list", "--all");
    expect(all.exitCode).toBe(0);
    const allRows = all.stdout.trimEnd().split("\n");
    expect(allRows).toHaveLength(3);
    expect(allRows[0]).toContain("a question from elsewhere");
    expect(allRows[0]).toContain(elsewhere);
    expect(all.stdout).toContain("just say hi");
    expect(all.stdout).toContain("summarize the notes for me");

    // A directory without sessions says so.
    const empty = await runKit(["sessions", "list"], { cwd: project(), env: u.env });
    expect(empty.exitCode).toBe(0);
    expect(empty.stdout).toContain("No sessions in this directory");
  });

  test("the count follows the conversation as -c adds to it", async () => {
    const u = user();
    mock.push(text("one"), text("two"));
    await u.kit("count me", "--quiet");
    await u.kit("-c", "and again", "--quiet");
    const list = await u.sessions("list");
    expect(list.stdout.trimEnd().split("\n")).toHaveLength(1);
    expect(list.stdout).toMatch(/\b4 msgs\b.*count me/);
  });
});

describe("kit sessions check", () => {
  /** A user with one finished two-turn session; returns its path and bytes. */
  async function finishedSession() {
    const u = user({ "notes.txt": "ship on Friday\n" });
    scriptToolTurn("Summary: ship on Friday.");
    await u.kit("summarize the notes", "--quiet");
    mock.push(text("Sure, Friday it is."));
    await u.kit("-c", "confirm the day", "--quiet");
    const path = onlySession(u.env, u.cwd);
    // Header + 8 message entries.
    expect(readLines(path)).toHaveLength(9);
    return { ...u, path, original: readFileSync(path) };
  }

  test("a good file checks ok (exit 0), by path, by id, or all of the directory", async () => {
    const s = await finishedSession();
    const byPath = await s.sessions("check", s.path);
    expect(byPath.exitCode).toBe(0);
    expect(byPath.stdout).toContain("ok (8 entries)");
    const id = readLines(s.path)[0]!.id as string;
    expect((await s.sessions("check", id.slice(0, 8))).exitCode).toBe(0);
    const all = await s.sessions("check");
    expect(all.exitCode).toBe(0);
    expect(all.stdout).toContain(s.path);
  });

  const damages: { name: string; damage: (path: string, original: Buffer) => void; line: number; reason: string; kept: number }[] = [
    {
      name: "garbage appended",
      damage: (path) => appendFileSync(path, "this is not json\n"),
      line: 10,
      reason: "not valid JSON",
      kept: 8,
    },
    {
      name: "the last line cut short",
      damage: (path, original) => truncateSync(path, original.length - 25),
      line: 9,
      reason: "truncated last line",
      kept: 7,
    },
    {
      name: "a line of NUL bytes inserted",
      damage: (path, original) => {
        const lines = original.toString("utf8").split("\n");
        lines.splice(3, 0, "\0".repeat(64));
        writeFileSync(path, lines.join("\n"));
      },
      line: 4,
      reason: "only null bytes",
      kept: 8,
    },
  ];

  for (const d of damages) {
    test(`${d.name}: check exits 1 naming the line; --repair keeps .bak and .bad, the file then checks ok and -c continues it`, async () => {
      const s = await finishedSession();
      d.damage(s.path, s.original);
      const damagedBytes = readFileSync(s.path);

      const check = await s.sessions("check", s.path);
      expect(check.exitCode).toBe(1);
      expect(check.stdout).toContain(`line ${d.line}: ${d.reason}`);
      expect(check.stdout).toContain("--repair");
      // Checking changes nothing.
      expect(readFileSync(s.path)).toEqual(damagedBytes);

      const repair = await s.sessions("check", "--repair", s.path);
      expect(repair.exitCode).toBe(0);
      expect(repair.stdout).toContain("repaired");
      expect(readFileSync(`${s.path}.bak`)).toEqual(damagedBytes);
      expect(existsSync(`${s.path}.bad`)).toBe(true);
      const bad = readFileSync(`${s.path}.bad`, "utf8");
      expect(bad.length).toBeGreaterThan(1);
      expect(damagedBytes.toString("utf8")).toContain(bad.trimEnd().slice(0, 20));

      const again = await s.sessions("check", s.path);
      expect(again.exitCode).toBe(0);
      expect(again.stdout).toContain(`ok (${d.kept} entries)`);
      // Every line now parses; the header is intact.
      expect(readLines(s.path)[0]!.type).toBe("session");
      // The backups are no sessions of their own.
      expect(jsonlFiles(sessionDirOf(s.env, s.cwd))).toEqual([s.path]);

      mock.push(text("Still here."));
      const r = await s.kit("-c", "are you still there?", "--quiet");
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toBe("Still here.\n");
      const sent = requestAtoms(lastRequest());
      expectInOrder(sent, ["user: summarize the notes", "assistant: Summary: ship on Friday.", "user: confirm the day", "user: are you still there?"]);
      expect(sent.filter((a) => a.startsWith("call "))).toHaveLength(2);
      expect(sent.filter((a) => a.startsWith("result "))).toHaveLength(2);
      expect((await s.sessions("check", s.path)).exitCode).toBe(0);
    });
  }

  test("a file nobody repaired still continues with -c: the damaged line is skipped with a warning, nothing after it is lost", async () => {
    const s = await finishedSession();
    const lines = s.original.toString("utf8").split("\n");
    // Damage the first assistant line (line 3) in the middle of the file.
    lines[2] = lines[2]!.slice(0, 60);
    writeFileSync(s.path, lines.join("\n"));
    mock.push(text("ok"));
    const r = await s.kit("-c", "carry on");
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain("line 3");
    const sent = requestAtoms(lastRequest());
    expectInOrder(sent, ["user: summarize the notes", "assistant: Summary: ship on Friday.", "user: confirm the day", "assistant: Sure, Friday it is.", "user: carry on"]);
  });
});

describe("kit sessions export", () => {
  test("--format md prints the transcript; --format json the entries and usage; by path or id", async () => {
    const u = user({ "notes.txt": "ship on Friday\n" });
    scriptToolTurn("The notes say ship on Friday.");
    await u.kit("summarize the notes", "--quiet");
    const path = onlySession(u.env, u.cwd);
    const id = readLines(path)[0]!.id as string;

    const md = await u.sessions("export", path, "--format", "md");
    expect(md.exitCode).toBe(0);
    expect(md.stdout).toContain(`- Session: \`${id}\``);
    const order = ["## User", "summarize the notes", "**Tool call** `bash`", "echo listing && ls", "**Result** of `bash`", "**Tool call** `read`", "The notes say ship on Friday."];
    let at = 0;
    for (const piece of order) {
      const found = md.stdout.indexOf(piece, at);
      expect(found).toBeGreaterThanOrEqual(0);
      at = found + piece.length;
    }
    // Markdown is the default.
    expect((await u.sessions("export", path)).stdout).toBe(md.stdout);

    const json = await u.sessions("export", id.slice(0, 8), "--format", "json");
    expect(json.exitCode).toBe(0);
    const doc = JSON.parse(json.stdout);
    expect(doc.session.id).toBe(id);
    expect(doc.entries.map((e: any) => e.role)).toEqual(["user", "assistant", "tool", "assistant", "tool", "assistant"]);
    expect(doc.entries).toEqual(entriesOf(path).map(({ listing: _l, ...e }) => e));
    expect(doc.usage).toMatchObject({ input: 3600, output: 240 });

    // A directory is no session file.
    const dirRef = await u.sessions("export", ".");
    expect(dirRef.exitCode).toBe(2);
    expect(dirRef.stderr).not.toContain("internal error");

    const missing = await u.sessions("export", "no-such-session");
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain("no session file or id");
  });
});
