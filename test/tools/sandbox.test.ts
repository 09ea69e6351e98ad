/**
 * How the sandbox wraps a command on each platform (bubblewrap's arguments, the macOS profile, which
 * cannot run here), what a sandboxed failure is told, and that an unsupported platform refuses.
 */
import { describe, expect, test } from "bun:test";
import { CommandSandbox, sandboxPolicy, seatbeltProfile } from "../../src/tools/sandbox.ts";

const policy = (mode: "workspace-write" | "read-only", network = false) => ({ mode, network, writable: mode === "workspace-write" ? ["/work/p", "/tmp"] : [] });

describe("Linux: bubblewrap", () => {
  test("the file system read-only but the writable dirs, a fresh /dev, no network unless allowed, the command in cwd", () => {
    expect(new CommandSandbox(policy("workspace-write"), "linux").wrap("make", "/work/p")).toEqual([
      "bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--bind", "/work/p", "/work/p", "--bind", "/tmp", "/tmp",
      "--unshare-net", "--die-with-parent", "--chdir", "/work/p", "--", "bash", "-c", "make",
    ]);
    expect(new CommandSandbox(policy("read-only", true), "linux").wrap("ls", "/work/p")).toEqual([
      "bwrap", "--ro-bind", "/", "/", "--dev", "/dev", "--die-with-parent", "--chdir", "/work/p", "--", "bash", "-c", "ls",
    ]);
  });

  test("a failure note only for what the sandbox causes", () => {
    const s = new CommandSandbox(policy("workspace-write"), "linux");
    expect(s.failureNote("touch: cannot touch '/etc/x': Read-only file system")).toContain("only /work/p and /tmp are writable");
    expect(s.failureNote("curl: (7) Couldn't connect to server: Network is unreachable")).toContain("without network access");
    expect(s.failureNote("make: *** [all] Error 2")).toBeUndefined();
    expect(new CommandSandbox(policy("workspace-write", true), "linux").failureNote("Network is unreachable")).toBeUndefined();
  });
});

describe("macOS: sandbox-exec", () => {
  test("a profile allowing everything but writes outside the writable dirs and /dev, and the network unless allowed", () => {
    const argv = new CommandSandbox(policy("workspace-write"), "darwin").wrap("make", "/work/p");
    expect(argv.slice(0, 2)).toEqual(["sandbox-exec", "-p"]);
    expect(argv.slice(3)).toEqual(["bash", "-c", "make"]);
    expect(argv[2]).toBe(
      ['(version 1)', '(allow default)', '(deny file-write*)', '(allow file-write* (subpath "/work/p") (subpath "/tmp") (subpath "/dev"))', '(deny network*)'].join("\n"),
    );
    expect(seatbeltProfile(policy("read-only", true))).not.toContain("network");
    // A quote in a path cannot end the string early.
    expect(seatbeltProfile({ mode: "workspace-write", network: true, writable: ['/a "b'] })).toContain('(subpath "/a \\"b")');
  });

  test("a denied write is named as sandbox-exec reports it", () => {
    expect(new CommandSandbox(policy("workspace-write"), "darwin").failureNote("touch: /etc/x: Operation not permitted")).toContain('fails with "Operation not permitted"');
  });
});

test("elsewhere the sandbox is unavailable, and says what to do", async () => {
  expect(await new CommandSandbox(policy("workspace-write"), "win32").unavailable()).toBe(
    "--sandbox workspace-write is not supported on win32: commands are not run unsandboxed. Run kit with --sandbox off to run them without a sandbox.",
  );
});

test("off is no policy; read-only writes nothing", () => {
  expect(sandboxPolicy("off", false, "/x")).toBeUndefined();
  expect(sandboxPolicy("read-only", false, "/x")?.writable).toEqual([]);
});
