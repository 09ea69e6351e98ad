import { afterAll, describe, expect, test } from "bun:test";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assertCommandRegistered, createHarness } from "kit/test";

const file = join(import.meta.dir, "dev-reload.ts");
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
/** The harness counts ctx.reloadExtensions calls (an extra beyond the contract's MockContext). */
const reloads = (h: { context: unknown }) => (h.context as { reloads: number }).reloads;

/** A copy of the extension the test may break. */
function copy(): string {
  const dir = mkdtempSync(join(tmpdir(), "dev-reload-"));
  dirs.push(dir);
  const path = join(dir, "dev-reload.ts");
  copyFileSync(file, path);
  return path;
}

describe("dev-reload", () => {
  test("/reload reloads the extensions and says so", async () => {
    const h = await createHarness().load(file);
    assertCommandRegistered(h, "reload");
    expect(String(await h.runCommand("reload"))).toMatch(/^Extensions reloaded in \d+ ms\.$/);
    expect(reloads(h)).toBe(1);
    expect(h.context.errors).toEqual([]);
    // The reloaded instance registered its command and shortcut again.
    expect(h.commands()).toEqual(["reload"]);
    expect(h.shortcuts()).toEqual(["ctrl+alt+r"]);
  });

  test("ctrl+alt+r does the same, under any spelling", async () => {
    const h = await createHarness().load(file);
    await h.pressShortcut("Ctrl+Alt+R");
    expect(reloads(h)).toBe(1);
    expect(h.context.infos).toHaveLength(1);
    expect(h.context.infos[0]).toStartWith("Extensions reloaded in ");
  });

  test("reports the load error when an extension no longer loads", async () => {
    const path = copy();
    const h = await createHarness().load(path);
    writeFileSync(path, "export default function (kit) { kit.on('no_such_event', () => {}); }\n");

    expect(await h.runCommand("reload")).toBeUndefined();
    expect(h.context.errors).toHaveLength(1);
    expect(h.context.errors[0]).toStartWith("Reload failed: ");
    expect(h.context.errors[0]).toContain("no_such_event");
  });

  test("the shortcut reports a failed reload as an error too", async () => {
    const path = copy();
    const h = await createHarness().load(path);
    writeFileSync(path, "export default function (kit) { syntax error here");
    await h.pressShortcut("ctrl+alt+r");
    expect(h.context.infos).toEqual([]);
    expect(h.context.errors[0]).toStartWith("Reload failed: ");
  });
});
