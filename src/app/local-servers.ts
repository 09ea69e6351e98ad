/**
 * Local model servers a first start can offer: Ollama and LM Studio on their default ports of this
 * machine (OLLAMA_HOST moves Ollama's), found by asking each for its model list. Quick and in the
 * background: a port where nothing listens refuses at once, and a hung one is given up on.
 */
import type { ModelRegistry } from "../llm/models/registry.ts";
import { catalogueBaseUrl } from "../llm/routing.ts";

export interface LocalServer {
  /** The catalogue's provider: `ollama/<model>` or `lmstudio/<model>` reaches it. */
  provider: string;
  name: string;
  baseUrl: string;
  models: string[];
}

const LOCAL_PROVIDERS = ["ollama", "lmstudio"];
const PROBE_TIMEOUT_MS = 500;

export async function detectLocalServers(registry: ModelRegistry, env: NodeJS.ProcessEnv): Promise<LocalServer[]> {
  const found = await Promise.all(
    LOCAL_PROVIDERS.map(async (provider): Promise<LocalServer | undefined> => {
      const meta = registry.providerMeta(provider);
      const url = meta && catalogueBaseUrl(meta, env);
      if (!url) return undefined;
      // The default ports are this machine's; 127.0.0.1 avoids a resolver's detour through ::1.
      const baseUrl = url.replace("://localhost:", "://127.0.0.1:");
      try {
        const res = await fetch(`${baseUrl}/models`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
        if (!res.ok) return undefined;
        const body = (await res.json()) as { data?: { id?: unknown }[] };
        const models = (body.data ?? []).map((m) => m.id).filter((id): id is string => typeof id === "string");
        return models.length > 0 ? { provider, name: meta.name, baseUrl, models } : undefined;
      } catch {
        return undefined;
      }
    }),
  );
  return found.filter((s): s is LocalServer => s !== undefined);
}
