/** Turning a snippet into the message sent to the model, and listing snippets for people. */
import type { Snippet } from "./config.ts";

const INPUT = /\{\{\s*input\s*\}\}/g;

export function needsInput(snippet: Snippet): boolean {
  return snippet.prompt.search(INPUT) >= 0;
}

/**
 * The message for `snippet` with the text typed after its name: put in place of `{{input}}`, or added
 * after a blank line when the prompt has no `{{input}}`. Undefined when `{{input}}` needs a text and
 * none was given.
 */
export function fill(snippet: Snippet, input: string): string | undefined {
  const text = input.trim();
  if (needsInput(snippet)) return text === "" ? undefined : snippet.prompt.replace(INPUT, () => text);
  return text === "" ? snippet.prompt : `${snippet.prompt}\n\n${text}`;
}

/** One line per snippet, sorted, in aligned columns: "  explain <text>  Explain a file …  (built in)". */
export function listSnippets(snippets: Iterable<Snippet>, source: (s: Snippet) => string): string[] {
  const rows = [...snippets]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((s) => [needsInput(s) ? `${s.name} <text>` : s.name, s.description || firstLine(s.prompt), `(${source(s)})`] as const);
  const width = (i: 0 | 1) => Math.max(0, ...rows.map((r) => r[i].length));
  return rows.map(([usage, about, from]) => `  ${usage.padEnd(width(0))}  ${about.padEnd(width(1))}  ${from}`);
}

function firstLine(text: string): string {
  const line = text.split("\n")[0] ?? "";
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}
