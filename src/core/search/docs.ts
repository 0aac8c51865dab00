import { SIGNATURE_WORDS } from './tokenize.ts';

/** Interned strings: code 0 stands for null. */
export class Interner {
  readonly values: string[];
  private readonly codes = new Map<string, number>();

  constructor(values: string[] = ['']) {
    this.values = values.length ? values : [''];
    for (const [i, v] of this.values.entries()) if (i > 0) this.codes.set(v, i);
  }

  /** The code of a string, added when new; 0 for null/undefined. */
  code(value: string | null | undefined): number {
    if (value === null || value === undefined) return 0;
    let c = this.codes.get(value);
    if (c === undefined) {
      c = this.values.length;
      this.values.push(value);
      this.codes.set(value, c);
    }
    return c;
  }

  /** The code of a known string, undefined when it was never interned. */
  find(value: string): number | undefined {
    return this.codes.get(value);
  }
}

const EMPTY = Buffer.alloc(0);

/** What the index keeps per document slot, in parallel arrays that grow together. */
export class DocTable {
  /** Slots in use (live and dead). */
  size = 0;
  ids: string[] = [];
  names: string[] = [];
  tags: (Uint32Array | null)[] = [];
  /** Packed name and content (see packed.ts); empty for dead slots. */
  packedName: Buffer[] = [];
  packedText: Buffer[] = [];
  alive = new Uint8Array(0);
  project = new Uint32Array(0);
  kind = new Uint32Array(0);
  folder = new Uint32Array(0);
  docType = new Uint32Array(0);
  nameLen = new Uint32Array(0);
  contentLen = new Uint32Array(0);
  /** Posting entries the slot added (to know when compaction pays off). */
  postings = new Uint32Array(0);
  createdAt = new Float64Array(0);
  /** Trigram signatures, {@link SIGNATURE_WORDS} words per slot. */
  signature = new Uint32Array(0);

  constructor(readonly strings = new Interner()) {}

  /** Makes room for `n` slots. */
  reserve(n: number): void {
    if (n <= this.alive.length) return;
    const cap = Math.max(n, Math.ceil(this.alive.length * 1.5), 1024);
    const grow = <T extends Uint8Array | Uint32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const next = make(cap);
      next.set(a as never);
      return next;
    };
    this.alive = grow(this.alive, (c) => new Uint8Array(c));
    this.project = grow(this.project, (c) => new Uint32Array(c));
    this.kind = grow(this.kind, (c) => new Uint32Array(c));
    this.folder = grow(this.folder, (c) => new Uint32Array(c));
    this.docType = grow(this.docType, (c) => new Uint32Array(c));
    this.nameLen = grow(this.nameLen, (c) => new Uint32Array(c));
    this.contentLen = grow(this.contentLen, (c) => new Uint32Array(c));
    this.postings = grow(this.postings, (c) => new Uint32Array(c));
    this.createdAt = grow(this.createdAt, (c) => new Float64Array(c));
    this.signature = grow(this.signature, (c) => new Uint32Array(c * SIGNATURE_WORDS));
  }

  /** True when the slot's signature has every given bit (false means it cannot contain the text). */
  mayContain(slot: number, bits: number[]): boolean {
    const base = slot * SIGNATURE_WORDS;
    const sig = this.signature;
    for (const b of bits) if ((((sig[base + (b >>> 5)] as number) >>> (b & 31)) & 1) === 0) return false;
    return true;
  }

  /** Frees what a dead slot holds (its postings stay until compaction). */
  kill(slot: number): void {
    this.alive[slot] = 0;
    this.packedName[slot] = EMPTY;
    this.packedText[slot] = EMPTY;
    this.tags[slot] = null;
  }
}
