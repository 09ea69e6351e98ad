/**
 * A local stand-in for GitHub's side of a Copilot login, on 127.0.0.1: the device-code endpoint, the
 * OAuth token endpoint polled until the user "enters the code" (after `pendingPolls` polls), and the
 * Copilot token endpoint, whose tokens point chats at `chatUrl` (the scripted provider). kit reaches
 * it through KIT_COPILOT_GITHUB_URL and KIT_COPILOT_API_URL.
 */
export interface CopilotOAuthServer {
  url: string;
  /** The env that points kit's Copilot login at this server. */
  env: Record<string, string>;
  /** Polls of the OAuth token endpoint, with the error each got (or "token"). */
  polls: string[];
  /** Copilot tokens issued, in order (copilot-token-1, -2, …). */
  issued: string[];
  stop(): void;
}

export const USER_CODE = "WDJB-MJHT";
export const GITHUB_TOKEN = "gho_kit_test_github_token";
/** GitHub Copilot's editor OAuth app, the only client Copilot issues tokens to. */
const CLIENT_ID = "Iv1.b507a08c87ecfe98";

export function startCopilotOAuthServer(o: { chatUrl: string; pendingPolls: number; tokenLifetimeSeconds: number }): CopilotOAuthServer {
  const polls: string[] = [];
  const issued: string[] = [];
  const server: Bun.Server<undefined> = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: async (req): Promise<Response> => {
      const path = new URL(req.url).pathname;
      const base = `http://127.0.0.1:${server.port}`;
      const body = req.method === "POST" ? ((await req.json()) as Record<string, string>) : {};
      if (req.method === "POST" && path === "/login/device/code") {
        if (body.client_id !== CLIENT_ID) return Response.json({ error: "incorrect_client_credentials" }, { status: 400 });
        // Interval in seconds, as GitHub gives it; a fraction keeps the test quick.
        return Response.json({ device_code: "device-code-1", user_code: USER_CODE, verification_uri: `${base}/login/device`, expires_in: 30, interval: 0.05 });
      }
      if (req.method === "POST" && path === "/login/oauth/access_token") {
        if (body.device_code !== "device-code-1" || body.grant_type !== "urn:ietf:params:oauth:grant-type:device_code") return Response.json({ error: "bad_verification_code" });
        const pending = polls.length < o.pendingPolls;
        polls.push(pending ? "authorization_pending" : "token");
        return Response.json(pending ? { error: "authorization_pending" } : { access_token: GITHUB_TOKEN, token_type: "bearer", scope: "read:user" });
      }
      if (req.method === "GET" && path === "/copilot_internal/v2/token") {
        if (req.headers.get("authorization") !== `token ${GITHUB_TOKEN}`) return Response.json({ message: "Bad credentials" }, { status: 401 });
        const token = `copilot-token-${issued.length + 1}`;
        issued.push(token);
        const expiresAt = Math.floor(Date.now() / 1000) + o.tokenLifetimeSeconds;
        return Response.json({ token, expires_at: expiresAt, refresh_in: o.tokenLifetimeSeconds - 60, endpoints: { api: o.chatUrl } });
      }
      return Response.json({ message: "Not Found" }, { status: 404 });
    },
  });
  const url = `http://127.0.0.1:${server.port}`;
  return { url, env: { KIT_COPILOT_GITHUB_URL: url, KIT_COPILOT_API_URL: url }, polls, issued, stop: () => server.stop(true) };
}
