/**
 * `kit github install`: writes the workflow that answers `/kit` comments. It runs on issue comments and
 * pull request review comments; the job starts only for a comment beginning with `/kit` by the
 * repository's owner, a member or a collaborator (kit github run checks the same again), installs kit
 * with the release's install script and runs `kit github run`.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { UsageError } from "../errors.ts";
import { DEFAULT_RELEASES_URL } from "../release/releases.ts";
import { TRIGGER, TRUSTED_ASSOCIATIONS } from "./event.ts";

export const WORKFLOW_PATH = ".github/workflows/kit.yml";

export function workflowText(): string {
  const trusted = JSON.stringify(TRUSTED_ASSOCIATIONS).replace(/,/g, ", ");
  return `# Answers "${TRIGGER} <request>" in an issue or pull request comment: kit reads the thread, then comments its
# answer, or opens a pull request with its changes. Written by \`kit github install\`.
# Needs a repository secret with the model's API key (ANTHROPIC_API_KEY here; any key kit reads works).
name: kit

on:
  issue_comment:
    types: [created]
  pull_request_review_comment:
    types: [created]

permissions:
  contents: write
  issues: write
  pull-requests: write

jobs:
  kit:
    if: startsWith(github.event.comment.body, '${TRIGGER}') && contains(fromJSON('${trusted}'), github.event.comment.author_association)
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0
      - name: Install kit
        run: |
          curl -fsSL ${DEFAULT_RELEASES_URL}/latest/download/install.sh | sh
          echo "$HOME/.local/bin" >> "$GITHUB_PATH"
      - name: Answer the comment
        run: kit github run
        env:
          GITHUB_TOKEN: \${{ secrets.GITHUB_TOKEN }}
          ANTHROPIC_API_KEY: \${{ secrets.ANTHROPIC_API_KEY }}
`;
}

/** Writes the workflow into the repository at `root`; an existing one is replaced only with `force`. Returns its path. */
export function installWorkflow(root: string, force: boolean): string {
  const path = join(root, WORKFLOW_PATH);
  if (existsSync(path) && !force) throw new UsageError(`${WORKFLOW_PATH} already exists; run 'kit github install --force' to replace it`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, workflowText());
  return path;
}
