/**
 * Sources of `kit install` (spec/install.md, Sources), parsed into what a fetch needs:
 *
 *   github.com/user/repo[/sub/dir][@ref]        (also gitlab.com, bitbucket.org: the first two segments are the repo)
 *   git:host/user/repo…                         (the prefix is stripped)
 *   https://host/path/repo[.git][/sub/dir][@ref] (http:// too, e.g. a local server)
 *   ssh://git@host[:port]/user/repo…, git@host:user/repo…   (fetched with the system git)
 *
 * On other hosts the whole path is the repository, unless a `.git` segment or a `//` ends it:
 * `https://host/team/tools.git/sub/dir` and `https://host/team/tools//sub/dir` both mean `sub/dir` of
 * `https://host/team/tools[.git]`. A `@ref` (tag, branch or commit; may contain `/`) follows the path.
 * Credentials written into an http(s) URL are taken out of it: they are used for that one fetch and
 * are never stored or printed.
 */
import { UsageError } from "../errors.ts";

/** Hosts whose repositories are always `<owner>/<repo>`, so what follows is a sub-directory. */
const KNOWN_HOSTS = new Set(["github.com", "gitlab.com", "bitbucket.org"]);

export interface Source {
  /** What the user typed, with any credentials removed. */
  text: string;
  transport: "http" | "ssh";
  /** What git fetches from: an http(s) URL, or an ssh URL / scp-like address. No credentials, no ref, no sub-directory. */
  url: string;
  /** Host name, with `:port` for http(s) URLs on a non-default port; never a user. */
  host: string;
  /** Repository path on the host, without a trailing `.git`: `user/repo`. */
  path: string;
  /** Sub-directory of the repository whose extensions are wanted. */
  subdir?: string;
  /** Tag, branch or commit after `@`. */
  ref?: string;
  /** `user:password` found in an http(s) URL (never stored). */
  credentials?: { username: string; password: string };
}

/** `<host>/<path>`: one repository, whatever its ref or sub-directory. */
export function repoId(s: { host: string; path: string }): string {
  return `${s.host}/${s.path}`;
}

/** `<host>/<path>[/<subdir>]`, how kit names an installed package in messages. */
export function packageId(s: { host: string; path: string; subdir?: string }): string {
  return s.subdir ? `${repoId(s)}/${s.subdir}` : repoId(s);
}

const EXAMPLES = "github.com/user/repo, github.com/user/repo/sub/dir@v1.0, https://host/path/repo.git, git@host:user/repo";

export function parseSource(input: string): Source {
  const text = input.trim();
  const fail = (why: string): never => {
    throw new UsageError(`cannot install from "${redact(text)}": ${why}. A source looks like ${EXAMPLES}`);
  };
  if (text === "") fail("the source is empty");
  if (/\s/.test(text)) fail("a source has no spaces");
  let rest = text.startsWith("git:") && !text.startsWith("git://") ? text.slice(4) : text;

  let transport: Source["transport"];
  let scheme: string;
  let host: string;
  let credentials: Source["credentials"];
  let user: string | undefined;
  let pathPart: string;
  let scpLike = false;
  let absolute = false;
  const url = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/]*)(\/.*)?$/.exec(rest);
  if (url) {
    scheme = url[1]!.toLowerCase();
    if (scheme !== "https" && scheme !== "http" && scheme !== "ssh") fail(`the ${scheme}:// scheme is not supported (use https://, http:// or ssh://)`);
    transport = scheme === "ssh" ? "ssh" : "http";
    let authority = url[2]!;
    const at = authority.lastIndexOf("@");
    if (at >= 0) {
      const info = authority.slice(0, at);
      authority = authority.slice(at + 1);
      if (transport === "http") {
        const colon = info.indexOf(":");
        credentials = {
          username: decodeURIComponent(colon >= 0 ? info.slice(0, colon) : info),
          password: decodeURIComponent(colon >= 0 ? info.slice(colon + 1) : ""),
        };
      } else {
        user = info;
      }
    }
    host = authority.toLowerCase();
    if (scheme === "https") host = host.replace(/:443$/, "");
    if (scheme === "http") host = host.replace(/:80$/, "");
    pathPart = (url[3] ?? "").replace(/^\//, "");
  } else if (/^[^@/:]+@[^/:]+:/.test(rest)) {
    // scp-like: git@host:user/repo
    transport = "ssh";
    scheme = "ssh";
    scpLike = true;
    const at = rest.indexOf("@");
    const colon = rest.indexOf(":", at);
    user = rest.slice(0, at);
    host = rest.slice(at + 1, colon).toLowerCase();
    pathPart = rest.slice(colon + 1);
    absolute = pathPart.startsWith("/");
    pathPart = pathPart.replace(/^\/+/, "");
  } else {
    // host/user/repo, fetched over HTTPS
    transport = "http";
    scheme = "https";
    const slash = rest.indexOf("/");
    host = (slash < 0 ? rest : rest.slice(0, slash)).toLowerCase();
    pathPart = slash < 0 ? "" : rest.slice(slash + 1);
    if (!/^[a-z0-9.-]+(:\d+)?$/.test(host) || !(host.includes(".") || host.startsWith("localhost"))) {
      fail(`"${host}" is not a host name`);
    }
  }
  if (host === "" || /[\s\\]/.test(host)) fail("the host is missing");
  if (host.startsWith("-") || user?.startsWith("-")) fail("a host or user name cannot start with -");

  // @ref: the first "@" of the path (a ref may contain "/").
  let ref: string | undefined;
  const refAt = pathPart.indexOf("@");
  if (refAt >= 0) {
    ref = pathPart.slice(refAt + 1);
    pathPart = pathPart.slice(0, refAt);
    if (ref === "" || !validRef(ref)) fail(`"@${ref}" is not a valid tag, branch or commit`);
  }

  // Repository path and sub-directory.
  let repoPath: string;
  let subdir: string | undefined;
  const doubleSlash = pathPart.indexOf("//");
  if (doubleSlash >= 0) {
    repoPath = pathPart.slice(0, doubleSlash);
    subdir = pathPart.slice(doubleSlash + 2);
  } else {
    const segments = pathPart.split("/").filter((s, i, all) => s !== "" || i < all.length - 1);
    const gitEnd = segments.findIndex((s) => s.endsWith(".git") && s.length > 4);
    const bareHost = host.replace(/:\d+$/, "");
    if (gitEnd >= 0) {
      repoPath = segments.slice(0, gitEnd + 1).join("/");
      subdir = segments.slice(gitEnd + 1).join("/");
    } else if (KNOWN_HOSTS.has(bareHost)) {
      repoPath = segments.slice(0, 2).join("/");
      subdir = segments.slice(2).join("/");
    } else {
      repoPath = segments.join("/");
    }
  }
  repoPath = repoPath.replace(/\/+$/, "");
  subdir = subdir?.replace(/^\/+|\/+$/g, "") || undefined;
  const path = repoPath.replace(/\.git$/, "");
  const segments = path.split("/");
  if (path === "" || segments.some((s) => s === "")) fail("the repository path is missing (expected host/user/repo)");
  if (KNOWN_HOSTS.has(host) && segments.length < 2) fail(`a ${host} repository is ${host}/<owner>/<repo>`);
  for (const s of [...segments, ...(subdir?.split("/") ?? [])]) {
    if (s === "" || s === "." || s === ".." || s === ".git" || /[\\\0]/.test(s)) fail(`"${s}" is not allowed in a path`);
  }

  let fetchUrl: string;
  if (transport === "http") fetchUrl = `${scheme}://${host}/${repoPath}`;
  else if (scpLike) fetchUrl = `${user}@${host}:${absolute ? "/" : ""}${repoPath}`;
  else fetchUrl = `ssh://${user ? user + "@" : ""}${host}/${repoPath}`;
  const sshHost = transport === "ssh" ? host.replace(/:\d+$/, "") : host;

  return {
    text: credentials ? redact(text) : text,
    transport,
    url: fetchUrl,
    host: sshHost,
    path,
    ...(subdir ? { subdir } : {}),
    ...(ref ? { ref } : {}),
    ...(credentials ? { credentials } : {}),
  };
}

/** Refs as git allows them (git-check-ref-format), enough to refuse anything that could be a flag or a path trick. */
function validRef(ref: string): boolean {
  if (ref.startsWith("-") || ref.startsWith("/") || ref.endsWith("/") || ref.endsWith(".") || ref.endsWith(".lock")) return false;
  if (ref.includes("..") || ref.includes("//") || ref.includes("@{")) return false;
  return !/[\s~^:?*[\\\0-\x1f\x7f]/.test(ref);
}

/** Replaces the password (or token) in an http(s) URL with `***`. */
export function redact(text: string): string {
  return text.replace(/^((?:git:)?https?:\/\/)([^@/]*)@/i, (_, scheme: string, info: string) => {
    const colon = info.indexOf(":");
    return `${scheme}${colon >= 0 ? info.slice(0, colon) + ":***" : "***"}@`;
  });
}
