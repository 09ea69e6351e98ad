/**
 * The preload bundle of `kit test` as a file Bun can load: written once to the cache directory under
 * a name made from its content's hash (so each kit version has its own, and a file is never rewritten
 * with other content), atomically (a crash or a concurrent `kit test` never leaves half a file).
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../../config/atomic-write.ts";
import { buildPreload } from "./preload-build.ts";
import { EMBEDDED_PRELOAD } from "./preload-embedded.ts";

/** The bundle embedded in the binary, or (running from source) one built now. */
export async function preloadSource(): Promise<string> {
  return EMBEDDED_PRELOAD ?? (await buildPreload());
}

export function preloadFileName(source: string): string {
  return `test-preload-${createHash("sha256").update(source).digest("hex").slice(0, 16)}.js`;
}

/** Path of the preload file in `cacheDir`, writing it first if it is not there yet. */
export async function ensurePreloadFile(cacheDir: string, source?: string): Promise<string> {
  const text = source ?? (await preloadSource());
  const file = join(cacheDir, preloadFileName(text));
  if (!existsSync(file)) writeFileAtomic(file, text);
  return file;
}
