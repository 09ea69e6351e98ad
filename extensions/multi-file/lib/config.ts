/**
 * Reads snippet files. The TOML is parsed with `smol-toml`, this extension's own dependency
 * (package.json next to main.ts, installed into this folder's node_modules/). A syntax error is
 * reported with the file, line and column smol-toml gives.
 */
import { readFileSync } from "node:fs";
import { parse, TomlError } from "smol-toml";

export interface Snippet {
  name: string;
  description: string;
  prompt: string;
  /** The file it was read from. */
  file: string;
}

export interface SnippetFile {
  snippets: Snippet[];
  /** "file[:line:column]: what is wrong"; the snippets that are fine are still returned. */
  problems: string[];
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/**
 * The snippets of one TOML file; problems name it as `label` (default: its path). A file that does not
 * exist has no snippets and no problems.
 */
export function readSnippetFile(file: string, label = file): SnippetFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { snippets: [], problems: code === "ENOENT" ? [] : [`${label}: cannot read it: ${(err as Error).message}`] };
  }

  let table: Record<string, unknown>;
  try {
    table = parse(text);
  } catch (err) {
    if (!(err instanceof TomlError)) throw err;
    // smol-toml's message is "Invalid TOML document: <what>", then a code excerpt.
    const what = err.message.split("\n")[0]!.replace(/^Invalid TOML document: /, "");
    return { snippets: [], problems: [`${label}:${err.line}:${err.column}: ${what}`] };
  }

  const snippets: Snippet[] = [];
  const problems: string[] = [];
  for (const [name, value] of Object.entries(table)) {
    if (!NAME.test(name)) {
      problems.push(`${label}: "${name}" is not a snippet name (letters, digits, "-" and "_")`);
    } else if (typeof value === "string") {
      snippets.push({ name, description: "", prompt: value, file });
    } else if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      const { prompt, description = "" } = value as Record<string, unknown>;
      if (typeof prompt !== "string" || prompt.trim() === "") {
        problems.push(`${label}: snippet "${name}" has no prompt (a text under \`prompt\`)`);
      } else if (typeof description !== "string") {
        problems.push(`${label}: the description of snippet "${name}" is not a text`);
      } else {
        snippets.push({ name, description, prompt, file });
      }
    } else {
      problems.push(`${label}: snippet "${name}" must be a text or a table with \`prompt\``);
    }
  }
  return { snippets, problems };
}

/** The snippets of several files, a later file replacing an earlier one's snippet of the same name. */
export function readSnippets(files: readonly { file: string; label?: string }[]): { snippets: Map<string, Snippet>; problems: string[] } {
  const snippets = new Map<string, Snippet>();
  const problems: string[] = [];
  for (const { file, label } of files) {
    const read = readSnippetFile(file, label);
    for (const s of read.snippets) snippets.set(s.name, s);
    problems.push(...read.problems);
  }
  return { snippets, problems };
}
