/**
 * `kit install <source> --select` in a pseudo-terminal (Bun.spawn's `terminal` option), reading what kit
 * draws with the escape sequences taken out: the multi-select lists every extension found with its name, path and
 * description, all pre-selected; the keyboard deselects one; only the rest are recorded (`include`)
 * and loaded by the next run. Progress is drawn while cloning because stderr is a terminal.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { KIT_BIN } from "../support/kit-process.ts";
import { startMockLLM, type MockLLM } from "../support/mock-llm.ts";
import { newUser, startFixture, type Fixture, type User } from "./install-support.ts";

let fx: Fixture;
let mock: MockLLM;
let url: string;

beforeAll(async () => {
  fx = startFixture();
  mock = await startMockLLM();
  fx.collection("coll.git");
  url = fx.url("coll.git");
});

afterAll(async () => {
  fx.close();
  await mock.close();
});

const DOWN = "\x1b[B";
const SPACE = " ";
const ENTER = "\r";
const CTRL_C = "\x03";

/** kit in a 120×40 pseudo-terminal; `text()` is everything it drew, without escape sequences. */
function inTerminal(user: User, args: string[]) {
  const decoder = new TextDecoder();
  let raw = "";
  const proc = Bun.spawn([KIT_BIN, ...args], {
    cwd: user.project,
    env: { ...user.env, TERM: "xterm-256color" },
    terminal: { cols: 120, rows: 40, data: (_t, data) => void (raw += decoder.decode(data, { stream: true })) },
  });
  const text = () => raw.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r/g, "");
  const waitFor = async (what: string, predicate: (s: string) => boolean) => {
    for (let waited = 0; !predicate(text()); waited += 20) {
      if (waited > 15_000) throw new Error(`timed out waiting for ${what}; output:\n${text()}`);
      await Bun.sleep(20);
    }
  };
  return { proc, text, waitFor, keys: (k: string) => proc.terminal!.write(k) };
}

describe("kit install --select", () => {
  test("lists every extension pre-selected; deselecting one with the keyboard records and loads only the others", async () => {
    const user = newUser();
    const t = inTerminal(user, ["install", url, "--select"]);
    await t.waitFor("the list of extensions", (s) => s.includes("greet"));
    const list = t.text();
    expect(list).toContain("Extensions to install from 127.0.0.1:");
    expect(list).toMatch(/◼ hello\s+\.\/hello\.ts\s+Says hello\./);
    expect(list).toMatch(/◼ stamp\s+\.\/stamp\.js\s+Stamps things\./);
    expect(list).toMatch(/◼ weather\s+\.\/weather\/main\.ts\s+Weather for a city\./);
    expect(list).toMatch(/◼ with-deps\s+\.\/with-deps\/main\.ts\s+Uses a dependency\./);
    expect(list).toMatch(/◼ greet\s+\.\/extensions\/greet\/index\.ts\s+Greets people\./);
    expect(list).not.toContain("◻");
    // Progress was drawn while cloning (stderr is a terminal).
    expect(list).toMatch(/Fetching 127\.0\.0\.1:\d+\/coll: Receiving objects/);

    t.keys(DOWN);
    t.keys(SPACE);
    await t.waitFor("stamp to be deselected", (s) => /◻ stamp/.test(s));
    t.keys(ENTER);
    expect(await t.proc.exited).toBe(0);
    await t.waitFor("the result", (s) => s.includes("Installed 4 extension(s)"));
    const result = t.text().slice(t.text().indexOf("Installed 4 extension(s)")).split("\n");
    expect(result.slice(1, 5).map((l) => l.trim().split(/\s+/)[0])).toEqual(["hello", "weather", "with-deps", "greet"]);

    expect(user.manifest().packages[0].include).toEqual(["./hello.ts", "./weather/main.ts", "./with-deps/main.ts", "./extensions/greet/index.ts"]);
    expect(await user.tools(mock)).toEqual(["hello_tool", "weather_tool", "deps_tool", "greet_tool"]);
  });

  test("Ctrl+C in the list installs nothing", async () => {
    const user = newUser();
    const t = inTerminal(user, ["install", url, "--select"]);
    await t.waitFor("the list of extensions", (s) => s.includes("greet"));
    t.keys(CTRL_C);
    expect(await t.proc.exited).toBe(130);
    await t.waitFor("the message", (s) => s.includes("cancelled: nothing was installed"));
    expect(user.manifest().packages).toEqual([]);
    expect(await user.tools(mock)).toEqual([]);
  });
});
