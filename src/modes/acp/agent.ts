import { agent, PROTOCOL_VERSION, RequestError, type AgentApp, type ClientCapabilities, type InitializeResponse, type SessionInfo } from "@agentclientprotocol/sdk";
import { isAbsolute } from "node:path";
import { sessionPathById } from "../../app/session-setup.ts";
import { kitPaths } from "../../config/paths.ts";
import { KitError } from "../../errors.ts";
import { listAllSessions, listSessions } from "../../session/listing.ts";
import { AcpSession, type SessionContext } from "./session.ts";

export interface AgentOptions extends Omit<SessionContext, "client" | "capabilities"> {
  version: string;
}

/**
 * kit's side of the protocol: initialize, sessions (new, load, list), prompts, cancel and the model
 * option. Sessions live as long as the connection; `sessions` holds them so the caller can close
 * them when the editor goes away.
 */
export function kitAgent(o: AgentOptions, sessions: Map<string, AcpSession>): AgentApp {
  const dataDir = kitPaths(o.env).dataDir;
  // What the editor offers, as its initialize said; the protocol has it sent before any session.
  let capabilities: ClientCapabilities = {};
  const session = (id: string): AcpSession => {
    const found = sessions.get(id);
    if (!found) throw RequestError.sessionNotFound(id);
    return found;
  };
  const absolute = (cwd: string): string => {
    if (!isAbsolute(cwd)) throw RequestError.invalidParams({ cwd }, `cwd must be an absolute path, not "${cwd}"`);
    return cwd;
  };

  return agent({ name: "kit" })
    .onRequest("initialize", ({ params }): InitializeResponse => {
      capabilities = params.clientCapabilities ?? {};
      return {
        protocolVersion: PROTOCOL_VERSION,
        agentInfo: { name: "kit", title: "kit", version: o.version },
        agentCapabilities: {
          loadSession: true,
          promptCapabilities: { image: true, embeddedContext: true },
          mcpCapabilities: { http: true, sse: true },
          sessionCapabilities: { list: {} },
        },
        authMethods: [],
      };
    })
    .onRequest("session/new", async ({ params, client }) => {
      const opened = await AcpSession.open({ ...o, client, capabilities }, { cwd: absolute(params.cwd), mcpServers: params.mcpServers });
      sessions.set(opened.id, opened);
      // After the answer: an editor knows the session only once it has its id.
      setImmediate(() => opened.advertiseCommands());
      return { sessionId: opened.id, modes: opened.modes(), configOptions: opened.configOptions() };
    })
    .onRequest("session/load", async ({ params, client }) => {
      const cwd = absolute(params.cwd);
      let file: string | undefined;
      try {
        file = sessionPathById(dataDir, cwd, params.sessionId, "session/load");
      } catch (e) {
        if (e instanceof KitError) throw RequestError.invalidParams({ sessionId: params.sessionId }, e.message);
        throw e;
      }
      if (!file) throw RequestError.invalidParams({ sessionId: params.sessionId }, `no stored session has the id ${params.sessionId} (session/list shows this directory's sessions)`);
      // Loaded again: the open one is closed first, so one app writes the file.
      await sessions.get(params.sessionId)?.close();
      const opened = await AcpSession.open({ ...o, client, capabilities }, { cwd, mcpServers: params.mcpServers, file });
      sessions.set(opened.id, opened);
      opened.replayHistory();
      opened.advertiseCommands();
      return { modes: opened.modes(), configOptions: opened.configOptions() };
    })
    .onRequest("session/list", ({ params }) => {
      const found = params.cwd ? listSessions(dataDir, params.cwd) : listAllSessions(dataDir);
      const listed: SessionInfo[] = found
        .filter((s) => !s.subagentTask)
        .map((s) => ({ sessionId: s.id, cwd: s.cwd, title: s.title || null, updatedAt: s.lastActivity }));
      return { sessions: listed };
    })
    .onRequest("session/prompt", async ({ params }) => ({ stopReason: await session(params.sessionId).prompt(params.prompt) }))
    .onNotification("session/cancel", ({ params }) => {
      sessions.get(params.sessionId)?.cancel();
    })
    .onRequest("session/set_mode", ({ params }) => {
      session(params.sessionId).setMode(params.modeId);
    })
    .onRequest("session/set_config_option", ({ params }) => ({
      configOptions: session(params.sessionId).setConfigOption(params.configId, params.value),
    }));
}
