/**
 * GitHub Copilot as a provider, as the original Kit reaches it: a GitHub login by OAuth device flow
 * (a code the user types at github.com/login/device), whose token is exchanged for a short-lived
 * Copilot token; chats then go to Copilot's OpenAI-compatible endpoint with the editor headers it
 * expects. The token is exchanged again shortly before it expires (app/oauth-refresh.ts).
 *
 * KIT_COPILOT_GITHUB_URL and KIT_COPILOT_API_URL point the flow at a local test server; users never set them.
 */

/** The provider's id in the catalogue; `copilot/<model>` is accepted for it too. */
export const COPILOT_PROVIDER = "github-copilot";

/** The OAuth app of GitHub Copilot's editor plugins: Copilot tokens are issued only to it. */
const CLIENT_ID = "Iv1.b507a08c87ecfe98";

/** What Copilot's API wants to hear from a client (it refuses requests without an editor). */
export const COPILOT_HEADERS: Readonly<Record<string, string>> = {
  "User-Agent": "GitHubCopilotChat/0.26.7",
  "Editor-Version": "vscode/1.99.3",
  "Editor-Plugin-Version": "copilot-chat/0.26.7",
  "Copilot-Integration-Id": "vscode-chat",
  "Openai-Intent": "conversation-edits",
};

/** Exchange a Copilot token this long before it expires, so no call starts with one about to lapse. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

export interface DeviceCode {
  deviceCode: string;
  userCode: string;
  verificationUri: string;
  /** Seconds between polls. */
  interval: number;
  expiresIn: number;
}

export interface CopilotToken {
  token: string;
  /** Milliseconds since the epoch. */
  expires: number;
  /** The chat endpoint of the user's plan (individual, business, enterprise). */
  baseUrl: string;
}

function githubUrl(env: NodeJS.ProcessEnv): string {
  return (env.KIT_COPILOT_GITHUB_URL || "https://github.com").replace(/\/+$/, "");
}

function apiUrl(env: NodeJS.ProcessEnv): string {
  return (env.KIT_COPILOT_API_URL || "https://api.github.com").replace(/\/+$/, "");
}

async function postJson(url: string, body: Record<string, string>, signal?: AbortSignal): Promise<Record<string, any>> {
  const res = await fetch(url, {
    method: "POST",
    headers: { accept: "application/json", "content-type": "application/json", "User-Agent": COPILOT_HEADERS["User-Agent"]! },
    body: JSON.stringify(body),
    signal,
  });
  const data = (await res.json().catch(() => ({}))) as Record<string, any>;
  if (!res.ok && typeof data.error !== "string") throw new Error(`${url} answered ${res.status}`);
  return data;
}

/** Step one: the code the user types at GitHub. */
export async function requestDeviceCode(env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<DeviceCode> {
  const d = await postJson(`${githubUrl(env)}/login/device/code`, { client_id: CLIENT_ID, scope: "read:user" }, signal);
  if (typeof d.device_code !== "string" || typeof d.user_code !== "string") throw new Error(`GitHub gave no device code (${d.error_description ?? d.error ?? "no reason"})`);
  return {
    deviceCode: d.device_code,
    userCode: d.user_code,
    verificationUri: d.verification_uri ?? "https://github.com/login/device",
    interval: Number(d.interval) || 5,
    expiresIn: Number(d.expires_in) || 900,
  };
}

/** Step two: polls until the user has entered the code; the GitHub OAuth token. */
export async function pollForGithubToken(env: NodeJS.ProcessEnv, code: DeviceCode, signal?: AbortSignal): Promise<string> {
  let interval = code.interval;
  const deadline = Date.now() + code.expiresIn * 1000;
  while (Date.now() < deadline) {
    await Bun.sleep(interval * 1000);
    signal?.throwIfAborted();
    const d = await postJson(
      `${githubUrl(env)}/login/oauth/access_token`,
      { client_id: CLIENT_ID, device_code: code.deviceCode, grant_type: "urn:ietf:params:oauth:grant-type:device_code" },
      signal,
    );
    if (typeof d.access_token === "string") return d.access_token;
    if (d.error === "authorization_pending") continue;
    // GitHub asks for a longer interval; the standard adds 5 seconds (RFC 8628, 3.5).
    if (d.error === "slow_down") interval = Number(d.interval) || interval + 5;
    else if (d.error === "expired_token") break;
    else if (d.error === "access_denied") throw new Error("the login was cancelled at GitHub");
    else throw new Error(`GitHub refused the login: ${d.error_description ?? d.error ?? "no reason given"}`);
  }
  throw new Error("the code expired before it was entered: log in again");
}

/** Step three (and every refresh): the Copilot token for a GitHub token. */
export async function exchangeCopilotToken(env: NodeJS.ProcessEnv, githubToken: string, signal?: AbortSignal): Promise<CopilotToken> {
  const res = await fetch(`${apiUrl(env)}/copilot_internal/v2/token`, {
    headers: { accept: "application/json", authorization: `token ${githubToken}`, ...COPILOT_HEADERS },
    signal,
  });
  if (res.status === 401) throw new Error("GitHub no longer accepts the stored login: run 'kit auth login github-copilot' again");
  if (res.status === 403 || res.status === 404) throw new Error("this GitHub account has no Copilot subscription (GitHub answered " + res.status + ")");
  if (!res.ok) throw new Error(`GitHub's Copilot token endpoint answered ${res.status}`);
  const d = (await res.json()) as { token?: string; expires_at?: number; endpoints?: { api?: string } };
  if (typeof d.token !== "string" || typeof d.expires_at !== "number") throw new Error("GitHub's Copilot token endpoint gave no token");
  return { token: d.token, expires: d.expires_at * 1000, baseUrl: (d.endpoints?.api ?? "https://api.githubcopilot.com").replace(/\/+$/, "") };
}
