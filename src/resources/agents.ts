/**
 * Named agents: presets for the subagent tool and ctx.spawnSubagent. Each is a markdown file whose
 * name (without `.md`) is the agent's name, whose body is its system prompt, and whose front matter
 * says: description (required: it is what the model reads to choose), model ("provider/model"; else
 * the parent's), tools (allow-list; else the parent's tools minus subagent), temperature, timeout
 * (seconds), hidden (usable by name but not advertised), disabled (removes it, and whatever it
 * shadows).
 *
 * Precedence, highest first: ./.agents/agents/, ./.kit/agents/, $XDG_CONFIG_HOME/kit/agents/, then
 * the built-in `general` and `explore` (read-only). --no-agents loads none.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { boolField, listField, numberField, parseFrontmatter, textField } from "./frontmatter.ts";
import { fileErrorMessage } from "../config/parse-file.ts";

export interface NamedAgent {
  name: string;
  description: string;
  model?: string;
  tools?: string[];
  temperature?: number;
  timeoutMs?: number;
  hidden: boolean;
  disabled: boolean;
  systemPrompt: string;
  /** The definition file; "" for a built-in agent. */
  path: string;
  source: "builtin" | "user" | "project";
}

export const BUILTIN_AGENTS: readonly NamedAgent[] = [
  {
    name: "general",
    description: "General-purpose agent for multi-step tasks: researching a question, or making and checking a focused change",
    hidden: false,
    disabled: false,
    path: "",
    source: "builtin",
    systemPrompt: [
      "You are a subagent of kit, an AI coding agent: another agent has handed you one task.",
      "Work on it on your own from start to end; nobody will answer questions, so decide for yourself and say what you assumed.",
      "Use the tools to look at the real files and run real commands instead of guessing, and check what you change.",
      "Finish with one complete answer for the agent that asked: what you found or did, with the file paths, commands and results it needs to act on it.",
    ].join("\n"),
  },
  {
    name: "explore",
    description: "Read-only agent for exploring a codebase: finds files, searches code and explains how things work; changes nothing",
    tools: ["read", "grep", "find", "ls"],
    hidden: false,
    disabled: false,
    path: "",
    source: "builtin",
    systemPrompt: [
      "You are a read-only exploration subagent of kit, an AI coding agent: another agent has asked you a question about a codebase.",
      "Find the relevant files, search the code and read what matters. You cannot change anything, and must not try.",
      "Answer concisely with what you found, naming files (with line numbers where they help) so the asking agent can go straight to them.",
    ].join("\n"),
  },
];

/** An agent from its file's text. Throws when the description is missing or the front matter is bad. */
export function parseAgent(path: string, text: string, source: NamedAgent["source"] = "project"): NamedAgent {
  const name = basename(path).replace(/\.md$/i, "");
  const { data, body } = parseFrontmatter(text, path);
  const description = (textField(data, "description") ?? "").trim();
  if (description === "") throw new Error(`agent ${name}: the front matter needs a description (the model chooses agents by it)`);
  const agent: NamedAgent = {
    name,
    description,
    hidden: boolField(data, "hidden") ?? false,
    disabled: boolField(data, "disabled") ?? false,
    systemPrompt: body.trim(),
    path,
    source,
  };
  const model = textField(data, "model")?.trim();
  if (model) agent.model = model;
  const tools = listField(data, "tools");
  if (tools && tools.length > 0) agent.tools = tools;
  const temperature = numberField(data, "temperature");
  if (temperature !== undefined) agent.temperature = temperature;
  const timeout = numberField(data, "timeout");
  if (timeout !== undefined && timeout > 0) agent.timeoutMs = Math.round(timeout * 1000);
  return agent;
}

/** The `*.md` agents of one folder; a missing folder has none. */
export function loadAgentsFromDir(dir: string, source: NamedAgent["source"]): { agents: NamedAgent[]; errors: string[] } {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) return { agents: [], errors: [] };
    names = readdirSync(dir).sort();
  } catch {
    return { agents: [], errors: [] };
  }
  const agents: NamedAgent[] = [];
  const errors: string[] = [];
  for (const name of names) {
    if (!name.toLowerCase().endsWith(".md")) continue;
    const path = join(dir, name);
    try {
      if (!statSync(path).isFile()) continue;
      agents.push(parseAgent(path, readFileSync(path, "utf8"), source));
    } catch (err) {
      errors.push(fileErrorMessage(path, err));
    }
  }
  return { agents, errors };
}

export interface AgentDiscoveryOptions {
  cwd: string;
  /** $XDG_CONFIG_HOME/kit */
  configDir: string;
  /** --no-agents */
  none?: boolean;
}

/** The named agents of a run (disabled ones removed), highest precedence first per name. */
export function discoverAgents(opts: AgentDiscoveryOptions): { agents: NamedAgent[]; errors: string[] } {
  if (opts.none) return { agents: [], errors: [] };
  const sets: NamedAgent[][] = [];
  const errors: string[] = [];
  for (const [dir, source] of [
    [join(opts.cwd, ".agents", "agents"), "project"],
    [join(opts.cwd, ".kit", "agents"), "project"],
    [join(opts.configDir, "agents"), "user"],
  ] as const) {
    const found = loadAgentsFromDir(dir, source);
    sets.push(found.agents);
    errors.push(...found.errors);
  }
  sets.push(BUILTIN_AGENTS.map((a) => ({ ...a, ...(a.tools ? { tools: [...a.tools] } : {}) })));
  return { agents: mergeAgents(sets), errors };
}

/** Sets ordered highest precedence first: the first of each name wins, then disabled ones are dropped. */
export function mergeAgents(sets: readonly (readonly NamedAgent[])[]): NamedAgent[] {
  const seen = new Map<string, NamedAgent>();
  for (const set of sets) for (const a of set) if (a.name && !seen.has(a.name)) seen.set(a.name, a);
  return [...seen.values()].filter((a) => !a.disabled);
}

/** The agents the model is told about (not hidden), one "- name: description" line each. "" when none. */
export function agentCatalogue(agents: readonly NamedAgent[]): string {
  return agents
    .filter((a) => !a.hidden)
    .map((a) => `- ${a.name}: ${a.description.replace(/\s+/g, " ")}`)
    .join("\n");
}
