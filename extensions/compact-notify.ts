// Says when the conversation is about to be compacted (how full the context is, how many messages), and vetoes compaction while option compact-notify-block is "on".
import type { ExtensionAPI } from "kit/ext";

const thousands = (n: number) => (n >= 1000 ? `${Math.round(n / 1000)}k` : String(n));

export default function compactNotify(kit: ExtensionAPI) {
  kit.registerOption({
    name: "compact-notify-block",
    description: 'Refuse every compaction (automatic and /compact) while "on"',
    default: "off",
  });

  kit.onBeforeCompact((event, ctx) => {
    const percent = Math.round(event.usagePercent * 100);
    const tokens = event.contextLimit > 0 ? ` (${thousands(event.estimatedTokens)} of ${thousands(event.contextLimit)} tokens)` : "";
    const kind = event.isAutomatic ? "automatic compaction" : "compaction";
    if (ctx.getOption("compact-notify-block") === "on") {
      ctx.printInfo(`${kind} skipped: context ${percent}% full${tokens}, ${event.messageCount} messages; compact-notify-block is on`);
      return { cancel: true, reason: "compaction is turned off by the option compact-notify-block" };
    }
    ctx.printInfo(`${kind}: context ${percent}% full${tokens}, ${event.messageCount} messages`);
  });
}
