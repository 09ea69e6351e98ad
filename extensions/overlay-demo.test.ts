import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { OverlayConfig } from "kit/ext";
import { assertCommandRegistered, assertInfo, createHarness, type Harness } from "kit/test";

const EXT = `${import.meta.dir}/overlay-demo.ts`;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function project(readme?: string): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "overlay-demo-")));
  dirs.push(dir);
  if (readme !== undefined) writeFileSync(join(dir, "README.md"), readme);
  return dir;
}

/** The harness records every prompt and overlay it was shown (beyond the kit/test types). */
type Shown = { kind: string; message: string; config: unknown; answered: boolean };
const shown = (h: Harness) => (h.context as Harness["context"] & { prompts: Shown[] }).prompts;

describe("overlay-demo", () => {
  test("/about shows a titled markdown overlay with two actions", async () => {
    const h = await createHarness({ cwd: project() }).load(EXT);
    assertCommandRegistered(h, "about");
    h.context.answerOverlay({ action: "OK" });
    expect(await h.runCommand("about")).toBeUndefined();

    expect(shown(h).map((p) => [p.kind, p.message, p.answered])).toEqual([["overlay", "About kit", true]]);
    const cfg = shown(h)[0]!.config as OverlayConfig;
    expect(cfg.actions).toEqual(["OK", "Open README"]);
    expect(cfg.content.markdown).toBe(true);
    expect(cfg.content.text).toContain("- **Model:** `anthropic/claude-sonnet-4-5`");
    expect(cfg.content.text).toContain("`bash`");
    expect(h.context.infos).toEqual([]); // OK just closes it
  });

  test('"Open README" reports the README\'s title', async () => {
    const dir = project("# Acme\n\nThe Acme app.\n");
    const h = await createHarness({ cwd: dir }).load(EXT);
    h.context.answerOverlay({ index: 1 });
    await h.runCommand("about");
    assertInfo(h, `README.md: "Acme", 3 lines — ${join(dir, "README.md")}`);
  });

  test('"Open README" without a README says so', async () => {
    const dir = project();
    const h = await createHarness({ cwd: dir }).load(EXT);
    h.context.answerOverlay({ action: "Open README" });
    await h.runCommand("about");
    assertInfo(h, `There is no README.md in ${dir}.`);
  });

  test("Esc closes it quietly", async () => {
    const h = await createHarness({ cwd: project("# Acme\n") }).load(EXT);
    h.context.answerOverlay({ cancelled: true });
    expect(await h.runCommand("about")).toBeUndefined();
    expect([h.context.infos, h.context.errors]).toEqual([[], []]);
  });

  test("headless runs get the text back instead of an overlay", async () => {
    const h = await createHarness({ cwd: project(), interactive: false }).load(EXT);
    const out = await h.runCommand("about");
    expect(out).toStartWith("## This session\n");
    expect(shown(h)).toEqual([]);
  });
});
