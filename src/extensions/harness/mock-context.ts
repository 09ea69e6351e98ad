/**
 * The Context a harness hands to the extension it tests. It implements the whole contract in memory
 * and records what the extension did (prints, blocks, sent messages, widgets, statuses, entries, …)
 * so a test can assert on it. Prompts and ctx.complete are answered from scripted queues.
 *
 * As in the app, a non-interactive harness (`createHarness({ interactive: false })`) ignores the UI
 * chrome calls (nothing is recorded) and resolves every prompt at once as cancelled; the default is
 * interactive. Events the context causes (model_change from setModel, custom events, session
 * switches) go through the harness's real runner. The in-memory rest of the Context (session data,
 * model, ctx.complete, skills, templates) is in mock-context-data.ts.
 */
import type { Context, EditorConfig, HeaderFooterConfig, OverlayConfig, UIVisibility, WidgetConfig } from "../contract.ts";
import { checkFields } from "../definition-fields.ts";
import { DEFAULT_TERMINAL_SIZE } from "./event-defaults.ts";
import { MockContextData, type MockContextOptions } from "./mock-context-data.ts";
import * as answers from "./prompt-answers.ts";

export { CORE_TOOLS, type MockContextOptions } from "./mock-context-data.ts";

export class MockContext extends MockContextData implements Context {
  // ── records ─────────────────────────────────────────────────────────────────────────────────────
  readonly prints: string[] = [];
  readonly infos: string[] = [];
  readonly errors: string[] = [];
  readonly blocks: { text: string; borderColor?: string; subtitle?: string }[] = [];
  readonly renderedMessages: { renderer: string; content: string; output: string }[] = [];
  readonly sentMessages: string[] = [];
  readonly cancelAndSends: string[] = [];
  readonly steered: string[] = [];
  readonly widgets = new Map<string, WidgetConfig>();
  readonly statuses = new Map<string, { text: string; priority: number }>();
  readonly uiVisibility: UIVisibility = {};
  /** Lines tools streamed with onProgress during h.runTool (also delivered as tool_output events). */
  readonly progress: { toolName: string; text: string }[] = [];
  /** Every prompt shown, answered or not. */
  readonly prompts: answers.RecordedPrompt[] = [];
  /** Prompts of ctx.newSession calls that went through ("" without a prompt). */
  readonly newSessions: string[] = [];
  readonly compactions: { customInstructions?: string }[] = [];
  /** Handler errors the runner reported ("file:line:col: <event> handler failed: …"). */
  readonly handlerErrors: string[] = [];
  header: HeaderFooterConfig | undefined;
  footer: HeaderFooterConfig | undefined;
  editor: EditorConfig | undefined;
  editorText: string | undefined;
  aborts = 0;
  exited = false;
  reloads = 0;

  private readonly queued = new answers.PromptAnswers();
  private sessionCounter = 0;

  constructor(opts: MockContextOptions) {
    super(opts);
    // Extensions may take methods off the context (`const { print } = ctx`), as the app's closures allow.
    const self = this as unknown as Record<string, unknown>;
    for (let proto = Object.getPrototypeOf(this); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const key of Object.getOwnPropertyNames(proto)) {
        const method = Object.getOwnPropertyDescriptor(proto, key)?.value;
        if (key !== "constructor" && typeof method === "function" && !Object.hasOwn(self, key)) self[key] = method.bind(this);
      }
    }
  }

  // ── scripted answers ────────────────────────────────────────────────────────────────────────────
  answerSelect(result: answers.SelectAnswer): void {
    this.queued.push("select", result);
  }
  answerConfirm(result: answers.ConfirmAnswer): void {
    this.queued.push("confirm", result);
  }
  answerInput(result: answers.InputAnswer): void {
    this.queued.push("input", result);
  }
  answerMultiSelect(result: answers.MultiSelectAnswer): void {
    this.queued.push("multiSelect", result);
  }
  answerOverlay(result: answers.OverlayAnswer): void {
    this.queued.push("overlay", result);
  }

  // ── output ──────────────────────────────────────────────────────────────────────────────────────
  print(t: string): void {
    this.prints.push(String(t));
  }
  printInfo(t: string): void {
    this.infos.push(String(t));
  }
  printError(t: string): void {
    this.errors.push(String(t));
  }
  printBlock(opts: { text: string; borderColor?: string; subtitle?: string }): void {
    this.blocks.push({ ...opts });
  }
  renderMessage(rendererName: string, content: string): void {
    const renderer = this.opts.runner().registry.messageRenderer(rendererName);
    const output = renderer ? renderer.def.render(content, DEFAULT_TERMINAL_SIZE.width) : content;
    this.renderedMessages.push({ renderer: rendererName, content, output });
  }

  // ── conversation control ───────────────────────────────────────────────────────────────────────
  sendMessage(t: string): void {
    this.sentMessages.push(String(t));
  }
  cancelAndSend(t: string): void {
    this.cancelAndSends.push(String(t));
  }
  steer(t: string): void {
    this.steered.push(String(t));
  }
  abort(): void {
    this.aborts++;
  }
  isIdle(): boolean {
    return true;
  }
  async newSession(prompt?: string): Promise<void> {
    if (!this.interactive) throw new Error("ctx.newSession needs the interactive terminal UI; a headless run keeps one session");
    const runner = this.opts.runner();
    const hook = await runner.emitResult("before_session_switch", { reason: "new", initialPrompt: prompt ?? "" });
    if (hook?.cancel) throw new Error(`the new session was cancelled by an extension${hook.reason ? `: ${hook.reason}` : ""}`);
    runner.emitNotification("session_shutdown", { reason: "switch" });
    this.session.switchTo(`${this.opts.sessionId}-${++this.sessionCounter}`);
    this.newSessions.push(prompt ?? "");
    runner.emitNotification("session_start", { sessionId: this.session.id, reason: "new" });
    if (prompt) this.sendMessage(prompt);
  }
  async compact(opts?: { customInstructions?: string }): Promise<void> {
    this.compactions.push(opts?.customInstructions !== undefined ? { customInstructions: opts.customInstructions } : {});
  }
  exit(): void {
    this.exited = true;
  }
  emitCustomEvent(name: string, data?: unknown): void {
    void this.opts.runner().emitCustomEvent(name, data);
  }
  async reloadExtensions(): Promise<void> {
    this.reloads++;
    await this.opts.reload();
  }

  // ── interactive chrome (recorded only when interactive, as the app ignores it otherwise) ────────
  setWidget(cfg: WidgetConfig): void {
    checkFields("setWidget", typeof cfg?.id === "string" ? `setWidget("${cfg.id}")` : "setWidget", cfg);
    if (typeof cfg?.id !== "string" || cfg.id === "") throw new TypeError("setWidget: id must be a non-empty string");
    if (this.interactive) this.widgets.set(cfg.id, cfg);
  }
  removeWidget(id: string): void {
    this.widgets.delete(id);
  }
  setHeader(cfg: HeaderFooterConfig): void {
    if (this.interactive) this.header = cfg;
  }
  removeHeader(): void {
    this.header = undefined;
  }
  setFooter(cfg: HeaderFooterConfig): void {
    if (this.interactive) this.footer = cfg;
  }
  removeFooter(): void {
    this.footer = undefined;
  }
  setStatus(key: string, t: string, priority = 0): void {
    if (this.interactive) this.statuses.set(key, { text: String(t), priority });
  }
  removeStatus(key: string): void {
    this.statuses.delete(key);
  }
  setUIVisibility(v: UIVisibility): void {
    if (this.interactive) Object.assign(this.uiVisibility, v);
  }
  setEditor(cfg: EditorConfig): void {
    if (this.interactive) this.editor = cfg;
  }
  resetEditor(): void {
    this.editor = undefined;
  }
  setEditorText(t: string): void {
    if (this.interactive) this.editorText = String(t);
  }
  async suspendTUI(fn: () => void | Promise<void>): Promise<void> {
    await fn();
  }
  getTerminalSize(): { width: number; height: number } {
    return { ...DEFAULT_TERMINAL_SIZE };
  }

  // ── prompts ─────────────────────────────────────────────────────────────────────────────────────
  private answer<T>(kind: answers.PromptKind, message: string, config: unknown): T | undefined {
    const answer = this.interactive ? this.queued.take<T>(kind) : undefined;
    this.prompts.push({ kind, message, config, answered: answer !== undefined });
    return answer;
  }
  async promptSelect(cfg: { message: string; options: string[] }) {
    return answers.selectResult(cfg.options ?? [], this.answer("select", cfg.message, cfg));
  }
  async promptConfirm(cfg: { message: string; defaultValue?: boolean }) {
    return answers.confirmResult(cfg.defaultValue, this.answer("confirm", cfg.message, cfg));
  }
  async promptInput(cfg: { message: string; placeholder?: string; default?: string; mask?: boolean }) {
    return answers.inputResult(cfg.default, this.answer("input", cfg.message, cfg));
  }
  async promptMultiSelect(cfg: { message: string; options: string[]; defaultSelected?: number[] }) {
    return answers.multiSelectResult(cfg.options ?? [], cfg.defaultSelected, this.answer("multiSelect", cfg.message, cfg));
  }
  async showOverlay(cfg: OverlayConfig) {
    return answers.overlayResult(cfg.actions ?? [], this.answer("overlay", cfg.title ?? "", cfg));
  }
}
