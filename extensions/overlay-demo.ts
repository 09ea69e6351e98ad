// About overlay: `/about` shows the session (model, directory, tools) in a centred overlay with "OK" and "Open README" buttons, and acts on the button chosen.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Context, ExtensionAPI } from "kit/ext";

const ACTIONS = ["OK", "Open README"];

function aboutMarkdown(ctx: Context): string {
  const tools = ctx.getAllTools().filter((t) => t.enabled);
  return [
    "## This session",
    "",
    `- **Model:** \`${ctx.model}\``,
    `- **Directory:** \`${ctx.cwd}\``,
    `- **Session:** \`${ctx.sessionId}\``,
    `- **Tools (${tools.length}):** ${tools.map((t) => `\`${t.name}\``).join(", ")}`,
    "",
    "_Esc closes this window._",
  ].join("\n");
}

/** "Open README": name the file and its title, or say there is none. */
function openReadme(ctx: Context): void {
  const path = join(ctx.cwd, "README.md");
  if (!existsSync(path)) {
    ctx.printInfo(`There is no README.md in ${ctx.cwd}.`);
    return;
  }
  const text = readFileSync(path, "utf8");
  const lines = text.split("\n");
  const count = lines.length - (text.endsWith("\n") ? 1 : 0);
  const title = lines.find((l) => l.startsWith("# "))?.slice(2).trim() ?? "(untitled)";
  ctx.printInfo(`README.md: "${title}", ${count} lines — ${path}`);
}

export default function overlayDemo(kit: ExtensionAPI) {
  kit.registerCommand({
    name: "about",
    description: "Show what this session runs with",
    execute: async (_args, ctx) => {
      // Headless runs have no overlay (it would resolve as cancelled at once): give the text instead.
      if (!ctx.interactive) return aboutMarkdown(ctx);
      const choice = await ctx.showOverlay({
        title: "About kit",
        content: { text: aboutMarkdown(ctx), markdown: true },
        style: { borderColor: ctx.getTheme().accent },
        anchor: "center",
        width: 64,
        actions: ACTIONS,
      });
      // "OK" and Esc (cancelled) just close it.
      if (!choice.cancelled && choice.action === "Open README") openReadme(ctx);
    },
  });
}
