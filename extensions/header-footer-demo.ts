// Header and footer: the project's name above the conversation and when the last turn ended below it; `/hf off` removes both, `/hf on` brings them back.
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { Context, ExtensionAPI } from "kit/ext";

/** The name in package.json when there is one, else the directory's name. */
function projectName(cwd: string): string {
  try {
    const name = JSON.parse(readFileSync(join(cwd, "package.json"), "utf8")).name;
    if (typeof name === "string" && name !== "") return name;
  } catch {
    // no (readable) package.json
  }
  return basename(cwd);
}

const hhmmss = (d: Date) => [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":");

export default function headerFooterDemo(kit: ExtensionAPI) {
  let shown = true;
  let lastTurn = "no turn yet";

  const show = (ctx: Context) => {
    if (!shown) return;
    ctx.setHeader({ content: { text: `▌ ${projectName(ctx.cwd)}` }, style: { borderColor: ctx.getTheme().primary } });
    ctx.setFooter({ content: { text: lastTurn }, style: { noBorder: true } });
  };

  kit.onSessionStart((_e, ctx) => show(ctx));

  kit.onAgentEnd((e, ctx) => {
    const how = e.stopReason === "completed" ? "" : ` (${e.stopReason})`;
    lastTurn = `last turn ended at ${hhmmss(new Date())}${how}, took ${(e.durationMs / 1000).toFixed(1)} s`;
    show(ctx);
  });

  kit.registerCommand({
    name: "hf",
    description: "Turn the header and footer off or on: /hf off|on",
    complete: (prefix) => ["off", "on"].filter((v) => v.startsWith(prefix)),
    execute: (args, ctx) => {
      const want = args.trim().toLowerCase();
      if (want === "off") {
        shown = false;
        ctx.removeHeader();
        ctx.removeFooter();
        return "Header and footer removed; /hf on brings them back.";
      }
      if (want === "on") {
        shown = true;
        show(ctx);
        return "Header and footer restored.";
      }
      return `Usage: /hf off|on (they are ${shown ? "on" : "off"})`;
    },
  });
}
