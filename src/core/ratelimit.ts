import type { SharedCounters } from '../db/port/index.ts';

/** Outcome of taking one request from a rate-limit window. */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Epoch milliseconds when the current window ends. */
  resetAt: number;
  /** Seconds to wait when refused. */
  retryAfter: number;
}

const PRUNE_EVERY_MS = 60_000;

/**
 * Fixed-window request counters keyed by an arbitrary bucket (dialect + key id). With shared counters
 * (several nodes on one PostgreSQL database) every node counts into the same window, so a key gets its
 * limit across all nodes rather than once per node; if the database cannot count, the node falls back
 * to its own count for that request. Without them, counting happens synchronously on the event loop,
 * so concurrent requests cannot overshoot a limit.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private nextPrune = 0;
  private sharedFailing = false;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly shared?: SharedCounters,
    private readonly log: (msg: string) => void = () => {},
  ) {}

  async take(bucket: string, limit: number, windowMs: number): Promise<RateDecision> {
    const now = this.now();
    const start = now - (now % windowMs);
    const resetAt = start + windowMs;
    const count =
      (this.shared && (await this.countShared(bucket, start, resetAt, now))) ??
      this.countHere(bucket, start, now, windowMs);
    if (count > limit)
      return {
        allowed: false,
        limit,
        remaining: 0,
        resetAt,
        retryAfter: Math.max(1, Math.ceil((resetAt - now) / 1000)),
      };
    return { allowed: true, limit, remaining: limit - count, resetAt, retryAfter: 0 };
  }

  private async countShared(
    bucket: string,
    start: number,
    resetAt: number,
    now: number,
  ): Promise<number | undefined> {
    const shared = this.shared as SharedCounters;
    if (now >= this.nextPrune) {
      this.nextPrune = now + PRUNE_EVERY_MS;
      shared
        .prune(now)
        .catch((err) => this.log(`rate limits: pruning old windows failed: ${(err as Error).message}`));
    }
    try {
      const count = await shared.increment(bucket, start, resetAt);
      this.sharedFailing = false;
      return count;
    } catch (err) {
      if (!this.sharedFailing)
        this.log(`rate limits: the shared counter failed, counting on this node: ${(err as Error).message}`);
      this.sharedFailing = true;
      return undefined;
    }
  }

  /** This node's count in the window, the request just taken included. */
  private countHere(bucket: string, start: number, now: number, windowMs: number): number {
    let w = this.windows.get(bucket);
    if (!w || w.start !== start) {
      w = { start, count: 0 };
      this.windows.set(bucket, w);
      if (this.windows.size > 50_000) this.evict(now, windowMs);
    }
    return ++w.count;
  }

  private evict(now: number, windowMs: number): void {
    for (const [k, w] of this.windows) if (w.start + windowMs < now) this.windows.delete(k);
  }
}
