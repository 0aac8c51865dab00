/**
 * Append-only posting lists: ascending document slots stored as varint deltas, optionally each
 * followed by a varint term frequency. Slots only grow (a re-indexed document gets a new slot), so
 * appends keep lists sorted. A list loaded from a snapshot is a view into the snapshot buffer until
 * its first append copies it.
 */
export class PostingList {
  constructor(
    public bytes: Uint8Array = new Uint8Array(8),
    /** Bytes in use. */
    public length = 0,
    /** Entries (dead slots included until compaction). */
    public count = 0,
    /** Last slot appended, -1 when empty. */
    public last = -1,
    /** Entries of live documents (the document frequency used for ranking). */
    public live = count,
  ) {}

  /** Appends a slot greater than every slot already in the list, with its frequency when `tf` is given. */
  add(slot: number, tf?: number): void {
    if (this.length + 10 > this.bytes.length) {
      const next = new Uint8Array(Math.max(16, this.bytes.length * 2, this.length + 10));
      next.set(this.bytes.subarray(0, this.length));
      this.bytes = next;
    }
    this.length = writeVarint(this.bytes, this.length, slot - this.last - 1);
    if (tf !== undefined) this.length = writeVarint(this.bytes, this.length, tf);
    this.last = slot;
    this.count++;
    this.live++;
  }

  /** The used bytes (a view, valid until the next append). */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

function writeVarint(buf: Uint8Array, pos: number, value: number): number {
  let v = value;
  while (v >= 0x80) {
    buf[pos++] = (v & 0x7f) | 0x80;
    v = Math.floor(v / 128);
  }
  buf[pos++] = v;
  return pos;
}

/**
 * Decodes a list into `slots` (and `tfs` when the list carries frequencies); returns the entry count.
 * Stops safely at the end of the bytes, so a damaged list cannot read out of bounds.
 */
export function decodeInto(
  list: PostingList,
  withTf: boolean,
  slots: Uint32Array,
  tfs?: Uint32Array,
): number {
  const b = list.bytes;
  const end = list.length;
  let pos = 0;
  let slot = -1;
  let n = 0;
  const max = slots.length;
  while (pos < end && n < max) {
    let v = 0;
    let mul = 1;
    let byte: number;
    do {
      byte = b[pos++] as number;
      v += (byte & 0x7f) * mul;
      mul *= 128;
    } while (byte & 0x80 && pos < end);
    slot += v + 1;
    slots[n] = slot;
    if (withTf) {
      let t = 0;
      let m = 1;
      do {
        byte = b[pos++] as number;
        t += (byte & 0x7f) * m;
        m *= 128;
      } while (byte & 0x80 && pos < end);
      if (tfs) tfs[n] = t;
    }
    n++;
  }
  return n;
}

/** Reusable decode buffers, grown on demand (one set per index: search is synchronous). */
export class DecodeScratch {
  slots = new Uint32Array(1024);
  tfs = new Uint32Array(1024);

  /** Decodes a list into the scratch buffers; returns the entry count. */
  decode(list: PostingList, withTf: boolean): number {
    if (this.slots.length < list.count) {
      const size = Math.max(list.count, this.slots.length * 2);
      this.slots = new Uint32Array(size);
      this.tfs = new Uint32Array(size);
    }
    return decodeInto(list, withTf, this.slots, this.tfs);
  }
}
