import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import { join } from "node:path";
import { otherWriters } from "../../src/session/in-use.ts";
import { SessionStore } from "../../src/session/store.ts";
import { assistant, tempDir, user } from "./helpers.ts";

const markersIn = (dir: string) => fs.readdirSync(dir).filter((f) => f.includes(".in-use-"));

describe("a session file that cannot be written", () => {
  test("the entry is kept in memory, writeError says why and what to do, and the file is not tried again", () => {
    const dir = tempDir();
    // The session's directory is a regular file: creating the session fails, whoever runs the test.
    fs.writeFileSync(join(dir, "blocked"), "");
    const path = join(dir, "blocked", "s.jsonl");
    const s = SessionStore.create({ path, cwd: "/p" });
    const id = s.appendMessage(user("hello"));
    expect(s.entries.map((e) => e.id)).toEqual([id]);
    const e = s.writeError!;
    expect([e.kind, e.exitCode, e.code, e.path]).toEqual(["session_write", 1, "EEXIST", path]);
    // Not taken for another process creating the same session file.
    expect(e.message).toContain("mkdir");
    expect(e.message).not.toContain("another process");
    expect(s.writeError!.message).toStartWith(`cannot write the session file ${path}: `);
    expect(s.writeError!.message).toEndWith("or run with --no-session to keep no session");
    const first = s.writeError;

    // Even once the directory could be made, a session with a gap is never written.
    fs.rmSync(join(dir, "blocked"));
    s.appendMessage(assistant("hi"));
    s.sync();
    s.close();
    expect(s.writeError).toBe(first);
    expect(fs.existsSync(path)).toBe(false);
    expect(s.context()).toHaveLength(2);
  });
});

describe("in-use marks", () => {
  test("a writer marks its file from its first write until close; its own mark is not another writer", () => {
    const dir = tempDir();
    const s = SessionStore.create({ dir, cwd: "/p" });
    expect(markersIn(dir)).toEqual([]);
    s.appendMessage(user("hello"));
    expect(markersIn(dir)).toEqual([`${s.path.split("/").at(-1)}.in-use-${process.pid}`]);
    expect(otherWriters(s.path)).toEqual([]);
    s.close();
    expect(markersIn(dir)).toEqual([]);
  });

  test("a resumed session is marked when claimed; another live writer is seen; a dead one's mark is removed", () => {
    const dir = tempDir();
    const s = SessionStore.create({ dir, cwd: "/p" });
    s.appendMessage(user("hello"));
    s.close();
    const dead = Bun.spawnSync(["true"]).pid;
    fs.writeFileSync(`${s.path}.in-use-${dead}`, "");
    const live = Bun.spawn(["sleep", "30"]);
    try {
      fs.writeFileSync(`${s.path}.in-use-${live.pid}`, "");
      const resumed = SessionStore.open(s.path);
      expect(resumed.claim()).toEqual([live.pid]);
      expect(fs.existsSync(`${s.path}.in-use-${dead}`)).toBe(false);
      expect(fs.existsSync(`${s.path}.in-use-${process.pid}`)).toBe(true);
      resumed.close();
      expect(fs.existsSync(`${s.path}.in-use-${process.pid}`)).toBe(false);
    } finally {
      live.kill();
    }
  });
});
