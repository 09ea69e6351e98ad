/**
 * Kit's own slash commands, except those that move between sessions (session-commands.ts): /help,
 * /mcp, /tools, /usage, /compact, /model, /thinking, /theme, /shortcuts, /reload-ext, /copy, /quit.
 */
import { usageLines } from "../../app/session-data.ts";
import { savePreference } from "../../config/preferences.ts";
import { countOf } from "../../plural.ts";
import type { ModelInfo } from "../../llm/models/types.ts";
import { THINKING_LEVELS, type ThinkingLevel } from "../../llm/types.ts";
import { formatTokens } from "../../ui/components/status-bar.ts";
import { osc52 } from "./clipboard.ts";
import type { Controller } from "./controller.ts";
import { warnShadowedKeys } from "./keys.ts";
import { SelectModal } from "./modals.ts";
import type { BuiltinCommand } from "./slash-commands.ts";
import { BOX_EDGES, columnLines } from "./transcript.ts";

/** A /model choice: a model that works now, or one of a provider that needs a login first. */
type ModelChoice = { spec: string; login?: string };

export interface CommandDeps {
  /** Where /model, /thinking and /theme remember the choice; undefined = not remembered. */
  preferencesFile: string | undefined;
  env: Record<string, string | undefined>;
  /** /login for a provider (login-commands.ts): a model that needs a login starts it; true once logged in. */
  login(provider: string, signal?: AbortSignal): Promise<boolean>;
}

/** The keys of the interactive UI, for /shortcuts and /help. */
export const KEYS: [string, string][] = [
  ["Enter", "send; while a turn runs, into that turn (steering)"],
  ["Alt+Enter", "while a turn runs, queue for after it"],
  ["Shift+Enter, Alt+Enter (idle), Ctrl+J, \\ Enter", "new line"],
  ["Esc, Ctrl+C", "cancel the running turn or shell command"],
  ["Ctrl+C", "clear the input; twice on an empty input quits"],
  ["Ctrl+D", "quit (on an empty input)"],
  ["Ctrl+O", "expand/collapse the running turn's last block; idle: show the last one whole"],
  ["Tab", "accept a suggestion (/commands, arguments, @files); Enter too, running a command it completes"],
  ["Shift+Tab", "cycle the permission mode: auto, ask, read-only (/permissions)"],
  ["Up/Down", "move in the input, then through earlier messages"],
  ["Ctrl+A/E, Alt+B/F", "start/end of line, word left/right"],
  ["Ctrl+K/U/W, Ctrl+Y", "kill to end/start of line, word before; yank"],
  ["Ctrl+Z", "undo an edit"],
  ["!cmd / !!cmd", "run a shell command (output sent with the next message / not sent)"],
  ["@path", "attach a file to the message"],
];

/** /tools shows this many rows of a tool's description, then cuts it at a word. */
const TOOL_DESCRIPTION_LINES = 2;

/** Asks the user to pick one of `items`; undefined when cancelled. */
export function pick<T>(c: Controller, message: string, items: { label: string; description?: string; value: T }[], initialIndex?: number): Promise<T | undefined> {
  return c.modals.open<T | undefined>(
    (finish) => new SelectModal<T>(message, items, (choice) => finish(choice?.item.value), initialIndex !== undefined && initialIndex >= 0 ? { initialIndex } : {}),
  );
}

export function generalCommands(c: Controller, deps: CommandDeps): BuiltinCommand[] {
  const remember = (key: "model" | "thinking-level", value: string) => {
    if (!deps.preferencesFile) return;
    try {
      savePreference(deps.preferencesFile, key, value);
    } catch (err) {
      c.notice("warning", `the choice was not saved: ${(err as Error).message}`);
    }
  };
  const modelIds = () => c.app.modelControl.getAvailableModels().map((m) => `${m.provider}/${m.modelId}`);

  return [
    {
      name: "help",
      description: "Commands and keys",
      immediate: true,
      run: () => {
        const builtins = [...c.builtins.values()].map((cmd) => [`/${cmd.name}${cmd.args ? " " + cmd.args : ""}`, cmd.description] as const);
        const ext = c.app.extensions?.runner.registry.commands().map((cmd) => [`/${cmd.name}`, `${cmd.def.description} (extension)`] as const) ?? [];
        const inner = c.width - BOX_EDGES;
        const keys = columnLines(KEYS.slice(0, 6).map(([k, v]) => [`  ${k}`, v]), inner);
        c.printBlock({ subtitle: "Commands", text: [...columnLines([...builtins, ...ext], inner), "", "Keys (/shortcuts for all):", ...keys].join("\n") });
      },
    },
    {
      name: "mcp",
      description: "MCP servers: state, transport, tool/prompt/resource counts",
      immediate: true,
      run: () => {
        const servers = c.app.modelControl.listMcpServers();
        const pad = Math.max(4, ...servers.map((s) => s.name.length)) + 2;
        const lines = servers.map(
          (s) => `${s.state === "connected" ? "●" : "○"} ${s.name.padEnd(pad)}${s.state.padEnd(11)}${countOf(s.tools, "tool")}, ${countOf(s.prompts, "prompt")}, ${countOf(s.resources, "resource")}  ${s.transport}${s.error ? `\n    ${s.error.split("\n")[0]}` : ""}`,
        );
        c.printBlock({ subtitle: `MCP servers (${servers.filter((s) => s.state === "connected").length} of ${servers.length} connected)`, text: lines.join("\n") || "no MCP servers configured (kit mcp add <name> -- <command…>)" });
      },
    },
    {
      name: "tools",
      description: "The tools the model can use",
      immediate: true,
      run: () => {
        const tools = c.app.modelControl.getAllTools();
        const rows = tools.map((t) => [`${t.enabled ? "●" : "○"} ${t.name}`, `${t.source === "core" ? "" : `(${t.source}) `}${t.description.split("\n")[0]}`] as const);
        const lines = columnLines(rows, c.width - BOX_EDGES, TOOL_DESCRIPTION_LINES);
        c.printBlock({ subtitle: `Tools (${tools.filter((t) => t.enabled).length} of ${tools.length} enabled)`, text: lines.join("\n") || "no tools" });
      },
    },
    {
      name: "usage",
      description: "Tokens, cost and context use of this session",
      immediate: true,
      run: () => {
        c.printBlock({ subtitle: "Usage", text: usageLines(c.app.sessionData, c.app.runtime.subscription).join("\n") });
      },
    },
    {
      name: "compact",
      args: "[focus]",
      description: "Summarise the conversation to free context",
      working: true,
      run: async (focus) => {
        await c.app.compact(focus ? { customInstructions: focus } : undefined);
        c.status.refresh();
      },
    },
    {
      name: "model",
      args: "[provider/model]",
      description: "Switch the model",
      complete: () => modelIds(),
      run: async (arg, signal) => {
        let spec: string | undefined = arg;
        if (!spec) {
          const models = c.app.modelControl.getAvailableModels();
          const current = c.app.model();
          const describe = (m: ModelInfo) => `${m.name}${m.contextLimit ? ` · ${formatTokens(m.contextLimit)} context` : ""}${m.pricing.known ? ` · $${m.pricing.input}/$${m.pricing.output} per M` : ""}`;
          // Models that work now first; then those of providers one can log in to, marked, which start /login.
          const reachable = new Set(models.map((m) => m.provider));
          const loginable = c.app.runtime.auth.choices().filter((ch) => !reachable.has(ch.provider));
          const items = [
            ...models.map((m) => ({ label: `${m.provider}/${m.modelId}`, description: describe(m), value: { spec: `${m.provider}/${m.modelId}` } as ModelChoice })),
            ...loginable.flatMap((ch) =>
              c.app.runtime.registry.list(ch.provider).map((m) => ({
                label: `${m.provider}/${m.modelId}`,
                description: `needs login · ${describe(m)}`,
                value: { spec: `${m.provider}/${m.modelId}`, login: m.provider } as ModelChoice,
              })),
            ),
          ];
          const choice = await pick(c, `Model (now ${current})`, items, items.findIndex((i) => i.value.spec === current));
          if (!choice) return;
          if (choice.login && !(await deps.login(choice.login, signal))) return;
          spec = choice.spec;
        }
        c.app.modelControl.switchModel(spec, "user");
        remember("model", c.app.model());
        // The context figure stays: the conversation is the same, only the window (read as the bar is drawn) changed.
        c.notice("system", `Model: ${c.app.model()}`);
      },
    },
    {
      name: "thinking",
      args: "[level]",
      description: "Set the thinking level",
      complete: () => [...THINKING_LEVELS],
      run: async (arg) => {
        let level: string | undefined = arg;
        if (!level) {
          const now = c.app.modelControl.getThinkingLevel();
          const items = THINKING_LEVELS.map((l) => ({ label: l, value: l as string, ...(l === now ? { description: "current" } : {}) }));
          level = await pick(c, "Thinking level", items, THINKING_LEVELS.indexOf(now));
          if (!level) return;
        }
        if (!(THINKING_LEVELS as readonly string[]).includes(level)) throw new Error(`unknown level "${level}"; use one of ${THINKING_LEVELS.join(", ")}`);
        c.app.modelControl.setThinkingLevel(level as ThinkingLevel, "user");
        remember("thinking-level", level);
        c.notice("system", `Thinking level: ${level}`);
      },
    },
    {
      name: "theme",
      args: "[name]",
      description: "Switch the colour theme (remembered)",
      immediate: true,
      complete: () => c.themes.list(),
      run: async (arg) => {
        let name: string | undefined = arg;
        if (!name) {
          const list = c.themes.list();
          const items = list.map((t) => ({ label: t, value: t, ...(t === c.themes.name ? { description: "current" } : {}) }));
          name = await pick(c, "Theme", items, list.indexOf(c.themes.name));
          if (!name) return;
        }
        c.themes.set(name);
        c.notice("system", `Theme: ${name}`);
      },
    },
    {
      name: "shortcuts",
      description: "Keyboard shortcuts",
      immediate: true,
      run: () => {
        const ext = c.app.extensions?.runner.registry.shortcuts().map((s) => [s.key, `${s.def.description} (extension)`] as [string, string]) ?? [];
        c.printBlock({ subtitle: "Keys", text: columnLines([...KEYS, ...ext], c.width - BOX_EDGES).join("\n") });
      },
    },
    {
      name: "reload-ext",
      description: "Reload the extensions",
      working: true,
      run: async () => {
        await c.app.reloadExtensions();
        c.notice("system", `Reloaded ${countOf(c.app.extensions?.loaded().length ?? 0, "extension")}.`);
        warnShadowedKeys(c);
      },
    },
    {
      name: "copy",
      description: "Copy the last answer to the clipboard",
      immediate: true,
      run: () => {
        const last = c.app.session.messages().filter((m) => m.role === "assistant" && m.content.trim() !== "").pop();
        if (!last) return c.notice("warning", "There is no answer to copy yet.");
        c.view.writeRaw(osc52(last.content, deps.env));
        c.notice("system", `Copied the last answer (${last.content.length} characters) to the clipboard.`);
      },
    },
    {
      name: "quit",
      description: "Quit kit",
      immediate: true,
      run: () => c.quit(),
    },
  ];
}
