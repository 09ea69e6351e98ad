/**
 * A real git smart-HTTP server for tests and benchmarks: `git http-backend` (the CGI program that ships
 * with git) behind Bun.serve on 127.0.0.1. Every repository under `root` is served at
 * `http://127.0.0.1:PORT/<path relative to root>` (non-bare work trees too: http-backend finds their
 * `.git`), so a test can commit into a repository and the next fetch sees it.
 *
 * Fault injection for the atomicity tests: `holdPacks()` makes every pack response stop after its
 * first bytes and wait (the client is mid-clone until the test kills it); `dropPacks()` cuts every pack
 * response off halfway. `requireAuth` answers 401 unless the request carries those Basic credentials.
 *
 * Helpers below create fixture repositories with the system `git`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

export interface GitServer {
  /** "http://127.0.0.1:PORT", no trailing slash. */
  url: string;
  /** Request lines ("GET /repo/info/refs?service=git-upload-pack"), in order. */
  requests: string[];
  /** Headers of each request (lower-case names), in order. */
  requestHeaders: Record<string, string>[];
  /** From now on, pack responses send their first bytes, then wait until `release()` or the client goes away. */
  holdPacks(): { started: Promise<void>; release(): void };
  /** From now on, pack responses are cut off after half their bytes. */
  dropPacks(on: boolean): void;
  close(): void;
}

export interface GitServerOptions {
  /** Answer 401 unless the request carries `Authorization: Basic base64(user:password)`. */
  requireAuth?: { user: string; password: string };
}

export function startGitServer(root: string, opts: GitServerOptions = {}): GitServer {
  const requests: string[] = [];
  const requestHeaders: Record<string, string>[] = [];
  let hold: { started: () => void; released: Promise<void> } | undefined;
  let drop = false;
  const expected = opts.requireAuth ? "Basic " + Buffer.from(`${opts.requireAuth.user}:${opts.requireAuth.password}`).toString("base64") : undefined;

  const server = Bun.serve({
    hostname: "127.0.0.1",
    port: 0,
    idleTimeout: 0,
    async fetch(req) {
      const url = new URL(req.url);
      requests.push(`${req.method} ${url.pathname}${url.search}`);
      requestHeaders.push(Object.fromEntries([...req.headers.entries()].map(([k, v]) => [k.toLowerCase(), v])));
      if (expected && req.headers.get("authorization") !== expected) {
        return new Response("authentication required\n", { status: 401, headers: { "WWW-Authenticate": 'Basic realm="kit-test"' } });
      }
      const body = req.method === "POST" ? new Uint8Array(await req.arrayBuffer()) : undefined;
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        GIT_PROJECT_ROOT: root,
        GIT_HTTP_EXPORT_ALL: "1",
        PATH_INFO: decodeURIComponent(url.pathname),
        QUERY_STRING: url.search.slice(1),
        REQUEST_METHOD: req.method,
        REMOTE_ADDR: "127.0.0.1",
        CONTENT_TYPE: req.headers.get("content-type") ?? "",
        // No user config or system config of the machine running the tests.
        GIT_CONFIG_NOSYSTEM: "1",
        HOME: root,
      };
      if (body) env.CONTENT_LENGTH = String(body.length);
      const encoding = req.headers.get("content-encoding");
      if (encoding) env.HTTP_CONTENT_ENCODING = encoding;
      const protocol = req.headers.get("git-protocol");
      if (protocol) env.GIT_PROTOCOL = protocol;
      const proc = Bun.spawn(["git", "http-backend"], { env, stdin: body ?? "ignore", stdout: "pipe", stderr: "pipe" });
      const [out] = await Promise.all([new Response(proc.stdout).arrayBuffer(), proc.exited]);
      const { status, headers, payload } = parseCgi(new Uint8Array(out));
      const isPack = req.method === "POST" && url.pathname.endsWith("/git-upload-pack");
      if (isPack && hold) return new Response(held(payload, hold), { status, headers });
      if (isPack && drop) return new Response(cutOff(payload), { status, headers });
      return new Response(payload, { status, headers });
    },
  });

  return {
    url: `http://127.0.0.1:${server.port}`,
    requests,
    requestHeaders,
    holdPacks() {
      let started!: () => void;
      let release!: () => void;
      const startedP = new Promise<void>((r) => (started = r));
      const released = new Promise<void>((r) => (release = r));
      hold = { started, released };
      return {
        started: startedP,
        release: () => {
          hold = undefined;
          release();
        },
      };
    },
    dropPacks(on) {
      drop = on;
    },
    close: () => void server.stop(true),
  };
}

/** CGI output: header lines, a blank line, the body. `Status: 404 Not Found` sets the status. */
function parseCgi(out: Uint8Array): { status: number; headers: Headers; payload: Uint8Array } {
  let end = -1;
  let sep = 0;
  for (let i = 0; i < out.length - 1; i++) {
    if (out[i] === 10 && out[i + 1] === 10) {
      end = i;
      sep = 2;
      break;
    }
    if (out[i] === 13 && out[i + 1] === 10 && out[i + 2] === 13 && out[i + 3] === 10) {
      end = i;
      sep = 4;
      break;
    }
  }
  if (end < 0) return { status: 500, headers: new Headers(), payload: out };
  const headers = new Headers();
  let status = 200;
  for (const line of new TextDecoder().decode(out.subarray(0, end)).split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const value = line.slice(colon + 1).trim();
    if (name.toLowerCase() === "status") status = Number.parseInt(value, 10);
    else headers.append(name, value);
  }
  return { status, headers, payload: out.subarray(end + sep) };
}

/** The first bytes of the pack, then nothing until released (then the rest). */
function held(payload: Uint8Array, hold: { started: () => void; released: Promise<void> }): ReadableStream<Uint8Array> {
  const first = Math.min(payload.length, 64);
  return new ReadableStream({
    async start(controller) {
      controller.enqueue(payload.subarray(0, first));
      hold.started();
      await hold.released;
      try {
        controller.enqueue(payload.subarray(first));
        controller.close();
      } catch {
        // the client went away
      }
    },
  });
}

/** Half the pack, then the response ends as if the connection had been lost. */
function cutOff(payload: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(payload.subarray(0, Math.floor(payload.length / 2)));
      controller.close();
    },
  });
}

// ---- fixture repositories made with the system git ----

const GIT_ENV = {
  GIT_AUTHOR_NAME: "Kit Test",
  GIT_AUTHOR_EMAIL: "test@kit.invalid",
  GIT_COMMITTER_NAME: "Kit Test",
  GIT_COMMITTER_EMAIL: "test@kit.invalid",
  GIT_CONFIG_NOSYSTEM: "1",
};

/** Runs the system git in `cwd`; throws with its stderr when it fails. Returns stdout, trimmed. */
export function git(cwd: string, ...args: string[]): string {
  const r = Bun.spawnSync(["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", ...args], {
    cwd,
    env: { ...process.env, ...GIT_ENV },
    stdout: "pipe",
    stderr: "pipe",
  });
  if (r.exitCode !== 0) throw new Error(`git ${args.join(" ")} failed in ${cwd}: ${r.stderr.toString()}`);
  return r.stdout.toString().trim();
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const abs = join(dir, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
}

/** A new repository at `root/name` with `files` committed on `main`; returns its path. */
export function createRepo(root: string, name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  git(dir, "init", "-q");
  writeFiles(dir, files);
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", "initial");
  return dir;
}

/** Writes `files` into the repository and commits them on the current branch; returns the new commit. */
export function commitFiles(dir: string, files: Record<string, string>, message = "change"): string {
  writeFiles(dir, files);
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", message);
  return git(dir, "rev-parse", "HEAD");
}
