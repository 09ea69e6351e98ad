/**
 * Credentials for private HTTPS repositories (spec/install.md): asked for only when the server answers
 * 401, from, in order, credentials written in the source URL, `KIT_GIT_TOKEN` (any host),
 * `GITHUB_TOKEN` (github.com) or `GITLAB_TOKEN` (gitlab.com), else the user's git credential helper
 * (`git credential fill`, when git is installed; never prompting). A token is never printed: messages
 * name where it came from, not what it is.
 */
import type { AuthCallback, AuthFailureCallback, AuthSuccessCallback } from "isomorphic-git";
import { AuthError } from "../errors.ts";

export interface Credentials {
  username: string;
  password: string;
  /** Where they came from, for messages: "KIT_GIT_TOKEN", "the git credential helper", … */
  from: string;
}

/** A token from the environment for this host, if any. */
export function tokenFromEnv(host: string, env: NodeJS.ProcessEnv): Credentials | undefined {
  const bare = host.replace(/:\d+$/, "");
  const username = bare === "gitlab.com" || bare.endsWith(".gitlab.com") ? "oauth2" : "x-access-token";
  if (env.KIT_GIT_TOKEN) return { username, password: env.KIT_GIT_TOKEN, from: "KIT_GIT_TOKEN" };
  if ((bare === "github.com" || bare.endsWith(".github.com")) && env.GITHUB_TOKEN) return { username, password: env.GITHUB_TOKEN, from: "GITHUB_TOKEN" };
  if ((bare === "gitlab.com" || bare.endsWith(".gitlab.com")) && env.GITLAB_TOKEN) return { username, password: env.GITLAB_TOKEN, from: "GITLAB_TOKEN" };
  return undefined;
}

/** Runs `git credential <action>` with the given fields; the output on success, undefined otherwise. */
function gitCredential(action: "fill" | "approve" | "reject", fields: Record<string, string>, env: NodeJS.ProcessEnv): string | undefined {
  const git = Bun.which("git", { PATH: env.PATH ?? "" });
  if (!git) return undefined;
  const input = Object.entries(fields)
    .map(([k, v]) => `${k}=${v}\n`)
    .join("");
  try {
    const r = Bun.spawnSync([git, "credential", action], {
      stdin: new TextEncoder().encode(input + "\n"),
      stdout: "pipe",
      stderr: "pipe",
      env: { ...env, GIT_TERMINAL_PROMPT: "0", GCM_INTERACTIVE: "never" } as Record<string, string>,
    });
    return r.exitCode === 0 ? r.stdout.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** What the user's credential helper has for this URL. */
export function credentialHelper(url: URL, env: NodeJS.ProcessEnv): Credentials | undefined {
  const out = gitCredential("fill", { protocol: url.protocol.replace(/:$/, ""), host: url.host }, env);
  if (!out) return undefined;
  const fields = Object.fromEntries(
    out
      .split("\n")
      .filter((l) => l.includes("="))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
  if (!fields.password) return undefined;
  return { username: fields.username ?? "x-access-token", password: fields.password, from: "the git credential helper" };
}

/**
 * isomorphic-git's auth callbacks for one repository URL. The credentials found on the first 401 are
 * kept for the next requests of the same operation; when the server rejects them, the helper is told
 * (`git credential reject`) and the fetch fails with an AuthError that says what to do.
 */
export class HttpAuth {
  private found: Credentials | undefined;
  private looked = false;
  rejected: Credentials | undefined;

  constructor(
    private readonly url: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly fromUrl?: { username: string; password: string },
  ) {}

  readonly onAuth: AuthCallback = () => {
    if (!this.looked) {
      this.looked = true;
      const parsed = new URL(this.url);
      this.found = this.fromUrl
        ? { ...this.fromUrl, from: "the source URL" }
        : (tokenFromEnv(parsed.host, this.env) ?? credentialHelper(parsed, this.env));
    }
    return this.found ? { username: this.found.username, password: this.found.password } : undefined;
  };

  readonly onAuthFailure: AuthFailureCallback = () => {
    if (this.found?.from === "the git credential helper") this.helper("reject");
    this.rejected = this.found;
    return undefined;
  };

  readonly onAuthSuccess: AuthSuccessCallback = () => {
    if (this.found?.from === "the git credential helper") this.helper("approve");
  };

  private helper(action: "approve" | "reject"): void {
    if (!this.found) return;
    const parsed = new URL(this.url);
    gitCredential(action, { protocol: parsed.protocol.replace(/:$/, ""), host: parsed.host, username: this.found.username, password: this.found.password }, this.env);
  }

  /** The error for a 401: no credentials found, or these were rejected. */
  error(): AuthError {
    const host = new URL(this.url).host;
    if (this.rejected || this.found) {
      return new AuthError(`${host} rejected the credentials from ${(this.rejected ?? this.found)!.from} for ${this.url}: check that the token is valid and can read this repository`);
    }
    const specific = host === "github.com" ? " or GITHUB_TOKEN" : host === "gitlab.com" ? " or GITLAB_TOKEN" : "";
    return new AuthError(`${host} asks for credentials to read ${this.url}: set KIT_GIT_TOKEN${specific} to a token with read access, or configure a git credential helper`);
  }
}
