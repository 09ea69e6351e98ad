/**
 * Modes are adapters over the app (DESIGN.md, layers): sessions, the user's shell and the project's
 * files are reached through app/, never by importing the session store or the tools a mode would
 * otherwise have to set up the way the app does.
 */
import { expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const MODES = join(import.meta.dir, "../../src/modes");
const BEHIND_THE_APP = ["session/store.ts", "tools/bash.ts", "tools/walk.ts"];

test("no mode imports the session store, the bash tool or the file walker", () => {
  const offending: string[] = [];
  for (const file of new Bun.Glob("**/*.ts").scanSync(MODES)) {
    const source = readFileSync(join(MODES, file), "utf8");
    for (const [, spec] of source.matchAll(/\bfrom\s+"([^"]+)"/g)) {
      if (BEHIND_THE_APP.some((target) => spec!.endsWith(`/${target}`))) offending.push(`modes/${file} imports ${spec}`);
    }
  }
  expect(offending).toEqual([]);
});
