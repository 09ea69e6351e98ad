/**
 * The Context's terminal UI members as the interactive mode answers them (HostUI): widgets, header,
 * footer, status entries and visibility (chrome.ts), dialogs (modals.ts, overlay-modal.ts), the
 * editor (replacing its keys and rendering, or its text), suspending the UI for another program, the
 * terminal size, and messages drawn by an extension's message renderer (app/message-renderers.ts).
 * Themes are the app's (app/themes.ts), the same in every mode.
 */
import { MessageRendering } from "../../app/message-renderers.ts";
import type { HostUI } from "../../extensions/host.ts";
import type { Controller } from "./controller.ts";
import { ConfirmModal, InputModal, MultiSelectModal, SelectModal } from "./modals.ts";
import { OverlayModal } from "./overlay-modal.ts";

/** `c`: the interactive controller, asked for at each call (the UI is made before it, with the app). */
export function createHostUI(c: () => Controller): HostUI {
  const messages = new MessageRendering({
    lookup: (name) => c().app.extensions?.runner.registry.messageRenderer(name),
    warn: (m) => c().notice("warning", m),
    error: (m) => c().notice("error", m),
  });
  const size = () => ({ width: c().terminal.columns, height: c().terminal.rows });
  return {
    setWidget: (cfg) => c().chrome.setWidget(cfg),
    removeWidget: (id) => c().chrome.removeWidget(id),
    setHeader: (cfg) => c().chrome.setHeader(cfg),
    removeHeader: () => c().chrome.setHeader(undefined),
    setFooter: (cfg) => c().chrome.setFooter(cfg),
    removeFooter: () => c().chrome.setFooter(undefined),
    setStatus: (key, text, priority) => c().chrome.setStatus(key, text, priority),
    removeStatus: (key) => c().chrome.removeStatus(key),
    setUIVisibility: (v) => c().chrome.setVisibility(v ?? {}),

    setEditor: (cfg) => c().customEditor.set(cfg ?? undefined),
    resetEditor: () => c().customEditor.set(undefined),
    setEditorText: (text) => {
      c().editor.setText(String(text ?? ""));
      c().view.invalidate();
    },
    suspendTUI: async (fn) => {
      c().view.suspend(true);
      c().terminal.leaveRawMode();
      try {
        await fn();
      } finally {
        c().terminal.enterRawMode();
        c().view.resume();
      }
    },
    getTerminalSize: size,

    promptSelect: (cfg) => {
      const options = (cfg.options ?? []).map(String);
      return c().modals.open((finish) =>
        new SelectModal<number>(String(cfg.message ?? ""), options.map((label, i) => ({ label, value: i })), (choice) =>
          finish(choice ? { cancelled: false, value: choice.item.label, index: choice.index } : { cancelled: true, value: "", index: -1 }),
        ),
      );
    },
    promptConfirm: (cfg) => c().modals.open((finish) => new ConfirmModal(String(cfg.message ?? ""), cfg.defaultValue ?? true, finish)),
    promptInput: (cfg) => c().modals.open((finish) => new InputModal({ ...cfg, message: String(cfg.message ?? "") }, finish)),
    promptMultiSelect: (cfg) => c().modals.open((finish) => new MultiSelectModal({ ...cfg, options: (cfg.options ?? []).map(String) }, finish)),
    showOverlay: (cfg) => c().modals.open((finish) => new OverlayModal(cfg, size, finish, () => c().view.invalidate())),

    renderMessage: (rendererName, content) => c().commitBlock(messages.render(String(rendererName), String(content), c().width).split("\n")),
  };
}
