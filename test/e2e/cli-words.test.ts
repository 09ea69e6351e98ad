/**
 * The command line as users type it (spec/cli.md, Global flags): near-miss commands never start an
 * agent, `kit -- words` is always a prompt, ordinary short prompts still run, and the flags users bring
 * from other agents (-p/--print, --append-system-prompt) work. Through the built binary.
 */
import { describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runKit } from "../support/kit-process.ts";
import { text } from "../support/mock-llm.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { project, systemOf, userBlocks, userEnv } from "./headless-support.ts";

const mock = useMockLLM();

/** kit with the words first, as a user types them; the provider flag goes last (before `--` when there is one). */
function kit(args: string[], cwd = project()) {
  const end = args.includes("--") ? args.indexOf("--") : args.length;
  const argv = [...args.slice(0, end), "--provider-url", mock.url, ...args.slice(end)];
  return runKit(argv, { cwd, env: userEnv() });
}
const lastRequest = () => mock.requests[mock.requests.length - 1]!;
const promptSent = () => userBlocks(lastRequest()).map((b) => b.text).join("");

describe("near-miss commands never start an agent", () => {
  const cases: [string[], string][] = [
    [["init"], "kit extensions init"],
    [["config"], "kit --help"],
    [["login"], "kit auth login"],
    [["update"], "kit upgrade"],
    [["upgarde"], "kit upgrade"],
    [["gihub", "install"], "kit github install"],
    [["instal", "x"], "kit install x"],
    [["session", "list"], "kit sessions list"],
    [["extension", "list"], "kit extensions list"],
    [["modles"], "kit models"],
    [["-m", "x", "sessions", "list"], "kit sessions list"],
    [["--quiet", "models"], "kit models"],
    [["help", "me"], "kit --help"],
  ];
  for (const [words, meant] of cases) {
    test(`kit ${words.join(" ")}: exit 2, did you mean '${meant}', and how to send it as a prompt`, async () => {
      const before = mock.requests.length;
      const r = await kit(words);
      expect(r.exitCode).toBe(2);
      expect(r.stdout).toBe("");
      const prompt = words.filter((w, i) => !w.startsWith("-") && words[i - 1] !== "-m").join(" ");
      const lines = r.stderr.trimEnd().split("\n");
      expect(lines).toHaveLength(2);
      expect(lines[0]).toStartWith(`kit: did you mean '${meant}'? (`);
      expect(lines[1]).toBe(`kit: to send it as a prompt, write kit -- ${prompt}`);
      expect(mock.requests.length).toBe(before);
    });
  }

  test("kit help prints the help and kit version the version; no model call", async () => {
    const before = mock.requests.length;
    const help = await kit(["help"]);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain("Usage");
    const version = await kit(["version"]);
    expect(version.exitCode).toBe(0);
    expect(version.stdout).toMatch(/^kit \d+\.\d+\.\d+/);
    expect(mock.requests.length).toBe(before);
  });

  test("with more than two more words it is a sentence, sent as the prompt", async () => {
    mock.push(text("ok"));
    const r = await kit(["session", "list", "looks", "wrong", "--quiet"]);
    expect(r.exitCode).toBe(0);
    expect(promptSent()).toBe("session list looks wrong");
  });
});

describe("prompts stay prompts", () => {
  for (const words of [["fix tests"], ["explain", "this"], ["tests", "fail"], ["text", "wrap"], ["lessons", "learned"], ["models are slow"], ["best", "practices"]]) {
    test(`kit ${words.map((w) => (w.includes(" ") ? `"${w}"` : w)).join(" ")} runs the agent`, async () => {
      mock.push(text("ok"));
      const r = await kit([...words, "--quiet"]);
      expect(r.exitCode).toBe(0);
      expect(promptSent()).toBe(words.join(" "));
    });
  }

  test("kit -- help sends the words as the prompt, whatever they are", async () => {
    mock.push(text("one"), text("two"));
    expect((await kit(["--quiet", "--", "help"])).exitCode).toBe(0);
    expect(promptSent()).toBe("help");
    expect((await kit(["--quiet", "--", "sessions", "list"])).exitCode).toBe(0);
    expect(promptSent()).toBe("sessions list");
  });
});

describe("conventions from other agents", () => {
  test("-p and --print are accepted and run headless", async () => {
    mock.push(text("printed"), text("again"));
    const short = await kit(["-p", "say it"]);
    expect(short.exitCode).toBe(0);
    expect(short.stdout).toBe("printed\n");
    expect(promptSent()).toBe("say it");
    const long = await kit(["--print", "--quiet", "say it again"]);
    expect(long.exitCode).toBe(0);
    expect(long.stdout).toBe("again\n");
  });

  test("--append-system-prompt TEXT adds to the built-in instructions; a FILE's content likewise", async () => {
    mock.push(text("a"), text("b"));
    expect((await kit(["--append-system-prompt", "Always answer in French.", "--quiet", "hi"])).exitCode).toBe(0);
    const system = systemOf(lastRequest());
    expect(system).toStartWith("You are kit, an AI coding agent");
    expect(system).toContain("\n\nAlways answer in French.\n\n");

    const cwd = project();
    writeFileSync(join(cwd, "extra.md"), "Prefer tabs.");
    expect((await kit(["--append-system-prompt", "extra.md", "--quiet", "hi"], cwd)).exitCode).toBe(0);
    expect(systemOf(lastRequest())).toStartWith("You are kit, an AI coding agent");
    expect(systemOf(lastRequest())).toContain("\n\nPrefer tabs.\n\n");
  });

  test("--append-system-prompt goes after --system-prompt, which still replaces the built-in instructions", async () => {
    mock.push(text("c"));
    expect((await kit(["--system-prompt", "You are terse.", "--append-system-prompt", "Use metric units.", "--quiet", "hi"])).exitCode).toBe(0);
    expect(systemOf(lastRequest())).toStartWith("You are terse.\n\nUse metric units.\n\n");
  });
});
