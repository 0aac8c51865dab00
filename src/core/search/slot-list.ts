/**
 * A growable list of document slots in an `Int32Array`: a query collects tens of thousands of slots,
 * and appending to a typed array costs a store where a JS array push costs several times more.
 */
export class SlotList {
  items: Int32Array;
  length = 0;

  constructor(capacity = 16) {
    this.items = new Int32Array(Math.max(16, capacity));
  }

  push(slot: number): void {
    if (this.length === this.items.length) this.grow();
    this.items[this.length++] = slot;
  }

  /** Doubles the capacity; returns the new backing array (callers writing to it directly reload it). */
  grow(): Int32Array {
    const next = new Int32Array(this.items.length * 2);
    next.set(this.items);
    this.items = next;
    return next;
  }

  /** The slots, as a view of the backing array (valid until the next push). */
  view(): Int32Array {
    return this.items.subarray(0, this.length);
  }
}
