import { expect, test } from "bun:test";
import { join } from "node:path";
import { openSession } from "../../src/app/session-setup.ts";
import { loadConfig } from "../../src/config/config.ts";
import { sessionDir } from "../../src/session/paths.ts";
import { SessionStore } from "../../src/session/store.ts";
import { tempDir } from "./helpers.ts";

test("--continue opens the newest session of the directory that is not a subagent's", () => {
  const cwd = tempDir();
  const home = tempDir();
  const env = { HOME: home, XDG_DATA_HOME: join(home, "data") };
  const config = loadConfig({ cwd, env, flags: { continue: true } });
  const dir = sessionDir(config.paths.dataDir, cwd);
  let clock = Date.parse("2026-01-01T00:00:00Z");
  const now = () => new Date((clock += 1000));
  const parent = SessionStore.create({ cwd, dir, now });
  parent.appendMessage({ role: "user", content: [{ type: "text", text: "parent" }] });
  parent.close();
  const child = SessionStore.create({ cwd, dir, now, parentSession: parent.path, parentSessionId: parent.id, subagentTask: "a task" });
  child.appendMessage({ role: "user", content: [{ type: "text", text: "a task" }] });
  child.close();

  const opened = openSession(config, cwd);
  expect(opened.resumed).toBe(true);
  expect(opened.store.path).toBe(parent.path);
  opened.store.close();
});
