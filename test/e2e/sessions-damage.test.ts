/**
 * Session files damaged or odd in ways a fault campaign found (issue #17, Sessions), through the
 * built binary: every reader (resume, export, list, check, repair) keeps every valid entry, accepts
 * what `check` accepts, says what it left out, and never shows a stack trace.
 */
import { describe, expect, test } from "bun:test";
import { execFileSync } from "node:child_process";
import { appendFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { KIT_BIN, runKit } from "../support/kit-process.ts";
import { text, toolCall } from "../support/mock-llm.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { LiveOutput, project, userEnv } from "./headless-support.ts";
import { expectInOrder, onlySession, readLines, requestAtoms, type Line } from "./sessions-support.ts";

const mock = useMockLLM();
const MANAGER = resolve(import.meta.dir, "../../extensions/conversation-manager.ts");

function user() {
  const env = userEnv();
  const cwd = project();
  const kit = (...args: string[]) => runKit(["--provider-url", mock.url, "--no-extensions", ...args], { cwd, env });
  const sessions = (...args: string[]) => runKit(["sessions", ...args], { cwd, env });
  return { env, cwd, kit, sessions };
}

/** A user with a finished two-turn session: header + 4 message entries (5 lines). */
async function twoTurns() {
  const u = user();
  mock.push(text("first answer"));
  expect((await u.kit("first question", "--quiet")).exitCode).toBe(0);
  mock.push(text("second answer"));
  expect((await u.kit("-c", "second question", "--quiet")).exitCode).toBe(0);
  const path = onlySession(u.env, u.cwd);
  const lines = readFileSync(path, "utf8").split("\n").slice(0, -1);
  expect(lines).toHaveLength(5);
  return { ...u, path, lines };
}

const write = (path: string, lines: string[]) => writeFileSync(path, lines.join("\n") + "\n");
const edit = (line: string, change: (o: Line) => void) => {
  const o = JSON.parse(line) as Line;
  change(o);
  return JSON.stringify(o);
};

const noTrace = (s: string) => {
  expect(s).not.toContain("internal error");
  expect(s).not.toMatch(/\n\s+at /);
};

describe("one bad parentId", () => {
  test("line 3 naming no parent: -c still sends every entry; check reports it as mended; --repair keeps every entry", async () => {
    const s = await twoTurns();
    const ids = s.lines.slice(1).map((l) => JSON.parse(l).id as string);
    s.lines[2] = edit(s.lines[2]!, (o) => (o.parentId = "nothing1"));
    write(s.path, s.lines);

    const check = await s.sessions("check", s.path);
    expect(check.exitCode).toBe(1);
    expect(check.stdout).toContain(`line 3: parentId nothing1 names no earlier entry; attached to ${ids[0]} (kept, mended)`);
    expect(check.stdout).toContain("0 damaged line(s), 4 valid entries kept");

    mock.push(text("third answer"));
    const r = await s.kit("-c", "third question");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("third answer\n");
    expect(r.stderr).toContain("line 3: parentId nothing1");
    expectInOrder(requestAtoms(mock.requests.at(-1)!), [
      "user: first question",
      "assistant: first answer",
      "user: second question",
      "assistant: second answer",
      "user: third question",
    ]);

    const repair = await s.sessions("check", "--repair", s.path);
    expect(repair.exitCode).toBe(0);
    expect(repair.stdout).toContain("repaired");
    const entries = readLines(s.path).slice(1);
    expect(entries.map((e) => e.id)).toEqual([...ids, ...entries.slice(4).map((e) => e.id)]);
    expect(entries).toHaveLength(6);
    // Mended in place: the entry hangs under the one before it, so the branch runs through it.
    expect(entries[1]!.parentId).toBe(ids[0]!);
    expect((await s.sessions("check", s.path)).stdout).toContain("ok (6 entries)");
  });
});

describe("what check accepts, every reader reads", () => {
  test("an unknown part type and a tool input that is not text: export, resume and list work and say what they left out", async () => {
    const s = await twoTurns();
    s.lines[2] = edit(s.lines[2]!, (o) => {
      o.content.push({ type: "hologram", data: 1 });
      o.content.push({ type: "tool_call", id: "c1", name: "bash", input: { command: "ls" } });
    });
    write(s.path, s.lines);

    const check = await s.sessions("check", s.path);
    noTrace(check.stderr);
    expect(check.stdout).toContain('line 3: part 2 has the unknown type "hologram" (written by a newer kit?); not shown (kept, mended)');

    for (const format of ["md", "json"]) {
      const out = await s.sessions("export", s.path, "--format", format);
      noTrace(out.stderr);
      expect(out.exitCode).toBe(0);
      expect(out.stderr).toContain('line 3: part 2 has the unknown type "hologram"');
      expect(out.stdout).toContain("first answer");
      expect(out.stdout).toContain("second answer");
    }
    const md = await s.sessions("export", s.path);
    expect(md.stdout).toContain("**Tool call** `bash` (c1)");
    expect(md.stdout).toContain('"command": "ls"');

    const list = await s.sessions("list");
    expect(list.exitCode).toBe(0);
    expect(list.stdout).toContain("first question");

    // The tree an extension (and /tree) sees: every entry, the odd one as far as it can be shown.
    const odd = JSON.parse(s.lines[2]!).id as string;
    const node = await s.kit("-e", MANAGER, "-s", s.path, `/node ${odd}`);
    noTrace(node.stderr);
    expect(node.exitCode).toBe(0);
    expect(node.stdout).toContain(`${odd} (assistant)`);
    expect(node.stdout).toContain('[tool call bash: {"command":"ls"}]');
    const branches = await s.kit("-e", MANAGER, "-s", s.path, "/branches");
    expect(branches.exitCode).toBe(0);
    expect(branches.stdout.trimEnd().split("\n")).toHaveLength(5);

    mock.push(text("third answer"));
    const r = await s.kit("-c", "third question", "--quiet");
    noTrace(r.stderr);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe("third answer\n");
  });

  test("a first prompt whose parts are not objects still lists", async () => {
    const s = await twoTurns();
    s.lines[1] = edit(s.lines[1]!, (o) => o.content.unshift(null));
    write(s.path, s.lines);
    const list = await s.sessions("list");
    noTrace(list.stderr);
    expect(list.exitCode).toBe(0);
    expect(list.stdout).toContain("first question");
  });
});

describe("odd files", () => {
  test("a byte order mark before the header: list shows the session and -c continues it", async () => {
    const s = await twoTurns();
    writeFileSync(s.path, "\uFEFF" + s.lines.join("\n") + "\n");
    const list = await s.sessions("list");
    expect(list.stdout).toContain("first question");
    mock.push(text("third answer"));
    const r = await s.kit("-c", "third question");
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toContain("byte order mark");
    expectInOrder(requestAtoms(mock.requests.at(-1)!), ["user: first question", "user: second question", "user: third question"]);
  });

  test("a header of a newer format version: check and export say so; continuing it is refused (exit 2), the file untouched", async () => {
    const s = await twoTurns();
    s.lines[0] = edit(s.lines[0]!, (o) => (o.version = 9));
    write(s.path, s.lines);
    const before = readFileSync(s.path);

    const check = await s.sessions("check", s.path);
    expect(check.stdout).toContain("written by a newer kit: session format version 9 (this kit reads version 1)");
    const exp = await s.sessions("export", s.path);
    expect(exp.exitCode).toBe(0);
    expect(exp.stderr).toContain("session format version 9");

    for (const args of [["-c"], ["-s", s.path]]) {
      const r = await s.kit(...args, "go on", "--quiet");
      noTrace(r.stderr);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain("newer kit");
      expect(r.stderr).toContain("update kit");
    }
    const repair = await s.sessions("check", "--repair", s.path);
    expect(repair.exitCode).toBe(1);
    expect(repair.stdout + repair.stderr).toContain("update kit");
    expect(readFileSync(s.path)).toEqual(before);
  });

  test("-s with a FIFO, or a device, is refused at once (exit 2) instead of waiting forever", async () => {
    const u = user();
    const fifo = join(u.cwd, "pipe.jsonl");
    execFileSync("mkfifo", [fifo]);
    for (const path of [fifo, "/dev/zero"]) {
      const r = await u.kit("-s", path, "hello", "--quiet");
      noTrace(r.stderr);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain("not a regular file");
    }
  });
});

describe("a session another kit is writing", () => {
  test("--repair refuses it while that kit runs (its turn is kept whole), a second writer is warned, and a crashed writer's mark is ignored", async () => {
    const s = await twoTurns();
    appendFileSync(s.path, "garbage from some editor\n");
    const dir = join(s.path, "..");
    const markers = () => readdirSync(dir).filter((f) => f.includes(".in-use-"));
    // The writer's turn waits in a tool until the test says go: it is mid-turn for as long as needed.
    const go = join(s.cwd, "go");
    mock.push(toolCall("bash", { command: `while [ ! -f ${go} ]; do sleep 0.05; done; echo went` }), text("third answer"));
    const writer = Bun.spawn([KIT_BIN, "--provider-url", mock.url, "--no-extensions", "--output", "stream-json", "-c", "third question"], {
      cwd: s.cwd,
      env: s.env,
      stdin: "ignore",
      stdout: "pipe",
      stderr: "pipe",
    });
    const live = new LiveOutput(writer.stdout);
    try {
      await live.waitFor("the tool call", (t) => t.includes('"type":"tool_call"'));
      expect(markers()).toEqual([`${s.path.split("/").at(-1)}.in-use-${writer.pid}`]);

      const repair = await s.sessions("check", "--repair", s.path);
      expect(repair.exitCode).toBe(1);
      expect(repair.stderr).toContain(`is being written by kit (pid ${writer.pid}): run the repair once that kit has ended`);
      expect(existsSync(`${s.path}.bak`)).toBe(false);

      // A second run on the same file is told.
      mock.push(text("side answer"));
      const second = await s.kit("-s", s.path, "side question");
      expect(second.exitCode).toBe(0);
      expect(second.stderr).toContain(`another kit (pid ${writer.pid}) is writing ${s.path} too`);
    } finally {
      writeFileSync(go, "");
      expect(await writer.exited).toBe(0);
      await live.done;
    }
    // The writer's whole turn is in the file it kept writing (the call, its result, the answer).
    const written = readFileSync(s.path, "utf8");
    expect(written.split("\n").filter((l) => l.includes('"text":"third answer"'))).toHaveLength(1);
    expect(written).toContain("went");
    expect(markers()).toEqual([]);

    // A writer that crashed (its process is gone) leaves a mark that holds nothing up.
    const gone = Bun.spawnSync(["true"]).pid;
    writeFileSync(`${s.path}.in-use-${gone}`, `${gone}\n`);
    const repair = await s.sessions("check", "--repair", s.path);
    expect(repair.exitCode).toBe(0);
    expect(repair.stdout).toContain("repaired");
    expect(markers()).toEqual([]);
    const after = readLines(s.path).slice(1);
    expect(after.some((e) => e.type === "message" && e.content.some((p: any) => p.text === "third answer"))).toBe(true);
  });
});
