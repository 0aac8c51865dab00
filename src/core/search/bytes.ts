/** A growable byte buffer with varint appends (posting lists, positions, analysis batches, snapshots). */
export class ByteWriter {
  constructor(
    public bytes: Uint8Array = new Uint8Array(16),
    /** Bytes in use. */
    public length = 0,
  ) {}

  /** Makes room for `extra` more bytes. */
  reserve(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const next = new Uint8Array(Math.max(16, this.bytes.length * 2, this.length + extra));
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }

  varint(value: number): void {
    this.reserve(10);
    this.length = writeVarint(this.bytes, this.length, value);
  }

  append(data: Uint8Array): void {
    this.reserve(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
  }

  /** Appends `src[from..to)` (short ranges byte by byte: cheaper than a view and a copy). */
  appendRange(src: Uint8Array, from: number, to: number): void {
    const n = to - from;
    this.reserve(n);
    const bytes = this.bytes;
    if (n > 32) bytes.set(src.subarray(from, to), this.length);
    else for (let i = 0, at = this.length; i < n; i++) bytes[at + i] = src[from + i] as number;
    this.length += n;
  }

  /** The used bytes (a view, valid until the next append). */
  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }

  /** A copy of the used bytes that owns exactly its memory. */
  take(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

/** Writes `value` (a non-negative integer below 2^53) as a LEB128 varint at `pos`; returns the end. */
export function writeVarint(buf: Uint8Array, pos: number, value: number): number {
  let v = value;
  while (v >= 0x80) {
    buf[pos++] = (v & 0x7f) | 0x80;
    v = Math.floor(v / 128);
  }
  buf[pos++] = v;
  return pos;
}

/** A growable array of 32-bit integers. */
export class IntWriter {
  constructor(
    public values: Int32Array = new Int32Array(16),
    public length = 0,
  ) {}

  push(v: number): void {
    if (this.length === this.values.length) {
      const next = new Int32Array(this.values.length * 2);
      next.set(this.values);
      this.values = next;
    }
    this.values[this.length++] = v;
  }

  take(): Int32Array {
    return this.values.slice(0, this.length);
  }
}
