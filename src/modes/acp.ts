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
  env: NodeJS.ProcessEnv;
  version: string;
}

/**
 * `kit acp`: the Agent Client Protocol on stdin/stdout until the editor closes stdin. stdout carries
 * JSON-RPC only: anything else written there would break the editor's reader, so console output of
 * any code in the process goes to stderr, the log.
 */
export async function runAcp(run: AcpRun): Promise<number> {
  const log = (line: string) => process.stderr.write(`kit: ${line}\n`);
  console.log = console.info = console.debug = console.error;
  const sessions = new Map<string, AcpSession>();
  const output = new WritableStream<Uint8Array>({
    write: (chunk) => new Promise<void>((resolve, reject) => process.stdout.write(chunk, (e) => (e ? reject(e) : resolve()))),
  });
  const input = Readable.toWeb(process.stdin) as ReadableStream<Uint8Array>;
  const connection = kitAgent({ ...run, log }, sessions).connect(ndJsonStream(output, input));
  await connection.closed;
  await Promise.all([...sessions.values()].map((s) => s.close()));
  return EXIT.ok;
}
