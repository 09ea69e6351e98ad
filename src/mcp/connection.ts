import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { CallToolResult, Prompt, Resource, ResourceTemplate, Tool as McpTool } from "@modelcontextprotocol/sdk/types.js";
import { describeTransport, type McpServerConfig } from "./config.ts";
import type { ClientRequests } from "./client-requests.ts";
import { LoginNeeded, StoredOAuthProvider } from "./oauth.ts";

export type ServerState = "starting" | "connected" | "failed";

export interface ServerStatus {
  name: string;
  state: ServerState;
  transport: string;
  tools: number;
  prompts: number;
  resources: number;
  /** Why it failed (its stderr tail included); undefined while it works. */
  error?: string;
}

export interface ConnectionDeps {
  cwd: string;
  env: NodeJS.ProcessEnv;
  version: string;
  /** Where OAuth logins of remote servers are kept (mcp-auth/). */
  dataDir: string;
  /** Whether a remote server's OAuth login may be started (a browser URL shown, a callback awaited). */
  canLogIn: boolean;
  /** Shows the URL a login is completed at. */
  showLoginUrl(server: string, url: string): void;
  /** Reports a failure once per failure (start, crash), with the server's name. */
  report(message: string): void;
  /** The server's tool list changed (tools/list_changed, a restart): the hub rebuilds its tools. */
  toolsChanged(): void;
  requests: ClientRequests;
}

/**
 * A streamable HTTP server answered that it does not know the session (404 per the spec; 400 "No valid
 * session ID" from the SDK's servers): it restarted since kit connected.
 */
function sessionLost(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return err instanceof Error && (code === 404 || (code === 400 && /session/i.test(err.message)));
}

/** How long a stdio server gets to exit after its stdin is closed before it is sent SIGTERM. */
const STDIO_EXIT_GRACE_MS = 200;

function killQuietly(pid: number): void {
  try {
    process.kill(pid, "SIGTERM");
  } catch {
    // It exited meanwhile.
  }
}

/** The longest a failure report waits for the end of a dead server's stderr. */
const STDERR_WAIT_MS = 500;

/** Lines of a stdio server's stderr kept to explain a failure. */
const STDERR_TAIL_LINES = 10;

/**
 * One MCP server: started on demand through the official SDK (loaded only here, only when a server is
 * configured), its tools, prompts and resources listed once connected. A stdio server that exits is
 * marked failed, reported once, and started again on its next use; a remote one reconnects the same way.
 */
export class McpConnection {
  state: ServerState = "starting";
  error: string | undefined;
  /** The last start failed because the server needs an OAuth login this run may not start. */
  loginNeeded = false;
  tools: McpTool[] = [];
  prompts: Prompt[] = [];
  resources: Resource[] = [];
  resourceTemplates: ResourceTemplate[] = [];
  /** The server answers completion/complete (prompt argument and resource template parameter suggestions). */
  completions = false;
  private client: Client | undefined;
  /** Kept apart from the client, which exists only once connected: a server hanging in its handshake is still closed (killed). */
  private transport: Transport | undefined;
  private starting: Promise<void> | undefined;
  private stderrTail: string[] = [];
  /** Resolves when a stdio server's stderr has ended (it exited): its last words explain the failure. */
  private stderrEnded: Promise<void> = Promise.resolve();
  private closing = false;
  private oauth: StoredOAuthProvider | undefined;
  /** A tools/list after tools/list_changed; a call that caused the change waits for it, so the next step sees the new tools. */
  private refreshingTools: Promise<void> | undefined;

  constructor(
    readonly config: McpServerConfig,
    private readonly deps: ConnectionDeps,
  ) {}

  get name(): string {
    return this.config.name;
  }

  status(): ServerStatus {
    return {
      name: this.name,
      state: this.state,
      transport: describeTransport(this.config),
      tools: this.tools.length,
      prompts: this.prompts.length,
      resources: this.resources.length,
      ...(this.error ? { error: this.error } : {}),
    };
  }

  /** Connects (once at a time); never throws: a failure is the state `failed` with its reason, reported once. */
  start(): Promise<void> {
    this.starting ??= this.connect().finally(() => (this.starting = undefined));
    return this.starting;
  }

  /** The connected client, starting the server again when it failed or exited; throws with the reason when it cannot. */
  async ready(): Promise<Client> {
    if (this.state !== "connected") await this.start();
    if (this.state !== "connected" || !this.client) throw new Error(`MCP server ${this.name} is not available: ${this.error ?? "it is still starting"}`);
    return this.client;
  }

  async callTool(tool: string, args: Record<string, unknown>, signal: AbortSignal, onProgress: (text: string) => void): Promise<CallToolResult> {
    let client = await this.ready();
    try {
      const call = () => client.callTool({ name: tool, arguments: args }, undefined, {
        signal,
        onprogress: (p) => onProgress(`progress ${p.progress}${p.total !== undefined ? `/${p.total}` : ""}${p.message ? `: ${p.message}` : ""}`),
        resetTimeoutOnProgress: true,
        ...(this.config.timeout ? { timeout: this.config.timeout * 1000 } : {}),
      });
      const result = (await call().catch(async (err) => {
        // A remote server that restarted has forgotten kit's session: the call never ran, so connect again and make it.
        if (!sessionLost(err)) throw err;
        client = await this.reconnect();
        return call();
      })) as CallToolResult;
      // The server announces a change before it answers (one ordered stream): the new list is in before the result.
      await this.refreshingTools;
      return result;
    } catch (err) {
      if (signal.aborted) throw err;
      // The server went away during the call: say so with what it printed, so the model and the user know why.
      if (this.state === "failed") {
        await this.lastWords();
        throw new Error(this.error ?? `MCP server ${this.name} exited`);
      }
      throw new Error(`MCP server ${this.name}: ${(err as Error).message}`);
    }
  }

  /** Drops a client whose session the server no longer knows and connects afresh. */
  private async reconnect(): Promise<Client> {
    const stale = this.client;
    // Unset first: closing the stale client is then not taken for the server going away.
    this.client = undefined;
    this.state = "starting";
    await stale?.close().catch(() => {});
    return this.ready();
  }

  /** A browser login is under way (the URL was shown): startup waits for it rather than time out. */
  get loggingIn(): boolean {
    return this.oauth?.pendingCode !== undefined;
  }

  async close(): Promise<void> {
    this.closing = true;
    this.oauth?.close();
    const client = this.client;
    const transport = this.transport;
    this.client = undefined;
    this.transport = undefined;
    // Closing stdin asks a stdio server to exit; many keep running, and the SDK would wait 2 s for
    // each before SIGTERM: a run's end must not wait that long, so SIGTERM follows shortly.
    const pid = (transport as { pid?: number | null } | undefined)?.pid;
    const term = pid ? setTimeout(() => killQuietly(pid), STDIO_EXIT_GRACE_MS) : undefined;
    await Promise.all([client?.close().catch(() => {}), transport?.close().catch(() => {})]);
    clearTimeout(term);
  }

  private async connect(): Promise<void> {
    this.state = "starting";
    this.error = undefined;
    this.loginNeeded = false;
    this.stderrTail = [];
    this.closing = false;
    try {
      let client = await this.newClient();
      try {
        await this.connectTransport(client);
      } catch (err) {
        // A remote server asked for an OAuth login: once the browser has come back, connect again.
        if (!(await this.completeLogin())) throw err;
        client = await this.newClient();
        await this.connectTransport(client);
      }
      client.onclose = () => this.lost(client);
      this.client = client;
      const caps = client.getServerCapabilities() ?? {};
      this.completions = caps.completions !== undefined;
      await Promise.all([
        caps.tools ? this.listTools(client) : undefined,
        caps.prompts ? client.listPrompts().then((r) => (this.prompts = r.prompts)) : undefined,
        caps.resources ? client.listResources().then((r) => (this.resources = r.resources)) : undefined,
        caps.resources ? client.listResourceTemplates().then((r) => (this.resourceTemplates = r.resourceTemplates)) : undefined,
      ]);
      this.state = "connected";
      this.deps.toolsChanged();
    } catch (err) {
      // Closed by kit (shutdown) while it was starting: nothing to report.
      if (this.closing) return;
      this.loginNeeded = err instanceof LoginNeeded;
      await this.lastWords();
      // A login a headless run may not start stops the run (exit 3) with this message: reported there, not twice.
      if (this.loginNeeded) this.fail((err as Error).message, false);
      else this.fail(`could not start: ${(err as Error).message.replace("MCP error -32000: Connection closed", "it exited before answering")}`);
      await this.close();
      this.closing = false;
    }
  }

  private async newClient(): Promise<Client> {
    const { Client } = await import("@modelcontextprotocol/sdk/client/index.js");
    const client = new Client({ name: "kit", version: this.deps.version }, { capabilities: { roots: { listChanged: false }, sampling: {}, elicitation: {} } });
    const { clientHandlers } = await import("./client-requests.ts");
    clientHandlers(client, this.name, this.deps.cwd, this.deps.requests);
    const { ToolListChangedNotificationSchema } = await import("@modelcontextprotocol/sdk/types.js");
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      this.refreshingTools = this.listTools(client)
        .catch(() => {})
        .then(() => this.deps.toolsChanged());
    });
    return client;
  }

  /** Finishes a login the SDK started (exchanges the callback's code for tokens); false when none was started. */
  private async completeLogin(): Promise<boolean> {
    const pending = this.oauth?.pendingCode;
    const transport = this.transport as { finishAuth?(code: string): Promise<void> } | undefined;
    if (!pending || !transport?.finishAuth) return false;
    try {
      await transport.finishAuth(await pending);
    } finally {
      this.oauth!.pendingCode = undefined;
    }
    await this.transport?.close().catch(() => {});
    return true;
  }

  private async listTools(client: Client): Promise<void> {
    const tools: McpTool[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : undefined);
      tools.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor);
    this.tools = tools;
  }

  private async connectTransport(client: Client): Promise<void> {
    const c = this.config;
    if (c.type === "local") {
      this.transport = await this.stdioTransport(c.command, c.environment, c.cwd);
      await client.connect(this.transport);
      return;
    }
    const url = new URL(c.url);
    const requestInit = { headers: c.headers };
    const authProvider = (this.oauth ??= new StoredOAuthProvider(c.name, this.deps.dataDir, this.deps.canLogIn, (u) => this.deps.showLoginUrl(c.name, u)));
    if (c.type === "remote") {
      const { StreamableHTTPClientTransport } = await import("@modelcontextprotocol/sdk/client/streamableHttp.js");
      try {
        this.transport = new StreamableHTTPClientTransport(url, { requestInit, authProvider });
        await client.connect(this.transport);
        return;
      } catch (err) {
        // Servers of the 2024-11-05 protocol speak only SSE: a 4xx to the streamable POST means try that.
        if (!/\b(40[045])\b/.test(String((err as Error).message))) throw err;
      }
    }
    const { SSEClientTransport } = await import("@modelcontextprotocol/sdk/client/sse.js");
    this.transport = new SSEClientTransport(url, { requestInit, authProvider });
    await client.connect(this.transport);
  }

  private async stdioTransport(command: string[], environment: Record<string, string>, cwd: string | undefined): Promise<Transport> {
    const { StdioClientTransport } = await import("@modelcontextprotocol/sdk/client/stdio.js");
    const env = { ...(this.deps.env as Record<string, string>), ...environment };
    const transport = new StdioClientTransport({ command: command[0]!, args: command.slice(1), env, cwd: cwd ?? this.deps.cwd, stderr: "pipe" });
    const stderr = transport.stderr;
    stderr?.on("data", (chunk: Buffer) => {
      const lines = [...this.stderrTail, ...String(chunk).split("\n").filter((l) => l.trim() !== "")];
      this.stderrTail = lines.slice(-STDERR_TAIL_LINES);
    });
    this.stderrEnded = stderr ? new Promise((resolve) => stderr.once("end", resolve)) : Promise.resolve();
    return transport;
  }

  /** The connection closed: unless kit closed it, the server crashed or went away. */
  private lost(client: Client): void {
    if (this.closing || this.client !== client) return;
    this.client = undefined;
    this.state = "failed";
    void this.lastWords().then(() => {
      // Already being started again (a call came meanwhile): that start reports its own outcome.
      if (!this.starting) this.fail("exited; it is started again when next used");
    });
  }

  /** Waits (briefly: a grandchild may hold the pipe open) for the rest of a dead server's stderr. */
  private lastWords(): Promise<void> {
    return Promise.race([this.stderrEnded, new Promise<void>((resolve) => setTimeout(resolve, STDERR_WAIT_MS))]);
  }

  private fail(reason: string, report = true): void {
    this.state = "failed";
    const tail = this.stderrTail.length ? `\n  stderr: ${this.stderrTail.join("\n          ")}` : "";
    this.error = `MCP server ${this.name} ${reason}${tail}`;
    if (report) this.deps.report(this.error);
  }
}
