/**
 * A look inside a git pack before isomorphic-git indexes it. isomorphic-git inflates every object
 * whole to index it, then again to check it out: a 300 MB blob packed into 300 KB cost 1.5 GB and
 * 14 s. This scan inflates each object with its output bounded by the one-file limit (a larger one
 * is only streamed through a hash, never held), so it finds every object's id, type and size in
 * bounded memory; an object over the limit is named by the path that holds it.
 *
 * Then `checkCommit` walks the tree of the commit to be checked out, from the objects the scan kept,
 * counting its files and folders and adding up their sizes, so a tree that names one blob or one
 * folder thousands of times is refused before anything is written.
 */
import { createHash } from "node:crypto";
import { createInflate, inflateSync } from "node:zlib";
import { KitError } from "../errors.ts";
import { formatBytes, type InstallLimits } from "./limits.ts";

type ObjectType = "commit" | "tree" | "blob" | "tag";
const TYPES: Record<number, ObjectType> = { 1: "commit", 2: "tree", 3: "blob", 4: "tag" };
const OFS_DELTA = 6;
const REF_DELTA = 7;
/** Objects over the limit are hashed (to name the file) only up to this size; past it, the scan stops. */
const HASH_CEILING = 1024 * 1024 * 1024;
/** Inflated objects kept as delta bases (least recently used dropped first). */
const BASE_CACHE_BYTES = 32 * 1024 * 1024;

export interface PackScan {
  /** Every object whose id could be computed: its type and size. */
  objects: Map<string, { type: ObjectType; size: number }>;
  /** Content of commits, trees and tags, to walk. */
  content: Map<string, Buffer>;
  /** Objects over the one-file limit (id unknown when it could not be computed). */
  oversize: { oid?: string; size: number }[];
}

interface PackEntry {
  typeNum: number;
  /** Where the deflated data starts. */
  dataStart: number;
  /** Declared size (a delta's: its own data). */
  size: number;
  baseOffset?: number;
  baseOid?: string;
  /** Over the one-file limit: never inflated whole, so never a delta base. */
  oversize?: boolean;
}

export async function scanPack(pack: Uint8Array, limits: InstallLimits): Promise<PackScan> {
  const buf = Buffer.from(pack.buffer, pack.byteOffset, pack.byteLength);
  if (buf.length < 12 || buf.toString("latin1", 0, 4) !== "PACK") throw damaged("no pack header");
  const count = buf.readUInt32BE(8);
  const scan: PackScan = { objects: new Map(), content: new Map(), oversize: [] };
  const records = new Map<number, PackEntry>();
  const offsetOf = new Map<string, number>();
  const cache = new BaseCache(BASE_CACHE_BYTES);
  const max = limits.fileBytes;

  /** Inflates the data at `start`, refusing more than `limit` bytes; returns it and where it ends. */
  const inflateAt = (start: number, limit: number): { data: Buffer; end: number } => {
    try {
      const r = inflateSync(buf.subarray(start), { info: true, maxOutputLength: Math.max(1, limit) }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
      return { data: r.buffer, end: start + r.engine.bytesWritten };
    } catch (err) {
      if ((err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") throw new Oversize();
      throw damaged((err as Error).message);
    }
  };
  /** Type and content of the object at `offset` (deltas applied), or undefined when it or its base is not known or over the limit. */
  const contentAt = (offset: number): { type: ObjectType; data: Buffer } | undefined => {
    const hit = cache.get(offset);
    if (hit) return hit;
    const rec = records.get(offset);
    if (!rec || rec.oversize) return undefined;
    let result: { type: ObjectType; data: Buffer } | undefined;
    if (rec.typeNum === OFS_DELTA || rec.typeNum === REF_DELTA) {
      const baseOffset = rec.baseOffset ?? offsetOf.get(rec.baseOid!);
      const base = baseOffset === undefined ? undefined : contentAt(baseOffset);
      if (!base) return undefined;
      const delta = inflateAt(rec.dataStart, rec.size).data;
      result = { type: base.type, data: applyDelta(delta, base.data, max) };
    } else {
      result = { type: TYPES[rec.typeNum]!, data: inflateAt(rec.dataStart, rec.size).data };
    }
    cache.set(offset, result);
    return result;
  };
  const record = (offset: number, type: ObjectType, data: Buffer) => {
    const oid = createHash("sha1").update(`${type} ${data.length}\0`).update(data).digest("hex");
    offsetOf.set(oid, offset);
    scan.objects.set(oid, { type, size: data.length });
    if (type !== "blob") scan.content.set(oid, data);
  };

  let pos = 12;
  const pendingDeltas: number[] = [];
  for (let i = 0; i < count; i++) {
    const offset = pos;
    if (pos >= buf.length) throw damaged("the pack ends early");
    let byte = buf[pos++]!;
    const typeNum = (byte >> 4) & 7;
    let size = byte & 15;
    for (let shift = 4; byte & 0x80; shift += 7) {
      byte = buf[pos++]!;
      size += (byte & 0x7f) * 2 ** shift;
    }
    const rec: PackEntry = { typeNum, dataStart: pos, size };
    if (typeNum === OFS_DELTA) {
      byte = buf[pos++]!;
      let back = byte & 0x7f;
      while (byte & 0x80) {
        byte = buf[pos++]!;
        back = (back + 1) * 128 + (byte & 0x7f);
      }
      rec.baseOffset = offset - back;
      rec.dataStart = pos;
    } else if (typeNum === REF_DELTA) {
      rec.baseOid = buf.toString("hex", pos, pos + 20);
      pos += 20;
      rec.dataStart = pos;
    } else if (!TYPES[typeNum]) {
      throw damaged(`object type ${typeNum}`);
    }
    records.set(offset, rec);

    if (!(typeNum in TYPES)) {
      // A delta: its data is small; the size it produces is in its header.
      let delta;
      try {
        delta = inflateAt(rec.dataStart, Math.min(size, max));
      } catch (err) {
        if (!(err instanceof Oversize)) throw err;
        scan.oversize.push({ size });
        return scan; // cannot tell where it ends without inflating it all
      }
      pos = delta.end;
      const target = deltaTargetSize(delta.data);
      if (target > max) {
        rec.oversize = true;
        scan.oversize.push({ size: target });
      } else {
        pendingDeltas.push(offset);
      }
      continue;
    }
    const type = TYPES[typeNum]!;
    if (size > max) {
      if (size > HASH_CEILING) {
        scan.oversize.push({ size });
        return scan;
      }
      const { oid, end } = await hashLarge(buf, rec.dataStart, type, size);
      rec.oversize = true;
      scan.oversize.push({ oid, size });
      pos = end;
      continue;
    }
    let inflated;
    try {
      inflated = inflateAt(rec.dataStart, size);
    } catch (err) {
      throw err instanceof Oversize ? damaged("an object is larger than the pack says") : err;
    }
    const { data, end } = inflated;
    if (data.length !== size) throw damaged("an object is not the size the pack says");
    pos = end;
    cache.set(offset, { type, data });
    record(offset, type, data);
  }
  // Deltas, in pack order; one whose base is a later ref-delta waits for another round.
  for (let pending = pendingDeltas; pending.length > 0; ) {
    const waiting = pending.filter((offset) => {
      const resolved = contentAt(offset);
      if (resolved) record(offset, resolved.type, resolved.data);
      return !resolved;
    });
    if (waiting.length === pending.length) break; // bases that are not in the pack
    pending = waiting;
  }
  return scan;
}

class Oversize extends Error {}

function damaged(why: string): Error {
  return new Error(`the server sent a damaged pack (${why})`);
}

/** Streams an object too large to hold through its hash; returns its id and where its data ends. */
async function hashLarge(buf: Buffer, start: number, type: ObjectType, size: number): Promise<{ oid: string; end: number }> {
  const hash = createHash("sha1").update(`${type} ${size}\0`);
  const inflate = createInflate();
  inflate.on("data", (chunk: Buffer) => hash.update(chunk));
  const done = new Promise<void>((resolve, reject) => {
    inflate.on("end", resolve);
    inflate.on("error", (err) => reject(damaged(err.message)));
  });
  inflate.end(buf.subarray(start));
  await done;
  // bytesWritten counts the input the inflater consumed: where this object's data ends.
  return { oid: hash.digest("hex"), end: start + inflate.bytesWritten };
}

function readVarint(data: Buffer, at: { pos: number }): number {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = data[at.pos++]!;
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80 && at.pos < data.length);
  return value;
}

function deltaTargetSize(delta: Buffer): number {
  const at = { pos: 0 };
  readVarint(delta, at);
  return readVarint(delta, at);
}

/** git's delta format: base size, target size, then copy (from the base) and insert instructions. */
function applyDelta(delta: Buffer, base: Buffer, max: number): Buffer {
  const at = { pos: 0 };
  if (readVarint(delta, at) !== base.length) throw damaged("a delta does not fit its base");
  const size = readVarint(delta, at);
  if (size > max) throw new Oversize();
  const out = Buffer.alloc(size);
  let o = 0;
  while (at.pos < delta.length) {
    const op = delta[at.pos++]!;
    if (op & 0x80) {
      let offset = 0;
      let length = 0;
      for (let bit = 0; bit < 4; bit++) if (op & (1 << bit)) offset += delta[at.pos++]! * 2 ** (8 * bit);
      for (let bit = 0; bit < 3; bit++) if (op & (16 << bit)) length += delta[at.pos++]! * 2 ** (8 * bit);
      if (length === 0) length = 0x10000;
      if (offset + length > base.length || o + length > size) throw damaged("a delta copies past its base");
      base.copy(out, o, offset, offset + length);
      o += length;
    } else if (op > 0) {
      if (o + op > size || at.pos + op > delta.length) throw damaged("a delta inserts past its end");
      delta.copy(out, o, at.pos, at.pos + op);
      o += op;
      at.pos += op;
    } else {
      throw damaged("a delta has an unknown instruction");
    }
  }
  if (o !== size) throw damaged("a delta is shorter than it says");
  return out;
}

/** Inflated objects by pack offset, holding at most `maxBytes`. */
class BaseCache {
  private readonly map = new Map<number, { type: ObjectType; data: Buffer }>();
  private bytes = 0;
  constructor(private readonly maxBytes: number) {}

  get(offset: number) {
    const hit = this.map.get(offset);
    if (hit) {
      this.map.delete(offset);
      this.map.set(offset, hit);
    }
    return hit;
  }

  set(offset: number, value: { type: ObjectType; data: Buffer }): void {
    if (value.data.length > this.maxBytes / 4 || this.map.has(offset)) return;
    this.map.set(offset, value);
    this.bytes += value.data.length;
    for (const [key, old] of this.map) {
      if (this.bytes <= this.maxBytes) break;
      this.map.delete(key);
      this.bytes -= old.data.length;
    }
  }
}

// ---- the tree of a commit ----

interface TreeEntry {
  path: string;
  mode: string;
  oid: string;
}

/**
 * Every file and folder of `commit` (a tag is followed to its commit), depth first; stops with an
 * error past the entry limit, so a tree that names one folder over and over cannot keep it walking.
 */
function* entriesOf(scan: PackScan, commit: string, limits: InstallLimits, where: string): Generator<TreeEntry> {
  const header = (oid: string, field: string) => new RegExp(`^${field} ([0-9a-f]{40})`).exec(scan.content.get(oid)?.toString("latin1") ?? "")?.[1];
  let oid = commit;
  for (let hops = 0; scan.objects.get(oid)?.type === "tag" && hops < 10; hops++) oid = header(oid, "object") ?? "";
  const tree = header(oid, "tree");
  if (!tree) return;
  const stack: [string, string][] = [[tree, ""]];
  let count = 0;
  while (stack.length > 0) {
    const [treeOid, prefix] = stack.pop()!;
    const data = scan.content.get(treeOid);
    if (!data) continue;
    for (let pos = 0; pos < data.length; ) {
      const space = data.indexOf(0x20, pos);
      const nul = data.indexOf(0, space);
      if (space < 0 || nul < 0 || nul + 21 > data.length) break;
      const mode = data.toString("latin1", pos, space);
      const path = prefix + data.toString("utf8", space + 1, nul);
      const entryOid = data.toString("hex", nul + 1, nul + 21);
      pos = nul + 21;
      if (++count > limits.entries) {
        throw new KitError(`${where} has more than ${limits.entries.toLocaleString("en-US")} files and folders, kit install's limit for one package; nothing was installed`, 1, "too-large");
      }
      if (mode === "40000") stack.push([entryOid, path + "/"]);
      yield { path, mode, oid: entryOid };
    }
  }
}

/** Refuses the pack when an object in it is over the one-file limit, naming the file that holds it. */
export function refuseOversize(scan: PackScan, limits: InstallLimits, where: string): void {
  if (scan.oversize.length === 0) return;
  const largest = Math.max(...scan.oversize.map((o) => o.size));
  const sizeOf = new Map(scan.oversize.filter((o) => o.oid).map((o) => [o.oid!, o.size]));
  let named: { path: string; size: number } | undefined;
  const commits = [...scan.objects].filter(([, o]) => o.type === "commit").map(([oid]) => oid);
  search: for (const commit of commits) {
    for (const entry of entriesOf(scan, commit, limits, where)) {
      if (entry.mode === "40000" || entry.mode === "160000") continue;
      const size = sizeOf.get(entry.oid) ?? (scan.objects.has(entry.oid) ? undefined : largest);
      if (size !== undefined) {
        named = { path: entry.path, size };
        break search;
      }
    }
  }
  const what = named ? `${named.path} is ${formatBytes(named.size)}` : `a file in it is ${formatBytes(largest)}`;
  throw new KitError(
    `${where}: ${what}, over kit install's limit of ${formatBytes(limits.fileBytes)} for one file; nothing was installed. ` +
      `Large files do not belong in an extension package: ask its author to remove it`,
    1,
    "too-large",
  );
}

/** Refuses `commit` when its files and folders are too many or too large together. */
export function checkCommit(scan: PackScan, commit: string, limits: InstallLimits, where: string): void {
  let total = 0;
  for (const entry of entriesOf(scan, commit, limits, where)) {
    if (entry.mode === "40000" || entry.mode === "160000") continue;
    total += scan.objects.get(entry.oid)?.size ?? 0;
    if (total > limits.totalBytes) {
      throw new KitError(
        `${where}: its files add up to more than ${formatBytes(limits.totalBytes)} (reached at ${entry.path}), kit install's limit for one package; nothing was installed`,
        1,
        "too-large",
      );
    }
  }
}
