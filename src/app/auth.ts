/**
 * Logins, the same for `kit auth` and the UI's /login and /logout: which providers can be logged in
 * to, a key checked with the provider before it is stored, GitHub Copilot's device flow, logging out,
 * and the status of every provider's credentials (where the key a run would use comes from, never the
 * key itself). The store is config/credentials.ts; the precedence is llm/target.ts's.
 */
import type { Config } from "../config/config.ts";
import { credentialStore, type Credential, type CredentialStore } from "../config/credentials.ts";
import { closest } from "../did-you-mean.ts";
import { AuthError, EXIT, KitError, UsageError } from "../errors.ts";
import { COPILOT_PROVIDER, exchangeCopilotToken, pollForGithubToken, requestDeviceCode, type DeviceCode } from "../llm/copilot.ts";
import { checkKey } from "../llm/key-check.ts";
import { PROVIDER_ALIASES } from "../llm/models/catalog.ts";
import type { ModelRegistry } from "../llm/models/registry.ts";
import { isLocalProvider } from "../llm/routing.ts";
import { providerAccess, resolveTarget, type StoredAccess, type TargetSettings } from "../llm/target.ts";
import { defaultModel } from "./default-model.ts";

/** How a run reaches providers: the flags and config, and the stored credentials after them. */
export function targetSettings(config: Config, store: CredentialStore): TargetSettings {
  return {
    providerUrl: config.string("provider-url"),
    providerUrlSource: config.label("provider-url"),
    providerApiKey: config.string("provider-api-key"),
    providerWire: config.string("provider-wire"),
    stored: (provider) => storedAccess(store.get(provider)),
  };
}

function storedAccess(c: Credential | undefined): StoredAccess | undefined {
  if (c?.type === "api_key") return { key: c.key };
  // An OAuth login's access token is exchanged again before a call when it is about to expire (oauth-refresh.ts).
  if (c?.type === "oauth") return { key: c.access ?? "", ...(c.endpoint ? { baseUrl: c.endpoint } : {}) };
  return undefined;
}

/** Offered first by the login picker, in this order; the catalogue's other providers follow by name. */
const MOST_USED = ["anthropic", "openai", "google", COPILOT_PROVIDER, "openrouter", "deepseek", "xai", "groq", "mistral"];

/** Providers that log in by OAuth rather than with a key. */
const OAUTH_PROVIDERS = new Set([COPILOT_PROVIDER]);

export interface LoginChoice {
  provider: string;
  name: string;
  oauth: boolean;
}

export interface StatusRow {
  provider: string;
  /** "stored", "env NAME", or "--provider-api-key" (from where). */
  source: string;
  type: "api key" | "oauth";
  /** What else holds a key for it that the source wins over. */
  overrides: string[];
  /** An OAuth access token's expiry. */
  expires?: number;
}

export class Auth {
  constructor(
    readonly registry: ModelRegistry,
    readonly store: CredentialStore,
    private readonly settings: TargetSettings,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  /** The provider a name means (`copilot` is `github-copilot`); a usage error naming the likely one otherwise. */
  provider(name: string): string {
    const provider = PROVIDER_ALIASES[name] ?? name;
    if (this.registry.hasProvider(provider) && provider !== "custom") return provider;
    const near = closest(provider, this.registry.providers());
    throw new UsageError(`unknown provider "${name}"${near ? ` (did you mean ${near}?)` : ""}: 'kit models' lists the providers`);
  }

  /** Providers one can log in to: the most used first, then the catalogue's; not local servers nor cloud credential chains. */
  choices(): LoginChoice[] {
    const all = this.registry.providers().filter((p) => {
      const meta = this.registry.providerMeta(p);
      const access = providerAccess(p, meta, this.registry.providerSettings(p), this.env);
      return meta !== undefined && !isLocalProvider(meta) && access.wire !== undefined && (access.keyVariables.length > 0 || OAUTH_PROVIDERS.has(p));
    });
    const ordered = [...MOST_USED.filter((p) => all.includes(p)), ...all.filter((p) => !MOST_USED.includes(p))];
    return ordered.map((p) => ({ provider: p, name: this.registry.providerMeta(p)?.name ?? p, oauth: OAUTH_PROVIDERS.has(p) }));
  }

  isOAuth(provider: string): boolean {
    return OAUTH_PROVIDERS.has(provider);
  }

  /**
   * Checks the key with one cheap request to the provider (its model list), then stores it. A key the
   * provider rejects is an AuthError and is not stored; so is one that could not be checked.
   */
  async saveKey(provider: string, key: string): Promise<void> {
    const trimmed = key.trim();
    if (trimmed === "") throw new UsageError("no key given: paste the provider's API key");
    const model = this.registry.defaultModel(provider) ?? this.registry.list(provider)[0]?.modelId ?? "any";
    // The key under test goes first; the stored one must not stand in for it.
    const target = resolveTarget(this.registry.resolve(`${provider}/${model}`), { ...this.settings, providerApiKey: trimmed, stored: undefined }, this.env);
    const check = await checkKey(target);
    if (!check.ok && check.rejected) {
      throw new AuthError(`${provider} rejected the key (${check.message}); it was not saved: check it and log in again`);
    }
    if (!check.ok) {
      throw new KitError(`could not check the key with ${provider} (${check.message}); it was not saved: try again when ${target.baseUrl ?? provider} can be reached`, EXIT.unavailable, "unavailable");
    }
    this.store.set(provider, { type: "api_key", key: trimmed, saved: new Date().toISOString() });
  }

  /**
   * GitHub Copilot's device flow: `show` tells the user the code and where to enter it (and may
   * open the browser); then GitHub is polled until they have, and the login is stored with its
   * first Copilot token.
   */
  async loginCopilot(show: (code: DeviceCode) => void, signal?: AbortSignal): Promise<void> {
    const code = await requestDeviceCode(this.env, signal);
    show(code);
    const github = await pollForGithubToken(this.env, code, signal);
    const copilot = await exchangeCopilotToken(this.env, github, signal);
    this.store.set(COPILOT_PROVIDER, { type: "oauth", refresh: github, access: copilot.token, expires: copilot.expires, endpoint: copilot.baseUrl, saved: new Date().toISOString() });
  }

  /** Forgets a provider's stored credential; false when none was stored. */
  logout(provider: string): boolean {
    return this.store.remove(provider);
  }

  /** Every provider with a key from somewhere, and where the key a run would use comes from. */
  status(): StatusRow[] {
    const rows: StatusRow[] = [];
    for (const provider of this.registry.providers()) {
      const access = providerAccess(provider, this.registry.providerMeta(provider), this.registry.providerSettings(provider), this.env);
      const stored = this.store.get(provider);
      const sources = [...(stored ? ["stored"] : []), ...(access.keySetIn ? [`env ${access.keySetIn}`] : [])];
      if (sources.length === 0) continue;
      const flag = this.settings.providerApiKey ? ["--provider-api-key"] : [];
      const [source, ...overrides] = [...flag, ...sources];
      rows.push({
        provider,
        source: source!,
        type: stored?.type === "oauth" ? "oauth" : "api key",
        overrides,
        ...(stored?.type === "oauth" && stored.expires ? { expires: stored.expires } : {}),
      });
    }
    return rows;
  }

  /** The model a run that names none would use now. */
  defaultModel(): string {
    return defaultModel(this.registry, this.settings, this.env);
  }
}

/** The logins of a configuration, for `kit auth` (a run's come from its ModelRuntime). */
export function authOf(config: Config, registry: ModelRegistry, env: NodeJS.ProcessEnv): Auth {
  const store = credentialStore(config.paths.dataDir, config.string("credential-store"));
  return new Auth(registry, store, targetSettings(config, store), env);
}
