/**
 * Where releases are and what one holds. The layout is GitHub's: the newest release's files at
 * `<base>/latest/download/<file>`, version X's at `<base>/download/vX/<file>`; `KIT_INSTALL_BASE_URL`
 * (shared with install.sh) replaces the GitHub part for a mirror. A release's SHA256SUMS lists every file
 * with its SHA-256, so it also says which version "latest" is.
 */
import { KitError, EXIT } from "../errors.ts";
import { releaseFileSuffix } from "./platform.ts";

export const DEFAULT_RELEASES_URL = "https://github.com/kit-agent/kit/releases";

/** One platform's binary in a release. */
export interface ReleaseBinary {
  version: string;
  file: string;
  url: string;
  sha256: string;
}

export function releasesBaseUrl(env: NodeJS.ProcessEnv): string {
  return (env.KIT_INSTALL_BASE_URL || DEFAULT_RELEASES_URL).replace(/\/+$/, "");
}

/** The folder URL of a release: the newest, or a given version. */
function releaseUrl(base: string, version: string | undefined): string {
  return version === undefined ? `${base}/latest/download` : `${base}/download/v${version}`;
}

/** Reads a release's SHA256SUMS and finds the binary for `platform`. */
export async function findReleaseBinary(base: string, version: string | undefined, platform: string): Promise<ReleaseBinary> {
  const folder = releaseUrl(base, version);
  const sums = await download(`${folder}/SHA256SUMS`, version === undefined ? "" : ` (is ${version} a kit release?)`);
  const suffix = releaseFileSuffix(platform);
  for (const line of new TextDecoder().decode(sums).split("\n")) {
    const m = /^([0-9a-f]{64}) [ *](kit-(.+))$/.exec(line.trim());
    if (!m || !m[3]!.endsWith(suffix)) continue;
    const found = m[3]!.slice(0, -suffix.length);
    if (version !== undefined && found !== version) continue;
    return { version: found, file: m[2]!, url: `${folder}/${m[2]}`, sha256: m[1]! };
  }
  throw new KitError(`the release at ${folder} has no kit binary for ${platform}`, EXIT.runFailed, "upgrade");
}

/** The body of a URL; an HTTP or network failure is an error that names the URL. */
export async function download(url: string, hint = ""): Promise<Uint8Array> {
  let res: Response;
  try {
    res = await fetch(url, { redirect: "follow" });
  } catch (err) {
    throw new KitError(`cannot download ${url}: ${(err as Error).message}; check the network (or KIT_INSTALL_BASE_URL)`, EXIT.unavailable, "upgrade");
  }
  if (!res.ok) throw new KitError(`cannot download ${url}: HTTP ${res.status}${hint}`, EXIT.runFailed, "upgrade");
  return new Uint8Array(await res.arrayBuffer());
}

/** Orders release versions (`0.10.0` after `0.9.1`; a pre-release `1.0.0-rc.1` before `1.0.0`). */
export function compareVersions(a: string, b: string): number {
  const [coreA, preA] = splitVersion(a);
  const [coreB, preB] = splitVersion(b);
  for (let i = 0; i < Math.max(coreA.length, coreB.length); i++) {
    const d = (coreA[i] ?? 0) - (coreB[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (preA === preB) return 0;
  if (preA === undefined) return 1;
  if (preB === undefined) return -1;
  return preA < preB ? -1 : 1;
}

function splitVersion(v: string): [number[], string | undefined] {
  const dash = v.indexOf("-");
  const core = dash === -1 ? v : v.slice(0, dash);
  return [core.split(".").map((n) => Number.parseInt(n, 10) || 0), dash === -1 ? undefined : v.slice(dash + 1)];
}
