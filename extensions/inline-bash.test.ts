import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assertInputTransformed, createHarness } from "kit/test";

const file = join(import.meta.dir, "inline-bash.ts");
const project = realpathSync(mkdtempSync(join(tmpdir(), "inline-bash-")));
writeFileSync(join(project, "VERSION"), "1.2.3\n");
afterAll(() => rmSync(project, { recursive: true, force: true }));
const load = () => createHarness({ cwd: project }).load(file);

describe("inline-bash", () => {
  test("replaces each !{command} by its output, run in the project directory", async () => {
    const h = await load();
    const result = await h.emit("input", { text: "release !{cat VERSION} from !{pwd}, please", source: "interactive" });
    assertInputTransformed(result, `release 1.2.3 from ${project}, please`);
  });

  test("shows failures in place and goes on with the rest", async () => {
    const h = await load();
    const result = await h.emit("input", { text: "a: !{echo oops >&2; exit 3} b: !{echo fine}" });
    assertInputTransformed(result, "a: [!{echo oops >&2; exit 3} failed (exit 3): oops] b: fine");
  });

  test("stops a command at the time limit", async () => {
    const h = await load();
    h.context.setOption("inline-bash-timeout", "0.2");
    const started = performance.now();
    const result = await h.emit("input", { text: "x !{sleep 5; echo late} y" });
    assertInputTransformed(result, "x [!{sleep 5; echo late} timed out after 0.2 s] y");
    // Stopped, not waited for: waiting for `sleep 5` would take 5 s at least, however idle the machine.
    expect(performance.now() - started).toBeLessThan(5000);
  });

  test("leaves text without !{…}, and text other extensions send, alone", async () => {
    const h = await load();
    expect(await h.emit("input", { text: "echo !{ is not closed", source: "cli" })).toBeUndefined();
    expect(await h.emit("input", { text: "plain text" })).toBeUndefined();
    expect(await h.emit("input", { text: "!{touch pwned}", source: "extension" })).toBeUndefined();
    expect(await Bun.file(join(project, "pwned")).exists()).toBe(false);
  });
});
