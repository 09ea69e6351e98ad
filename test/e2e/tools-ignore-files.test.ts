/**
 * grep and find through the built binary honour the user's own git ignore file (core.excludesFile in
 * ~/.gitconfig) and the repository's .git/info/exclude, as git itself does in the same environment.
 */
import { expect, test } from "bun:test";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runKit } from "../support/kit-process.ts";
import { text, toolCall } from "../support/mock-llm.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { project, userEnv } from "./headless-support.ts";

const mock = useMockLLM();

/** One headless run whose model makes `call`; gives the tool result's text. */
async function runTool(cwd: string, env: Record<string, string>, call: ReturnType<typeof toolCall>): Promise<string> {
  mock.push(call, text("done"));
  const base = mock.requests.length;
  const { stdout, exitCode } = await runKit(["--provider-url", mock.url, "-m", "anthropic/claude-haiku-4-5", "--no-session", "go"], { cwd, env });
  expect({ exitCode, stdout }).toEqual({ exitCode: 0, stdout: "done\n" }); // stderr shows the tool calls
  return (mock.requests[base + 1]!.body.messages as any[]).at(-1).content[0].content;
}

test("the user's core.excludesFile and the repository's info/exclude hide files from grep and find, as from git", async () => {
  const env = userEnv();
  const cwd = project({ "kept.txt": "needle\n", "notes.private": "needle\n", "scratch/draft.txt": "needle\n", "src/a.private": "needle\n" });
  execFileSync("git", ["init", "-q", cwd]);
  writeFileSync(join(cwd, ".git", "info", "exclude"), "scratch/\n");
  writeFileSync(join(env.HOME!, "my-ignores"), "*.private\n");
  writeFileSync(join(env.HOME!, ".gitconfig"), "[core]\n\texcludesFile = ~/my-ignores\n");

  const gitSees = execFileSync("git", ["ls-files", "--others", "--exclude-standard"], { cwd, env, encoding: "utf8" }).trim();
  expect(gitSees).toBe("kept.txt");
  expect(await runTool(cwd, env, toolCall("grep", { pattern: "needle" }))).toBe("kept.txt:1: needle");
  expect(await runTool(cwd, env, toolCall("find", { pattern: "*" }))).toBe(gitSees);
});
