import * as templates from "../resources/templates.ts";
import type { Context } from "./contract.ts";
import { checkFields } from "./definition-fields.ts";
import type { ExtensionHost } from "./host.ts";

/** What the runner adds to a Context: options and custom events are the runtime's, not the app's. */
export interface ContextServices {
  getOption(name: string): string;
  setOption(name: string, value: string): void;
  emitCustomEvent(name: string, data?: unknown): void;
}

/**
 * The Context handed to one extension's handlers, tools, commands and shortcuts. Headless runs keep
 * the interactive members as the contract documents them: UI calls do nothing and prompts resolve
 * at once as cancelled. The template helpers are pure functions (resources/templates.ts) applied to
 * the current model; everything else is the host's.
 */
export function createContext(host: ExtensionHost, services: ContextServices): Context {
  const ctx: Context = {
    get sessionId() {
      return host.sessionId();
    },
    cwd: host.cwd,
    get model() {
      return host.model();
    },
    interactive: host.interactive,

    ...host.output,

    sendMessage: (text) => host.sendMessage(text),
    cancelAndSend: (text) => host.cancelAndSend(text),
    steer: (text) => host.steer(String(text)),
    abort: () => host.abort(),
    isIdle: () => host.isIdle(),
    newSession: (prompt) => host.newSession(prompt),
    compact: (opts) => host.compact(opts),
    exit: () => host.exit(),
    emitCustomEvent: (name, data) => services.emitCustomEvent(name, data),

    // The terminal UI's members go to the interactive mode; headless they do nothing.
    setWidget: (cfg) => {
      checkFields("setWidget", typeof cfg?.id === "string" ? `setWidget("${cfg.id}")` : "setWidget", cfg);
      host.ui?.setWidget(cfg);
    },
    removeWidget: (id) => host.ui?.removeWidget(id),
    setHeader: (cfg) => host.ui?.setHeader(cfg),
    removeHeader: () => host.ui?.removeHeader(),
    setFooter: (cfg) => host.ui?.setFooter(cfg),
    removeFooter: () => host.ui?.removeFooter(),
    setStatus: (key, text, priority) => host.ui?.setStatus(key, text, priority),
    removeStatus: (key) => host.ui?.removeStatus(key),
    setUIVisibility: (v) => host.ui?.setUIVisibility(v),
    setEditor: (cfg) => host.ui?.setEditor(cfg),
    resetEditor: () => host.ui?.resetEditor(),
    setEditorText: (text) => host.ui?.setEditorText(text),
    suspendTUI: async (fn) => {
      if (host.ui) return host.ui.suspendTUI(fn);
      await fn();
    },
    getTerminalSize: () => host.ui?.getTerminalSize() ?? { width: process.stdout.columns || 80, height: process.stdout.rows || 24 },

    promptSelect: async (cfg) => (host.ui ? host.ui.promptSelect(cfg) : { cancelled: true, value: "", index: -1 }),
    promptConfirm: async (cfg) => (host.ui ? host.ui.promptConfirm(cfg) : { cancelled: true, value: false }),
    promptInput: async (cfg) => (host.ui ? host.ui.promptInput(cfg) : { cancelled: true, value: "" }),
    promptMultiSelect: async (cfg) => (host.ui ? host.ui.promptMultiSelect(cfg) : { cancelled: true, values: [], indices: [] }),
    showOverlay: async (cfg) => (host.ui ? host.ui.showOverlay(cfg) : { cancelled: true, action: "", index: -1 }),

    // The same themes in every mode; headless, choosing one changes nothing visible but is remembered.
    registerTheme: (name, colors) => host.themes.register(name, colors),
    setTheme: (name) => host.themes.set(name),
    listThemes: () => host.themes.list(),
    getTheme: () => host.themes.contract(),

    ...host.sessionData,

    getOption: (name) => services.getOption(name),
    setOption: (name, value) => services.setOption(name, value),
    ...host.modelControl,

    complete: (req) => host.complete(req),
    spawnSubagent: (cfg) => host.spawnSubagent(cfg),
    reloadExtensions: () => host.reloadExtensions(),

    getTreeNode: (id) => host.tree.getTreeNode(id),
    getCurrentBranch: () => host.tree.getCurrentBranch(),
    getChildren: (id) => host.tree.getChildren(id),
    navigateTo: (id) => host.tree.navigateTo(id),
    summarizeBranch: (fromId, toId) => host.tree.summarizeBranch(fromId, toId),
    collapseBranch: (fromId, toId, summary) => host.tree.collapseBranch(fromId, toId, summary),

    discoverSkills: () => host.skills.discoverSkills(),
    loadSkill: (path) => host.skills.loadSkill(path),
    loadSkillsFromDir: (dir) => host.skills.loadSkillsFromDir(dir),
    injectSkillAsContext: (name) => host.skills.injectSkillAsContext(name),
    injectRawSkillAsContext: (path) => host.skills.injectRawSkillAsContext(path),
    getAvailableSkills: () => host.skills.getAvailableSkills(),

    parseTemplate: (name, content) => templates.parseTemplate(String(name), String(content)),
    renderTemplate: (tpl, vars) => templates.renderTemplate(tpl, vars ?? {}),
    parseArguments: (input, pattern) => templates.parseArguments(String(input), pattern ?? {}),
    simpleParseArguments: (input, count) => templates.simpleParseArguments(String(input), count),
    evaluateModelConditional: (pattern) => templates.modelMatches(String(pattern), host.model()),
    renderWithModelConditionals: (content) => templates.renderWithModelConditionals(String(content), host.model()),

    resolveModelChain: (models) => host.models.resolveModelChain(models),
    getModelCapabilities: (model) => host.models.getModelCapabilities(model),
    checkModelAvailable: (model) => host.models.checkModelAvailable(model),
    getCurrentProvider: () => host.models.getCurrentProvider(),
    getCurrentModelID: () => host.models.getCurrentModelID(),
  };
  return ctx;
}
