/**
 * The interactive terminal UI (`kit` with no prompt, stdin and stdout terminals; `kit --no-exit
 * "prompt"`): the same app as a headless run (app/assemble.ts), drawn by the diff renderer —
 * finished transcript blocks go to the terminal's own scrollback once, only the live region at the
 * bottom (streaming answer, running tools, widgets, editor, status bar) is redrawn. The pieces are
 * in modes/interactive/: controller (submitting, queueing, cancelling, quitting), keys, view
 * (layout), live-turn, transcript, chrome (widgets, header, footer, status entries), modals
 * (prompts, pickers, overlays), autocomplete, slash commands, themes, shell, status.
 */
import { assembleApp } from "../app/assemble.ts";
import type { AppOutput } from "../app/app.ts";
import type { Config } from "../config/config.ts";
import { SessionStore } from "../session/store.ts";
import { detectBackground } from "../ui/theme/background.ts";
import { ProcessTerminal } from "../ui/terminal/process-terminal.ts";
import type { Terminal } from "../ui/terminal/terminal.ts";
import { generalCommands } from "./interactive/commands.ts";
import { Controller } from "./interactive/controller.ts";
import { handleInput } from "./interactive/keys.ts";
import { sessionCommands, showHistory, switchTo } from "./interactive/session-commands.ts";
import { StatusInfo } from "./interactive/status.ts";
import { ThemeManager } from "./interactive/themes.ts";
import type { NoticeKind } from "./interactive/transcript.ts";
import { createHostUI } from "./interactive/ui-host.ts";

export interface InteractiveRun {
  config: Config;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** -e paths from the command line. */
  extensionPaths: string[];
  version: string;
  /** --no-exit: the prompt of the command line, sent first. */
  prompt?: string;
  /** A terminal other than this process's (tests, benchmarks). */
  terminal?: Terminal;
}

/** How long quitting waits for an interrupted turn to wind down before shutting down anyway. */
const QUIT_GRACE_MS = 3000;

export async function runInteractive(run: InteractiveRun): Promise<number> {
  const { config, cwd, env } = run;
  const terminal = run.terminal ?? new ProcessTerminal();
  // What is reported before the UI exists (theme files, resource files, a damaged session) is shown once it does.
  const early: { kind: NoticeKind; text: string }[] = [];
  let c: Controller | undefined;
  const note = (kind: NoticeKind, text: string) => (c ? c.notice(kind, text) : early.push({ kind, text }));
  const output: AppOutput = {
    print: (text) => (c ? c.commitBlock(String(text).replace(/\n$/, "").split("\n")) : early.push({ kind: "system", text })),
    printInfo: (text) => note("info", text),
    printError: (text) => note("error", text),
    printBlock: (opts) => (c ? c.printBlock(opts) : early.push({ kind: "system", text: opts.text })),
    event: (ev) => c?.onEvent(ev),
    compaction: (r) => c?.onCompaction(r),
    userMessage: (text, source) => c?.onUserMessage(text, source),
  };
  const themes = new ThemeManager({
    configDir: config.paths.configDir,
    cwd,
    preferred: config.string("theme"),
    level: terminal.colorLevel,
    dark: detectBackground({ env }) === "dark",
    preferencesFile: config.paths.preferencesFile,
    report: (m) => note("warning", m),
  });
  const { app, opened } = assembleApp({ config, cwd, env, extensionPaths: run.extensionPaths, interactive: true, output, notice: (t) => note("warning", t) });
  const history = opened.resumed ? app.session.messages().filter((m) => m.role === "user").map((m) => m.content).slice(-200) : [];
  c = new Controller({
    app,
    terminal,
    themes,
    cwd,
    history,
    shell: { cwd, bashTimeout: config.number("bash-timeout") ?? 120, bashMaxTimeout: config.number("bash-max-timeout") ?? 600 },
  });
  const controller = c;
  controller.status = new StatusInfo({
    cwd,
    home: env.HOME,
    model: () => app.model(),
    thinkingLevel: () => app.thinkingLevel(),
    contextWindow: () => app.runtime.model.info?.contextLimit ?? 0,
    estimateContext: () => app.contextStats().estimatedTokens,
    cost: () => app.sessionUsage().totalCost,
    entries: () => controller.chrome.statusEntries(),
  });
  const commands = [
    ...generalCommands(controller, { preferencesFile: config.paths.preferencesFile, env }),
    ...sessionCommands(controller, { dataDir: config.paths.dataDir }),
  ];
  for (const command of commands) controller.builtins.set(command.name, command);
  controller.builtins.set("exit", { ...controller.builtins.get("quit")!, name: "exit", description: "Quit kit (same as /quit)" });

  app.ui = createHostUI(controller);
  app.onExit = () => controller.quit();
  app.onQueued = () => {
    if (!controller.isBusy) controller.startWork();
  };
  app.onNewSession = async (prompt) => {
    const open = () => (app.session.inMemory ? SessionStore.inMemory({ cwd }) : SessionStore.create({ cwd, dataDir: config.paths.dataDir }));
    const ok = await switchTo(controller, { reason: "new", ...(prompt ? { initialPrompt: prompt } : {}), open }, false);
    if (!ok) throw new Error("the new session was cancelled by an extension (before_session_switch)");
    if (prompt) controller.startWork(prompt);
  };

  const emitResize = () => app.extensions?.runner.emitNotification("terminal_resize", { width: terminal.columns, height: terminal.rows });
  terminal.enterRawMode();
  const stopInput = terminal.onInput((event) => handleInput(controller, event));
  const stopResize = terminal.onResize(() => {
    emitResize();
    controller.view.draw();
  });
  try {
    await app.start([...controller.builtins.keys()]);
    // Extensions set up their UI in session_start: give it a moment before the first frame.
    await Promise.race([app.extensions?.runner.drain(), Bun.sleep(200)]);
    emitResize();
    if (!controller.chrome.visibility.hideStartupMessage) {
      controller.notice("system", `kit ${run.version} · ${app.model()} · /help for commands · Ctrl+C twice to quit`);
    }
    for (const e of early) controller.notice(e.kind, e.text);
    if (opened.resumed) showHistory(controller, 60);
    app.extensions?.watch(
      () => app.sessionId(),
      (errors) => controller.notice(errors.length ? "warning" : "system", `Extensions reloaded${errors.length ? ` with ${errors.length} failing to load` : ""}.`),
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
    controller.view.suspend(true);
    terminal.leaveRawMode();
  }
  return 0;
}
