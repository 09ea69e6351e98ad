import type { SessionEntry, SessionHeader } from "./types.ts";

/**
 * How entries become lines.
 *
 * JSON.stringify leaves U+2028 and U+2029 raw, and some line splitters (JavaScript's own line
 * terminators, many editors) break lines there; they are written as `\u2028` / `\u2029` escapes so
 * every splitter agrees that a line ends only at "\n". Both can only occur inside JSON strings, where
 * the escape means the same character.
 *
 * Each entry line also carries, as its last key, a small `listing` stamp: the number of message
 * entries in the file up to and including this line, and the session's display name at that point
 * (the latest session_info). It lets the session listing read only a file's tail and still show the
 * exact count and name (see listing.ts). Readers remove it: it is not part of the entry.
 */

export const LISTING_KEY = "listing";

export interface ListingStamp {
  messages: number;
  name?: string;
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

/** Running listing figures of a file, advanced entry by entry in file order. */
export class ListingTally {
  messages = 0;
  name: string | undefined;

  add(entry: SessionEntry): ListingStamp {
    if (entry.type === "message") this.messages++;
    else if (entry.type === "session_info") this.name = entry.name;
    return this.stamp();
  }

  stamp(): ListingStamp {
    return this.name === undefined ? { messages: this.messages } : { messages: this.messages, name: this.name };
  }
}
