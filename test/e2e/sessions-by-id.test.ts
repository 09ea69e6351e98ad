/**
 * Sessions named by id (spec/cli.md, Sessions): `-r ID` and `-s ID` take a session id or a unique id
 * prefix, of this directory first, then of every directory; `kit sessions list` shows ids long enough
 * to be unique. Through the built binary.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { runKit } from "../support/kit-process.ts";
import { text } from "../support/mock-llm.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { project, userEnv } from "./headless-support.ts";
import { jsonlFiles, messagesOf, readLines, requestAtoms, sessionDirOf, sessionsRoot } from "./sessions-support.ts";

const mock = useMockLLM();

function user() {
  const env = userEnv();
  const cwd = project();
  const kit = (...args: string[]) => runKit(["--provider-url", mock.url, ...args], { cwd, env });
  const sessions = (...args: string[]) => runKit(["sessions", ...args], { cwd, env });
  return { env, cwd, kit, sessions };
}

const lastRequest = () => mock.requests[mock.requests.length - 1]!;

/** Runs one exchange in a new session and returns that session's file and id. */
async function newSession(u: ReturnType<typeof user>, prompt: string, answer: string): Promise<{ path: string; id: string }> {
  const before = new Set(jsonlFiles(sessionsRoot(u.env)));
  mock.push(text(answer));
  expect((await u.kit(prompt, "--quiet")).exitCode).toBe(0);
  const path = jsonlFiles(sessionsRoot(u.env)).find((p) => !before.has(p))!;
  return { path, id: readLines(path)[0]!.id };
}

/** A copy of a session file under another id (header and file name), as two sessions whose ids share a prefix. */
function copyWithId(path: string, id: string): string {
  const [header, ...rest] = readFileSync(path, "utf8").split("\n");
  const copy = join(dirname(path), basename(path).replace(/_[^_]+\.jsonl$/, `_${id}.jsonl`));
  writeFileSync(copy, [JSON.stringify({ ...JSON.parse(header!), id }), ...rest].join("\n"));
  return copy;
}

describe("-r ID", () => {
  test("resumes the session with that id prefix, not the newest, and the id is no part of the prompt", async () => {
    const u = user();
    const older = await newSession(u, "older question", "older answer");
    await newSession(u, "newer question", "newer answer");
    mock.push(text("resumed"));
    const r = await u.kit("-r", older.id.slice(0, 8), "go on", "--quiet");
    expect(r.exitCode).toBe(0);
    expect(requestAtoms(lastRequest())).toEqual(["user: older question", "assistant: older answer", "user: go on"]);
    expect(messagesOf(older.path)).toHaveLength(4);
  });

  test("the whole id works too, and so does --resume", async () => {
    const u = user();
    const s = await newSession(u, "remember 7", "ok");
    await newSession(u, "something else", "fine");
    mock.push(text("7"));
    expect((await u.kit("--resume", s.id, "which number?", "--quiet")).exitCode).toBe(0);
    expect(requestAtoms(lastRequest())).toEqual(["user: remember 7", "assistant: ok", "user: which number?"]);
  });

  test("a session of another directory is found when this directory has none with that id", async () => {
    const u = user();
    const elsewhere = project();
    mock.push(text("from elsewhere"));
    await runKit(["--provider-url", mock.url, "question elsewhere", "--quiet"], { cwd: elsewhere, env: u.env });
    const id = readLines(jsonlFiles(sessionDirOf(u.env, elsewhere))[0]!)[0]!.id;
    mock.push(text("continued"));
    expect((await u.kit("-r", id.slice(0, 6), "and here?", "--quiet")).exitCode).toBe(0);
    expect(requestAtoms(lastRequest())).toEqual(["user: question elsewhere", "assistant: from elsewhere", "user: and here?"]);
  });

  test("a word that is no id prefix keeps -r's meaning: the newest session, the word part of the prompt", async () => {
    const u = user();
    await newSession(u, "first question", "first answer");
    mock.push(text("second answer"));
    expect((await u.kit("-r", "explain", "this", "--quiet")).exitCode).toBe(0);
    expect(requestAtoms(lastRequest())).toEqual(["user: first question", "assistant: first answer", "user: explain this"]);
  });

  test("an ambiguous prefix is exit 2 listing the candidates; no model call", async () => {
    const u = user();
    const s = await newSession(u, "question", "answer");
    copyWithId(s.path, "abcd1111-0000-4000-8000-000000000001");
    copyWithId(s.path, "abcd2222-0000-4000-8000-000000000002");
    const before = mock.requests.length;
    const r = await u.kit("-r", "abcd", "go on");
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("--resume abcd matches 2 sessions");
    expect(r.stderr).toContain("abcd1111-0000-4000-8000-000000000001");
    expect(r.stderr).toContain("abcd2222-0000-4000-8000-000000000002");
    expect(mock.requests.length).toBe(before);
  });
});

describe("-s ID", () => {
  test("opens the session with that id (prefix) instead of creating a file named after it", async () => {
    const u = user();
    const s = await newSession(u, "remember 9", "ok");
    await newSession(u, "newer", "fine");
    mock.push(text("9"));
    expect((await u.kit("-s", s.id.slice(0, 8), "which number?", "--quiet")).exitCode).toBe(0);
    expect(requestAtoms(lastRequest())).toEqual(["user: remember 9", "assistant: ok", "user: which number?"]);
    expect(messagesOf(s.path)).toHaveLength(4);
    expect(jsonlFiles(u.cwd)).toEqual([]);
  });

  test("an id-like word that names no session is exit 2; an ambiguous one lists the candidates", async () => {
    const u = user();
    const s = await newSession(u, "question", "answer");
    const before = mock.requests.length;
    const none = await u.kit("-s", "deadbeef", "hello");
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain("no session has an id starting with deadbeef");
    expect(none.stderr).toContain("deadbeef.jsonl");
    copyWithId(s.path, "abcd1111-0000-4000-8000-000000000001");
    copyWithId(s.path, "abcd2222-0000-4000-8000-000000000002");
    const ambiguous = await u.kit("-s", "abcd", "hello");
    expect(ambiguous.exitCode).toBe(2);
    expect(ambiguous.stderr).toContain("abcd1111-0000-4000-8000-000000000001");
    expect(mock.requests.length).toBe(before);
  });

  test("a name that is no id and no existing file still creates that file", async () => {
    const u = user();
    mock.push(text("noted"));
    expect((await u.kit("-s", "notes", "hello", "--quiet")).exitCode).toBe(0);
    expect(readLines(join(u.cwd, "notes"))[0]).toMatchObject({ type: "session", cwd: u.cwd });
  });
});

describe("kit sessions list", () => {
  test("shows ids long enough to tell the sessions apart, and each works with -r", async () => {
    const u = user();
    const s = await newSession(u, "question", "answer");
    const a = "0123456789ab-0000-4000-8000-000000000001";
    const b = "0123456789ac-0000-4000-8000-000000000002";
    copyWithId(s.path, a);
    copyWithId(s.path, b);
    const list = await u.sessions("list");
    expect(list.exitCode).toBe(0);
    // The two share eleven characters: twelve tell them apart.
    expect(list.stdout).toContain(` ${a.slice(0, 12)} `);
    expect(list.stdout).toContain(` ${b.slice(0, 12)} `);
    expect(list.stdout).toContain(` ${s.id.slice(0, 12)} `);
    mock.push(text("resumed"));
    expect((await u.kit("-r", b.slice(0, 12), "go on", "--quiet")).exitCode).toBe(0);
    expect(messagesOf(join(dirname(s.path), basename(s.path).replace(/_[^_]+\.jsonl$/, `_${b}.jsonl`)))).toHaveLength(4);
  });
});
