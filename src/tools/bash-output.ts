/**
 * What bash keeps of a command's output: stdout and stderr interleaved line by line in arrival order,
 * streamed to the caller as they complete, with only the tail held in memory. Once lines start to
 * fall out of the tail, they go to a private output file instead, and the tail follows at the end, so
 * the model can still read the whole output from there, up to MAX_OUTPUT_FILE_BYTES: past that the
 * file keeps its start and the tail, with a line saying how many lines were left out between.
 */
import * as fs from "node:fs";
import type { OutputFiles } from "./output-files.ts";
import { TailWindow, formatBytes } from "./truncate.ts";

const SPILL_BATCH_CHARS = 64 * 1024;
export const MAX_OUTPUT_FILE_BYTES = 32 * 1024 * 1024;

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
  private spilledBytes = 0;
  private leftOutLines = 0;

  constructor(
    private readonly files: OutputFiles,
    private readonly onOutput: (chunk: string, isStderr: boolean) => void,
  ) {}

  /** Adds whole lines from one stream and streams them on as one chunk, each line ending in "\n". */
  add(lines: string[], isStderr: boolean): void {
    if (lines.length === 0) return;
    for (const line of lines) this.window.push(line);
    this.onOutput(lines.map((line) => `${line}\n`).join(""), isStderr);
  }

  finish(): CapturedOutput {
    const text = this.window.text();
    if (this.spillFd !== undefined) {
      if (this.leftOutLines > 0) {
        this.pending += `[… ${this.leftOutLines} lines left out: this file keeps at most ${formatBytes(MAX_OUTPUT_FILE_BYTES)} before the last lines]\n`;
      }
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
    if (this.spillFd === undefined) ({ path: this.spillPath, fd: this.spillFd } = this.files.create("kit-bash"));
    // What is pending is counted in characters, fewer than its bytes in non-ASCII text: the file may pass the cap by a batch.
    if (this.leftOutLines > 0 || this.spilledBytes + this.pending.length + line.length + 1 > MAX_OUTPUT_FILE_BYTES) {
      this.leftOutLines++;
      return;
    }
    // Batched: one write per line would cost a system call per line of a very chatty command.
    this.pending += `${line}\n`;
    if (this.pending.length >= SPILL_BATCH_CHARS) this.flushSpill();
  }

  private flushSpill(): void {
    this.spilledBytes += fs.writeSync(this.spillFd!, this.pending);
    this.pending = "";
  }
}
