/**
 * Fetching over HTTPS (and plain HTTP) with isomorphic-git; no system git needed.
 *
 * The HTTP client is isomorphic-git's fetch-based one (`isomorphic-git/http/web`) on Bun's own fetch:
 * its `http/node` client goes through `url.parse()`, which prints a deprecation warning on stderr.
 *
 * A fetch is shallow (depth 1, one ref, no tags) wherever the server allows it: a branch, a tag, a
 * full commit id. A commit the server refuses to send shallowly, or an abbreviated one, falls back
 * to fetching the whole history. The checkout is a detached HEAD at the commit.
 */
import * as git from "isomorphic-git";
import http from "isomorphic-git/http/web";
import fs from "node:fs";
import { rmSync } from "node:fs";
import type { HttpAuth } from "./credentials.ts";
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
  const common = { fs, http, dir, cache, remote: "origin", onProgress, onAuth: auth.onAuth, onAuthFailure: auth.onAuthFailure, onAuthSuccess: auth.onAuthSuccess };
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
