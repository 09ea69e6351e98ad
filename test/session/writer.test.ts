import { describe, expect, spyOn, test } from "bun:test";
import * as fs from "node:fs";
import { SessionStore } from "../../src/session/store.ts";
import { assistant, tempDir, user } from "./helpers.ts";

describe("writer", () => {
  test("each entry is one write call of one complete line, on a descriptor opened for append", () => {
    const s = SessionStore.create({ dir: tempDir(), cwd: "/p" });
    const opens = spyOn(fs, "openSync");
    const writes = spyOn(fs, "writeSync");
    try {
      s.appendMessage(user("first"));
      s.appendMessage(assistant("second"));
      s.appendMessage(user("third"));
      expect(opens.mock.calls.map((c) => c[1])).toEqual(["ax"]);
      expect(writes).toHaveBeenCalledTimes(3);
      const chunks = writes.mock.calls.map((c) => Buffer.from(c[1] as unknown as Uint8Array).toString("utf8"));
      // The first write carries the header and the first entry; every write ends a line.
      expect(chunks[0]!.split("\n")).toHaveLength(3);
      for (const chunk of chunks) expect(chunk.endsWith("\n")).toBe(true);
      expect(chunks.slice(1).every((c) => c.split("\n").length === 2)).toBe(true);
      s.close();
      SessionStore.open(s.path).appendMessage(assistant("fourth"));
      expect(opens.mock.calls.map((c) => c[1])).toContain("a");
    } finally {
      opens.mockRestore();
      writes.mockRestore();
    }
  });

  test("sync() fsyncs the file (and its directory once after creating it)", () => {
    const s = SessionStore.create({ dir: tempDir(), cwd: "/p" });
    const syncs = spyOn(fs, "fsyncSync");
    try {
      s.sync(); // nothing written yet: nothing to sync
      expect(syncs).toHaveBeenCalledTimes(0);
      s.appendMessage(user("x"));
      s.sync();
      expect(syncs).toHaveBeenCalledTimes(2);
      s.appendMessage(user("y"));
      s.sync();
      expect(syncs).toHaveBeenCalledTimes(3);
    } finally {
      syncs.mockRestore();
    }
  });
});
