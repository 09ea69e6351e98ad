import { parseGlobalArgs } from "./args.ts";
import { rootHelp } from "./help.ts";
import { nearMissCommand, nearMissMessage } from "./near-miss.ts";
import { PLANNED_SUBCOMMANDS, SUBCOMMANDS } from "./subcommands.ts";
import { EXIT, KitError } from "../errors.ts";
import { printableText } from "../ui/ansi.ts";
import { requestedFormat } from "./requested-format.ts";
import { exitProcess } from "../process-exit.ts";
import { withoutEnvSecrets } from "../secret-values.ts";
import { versionLine } from "../version-line.ts";
import { BUILD_PLATFORM } from "../build-info.ts";
import { removeOldBinary } from "../release/old-binary.ts";

/**
 * Everything but the `--version` fast path of src/main.ts: subcommands, flags, help, and the run.
 * Output here goes through console.log/console.error: the first use of process.stdout in a compiled
 * binary sets up Node's stream machinery, which costs about 14 ms, three times the whole floor.
 */
export async function main(argv: string[], version: string): Promise<number> {
  // A release binary (not kit run from source, where the executable is bun) drops what `kit upgrade` replaced.
  if (BUILD_PLATFORM !== undefined) removeOldBinary(process.execPath);
  const first = argv[0];
  if (first !== undefined && Object.hasOwn(SUBCOMMANDS, first)) {
    const { runSubcommand } = await import("./run-subcommand.ts");
    return runSubcommand(await SUBCOMMANDS[first]!(), first, argv.slice(1));
  }
  if (first !== undefined && PLANNED_SUBCOMMANDS.has(first)) {
    console.error(`kit: 'kit ${first}' is not available in this build yet. Run 'kit --help' for the commands it has.`);
    return EXIT.usage;
  }
  const args = parseGlobalArgs(argv);
  const { flags, positionals } = args;
  // `kit help` and `kit version`, alone, do what they say.
  const alone = positionals.length === 1 && !args.afterTerminator ? positionals[0] : undefined;
  if (flags.help || alone === "help") {
    console.log(rootHelp(version));
    return EXIT.ok;
  }
  if (flags.version || alone === "version") {
    console.log(versionLine(version));
    return EXIT.ok;
  }
  if (!args.afterTerminator) {
    const miss = nearMissCommand(positionals, Object.keys(SUBCOMMANDS), args.positionalFirst);
    if (miss) {
      console.error(nearMissMessage(positionals, miss));
      return EXIT.usage;
    }
  }
  const { runCli } = await import("./run.ts");
  return runCli(args, version);
}

/**
 * Exits with the run's code; a KitError exits with its own code and message (as the JSON error line
 * when a root run asked for --json or stream-json), anything else is a bug.
 */
export function exitWith(run: Promise<number>, argv: string[] = []): void {
  run.then(
    (code) => exitProcess(code),
    async (err: unknown) => {
      if (err instanceof KitError) {
        const first = argv[0];
        const format = first !== undefined && Object.hasOwn(SUBCOMMANDS, first) ? "text" : requestedFormat(argv, process.env);
        if (format === "json" || format === "stream-json") {
          const [{ reportStartupError }, { headlessStdio }] = await Promise.all([import("../modes/headless.ts"), import("../modes/headless/stdio.ts")]);
          // kit exits right after this line: a stdout or stderr that is gone has nothing left to cancel.
          reportStartupError(format, err, headlessStdio(() => {}));
        }
        else console.error(`kit: ${printableText(withoutEnvSecrets(err.message))}`);
        exitProcess(err.exitCode);
      }
      console.error(`kit: internal error: ${withoutEnvSecrets(err instanceof Error ? (err.stack ?? err.message) : String(err))}`);
      exitProcess(EXIT.runFailed);
    },
  );
}
