import { readFileSync } from "node:fs";

/** Whether a process is running (zombies count as gone: containers may not reap orphans). */
export function processAlive(pid: number): boolean {
  if (process.platform === "linux") {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const state = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[0];
      return state !== "Z" && state !== "X";
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Resolves once `predicate` holds (polled); fails after a generous wait. */
export async function waitUntil(what: string, predicate: () => boolean, timeoutMs = 10_000): Promise<void> {
  for (let waited = 0; !predicate(); waited += 20) {
    if (waited > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(20);
  }
}
