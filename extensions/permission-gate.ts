// Asks before bash runs a risky command (rm -r, sudo, force-push, reset --hard, curl | sh, …); the call is blocked unless the user confirms, so a headless run refuses them.
import type { ExtensionAPI } from "kit/ext";

const RISKY: { pattern: RegExp; why: string }[] = [
  { pattern: /\brm\s+(-[a-zA-Z]*[rRf]|--recursive|--force)/, why: "deletes files recursively or by force" },
  { pattern: /(^|[;&|(]\s*)sudo\b/, why: "runs as root" },
  { pattern: /\bgit\s+push\b.*(\s--force\b|\s-f\b|\s--force-with-lease\b|\s\+\S)/, why: "force-pushes" },
  { pattern: /\bgit\s+reset\s+--hard\b/, why: "throws away uncommitted changes" },
  { pattern: /\bgit\s+clean\s+-[a-zA-Z]*f/, why: "deletes untracked files" },
  { pattern: /\bgit\s+(checkout|restore)\s+(--\s+)?\.(\s|$)/, why: "throws away uncommitted changes" },
  { pattern: /\b(chmod|chown)\s+(-[a-zA-Z]*R|--recursive)/, why: "changes permissions recursively" },
  { pattern: /\b(curl|wget)\b[^|]*\|\s*(sudo\s+)?(ba|z)?sh\b/, why: "pipes a download into a shell" },
  { pattern: /\b(dd|mkfs(\.\w+)?|fdisk|parted)\b/, why: "writes to disks" },
  { pattern: /\bkill(all)?\s+(-9|-KILL|-SIGKILL)\b/, why: "kills processes" },
  { pattern: /\b(npm|pnpm|yarn|bun)\s+publish\b|\bcargo\s+publish\b/, why: "publishes a package" },
  { pattern: /\bdocker\s+(system\s+prune|rm\b|rmi\b|volume\s+rm\b)/, why: "removes docker data" },
  { pattern: /\b(DROP|TRUNCATE)\s+(TABLE|DATABASE)\b/i, why: "drops database data" },
];

/** Why a command needs confirmation, or undefined when it does not. */
export function risk(command: string): string | undefined {
  return RISKY.find((r) => r.pattern.test(command))?.why;
}

export default function permissionGate(kit: ExtensionAPI) {
  kit.onToolCall(async (event, ctx) => {
    // Commands the user typed (source "user") are theirs to run; only the model's calls are gated.
    if (event.toolName !== "bash" || event.source !== "llm") return;
    const command = typeof event.args?.command === "string" ? event.args.command : event.input;
    const why = risk(command);
    if (!why) return;

    const answer = await ctx.promptConfirm({ message: `Allow this command? It ${why}.\n\n  ${command}`, defaultValue: false });
    if (answer.cancelled) {
      return { block: true, reason: `this command ${why} and needs the user's confirmation, which was not given (no prompt answered)` };
    }
    if (!answer.value) return { block: true, reason: `the user declined this command (it ${why})` };
    return { block: false };
  });
}
