/**
 * What bash keeps of a command's output: stdout and stderr interleaved line by line in arrival order,
 * streamed to the caller as they complete, with only the tail held in memory. Once lines start to
 * fall out of the tail, they go to a temp file instead, and the rest follows at the end, so the
 * model can still read the whole output from there.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { TailWindow } from "./truncate.ts";

const SPILL_BATCH_CHARS = 64 * 1024;

export interface CapturedOutput {
  /** The kept tail, lines joined with "\n". */
  text: string;
  totalLines: number;
  keptLines: number;
  /** Where the whole output was saved, when it did not fit. */
  fullOutputPath?: string;
}

export class CommandOutput {
  private readonly window = new TailWindow((line) => this.spill(line));
  private spillFd?: number;
  private spillPath?: string;
  private pending = "";

  constructor(private readonly onOutput: (chunk: string, isStderr: boolean) => void) {}

  /** Adds whole lines from one stream and streams them on as one chunk, each line ending in "\n". */
  add(lines: string[], isStderr: boolean): void {
    if (lines.length === 0) return;
    for (const line of lines) this.window.push(line);
    this.onOutput(lines.map((line) => `${line}\n`).join(""), isStderr);
  }

  finish(): CapturedOutput {
    const text = this.window.text();
    if (this.spillFd !== undefined) {
      this.pending += `${text}\n`;
      this.flushSpill();
      fs.closeSync(this.spillFd);
      this.spillFd = undefined;
    }
    return {
      text,
      totalLines: this.window.totalLines,
      keptLines: this.window.keptLines,
      fullOutputPath: this.spillPath,
    };
  }

  private spill(line: string): void {
    if (this.spillFd === undefined) {
      this.spillPath = path.join(os.tmpdir(), `kit-bash-${crypto.randomUUID().slice(0, 8)}.log`);
      this.spillFd = fs.openSync(this.spillPath, "w");
    }
    // Batched: one write per line would cost a system call per line of a very chatty command.
    this.pending += `${line}\n`;
    if (this.pending.length >= SPILL_BATCH_CHARS) this.flushSpill();
  }

  private flushSpill(): void {
    fs.writeSync(this.spillFd!, this.pending);
    this.pending = "";
  }
}
