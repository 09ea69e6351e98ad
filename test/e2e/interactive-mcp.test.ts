/**
 * MCP servers in the interactive UI: the first paint does not wait for them (one never answers),
 * /mcp shows each server's state and counts, and a server's prompt runs as a slash command.
 */
import { expect, setDefaultTimeout, test } from "bun:test";
import { text } from "../support/mock-llm.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { KitTerminal, workspace } from "./interactive-support.ts";
import { everythingStdio, hangs, mcpConfig } from "./mcp-support.ts";

setDefaultTimeout(60_000);
const mock = useMockLLM();

test("the UI paints before the servers start; /mcp shows them; /<server>:<prompt> runs the prompt", async () => {
  const w = workspace({ ".kit.yml": mcpConfig({ ev: { type: "local", command: everythingStdio() }, stuck: { type: "local", command: hangs() } }) });
  const t = new KitTerminal({ args: ["--provider-url", mock.url, "-m", "anthropic/claude-haiku-4-5"], cwd: w.cwd, env: w.env });
  // "stuck" never answers its handshake: a UI that waited for it would not paint within the wait.
  await t.ready();
  await t.type("/mcp");
  await t.waitFor("the MCP servers", (s) => /stuck +starting +0 tools/.test(s) && s.includes("MCP servers ("));
  // ev starts meanwhile: /mcp, asked again after each answer, comes to show it connected with its counts.
  for (let shown = 1; ; shown++) {
    const lines = await t.waitForLines(`/mcp's answer #${shown}`, (l) => l.filter((x) => x.includes("MCP servers (")).length >= shown);
    if (lines.some((l) => /ev +connected +\d+ tools, 4 prompts/.test(l))) break;
    if (shown > 200) throw new Error(`ev never connected:\n${lines.join("\n")}`);
    await t.type("/mcp");
  }
  const base = mock.requests.length;
  mock.push(text("It is sunny in Lyon."));
  await t.type("/ev:args-prompt Lyon");
  await t.waitFor("the answer", (s) => s.includes("It is sunny in Lyon."));
  const sent = JSON.stringify(mock.requests[base]!.body.messages);
  expect(sent).toContain("What's weather in Lyon?");
  expect(await t.quit()).toBe(0);
});
