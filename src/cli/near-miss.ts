import { editDistance } from "../did-you-mean.ts";

/**
 * Words that look like a command a user meant, never a prompt (spec/cli.md, Global flags): without
 * this, `kit session list` or `kit init` would start an agent with bash and write tools.
 *
 * A first word triggers it when it is a subcommand in the wrong place (after a flag), one of the
 * command words users bring from other tools, or a near miss of a subcommand's name, and at most two
 * more words follow (a longer line reads as a sentence). A near miss must start with the same letter,
 * and names shorter than six letters (`test`) match only exactly, so words such as "text", "rest" or
 * "lessons" stay prompts.
 */

/** What to say for the common command words kit does not have under that name. */
const COMMAND_WORDS: Readonly<Record<string, { suggest: string; why: string }>> = {
  help: { suggest: "kit --help", why: "kit's help is a flag" },
  version: { suggest: "kit --version", why: "kit's version is a flag" },
  init: { suggest: "kit extensions init", why: "kit has no init command; this one writes an example extension" },
  config: { suggest: "kit --help", why: "kit has no config command; settings live in ~/.kit.yml and ./.kit.yml, see the help" },
  login: { suggest: "kit auth login", why: "logging in is a subcommand of kit auth" },
  logout: { suggest: "kit auth logout", why: "logging out is a subcommand of kit auth" },
  update: { suggest: "kit upgrade", why: "kit has no update command; 'kit upgrade' updates kit, 'kit update-models' the model table, 'kit install --update' installed extensions" },
};

const MAX_MORE_WORDS = 2;
const SHORT_NAME = 6;
const MAX_DISTANCE = 2;

export interface NearMiss {
  /** The command line the user probably meant. */
  suggestion: string;
  /** Why the words are not a command as written. */
  why: string;
}

/**
 * The command the words probably meant, or undefined when they are a prompt. `subcommands` are the
 * names kit has; `first` is true when the words start the command line (a subcommand there was
 * already run, so only a near miss or a command word is left to catch).
 */
export function nearMissCommand(words: string[], subcommands: readonly string[], first: boolean): NearMiss | undefined {
  if (words.length === 0 || words.length > 1 + MAX_MORE_WORDS) return undefined;
  const word = words[0]!.toLowerCase();
  const rest = words.slice(1).join(" ");
  const withRest = (command: string) => (rest ? `${command} ${rest}` : command);
  if (subcommands.includes(word)) {
    return first ? undefined : { suggestion: withRest(`kit ${word}`), why: `a command comes first, before any flag` };
  }
  const known = COMMAND_WORDS[word];
  if (known) return { suggestion: known.suggest, why: known.why };
  const near = closestSubcommand(word, subcommands);
  if (near) return { suggestion: withRest(`kit ${near}`), why: `'${words[0]}' is not a kit command` };
  return undefined;
}

function closestSubcommand(word: string, subcommands: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = MAX_DISTANCE + 1;
  for (const name of subcommands) {
    if (name.length < SHORT_NAME || word[0] !== name[0]) continue;
    const d = editDistance(word, name);
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best;
}

/** The lines kit prints for a near miss: what it probably meant, and how to send the words as a prompt after all. */
export function nearMissMessage(words: string[], miss: NearMiss): string {
  return `kit: did you mean '${miss.suggestion}'? (${miss.why})\nkit: to send it as a prompt, write kit -- ${words.join(" ")}`;
}
