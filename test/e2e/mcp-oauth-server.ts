/**
 * A local OAuth-protected MCP server for the login tests, on 127.0.0.1: protected resource metadata,
 * an authorisation server (metadata, dynamic client registration, an authorize endpoint that approves
 * at once by redirecting back with a code, a token endpoint checking PKCE), and an MCP endpoint (the
 * SDK's McpServer, stateless) that answers only with the bearer token it issued.
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { createHash } from "node:crypto";

export interface OAuthMcpServer {
  url: string;
  /** Requests the token endpoint answered, by grant type. */
  grants: string[];
  stop(): void;
}

const TOKEN = "kit-test-access-token";

export function startOAuthMcpServer(): OAuthMcpServer {
  const challenges = new Map<string, string>(); // code → PKCE challenge
  const grants: string[] = [];
  const server: Bun.Server<undefined> = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch: async (req): Promise<Response> => {
      const url = new URL(req.url);
      const base = `http://127.0.0.1:${server.port}`;
      const json = (body: unknown, status = 200) => Response.json(body, { status });
      switch (url.pathname) {
        case "/.well-known/oauth-protected-resource":
        case "/.well-known/oauth-protected-resource/mcp":
          return json({ resource: `${base}/mcp`, authorization_servers: [base] });
        case "/.well-known/oauth-authorization-server":
          return json({
            issuer: base,
            authorization_endpoint: `${base}/authorize`,
            token_endpoint: `${base}/token`,
            registration_endpoint: `${base}/register`,
            response_types_supported: ["code"],
            grant_types_supported: ["authorization_code", "refresh_token"],
            code_challenge_methods_supported: ["S256"],
            token_endpoint_auth_methods_supported: ["none"],
          });
        case "/register":
          return json({ ...((await req.json()) as object), client_id: "kit-test-client", client_id_issued_at: Math.floor(Date.now() / 1000) }, 201);
        case "/authorize": {
          const code = `code-${challenges.size + 1}`;
          challenges.set(code, url.searchParams.get("code_challenge") ?? "");
          const back = new URL(url.searchParams.get("redirect_uri")!);
          back.searchParams.set("code", code);
          back.searchParams.set("state", url.searchParams.get("state") ?? "");
          return Response.redirect(back.href, 302);
        }
        case "/token": {
          const form = new URLSearchParams(await req.text());
          grants.push(form.get("grant_type") ?? "");
          const challenge = challenges.get(form.get("code") ?? "");
          const verified = challenge !== undefined && createHash("sha256").update(form.get("code_verifier") ?? "").digest("base64url") === challenge;
          if (form.get("grant_type") === "authorization_code" && !verified) return json({ error: "invalid_grant" }, 400);
          return json({ access_token: TOKEN, token_type: "Bearer", expires_in: 3600, refresh_token: "kit-test-refresh" });
        }
        case "/mcp": {
          if (req.headers.get("authorization") !== `Bearer ${TOKEN}`) {
            return new Response("unauthorized", {
              status: 401,
              headers: { "WWW-Authenticate": `Bearer resource_metadata="${base}/.well-known/oauth-protected-resource/mcp"` },
            });
          }
          const mcp = new McpServer({ name: "secure", version: "1.0.0" });
          mcp.registerTool("whoami", { description: "Says who is logged in" }, async () => ({
            content: [{ type: "text", text: "logged in as kit-test-client" }],
          }));
          const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
          await mcp.connect(transport);
          return transport.handleRequest(req);
        }
      }
      return new Response("not found", { status: 404 });
    },
  });
  return { url: `http://127.0.0.1:${server.port}/mcp`, grants, stop: () => void server.stop(true) };
}
