import { renderUsage, runCommand, type CommandDef } from "citty";
import { EXIT } from "../errors.ts";

/** Runs one citty subcommand; its `run` returns the exit code. citty's own argument errors are usage errors. */
export async function runSubcommand(cmd: CommandDef<any>, name: string, rawArgs: string[]): Promise<number> {
  if (rawArgs.includes("--help") || rawArgs.includes("-h")) {
    process.stdout.write((await renderUsage(cmd)) + "\n");
    return EXIT.ok;
  }
  try {
    const { result } = await runCommand(cmd, { rawArgs });
    return typeof result === "number" ? result : EXIT.ok;
  } catch (err) {
    if (err instanceof Error && err.name === "CLIError") {
      process.stderr.write(`kit ${name}: ${err.message}. Run 'kit ${name} --help'.\n`);
      return EXIT.usage;
    }
    throw err;
  }
}
