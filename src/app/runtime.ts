import type { Config } from "../config/config.ts";
import { AuthError } from "../errors.ts";
import { credentialStore, type CredentialStore } from "../config/credentials.ts";
import { DEFAULT_MODEL, defaultModel, noKeyError } from "./default-model.ts";
import { Auth, targetSettings } from "./auth.ts";
import { withFreshLogin } from "./oauth-refresh.ts";
import { cost } from "../llm/models/pricing.ts";
import { ModelRegistry } from "../llm/models/registry.ts";
import { ModelSpecError } from "../llm/models/spec.ts";
import type { ModelInfo, ResolvedModel } from "../llm/models/types.ts";
import { loadProvider } from "../llm/providers/index.ts";
import { DEFAULT_RETRY_POLICY, withRetries, type RetryPolicy } from "../llm/retry.ts";
import { DEFAULT_STREAM_TIMEOUTS } from "../llm/stream-watchdog.ts";
import { defaultWire, resolveTarget, type TargetSettings } from "../llm/target.ts";
import { credentialChainHinted } from "../llm/cloud-target.ts";
import { envSecretValues } from "../secret-values.ts";
import type {
  DebugLog,
  GenerationOptions,
  LLMRequest,
  ModelTarget,
  Provider,
  StreamEvent,
  StreamTimeouts,
  ThinkingLevel,
  Usage,
  Wire,
} from "../llm/types.ts";

export function createRegistry(config: Config): ModelRegistry {
  return new ModelRegistry({ dataDir: config.paths.dataDir, providers: config.providers, customModels: config.customModels });
}

/**
 * The model side of a run: which model, how to reach it, what it costs. The model can be switched
 * (ctx.setModel, /model); the provider of a new wire is loaded when the next call needs it.
 */
export class ModelRuntime {
  readonly registry: ModelRegistry;
  readonly generation: GenerationOptions;
  model!: ResolvedModel;
  target!: ModelTarget;
  /** Keys and logins stored by `kit auth login` and /login; read when a key is first needed. */
  readonly credentials: CredentialStore;
  /**
   * Why no model can be reached yet, when the run was allowed to start without a key (the interactive
   * first start): a turn fails with it until /login stores a key (`credentialsChanged`).
   */
  missingKey: AuthError | undefined;
  private readonly providers: Map<string, Provider>;
  private readonly settings: TargetSettings;
  /** The model was named (-m, config, preferences), so a login keeps it rather than picking a default. */
  private readonly chosen: boolean;
  private readonly retry: RetryPolicy;
  private readonly streamTimeouts: StreamTimeouts;
  private readonly debug: DebugLog | undefined;

  /**
   * `debug`: where --debug's lines go (one per provider request); undefined without --debug.
   * `startWithoutKey`: with no key for any provider, start anyway (missingKey says why) instead of throwing.
   */
  constructor(config: Config, env: NodeJS.ProcessEnv, debug?: DebugLog, startWithoutKey?: boolean);
  /** A runtime sharing `parent`'s registry, provider settings and clients, on its own model (derive()). */
  constructor(parent: ModelRuntime, env: NodeJS.ProcessEnv, spec: string, generation?: Partial<GenerationOptions>);
  constructor(
    from: Config | ModelRuntime,
    private readonly env: NodeJS.ProcessEnv,
    specOrDebug?: string | DebugLog,
    generationOrStart?: Partial<GenerationOptions> | boolean,
  ) {
    const generation = typeof generationOrStart === "object" ? generationOrStart : undefined;
    if (from instanceof ModelRuntime) {
      this.registry = from.registry;
      this.generation = { ...from.generation, ...generation };
      this.settings = from.settings;
      this.retry = from.retry;
      this.streamTimeouts = from.streamTimeouts;
      this.debug = from.debug;
      this.providers = from.providers;
      this.credentials = from.credentials;
      this.chosen = true;
      this.switchTo(typeof specOrDebug === "string" ? specOrDebug : from.spec);
      return;
    }
    const config = from;
    this.providers = new Map();
    this.registry = createRegistry(config);
    this.generation = generationOptions(config);
    this.credentials = credentialStore(config.paths.dataDir, config.string("credential-store"));
    this.settings = targetSettings(config, this.credentials);
    const maxRetries = config.number("max-retries");
    this.retry = { ...DEFAULT_RETRY_POLICY, ...(maxRetries !== undefined ? { maxRetries } : {}) };
    this.streamTimeouts = streamTimeouts(config);
    this.debug = typeof specOrDebug === "function" ? specOrDebug : undefined;
    const chosen = config.string("model");
    this.chosen = chosen !== undefined;
    try {
      this.switchTo(chosen ?? defaultModel(this.registry, this.settings, env));
    } catch (err) {
      // A malformed model names where it was written: a flag, KIT_MODEL, a config file's line, preferences.yml.
      if (err instanceof ModelSpecError && config.has("model")) throw new ModelSpecError(`${config.label("model")}: ${err.message}`);
      if (!(err instanceof AuthError)) throw err;
      // No model named and no flag aimed at the default provider: say every variable kit looked for.
      const missing = chosen === undefined && !this.settings.providerUrl && !this.settings.providerApiKey ? noKeyError(this.registry) : err;
      const startWithoutKey = generationOrStart === true;
      if (!startWithoutKey) throw missing;
      this.missingKey = missing;
      this.model = this.registry.resolve(chosen ?? DEFAULT_MODEL);
      this.target = { provider: this.model.provider, model: this.model.model, wire: defaultWire(this.model.provider), apiKey: "" };
    }
  }

  /**
   * After a login or logout: the current model is reached again with the stored keys; a run that
   * started without a key and named no model takes the default model of the provider now logged in.
   */
  credentialsChanged(): void {
    const spec = this.missingKey && !this.chosen ? defaultModel(this.registry, this.settings, this.env) : this.spec;
    try {
      this.switchTo(spec);
    } catch (err) {
      // A logout took the key of the current model: the run stays, and says so at the next prompt.
      if (!(err instanceof AuthError)) throw err;
      this.missingKey = err;
    }
  }

  /**
   * A runtime for a subagent: the same registry, provider settings (--provider-url, keys, wire),
   * retries and SDK clients, on `spec` with these generation options over this runtime's. Throws
   * (UsageError, AuthError) when `spec` cannot be reached.
   */
  derive(spec: string, generation: Partial<GenerationOptions> = {}): ModelRuntime {
    return new ModelRuntime(this, this.env, spec, generation);
  }

  /** Logging in and out, and where each provider's key comes from (kit auth, /login, /logout). */
  get auth(): Auth {
    return new Auth(this.registry, this.credentials, this.settings, this.env);
  }

  /** The model is reached through a subscription login (GitHub Copilot), paid by the plan rather than per token. */
  get subscription(): boolean {
    return !this.settings.providerApiKey && this.credentials.get(this.target.provider)?.type === "oauth";
  }

  /** "provider/model" as the user sees it. */
  get spec(): string {
    return `${this.target.provider}/${this.target.model}`;
  }

  /**
   * What tool output must not carry (app/tool-output-secrets.ts): the key this run resolved, from
   * whatever source (flag, environment, config, stored credentials), and the environment's key variables.
   */
  secretValues(): string[] {
    return [this.target.apiKey, ...envSecretValues(this.env)];
  }

  /** Resolves and switches; throws (UsageError, AuthError) without changing anything when it cannot. */
  switchTo(spec: string): void {
    const model = this.registry.resolve(spec);
    const target = resolveTarget(model, this.settings, this.env);
    this.model = model;
    this.target = target;
    this.missingKey = undefined;
  }

  /**
   * A warning when the model is not in the table of a provider that has one (a typo, or a model newer
   * than the table): it is still sent, since the provider may know it, but its cost is unknown.
   */
  modelWarnings(): string[] {
    const { provider, model, info, custom } = this.model;
    if (info || custom || this.registry.list(provider).length === 0) return [];
    const close = this.registry.closeMatches(provider, model);
    const hint = close.length > 0 ? ` Did you mean ${close.map((m) => `${provider}/${m}`).join(", ")}?` : "";
    return [`${provider}/${model} is not in kit's model table; sending it as written (its cost is unknown).${hint} 'kit models ${provider}' lists the known models.`];
  }

  /**
   * The models kit can reach now (the /model picker, ctx.getAvailableModels): the current provider's,
   * and those of every provider that has its key, needs none or has an endpoint from the flags or
   * config, so the picker is not filled with ~50 providers' models the user has no key for.
   */
  reachableModels(): ModelInfo[] {
    return this.registry.providers()
      .filter((provider) => (provider === this.target.provider && !this.missingKey) || this.canReach(provider))
      .flatMap((provider) => this.registry.list(provider));
  }

  private canReach(provider: string): boolean {
    try {
      // Any model id will do: only the provider decides the endpoint and the key.
      const target = resolveTarget(this.registry.resolve(`${provider}/any`), this.settings, this.env);
      return target.apiKey !== "" || credentialChainHinted(target.wire, this.env);
    } catch {
      return false;
    }
  }

  /** Where another model would be reached (ctx.complete with a model), without switching to it. */
  targetFor(spec: string): ModelTarget {
    return resolveTarget(this.registry.resolve(spec), this.settings, this.env);
  }

  /** The current wire's provider, with kit's retries. Stable per wire, so a model switch keeps clients. */
  get provider(): Provider {
    return this.providerFor(this.target.wire);
  }

  providerFor(wire: Wire): Provider {
    let provider = this.providers.get(wire);
    if (!provider) {
      // A key given with --provider-api-key is used as it is; a stored OAuth login is refreshed before its token lapses.
      const prepare = this.settings.providerApiKey ? undefined : (req: LLMRequest) => withFreshLogin(req, this.credentials, this.env);
      provider = withRetries(lazyProvider(() => loadProvider(wire, { debug: this.debug, streamTimeouts: this.streamTimeouts }), prepare), this.retry);
      this.providers.set(wire, provider);
    }
    return provider;
  }

  /** Cost of one call; the model that answered may differ from the one asked for (an alias resolved server-side). */
  costOf = (usage: Usage, modelId: string): number | undefined =>
    cost(this.registry.get(this.target.provider, modelId) ?? this.model.info, usage);

  thinkingLevel(): ThinkingLevel {
    return this.generation.thinkingLevel ?? "off";
  }
}

/** `stream-first-byte-timeout` and `stream-idle-timeout` are seconds in config, like the other durations. */
function streamTimeouts(config: Config): StreamTimeouts {
  const ms = (key: string, fallback: number) => {
    const seconds = config.number(key);
    return seconds === undefined ? fallback : Math.round(seconds * 1000);
  };
  return {
    firstByteMs: ms("stream-first-byte-timeout", DEFAULT_STREAM_TIMEOUTS.firstByteMs),
    idleMs: ms("stream-idle-timeout", DEFAULT_STREAM_TIMEOUTS.idleMs),
  };
}

/**
 * A provider whose module is imported at its first call (the SDKs are kit's largest modules). Once
 * loaded, `next()` goes straight to the real stream: no extra async hop per streamed event.
 */
function lazyProvider(load: () => Promise<Provider>, prepare?: (req: LLMRequest) => Promise<LLMRequest>): Provider {
  let loading: Promise<Provider> | undefined;
  return {
    stream(req: LLMRequest, signal?: AbortSignal): AsyncIterable<StreamEvent> {
      return {
        [Symbol.asyncIterator](): AsyncIterator<StreamEvent> {
          let inner: AsyncIterator<StreamEvent> | undefined;
          const start = async () => {
            const provider = await (loading ??= load());
            inner = provider.stream(prepare ? await prepare(req) : req, signal)[Symbol.asyncIterator]();
            return inner.next();
          };
          return {
            next: () => (inner ? inner.next() : start()),
            return: async (value?: unknown) => (inner?.return ? inner.return(value) : { done: true, value: value as StreamEvent }),
          };
        },
      };
    },
  };
}

export function generationOptions(config: Config): GenerationOptions {
  const o: GenerationOptions = {};
  const maxTokens = config.number("max-tokens");
  if (maxTokens !== undefined) o.maxTokens = maxTokens;
  const temperature = config.number("temperature");
  if (temperature !== undefined) o.temperature = temperature;
  const topP = config.number("top-p");
  if (topP !== undefined) o.topP = topP;
  const topK = config.number("top-k");
  if (topK !== undefined) o.topK = topK;
  const stops = config.list("stop-sequences");
  if (stops.length) o.stopSequences = stops;
  const frequency = config.number("frequency-penalty");
  if (frequency !== undefined) o.frequencyPenalty = frequency;
  const presence = config.number("presence-penalty");
  if (presence !== undefined) o.presencePenalty = presence;
  const thinking = config.string("thinking-level");
  if (thinking !== undefined) o.thinkingLevel = thinking as ThinkingLevel;
  return o;
}
