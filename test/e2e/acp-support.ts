/**
 * `kit acp` driven as an editor drives it: the built binary as a child process, the protocol
 * library's client-side connection over its stdin/stdout, against the scripted provider. Every byte
 * kit writes to stdout is kept too, so a test can check that nothing but JSON-RPC went there.
 */
import { client, ndJsonStream, RequestError, type ClientCapabilities, type ClientConnection, type RequestPermissionRequest, type RequestPermissionResponse, type SessionNotification, type SessionUpdate } from "@agentclientprotocol/sdk";
import { KIT_BIN } from "../support/kit-process.ts";
import type { MockLLM } from "../support/mock-llm.ts";
import { waitUntil } from "../support/process-facts.ts";
import { LiveOutput } from "./headless-support.ts";

export const MODEL = "anthropic/claude-haiku-4-5";

export interface AcpOptions {
  cwd: string;
  env: Record<string, string>;
  mock: MockLLM;
  /** More flags of `kit acp`. */
  args?: string[];
  /** How the editor's user answers a permission question (default: rejects it). */
  answer?: (request: RequestPermissionRequest) => RequestPermissionResponse;
  /**
   * The editor's open buffers by absolute path: with them it offers fs/read_text_file (a path not
   * open is "not found") and fs/write_text_file (which writes into the buffer, not the disk).
   */
  buffers?: Map<string, string>;
  /** The editor offers terminals: each command really runs (bash -c), as an editor's terminal runs it. */
  terminals?: boolean;
}

/** A terminal of the test editor. */
interface EditorTerminal {
  proc: Bun.Subprocess<"ignore", "pipe", "pipe">;
  output: string;
  done: Promise<void>;
}

export interface AcpKit {
  /** The client-side connection: `agent.request("session/new", …)` and the like. */
  connection: ClientConnection;
  /** Every session/update notification kit sent, in order. */
  notifications: SessionNotification[];
  /** The permission questions kit asked. */
  questions: RequestPermissionRequest[];
  /** The commands kit ran in the editor's terminals. */
  terminalCommands: string[];
  /** What the editor offered in initialize. */
  capabilities: ClientCapabilities;
  /** What kit wrote to stdout, byte for byte. */
  stdout: LiveOutput;
  stderr: LiveOutput;
  proc: Bun.Subprocess<"pipe", "pipe", "pipe">;
  /** Writes raw bytes to kit's stdin, past the client (a malformed message). */
  writeRaw(text: string): void;
  /** The updates of one session, optionally of one kind. */
  updates(sessionId: string, kind?: SessionUpdate["sessionUpdate"]): SessionUpdate[];
  /** Waits until an update of the session satisfies `predicate`. */
  waitForUpdate(what: string, sessionId: string, predicate: (u: SessionUpdate) => boolean): Promise<void>;
  /** Closes stdin, as an editor does when it is done, and waits for kit to exit; its exit code. */
  close(): Promise<number>;
}

const exitStatusOf = (term: EditorTerminal) => ({ exitCode: term.proc.exitCode, signal: term.proc.signalCode === null ? null : String(term.proc.signalCode) });

export function startAcp(o: AcpOptions): AcpKit {
  const proc = Bun.spawn([KIT_BIN, "acp", "--provider-url", o.mock.url, "--model", MODEL, ...(o.args ?? [])], {
    cwd: o.cwd,
    env: o.env,
    stdin: "pipe",
    stdout: "pipe",
    stderr: "pipe",
  });
  const [forClient, forTest] = proc.stdout.tee();
  const stdout = new LiveOutput(forTest);
  const stderr = new LiveOutput(proc.stderr);
  const toKit = new WritableStream<Uint8Array>({
    write(chunk) {
      proc.stdin.write(chunk);
      proc.stdin.flush();
    },
    close() {
      proc.stdin.end();
    },
  });
  const notifications: SessionNotification[] = [];
  const questions: RequestPermissionRequest[] = [];
  const answer = o.answer ?? (() => ({ outcome: { outcome: "selected", optionId: "reject" } }));
  const buffers = o.buffers;
  const terminals = new Map<string, EditorTerminal>();
  const terminalCommands: string[] = [];
  const terminal = (id: string): EditorTerminal => {
    const found = terminals.get(id);
    if (!found) throw RequestError.resourceNotFound(id);
    return found;
  };
  const capabilities: ClientCapabilities = { fs: { readTextFile: buffers !== undefined, writeTextFile: buffers !== undefined }, terminal: o.terminals === true };
  const connection = client({ name: "test editor" })
    .onNotification("session/update", ({ params }) => {
      notifications.push(params);
    })
    .onRequest("session/request_permission", ({ params }) => {
      questions.push(params);
      return answer(params);
    })
    .onRequest("fs/read_text_file", ({ params }) => {
      const content = buffers?.get(params.path);
      if (content === undefined) throw RequestError.resourceNotFound(params.path);
      return { content };
    })
    .onRequest("fs/write_text_file", ({ params }) => {
      buffers?.set(params.path, params.content);
    })
    .onRequest("terminal/create", ({ params }) => {
      const id = `term-${terminals.size + 1}`;
      terminalCommands.push([params.command, ...(params.args ?? [])].join(" "));
      const proc = Bun.spawn([params.command, ...(params.args ?? [])], { cwd: params.cwd ?? o.cwd, stdin: "ignore", stdout: "pipe", stderr: "pipe" });
      const term: EditorTerminal = { proc, output: "", done: Promise.resolve() };
      const collect = async (stream: ReadableStream<Uint8Array>) => {
        const decoder = new TextDecoder();
        for await (const chunk of stream) term.output += decoder.decode(chunk, { stream: true });
      };
      term.done = Promise.all([collect(proc.stdout), collect(proc.stderr), proc.exited]).then(() => {});
      terminals.set(id, term);
      return { terminalId: id };
    })
    .onRequest("terminal/output", ({ params }) => {
      const term = terminal(params.terminalId);
      const exited = term.proc.exitCode !== null || term.proc.signalCode !== null;
      return { output: term.output, truncated: false, ...(exited ? { exitStatus: exitStatusOf(term) } : {}) };
    })
    .onRequest("terminal/wait_for_exit", async ({ params }) => {
      const term = terminal(params.terminalId);
      await term.done;
      return exitStatusOf(term);
    })
    .onRequest("terminal/kill", ({ params }) => {
      terminal(params.terminalId).proc.kill();
    })
    .onRequest("terminal/release", ({ params }) => {
      terminal(params.terminalId).proc.kill();
      terminals.delete(params.terminalId);
    })
    .connect(ndJsonStream(toKit, forClient));
  const updates = (sessionId: string, kind?: SessionUpdate["sessionUpdate"]) =>
    notifications.filter((n) => n.sessionId === sessionId && (!kind || n.update.sessionUpdate === kind)).map((n) => n.update);
  return {
    connection,
    notifications,
    questions,
    terminalCommands,
    capabilities,
    stdout,
    stderr,
    proc,
    writeRaw(text) {
      proc.stdin.write(text);
      proc.stdin.flush();
    },
    updates,
    waitForUpdate: (what, sessionId, predicate) => waitUntil(what, () => updates(sessionId).some(predicate), 15_000),
    async close() {
      connection.close();
      proc.stdin.end();
      return proc.exited;
    },
  };
}

/** Initializes the connection, offering what the editor has (its buffers, terminals). */
export async function initialize(kit: AcpKit) {
  return kit.connection.agent.request("initialize", { protocolVersion: 1, clientCapabilities: kit.capabilities });
}

/** The text of the agent's message chunks of a session, joined. */
export function agentText(kit: AcpKit, sessionId: string): string {
  return kit
    .updates(sessionId, "agent_message_chunk")
    .map((u) => (u.sessionUpdate === "agent_message_chunk" && u.content.type === "text" ? u.content.text : ""))
    .join("");
}

/** Every line kit wrote to stdout, each parsed: fails on anything that is not a JSON-RPC 2.0 message. */
export function stdoutMessages(kit: AcpKit): Record<string, unknown>[] {
  return kit.stdout.text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => {
      const message = JSON.parse(line) as Record<string, unknown>;
      if (message.jsonrpc !== "2.0") throw new Error(`not a JSON-RPC message on stdout: ${line}`);
      return message;
    });
}
