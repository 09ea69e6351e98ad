import { BUILD_COMMIT } from "./build-info.ts";

/** What `kit --version` prints: `kit <version> (commit <sha>)`; `kit upgrade` reads it back from a new binary. */
export function versionLine(version: string): string {
  return `kit ${version} (commit ${BUILD_COMMIT})`;
}
