/**
 * The GitHub event that started `kit github run`: an issue comment (on an issue or a pull request's
 * conversation) or a pull request review comment (on a line of its diff). Only a comment that starts
 * with `/kit` from the repository's owner, a member or a collaborator is a request; anything else is
 * ignored with the reason, so a workflow run on every comment stays quiet.
 */

/** Who may ask: GitHub's author_association values for people with write access to the repository. */
export const TRUSTED_ASSOCIATIONS = ["OWNER", "MEMBER", "COLLABORATOR"] as const;
export const TRIGGER = "/kit";

export interface GithubRequest {
  repo: string;
  /** The issue or pull request number (comments on either are answered on it). */
  number: number;
  kind: "issue" | "pull request";
  title: string;
  body: string;
  author: string;
  association: string;
  /** The comment without its `/kit` (may be empty: then the thread itself is the request). */
  request: string;
  commentId: number;
  /** A review comment's place in the diff. */
  reviewLine?: { path: string; line: number | undefined; diffHunk: string };
  /** For a pull request: its head branch, where changes go. */
  headRef?: string;
}

export type ParsedEvent = { request: GithubRequest } | { ignored: string };

type Json = Record<string, any>;

/** Reads an event payload (GITHUB_EVENT_PATH's content); `eventName` is GITHUB_EVENT_NAME when known. */
export function parseEvent(payload: Json, eventName: string | undefined, env: NodeJS.ProcessEnv): ParsedEvent {
  const name = eventName || (payload.pull_request && payload.comment ? "pull_request_review_comment" : payload.issue && payload.comment ? "issue_comment" : "");
  if (name !== "issue_comment" && name !== "pull_request_review_comment") {
    return { ignored: `a ${name || "unknown"} event is not a comment; kit answers issue_comment and pull_request_review_comment events` };
  }
  const comment: Json = payload.comment ?? {};
  if (payload.action !== undefined && payload.action !== "created") return { ignored: `the comment was ${payload.action}, not created` };
  const text = String(comment.body ?? "");
  const trimmed = text.trimStart();
  if (!(trimmed === TRIGGER || trimmed.startsWith(`${TRIGGER} `) || trimmed.startsWith(`${TRIGGER}\n`) || trimmed.startsWith(`${TRIGGER}\r`))) {
    return { ignored: `the comment does not start with ${TRIGGER}` };
  }
  const author = String(comment.user?.login ?? "someone");
  const association = String(comment.author_association ?? "NONE");
  if (!(TRUSTED_ASSOCIATIONS as readonly string[]).includes(association)) {
    return { ignored: `@${author} is not an owner, member or collaborator of the repository (${association})` };
  }
  const subject: Json = name === "issue_comment" ? payload.issue : payload.pull_request;
  if (!subject || typeof subject.number !== "number") return { ignored: `the ${name} event has no issue or pull request` };
  const repo = String(payload.repository?.full_name ?? env.GITHUB_REPOSITORY ?? "");
  const isPull = name === "pull_request_review_comment" || subject.pull_request !== undefined;
  return {
    request: {
      repo,
      number: subject.number,
      kind: isPull ? "pull request" : "issue",
      title: String(subject.title ?? ""),
      body: String(subject.body ?? ""),
      author,
      association,
      request: trimmed.slice(TRIGGER.length).trim(),
      commentId: Number(comment.id ?? 0),
      ...(name === "pull_request_review_comment"
        ? {
            reviewLine: { path: String(comment.path ?? ""), line: typeof comment.line === "number" ? comment.line : undefined, diffHunk: String(comment.diff_hunk ?? "") },
            headRef: String(subject.head?.ref ?? ""),
          }
        : {}),
    },
  };
}
