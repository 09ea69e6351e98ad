import { version } from "../package.json";
import { parseGlobalArgs } from "./cli/args.ts";
import { rootHelp } from "./cli/help.ts";
import { PLANNED_SUBCOMMANDS, SUBCOMMANDS } from "./cli/subcommands.ts";
import { EXIT, KitError } from "./errors.ts";

/**
 * Entry point. Kept to cheap imports: --version and --help answer without reading config, loading
 * providers or touching the network; everything else is imported when it is needed.
 */
async function main(argv: string[]): Promise<number> {
  const first = argv[0];
  if (first !== undefined && Object.hasOwn(SUBCOMMANDS, first)) {
    const { runSubcommand } = await import("./cli/run-subcommand.ts");
    return runSubcommand(await SUBCOMMANDS[first]!(), first, argv.slice(1));
  }
  if (first !== undefined && PLANNED_SUBCOMMANDS.has(first)) {
    process.stderr.write(`kit: 'kit ${first}' is not available in this build yet. Run 'kit --help' for the commands it has.\n`);
    return EXIT.usage;
  }
  const { flags, positionals } = parseGlobalArgs(argv);
  if (flags.help) {
    process.stdout.write(rootHelp(version) + "\n");
    return EXIT.ok;
  }
  if (flags.version) {
    process.stdout.write(`kit ${version}\n`);
    return EXIT.ok;
  }
  const { runCli } = await import("./cli/run.ts");
  return runCli(flags, positionals, version);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof KitError) {
      process.stderr.write(`kit: ${err.message}\n`);
      process.exit(err.exitCode);
    }
    process.stderr.write(`kit: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(EXIT.runFailed);
  },
);
