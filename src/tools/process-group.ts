/**
 * Ending every process a bash command started. bash runs as the leader of its own session and process
 * group (spawned detached), so its jobs share the group id, `nohup` and `disown` included. A process
 * that leaves the group (`setsid`, a daemon's double fork) still carries the call's marker variable,
 * KIT_BASH_CALL=<id>, which children inherit; on Linux /proc shows it in each process's environment,
 * so those are found too, along with any child of a process found. (Elsewhere only the group is.)
 */
import * as fs from "node:fs";

export const CALL_MARKER_VARIABLE = "KIT_BASH_CALL";

const TERM_GRACE_MS = 1500;
const KILL_WAIT_MS = 1000;
const POLL_MS = 25;

/** A fresh marker value for one call. */
export function newCallMarker(): string {
  return crypto.randomUUID();
}

/** The processes of one command: bash (the group leader, `pgid`) and all it started, marked with `marker`. */
export class CommandProcesses {
  /**
   * When bash started (clock ticks since boot): nothing older can carry the marker, so older
   * processes' environments are never read, which keeps a look at /proc to milliseconds.
   */
  private readonly since: number;

  /** Made right after bash is spawned, while its /proc entry is sure to exist. */
  constructor(
    private readonly pgid: number,
    private readonly marker: string,
  ) {
    this.since = (process.platform === "linux" && readStat(pgid)?.startTime) || 0;
  }

  /**
   * SIGTERM to every process of the command, then SIGKILL to whatever is still alive after a grace
   * period. Returns how many processes were running when it started.
   */
  async kill(): Promise<number> {
    const found = this.members();
    if (found.length === 0) return 0;
    signalAll(this.pgid, found, "SIGTERM");
    if (await waitUntilGone(this.pgid, found, TERM_GRACE_MS)) return found.length;
    // Look again: a process may have forked while it was being ended.
    const left = this.members();
    signalAll(this.pgid, left, "SIGKILL");
    await waitUntilGone(this.pgid, left, KILL_WAIT_MS);
    return found.length;
  }

  /** SIGKILL at once to every process of the command, for when kit exits and cannot wait. */
  killNow(): void {
    signalAll(this.pgid, this.members(), "SIGKILL");
  }

  /**
   * The live processes of the command (zombies count as dead: where the init process does not reap
   * orphans, in containers, they would otherwise seem to live forever).
   */
  private members(): number[] {
    if (process.platform !== "linux") return groupAlive(this.pgid) ? [this.pgid] : [];
    const all = liveProcesses();
    const needle = Buffer.from(`${CALL_MARKER_VARIABLE}=${this.marker}\0`);
    const found = new Set(
      all.filter((p) => p.pgrp === this.pgid || (p.startTime >= this.since && carries(p.pid, needle))).map((p) => p.pid),
    );
    // Children of what was found, in case one cleared its environment; repeated for grandchildren.
    for (let grew = true; grew; ) {
      grew = false;
      for (const p of all) {
        if (!found.has(p.pid) && found.has(p.ppid)) {
          found.add(p.pid);
          grew = true;
        }
      }
    }
    found.delete(process.pid);
    return [...found];
  }
}

function signalAll(pgid: number, pids: number[], signal: NodeJS.Signals): void {
  send(-pgid, signal);
  for (const pid of pids) send(pid, signal);
}

function send(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // ESRCH: already gone.
  }
}

async function waitUntilGone(pgid: number, pids: number[], ms: number): Promise<boolean> {
  const anyAlive = () => (process.platform === "linux" ? pids.some((pid) => readStat(pid)?.zombie === false) : groupAlive(pgid));
  for (let waited = 0; waited < ms; waited += POLL_MS) {
    if (!anyAlive()) return true;
    await Bun.sleep(POLL_MS);
  }
  return !anyAlive();
}

interface ProcessEntry {
  pid: number;
  ppid: number;
  pgrp: number;
  /** Clock ticks since boot. */
  startTime: number;
  /** Exited, not yet reaped. */
  zombie: boolean;
}

function liveProcesses(): ProcessEntry[] {
  const out: ProcessEntry[] = [];
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const entry = readStat(Number(name));
    if (entry && !entry.zombie) out.push(entry);
  }
  return out;
}

/**
 * After "pid (comm) ": state ppid pgrp ... and, 20th, starttime (proc(5)); comm may contain spaces
 * and parentheses. Undefined when gone.
 */
function readStat(pid: number): ProcessEntry | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined; // exited while we looked
  }
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const zombie = fields[0] === "Z" || fields[0] === "X";
  return { pid, ppid: Number(fields[1]), pgrp: Number(fields[2]), startTime: Number(fields[19]), zombie };
}

function carries(pid: number, needle: Buffer): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/environ`).includes(needle);
  } catch {
    return false; // another user's process, or gone
  }
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}
