/**
 * A local stand-in for a releases page (issue 26): serves each fake release's files and SHA256SUMS at
 * `<url>/download/v<version>/<file>`, and the newest one's at `<url>/latest/download/<file>`, the layout
 * of GitHub releases that install.sh and `kit upgrade` read (KIT_INSTALL_BASE_URL replaces the GitHub part).
 */
import { afterAll } from "bun:test";
import { createHash } from "node:crypto";

export interface FakeRelease {
  version: string;
  /** File name → content, as published. */
  files: Record<string, string>;
  /** File name → content served instead of the published one (a damaged or tampered download); SHA256SUMS still lists the published one. */
  served?: Record<string, string>;
}

export interface ReleaseServer {
  url: string;
  /** Paths requested, in order. */
  requests: string[];
}

export const sha256 = (content: string) => createHash("sha256").update(content).digest("hex");

/** A stand-in kit binary for a release: a script that answers --version as the real one does and says which file it is. */
export function fakeKit(version: string, platform: string): string {
  return `#!/bin/sh\nif [ "$1" = --version ]; then echo "kit ${version} (commit fake)"; else echo "fake kit ${version} for ${platform}"; fi\n`;
}

/** A release with a fake binary per platform and its SHA256SUMS. */
export function fakeRelease(version: string, platforms: readonly string[]): FakeRelease {
  const files: Record<string, string> = {};
  for (const p of platforms) files[`kit-${version}-${p}${p.startsWith("windows-") ? ".exe" : ""}`] = fakeKit(version, p);
  return { version, files };
}

function sums(release: FakeRelease): string {
  return Object.entries(release.files).map(([name, content]) => `${sha256(content)}  ${name}\n`).join("");
}

/** Serves the releases (the last one is the newest) on 127.0.0.1 until the test file ends. */
export function startReleaseServer(releases: FakeRelease[]): ReleaseServer {
  const requests: string[] = [];
  const byVersion = new Map(releases.map((r) => [r.version, r]));
  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    fetch(req) {
      const path = new URL(req.url).pathname;
      requests.push(path);
      const m = /^\/(?:latest\/download|download\/v([^/]+))\/([^/]+)$/.exec(path);
      const release = m ? (m[1] === undefined ? releases.at(-1) : byVersion.get(m[1])) : undefined;
      if (!m || !release) return new Response("Not Found", { status: 404 });
      const file = m[2]!;
      if (file === "SHA256SUMS") return new Response(sums(release));
      const content = release.served?.[file] ?? release.files[file];
      return content === undefined ? new Response("Not Found", { status: 404 }) : new Response(content);
    },
  });
  afterAll(() => server.stop(true));
  return { url: `http://127.0.0.1:${server.port}`, requests };
}
