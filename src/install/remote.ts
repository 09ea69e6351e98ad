/**
 * One remote repository, whatever its transport: isomorphic-git for http(s), the system git for SSH.
 * Lists refs and fetches a commit into a directory; turns every failure into a KitError whose message
 * says what went wrong and what to do (never showing a token).
 */
import { AuthError, KitError } from "../errors.ts";
import { HttpAuth } from "./credentials.ts";
import { CommitNotFound, httpFetch, httpListRefs, type Progress } from "./git-http.ts";
import { sshFetch, sshListRefs, SystemGitError, systemGit } from "./git-system.ts";
import type { RemoteRef, Want } from "./refs.ts";

export interface RemoteOptions {
  env: NodeJS.ProcessEnv;
  /** Progress of a running fetch (terminal only). */
  progress?: Progress;
}

export class Remote {
  private readonly auth: HttpAuth | undefined;

  constructor(
    readonly url: string,
    readonly transport: "http" | "ssh",
    private readonly opts: RemoteOptions,
    credentials?: { username: string; password: string },
  ) {
    this.auth = transport === "http" ? new HttpAuth(url, opts.env, credentials) : undefined;
  }

  async refs(): Promise<RemoteRef[]> {
    try {
      if (this.auth) return await httpListRefs(this.url, this.auth);
      return await sshListRefs(this.url, this.git());
    } catch (err) {
      throw this.explain(err, "refs");
    }
  }

  /** Fetches `want` into a new repository at `dir`; returns the checked-out commit. */
  async fetch(dir: string, want: Want): Promise<string> {
    try {
      if (this.auth) return await httpFetch(dir, this.url, want, this.auth, this.opts.progress);
      return await sshFetch(dir, this.url, want, this.git());
    } catch (err) {
      throw this.explain(err, "fetch");
    }
  }

  private git() {
    return { git: systemGit(this.opts.env, this.url), env: this.opts.env, showProgress: this.opts.progress !== undefined };
  }

  private explain(err: unknown, phase: "refs" | "fetch"): KitError {
    if (err instanceof KitError) return err;
    if (err instanceof CommitNotFound) return new KitError(`${this.url} has no commit ${err.commit}`, 1, "fetch");
    if (err instanceof SystemGitError) return new KitError(`git could not fetch ${this.url}: ${lastLines(err.stderr)}`, 1, "fetch");
    const e = err as { code?: string; name?: string; message?: string; data?: { statusCode?: number; statusMessage?: string } };
    const status = e.data?.statusCode;
    if (e.code === "HttpError" && (status === 401 || status === 203) && this.auth) return this.auth.error();
    if (e.code === "HttpError" && status === 403) return new AuthError(`${this.url} refused access (HTTP 403): check that your token can read this repository`);
    if (e.code === "HttpError" && status === 404) return new KitError(`no git repository at ${this.url} (HTTP 404): check the address (and, for a private repository, set KIT_GIT_TOKEN)`, 1, "fetch");
    if (e.code === "HttpError") return new KitError(`${this.url} answered HTTP ${status} ${e.data?.statusMessage ?? ""}`.trimEnd() + "; try again later", 4, "fetch");
    if (e.code === "ParseError" && phase === "fetch") {
      return new KitError(`the transfer from ${this.url} broke off (${e.message}); check your network and try again`, 4, "fetch");
    }
    if (e.code === "SmartHttpError" || e.code === "ParseError") return new KitError(`${this.url} is not a git repository (the server does not speak git's smart HTTP protocol)`, 1, "fetch");
    if (e.code === "UserCanceledError") return new KitError(`fetching ${this.url} was cancelled`, 130, "fetch");
    const message = e.message ?? String(err);
    if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|Unable to connect|socket|network|timed? ?out|fetch failed/i.test(message)) {
      return new KitError(`cannot reach ${this.url}: ${message}; check the address and your network, then try again`, 4, "fetch");
    }
    return new KitError(`fetching ${this.url} failed: ${message}`, 1, "fetch");
  }
}

function lastLines(text: string): string {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  return lines.slice(-3).join(" / ") || "no details";
}
