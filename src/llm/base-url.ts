import { UsageError } from "../errors.ts";

/**
 * Checks a provider base URL where it enters kit (a flag, a config key, an environment variable),
 * so a mistake is a usage error naming its source and the fix, never a connection that is retried
 * and then reported as an outage. `source` names where it came from ("--provider-url",
 * "KIT_PROVIDER_URL", "providers.ollama.baseUrl", "/home/u/.kit.yml:3: provider-url").
 */
export function checkBaseUrl(url: string, source: string): string {
  const s = url.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) {
    throw new UsageError(`${source} ${JSON.stringify(s)} has no scheme: write it as http://${s.replace(/^\/+/, "")} (or https://…)`);
  }
  if (!/^https?:\/\//i.test(s)) {
    throw new UsageError(`${source} ${JSON.stringify(s)} must be an http:// or https:// URL`);
  }
  try {
    new URL(s);
  } catch {
    throw new UsageError(`${source} ${JSON.stringify(s)} is not a valid URL: write it as http://host:port/path`);
  }
  return s;
}

/**
 * A URL as kit shows it (--debug, error messages): a password in it and the values of its query
 * parameters (where some gateways take a key) become "***"; anything else is left as written.
 */
export function redactUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  if (!u.username && !u.password && !u.search) return url;
  if (u.password) u.password = "***";
  else if (u.username) u.username = "***";
  for (const key of new Set(u.searchParams.keys())) u.searchParams.set(key, "***");
  return u.href.replace(/%2A%2A%2A/g, "***");
}
