import { readFileSync } from "node:fs";

/**
 * Whether a process is running, for markers and directories a kit process leaves while it lives
 * (session in-use markers, install locks, bash output folders). A zombie counts as gone: in a
 * container nothing may reap an orphan, and its pid would otherwise look alive forever. EPERM means
 * it runs, as another user.
 */
export function processAlive(pid: number): boolean {
  if (process.platform === "linux") {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
      return state !== "Z" && state !== "X";
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
