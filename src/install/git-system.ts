/**
 * Fetching SSH sources (`ssh://git@host/user/repo`, `git@host:user/repo`) with the system git:
 * isomorphic-git speaks no SSH. Same shape as git-http.ts: list the remote's refs, fetch one commit
 * (shallow where the server allows it) into a new repository and check it out detached. The user's
 * own ssh setup (keys, agent, known_hosts, GIT_SSH_COMMAND) applies.
 */
import { mkdirSync, rmSync } from "node:fs";
import { KitError } from "../errors.ts";
import { CommitNotFound } from "./git-http.ts";
import type { RemoteRef, Want } from "./refs.ts";

/** The system git, or a clear error when there is none. */
export function systemGit(env: NodeJS.ProcessEnv, url: string): string {
  const git = Bun.which("git", { PATH: env.PATH ?? "" });
  if (!git) {
    throw new KitError(
      `${url} is an SSH source, which needs the system git (isomorphic-git has no SSH), and git was not found on PATH: install git, or use the HTTPS form of the source (e.g. https://host/user/repo)`,
      1,
      "fetch",
    );
  }
  return git;
}

interface GitRun {
  git: string;
  env: NodeJS.ProcessEnv;
  /** Show git's own progress (stderr is a terminal). */
  showProgress: boolean;
}

async function run(r: GitRun, args: string[], cwd?: string, progress = false): Promise<string> {
  const proc = Bun.spawn([r.git, ...args], {
    ...(cwd ? { cwd } : {}),
    env: { ...r.env, GIT_TERMINAL_PROMPT: "0" } as Record<string, string>,
    stdin: "ignore",
    stdout: "pipe",
    stderr: progress && r.showProgress ? "inherit" : "pipe",
  });
  const [out, err, code] = await Promise.all([
    new Response(proc.stdout).text(),
    proc.stderr ? new Response(proc.stderr).text() : Promise.resolve(""),
    proc.exited,
  ]);
  if (code !== 0) throw new SystemGitError(args, err.trim() || `git exited with code ${code}`);
  return out;
}

export class SystemGitError extends Error {
  constructor(
    readonly args: string[],
    readonly stderr: string,
  ) {
    super(stderr);
    this.name = "SystemGitError";
  }
}

export async function sshListRefs(url: string, r: GitRun): Promise<RemoteRef[]> {
  const out = await run(r, ["ls-remote", "--symref", url]);
  const refs = new Map<string, RemoteRef>();
  let headTarget: string | undefined;
  for (const line of out.split("\n")) {
    const sym = /^ref: (\S+)\tHEAD$/.exec(line);
    if (sym) {
      headTarget = sym[1];
      continue;
    }
    const m = /^([0-9a-f]{40,64})\t(\S+)$/.exec(line);
    if (!m) continue;
    const [, oid, ref] = m as unknown as [string, string, string];
    if (ref.endsWith("^{}")) {
      const base = refs.get(ref.slice(0, -3));
      if (base) base.peeled = oid;
    } else {
      refs.set(ref, { ref, oid });
    }
  }
  const head = refs.get("HEAD");
  if (head && headTarget) head.target = headTarget;
  return [...refs.values()];
}

/** Fetches `want` into a new repository at `dir` and checks it out; returns the commit. */
export async function sshFetch(dir: string, url: string, want: Want, r: GitRun): Promise<string> {
  const init = async () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    await run(r, ["init", "-q"], dir);
    await run(r, ["remote", "add", "origin", url], dir);
  };
  await init();
  const quiet = r.showProgress ? "--progress" : "-q";
  let target = "FETCH_HEAD";
  if (want.kind === "commit") {
    let shallow = false;
    if (want.commit.length === 40) {
      try {
        await run(r, ["fetch", quiet, "--depth", "1", "--no-tags", "origin", want.commit], dir, true);
        shallow = true;
      } catch {
        await init();
      }
    }
    if (!shallow) {
      await run(r, ["fetch", quiet, "--tags", "origin", "+refs/heads/*:refs/remotes/origin/*"], dir, true);
      try {
        target = (await run(r, ["rev-parse", "--verify", "--quiet", `${want.commit}^{commit}`], dir)).trim();
      } catch {
        throw new CommitNotFound(want.commit);
      }
    }
  } else {
    await run(r, ["fetch", quiet, "--depth", "1", "--no-tags", "origin", want.ref], dir, true);
  }
  await run(r, ["-c", "advice.detachedHead=false", "checkout", "-q", "--detach", target], dir);
  return (await run(r, ["rev-parse", "HEAD"], dir)).trim();
}
