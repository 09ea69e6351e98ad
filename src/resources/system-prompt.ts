import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { agentCatalogue, type NamedAgent } from "./agents.ts";
import { skillCatalogue, type Skill } from "./skills.ts";

export const BUILT_IN_PROMPT = `You are kit, an AI coding agent working in the user's terminal, inside their project.

You help with software engineering tasks: reading and changing code, running commands, finding bugs, writing tests, and explaining what you find. Use the tools to look at the real files and run real commands instead of guessing.

How to work:
- Read the relevant code before changing it. Prefer small, focused edits with the edit tool over rewriting whole files.
- Use grep and find to locate code, read to view files (with offset/limit for long ones), and ls to list directories.
- Use bash to build, test and inspect. Commands run non-interactively in the project directory; never start programs that wait for input.
- After a change, verify it (run the tests or the build) when that is possible.
- When a tool fails, read the error and adjust instead of repeating the same call.
- Be concise. Say what you did and what you found; show code only when it helps.
- Do not make changes the user did not ask for, and ask before destructive actions such as deleting files or rewriting history.`;

/** Names of the context files read from the project and its parents (CLAUDE.md only when present). */
const CONTEXT_FILE_NAMES = ["AGENTS.md", "CLAUDE.md"];

export interface SystemPromptInput {
  cwd: string;
  /** $XDG_CONFIG_HOME/kit: a global AGENTS.md there applies to every project. */
  configDir: string;
  /** --system-prompt: replaces the built-in instructions (context files, tools and environment stay). */
  customPrompt?: string;
  /** --append-system-prompt: added after the instructions (built-in or custom) instead of replacing them. */
  appendPrompt?: string;
  tools: { name: string; description: string }[];
  /** Fixed at session start so the prompt never changes within a session (prompt caches keep hitting). */
  date: Date;
  /** Told about context files that exist but cannot be read. */
  onWarning?(message: string): void;
  /** Skills of the session: a catalogue of those the model may load (when the skill tool is offered). */
  skills?: readonly Skill[];
  /** Named agents, listed when the subagent tool is offered. */
  agents?: readonly NamedAgent[];
}

/**
 * The stable system prompt: instructions, project context files, tool list, skills catalogue, named
 * agents, then working directory and date. Everything here is fixed for the session; per-turn
 * additions go after it.
 */
export function buildSystemPrompt(input: SystemPromptInput): string {
  const sections = [input.customPrompt ?? BUILT_IN_PROMPT];
  if (input.appendPrompt) sections.push(input.appendPrompt);
  for (const file of contextFiles(input.cwd, input.configDir, input.onWarning)) {
    sections.push(`<context file="${file.path}">\n${file.content.trim()}\n</context>`);
  }
  if (input.tools.length > 0) {
    sections.push("Available tools:\n" + input.tools.map((t) => `- ${t.name}: ${firstLine(t.description)}`).join("\n"));
  }
  const offered = new Set(input.tools.map((t) => t.name));
  const skills = offered.has("skill") ? skillCatalogue(input.skills ?? []) : "";
  if (skills) sections.push(skills);
  const agents = offered.has("subagent") ? agentCatalogue(input.agents ?? []) : "";
  if (agents) sections.push(`Named agents for the subagent tool (its \`agent\` argument):\n${agents}`);
  sections.push(`Working directory: ${input.cwd}\nToday's date: ${input.date.toISOString().slice(0, 10)}`);
  return sections.join("\n\n");
}

/** --system-prompt and --append-system-prompt TEXT|FILE: an existing file's content, else the text itself. */
export function readCustomPrompt(value: string, cwd: string): string {
  const path = resolve(cwd, value);
  if (value.length < 4096 && existsSync(path) && statSync(path).isFile()) return readFileSync(path, "utf8");
  return value;
}

/**
 * Context files from the global config directory, then from the outermost ancestor of cwd down to
 * cwd itself, so the most specific instructions come last.
 */
export function contextFiles(cwd: string, configDir: string, onWarning?: (message: string) => void): { path: string; content: string }[] {
  const dirs: string[] = [];
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    dirs.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  const found: { path: string; content: string }[] = [];
  const seen = new Set<string>();
  for (const dir of [configDir, ...dirs]) {
    for (const name of CONTEXT_FILE_NAMES) {
      const path = join(dir, name);
      if (seen.has(path) || !existsSync(path)) continue;
      seen.add(path);
      try {
        found.push({ path, content: readFileSync(path, "utf8") });
      } catch (err) {
        // An unreadable context file (permissions, a directory named AGENTS.md) is reported, not fatal.
        onWarning?.(`cannot read ${path}: ${(err as Error).message}`);
      }
    }
  }
  return found;
}

function firstLine(s: string): string {
  const line = s.split("\n")[0] ?? "";
  return line.length > 200 ? line.slice(0, 200) + "…" : line;
}
