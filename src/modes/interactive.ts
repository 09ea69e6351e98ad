/**
 * The interactive terminal UI (`kit` with no prompt, stdin and stdout terminals; `kit --no-exit
 * "prompt"`): the same app as a headless run (app/assemble.ts), drawn by the diff renderer —
 * finished transcript blocks go to the terminal's own scrollback once, only the live region at the
 * bottom (streaming answer, running tools, widgets, editor, status bar) is redrawn. The pieces are
 * in modes/interactive/: controller (submitting, queueing, cancelling, quitting), keys, view
 * (layout), live-turn, transcript, chrome (widgets, header, footer, status entries), modals
 * (prompts, pickers, overlays), autocomplete, slash commands, themes, shell, status.
 */
import { sep } from "node:path";
import { routeProcessWarnings } from "../process-warnings.ts";
import { uniqueIdPrefix } from "../session/listing.ts";
import { sessionsRoot } from "../session/paths.ts";
import { ProcessTerminal } from "../ui/terminal/process-terminal.ts";
import { handleInput, warnShadowedKeys } from "./interactive/keys.ts";
import { showHistory } from "./interactive/session-commands.ts";
import { createInteractiveSession, type InteractiveRun } from "./interactive/setup.ts";

export type { InteractiveRun };

/** How long quitting waits for an interrupted turn to wind down before shutting down anyway. */
const QUIT_GRACE_MS = 3000;

export async function runInteractive(run: InteractiveRun): Promise<number> {
  const { config } = run;
  // While extensions are loaded the app guards the process: an uncaught error is reported, not a crash.
  const terminal = run.terminal ?? new ProcessTerminal({ exitOnCrash: () => !app.guardsProcess });
  const { app, controller, opened, early, logins } = createInteractiveSession({ ...run, terminal });

  const emitResize = () => app.extensions?.runner.emitNotification("terminal_resize", { width: terminal.columns, height: terminal.rows });
  const stopInput = terminal.onInput((event) => handleInput(controller, event));
  const stopWarnings = routeProcessWarnings((message) => controller.notice("warning", message));
  const stopResize = terminal.onResize(() => {
    emitResize();
    controller.view.draw();
  });
  try {
    await app.start([...controller.builtins.keys()]);
    // Raw mode once the extensions loaded: a load error (a missing -e file) then leaves the terminal
    // as it was, without the answers to kit's terminal queries arriving after it quit.
    terminal.enterRawMode();
    // Extensions set up their UI in session_start: give it a moment before the first frame.
    const started = app.extensions?.runner.drain() ?? Promise.resolve();
    await Promise.race([started, Bun.sleep(200)]);
    // The remembered theme may be one an extension registers (in session_start at the latest).
    void started.then(() => controller.themes.settle());
    emitResize();
    if (!controller.chrome.visibility.hideStartupMessage) {
      controller.notice("system", `kit ${run.version} · ${app.model()} · /help for commands · Ctrl+C twice to quit`);
    }
    for (const e of early) controller.notice(e.kind, e.text);
    // A first start with no usable key: how to get one, instead of an error at the first prompt.
    if (app.runtime.missingKey) logins.welcome();
    warnShadowedKeys(controller);
    if (opened.resumed) showHistory(controller, 60);
    app.extensions?.watch(
      () => app.sessionId(),
      (errors) => {
        controller.notice(errors.length ? "warning" : "system", `Extensions reloaded${errors.length ? ` with ${errors.length} failing to load` : ""}.`);
        warnShadowedKeys(controller);
      },
    );
    controller.view.draw();
    if (run.prompt) controller.submit(run.prompt);
    else if (config.bool("resume")) void controller.runBuiltin(controller.builtins.get("resume")!, "/resume");
    await controller.done;
    if (controller.running) await Promise.race([controller.running, Bun.sleep(QUIT_GRACE_MS)]);
    await app.shutdown();
  } finally {
    controller.quit();
    stopInput();
    stopResize();
    stopWarnings();
    controller.view.suspend(true);
    terminal.leaveRawMode();
  }
  const resume = resumeCommand(app.session, config.paths.dataDir);
  if (resume) terminal.write(`Resume this session with: ${resume}\n`);
  return 0;
}

/**
 * The command that opens this session again, printed on exit: `kit -r <id>` with the shortest
 * unique id, `kit -s <file>` for a file outside kit's sessions; none for an empty or unsaved session.
 */
function resumeCommand(session: { id: string; path: string; messages(): unknown[] }, dataDir: string): string | undefined {
  if (!session.path || session.messages().length === 0) return undefined;
  if (!session.path.startsWith(sessionsRoot(dataDir) + sep)) {
    // Quoted for the shell when the path has anything but plain characters.
    return `kit -s ${/^[\w./-]+$/.test(session.path) ? session.path : `'${session.path.replaceAll("'", "'\\''")}'`}`;
  }
  return `kit -r ${uniqueIdPrefix(dataDir, session.id)}`;
}
