/**
 * Hot reload in the interactive UI, in a pseudo-terminal: `kit -e ./ext.ts` from a project root
 * reloads only when the extension's code changes (the extension or a helper it imports), never for
 * what the extension or the agent writes nearby, and never in the middle of a turn.
 *
 * "Extensions reloaded." is kit's notice for each reload; the test extension prints (printInfo)
 * when it starts, with the helper's version, and at agent_end how many steps this very instance
 * saw (a reload in the middle of the turn would reset that count).
 */
import { describe, expect, setDefaultTimeout, test } from "bun:test";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { text, toolCall } from "../support/mock-llm.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { KitTerminal, workspace } from "./interactive-support.ts";

setDefaultTimeout(60_000);
const mock = useMockLLM();

const EXTENSION = `import { appendFileSync } from "node:fs";
import { join } from "node:path";
import type { ExtensionAPI } from "kit/ext";
import { version } from "./lib/helper.ts";

const EDITION = "e1";
let steps = 0;

export default function (kit: ExtensionAPI) {
  kit.onSessionStart((e, ctx) => {
    // A log kept beside the extension: not its code, so no reload.
    appendFileSync(join(import.meta.dir, "ext.log"), "started " + e.reason + "\\n");
    ctx.printInfo("EXT start " + e.reason + " " + version + " " + EDITION);
  });
  kit.onStepStart(() => {
    steps++;
  });
  kit.onAgentEnd((_e, ctx) => ctx.printInfo("EXT steps " + steps));
}
`;

const reloads = (lines: string[]) => lines.filter((l) => l.includes("Extensions reloaded.")).length;
const has = (part: string) => (lines: string[]) => lines.some((l) => l.includes(part));

describe("hot reload", () => {
  test("only a change of the extension's code reloads it, once, and not before the turn ends", async () => {
    const w = workspace({ "ext.ts": EXTENSION, "lib/helper.ts": `export const version = "v1";\n` });
    mock.push(
      // The agent writes files in the project, beside the extension too, in several steps of one turn...
      toolCall("write", { path: "other.ts", content: "export const x = 1;\n" }),
      toolCall("write", { path: "src/data.json", content: "{}\n" }),
      // ... then edits the extension's helper: a change of its code, reloaded once the turn is over.
      toolCall("bash", { command: "sed -i s/v1/v2/ lib/helper.ts" }),
      // Slow enough that the change is seen while the turn still runs.
      text("all done", { delayMs: 1000 }),
    );
    const t = new KitTerminal({ args: ["--provider-url", mock.url, "-m", "anthropic/claude-haiku-4-5", "-e", "./ext.ts"], cwd: w.cwd, env: w.env });
    try {
      await t.ready();
      await t.waitForLines("the extension's start", has("EXT start startup v1 e1"));
      await t.type("go");
      let lines = await t.waitForLines("the reload after the turn", has("EXT start reload v2 e1"));
      // The instance that ran the turn saw all four steps: nothing reloaded it in between.
      expect(lines.findIndex((l) => l.includes("EXT steps 4"))).toBeGreaterThan(-1);
      expect(lines.findIndex((l) => l.includes("EXT steps 4"))).toBeLessThan(lines.findIndex((l) => l.includes("EXT start reload")));
      // The log written at each start and the agent's files caused no reload: this one is the only one.
      expect(reloads(lines)).toBe(1);
      expect(readFileSync(join(w.cwd, "ext.log"), "utf8")).toBe("started startup\nstarted reload\n");

      // Editing the extension itself reloads it, once.
      writeFileSync(join(w.cwd, "ext.ts"), EXTENSION.replace(`"e1"`, `"e2"`));
      lines = await t.waitForLines("the reload after the edit", has("EXT start reload v2 e2"));
      expect(reloads(lines)).toBe(1 + 1);
      expect(await t.quit()).toBe(0);
    } finally {
      t.kill();
    }
  });
});
