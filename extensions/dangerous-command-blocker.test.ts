/**
 * Tests of dangerous-command-blocker.ts: run with `kit test extensions/dangerous-command-blocker.test.ts`.
 * h.emit("tool_call", …) goes through the same runner as a session; the harness fills in the fields a
 * test leaves out (a tool call id, `input` from `args` or the other way round).
 */
import { describe, expect, test } from "bun:test";
import { assertBlocked, assertHasHandlers, assertNotBlocked, createHarness } from "kit/test";
import { danger } from "./dangerous-command-blocker.ts";

const EXTENSION = `${import.meta.dir}/dangerous-command-blocker.ts`;

async function harness() {
  const h = await createHarness().load(EXTENSION);
  return { h, bash: (command: string) => h.emit("tool_call", { toolName: "bash", args: { command } }) };
}

describe("dangerous-command-blocker", () => {
  test("hooks tool calls and nothing else", async () => {
    const { h } = await harness();
    assertHasHandlers(h, "tool_call");
    expect(h.tools()).toEqual([]);
    expect(h.commands()).toEqual([]);
  });

  test("refuses rm -rf / and tells the model why", async () => {
    const { bash } = await harness();
    const result = await bash("rm -rf /");
    assertBlocked(result, "Dangerous command refused (recursive rm of /)");
    assertBlocked(result, "ask the user to run it themselves");
  });

  test("each rule, with its reason", async () => {
    const { bash } = await harness();
    assertBlocked(await bash(":(){ :|:& };:"), "a fork bomb");
    assertBlocked(await bash("sudo mkfs.ext4 /dev/sdb1"), "mkfs.ext4 formats a disk");
    assertBlocked(await bash("dd if=/dev/zero of=/dev/sda bs=1M"), "dd onto a device");
    assertBlocked(await bash("cat image > /dev/nvme0n1"), "a redirect onto a disk device");
    assertBlocked(await bash("git push --force origin main"), "a force-push to main/master");
    assertBlocked(await bash("cd /tmp && rm --recursive --force $HOME"), "recursive rm of");
    assertBlocked(await bash("rm -r --no-preserve-root /"), "rm --no-preserve-root");
  });

  test("lets ordinary commands through", async () => {
    const { bash } = await harness();
    for (const command of ["ls -la /", "rm -rf ./build", "rm -rf node_modules dist", "git push origin main", "git push --force-with-lease origin main", "dd if=/dev/zero of=./disk.img count=1"]) {
      assertNotBlocked(await bash(command));
    }
  });

  test("other tools are never blocked, even with a scary-looking argument", async () => {
    const { h } = await harness();
    assertNotBlocked(await h.emit("tool_call", { toolName: "write", args: { path: "notes.md", content: "never run rm -rf /" } }));
  });

  test("a call whose arguments are not JSON is checked on its raw input", async () => {
    const { h } = await harness();
    assertBlocked(await h.emit("tool_call", { toolName: "bash", input: "rm -rf ~ (broken json" }), "recursive rm of ~");
  });

  test("danger() is exported for reuse: undefined for a harmless command", () => {
    expect(danger("echo hello")).toBeUndefined();
    expect(danger("git push -f origin master")).toBe("a force-push to main/master");
  });
});
