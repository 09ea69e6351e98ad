/**
 * Fetching over HTTPS (and plain HTTP) with isomorphic-git; no system git needed.
 *
 * The HTTP client is isomorphic-git's fetch-based one (`isomorphic-git/http/web`) on Bun's own fetch:
 * its `http/node` client goes through `url.parse()`, which prints a deprecation warning on stderr.
 *
 * A fetch is shallow (depth 1, one ref, no tags) wherever the server allows it: a branch, a tag, a
 * full commit id. A commit the server refuses to send shallowly, or an abbreviated one, falls back
 * to fetching the whole history. The checkout is a detached HEAD at the commit.
 *
 * Nothing over the limits of limits.ts gets in: the download is cut off past the total size, each pack
 * is looked into (pack-scan.ts) before isomorphic-git writes and indexes it, and the commit's tree is
 * measured before anything is checked out.
 */
import * as git from "isomorphic-git";
import http from "isomorphic-git/http/web";
import fs from "node:fs";
import { rmSync } from "node:fs";
import { KitError } from "../errors.ts";
import type { HttpAuth } from "./credentials.ts";
import { formatBytes, INSTALL_LIMITS } from "./limits.ts";
import { checkCommit, refuseOversize, scanPack, type PackScan } from "./pack-scan.ts";
import type { RemoteRef, Want } from "./refs.ts";

export type Progress = (phase: string, loaded: number, total: number) => void;

export async function httpListRefs(url: string, auth: HttpAuth): Promise<RemoteRef[]> {
  const refs = await git.listServerRefs({
    http,
    url,
    symrefs: true,
    peelTags: true,
    onAuth: auth.onAuth,
    onAuthFailure: auth.onAuthFailure,
    onAuthSuccess: auth.onAuthSuccess,
  });
  return refs.map((r) => ({ ref: r.ref, oid: r.oid, ...(r.peeled ? { peeled: r.peeled } : {}), ...(r.target ? { target: r.target } : {}) }));
}

/** Fetches `want` from `url` into a new repository at `dir` and checks it out; returns the commit. */
export async function httpFetch(dir: string, url: string, want: Want, auth: HttpAuth, progress?: Progress): Promise<string> {
  const cache = {};
  const onProgress = progress ? (e: git.GitProgressEvent) => progress(e.phase, e.loaded, e.total) : undefined;
  const packs = new PackChecks(url);
  const common = { fs: packs.fs, http: limitedHttp(url), dir, cache, remote: "origin", onProgress, onAuth: auth.onAuth, onAuthFailure: auth.onAuthFailure, onAuthSuccess: auth.onAuthSuccess };
  const init = async () => {
    rmSync(dir, { recursive: true, force: true });
    await git.init({ fs, dir, defaultBranch: "main" });
    await git.addRemote({ fs, dir, remote: "origin", url });
  };

  await init();
  let oid: string;
  if (want.kind === "commit") {
    oid = await fetchCommit(want.commit, common, init);
  } else {
    const r = await git.fetch({ ...common, ref: want.ref, singleBranch: true, depth: 1, tags: false });
    if (!r.fetchHead) throw new Error(`the server sent nothing for ${want.ref}`);
    oid = r.fetchHead;
  }
  const scan = await packs.last();
  if (scan) checkCommit(scan, oid, INSTALL_LIMITS, url);
  await git.checkout({ fs, dir, cache, ref: oid, force: true, onProgress });
  return git.resolveRef({ fs, dir, ref: "HEAD" });
}

async function fetchCommit(commit: string, common: Parameters<typeof git.fetch>[0], init: () => Promise<void>): Promise<string> {
  if (commit.length === 40) {
    try {
      await git.fetch({ ...common, ref: commit, singleBranch: true, depth: 1, tags: false });
      await git.readCommit({ fs: common.fs, dir: common.dir!, oid: commit, cache: common.cache }); // sent, really?
      return commit;
    } catch (err) {
      if (err instanceof KitError) throw err; // over a limit: the whole history would be no smaller
      if ((err as { code?: string }).code === "HttpError" && (err as { data?: { statusCode?: number } }).data?.statusCode === 401) throw err;
      await init(); // the server would not send that commit alone: take the whole history
    }
  }
  await git.fetch({ ...common, singleBranch: false, tags: true });
  try {
    const oid = await git.expandOid({ fs: common.fs, dir: common.dir!, oid: commit, cache: common.cache });
    await git.readCommit({ fs: common.fs, dir: common.dir!, oid, cache: common.cache });
    return oid;
  } catch {
    throw new CommitNotFound(commit);
  }
}

export class CommitNotFound extends Error {
  constructor(readonly commit: string) {
    super(`no commit ${commit} in the repository`);
    this.name = "CommitNotFound";
  }
}

const PACK_FILE = /[\\/]objects[\\/]pack[\\/]pack-[0-9a-f]+\.pack$/;

/**
 * The file system isomorphic-git fetches through: before a pack is written (and then indexed, which
 * inflates every object whole), it is scanned, and refused when an object is over the one-file limit.
 * isomorphic-git retries a failed write once, so a pack's scan is kept and not done twice.
 */
class PackChecks {
  private scanned: { pack: Uint8Array; scan: Promise<PackScan> } | undefined;
  readonly fs: { promises: typeof fs.promises };

  constructor(private readonly url: string) {
    const writeFile: typeof fs.promises.writeFile = async (path, data, options) => {
      if (data instanceof Uint8Array && PACK_FILE.test(String(path))) {
        if (this.scanned?.pack !== data) this.scanned = { pack: data, scan: scanPack(data, INSTALL_LIMITS) };
        refuseOversize(await this.scanned.scan, INSTALL_LIMITS, this.url);
      }
      return fs.promises.writeFile(path, data, options);
    };
    this.fs = { promises: Object.assign(Object.create(fs.promises) as typeof fs.promises, { writeFile }) };
  }

  /** The scan of the last pack written, if any. */
  last(): Promise<PackScan> | undefined {
    return this.scanned?.scan;
  }
}

/** isomorphic-git's HTTP client, with every response cut off past the total-size limit. */
function limitedHttp(url: string): git.HttpClient {
  return {
    async request(req) {
      const res = await http.request(req);
      if (!res.body) return res;
      const body = res.body;
      return {
        ...res,
        body: (async function* () {
          let received = 0;
          for await (const chunk of body) {
            received += chunk.length;
            if (received > INSTALL_LIMITS.totalBytes) {
              throw new KitError(`${url} sent more than ${formatBytes(INSTALL_LIMITS.totalBytes)}, kit install's limit for one package; nothing was installed`, 1, "too-large");
            }
            yield chunk;
          }
        })(),
      };
    },
  };
}
