/**
 * Release platforms and file names. A release holds one binary per platform, named
 * `kit-<version>-<platform>[.exe]`, and a `SHA256SUMS` file listing them; build.ts targets map to them
 * (`bun-linux-x64-musl` → `linux-x64-musl`). install.sh follows the same names.
 */
import { existsSync, readdirSync } from "node:fs";

/** Every platform build.ts compiles for (`--target all`); each is one binary of a release. */
export const BUILD_TARGETS = [
  "bun-linux-x64",
  "bun-linux-arm64",
  "bun-linux-x64-musl",
  "bun-linux-arm64-musl",
  "bun-darwin-x64",
  "bun-darwin-arm64",
  "bun-windows-x64",
] as const;

/** The release platform of a build.ts target (`bun-darwin-arm64` → `darwin-arm64`). */
export function platformOfTarget(target: string): string {
  return target.replace(/^bun-/, "");
}

/** The release platform of the machine this runs on, for a build without --target. */
export function hostPlatform(): string {
  const os = process.platform === "win32" ? "windows" : process.platform;
  return `${os}-${process.arch}${os === "linux" && usesMusl() ? "-musl" : ""}`;
}

/** musl systems (Alpine) have the musl dynamic loader in /lib and no glibc one. */
function usesMusl(): boolean {
  if (!existsSync("/lib")) return false;
  return readdirSync("/lib").some((name) => name.startsWith("ld-musl-"));
}

/** The file name of a platform's binary in a release. */
export function releaseFileName(version: string, platform: string): string {
  return `kit-${version}${releaseFileSuffix(platform)}`;
}

/** What a platform's binary name ends with after the version: `-linux-x64`, `-windows-x64.exe`. */
export function releaseFileSuffix(platform: string): string {
  return `-${platform}${platform.startsWith("windows-") ? ".exe" : ""}`;
}
