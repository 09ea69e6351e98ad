/**
 * `kit github run`: answers the `/kit` comment of the GitHub event this workflow run was started by.
 * It gathers the issue or pull request (title, body, conversation, diff), runs kit headless on it
 * (`--no-session --quiet`, the request on stdin), and then comments the answer, or, when the run changed
 * files, commits them to a new branch, pushes it, opens a pull request and comments its link. A failure
 * is commented too, in one short line. GitHub is reached through `gh` (with GITHUB_TOKEN) and git;
 * with `dryRun` nothing is written to GitHub or git: each such step is printed instead.
 */
import { readFileSync } from "node:fs";
import { EXIT, KitError, UsageError } from "../errors.ts";
import { parseEvent, type GithubRequest } from "./event.ts";
import { githubPrompt, type ThreadComment } from "./prompt.ts";

export interface GithubRunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The kit binary, run headless on the request. */
  execPath: string;
  dryRun: boolean;
  /** The event payload's file; else GITHUB_EVENT_PATH. */
  eventPath?: string;
  out: (line: string) => void;
  err: (line: string) => void;
}

/** The identity of commits kit makes in a workflow (GitHub's own Actions bot). */
const BOT = { name: "github-actions[bot]", email: "41898282+github-actions[bot]@users.noreply.github.com" };

export async function runGithub(opts: GithubRunOptions): Promise<number> {
  const parsed = parseEvent(readEvent(opts), opts.env.GITHUB_EVENT_NAME, opts.env);
  if ("ignored" in parsed) {
    opts.out(`kit github: ignored: ${parsed.ignored}`);
    return EXIT.ok;
  }
  const req = parsed.request;
  if (!opts.dryRun) checkTools(opts.env);
  const say = opts.dryRun ? (line: string) => opts.out(`would ${line}`) : () => {};
  opts.out(`/kit from @${req.author} (${req.association}) on ${req.kind} #${req.number} of ${req.repo}: ${req.request || "(the conversation is the request)"}`);
  const gh = (args: string[], stdin?: string) => exec(["gh", ...args], opts, stdin);
  try {
    let thread: ThreadComment[] = [];
    if (opts.dryRun) say(`read the conversation: gh api --paginate repos/${req.repo}/issues/${req.number}/comments`);
    else thread = await readThread(req, gh);
    let diff: string | undefined;
    let base = req.headRef;
    if (req.kind === "pull request") {
      if (opts.dryRun) {
        say(`check out the pull request and read its diff: gh pr checkout ${req.number}; gh pr diff ${req.number}`);
      } else {
        await gh(["pr", "checkout", String(req.number), "--repo", req.repo]);
        diff = await gh(["pr", "diff", String(req.number), "--repo", req.repo]);
        base ||= (await gh(["pr", "view", String(req.number), "--repo", req.repo, "--json", "headRefName", "--jq", ".headRefName"])).trim();
      }
    }
    const answer = await runKit(githubPrompt(req, thread, diff), opts);
    const changed = await changedFiles(opts);
    if (changed.length === 0) {
      if (opts.dryRun) say(`comment on #${req.number}:\n${answer}`);
      else await gh(["issue", "comment", String(req.number), "--repo", req.repo, "--body-file", "-"], answer);
      return EXIT.ok;
    }
    const branch = `kit/${req.kind === "issue" ? "issue" : "pr"}-${req.number}-${req.commentId}`;
    const title = `kit: ${firstLine(req.request) || req.title}`.slice(0, 120);
    if (opts.dryRun) {
      say(`commit ${changed.length} changed file(s) to a new branch ${branch}, push it, open a pull request${base ? ` into ${base}` : ""} titled "${title}", and comment its link on #${req.number}:`);
      for (const file of changed) opts.out(`  ${file}`);
      opts.out(answer);
      return EXIT.ok;
    }
    const git = (args: string[]) => exec(["git", "-c", `user.name=${BOT.name}`, "-c", `user.email=${BOT.email}`, ...args], opts);
    await git(["checkout", "-b", branch]);
    await git(["add", "--all"]);
    await git(["commit", "--quiet", "-m", `${title}\n\nRequested by @${req.author} in #${req.number}.`]);
    await git(["push", "--quiet", "origin", branch]);
    const prBody = `${answer}\n\nRequested by @${req.author} in #${req.number}.`;
    const url = (await gh(["pr", "create", "--repo", req.repo, "--head", branch, ...(base ? ["--base", base] : []), "--title", title, "--body-file", "-"], prBody)).trim();
    await gh(["issue", "comment", String(req.number), "--repo", req.repo, "--body-file", "-"], `${answer}\n\nOpened ${url}`);
    opts.out(`opened ${url}`);
    return EXIT.ok;
  } catch (err) {
    const short = `kit could not answer this: ${err instanceof Error ? err.message : String(err)}`;
    opts.err(`kit github: ${short}`);
    if (opts.dryRun) say(`comment on #${req.number}: ${short}`);
    else await gh(["issue", "comment", String(req.number), "--repo", req.repo, "--body-file", "-"], short).catch(() => {});
    return EXIT.runFailed;
  }
}

function readEvent(opts: GithubRunOptions): Record<string, any> {
  const path = opts.eventPath ?? opts.env.GITHUB_EVENT_PATH;
  if (!path) {
    throw new UsageError("kit github run answers the event of a GitHub Actions run, and GITHUB_EVENT_PATH is not set; outside a workflow pass --event FILE (an event payload) with --dry-run");
  }
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new UsageError(`cannot read the event file ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  try {
    const payload = JSON.parse(text);
    if (payload && typeof payload === "object") return payload;
  } catch {}
  throw new UsageError(`the event file ${path} is not a JSON object (a GitHub event payload)`);
}

function checkTools(env: NodeJS.ProcessEnv): void {
  if (!Bun.which("gh", { PATH: env.PATH ?? "" })) {
    throw new UsageError("kit github run needs the GitHub CLI (gh) on PATH, as on GitHub's runners; use --dry-run to see what it would do without it");
  }
  if (!env.GITHUB_TOKEN && !env.GH_TOKEN) {
    throw new UsageError("kit github run needs GITHUB_TOKEN (in the workflow: env: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}); use --dry-run to see what it would do without it");
  }
}

/** The conversation before the `/kit` comment (that comment is the request itself). */
async function readThread(req: GithubRequest, gh: (args: string[]) => Promise<string>): Promise<ThreadComment[]> {
  const lines = await gh(["api", "--paginate", `repos/${req.repo}/issues/${req.number}/comments`, "--jq", ".[] | {id: .id, author: .user.login, body: .body} | @json"]);
  return lines
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as ThreadComment & { id: number })
    .filter((c) => c.id !== req.commentId)
    .map(({ author, body }) => ({ author, body }));
}

/** Runs kit headless on the prompt; its final text is the answer. Its progress and errors go to the log (stderr). */
async function runKit(prompt: string, opts: GithubRunOptions): Promise<string> {
  // The request and the thread are anyone's words (prompt injection): the run gets no GitHub credentials,
  // which only this process needs, so its tools cannot push, comment or leak the token.
  const { GITHUB_TOKEN: _token, GH_TOKEN: _ghToken, ...env } = opts.env;
  const proc = Bun.spawn([opts.execPath, "--no-session", "--quiet"], {
    cwd: opts.cwd,
    env,
    stdin: new Blob([prompt]),
    stdout: "pipe",
    stderr: "pipe",
  });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  if (stderr) process.stderr.write(stderr);
  if (code !== 0) throw new Error(`the kit run failed (exit ${code}): ${lastLine(stderr) || "no message"}`);
  const answer = stdout.trim();
  if (!answer) throw new Error("the kit run gave no answer");
  return answer;
}

/** Files the run changed or added, from `git status` (none outside a git checkout). */
async function changedFiles(opts: GithubRunOptions): Promise<string[]> {
  const proc = Bun.spawn(["git", "status", "--porcelain", "--untracked-files=all"], { cwd: opts.cwd, env: opts.env, stdout: "pipe", stderr: "pipe" });
  const [stdout, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
  if (code !== 0) {
    opts.err("kit github: not a git checkout: changed files are not looked for");
    return [];
  }
  return stdout.split("\n").filter(Boolean).map((line) => line.slice(3));
}

/** Runs gh or git; a failure is an error naming the command and its first line of complaint. */
async function exec(argv: string[], opts: GithubRunOptions, stdin?: string): Promise<string> {
  const proc = Bun.spawn(argv, { cwd: opts.cwd, env: opts.env, stdin: stdin === undefined ? "ignore" : new Blob([stdin]), stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  if (code !== 0) {
    // Named by its words, without git's `-c name=value` settings: "git push", "gh pr create".
    const shown = argv.filter((a, i) => a !== "-c" && argv[i - 1] !== "-c").slice(0, 3).join(" ");
    throw new KitError(`${shown} failed: ${lastLine(stderr) || `exit ${code}`}`, EXIT.runFailed, "github");
  }
  return stdout;
}

const firstLine = (s: string) => s.split("\n")[0]!.trim();
const lastLine = (s: string) => s.trim().split("\n").at(-1)?.trim() ?? "";
