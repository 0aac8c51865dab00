/** A fixed-size bit set over document slots. */
export class Bits {
  readonly words: Uint32Array;

  constructor(size: number) {
    this.words = new Uint32Array((size + 31) >>> 5);
  }

  set(i: number): void {
    this.words[i >>> 5] = (this.words[i >>> 5] as number) | (1 << (i & 31));
  }

  has(i: number): boolean {
    return (((this.words[i >>> 5] as number) >>> (i & 31)) & 1) === 1;
  }

  /** Keeps only bits also set in `other` (a bit set or raw words, shorter means zero). */
  and(other: Uint32Array): this {
    const w = this.words;
    for (let i = 0; i < w.length; i++) w[i] = (w[i] as number) & (other[i] ?? 0);
    return this;
  }

  /** Clears the bits set in `other`. */
  andNot(other: Bits): this {
    const w = this.words;
    const o = other.words;
    for (let i = 0; i < w.length; i++) w[i] = (w[i] as number) & ~(o[i] ?? 0);
    return this;
  }

  /** The set bits in ascending order. */
  toArray(): number[] {
    const out: number[] = [];
    const w = this.words;
    for (let i = 0; i < w.length; i++) {
      let word = w[i] as number;
      while (word !== 0) {
        const low = word & -word;
        out.push((i << 5) + 31 - Math.clz32(low));
        word ^= low;
      }
    }
    return out;
  }

  /** Set bits in `[from, to)`, where `from` is a multiple of 32. */
  countRange(from: number, to: number): number {
    const w = this.words;
    let n = 0;
    const last = Math.min(w.length, (to + 31) >>> 5);
    for (let i = from >>> 5; i < last; i++) {
      let v = (w[i] as number) >>> 0;
      if (i === to >>> 5 && to & 31) v &= (1 << (to & 31)) - 1;
      v -= (v >>> 1) & 0x55555555;
      v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
      n += Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
    }
    return n;
  }

  clear(i: number): void {
    if (i >>> 5 < this.words.length) this.words[i >>> 5] = (this.words[i >>> 5] as number) & ~(1 << (i & 31));
  }

  /** A copy with room for `size` bits (at least its own). */
  grown(size: number): Bits {
    const b = new Bits(Math.max(size, this.words.length << 5));
    b.words.set(this.words);
    return b;
  }

  copy(): Bits {
    const b = new Bits(this.words.length << 5);
    b.words.set(this.words);
    return b;
  }
}
