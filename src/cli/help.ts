import { FLAGS, type FlagDef, type FlagSection } from "../config/keys.ts";
import { SUBCOMMAND_SUMMARIES } from "./subcommands.ts";

const SECTIONS: FlagSection[] = ["Model and provider", "Run control", "Sessions", "Extensions and tools", "Resources", "Other"];

function flagLabel(d: FlagDef): string {
  const short = d.short ? `-${d.short}, ` : "    ";
  const choices = d.choices?.join("|");
  const hint = d.valueHint ?? (choices && choices.length <= 24 ? choices : "VALUE");
  // A boolean with a hint takes an optional word after it (`-r [ID]`).
  const value = d.type === "boolean" ? (d.valueHint ? ` ${d.valueHint}` : "") : ` ${hint}`;
  return `${short}--${d.name}${value}`;
}

/**
 * Root usage text; built from the flag table so help and parser never disagree. Plain text: telling
 * whether stdout is a terminal (node:tty) would cost more than the rest of `kit --help` together.
 */
export function rootHelp(version: string): string {
  const lines: string[] = [
    `kit ${version}: an AI coding agent for the terminal`,
    "",
    "Usage",
    "  kit                                   interactive session",
    "  kit [@file ...] [prompt ...] [flags]  headless run (also when stdin is piped)",
    "  kit <command> [args]                  see Commands",
    "  kit -- [prompt ...]                   the words are the prompt, even when they look like a command",
    "",
  ];
  const width = Math.max(...FLAGS.map((d) => flagLabel(d).length)) + 2;
  for (const section of SECTIONS) {
    lines.push(section);
    for (const d of FLAGS.filter((x) => x.section === section)) {
      const choices = d.choices && !flagLabel(d).includes(d.choices.join("|")) ? ` (${d.choices.join(", ")})` : "";
      lines.push(`  ${flagLabel(d).padEnd(width)}${d.description}${choices}`);
    }
    lines.push("");
  }
  lines.push("Commands");
  const cmdWidth = Math.max(...SUBCOMMAND_SUMMARIES.map(([name]) => name.length)) + 2;
  for (const [name, summary] of SUBCOMMAND_SUMMARIES) lines.push(`  ${name.padEnd(cmdWidth)}${summary}`);
  lines.push(
    "",
    "Examples",
    '  kit "fix the failing test"',
    '  git diff | kit "write a commit message" --quiet',
    "  kit --json \"list the TODOs\" | jq .response",
    "  kit -m openai/gpt-5 @src/main.ts \"explain this file\"",
    "  kit -m deepseek/deepseek-chat \"hello\"          # any provider of 'kit models', by its key variable",
    "  kit -m ollama/llama3.2 \"hello\"                 # Ollama at OLLAMA_HOST (default localhost:11434), no key",
    "  kit --provider-url http://localhost:8080/v1 -m custom/llama3.2 \"hello\"",
    "",
    `Keys: 'kit auth login' stores one (or /login in kit); else each provider's variable (ANTHROPIC_API_KEY, OPENAI_API_KEY, DEEPSEEK_API_KEY, …; 'kit models' lists them and marks those set), or --provider-api-key; Bedrock and Vertex use AWS / Google credentials. Config: ~/.config/kit/config.yml (or ~/.kit.yml), ./.kit.yml.`,
    `Exit codes: 0 ok, 1 run failed (also: the session file could not be written), 2 usage/config, 3 auth or billing/quota, 4 provider unavailable, 5 context overflow, 6 limit, 130 interrupted, 143 SIGTERM, 129 SIGHUP, 141 stdout's reader went away.`,
  );
  return lines.join("\n");
}
