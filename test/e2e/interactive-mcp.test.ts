/**
 * MCP servers in the interactive UI: the first paint does not wait for them (one never answers),
 * /mcp shows each server's state and counts, a failed one is named in the status bar, a server's prompt runs as a slash command, and autocomplete
 * offers prompts, their arguments (completion/complete) and resources.
 */
import { expect, setDefaultTimeout, test } from "bun:test";
import { text, toolCall } from "../support/mock-llm.ts";
import { useMockLLM } from "../support/use-mock-llm.ts";
import { KEY, KitTerminal, workspace } from "./interactive-support.ts";
import { everythingStdio, exitsAtOnce, fixtureServer, hangs, mcpConfig, startEverythingHttp } from "./mcp-support.ts";

setDefaultTimeout(60_000);
const mock = useMockLLM();

/** Asks /mcp again after each answer until it shows `server` connected (servers start in the background). */
async function connected(t: KitTerminal, server: string): Promise<void> {
  const pattern = new RegExp(`${server} +connected +\\d+ tools`);
  for (let shown = 0; ; shown++) {
    if (shown > 0) {
      const lines = await t.waitForLines(`/mcp's answer #${shown}`, (l) => l.filter((x) => x.includes("MCP servers (")).length >= shown);
      if (lines.some((l) => pattern.test(l))) return;
      if (shown > 200) throw new Error(`${server} never connected:\n${lines.join("\n")}`);
    }
    await t.type("/mcp");
  }
}

test("the UI paints before the servers start; /mcp shows them; /<server>:<prompt> runs the prompt", async () => {
  const w = workspace({
    ".kit.yml": mcpConfig({ ev: { type: "local", command: everythingStdio() }, stuck: { type: "local", command: hangs() }, broken: { type: "local", command: exitsAtOnce() } }),
  });
  const t = new KitTerminal({ args: ["--trust-project", "--provider-url", mock.url, "-m", "anthropic/claude-haiku-4-5"], cwd: w.cwd, env: w.env });
  // "stuck" never answers its handshake: a UI that waited for it would not paint within the wait.
  await t.ready();
  await t.type("/mcp");
  await t.waitFor("the MCP servers", (s) => /stuck +starting +0 tools/.test(s) && s.includes("MCP servers ("));
  await connected(t, "ev");
  // The server that failed is reported once and stays named in the status bar.
  await t.waitFor("the failed server in the status bar", (s) => s.includes("MCP failed: broken"));
  expect((await t.lines()).filter((l) => l.startsWith("✗ MCP server broken could not start"))).toHaveLength(1);
  const base = mock.requests.length;
  mock.push(text("It is sunny in Lyon."));
  await t.type("/ev:args-prompt Lyon");
  await t.waitFor("the answer", (s) => s.includes("It is sunny in Lyon."));
  const sent = JSON.stringify(mock.requests[base]!.body.messages);
  expect(sent).toContain("What's weather in Lyon?");
  expect(await t.quit()).toBe(0);
});

test("autocomplete offers MCP prompts after /, their arguments from the server, and resources after @", async () => {
  const w = workspace({ ".kit.yml": mcpConfig({ ev: { type: "local", command: everythingStdio() } }) });
  const t = new KitTerminal({ args: ["--trust-project", "--provider-url", mock.url, "-m", "anthropic/claude-haiku-4-5"], cwd: w.cwd, env: w.env });
  await t.ready();
  await connected(t, "ev");
  t.keys("/ev:comp");
  await t.waitFor("the MCP prompt among the commands", (s) => s.includes("/ev:completable-prompt"));
  t.keys(KEY.tab);
  t.keys("Eng");
  await t.waitFor("the server's completion of the first argument", (s) => s.includes("Engineering"));
  t.keys(KEY.tab);
  t.keys(" B");
  await t.waitFor("the second argument, narrowed by the first", (s) => s.includes("Engineering Bob"));
  t.keys(KEY.ctrlC);
  await t.waitForEditor("the cleared input", (row) => row.startsWith("› Ask anything"));
  t.keys("read @mcp:ev:demo://resource/static/document/arch");
  await t.waitFor("the resource suggestion", (s) => s.includes("mcp:ev:demo://resource/static/document/architecture.md"));
  t.keys(KEY.ctrlC);
  expect(await t.quit()).toBe(0);
});

test("after @, a resource template is offered and its parameter completed by the server; the filled reference attaches", async () => {
  const w = workspace({ ".kit.yml": mcpConfig({ ev: { type: "local", command: everythingStdio() } }) });
  const t = new KitTerminal({ args: ["--trust-project", "--provider-url", mock.url, "-m", "anthropic/claude-haiku-4-5"], cwd: w.cwd, env: w.env });
  await t.ready();
  await connected(t, "ev");
  t.keys("read @mcp:ev:demo://resource/dynamic/te");
  await t.waitFor("the template suggestion", (s) => s.includes("mcp:ev:demo://resource/dynamic/text/{resourceId}"));
  t.keys(KEY.tab);
  await t.waitForEditor("the template inserted up to its parameter", (row) => row.includes("read @mcp:ev:demo://resource/dynamic/text/") && !row.includes("{"));
  t.keys("42");
  // server-everything's completion/complete answers a positive integer with itself.
  await t.waitFor("the server's completion of the parameter", (s) => s.includes("mcp:ev:demo://resource/dynamic/text/42") && !s.includes("{resourceId}"));
  t.keys(KEY.tab);
  const base = mock.requests.length;
  mock.push(text("Read it."));
  t.keys(KEY.enter);
  await t.waitFor("the answer", (s) => s.includes("Read it."));
  expect(JSON.stringify(mock.requests[base]!.body.messages)).toContain('<resource uri=\\"demo://resource/dynamic/text/42\\">');
  expect(await t.quit()).toBe(0);
});

test("a server's elicitation is asked in the UI and the answer goes back to the server", async () => {
  const w = workspace({ ".kit.yml": mcpConfig({ fx: { type: "local", command: fixtureServer() } }) });
  const t = new KitTerminal({ args: ["--trust-project", "--provider-url", mock.url, "-m", "anthropic/claude-haiku-4-5"], cwd: w.cwd, env: w.env });
  await t.ready();
  await connected(t, "fx");
  const base = mock.requests.length;
  mock.push(toolCall("fx__ask", {}), text("Greeted."));
  await t.type("greet me");
  await t.waitFor("the server's question", (s) => s.includes("MCP server fx: Who are you?"));
  await t.type("Ada");
  await t.waitFor("the answer after the tool", (s) => s.includes("Greeted."));
  const results = (mock.requests[base + 1]!.body.messages as any[]).at(-1).content.filter((b: any) => b.type === "tool_result");
  expect(JSON.stringify(results)).toContain("hello Ada");
  expect(await t.quit()).toBe(0);
});

test("a remote server that went away and came back on the same address is reconnected on the next tool call", async () => {
  let server = await startEverythingHttp();
  try {
    const w = workspace({ ".kit.yml": mcpConfig({ web: { type: "remote", url: server.url } }) });
    const t = new KitTerminal({ args: ["--trust-project", "--provider-url", mock.url, "-m", "anthropic/claude-haiku-4-5"], cwd: w.cwd, env: w.env });
    await t.ready();
    await connected(t, "web");
    const base = mock.requests.length;
    mock.push(toolCall("web__echo", { message: "first" }), text("Echoed once."));
    await t.type("echo first");
    await t.waitFor("the first answer", (s) => s.includes("Echoed once."));
    expect(JSON.stringify(mock.requests[base + 1]!.body.messages)).toContain("Echo: first");
    await server.stop();
    server = await startEverythingHttp(server.port);
    mock.push(toolCall("web__echo", { message: "second" }), text("Echoed twice."));
    await t.type("echo second");
    await t.waitFor("the second answer", (s) => s.includes("Echoed twice."));
    const results = mock.requests[base + 3]!.body.messages.at(-1).content;
    expect(results).toEqual([expect.objectContaining({ type: "tool_result", content: "Echo: second" })]);
    expect(results[0].is_error).toBeUndefined();
    expect(await t.lines()).not.toContainEqual(expect.stringContaining("MCP server web"));
    expect(await t.quit()).toBe(0);
  } finally {
    await server.stop();
  }
});
