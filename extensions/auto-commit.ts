// When a session ends (exit or session switch), commits the project's changes with a message made from the prompts since the last such commit (git add -A; git commit -m "kit: …"); opt in with option auto-commit=on; errors are reported, never thrown.
import type { Context, ExtensionAPI } from "kit/ext";

/** The prompts since the last auto-commit, in the session's state (kept across reloads and resumes). */
const PROMPTS = "auto-commit.prompts";

function git(cwd: string, ...args: string[]): { ok: boolean; out: string; err: string } {
  const r = Bun.spawnSync(["git", ...args], { cwd, stdin: "ignore", stdout: "pipe", stderr: "pipe", timeout: 30_000 });
  return { ok: r.success, out: r.stdout.toString().trim(), err: r.stderr.toString().trim() };
}

const oneLine = (text: string, max: number) => {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};

function prompts(ctx: Context): string[] {
  try {
    const list: unknown = JSON.parse(ctx.getState(PROMPTS) ?? "[]");
    return Array.isArray(list) ? list.map(String) : [];
  } catch {
    return [];
  }
}

/** Subject and body of the commit: the first prompt as the subject, every prompt in the body. */
export function commitMessage(prompts: string[], sessionId: string, changedFiles: number): { subject: string; body: string } {
  const subject = `kit: ${prompts[0] ? oneLine(prompts[0], 60) : `changes from session ${sessionId}`}`;
  const body = [
    `Committed by the auto-commit extension at the end of kit session ${sessionId} (${changedFiles} file(s) changed).`,
    ...(prompts.length > 0 ? ["", "Prompts:", ...prompts.map((p) => `- ${oneLine(p, 100)}`)] : []),
  ].join("\n");
  return { subject, body };
}

export default function autoCommit(kit: ExtensionAPI) {
  kit.registerOption({ name: "auto-commit", description: 'Commit the changes when a session ends, with "on"', default: "off" });

  // The prompt as the user gave it (text injected by extensions is not part of it).
  kit.onAgentStart((event, ctx) => {
    if (event.prompt.trim() !== "") ctx.setState(PROMPTS, JSON.stringify([...prompts(ctx), event.prompt].slice(-20)));
  });

  kit.onSessionShutdown((event, ctx) => {
    // A hot reload does not end the session.
    if (event.reason === "reload" || ctx.getOption("auto-commit") !== "on") return;
    try {
      if (git(ctx.cwd, "rev-parse", "--is-inside-work-tree").out !== "true") return;
      const status = git(ctx.cwd, "status", "--porcelain");
      if (!status.ok) throw new Error(status.err);
      const changed = status.out.split("\n").filter(Boolean).length;
      if (changed === 0) return;

      const { subject, body } = commitMessage(prompts(ctx), ctx.sessionId, changed);
      const add = git(ctx.cwd, "add", "-A");
      if (!add.ok) throw new Error(`git add failed: ${add.err}`);
      const commit = git(ctx.cwd, "commit", "-q", "-m", subject, "-m", body);
      if (!commit.ok) throw new Error(`git commit failed: ${commit.err || commit.out}`);
      ctx.deleteState(PROMPTS);
      ctx.printInfo(`auto-commit: committed ${changed} file(s): ${subject}`);
    } catch (err) {
      ctx.printError(`auto-commit: ${err instanceof Error ? err.message : String(err)}`);
    }
  });
}
