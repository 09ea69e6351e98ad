import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { assertCommandRegistered, assertFooterSet, assertHeaderSet, createHarness, type Harness } from "kit/test";

const EXT = `${import.meta.dir}/header-footer-demo.ts`;
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function project(packageJson?: object): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), "hf-demo-")));
  dirs.push(dir);
  if (packageJson) writeFileSync(join(dir, "package.json"), JSON.stringify(packageJson));
  return dir;
}

const header = (h: Harness) => h.context.header?.content.text;
const footer = (h: Harness) => h.context.footer?.content.text;

describe("header-footer-demo", () => {
  test("header with the package name, footer waiting for the first turn", async () => {
    const h = await createHarness({ cwd: project({ name: "acme-app" }) }).load(EXT);
    await h.emit("session_start");
    assertHeaderSet(h);
    assertFooterSet(h);
    expect(header(h)).toBe("▌ acme-app");
    expect(h.context.header?.style?.borderColor).toBe(h.context.getTheme().primary);
    expect(footer(h)).toBe("no turn yet");
  });

  test("without package.json the directory name is the project name", async () => {
    const dir = project();
    const h = await createHarness({ cwd: dir }).load(EXT);
    await h.emit("session_start");
    expect(header(h)).toBe(`▌ ${basename(dir)}`);
  });

  test("the footer shows when the last turn ended and how long it took", async () => {
    const h = await createHarness({ cwd: project({ name: "acme-app" }) }).load(EXT);
    await h.emit("session_start");
    await h.emit("agent_end", { durationMs: 2345 });
    expect(footer(h)).toMatch(/^last turn ended at \d\d:\d\d:\d\d, took 2\.3 s$/);
    await h.emit("agent_end", { durationMs: 800, stopReason: "cancelled" });
    expect(footer(h)).toMatch(/^last turn ended at \d\d:\d\d:\d\d \(cancelled\), took 0\.8 s$/);
  });

  test("/hf off removes both and keeps them off; /hf on restores them up to date", async () => {
    const h = await createHarness({ cwd: project({ name: "acme-app" }) }).load(EXT);
    assertCommandRegistered(h, "hf");
    await h.emit("session_start");
    expect(await h.runCommand("hf", "off")).toBe("Header and footer removed; /hf on brings them back.");
    expect([h.context.header, h.context.footer]).toEqual([undefined, undefined]);

    await h.emit("agent_end", { durationMs: 1000 });
    expect(h.context.footer).toBeUndefined();

    expect(await h.runCommand("hf", "on")).toBe("Header and footer restored.");
    expect(header(h)).toBe("▌ acme-app");
    expect(footer(h)).toMatch(/^last turn ended at .*, took 1\.0 s$/);
  });

  test("anything else prints the usage", async () => {
    const h = await createHarness({ cwd: project() }).load(EXT);
    expect(await h.runCommand("hf")).toBe("Usage: /hf off|on (they are on)");
    await h.runCommand("hf", "off");
    expect(await h.runCommand("hf", "maybe")).toBe("Usage: /hf off|on (they are off)");
  });
});
