/**
 * `npm run demo`: a real headless kit run with no API key. A scripted local provider (the same one
 * the tests use) plays the model: it lists the project, reads the README, and answers. Everything
 * else — the binary, the Anthropic SDK, the wire protocol, the tools — is the real thing.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { startMockLLM, text, toolCall } from "../test/support/mock-llm.ts";

const root = resolve(import.meta.dir, "..");
const kit = resolve(root, "dist/kit");
if (!existsSync(kit)) {
  console.error("demo: building dist/kit first…");
  const build = Bun.spawnSync([process.execPath, "build.ts"], { cwd: root, stdio: ["inherit", "inherit", "inherit"] });
  if (build.exitCode !== 0) process.exit(build.exitCode ?? 1);
}

const mock = await startMockLLM({
  script: [
    toolCall("ls", { path: "." }, { tokenDelayMs: 5 }),
    toolCall("read", { path: "README.md", limit: 12 }, { tokenDelayMs: 5 }),
    text(
      "This is **kit**, an AI coding agent for the terminal. I listed the project and read the top of its README: " +
        "it ships as one executable, runs headless in shell pipelines, and grows through TypeScript extensions.\n\n" +
        "(This reply came from the scripted demo provider; set ANTHROPIC_API_KEY or OPENAI_API_KEY to talk to a real model.)",
      { tokenDelayMs: 15, chunkSize: 6 },
    ),
  ],
});

const prompt = "What is this project? Look around before you answer.";
console.error(`$ kit "${prompt}"   (scripted provider at ${mock.url})\n`);
const proc = Bun.spawn([kit, "--provider-url", mock.url, "--provider-api-key", "demo", "--no-session", prompt], {
  cwd: root,
  stdio: ["ignore", "inherit", "inherit"],
});
const code = await proc.exited;
await mock.close();
process.exit(code);
