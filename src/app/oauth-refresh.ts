/**
 * OAuth logins whose access token is short-lived (GitHub Copilot's lasts about 30 minutes): before a
 * call, a token that expires within the margin is exchanged again from the stored login and stored,
 * and the call goes out with the fresh one. A session longer than a token's life goes on unnoticed.
 */
import type { CredentialStore } from "../config/credentials.ts";
import { COPILOT_PROVIDER, exchangeCopilotToken, REFRESH_MARGIN_MS } from "../llm/copilot.ts";
import type { LLMRequest } from "../llm/types.ts";

export async function withFreshLogin(req: LLMRequest, store: CredentialStore, env: NodeJS.ProcessEnv): Promise<LLMRequest> {
  const provider = req.target.provider;
  const login = provider === COPILOT_PROVIDER ? store.get(provider) : undefined;
  if (login?.type !== "oauth") return req;
  let access = login.access;
  if (!access || login.expires === undefined || login.expires - REFRESH_MARGIN_MS <= Date.now()) {
    const token = await exchangeCopilotToken(env, login.refresh);
    access = token.token;
    store.set(provider, { ...login, access, expires: token.expires, endpoint: token.baseUrl });
  }
  return access === req.target.apiKey ? req : { ...req, target: { ...req.target, apiKey: access } };
}
