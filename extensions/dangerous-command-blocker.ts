// Blocks destructive shell commands before bash runs them: rm -rf of / or ~, mkfs, dd or redirects onto a disk, fork bombs, force-pushes to main/master.
import type { ExtensionAPI } from "kit/ext";

/** Why a command is dangerous, or undefined when it looks fine. */
export function danger(command: string): string | undefined {
  if (/:\s*\(\s*\)\s*\{\s*:\s*\|\s*:\s*&\s*\}\s*;\s*:/.test(command)) return "a fork bomb";
  // Each simple command on its own: `a && b; c | d`.
  for (const segment of command.split(/&&|\|\||;|\||\n/)) {
    const words = segment.trim().split(/\s+/).filter(Boolean);
    while (words[0] === "sudo" || words[0] === "command" || words[0] === "exec") words.shift();
    const [cmd = "", ...args] = words;
    const flags = args.filter((a) => a.startsWith("-"));
    const targets = args.filter((a) => !a.startsWith("-"));

    if (cmd === "rm") {
      const recursive = flags.some((f) => f === "--recursive" || /^-[a-zA-Z]*[rR]/.test(f));
      const everything = targets.some((t) => /^(\/|\/\*|~|~\/|~\/\*|\$HOME|\$HOME\/|\$HOME\/\*|\*)$/.test(t.replace(/^["']|["']$/g, "")));
      if (flags.includes("--no-preserve-root")) return "rm --no-preserve-root";
      if (recursive && everything) return `recursive rm of ${targets.join(" ")}`;
    }
    if (/^mkfs(\.\w+)?$/.test(cmd) || cmd === "mke2fs" || cmd === "wipefs") return `${cmd} formats a disk`;
    if (cmd === "dd" && args.some((a) => /^of=\/dev\/(?!null$|zero$|stdout$|stderr$)/.test(a))) return "dd onto a device";
    if (/>\s*\/dev\/(sd|hd|vd|xvd|nvme|mmcblk|disk)\w*/.test(segment)) return "a redirect onto a disk device";
    if (cmd === "git" && args[0] === "push") {
      const force = args.some((a) => a === "--force" || a === "-f" || /^-[a-zA-Z]*f/.test(a) || a.startsWith("+"));
      const protectedBranch = targets.some((t) => /(^|[:+/])(main|master)$/.test(t));
      if (force && protectedBranch) return "a force-push to main/master";
    }
  }
  return undefined;
}

export default function dangerousCommandBlocker(kit: ExtensionAPI) {
  kit.onToolCall((event) => {
    if (event.toolName !== "bash") return;
    const command = typeof event.args?.command === "string" ? event.args.command : event.input;
    const why = danger(command);
    if (!why) return;
    return {
      block: true,
      reason: `Dangerous command refused (${why}). If it is really intended, ask the user to run it themselves.`,
    };
  });
}
