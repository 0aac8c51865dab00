import type { ChangeFeed } from '../db/port/index.ts';

/**
 * Memoizes read results (typically serialized list responses) until the database changes. Every entry
 * remembers the change stamp it was computed at and is recomputed when the stamp moved, so a cached
 * value is never older than the last write. Bounded by total size.
 */
export class ReadCache {
  private readonly entries = new Map<string, { stamp: string; value: string }>();
  private size = 0;

  constructor(
    private readonly clock: Pick<ChangeFeed, 'stamp'>,
    private readonly maxChars = 32 * 1024 * 1024,
  ) {}

  memo(key: string, compute: () => string): string {
    const stamp = this.clock.stamp();
    return this.fresh(key, stamp) ?? this.keep(key, stamp, compute());
  }

  /** {@link memo} for a computation that awaits (a write meanwhile makes the result stale at once). */
  async memoAsync(key: string, compute: () => Promise<string>): Promise<string> {
    const stamp = this.clock.stamp();
    return this.fresh(key, stamp) ?? this.keep(key, stamp, await compute());
  }

  private fresh(key: string, stamp: string): string | undefined {
    const hit = this.entries.get(key);
    return hit && hit.stamp === stamp ? hit.value : undefined;
  }

  private keep(key: string, stamp: string, value: string): string {
    const hit = this.entries.get(key);
    if (hit) this.size -= hit.value.length;
    this.entries.delete(key);
    if (value.length <= this.maxChars / 16) {
      this.entries.set(key, { stamp, value });
      this.size += value.length;
      for (const [k, e] of this.entries) {
        if (this.size <= this.maxChars) break;
        this.entries.delete(k);
        this.size -= e.value.length;
      }
    }
    return value;
  }
}
