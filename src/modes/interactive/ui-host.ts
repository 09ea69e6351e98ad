/**
 * The Context's terminal UI members as the interactive mode answers them (HostUI): widgets, header,
 * footer, status entries and visibility (chrome.ts), dialogs (modals.ts, overlay-modal.ts), the
 * editor (replacing its keys and rendering, or its text), suspending the UI for another program, the
 * terminal size, themes, and messages drawn by an extension's message renderer.
 */
import type { HostUI } from "../../extensions/host.ts";
import type { Controller } from "./controller.ts";
import { ConfirmModal, InputModal, MultiSelectModal, SelectModal } from "./modals.ts";
import { OverlayModal } from "./overlay-modal.ts";

export function createHostUI(c: Controller): HostUI {
  const failedRenderers = new Set<string>();
  const size = () => ({ width: c.terminal.columns, height: c.terminal.rows });
  return {
    setWidget: (cfg) => c.chrome.setWidget(cfg),
    removeWidget: (id) => c.chrome.removeWidget(id),
    setHeader: (cfg) => c.chrome.setHeader(cfg),
    removeHeader: () => c.chrome.setHeader(undefined),
    setFooter: (cfg) => c.chrome.setFooter(cfg),
    removeFooter: () => c.chrome.setFooter(undefined),
    setStatus: (key, text, priority) => c.chrome.setStatus(key, text, priority),
    removeStatus: (key) => c.chrome.removeStatus(key),
    setUIVisibility: (v) => c.chrome.setVisibility(v ?? {}),

    setEditor: (cfg) => {
      c.customEditor = cfg ?? undefined;
      c.view.invalidate();
    },
    resetEditor: () => {
      c.customEditor = undefined;
      c.view.invalidate();
    },
    setEditorText: (text) => {
      c.editor.setText(String(text ?? ""));
      c.view.invalidate();
    },
    suspendTUI: async (fn) => {
      c.view.suspend(true);
      c.terminal.leaveRawMode();
      try {
        await fn();
      } finally {
        c.terminal.enterRawMode();
        c.view.resume();
      }
    },
    getTerminalSize: size,

    promptSelect: (cfg) => {
      const options = (cfg.options ?? []).map(String);
      return c.modals.open((finish) =>
        new SelectModal<number>(String(cfg.message ?? ""), options.map((label, i) => ({ label, value: i })), (choice) =>
          finish(choice ? { cancelled: false, value: choice.item.label, index: choice.index } : { cancelled: true, value: "", index: -1 }),
        ),
      );
    },
    promptConfirm: (cfg) => c.modals.open((finish) => new ConfirmModal(String(cfg.message ?? ""), cfg.defaultValue ?? true, finish)),
    promptInput: (cfg) => c.modals.open((finish) => new InputModal({ ...cfg, message: String(cfg.message ?? "") }, finish)),
    promptMultiSelect: (cfg) => c.modals.open((finish) => new MultiSelectModal({ ...cfg, options: (cfg.options ?? []).map(String) }, finish)),
    showOverlay: (cfg) => c.modals.open((finish) => new OverlayModal(cfg, size, finish, () => c.view.invalidate())),

    registerTheme: (name, colors) => c.themes.register(name, colors),
    setTheme: (name) => c.themes.set(name),
    listThemes: () => c.themes.list(),
    getTheme: () => c.themes.contract(),

    renderMessage: (rendererName, content) => {
      const renderer = c.app.extensions?.runner.registry.messageRenderer(rendererName);
      if (!renderer) {
        c.notice("warning", `no message renderer "${rendererName}"; the message is shown as text`);
        c.commitBlock(String(content).split("\n"));
        return;
      }
      let text: string;
      try {
        text = renderer.def.render(String(content), c.width);
      } catch (err) {
        // Reported once per renderer; its messages are shown as text.
        if (!failedRenderers.has(rendererName)) c.notice("error", `message renderer "${rendererName}" (${renderer.extPath}) failed; its messages are shown as text: ${(err as Error).message}`);
        failedRenderers.add(rendererName);
        text = String(content);
      }
      c.commitBlock(String(text).replace(/\n$/, "").split("\n"));
    },
  };
}
