/**
 * Ending a command's whole process tree. bash runs as the leader of its own process group (spawned
 * detached, i.e. setsid), so everything it starts, background jobs included, shares the group id
 * and one signal to the negative pid reaches all of it.
 */
import * as fs from "node:fs";

const TERM_GRACE_MS = 1500;
const KILL_WAIT_MS = 1000;
const POLL_MS = 25;

/** SIGTERM to the group, then SIGKILL if anything in it is still alive after a grace period. */
export async function killProcessGroup(pgid: number): Promise<void> {
  signalGroup(pgid, "SIGTERM");
  if (await waitUntilGone(pgid, TERM_GRACE_MS)) return;
  signalGroup(pgid, "SIGKILL");
  await waitUntilGone(pgid, KILL_WAIT_MS);
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

async function waitUntilGone(pgid: number, ms: number): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += POLL_MS) {
    if (!groupAlive(pgid)) return true;
    await Bun.sleep(POLL_MS);
  }
  return !groupAlive(pgid);
}

/**
 * Whether any process of the group is still running. On Linux /proc is read so that zombies count
 * as dead: where the init process does not reap orphans (containers), they would otherwise keep
 * `kill(-pgid, 0)` succeeding forever.
 */
function groupAlive(pgid: number): boolean {
  if (process.platform !== "linux") {
    try {
      process.kill(-pgid, 0);
      return true;
    } catch {
      return false;
    }
  }
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
    } catch {
      continue; // exited while we looked
    }
    // After "pid (comm) ": state ppid pgrp ... ; comm may contain spaces and parentheses.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(pgrp) === pgid && state !== "Z" && state !== "X") return true;
  }
  return false;
}
