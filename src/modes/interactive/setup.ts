/**
 * Putting an interactive session together: the theme, the app (app/assemble.ts) with its output
 * going to the transcript and the mode's hooks (the Context's UI members, ctx.exit, follow-ups
 * queued while idle, session switches shown), and the controller with its status bar and slash
 * commands. What it does not do is take the terminal: that is runInteractive's (modes/interactive.ts).
 * Benchmarks build one over a counting terminal.
 */
import { assembleApp, type Assembled } from "../../app/assemble.ts";
import type { AppOutput, KitApp, ModeHooks } from "../../app/app.ts";
import { ThemeManager } from "../../app/themes.ts";
import type { Config } from "../../config/config.ts";
import type { Terminal } from "../../ui/terminal/terminal.ts";
import { detectHyperlinks } from "../../ui/terminal/hyperlinks.ts";
import { detectBackground } from "../../ui/theme/background.ts";
import { generalCommands } from "./commands.ts";
import { askPermission, permissionsCommand } from "./permissions-ui.ts";
import { loginCommands, type Logins } from "./login-commands.ts";
import { Controller } from "./controller.ts";
import { expandCommand } from "./expand.ts";
import { sessionCommands, showSwitch } from "./session-commands.ts";
import type { NoticeKind } from "./transcript.ts";
import { createHostUI } from "./ui-host.ts";

export interface InteractiveRun {
  config: Config;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** -e paths from the command line. */
  extensionPaths: string[];
  /** --allow rules from the command line. */
  allowRules?: string[];
  version: string;
  /** --no-exit: the prompt of the command line, sent first. */
  prompt?: string;
  /** A terminal other than this process's (tests, benchmarks). */
  terminal?: Terminal;
}

export interface InteractiveSession {
  app: KitApp;
  controller: Controller;
  opened: Assembled["opened"];
  /** What was reported before the controller existed, to show once the UI is up. */
  early: { kind: NoticeKind; text: string }[];
  /** /login, /logout and the first start's welcome. */
  logins: Logins;
}

export function createInteractiveSession(run: InteractiveRun & { terminal: Terminal }): InteractiveSession {
  const { config, cwd, env, terminal } = run;
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
    // Never onto the screen the renderer owns: a notice in the transcript.
    extensionConsole: (name, text, stream) => note(stream === "stderr" ? "warning" : "info", `${name}: ${text}`),
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
  // COLORFGBG is only a first guess: the terminal's answer to the OSC 11 query decides.
  terminal.onBackground?.((background) => themes.setDark(background === "dark"));
  const hyperlinks = detectHyperlinks(env);
  // The hooks reach the controller, which needs the app: they are told nothing before it exists.
  const hooks: ModeHooks = {
    ui: createHostUI(() => c!),
    exit: () => c?.quit(),
    queued: () => {
      if (c && !c.isBusy) c.startWork();
    },
    switched: (outcome, reason) => c && showSwitch(c, outcome, reason, hyperlinks),
    prompt: (text) => c?.startWork(text),
    // Subagents started in the background by extensions show in the status bar while they run.
    subagentsChanged: () => c?.view.invalidate(),
    steeringChanged: () => c?.view.invalidate(),
    // Tools run only once the controller exists; before it, nobody could answer.
    askPermission: (request) => (c ? askPermission(c, request) : Promise.resolve({ kind: "deny" })),
  };
  const debug = config.bool("debug") ? { debug: (line: string) => note("info", `debug: ${line}`) } : {};
  const { app, opened } = assembleApp({ config, cwd, env, extensionPaths: run.extensionPaths, ...(run.allowRules ? { allowRules: run.allowRules } : {}), interactive: true, output, hooks, notice: (t) => note("warning", t), themes, startWithoutKey: true, ...debug });
  const history = opened.resumed ? app.session.messages().filter((m) => m.role === "user").map((m) => m.content).slice(-200) : [];
  c = new Controller({
    app,
    terminal,
    themes,
    cwd,
    home: env.HOME,
    history,
  });
  const controller = c;
  const logins = loginCommands(controller, env);
  const commands = [
    ...generalCommands(controller, { preferencesFile: config.paths.preferencesFile, env, login: logins.login }),
    ...sessionCommands(controller, { dataDir: config.paths.dataDir, hyperlinks }),
    expandCommand(controller, env),
    permissionsCommand(controller),
    ...logins.commands,
  ];
  for (const command of commands) controller.builtins.set(command.name, command);
  controller.builtins.set("exit", { ...controller.builtins.get("quit")!, name: "exit", description: "Quit kit (same as /quit)" });

  return { app, controller, opened, early, logins };
}
