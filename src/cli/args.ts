import { parseArgs, type ParseArgsConfig } from "node:util";
import { coerceFlagValue, type FlagValues } from "../config/coerce.ts";
import { FLAG_BY_NAME, FLAGS, type FlagDef } from "../config/keys.ts";
import { UsageError } from "../errors.ts";

export interface ParsedArgs {
  flags: FlagValues;
  positionals: string[];
  /** The words came after `--`: a prompt, whatever they look like. */
  afterTerminator: boolean;
  /** The first positional is the first argument of the command line (no flag before it). */
  positionalFirst: boolean;
  /** Index in `positionals` of the word right after `-r/--resume`: maybe a session id. */
  afterResume?: number;
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
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true, tokens: true });
  } catch (err) {
    throw new UsageError(`${describeParseError(err)}. Run 'kit --help' for the list of flags.`);
  }
  const flags: FlagValues = {};
  for (const [name, raw] of Object.entries(parsed.values)) {
    if (raw === undefined) continue;
    const def = FLAG_BY_NAME.get(name) ?? defs.find((d) => d.name === name)!;
    flags[name] = coerceFlagValue(def, raw as string | boolean | string[], `--${name}`);
  }
  return { flags, positionals: parsed.positionals, ...wordPlaces(parsed.tokens ?? []) };
}

type Token = NonNullable<ReturnType<typeof parseArgs>["tokens"]>[number];

/** Where the positionals stand among the flags: what tells a prompt from a misplaced command or a session id. */
function wordPlaces(tokens: Token[]): Pick<ParsedArgs, "afterTerminator" | "positionalFirst" | "afterResume"> {
  const firstWord = tokens.findIndex((t) => t.kind === "positional");
  const terminator = tokens.findIndex((t) => t.kind === "option-terminator");
  let afterResume: number | undefined;
  let words = 0;
  tokens.forEach((t, i) => {
    if (t.kind !== "positional") return;
    const before = tokens[i - 1];
    if (before?.kind === "option" && before.name === "resume" && (terminator < 0 || i < terminator)) afterResume = words;
    words++;
  });
  return {
    afterTerminator: terminator >= 0 && (firstWord < 0 || terminator < firstWord),
    positionalFirst: firstWord === 0,
    ...(afterResume === undefined ? {} : { afterResume }),
  };
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

