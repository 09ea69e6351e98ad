import { describe, expect, test } from "bun:test";
import { resolve } from "node:path";

const FIXTURE = resolve(import.meta.dir, "fixtures/raw-terminal.ts");
// termios c_lflag bits (Linux and macOS agree on these two)
const ICANON = process.platform === "darwin" ? 0x100 : 0x2;
const ECHO = 0x8;

/** The fixture in a pseudo-terminal, with the bytes it writes and a way to wait for them. */
function start(cols = 100, rows = 30) {
  let output = "";
  let wake: (() => void) | undefined;
  const decoder = new TextDecoder();
  const terminal = new Bun.Terminal({
    cols,
    rows,
    data(_t, data) {
      output += decoder.decode(data, { stream: true });
      wake?.();
    },
  });
  const proc = Bun.spawn([process.execPath, FIXTURE], { terminal, env: { ...process.env, NO_COLOR: "1" } });
  const until = async (predicate: (output: string) => boolean) => {
    while (!predicate(output)) await new Promise<void>((resolve) => (wake = resolve));
  };
  return {
    proc,
    terminal,
    get output() {
      return output;
    },
    until,
    waitFor: (text: string) => until((o) => o.includes(text)),
    async close() {
      terminal.close();
    },
  };
}

describe("ProcessTerminal in a pty", () => {
  test("raw mode, kitty detection, keys, paste, resize, and a clean restore", async () => {
    const t = start();
    await t.waitFor("READY 100x30");
    expect(t.output).toContain("\x1b[?2004h\x1b]11;?\x07\x1b[?u\x1b[c");
    expect(t.terminal.localFlags & ICANON).toBe(0);
    expect(t.terminal.localFlags & ECHO).toBe(0);

    t.terminal.write("\x1b[?0u\x1b[?62;22c");
    await t.waitFor("\x1b[>1u");

    t.terminal.write("\x1b[13;2u");
    await t.waitFor('EVENT {"name":"shift+enter"} kitty');
    t.terminal.write("\x1b[200~first line\r\nsecond line\x1b[201~");
    await t.waitFor('EVENT {"type":"paste","text":"first line\\nsecond line"}');
    t.terminal.write("é");
    await t.waitFor('EVENT {"name":"é","text":"é"}');
    t.terminal.write("\x1b");
    await t.waitFor('EVENT {"name":"escape"}');

    // A pty made by Bun.Terminal is not the child's controlling terminal, so the kernel sends no
    // SIGWINCH on resize: send it as the kernel would.
    t.terminal.resize(80, 20);
    t.proc.kill("SIGWINCH");
    await t.waitFor("RESIZE 80x20");

    t.terminal.write("\x03");
    await t.waitFor("LEFT");
    expect(await t.proc.exited).toBe(0);
    const restore = t.output.slice(t.output.indexOf('EVENT {"name":"ctrl+c"}'));
    expect(restore).toContain("\x1b[?2026l");
    expect(restore).toContain("\x1b[<u");
    expect(restore).toContain("\x1b[?2004l");
    expect(restore).toContain("\x1b[?25h");
    expect(t.terminal.localFlags & ICANON).not.toBe(0);
    expect(t.terminal.localFlags & ECHO).not.toBe(0);
    await t.close();
  });

  test("the terminal's answer to the background query is reported as dark or light", async () => {
    const t = start();
    await t.waitFor("READY");
    t.terminal.write("\x1b]11;rgb:fdfd/f6f6/e3e3\x1b\\");
    await t.waitFor("BACKGROUND light");
    t.terminal.write("\x1b]11;rgb:1a1a/1b1b/2626\x07");
    await t.waitFor("BACKGROUND dark");
    // The reply is not typing: no key event came of it.
    expect(t.output).not.toContain("EVENT");
    t.terminal.write("\x03");
    expect(await t.proc.exited).toBe(0);
    await t.close();
  });

  test("a terminal without the kitty protocol gets modifyOtherKeys, and legacy keys decode at once", async () => {
    const t = start();
    await t.waitFor("READY");
    t.terminal.write("\x1b[A");
    await t.waitFor('EVENT {"name":"up"} legacy');
    t.terminal.write("\x1b[?62;22c");
    await t.waitFor("\x1b[>4;1m");
    t.terminal.write("\x1b[27;2;13~");
    await t.waitFor('EVENT {"name":"shift+enter"} modify-other-keys');
    t.terminal.write("\x03");
    expect(await t.proc.exited).toBe(0);
    await t.waitFor("LEFT");
    expect(t.output.slice(t.output.indexOf("LEFT") - 40)).toContain("\x1b[>4m");
    await t.close();
  });

  for (const [signal, code] of [["SIGTERM", 143], ["SIGHUP", 129], ["SIGINT", 130]] as const) {
    test(`${signal} restores the terminal, then exits ${code}`, async () => {
      const t = start();
      await t.waitFor("READY");
      t.terminal.write("\x1b[?1u\x1b[?62c");
      await t.waitFor("\x1b[>1u");
      expect(t.terminal.localFlags & ICANON).toBe(0);
      t.proc.kill(signal);
      expect(await t.proc.exited).toBe(code);
      // The pty may hand over the last bytes after the exit is known.
      await t.until((o) => o.slice(o.indexOf("\x1b[>1u") + 5).includes("\x1b[?25h"));
      const after = t.output.slice(t.output.indexOf("\x1b[>1u") + 5);
      expect(after).toContain("\x1b[<u");
      expect(after).toContain("\x1b[?2004l");
      expect(after).toContain("\x1b[?25h");
      expect(t.terminal.localFlags & ICANON).not.toBe(0);
      expect(t.terminal.localFlags & ECHO).not.toBe(0);
      await t.close();
    });
  }

  test("an uncaught exception restores the terminal, prints the error and exits 1", async () => {
    const t = start();
    await t.waitFor("READY");
    t.terminal.write("\x14");
    expect(await t.proc.exited).toBe(1);
    await t.waitFor("boom from a key handler");
    expect(t.output).toContain("\x1b[?2004l");
    expect(t.terminal.localFlags & ICANON).not.toBe(0);
    await t.close();
  });
});
