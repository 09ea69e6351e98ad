// Branded output: a "brand" message renderer that draws text in a themed box at the terminal's width, `/brand <text>` to show some, and a banner block when a session starts.
import type { Context, ExtensionAPI, ThemeColors } from "kit/ext";

const BRAND = "kit";

/** Terminal columns of a string (wide characters count 2, combining marks 0). */
const cols = (s: string) => Bun.stringWidth(s);

/** Word-wraps `text` to lines of at most `width` columns; words longer than a line are broken. */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split("\n")) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      let rest = word;
      while (cols(rest) > width) {
        if (line) out.push(line);
        line = "";
        let head = "";
        for (const ch of rest) {
          if (head && cols(head + ch) > width) break;
          head += ch;
        }
        out.push(head);
        rest = rest.slice(head.length);
      }
      if (!rest) continue;
      if (!line) line = rest;
      else if (cols(line) + 1 + cols(rest) <= width) line += ` ${rest}`;
      else {
        out.push(line);
        line = rest;
      }
    }
    out.push(line);
  }
  return out;
}

/**
 * ╭─ kit ──────╮
 * │ text       │
 * ╰────────────╯
 * `width` is the whole box; the border takes the theme's primary colour, the brand its accent.
 */
function boxed(content: string, width: number, theme: ThemeColors | undefined): string {
  const paint = (slot: "primary" | "accent" | "text", s: string, bold = false) => (theme ? theme.paint(theme[slot], s, { bold }) : s);
  const inner = Math.max(cols(BRAND) + 3, width - 4); // "│ " + text + " │"
  const title = `─ ${BRAND} `;
  const top = paint("primary", "╭─ ") + paint("accent", BRAND, true) + paint("primary", ` ${"─".repeat(inner + 2 - cols(title))}╮`);
  const body = wrap(content, inner).map((l) => `${paint("primary", "│")} ${paint("text", l)}${" ".repeat(inner - cols(l))} ${paint("primary", "│")}`);
  const bottom = paint("primary", `╰${"─".repeat(inner + 2)}╯`);
  return [top, ...body, bottom].join("\n");
}

export default function brandedOutput(kit: ExtensionAPI) {
  // Renderers get no context: keep the latest one to read the current theme.
  let ctx: Context | undefined;

  kit.registerMessageRenderer({ name: "brand", render: (content, width) => boxed(content, width, ctx?.getTheme()) });

  kit.onSessionStart((e, c) => {
    ctx = c;
    if (e.reason === "reload") return; // one banner per session is enough
    c.printBlock({ text: `Welcome to ${BRAND} — ${c.model}`, borderColor: c.getTheme().primary, subtitle: `session ${e.sessionId}` });
  });

  kit.registerCommand({
    name: "brand",
    description: "Show text in the branded box: /brand <text>",
    execute: (args, c) => {
      ctx = c;
      if (!args.trim()) return "Usage: /brand <text>";
      c.renderMessage("brand", args.trim());
    },
  });
}
