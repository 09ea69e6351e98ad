import { parseArgs, type ParseArgsConfig } from "node:util";
import { coerceFlagValue, type FlagValues } from "../config/coerce.ts";
import { FLAG_BY_NAME, FLAGS, type FlagDef } from "../config/keys.ts";
import { UsageError } from "../errors.ts";

export interface ParsedArgs {
  flags: FlagValues;
  positionals: string[];
}

/**
 * Strict parsing of the global flags: an unknown flag or a missing value is a UsageError (exit 2)
 * that names the flag and points at --help. citty's own parser accepts anything, so the root
 * command parses here against the flag table instead.
 */
export function parseGlobalArgs(argv: string[], defs: readonly FlagDef[] = FLAGS): ParsedArgs {
  const options: NonNullable<ParseArgsConfig["options"]> = {};
  for (const d of defs) {
    options[d.name] = {
      type: d.type === "boolean" ? "boolean" : "string",
      ...(d.short ? { short: d.short } : {}),
      ...(d.repeatable ? { multiple: true } : {}),
    };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
  } catch (err) {
    throw new UsageError(`${describeParseError(err)}. Run 'kit --help' for the list of flags.`);
  }
  const flags: FlagValues = {};
  for (const [name, raw] of Object.entries(parsed.values)) {
    if (raw === undefined) continue;
    const def = FLAG_BY_NAME.get(name) ?? defs.find((d) => d.name === name)!;
    flags[name] = coerceFlagValue(def, raw as string | boolean | string[], `--${name}`);
  }
  return { flags, positionals: parsed.positionals };
}

function describeParseError(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  // node's messages are long and mention "strict:false"; keep the useful first sentence.
  const unknown = /Unknown option '([^']+)'/.exec(msg);
  if (unknown) return `unknown flag ${unknown[1]}`;
  const missing = /Option '([^']+)' argument missing/.exec(msg);
  if (missing) return `flag ${missing[1].replace(/^-\w, /, "")} needs a value`;
  return msg.split(". ")[0] ?? msg;
}

