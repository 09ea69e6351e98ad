import type { OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from "@modelcontextprotocol/sdk/shared/auth.js";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../config/atomic-write.ts";

/** What kit keeps of one server's OAuth login, in `<data dir>/mcp-auth/<server>.json` (mode 0600). */
interface StoredLogin {
  client?: OAuthClientInformationMixed;
  tokens?: OAuthTokens;
  codeVerifier?: string;
}

/** A login is needed and this run may not start one (headless): the message names the command to run. */
export class LoginNeeded extends Error {
  constructor(readonly server: string) {
    super(`needs you to log in: run 'kit mcp get ${server}' and open the URL it prints`);
    this.name = "LoginNeeded";
  }
}

export function loginFile(dataDir: string, server: string): string {
  return join(dataDir, "mcp-auth", `${server}.json`);
}

/** `kit mcp logout`: forgets the server's tokens and client registration; false when there were none. */
export function forgetLogin(dataDir: string, server: string): boolean {
  const file = loginFile(dataDir, server);
  if (!existsSync(file)) return false;
  rmSync(file);
  return true;
}

/** How long a login waits for the browser to come back to kit's callback. */
const LOGIN_WAIT_MS = 5 * 60_000;

/**
 * The SDK's OAuth client provider for one remote server: dynamic client registration, PKCE and
 * refresh are the SDK's; kit stores what they produce, and when a login is needed it listens on a
 * local 127.0.0.1 callback and shows the authorisation URL (interactive runs and `kit mcp get`), or
 * refuses with LoginNeeded (headless runs never wait for a browser).
 */
export class StoredOAuthProvider implements OAuthClientProvider {
  private readonly file: string;
  private callback: { url: string; code: Promise<string>; stop(): void } | undefined;
  /** Set when the SDK asked for a browser login: the code the callback receives. */
  pendingCode: Promise<string> | undefined;

  constructor(
    private readonly server: string,
    dataDir: string,
    private readonly interactive: boolean,
    private readonly showLoginUrl: (url: string) => void,
  ) {
    this.file = loginFile(dataDir, server);
  }

  get redirectUrl(): string {
    // Headless runs never listen: the URL only has to be well-formed for a registration the SDK may make.
    return this.interactive ? this.listen().url : "http://127.0.0.1/callback";
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: "kit",
      redirect_uris: [this.redirectUrl],
      grant_types: ["authorization_code", "refresh_token"],
      response_types: ["code"],
      token_endpoint_auth_method: "none",
    };
  }

  clientInformation(): OAuthClientInformationMixed | undefined {
    const client = this.read().client;
    // Registered for another callback port (an earlier login): register again rather than be refused.
    const uris = (client as { redirect_uris?: string[] } | undefined)?.redirect_uris;
    if (this.interactive && uris && !uris.includes(this.redirectUrl)) return undefined;
    return client;
  }
  saveClientInformation(client: OAuthClientInformationMixed): void {
    this.write({ ...this.read(), client });
  }
  tokens(): OAuthTokens | undefined {
    return this.read().tokens;
  }
  saveTokens(tokens: OAuthTokens): void {
    this.write({ ...this.read(), tokens });
  }
  saveCodeVerifier(codeVerifier: string): void {
    this.write({ ...this.read(), codeVerifier });
  }
  codeVerifier(): string {
    const verifier = this.read().codeVerifier;
    if (!verifier) throw new Error(`no login of MCP server ${this.server} is under way`);
    return verifier;
  }
  invalidateCredentials(scope: "all" | "client" | "tokens" | "verifier" | "discovery"): void {
    const stored = this.read();
    if (scope === "all" || scope === "client") delete stored.client;
    if (scope === "all" || scope === "tokens") delete stored.tokens;
    if (scope === "all" || scope === "verifier") delete stored.codeVerifier;
    this.write(stored);
  }

  redirectToAuthorization(url: URL): void {
    if (!this.interactive) throw new LoginNeeded(this.server);
    this.pendingCode = this.listen().code;
    this.showLoginUrl(url.href);
  }

  /** Stops the callback listener, if one was started. */
  close(): void {
    this.callback?.stop();
    this.callback = undefined;
  }

  /** The local callback the browser returns to with `?code=…`; started on first use, on a free port. */
  private listen(): { url: string; code: Promise<string> } {
    if (this.callback) return this.callback;
    let resolveCode!: (code: string) => void;
    let rejectCode!: (err: Error) => void;
    const code = new Promise<string>((resolve, reject) => {
      resolveCode = resolve;
      rejectCode = reject;
    });
    code.catch(() => {});
    const timer = setTimeout(() => rejectCode(new Error(`the login of MCP server ${this.server} was not completed within ${LOGIN_WAIT_MS / 60_000} minutes`)), LOGIN_WAIT_MS);
    timer.unref?.();
    const server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch: (req) => {
        const params = new URL(req.url).searchParams;
        const received = params.get("code");
        if (!received) {
          rejectCode(new Error(`the login of MCP server ${this.server} was refused: ${params.get("error_description") ?? params.get("error") ?? "no code came back"}`));
          return new Response("kit: the login failed; see the terminal.\n", { status: 400 });
        }
        clearTimeout(timer);
        resolveCode(received);
        return new Response("kit: logged in. You can close this page.\n");
      },
    });
    this.callback = {
      url: `http://127.0.0.1:${server.port}/callback`,
      code,
      stop: () => {
        clearTimeout(timer);
        void server.stop(true);
      },
    };
    return this.callback;
  }

  private read(): StoredLogin {
    try {
      return JSON.parse(readFileSync(this.file, "utf8")) as StoredLogin;
    } catch {
      return {};
    }
  }

  private write(stored: StoredLogin): void {
    mkdirSync(join(this.file, ".."), { recursive: true, mode: 0o700 });
    // Tokens are secrets: only the user may read them, from the first byte written.
    writeFileAtomic(this.file, JSON.stringify(stored, null, 2) + "\n", 0o600);
  }
}
