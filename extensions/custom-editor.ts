// Vim-style editor: normal and insert modes over kit's input editor — hjkl to move, i/a/I/A to insert, Escape to leave, x, dd to clear, :w to submit, :q to quit — with the mode shown under the editor; `/vim off` puts the normal editor back.
import type { Context, EditorConfig, EditorKeyAction, ExtensionAPI } from "kit/ext";

type Mode = "insert" | "normal";

const PASS: EditorKeyAction = { type: "passthrough" };
const CONSUMED: EditorKeyAction = { type: "consumed" };
const remap = (key: string): EditorKeyAction => ({ type: "remap", key });

/** Normal-mode keys that become another key ("h" moves left as the left arrow does). */
const MOTIONS: Record<string, string> = { h: "left", j: "down", k: "up", l: "right", "0": "home", $: "end", x: "delete" };
/** Keys that enter insert mode, and where the cursor goes first. */
const INSERTS: Record<string, string | undefined> = { i: undefined, a: "right", I: "home", A: "end" };

const isEscape = (key: string) => key === "escape" || key === "esc";
/** A single character typed without ctrl/alt; anything else (arrows, ctrl+…, enter) keeps its usual meaning. */
const isPrintable = (key: string) => [...key].length === 1;

/** One vim editor bound to a context: the key handler and the render wrapper share its mode. */
function vimEditor(ctx: Context): EditorConfig {
  let mode: Mode = "insert";
  let pending = ""; // "d" waiting for a second d
  let command: string | undefined; // the ":" command line while typed

  const runCommand = (cmd: string): EditorKeyAction => {
    if (cmd === "w" || cmd === "wq") return { type: "submit" };
    if (cmd === "q") ctx.resetEditor();
    return CONSUMED;
  };

  const normalKey = (key: string): EditorKeyAction => {
    if (pending === "d") {
      pending = "";
      if (key === "d") {
        ctx.setEditorText("");
        return CONSUMED;
      }
    }
    if (Object.hasOwn(INSERTS, key)) {
      mode = "insert";
      const move = INSERTS[key];
      return move ? remap(move) : CONSUMED;
    }
    if (Object.hasOwn(MOTIONS, key)) return remap(MOTIONS[key]!);
    if (key === "d") {
      pending = "d";
      return CONSUMED;
    }
    if (key === ":") {
      command = "";
      return CONSUMED;
    }
    // Other printable keys do nothing in normal mode, as in vim; the rest (enter, arrows, ctrl+…) work as usual.
    return isPrintable(key) ? CONSUMED : PASS;
  };

  const commandKey = (key: string): EditorKeyAction => {
    const typed = command ?? "";
    if (key === "enter") {
      command = undefined;
      return runCommand(typed);
    }
    if (isEscape(key) || (key === "backspace" && typed === "")) command = undefined;
    else if (key === "backspace") command = typed.slice(0, -1);
    else if (isPrintable(key)) command = typed + key;
    return CONSUMED;
  };

  return {
    handleKey: (key) => {
      if (command !== undefined) return commandKey(key);
      if (mode === "insert") {
        if (!isEscape(key)) return PASS;
        mode = "normal";
        return CONSUMED;
      }
      if (isEscape(key)) {
        pending = "";
        return CONSUMED;
      }
      return normalKey(key);
    },
    render: (width, defaultContent) => {
      const status = command !== undefined ? `:${command}` : mode === "insert" ? "-- INSERT --" : `-- NORMAL --${pending ? ` ${pending}` : ""}`;
      const theme = ctx.getTheme();
      return `${defaultContent}\n${theme.paint(theme.muted, status.slice(0, width))}`;
    },
  };
}

export default function customEditor(kit: ExtensionAPI) {
  kit.onSessionStart((_e, ctx) => ctx.setEditor(vimEditor(ctx)));

  kit.registerCommand({
    name: "vim",
    description: "Vim keys in the editor: /vim on|off",
    complete: (prefix) => ["on", "off"].filter((v) => v.startsWith(prefix)),
    execute: (args, ctx) => {
      if (args.trim() === "off") {
        ctx.resetEditor();
        return "Vim mode off.";
      }
      ctx.setEditor(vimEditor(ctx));
      return "Vim mode on: Escape for normal mode, i to insert, :w to send.";
    },
  });
}
