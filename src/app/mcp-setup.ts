import { version } from "../../package.json";
import type { Config } from "../config/config.ts";
import { AuthError } from "../errors.ts";
import type { CompleteRequest, CompleteResponse } from "../extensions/contract.ts";
import type { ElicitAnswer, ElicitQuestion } from "../mcp/client-requests.ts";
import type { McpServerConfig } from "../mcp/config.ts";
import { McpHub, STARTUP_TIMEOUT_SECONDS } from "../mcp/hub.ts";

export interface McpSetup {
  servers: McpServerConfig[];
  cwd: string;
  dataDir: string;
  /** Interactive runs may start a remote server's OAuth login; headless ones stop with exit 3 instead. */
  interactive: boolean;
  /** Shows the URL of a login to open in a browser. */
  info(message: string): void;
  env: NodeJS.ProcessEnv;
  report(message: string): void;
  /** sampling/createMessage answered through the current model (ctx.complete's call). */
  complete(req: CompleteRequest): Promise<CompleteResponse>;
  /** elicitation/create answered by the user (interactive); absent: declined. */
  elicit?(question: ElicitQuestion): Promise<ElicitAnswer>;
}

/** The run's MCP hub, or undefined when no server is configured (then the SDK is never loaded). */
export function createMcpHub(s: McpSetup): McpHub | undefined {
  if (s.servers.length === 0) return undefined;
  return new McpHub(s.servers, {
    cwd: s.cwd,
    env: s.env,
    version,
    dataDir: s.dataDir,
    canLogIn: s.interactive,
    showLoginUrl: (server, url) => s.info(`MCP server ${server} needs a login: open ${url}`),
    report: s.report,
    requests: {
      sample: async ({ system, messages, maxTokens, signal }) => {
        const last = messages[messages.length - 1];
        const earlier = messages.slice(0, -1);
        const answer = await s.complete({ prompt: last?.content ?? "", messages: earlier, maxTokens, signal, ...(system ? { system } : {}) });
        return { text: answer.text, model: answer.model };
      },
      ...(s.elicit ? { elicit: s.elicit } : {}),
    },
  });
}

/**
 * A headless run waits for its servers (config `mcp-startup-timeout`, default 10 s), then goes on
 * without the late ones and says so: their tools would otherwise be missing without a word.
 */
export async function awaitMcpStartup(hub: McpHub, config: Config, report: (message: string) => void): Promise<void> {
  const seconds = config.number("mcp-startup-timeout") ?? STARTUP_TIMEOUT_SECONDS;
  const late = await hub.waitForStartup(seconds);
  for (const name of late) {
    report(`MCP server ${name} did not start within ${seconds} s; running without it (raise mcp-startup-timeout if it needs longer)`);
  }
  // A server the user has to log in to is not one to silently run without: say which command does it.
  const login = hub.loginsNeeded()[0];
  if (login) throw new AuthError(login);
}
