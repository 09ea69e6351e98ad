import type { SessionEntry, SessionHeader } from "./types.ts";

/**
 * How entries become lines.
 *
 * JSON.stringify leaves U+2028 and U+2029 raw, and some line splitters (JavaScript's own line
 * terminators, many editors) break lines there; they are written as `\u2028` / `\u2029` escapes so
 * every splitter agrees that a line ends only at "\n". Both can only occur inside JSON strings, where
 * the escape means the same character.
 *
 * Each entry line also carries, as its last key, a small `listing` stamp: the running figures of the
 * file up to and including this line: the number of message entries, the session's display name (the
 * latest session_info) and, once a message has recorded usage, the usage totals of every message so far
 * (all branches). The listing reads the count and name from a file's tail (listing.ts); the store
 * answers usageTotals() (--max-cost, ctx.getSessionUsage) from the last line without parsing the file.
 * The figures are the writer's record: a line damaged later is not taken out of them (repair recounts).
 * Readers remove the stamp: it is not part of the entry.
 *
 * `usage` is left out while it would be all zeros, so a stamp without it means either "no usage yet"
 * or "written before stamps carried usage"; a reader that needs the totals recounts such a file.
 */

export const LISTING_KEY = "listing";

export interface ListingStamp {
  messages: number;
  name?: string;
  usage?: UsageTotals;
}

/** Sums over every message entry that recorded usage; `cost` counts an unknown price as 0. */
export interface UsageTotals {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
  cost: number;
  /** Messages with usage: the model calls made. */
  requests: number;
}

export function zeroUsage(): UsageTotals {
  return { input: 0, output: 0, cacheRead: 0, cacheWrite: 0, cost: 0, requests: 0 };
}

const HAS_SEPARATOR = /[\u2028\u2029]/;
const SEPARATORS = /[\u2028\u2029]/g;

/** One JSON text with U+2028/U+2029 escaped; no newline. */
export function jsonLine(value: unknown): string {
  const json = JSON.stringify(value);
  return HAS_SEPARATOR.test(json) ? json.replace(SEPARATORS, escapeSeparator) : json;
}

function escapeSeparator(c: string): string {
  return c === "\u2028" ? "\\u2028" : "\\u2029";
}

export function headerLine(header: SessionHeader): string {
  return jsonLine(header) + "\n";
}

export function entryLine(entry: SessionEntry, stamp: ListingStamp): string {
  return jsonLine({ ...entry, [LISTING_KEY]: stamp }) + "\n";
}

/**
 * Running listing figures of a file, advanced entry by entry in file order. The cost is summed in
 * file order, as a full recount does, so both give the same number to the last bit.
 */
export class ListingTally {
  messages = 0;
  name: string | undefined;
  usage: UsageTotals = zeroUsage();

  /** Figures continued from a stamp that carries usage; undefined when it does not (recount instead). */
  static fromStamp(stamp: ListingStamp | undefined): ListingTally | undefined {
    if (!stamp || !isUsage(stamp.usage)) return undefined;
    const tally = new ListingTally();
    tally.messages = stamp.messages;
    tally.name = stamp.name;
    tally.usage = { ...stamp.usage };
    return tally;
  }

  add(entry: SessionEntry): ListingStamp {
    if (entry.type === "message") {
      this.messages++;
      const u = entry.usage;
      if (u) {
        this.usage.input += u.input;
        this.usage.output += u.output;
        this.usage.cacheRead += u.cacheRead;
        this.usage.cacheWrite += u.cacheWrite;
        this.usage.cost += u.cost ?? 0;
        this.usage.requests++;
      }
    } else if (entry.type === "session_info") this.name = entry.name;
    return this.stamp();
  }

  stamp(): ListingStamp {
    const stamp: ListingStamp = { messages: this.messages };
    if (this.name !== undefined) stamp.name = this.name;
    if (this.usage.requests > 0) stamp.usage = { ...this.usage };
    return stamp;
  }

  /** For undoing adds whose line never reached the file. */
  save(): () => void {
    const messages = this.messages;
    const name = this.name;
    const usage = { ...this.usage };
    return () => {
      this.messages = messages;
      this.name = name;
      this.usage = usage;
    };
  }
}

export function isStamp(v: unknown): v is ListingStamp {
  return typeof v === "object" && v !== null && typeof (v as ListingStamp).messages === "number";
}

function isUsage(v: unknown): v is UsageTotals {
  if (typeof v !== "object" || v === null) return false;
  const u = v as Record<string, unknown>;
  return ["input", "output", "cacheRead", "cacheWrite", "cost", "requests"].every((k) => typeof u[k] === "number");
}
