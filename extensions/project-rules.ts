// Adds the project's rules (.kit/rules.md, else RULES.md) to the system prompt of every turn, read afresh each turn so edits apply at once; does nothing when there is no rules file.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ExtensionAPI } from "kit/ext";

export const RULE_FILES = [".kit/rules.md", "RULES.md"];
/** More than this is cut: the rules share the context window with the conversation. */
const MAX_CHARS = 20_000;

/** The first rules file of the project that has text in it, or undefined. */
export function readRules(cwd: string): { file: string; text: string } | undefined {
  for (const file of RULE_FILES) {
    let text: string;
    try {
      text = readFileSync(join(cwd, file), "utf8").trim();
    } catch {
      continue; // missing (or unreadable): try the next one
    }
    if (text === "") continue;
    if (text.length > MAX_CHARS) text = `${text.slice(0, MAX_CHARS)}\n[… the rest of ${file} was cut]`;
    return { file, text };
  }
  return undefined;
}

export default function projectRules(kit: ExtensionAPI) {
  kit.onBeforeAgentStart((_event, ctx) => {
    const rules = readRules(ctx.cwd);
    if (!rules) return;
    return { systemPrompt: `The project's rules (from ${rules.file}); follow them:\n\n${rules.text}` };
  });
}
