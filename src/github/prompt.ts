import type { GithubRequest } from "./event.ts";

/** A comment of the or pull request's conversation. */
export interface ThreadComment {
  author: string;
  body: string;
}

/**
 * The prompt kit runs on for a `/kit` comment: the request, then the issue or pull request it was made
 * on (title, body, conversation, the diff line a review comment points at, the pull request's diff).
 * The answer becomes a GitHub comment, and the model is told so.
 */
export function githubPrompt(req: GithubRequest, thread: readonly ThreadComment[], diff: string | undefined): string {
  const parts = [
    `@${req.author} asked you on GitHub, in ${req.kind} #${req.number} of ${req.repo}:`,
    "",
    req.request || "(no words after /kit: do what the conversation below asks)",
    "",
    `Your final message is posted as a comment on #${req.number}. If the request needs changes to the code, make them in ` +
      "this working tree (a checkout of the repository): they are committed to a new branch and opened as a pull request.",
    "",
    `<${req.kind === "issue" ? "issue" : "pull_request"} number="${req.number}" title=${JSON.stringify(req.title)}>`,
    req.body.trim(),
    `</${req.kind === "issue" ? "issue" : "pull_request"}>`,
  ];
  for (const c of thread) parts.push("", `<comment author="@${c.author}">`, c.body.trim(), "</comment>");
  if (req.reviewLine) {
    const where = req.reviewLine.line === undefined ? req.reviewLine.path : `${req.reviewLine.path}:${req.reviewLine.line}`;
    parts.push("", `<review_comment_on file="${where}">`, req.reviewLine.diffHunk.trim(), "</review_comment_on>");
  }
  if (diff !== undefined) parts.push("", "<diff>", diff.trimEnd(), "</diff>");
  return parts.join("\n") + "\n";
}
