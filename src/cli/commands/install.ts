/**
 * `kit install` (spec/install.md): install extension collections from git repositories, keep them
 * updated, remove them, list them. Flags are read by install-args.ts; the work is done by
 * src/install/. Results go to stdout; progress (fetching, dependencies) is drawn on stderr
 * only when stderr is a terminal, so a pipe or a script gets nothing but results. Errors end the
 * command through KitError (exit 2 for usage, 3 for credentials, 1 otherwise).
 */
import { defineCommand } from "citty";
import { kitPaths } from "../../config/paths.ts";
import { EXIT, UsageError } from "../../errors.ts";
import type { OpContext, ProgressLine } from "../../install/op-context.ts";
import { installPackage } from "../../install/op-install.ts";
import { listPackages, uninstallPackage } from "../../install/op-uninstall.ts";
import { updatePackages } from "../../install/op-update.ts";
import { SCOPES } from "../../install/packages.ts";
import { trustLocalPackages } from "../../app/project-trust.ts";
import { printableLine, printableText } from "../../ui/ansi.ts";
import { pathDisplay } from "./extensions-load.ts";
import { parseInstallArgs } from "./install-args.ts";
import { chooseAll, chooseByName, chooseInteractively } from "./install-select.ts";

export interface InstallRunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  execPath: string;
}

export async function runInstall(raw: readonly string[], opts: InstallRunOptions): Promise<number> {
  const args = parseInstallArgs(raw);
  if ("error" in args) {
    process.stderr.write(`kit install: ${args.error}. Run 'kit install --help'.\n`);
    return EXIT.usage;
  }
  const ctx: OpContext = {
    cwd: opts.cwd,
    env: opts.env,
    dataDir: kitPaths(opts.env).dataDir,
    execPath: opts.execPath,
    // Lines name files, extensions and sources from the repository: never let them drive the terminal.
    print: (line) => process.stdout.write(printableText(line) + "\n"),
    warn: (line) => process.stderr.write(printableText(line) + "\n"),
    ...(process.stderr.isTTY ? { progress: terminalProgress() } : {}),
    show: pathDisplay(opts.cwd, kitPaths(opts.env).home),
  };
  const code = await runOp(args, ctx);
  // What the user installed into the project (--local), or updated there (an --update without --local
  // updates the project's packages too), is their choice: it loads without asking.
  if ((args.local && args.op !== "list") || args.op === "update") trustLocalPackages(opts.cwd, ctx.dataDir);
  return code;
}

async function runOp(args: Exclude<ReturnType<typeof parseInstallArgs>, { error: string }>, ctx: OpContext): Promise<number> {
  switch (args.op) {
    case "install": {
      const sel = args.selection;
      if (sel.kind === "select" && !(process.stdin.isTTY && process.stdout.isTTY)) {
        throw new UsageError("--select needs a terminal to show the list of extensions; in a script use --all to install every extension, or --include a,b to pick them by name");
      }
      const choose = sel.kind === "select" ? chooseInteractively(process.stdout.columns || 80) : sel.kind === "include" ? chooseByName(sel.names) : chooseAll;
      await installPackage(ctx, args.source, { scope: args.local ? "local" : "global", choose });
      return EXIT.ok;
    }
    case "update":
      return updatePackages(ctx, args.source, args.local ? ["local"] : SCOPES);
    case "uninstall":
      await uninstallPackage(ctx, args.source, args.local ? "local" : "global");
      return EXIT.ok;
    case "list":
      listPackages(ctx, args.local ? ["local"] : SCOPES);
      return EXIT.ok;
  }
}

/** One line on stderr, rewritten in place; at most every 50 ms unless the text's first word changes. */
function terminalProgress(): ProgressLine {
  let shown = false;
  let last = 0;
  let lastHead = "";
  return {
    update(text) {
      const now = performance.now();
      const head = text.replace(/[\d%()/ ]+$/, "");
      if (shown && head === lastHead && now - last < 50) return;
      last = now;
      lastHead = head;
      const width = (process.stderr.columns || 80) - 1;
      const safe = printableLine(text);
      const line = safe.length > width ? safe.slice(0, width - 1) + "…" : safe;
      process.stderr.write(`\r\x1b[2K${line}`);
      shown = true;
    },
    clear() {
      if (!shown) return;
      process.stderr.write("\r\x1b[2K");
      shown = false;
    },
  };
}

export const installCommand = defineCommand({
  meta: {
    name: "kit install",
    description:
      "Install extensions from a git repository (github.com/user/repo[/sub/dir][@ref], https://…, git@host:user/repo). " +
      "A tag or commit is pinned, a branch is tracked. Global by default ($XDG_DATA_HOME/kit/git/), or in this project with --local (.kit/git/)",
  },
  args: {
    source: { type: "positional", required: false, description: "the repository, e.g. github.com/user/repo, github.com/user/repo/sub/dir@v1.0" },
    local: { type: "boolean", alias: "l", description: "install into ./.kit/git/ for this project instead of globally" },
    select: { type: "boolean", description: "choose the extensions to install from a list (needs a terminal)" },
    include: { type: "string", valueHint: "a,b", description: "install only these extensions, by name (for scripts)" },
    all: { type: "boolean", description: "install every extension found (the default; for scripts)" },
    update: { type: "boolean", alias: "u", description: "fetch tracked packages' newest commits (every package, or the source given); pinned ones are skipped" },
    uninstall: { type: "boolean", description: "remove the package installed from <source>" },
    list: { type: "boolean", description: "show installed packages: scope, ref, commit, extensions" },
  },
  run: ({ rawArgs }) => runInstall(rawArgs, { cwd: process.cwd(), env: process.env, execPath: process.execPath }),
});
