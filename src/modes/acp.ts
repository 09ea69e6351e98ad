import { ndJsonStream } from "@agentclientprotocol/sdk";
import { Readable } from "node:stream";
import type { FlagValues } from "../config/coerce.ts";
import { EXIT } from "../errors.ts";
import { kitAgent } from "./acp/agent.ts";
import type { AcpSession } from "./acp/session.ts";

export interface AcpRun {
  /** kit's global flags of the command line, for every session's config. */
  flags: FlagValues;
  extensionPaths: string[];
  /** --allow rules of the command line. */
  allowRules: string[];
  /** --trust-project: the project's extensions, MCP servers and code-running config load without `kit trust`. */
  trustProject: boolean;
  env: NodeJS.ProcessEnv;
  version: string;
}

/**
 * `kit acp`: the Agent Client Protocol on stdin/stdout until the editor closes stdin. stdout carries
 * JSON-RPC only: anything else written there would break the editor's reader, so whatever other code
 * in the process writes to stdout goes to stderr, the log.
 */
export async function runAcp(run: AcpRun): Promise<number> {
  const log = (line: string) => process.stderr.write(`kit: ${line}\n`);
  const protocol = Bun.stdout.writer();
  // Everything else bound for stdout (an extension's process.stdout.write, a library's console.log) goes to the log.
  process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
  console.log = console.info = console.debug = console.error;
  const sessions = new Map<string, AcpSession>();
  const output = new WritableStream<Uint8Array>({
    async write(chunk) {
      protocol.write(chunk);
      await protocol.flush();
    },
  });
  const input = Readable.toWeb(process.stdin) as ReadableStream<Uint8Array>;
  const connection = kitAgent({ ...run, log }, sessions).connect(ndJsonStream(output, input));
  await connection.closed;
  await Promise.all([...sessions.values()].map((s) => s.close()));
  return EXIT.ok;
}
