import { defineCommand } from "citty";
import { runGithub } from "../../github/run.ts";
import { installWorkflow, WORKFLOW_PATH } from "../../github/workflow.ts";

const install = defineCommand({
  meta: { name: "kit github install", description: `Write ${WORKFLOW_PATH}: a /kit comment on an issue or pull request runs kit` },
  args: { force: { type: "boolean", description: "replace an existing workflow file" } },
  run: ({ args }) => {
    const path = installWorkflow(process.cwd(), args.force === true);
    console.log(`Wrote ${path}. Add the model's API key as a repository secret (ANTHROPIC_API_KEY), commit the file and push;`);
    console.log("then comment '/kit <request>' on an issue or pull request.");
    return 0;
  },
});

const run = defineCommand({
  meta: {
    name: "kit github run",
    description:
      "In a GitHub Actions run: answer the /kit comment of the event (GITHUB_EVENT_PATH) with a comment, or a branch and a pull request. Needs gh and GITHUB_TOKEN",
  },
  args: {
    "dry-run": { type: "boolean", description: "run kit on the request but only print what would be written to GitHub and git" },
    event: { type: "string", valueHint: "FILE", description: "the event payload (default $GITHUB_EVENT_PATH)" },
  },
  run: ({ args }) =>
    runGithub({
      cwd: process.cwd(),
      env: process.env,
      execPath: process.execPath,
      dryRun: args["dry-run"] === true,
      ...(args.event ? { eventPath: args.event } : {}),
      out: (line) => console.log(line),
      err: (line) => console.error(line),
    }),
});

export const githubCommand = defineCommand({
  meta: { name: "kit github", description: "The /kit GitHub Action: install its workflow, or run it on a comment" },
  subCommands: { install, run },
});
