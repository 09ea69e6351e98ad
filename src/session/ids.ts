/**
 * Identifiers. Entry ids are short (8 hex digits) and unique within their file: the caller passes the
 * ids already taken and a clash is simply drawn again. Session ids are UUIDs, unique everywhere.
 */

const ENTRY_ID_BYTES = 4;

export function newEntryId(taken: { has(id: string): boolean }): string {
  const bytes = new Uint8Array(ENTRY_ID_BYTES);
  for (;;) {
    crypto.getRandomValues(bytes);
    let id = "";
    for (const b of bytes) id += b.toString(16).padStart(2, "0");
    if (!taken.has(id)) return id;
  }
}

export function newSessionId(): string {
  return crypto.randomUUID();
}
