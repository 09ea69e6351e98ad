// For extension authors: `/reload` (or ctrl+alt+r) reloads every extension from disk (ctx.reloadExtensions) and says whether it worked or what failed.
import type { Context, ExtensionAPI } from "kit/ext";

/** Reloads and describes the outcome; never throws. */
async function reload(ctx: Context): Promise<{ ok: boolean; text: string }> {
  const started = performance.now();
  try {
    await ctx.reloadExtensions();
    return { ok: true, text: `Extensions reloaded in ${Math.round(performance.now() - started)} ms.` };
  } catch (err) {
    return { ok: false, text: `Reload failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}

export default function devReload(kit: ExtensionAPI) {
  kit.registerCommand({
    name: "reload",
    description: "Reload all extensions from disk",
    async execute(_args, ctx) {
      const outcome = await reload(ctx);
      if (!outcome.ok) ctx.printError(outcome.text);
      return outcome.ok ? outcome.text : undefined;
    },
  });

  // ctrl+r is left alone (a terminal's history search); ctrl+alt+r is free.
  kit.registerShortcut({ key: "ctrl+alt+r", description: "Reload all extensions from disk" }, async (ctx) => {
    const outcome = await reload(ctx);
    if (outcome.ok) ctx.printInfo(outcome.text);
    else ctx.printError(outcome.text);
  });
}
