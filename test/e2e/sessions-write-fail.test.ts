/**
 * A session file that cannot be written (issue #17, Sessions): disk full before or during a turn, a
 * read-only file or directory, two `kit -s new.jsonl` racing to create one file. Through the built
 * binary, kit reports a clear error in the output format's own shape (exit 1, error kind
 * `session_write`, saying what to do), never a stack trace; an answer already produced is still
 * printed (and is in the `--json` object and stream-json's closing `result`).
 *
 * How the faults are made, as root (these tests run as root, where permission bits stop nothing):
 * - Disk full: a real ENOSPC from a tiny tmpfs mounted over the session directory in a private mount
 *   namespace (`unshare -m`, which root may do here and which leaves the host's mounts alone). The
 *   mount vanishes with the namespace, so the wrapper copies what kit wrote out before it ends. A
 *   seam inside kit would not show that the real errno reaches the user as a clear message.
 * - File-size limit: `ulimit -f` (RLIMIT_FSIZE) gives EFBIG on the write that would pass it.
 * - Read-only: kit runs as an unprivileged user (`setpriv`, util-linux) over files it owns, so
 *   mode bits give the real EACCES a user meets.
 */
import { describe, expect, test } from "bun:test";
import { chmodSync, chownSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { KIT_BIN, type KitResult } from "../support/kit-process.ts";
import { text } from "../support/mock-llm.ts";
import { tempDir } from "../support/temp-dir.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { jsonLines, project, userEnv } from "./headless-support.ts";
import { sessionDirOf } from "./sessions-support.ts";

const mock = useMockLLM();
const NOBODY = 65534;

async function spawn(argv: string[], cwd: string, env: Record<string, string>): Promise<KitResult> {
  const proc = Bun.spawn(argv, { cwd, env, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, exitCode] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { stdout, stderr, exitCode };
}

const noTrace = (r: KitResult) => {
  expect(r.stderr).not.toContain("internal error");
  expect(r.stderr).not.toMatch(/\n\s+at /);
};

/**
 * kit with its session directory on a tmpfs of `sizeKb`, of which `fillKb` are taken already; what
 * the directory held at the end is copied to `snapshot`.
 */
async function onSmallDisk(opts: { sizeKb: number; fillKb: number; args: string[] }) {
  const env = userEnv();
  const cwd = project();
  const dir = sessionDirOf(env, cwd);
  mkdirSync(dir, { recursive: true });
  const snapshot = tempDir("kit-session-snapshot-");
  const script = [
    'mount -t tmpfs -o size="$SIZE"k tmpfs "$DIR" || exit 97',
    'head -c "$FILL"k /dev/zero > "$DIR/filler" 2>/dev/null',
    '"$KIT" "$@"; rc=$?',
    'rm -f "$DIR/filler"; cp -a "$DIR/." "$SNAP"; exit $rc',
  ].join("\n");
  const r = await spawn(["unshare", "-m", "sh", "-c", script, "sh", "--provider-url", mock.url, "--no-extensions", ...opts.args], cwd, {
    ...env,
    SIZE: String(opts.sizeKb),
    FILL: String(opts.fillKb),
    DIR: dir,
    SNAP: snapshot,
    KIT: KIT_BIN,
  });
  expect(r.exitCode, `the tmpfs could not be mounted: ${r.stderr}`).not.toBe(97);
  const files = readdirSync(snapshot).filter((f) => f.endsWith(".jsonl"));
  return { r, snapshot, files };
}

const LONG_ANSWER = "The answer, at length. ".repeat(800);

describe("disk full", () => {
  test("before the turn: nothing is sent to the model; --json gives {error} on stderr, exit 1, no trace", async () => {
    const { r } = await onSmallDisk({ sizeKb: 16, fillKb: 16, args: ["--json", "hello"] });
    noTrace(r);
    expect(r.exitCode).toBe(1);
    const err = JSON.parse(r.stderr.trim().split("\n").at(-1)!);
    expect(err.error.kind).toBe("session_write");
    expect(err.error.message).toContain("the disk is full (ENOSPC)");
    expect(err.error.message).toContain("free some space");
    expect(err.error.message).toContain("--no-session");
    expect(r.stdout).toBe("");
    expect(mock.requests.filter((q) => JSON.stringify(q.body).includes("hello"))).toHaveLength(0);
  });

  test("before the turn, stream-json: the last line is still a result with the error", async () => {
    const { r } = await onSmallDisk({ sizeKb: 16, fillKb: 16, args: ["--output", "stream-json", "hello"] });
    noTrace(r);
    expect(r.exitCode).toBe(1);
    const last = jsonLines(r.stdout).at(-1)!;
    expect(last).toMatchObject({ type: "result", exit_code: 1, error: { kind: "session_write" } });
  });

  test("during the turn: the answer is printed and in the result; exit 1 says the session lost it", async () => {
    mock.push(text(LONG_ANSWER));
    // Room for the prompt's line, not for the long answer's.
    const { r, snapshot, files } = await onSmallDisk({ sizeKb: 16, fillKb: 8, args: ["--output", "stream-json", "tell me at length"] });
    noTrace(r);
    expect(r.exitCode).toBe(1);
    const events = jsonLines(r.stdout);
    const result = events.at(-1)!;
    expect(result.type).toBe("result");
    expect(result.response).toBe(LONG_ANSWER);
    expect(result.error.kind).toBe("session_write");
    expect(result.exit_code).toBe(1);
    expect(events.filter((e) => e.type === "text_delta").map((e) => e.text).join("")).toBe(LONG_ANSWER);
    // The prompt made it to the file before the disk filled.
    expect(files).toHaveLength(1);
    expect(readFileSync(join(snapshot, files[0]!), "utf8")).toContain("tell me at length");

    mock.push(text(LONG_ANSWER));
    const json = await onSmallDisk({ sizeKb: 16, fillKb: 8, args: ["--json", "tell me at length"] });
    expect(json.r.exitCode).toBe(1);
    expect(JSON.parse(json.r.stdout)).toMatchObject({ response: LONG_ANSWER, error: { kind: "session_write" } });
  });
});

describe("a file-size limit", () => {
  test("ulimit -f smaller than the session line: EFBIG is reported like disk full (exit 1, no trace)", async () => {
    const env = userEnv();
    const cwd = project();
    // 2 KB: the header fits, the 3 KB prompt's line does not.
    const r = await spawn(["sh", "-c", 'ulimit -f 2; exec "$0" "$@"', KIT_BIN, "--provider-url", mock.url, "--no-extensions", "x".repeat(3000), "--json"], cwd, env);
    noTrace(r);
    expect(r.exitCode).toBe(1);
    const err = JSON.parse(r.stderr.trim()).error;
    expect(err.kind).toBe("session_write");
    expect(err.message).toContain("file-size limit (ulimit -f) (EFBIG); raise the limit, or run with --no-session");
  });
});

/** A user whose home and project belong to an unprivileged user, and kit run as that user. */
function unprivilegedUser() {
  const env = userEnv();
  const cwd = project();
  const home = env.HOME!;
  for (const d of [home, cwd]) Bun.spawnSync(["chown", "-R", `${NOBODY}:${NOBODY}`, d]);
  const kit = (...args: string[]) =>
    spawn(["setpriv", `--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", KIT_BIN, "--provider-url", mock.url, "--no-extensions", ...args], cwd, env);
  return { env, cwd, kit };
}

describe("no permission to write", () => {
  test("a read-only session file (-s): exit 1 with a clear error, nothing sent", async () => {
    const u = unprivilegedUser();
    const file = join(u.cwd, "s.jsonl");
    mock.push(text("first"));
    expect((await u.kit("-s", file, "hello", "--quiet")).exitCode).toBe(0);
    chmodSync(file, 0o444);
    const sent = mock.requests.length;
    const r = await u.kit("-s", file, "again", "--json");
    noTrace(r);
    expect(r.exitCode).toBe(1);
    expect(JSON.parse(r.stderr.trim()).error).toMatchObject({ kind: "session_write" });
    expect(r.stderr).toContain("permission denied (EACCES)");
    expect(mock.requests.length).toBe(sent);
  });

  test("a read-only session directory: exit 1, the error names the file and says what to do", async () => {
    const u = unprivilegedUser();
    const dir = sessionDirOf(u.env, u.cwd);
    mkdirSync(dir, { recursive: true });
    chownSync(dir, NOBODY, NOBODY);
    chmodSync(dir, 0o555);
    const r = await u.kit("hello", "--quiet");
    noTrace(r);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`cannot write the session file ${dir}/`);
    expect(r.stderr).toContain("make the file and its directory writable, or run with --no-session");
  });

  test("the newest session cannot be read: -c says so instead of 'no earlier session' or taking an older one", async () => {
    const u = unprivilegedUser();
    mock.push(text("old answer"));
    expect((await u.kit("old question", "--quiet")).exitCode).toBe(0);
    mock.push(text("new answer"));
    expect((await u.kit("new question", "--quiet")).exitCode).toBe(0);
    const dir = sessionDirOf(u.env, u.cwd);
    const newest = readdirSync(dir).filter((f) => f.endsWith(".jsonl")).sort().at(-1)!;
    chmodSync(join(dir, newest), 0o000);
    const sent = mock.requests.length;
    const r = await u.kit("-c", "go on", "--quiet");
    noTrace(r);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain("the newest session of this directory cannot be read (EACCES");
    expect(r.stderr).not.toContain("no earlier session");
    expect(mock.requests.length).toBe(sent);
    const list = await spawn(["setpriv", `--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", KIT_BIN, "sessions", "list"], u.cwd, u.env);
    expect(list.stderr).toContain("cannot be read");
  });
});

describe("two runs creating one file", () => {
  test("kit -s new.jsonl when another process creates new.jsonl first: exit 1, says what to do, the other's file untouched", async () => {
    const env = userEnv();
    const cwd = project();
    const file = join(cwd, "new.jsonl");
    // The other process creates the file between this run's start (the file was missing) and its
    // first write: an extension does it as it loads, which is exactly then, every time (two real runs
    // started together hit the window only sometimes).
    const other = '{"type":"session","version":1,"id":"other","timestamp":"2025-01-01T00:00:00.000Z","cwd":"/elsewhere"}\n';
    writeFileSync(join(cwd, "race.ts"), `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(file)}, ${JSON.stringify(other)});\nexport default function () {}\n`);
    for (const format of ["--json", "--quiet"]) {
      rmSync(file, { force: true });
      const r = await spawn([KIT_BIN, "--provider-url", mock.url, "-e", join(cwd, "race.ts"), "-s", file, "hello", format], cwd, env);
      noTrace(r);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain("another process created this file at the same moment (EEXIST)");
      expect(r.stderr).toContain("continue it with --session <file>, or give a new file name");
      expect(readFileSync(file, "utf8")).toBe(other);
    }
  });
});
