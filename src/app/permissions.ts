/**
 * Permission modes (`--permission-mode`): which tools are offered and which calls need the user's
 * yes. `auto` runs everything (as before modes existed); `read-only` offers only read-only tools;
 * `ask` asks before every call that writes, edits, runs a command or calls an MCP tool not marked
 * read-only, unless a rule allows it (`--allow` for this run, or "allow always" stored for the
 * project). The mode asks through ModeHooks.askPermission; a mode without it (headless) denies such
 * calls with one line on stderr. The mode may change mid-session (Shift+Tab, ACP session modes).
 */
import { displayPath } from "../tools/paths.ts";
import type { Tool } from "../tools/types.ts";
import type { PermissionAnswer, PermissionMode, PermissionRequest } from "./permission-types.ts";
import { callPath, parseRule, proposedRule, rulesAllow, type PermissionRule, type RuleSubject } from "./permission-rules.ts";
import { PermissionStore } from "./permission-store.ts";
import { UsageError } from "../errors.ts";

export const PERMISSION_MODES: readonly PermissionMode[] = ["auto", "ask", "read-only"];

export interface PermissionsOptions {
  mode: PermissionMode;
  cwd: string;
  store: PermissionStore;
  /** --allow rules: this run only, never stored. */
  runRules: PermissionRule[];
  /** The mode's way to ask the user; none = nobody to ask (calls a rule does not cover are denied). */
  ask?: (request: PermissionRequest) => Promise<PermissionAnswer>;
  /** Tells the user about a call denied without asking, or a rule that could not be stored. */
  report(message: string): void;
}

/** A call the gate stops, and what the model is told. */
export interface PermissionRefusal {
  block: true;
  reason: string;
}

/** A tool that changes nothing: kit's read and search tools, MCP tools marked readOnlyHint, extension tools of those kinds. */
export function isReadOnlyTool(tool: Tool): boolean {
  return tool.readOnly && tool.kind !== "agent";
}

export class Permissions {
  private current: PermissionMode;
  private reportedDamage = false;

  constructor(private readonly o: PermissionsOptions) {
    this.current = o.mode;
  }

  get mode(): PermissionMode {
    return this.current;
  }

  /** Applies from the next tool call (the offered tools are asked at every model call). */
  setMode(mode: PermissionMode): void {
    if (!PERMISSION_MODES.includes(mode)) throw new Error(`unknown permission mode "${mode}"; use one of ${PERMISSION_MODES.join(", ")}`);
    this.current = mode;
  }

  /** The next mode of the cycle auto → ask → read-only → auto (Shift+Tab). */
  cycle(): PermissionMode {
    this.setMode(PERMISSION_MODES[(PERMISSION_MODES.indexOf(this.current) + 1) % PERMISSION_MODES.length]!);
    return this.current;
  }

  /** The tools the mode offers: in read-only mode only those that change nothing (subagents run with the same gate). */
  offered(tools: Tool[]): Tool[] {
    return this.current === "read-only" ? tools.filter((t) => isReadOnlyTool(t) || t.kind === "agent") : tools;
  }

  /** The project's stored rules and this run's --allow rules, for /permissions. */
  rules(): { rule: string; source: "project" | "--allow" }[] {
    return [...this.o.store.list().map((rule) => ({ rule, source: "project" as const })), ...this.o.runRules.map((r) => ({ rule: r.text, source: "--allow" as const }))];
  }

  /** Removes a stored rule; false when the project has no such rule. */
  removeRule(rule: string): boolean {
    return this.o.store.remove(rule);
  }

  /** The gate for one call whose arguments passed the schema check: undefined lets it run. */
  async check(tool: Tool, toolCallId: string, args: Record<string, unknown>): Promise<PermissionRefusal | undefined> {
    if (this.current === "auto" || tool.kind === "agent" || isReadOnlyTool(tool)) return undefined;
    if (this.current === "read-only") {
      return { block: true, reason: `${tool.name} changes things, and kit is in read-only permission mode: only read-only tools may run. Tell the user what you would do instead.` };
    }
    const subject = subjectOf(tool, args, this.o.cwd);
    if (rulesAllow(this.allRules(), subject, this.o.cwd)) return undefined;
    const request: PermissionRequest = { toolCallId, toolName: tool.name, kind: tool.kind, args, title: titleOf(subject, args, this.o.cwd), rule: proposedRule(subject, this.o.cwd) };
    if (!this.o.ask) {
      this.o.report(`permission denied: ${request.title} (no rule allows it and a headless run cannot ask; allow it with --allow '${request.rule}')`);
      return {
        block: true,
        reason: `kit is in ask permission mode and no rule allows ${request.title}; there is no one to ask in this run, so it was denied. Do not retry it: tell the user it needs --allow '${request.rule}' (or another permission mode).`,
      };
    }
    const answer = await this.o.ask(request);
    if (answer.kind === "allow-once") return undefined;
    if (answer.kind === "allow-always") {
      try {
        this.o.store.add(request.rule);
      } catch (err) {
        this.o.report(`the rule ${request.rule} was not saved: ${(err as Error).message}`);
      }
      return undefined;
    }
    const why = answer.reason?.trim();
    return { block: true, reason: `the user denied ${request.title}${why ? `: ${why}` : " (no reason given)"}. Do not retry it; ask the user how to go on.` };
  }

  /** The stored rules and --allow's. A damaged rules file counts as no stored rules (more questions, never fewer), said once. */
  private allRules(): PermissionRule[] {
    let texts: string[] = [];
    try {
      texts = this.o.store.list();
    } catch (err) {
      if (!this.reportedDamage) this.o.report((err as Error).message);
      this.reportedDamage = true;
    }
    const stored: PermissionRule[] = [];
    for (const text of texts) {
      try {
        stored.push(parseRule(text));
      } catch {
        // A rule edited by hand into something unreadable allows nothing; /permissions still lists it.
      }
    }
    return [...stored, ...this.o.runRules];
  }
}

function subjectOf(tool: Tool, args: Record<string, unknown>, cwd: string): RuleSubject {
  if (tool.name === "bash") return { tool: tool.name, command: typeof args.command === "string" ? args.command : "" };
  const path = tool.name === "edit" || tool.name === "write" ? callPath(args, cwd) : undefined;
  return { tool: tool.name, ...(path !== undefined ? { path } : {}) };
}

/** One line saying what the call would do: "bash: npm test", "edit: src/app.ts", "notes__save {…}". */
function titleOf(subject: RuleSubject, args: Record<string, unknown>, cwd: string): string {
  if (subject.command !== undefined) return `bash: ${oneLine(subject.command)}`;
  if (subject.path !== undefined) return `${subject.tool}: ${displayPath(subject.path, cwd)}`;
  return `${subject.tool} ${oneLine(JSON.stringify(args))}`;
}

function oneLine(s: string, max = 200): string {
  const flat = s.replace(/\s+/g, " ").trim();
  return flat.length > max ? flat.slice(0, max - 1) + "…" : flat;
}

/** The permissions of a run: the mode from config, --allow rules (a bad one is a usage error), the project's stored rules. */
export function permissionsFor(o: {
  mode: string | undefined;
  cwd: string;
  dataDir: string;
  allowRules: readonly string[];
  ask?: (request: PermissionRequest) => Promise<PermissionAnswer>;
  report(message: string): void;
}): Permissions {
  const runRules = o.allowRules.map((text) => {
    try {
      return parseRule(text);
    } catch (err) {
      throw new UsageError(`--allow: ${(err as Error).message}`);
    }
  });
  return new Permissions({
    mode: (o.mode ?? "auto") as PermissionMode,
    cwd: o.cwd,
    store: new PermissionStore(o.dataDir, o.cwd),
    runRules,
    ...(o.ask ? { ask: o.ask } : {}),
    report: o.report,
  });
}
