/**
 * Real MCP servers for the end-to-end tests: the protocol's reference server (`server-everything`,
 * a dev dependency) over stdio or streamable HTTP on 127.0.0.1, and small misbehaving servers
 * (one that exits at once, one that never answers, one that crashes during a call).
 */
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { tempDir } from "../support/temp-dir.ts";

const require = createRequire(import.meta.url);

/** server-everything's entry point, run with node as its users do. */
export const EVERYTHING = join(dirname(require.resolve("@modelcontextprotocol/server-everything/package.json")), "dist", "index.js");

export const everythingStdio = (): string[] => ["node", EVERYTHING, "stdio"];

/** A stdio server that prints an error and exits before answering (a missing key, a bad install). */
export const exitsAtOnce = (): string[] => [process.execPath, "-e", "console.error('fatal: EXAMPLE_TOKEN is not set'); process.exit(1)"];

/** A stdio server that starts and never answers the handshake. */
export const hangs = (): string[] => [process.execPath, "-e", "process.stdin.resume(); setInterval(() => {}, 1000)"];

/**
 * A stdio server (the SDK's own McpServer): `crash` kills the process in the middle of the call, `ok`
 * answers, `unlock` adds a tool `secret` (the SDK then sends notifications/tools/list_changed), and
 * `wait` reports progress once, then waits until the client cancels it, which it records in the file
 * named by $CANCEL_LOG, and `ask` asks the user's name (elicitation) and greets them.
 */
export function fixtureServer(): string[] {
  const dir = tempDir("kit-mcp-crashy-");
  const file = join(dir, "crashy.mjs");
  // The ESM build: node loads it faster than the CommonJS one require.resolve names.
  const sdk = (path: string) => JSON.stringify(require.resolve(`@modelcontextprotocol/sdk/${path}`).replace("/dist/cjs/", "/dist/esm/"));
  writeFileSync(
    file,
    `import { McpServer } from ${sdk("server/mcp.js")};
import { StdioServerTransport } from ${sdk("server/stdio.js")};
const server = new McpServer({ name: "crashy", version: "1.0.0" });
server.registerTool("crash", { description: "Crashes the server" }, async () => {
  console.error("segfault in native module (simulated)");
  process.exit(3);
});
server.registerTool("ok", { description: "Answers" }, async () => ({ content: [{ type: "text", text: "still alive" }] }));
server.registerTool("unlock", { description: "Adds the secret tool" }, async () => {
  server.registerTool("secret", { description: "Tells the secret" }, async () => ({ content: [{ type: "text", text: "the secret is 42" }] }));
  return { content: [{ type: "text", text: "unlocked" }] };
});
server.registerTool("wait", { description: "Waits until cancelled" }, async (extra) => {
  await extra.sendNotification({ method: "notifications/progress", params: { progressToken: extra._meta.progressToken, progress: 1, message: "waiting" } });
  await new Promise((resolve) => extra.signal.addEventListener("abort", resolve));
  (await import("node:fs")).writeFileSync(process.env.CANCEL_LOG, "cancelled: " + extra.signal.reason);
  return { content: [{ type: "text", text: "too late" }] };
});
server.registerTool("ask", { description: "Asks the user's name" }, async () => {
  const answer = await server.server.elicitInput({ message: "Who are you?", requestedSchema: { type: "object", properties: { name: { type: "string", title: "Name" } }, required: ["name"] } });
  return { content: [{ type: "text", text: answer.action === "accept" ? "hello " + answer.content.name : answer.action }] };
});
await server.connect(new StdioServerTransport());
`,
  );
  return ["node", file];
}

/** server-everything over streamable HTTP on `port` (a free 127.0.0.1 port by default); `url` is its /mcp endpoint. */
export async function startEverythingHttp(port = freePort()): Promise<{ url: string; port: number; stop(): Promise<void> }> {
  const proc = Bun.spawn(["node", EVERYTHING, "streamableHttp"], { env: { ...process.env, PORT: String(port) }, stdout: "ignore", stderr: "pipe" });
  let log = "";
  const decoder = new TextDecoder();
  const reader = proc.stderr.getReader();
  const deadline = Date.now() + 20_000;
  while (!log.includes(`listening on port ${port}`)) {
    if (Date.now() > deadline) throw new Error(`server-everything did not listen on ${port}:\n${log}`);
    const { value, done } = await reader.read();
    if (done) throw new Error(`server-everything exited:\n${log}`);
    log += decoder.decode(value, { stream: true });
  }
  // Keep reading its log so a full pipe never stalls the server.
  void (async () => {
    while (!(await reader.read()).done);
  })();
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    port,
    async stop() {
      proc.kill();
      await proc.exited;
    },
  };
}

function freePort(): number {
  const probe = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = probe.port;
  probe.stop(true);
  return port;
}

/** A `.kit.yml` holding these servers, as YAML a user writes (`type: local` with argv, or `type: remote`). */
export function mcpConfig(servers: Record<string, Record<string, unknown>>, extra = ""): string {
  return `${extra}mcpServers: ${JSON.stringify(servers)}\n`;
}
