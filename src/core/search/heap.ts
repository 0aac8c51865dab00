/** A binary heap of slots, best at the top, under a caller-supplied order. */
export class Heap {
  private readonly items: Int32Array;
  size: number;

  constructor(
    slots: ArrayLike<number>,
    private readonly better: (a: number, b: number) => boolean,
  ) {
    this.items = Int32Array.from(slots);
    this.size = slots.length;
    for (let i = (this.size >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  top(): number {
    return this.items[0] as number;
  }

  pop(): number {
    const top = this.items[0] as number;
    this.size--;
    this.items[0] = this.items[this.size] as number;
    this.siftDown(0);
    return top;
  }

  /** Restores the order below `i` after its item got worse. */
  siftDown(i: number): void {
    const a = this.items;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < this.size && this.better(a[l] as number, a[best] as number)) best = l;
      if (r < this.size && this.better(a[r] as number, a[best] as number)) best = r;
      if (best === i) return;
      const t = a[i] as number;
      a[i] = a[best] as number;
      a[best] = t;
      i = best;
    }
  }
}
