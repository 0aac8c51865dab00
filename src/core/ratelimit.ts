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

/**
 * Fixed-window request counters keyed by an arbitrary bucket (dialect + key id). Everything happens
 * synchronously on the event loop, so concurrent requests cannot overshoot a limit.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  take(bucket: string, limit: number, windowMs: number): RateDecision {
    const now = this.now();
    const start = now - (now % windowMs);
    let w = this.windows.get(bucket);
    if (!w || w.start !== start) {
      w = { start, count: 0 };
      this.windows.set(bucket, w);
      if (this.windows.size > 50_000) this.evict(now, windowMs);
    }
    const resetAt = start + windowMs;
    if (w.count >= limit)
      return {
        allowed: false,
        limit,
        remaining: 0,
        resetAt,
        retryAfter: Math.max(1, Math.ceil((resetAt - now) / 1000)),
      };
    w.count++;
    return { allowed: true, limit, remaining: limit - w.count, resetAt, retryAfter: 0 };
  }

  private evict(now: number, windowMs: number): void {
    for (const [k, w] of this.windows) if (w.start + windowMs < now) this.windows.delete(k);
  }
}
