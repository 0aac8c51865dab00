import { ByteWriter } from './bytes.ts';

/**
 * A posting list as stored: ascending document slots (local to their segment) as varint gaps, each
 * optionally followed by a varint term frequency. `bytes` holds exactly the list.
 */
export interface PostingRef {
  bytes: Uint8Array;
  /** Entries (dead slots included until the segment is merged). */
  count: number;
}

/**
 * An append-only posting list of an in-memory segment. Slots only grow (a re-indexed document gets a
 * new slot), so appends keep lists sorted.
 */
export class PostingList extends ByteWriter {
  /** Entries. */
  count = 0;
  /** Last slot appended, -1 when empty. */
  last = -1;

  /** Appends a slot greater than every slot already in the list, with its frequency when `tf` is given. */
  add(slot: number, tf?: number): void {
    this.varint(slot - this.last - 1);
    if (tf !== undefined) this.varint(tf);
    this.last = slot;
    this.count++;
  }

  ref(): PostingRef {
    return { bytes: this.view(), count: this.count };
  }
}

/**
 * Decodes a list into `slots` (and `tfs` when the list carries frequencies); returns the entry count.
 * Stops safely at the end of the bytes, so a damaged list cannot read out of bounds.
 */
export function decodeInto(bytes: Uint8Array, withTf: boolean, slots: Uint32Array, tfs: Uint32Array): number {
  const end = bytes.length;
  let pos = 0;
  let slot = -1;
  let n = 0;
  const max = slots.length;
  while (pos < end && n < max) {
    let byte = bytes[pos++] as number;
    let v = byte & 0x7f;
    if (byte & 0x80) {
      let mul = 128;
      do {
        byte = bytes[pos++] as number;
        v += (byte & 0x7f) * mul;
        mul *= 128;
      } while (byte & 0x80 && pos < end);
    }
    slot += v + 1;
    slots[n] = slot;
    if (withTf) {
      byte = bytes[pos++] as number;
      let t = byte & 0x7f;
      if (byte & 0x80) {
        let mul = 128;
        do {
          byte = bytes[pos++] as number;
          t += (byte & 0x7f) * mul;
          mul *= 128;
        } while (byte & 0x80 && pos < end);
      }
      tfs[n] = t;
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
  decode(list: PostingRef, withTf: boolean): number {
    if (this.slots.length < list.count) {
      const size = Math.max(list.count, this.slots.length * 2);
      this.slots = new Uint32Array(size);
      this.tfs = new Uint32Array(size);
    }
    return decodeInto(list.bytes, withTf, this.slots, this.tfs);
  }
}

/** Reads the varints of one posting's positions from `bytes` at `pos`: its count (`tf`, or stored when capped). */
export class PositionReader {
  pos = 0;
  constructor(public bytes: Uint8Array) {}

  /** Reads one varint. */
  next(): number {
    const b = this.bytes;
    let byte = b[this.pos++] as number;
    let v = byte & 0x7f;
    let mul = 128;
    while (byte & 0x80 && this.pos < b.length) {
      byte = b[this.pos++] as number;
      v += (byte & 0x7f) * mul;
      mul *= 128;
    }
    return v;
  }

  /** Skips `n` varints. */
  skip(n: number): void {
    const b = this.bytes;
    let left = n;
    while (left > 0 && this.pos < b.length) if (((b[this.pos++] as number) & 0x80) === 0) left--;
  }
}
