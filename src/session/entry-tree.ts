import type { LineSource } from "./line-source.ts";
import { readEntryLine } from "./reader.ts";
import type { EntryType, SessionEntry, SessionIssue } from "./types.ts";

/**
 * The tree of a session's entries as the store indexes it: one slot per entry, known by the fields
 * that lead its line (type, id, parent, time), holding the parsed entry once something has needed it
 * (parsed from its line, once). Which entries are wanted when is the store's business (store.ts); the
 * tree keeps the shape, the labels and the name (label and session_info entries are always parsed),
 * and takes out a line that turns out not to be an entry when it is parsed.
 */

export interface Slot {
  readonly type: EntryType;
  readonly id: string;
  /** The parent the tree keeps it under. */
  parentId: string | null;
  /** The parent its line names, when that differs from parentId (the named one's line was skipped). */
  written?: string | null;
  readonly timestamp: string;
  /** 1-based line in the file; 0 for an entry this process made. */
  readonly line: number;
  /** Byte range of its line in the file; start < 0 when it has none to read (made here, or parsed on open). */
  readonly start: number;
  readonly end: number;
  entry: SessionEntry | undefined;
  /** Position in file order (ties none: every slot gets the next number). */
  seq: number;
}

export class EntryTree {
  /** Every slot in file order. */
  private readonly order: Slot[] = [];
  private readonly byId = new Map<string, Slot>();
  /** Children by parent id, built the first time it is needed (most sessions never ask). */
  private kids: Map<string | null, Slot[]> | null = null;
  private readonly labels = new Map<string, string>();
  private sessionName: string | undefined;
  private nextSeq = 0;

  /**
   * @param source where the lines of slots without an entry are read from
   * @param issues where the issues of lines found bad when parsed go
   */
  constructor(
    private readonly source: LineSource | undefined,
    private readonly issues: SessionIssue[],
  ) {}

  /** Appends a slot (its parent must be in the tree already, or null). */
  add(slot: Slot): void {
    slot.seq = this.nextSeq++;
    this.order.push(slot);
    this.byId.set(slot.id, slot);
    if (this.kids) addChild(this.kids, slot);
    const e = slot.entry;
    if (e?.type === "session_info") this.sessionName = e.name;
    else if (e?.type === "label") {
      if (e.label === "") this.labels.delete(e.targetId);
      else this.labels.set(e.targetId, e.label);
    }
  }

  get(id: string): Slot | undefined {
    return this.byId.get(id);
  }
  has(id: string): boolean {
    return this.byId.has(id);
  }
  get size(): number {
    return this.order.length;
  }
  /** Every slot in file order (the live array: callers must not change it). */
  get all(): readonly Slot[] {
    return this.order;
  }
  last(): Slot | undefined {
    return this.order[this.order.length - 1];
  }
  get name(): string | undefined {
    return this.sessionName;
  }
  labelOf(id: string): string | undefined {
    return this.labels.get(id);
  }
  children(id: string | null): string[] {
    return (this.childIndex().get(id) ?? []).map((s) => s.id);
  }

  /** Slots root → `id` (empty for null). */
  pathTo(id: string | null): Slot[] {
    const out: Slot[] = [];
    for (let s = id === null ? undefined : this.byId.get(id); s; s = s.parentId === null ? undefined : this.byId.get(s.parentId)) {
      out.push(s);
    }
    return out.reverse();
  }

  /**
   * Parses the slots that have no entry yet. A line that is not an entry is taken out (see remove);
   * returns the slots taken out, in file order (empty when every slot now has its entry).
   */
  parse(slots: readonly Slot[]): Slot[] {
    const missing = slots.filter((s) => s.entry === undefined);
    if (missing.length === 0) return [];
    if (!this.source) throw new Error(`entry ${missing[0]!.id} has no line to read`);
    const bad: [Slot, string][] = [];
    this.source.readEach(missing, (i, text) => {
      const slot = missing[i]!;
      const head = { type: slot.type, id: slot.id, parentId: slot.written !== undefined ? slot.written : slot.parentId, timestamp: slot.timestamp };
      const entry = readEntryLine(text, head, slot.parentId, (reason) => this.issues.push({ line: slot.line, reason, skipped: false }));
      if (typeof entry === "string") bad.push([slot, entry]);
      else slot.entry = entry;
    });
    // In file order, so a child of two bad lines ends up where a reader would put it.
    bad.sort(([a], [b]) => a.seq - b.seq);
    for (const [slot, reason] of bad) this.issues.push(...this.remove(slot, reason));
    return bad.map(([slot]) => slot);
  }

  /**
   * Takes out the slot of a line that turned out not to be an entry when it was parsed, as a reader
   * skips such a line: its children move to its parent (and say so, like reader.ts's re-attached
   * children). Returns the issues: the skipped line, then each moved child.
   */
  private remove(slot: Slot, reason: string): SessionIssue[] {
    const at = this.order.indexOf(slot);
    if (at < 0) return [];
    const kids = this.childIndex();
    this.order.splice(at, 1);
    this.byId.delete(slot.id);
    const siblings = kids.get(slot.parentId)!;
    siblings.splice(siblings.indexOf(slot), 1);
    const issues: SessionIssue[] = [{ line: slot.line, reason, skipped: true }];
    const orphans = kids.get(slot.id) ?? [];
    kids.delete(slot.id);
    if (orphans.length === 0) return issues;
    const where = slot.parentId === null ? "made a root" : `attached to ${slot.parentId}`;
    for (const child of orphans) {
      if (child.written === undefined) child.written = child.parentId;
      child.parentId = slot.parentId;
      if (child.entry) child.entry.parentId = slot.parentId;
      if (child.line > 0) issues.push({ line: child.line, reason: `parent ${slot.id} was on skipped line ${slot.line}; ${where}`, skipped: false });
    }
    // The parent's children stay in file order.
    kids.set(slot.parentId, [...siblings, ...orphans].sort((a, b) => a.seq - b.seq));
    return issues;
  }

  private childIndex(): Map<string | null, Slot[]> {
    if (!this.kids) {
      this.kids = new Map();
      for (const slot of this.order) addChild(this.kids, slot);
    }
    return this.kids;
  }
}

function addChild(kids: Map<string | null, Slot[]>, slot: Slot): void {
  const siblings = kids.get(slot.parentId);
  if (siblings) siblings.push(slot);
  else kids.set(slot.parentId, [slot]);
}

/** The slot of an entry that is parsed already (made in this process, or copied by a fork). */
export function slotOf(entry: SessionEntry): Slot {
  const { type, id, parentId, timestamp } = entry;
  return { type, id, parentId, timestamp, line: 0, start: -1, end: -1, entry, seq: 0 };
}
