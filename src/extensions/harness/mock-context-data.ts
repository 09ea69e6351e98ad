/**
 * The in-memory half of the MockContext: session data (entries, tree, state), options, the model and
 * tools, ctx.complete and subagents from scripted replies, themes, skills, templates and model
 * resolution. mock-context.ts adds the recording of output, chrome and prompts on top.
 */
import { MockThemes } from "./mock-themes.ts";
import type {
  CompleteRequest,
  CompleteResponse,
  Context,
  McpServerInfo,
  SubagentConfig,
  SubagentHandle,
  SubagentResult,
  ThemeColors,
  ThinkingLevel,
  ToolResult,
} from "../contract.ts";
import type { ExtensionRunner } from "../runner.ts";
import { MockSession } from "./mock-session.ts";
import { ModelQueries } from "./model-queries.ts";
import { SkillStore } from "./skills.ts";
import * as text from "../../resources/templates.ts";

/** Built-in tools of the contract (spec/cli.md), as getAllTools lists them next to extension tools. */
export const CORE_TOOLS: readonly { name: string; description: string }[] = [
  { name: "read", description: "Read a file" },
  { name: "write", description: "Write a file" },
  { name: "edit", description: "Replace an exact text in a file" },
  { name: "bash", description: "Run a shell command" },
  { name: "grep", description: "Search file contents" },
  { name: "find", description: "Find files by name" },
  { name: "ls", description: "List a directory" },
  { name: "subagent", description: "Run a task in a subagent" },
];

export interface MockContextOptions {
  cwd: string;
  interactive: boolean;
  sessionId: string;
  /** "provider/model" */
  model: string;
  thinkingLevel: ThinkingLevel;
  /** The harness's runner (the harness may swap its registry on load). */
  runner(): ExtensionRunner;
  /** ctx.reloadExtensions: the harness reloads what it loaded. */
  reload(): Promise<void>;
}

export abstract class MockContextData {
  readonly cwd: string;
  readonly interactive: boolean;
  /** Every ctx.complete request, in order. */
  readonly completions: CompleteRequest[] = [];
  readonly subagents: SubagentConfig[] = [];
  /** Models switched to with ctx.setModel ("provider/model"). */
  readonly modelChanges: string[] = [];
  activeTools: string[] | null = null;

  protected currentModel: string;
  protected readonly session: MockSession;
  private readonly thinkingLevel: ThinkingLevel;
  private readonly themes = new MockThemes();
  private readonly models = new ModelQueries();
  private readonly skills: SkillStore;
  private readonly completeReplies: string[] = [];
  private readonly subagentReplies: string[] = [];
  private subagentCounter = 0;

  constructor(protected readonly opts: MockContextOptions) {
    this.cwd = opts.cwd;
    this.interactive = opts.interactive;
    this.currentModel = opts.model;
    this.thinkingLevel = opts.thinkingLevel;
    this.session = new MockSession(opts.sessionId);
    this.skills = new SkillStore(opts.cwd);
  }

  get sessionId(): string {
    return this.session.id;
  }
  get model(): string {
    return this.currentModel;
  }
  get state(): Map<string, string> {
    return this.session.state;
  }
  get entries(): { entryType: string; data: string }[] {
    return this.session.appended;
  }
  get theme(): ThemeColors {
    return this.themes.get();
  }
  /** Skill names (or raw skill paths) injected as context. */
  get injectedSkills(): readonly string[] {
    return this.skills.injected;
  }

  /** Scripted replies for ctx.complete, used in order. */
  answerComplete(...texts: string[]): void {
    this.completeReplies.push(...texts.map(String));
  }
  /** Scripted responses for ctx.spawnSubagent, used in order. */
  answerSubagent(...responses: string[]): void {
    this.subagentReplies.push(...responses.map(String));
  }

  // ── themes ──────────────────────────────────────────────────────────────────────────────────────
  registerTheme(name: string, colors: Parameters<Context["registerTheme"]>[1]): void {
    this.themes.register(name, colors);
  }
  setTheme(name: string): void {
    this.themes.set(name);
  }
  listThemes(): string[] {
    return this.themes.list();
  }
  getTheme(): ThemeColors {
    return this.themes.get();
  }

  // ── session data ────────────────────────────────────────────────────────────────────────────────
  getContextStats() {
    return { estimatedTokens: 0, contextLimit: this.models.contextLimit(this.currentModel), usagePercent: 0, messageCount: 0 };
  }
  getSessionUsage() {
    return { totalInputTokens: 0, totalOutputTokens: 0, totalCacheReadTokens: 0, totalCacheWriteTokens: 0, totalCost: 0, requestCount: 0 };
  }
  getMessages() {
    return [];
  }
  getSessionPath(): string {
    return "";
  }
  appendEntry(entryType: string, data: string): string {
    return this.session.append(entryType, data);
  }
  getEntries(entryType: string) {
    return this.session.entries(entryType);
  }
  setState(key: string, value: string): void {
    this.session.state.set(key, String(value));
  }
  getState(key: string): string | undefined {
    return this.session.state.get(key);
  }
  deleteState(key: string): void {
    this.session.state.delete(key);
  }
  listState(): string[] {
    return [...this.session.state.keys()];
  }

  // ── options, model, tools ───────────────────────────────────────────────────────────────────────
  getOption(name: string): string {
    return this.opts.runner().getOption(name);
  }
  setOption(name: string, value: string): void {
    this.opts.runner().setOption(name, value);
  }
  setModel(model: string): void {
    const next = this.models.canonical(model);
    const previous = this.currentModel;
    this.currentModel = next;
    this.modelChanges.push(next);
    this.opts.runner().emitNotification("model_change", { newModel: next, previousModel: previous, source: "extension" });
  }
  getAvailableModels() {
    return this.models.available();
  }
  getThinkingLevel(): ThinkingLevel {
    return this.thinkingLevel;
  }
  getAllTools() {
    const enabled = (name: string) => !this.activeTools || this.activeTools.includes(name);
    const core = CORE_TOOLS.map((t) => ({ ...t, source: "core" as const, enabled: enabled(t.name) }));
    const ext = this.opts.runner().registry.tools().map((t) => ({ name: t.name, description: t.def.description, source: "extension" as const, enabled: enabled(t.name) }));
    return [...core, ...ext];
  }
  setActiveTools(names: string[] | null): void {
    this.activeTools = names && names.length > 0 ? [...names] : null;
  }
  /** The harness starts no MCP servers. */
  listMcpServers(): McpServerInfo[] {
    return [];
  }
  async callMcpTool(server: string): Promise<ToolResult> {
    throw new Error(`ctx.callMcpTool("${server}", …): the test harness starts no MCP servers; run the extension in kit with the server configured`);
  }

  // ── model calls ─────────────────────────────────────────────────────────────────────────────────
  async complete(req: CompleteRequest): Promise<CompleteResponse> {
    this.completions.push(req);
    const reply = this.completeReplies.shift();
    if (reply === undefined) {
      throw new Error(
        `ctx.complete was called (call ${this.completions.length}) but no scripted reply is left: ` +
          `give replies with h.context.answerComplete("...") before the extension calls it`,
      );
    }
    if (req.signal?.aborted) throw new Error("ctx.complete: the request was aborted");
    req.onChunk?.(reply);
    const sent = [req.system ?? "", ...(req.messages ?? []).map((m) => m.content), req.prompt ?? ""].join("");
    return {
      text: reply,
      inputTokens: Math.ceil(sent.length / 4),
      outputTokens: Math.ceil(reply.length / 4),
      model: req.model ? req.model : this.currentModel,
    };
  }
  /**
   * Answers from answerSubagent, as the app would: after spawnSubagent has returned the handle, with
   * subagent_start, a text chunk and subagent_end through the runner, and onOutput, onEvent and
   * onComplete. A handle killed before that ends with "killed".
   */
  spawnSubagent(cfg: SubagentConfig): SubagentHandle {
    this.subagents.push(cfg);
    const id = `subagent-${++this.subagentCounter}`;
    const reply = this.subagentReplies.shift();
    const runner = this.opts.runner();
    const task = String(cfg?.prompt ?? "");
    let killed = false;
    const done = Promise.resolve().then((): SubagentResult => {
      runner.emitNotification("subagent_start", { toolCallId: id, task });
      let result: SubagentResult;
      if (killed) result = { response: "", error: "killed", exitCode: 130, elapsedMs: 0 };
      else if (reply === undefined) {
        result = { response: "", error: 'no scripted subagent reply is left: give one with h.context.answerSubagent("...")', exitCode: 1, elapsedMs: 0 };
      } else {
        runner.emitNotification("subagent_chunk", { toolCallId: id, task, chunkType: "text", content: reply });
        cfg.onOutput?.(reply);
        cfg.onEvent?.({ type: "text", content: reply });
        result = { response: reply, exitCode: 0, elapsedMs: 0 };
      }
      runner.emitNotification("subagent_end", { toolCallId: id, task, response: result.response, errorMsg: result.error ?? "" });
      cfg.onComplete?.(result);
      return result;
    });
    return {
      id,
      wait: () => done,
      kill: () => {
        killed = true;
      },
    };
  }

  // ── conversation tree ───────────────────────────────────────────────────────────────────────────
  getTreeNode(id: string) {
    return this.session.node(id);
  }
  getCurrentBranch() {
    return this.session.branch();
  }
  getChildren(id: string): string[] {
    return this.session.children(id);
  }
  navigateTo(id: string) {
    return this.session.navigateTo(id);
  }
  async summarizeBranch(fromId: string, toId: string): Promise<string> {
    const problem = this.session.checkRange(fromId, toId);
    if (problem) throw new Error(`summarizeBranch: ${problem}`);
    return (await this.complete({ prompt: `Summarize the conversation from ${fromId} to ${toId}.` })).text;
  }
  collapseBranch(fromId: string, toId: string, summary: string) {
    const problem = this.session.checkRange(fromId, toId);
    if (problem) return { success: false, error: problem };
    // As in the app: the summary goes where the stretch started (before the first entry for a root).
    this.session.moveTo(this.session.node(fromId)!.parentId);
    this.session.append("branch_summary", summary, "branch_summary");
    return { success: true };
  }

  // ── skills and templates ────────────────────────────────────────────────────────────────────────
  discoverSkills() {
    return { skills: this.skills.list() };
  }
  loadSkill(path: string) {
    return this.skills.load(path);
  }
  loadSkillsFromDir(dir: string) {
    return this.skills.loadDir(dir);
  }
  injectSkillAsContext(name: string): void {
    this.skills.inject(name);
  }
  injectRawSkillAsContext(path: string): void {
    this.skills.injectRaw(path);
  }
  getAvailableSkills() {
    return this.skills.list();
  }
  parseTemplate(name: string, content: string) {
    return text.parseTemplate(name, content);
  }
  renderTemplate(tpl: Parameters<Context["renderTemplate"]>[0], vars: Record<string, string>): string {
    return text.renderTemplate(tpl, vars);
  }
  parseArguments(input: string, pattern: Parameters<Context["parseArguments"]>[1]) {
    return text.parseArguments(input, pattern);
  }
  simpleParseArguments(input: string, count: number): string[] {
    return text.simpleParseArguments(input, count);
  }
  evaluateModelConditional(pattern: string): boolean {
    return text.modelMatches(pattern, this.currentModel);
  }
  renderWithModelConditionals(content: string): string {
    return text.renderWithModelConditionals(content, this.currentModel);
  }

  // ── model resolution ────────────────────────────────────────────────────────────────────────────
  resolveModelChain(models: string[]) {
    return this.models.resolveChain(models);
  }
  getModelCapabilities(model?: string) {
    return this.models.capabilities(model || this.currentModel);
  }
  checkModelAvailable(model: string): boolean {
    return this.models.info(model) !== undefined;
  }
  getCurrentProvider(): string {
    return this.currentModel.slice(0, Math.max(0, this.currentModel.indexOf("/")));
  }
  getCurrentModelID(): string {
    return this.currentModel.slice(this.currentModel.indexOf("/") + 1);
  }
}

