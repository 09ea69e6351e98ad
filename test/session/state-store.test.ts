import { describe, expect, test } from "bun:test";
import * as fs from "node:fs";
import * as path from "node:path";
import { StateStore } from "../../src/session/state-store.ts";
import { tempDir } from "./helpers.ts";

const tick = () => new Promise<void>((r) => setTimeout(r, 0));
const sessionIn = (dir: string, name = "2025-01-01T00-00-00-000Z_s1") => path.join(dir, `${name}.jsonl`);
const readJson = (file: string) => JSON.parse(fs.readFileSync(file, "utf8"));

describe("extension state sidecar", () => {
  test("lives at <session without .jsonl>.ext-state.json; a missing file is an empty store", () => {
    const dir = tempDir();
    const st = new StateStore(sessionIn(dir));
    expect(st.path).toBe(path.join(dir, "2025-01-01T00-00-00-000Z_s1.ext-state.json"));
    expect(st.list()).toEqual([]);
    expect(st.warning).toBeUndefined();
    expect(fs.existsSync(st.path)).toBe(false);
  });

  test("set/get/delete/list, saved as a JSON object of strings, and read back", async () => {
    const dir = tempDir();
    const st = new StateStore(sessionIn(dir));
    st.set("a", "1");
    st.set("b", "two");
    st.delete("a");
    st.delete("missing");
    expect(st.get("b")).toBe("two");
    expect(st.get("a")).toBeUndefined();
    expect(st.list()).toEqual(["b"]);
    await tick();
    expect(readJson(st.path)).toEqual({ b: "two" });
    expect(st.dirty).toBe(false);
    const again = new StateStore(sessionIn(dir));
    expect(again.snapshot()).toEqual({ b: "two" });
    expect(() => st.set("k", 5 as unknown as string)).toThrow(TypeError);
  });

  test("saves are atomic replacements: no temp files are left and the file is always whole JSON", async () => {
    const dir = tempDir();
    const st = new StateStore(sessionIn(dir));
    for (let round = 0; round < 20; round++) {
      st.set("round", String(round));
      st.set("big", "x".repeat(10_000 + round));
      await tick();
      expect(readJson(st.path).round).toBe(String(round));
    }
    expect(fs.readdirSync(dir)).toEqual([path.basename(st.path)]);
  });

  test("many rapid sets end with the last value on disk, written as one save per burst", async () => {
    const dir = tempDir();
    const st = new StateStore(sessionIn(dir));
    for (let i = 0; i < 1000; i++) st.set("counter", String(i));
    expect(st.dirty).toBe(true);
    await tick();
    expect(readJson(st.path)).toEqual({ counter: "999" });
    expect(st.saves).toBe(1);
    for (let i = 0; i < 50; i++) {
      st.set("counter", `b${i}`);
      if (i % 10 === 0) await tick();
    }
    await tick();
    expect(readJson(st.path)).toEqual({ counter: "b49" });
    expect(st.saves).toBe(7); // the first burst, then one per tick
    expect(st.dirty).toBe(false);
  });

  test("flush writes at once; an older snapshot never lands after a newer one", async () => {
    const dir = tempDir();
    const st = new StateStore(sessionIn(dir));
    st.set("k", "old");
    st.flush();
    expect(readJson(st.path)).toEqual({ k: "old" });
    st.set("k", "new");
    st.flush();
    // The save scheduled for the first set runs now; it must not bring back "old".
    await tick();
    expect(readJson(st.path)).toEqual({ k: "new" });
  });

  test("an empty file is an empty store", () => {
    const dir = tempDir();
    const st0 = new StateStore(sessionIn(dir));
    fs.writeFileSync(st0.path, "  \n");
    const st = new StateStore(sessionIn(dir));
    expect(st.list()).toEqual([]);
    expect(st.warning).toBeUndefined();
  });

  test("a malformed file is reported and kept as .bad, untouched; the state starts empty", async () => {
    for (const bad of ['{"a": 1}', "[1,2]", "{not json"]) {
      const dir = tempDir();
      const file = sessionIn(dir);
      const sidecar = file.replace(/\.jsonl$/, ".ext-state.json");
      fs.writeFileSync(sidecar, bad);
      const st = new StateStore(file);
      expect(st.warning).toContain("malformed");
      expect(st.warning).toContain(`${sidecar}.bad`);
      expect(st.list()).toEqual([]);
      expect(fs.readFileSync(`${sidecar}.bad`, "utf8")).toBe(bad);
      st.set("fresh", "yes");
      await tick();
      expect(readJson(sidecar)).toEqual({ fresh: "yes" });
      expect(fs.readFileSync(`${sidecar}.bad`, "utf8")).toBe(bad);
    }
  });

  test("an in-memory session keeps the state in memory", async () => {
    const dir = tempDir();
    const st = new StateStore("");
    st.set("a", "b");
    await tick();
    st.flush();
    expect(st.path).toBe("");
    expect(st.get("a")).toBe("b");
    expect(st.dirty).toBe(false);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  test("rebind saves the old session's pending state and loads the new session's", async () => {
    const dir = tempDir();
    const one = sessionIn(dir, "one");
    const two = sessionIn(dir, "two");
    new StateStore(two).set("there", "2");
    await tick();
    const st = new StateStore(one);
    st.set("here", "1");
    expect(st.rebind(two)).toBeUndefined();
    expect(readJson(path.join(dir, "one.ext-state.json"))).toEqual({ here: "1" });
    expect(st.snapshot()).toEqual({ there: "2" });
    st.set("more", "3");
    await tick();
    expect(readJson(path.join(dir, "two.ext-state.json"))).toEqual({ there: "2", more: "3" });
    expect(readJson(path.join(dir, "one.ext-state.json"))).toEqual({ here: "1" });
    st.rebind("");
    expect(st.list()).toEqual([]);
  });

  test("a failed scheduled save is reported through onError", async () => {
    const dir = tempDir();
    const sub = path.join(dir, "sub");
    const errors: Error[] = [];
    const st = new StateStore(path.join(sub, "s.jsonl"), { onError: (e) => errors.push(e) });
    // The session's directory turns out to be a file: the save cannot happen.
    fs.writeFileSync(sub, "");
    st.set("a", "b");
    await tick();
    expect(errors).toHaveLength(1);
    expect(st.dirty).toBe(true);
    expect(() => st.flush()).toThrow();
  });
});
