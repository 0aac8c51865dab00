import type { Database } from 'bun:sqlite';

/**
 * Tells when the database changed, cheaply enough to check on every request:
 * `external()` is SQLite's `data_version` (moves when ANOTHER connection commits, e.g. the admin CLI),
 * re-read at most once per millisecond; `stamp()` adds this connection's `total_changes()`, so it moves
 * on any write by anyone. Caches keyed by these never serve stale data.
 */
export class ChangeClock {
  private readonly versionQuery;
  private readonly changesQuery;
  private version = -1;
  private readAt = -1;

  constructor(sqlite: Database) {
    this.versionQuery = sqlite.query<{ v: number }, []>(
      'SELECT data_version AS v FROM pragma_data_version()',
    );
    this.changesQuery = sqlite.query<{ c: number }, []>('SELECT total_changes() AS c');
  }

  /** Version of the database as seen from other connections. */
  external(): number {
    const now = performance.now();
    if (now - this.readAt >= 1) {
      this.version = this.versionQuery.get()?.v ?? 0;
      this.readAt = now;
    }
    return this.version;
  }

  /** Changes whenever any connection (this one included) writes. */
  stamp(): string {
    return `${this.external()}:${this.changesQuery.get()?.c ?? 0}`;
  }
}
