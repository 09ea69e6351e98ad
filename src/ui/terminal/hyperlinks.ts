/**
 * OSC 8 hyperlinks: whether the terminal shows them (from the environment, as for colours), and a
 * text made a link. A terminal without them would print the sequence's bytes, so links are only
 * written where the terminal is known to support them; FORCE_HYPERLINK=1/0 overrides the guess.
 */

export function detectHyperlinks(env: Record<string, string | undefined> = process.env): boolean {
  const force = env.FORCE_HYPERLINK;
  if (force !== undefined && force !== "") return force !== "0";
  if (env.TERM === "dumb" || env.TMUX || (env.TERM ?? "").startsWith("screen")) return false;
  if (["iTerm.app", "WezTerm", "vscode", "ghostty", "Hyper", "Tabby"].includes(env.TERM_PROGRAM ?? "")) return true;
  if (/^(xterm-kitty|xterm-ghostty|wezterm|foot|alacritty)/.test(env.TERM ?? "")) return true;
  // GNOME Terminal, Tilix and other VTE terminals since 0.50; Windows Terminal; Konsole.
  return Number(env.VTE_VERSION ?? 0) >= 5000 || env.WT_SESSION !== undefined || env.KONSOLE_VERSION !== undefined;
}

/** `text` as an OSC 8 link to `url` (ended by ST, which survives the renderer's control-character filter). */
export function hyperlink(text: string, url: string): string {
  return `\x1b]8;;${url}\x1b\\${text}\x1b]8;;\x1b\\`;
}
