import type { SQL } from 'bun';
import type { SharedCounters } from '../port/index.ts';

/**
 * Rate-limit counters in PostgreSQL's `rate_windows`: one upsert per counted request, atomic across
 * nodes. Plain SQL on the pool (a prepared statement) rather than drizzle, because it runs on every
 * request.
 */
export class PgSharedCounters implements SharedCounters {
  constructor(private readonly client: SQL) {}

  async increment(bucket: string, windowStart: number, expiresAt: number): Promise<number> {
    const [row] = await this.client`
      INSERT INTO rate_windows (bucket, window_start, count, expires_at)
      VALUES (${bucket}, ${windowStart}, 1, ${expiresAt})
      ON CONFLICT (bucket, window_start) DO UPDATE SET count = rate_windows.count + 1
      RETURNING count`;
    return Number(row.count);
  }

  async prune(now: number): Promise<number> {
    const result = await this.client`DELETE FROM rate_windows WHERE expires_at < ${now}`;
    return result.count;
  }
}
