// Floor for a run with MCP servers: a compiled program that starts the same stdio servers in
// parallel with the official SDK, does `initialize` and `tools/list` with each, and stops them the
// way kit does (stdin closed, SIGTERM after 200 ms). The servers' own start-up is most of it.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const servers: string[][] = JSON.parse(process.argv[2] ?? "[]");
await Promise.all(
  servers.map(async ([command, ...args]) => {
    const client = new Client({ name: "floor", version: "1" });
    const transport = new StdioClientTransport({ command: command!, args, stderr: "pipe" });
    await client.connect(transport);
    await client.listTools();
    const pid = transport.pid;
    const term = setTimeout(() => pid && process.kill(pid, "SIGTERM"), 200);
    await client.close();
    clearTimeout(term);
  }),
);
