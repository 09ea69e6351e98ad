/**
 * Where bash saves the whole output of a command too long to return: a private directory of this kit
 * process, `<root>/<pid>-<random>` (root and directory 0700, files 0600), made on the first file and
 * removed when kit exits. Directories of kit processes that are no longer running (killed before they
 * could clean up) are removed when a later kit makes its own, so a run that saves nothing costs nothing.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { processAlive } from "../process-alive.ts";

export class OutputFiles {
  private dir: string | undefined;

  /** `root`: the directory every kit process keeps its own directory in (under the data directory). */
  constructor(private readonly root: string) {}

  /** Creates a new private file and returns its path and a descriptor open for writing. */
  create(prefix: string): { path: string; fd: number } {
    const file = path.join(this.ownDir(), `${prefix}-${crypto.randomUUID().slice(0, 8)}.log`);
    return { path: file, fd: fs.openSync(file, "wx", 0o600) };
  }

  private ownDir(): string {
    if (this.dir) return this.dir;
    fs.mkdirSync(this.root, { recursive: true, mode: 0o700 });
    removeStale(this.root);
    const dir = path.join(this.root, `${process.pid}-${crypto.randomUUID().slice(0, 8)}`);
    fs.mkdirSync(dir, { mode: 0o700 });
    this.dir = dir;
    // Synchronous: nothing asynchronous runs once the process is exiting.
    process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    return dir;
  }
}

/** Removes the directories whose kit process is gone. */
function removeStale(root: string): void {
  for (const name of fs.readdirSync(root)) {
    const pid = Number(/^(\d+)-/.exec(name)?.[1]);
    if (!pid || processAlive(pid)) continue;
    fs.rmSync(path.join(root, name), { recursive: true, force: true });
  }
}
