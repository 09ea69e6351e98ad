/**
 * `kit extensions list|validate|init` (spec/cli.md, Subcommands).
 *
 * list and validate find extensions as a run does and load them through the real loader into one
 * registry, so what they report (handlers, tools, name clashes, errors with file:line:column) is what a
 * run would get. Both exit 1 when any extension failed to load: list is mostly informational, but a
 * script or CI step running it should not pass over a broken extension.
 */
import { defineCommand } from "citty";
import { sep } from "node:path";
import { EXIT } from "../../errors.ts";
import { printableLine, printableText } from "../../ui/ansi.ts";
import { initExtension } from "./extensions-init.ts";
import {
  describeError,
  describeEvents,
  describeIssue,
  describeRecord,
  findAndLoad,
  parseExtensionsArgs,
  pathDisplay,
  SOURCE_LABELS,
  type ExtensionsArgs,
} from "./extensions-load.ts";

// What list and validate print names files and what extensions registered: never let it drive the terminal.
const out = (line: string) => process.stdout.write(printableText(line) + "\n");
const err = (line: string) => process.stderr.write(printableText(line) + "\n");

function parsedOrUsage(command: string, raw: readonly string[]): ExtensionsArgs | number {
  const parsed = parseExtensionsArgs(raw);
  if ("error" in parsed) {
    err(`kit extensions ${command}: ${parsed.error}. Run 'kit extensions --help'.`);
    return EXIT.usage;
  }
  return parsed;
}

/** Columns padded to their widest cell; the last column is not padded. */
function table(cells: string[][]): string[] {
  const rows = cells.map((r) => r.map(printableLine));
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((r) => r[col]!.length)));
  return rows.map((r) => r.map((cell, col) => (col === r.length - 1 ? cell : cell.padEnd(widths[col]! + 2))).join("").trimEnd());
}

/** For usage only: list and validate read their flags with parseExtensionsArgs (-e repeats). */
const DISCOVERY_ARGS = {
  extension: { type: "string", alias: "e", valueHint: "PATH", description: "also load this extension file or folder (repeatable)" },
  "no-extensions": { type: "boolean", description: "skip ~/.config/kit/extensions/ and .kit/extensions/ (-e and config `extension` still load)" },
  config: { type: "string", valueHint: "FILE", description: "use only this config file" },
  "trust-project": { type: "boolean", description: "load this project's extensions although it is not trusted (see 'kit trust')" },
} as const;

const list = defineCommand({
  meta: {
    name: "list",
    description:
      "Show the extensions a run would load: path, where found, event handlers, tools, commands, shortcuts. " +
      "Exit 1 if any failed to load (errors on stderr with file:line:column)",
  },
  args: DISCOVERY_ARGS,
  run: async ({ rawArgs }) => {
    const args = parsedOrUsage("list", rawArgs);
    if (typeof args === "number") return args;
    if (args.positionals.length > 0) {
      err(`kit extensions list: unexpected argument "${args.positionals[0]}" (give extension paths with -e PATH)`);
      return EXIT.usage;
    }
    const cwd = process.cwd();
    const show = pathDisplay(cwd, process.env.HOME);
    const loaded = await findAndLoad(args, cwd, process.env);
    if (loaded.untrusted) err(loaded.untrusted);
    const records = loaded.registry.extensions();

    if (records.length === 0) {
      out(
        args.noExtensions
          ? "No extensions loaded (--no-extensions skips discovery; -e PATH and the config key `extension` still load)."
          : `No extensions found. kit loads every *.ts / *.js file (or folder with an index.ts) in ${show(loaded.scanned.global)}${sep} ` +
              `and ${show(loaded.scanned.project)}${sep}, the paths of the config key \`extension\`, and each -e PATH.`,
      );
    } else {
      const dash = (items: string[]) => (items.length > 0 ? items.join(", ") : "-");
      const rows = [["PATH", "FROM", "EVENT HANDLERS", "TOOLS", "COMMANDS", "SHORTCUTS"]];
      for (const rec of records) {
        const source = loaded.sources.get(rec.path);
        rows.push([
          show(rec.path),
          source ? SOURCE_LABELS[source] : "",
          dash(describeEvents(rec)),
          dash(rec.tools),
          dash(rec.commands.map((c) => "/" + c)),
          dash(rec.shortcuts),
        ]);
      }
      for (const line of table(rows)) out(line);
    }

    for (const issue of loaded.registry.issues) err(`warning: ${describeIssue(issue, show)}`);
    if (loaded.errors.length > 0) {
      err(`${loaded.errors.length} extension(s) failed to load:`);
      for (const e of loaded.errors) err(`  ${describeError(e, show)}`);
      return EXIT.runFailed;
    }
    return EXIT.ok;
  },
});

const validate = defineCommand({
  meta: {
    name: "validate",
    description:
      "Load each extension (default: all a run would load); report ok and what it registers, or the error with " +
      "file:line:column; name clashes are warnings. Exit 1 if any failed",
  },
  args: {
    paths: { type: "positional", required: false, description: "extension files or folders, plus any -e (default: what a run would load)" },
    ...DISCOVERY_ARGS,
  },
  run: async ({ rawArgs }) => {
    const args = parsedOrUsage("validate", rawArgs);
    if (typeof args === "number") return args;
    const cwd = process.cwd();
    const show = pathDisplay(cwd, process.env.HOME);
    const only = args.positionals.length > 0 ? [...args.positionals, ...args.explicit] : undefined;
    const loaded = await findAndLoad(args, cwd, process.env, only);
    if (loaded.untrusted) err(loaded.untrusted);

    const failed = new Map(loaded.errors.map((e) => [e.path, e]));
    // Discovery failures (a missing path) first: they name no file that was tried.
    for (const e of loaded.errors) if (!loaded.tried.includes(e.path)) out(`failed   ${describeError(e, show)}`);
    for (const path of loaded.tried) {
      const error = failed.get(path);
      const rec = loaded.registry.record(path);
      if (error) out(`failed   ${describeError(error, show)}`);
      else if (rec) out(`ok       ${show(path)}  (${describeRecord(rec)})`);
    }
    for (const issue of loaded.registry.issues) out(`warning  ${describeIssue(issue, show)}`);

    const total = loaded.tried.length + loaded.errors.filter((e) => !loaded.tried.includes(e.path)).length;
    if (total === 0) {
      out(`No extensions to validate: give paths, or add extensions to ${show(loaded.scanned.project)}${sep} or ${show(loaded.scanned.global)}${sep}.`);
      return EXIT.ok;
    }
    const warnings = loaded.registry.issues.length;
    out(
      `${total} checked: ${total - loaded.errors.length} ok, ${loaded.errors.length} failed` +
        (warnings > 0 ? `, ${warnings} warning${warnings === 1 ? "" : "s"}` : ""),
    );
    return loaded.errors.length > 0 ? EXIT.runFailed : EXIT.ok;
  },
});

const init = defineCommand({
  meta: {
    name: "init",
    description:
      "Write a working example extension .kit/extensions/<name>.ts, its test, and .kit/kit-env.d.ts + .kit/tsconfig.json " +
      "for editors and tsc. Never overwrites a file without --force (exit 2)",
  },
  args: {
    name: { type: "positional", required: false, description: "name of the extension: file, command and tool names (default my-extension)" },
    force: { type: "boolean", description: "overwrite existing files" },
  },
  run: ({ args, rawArgs }) => {
    const unknown = rawArgs.find((a) => a.startsWith("-") && a !== "--force");
    if (unknown !== undefined) {
      err(`kit extensions init: unknown option ${unknown}. Run 'kit extensions --help'.`);
      return EXIT.usage;
    }
    return initExtension({ cwd: process.cwd(), name: args.name, force: args.force === true }, out, err);
  },
});

export const extensionsCommand = defineCommand({
  meta: { name: "kit extensions", description: "List, validate and create extensions" },
  subCommands: { list, validate, init },
});
