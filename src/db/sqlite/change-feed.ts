import type { Database } from 'bun:sqlite';
import { ChangeClock } from '../changes.ts';
import type { ChangeFeed } from '../port/index.ts';

/**
 * The SQLite change feed: `data_version` and `total_changes()` (see {@link ChangeClock}) for the stamp;
 * subscribers are told about other connections' commits by polling `data_version` while any are
 * subscribed.
 */
export class SqliteChangeFeed implements ChangeFeed {
  private readonly clock: ChangeClock;
  private readonly listeners = new Set<(change: { tables: string[] }) => void>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private seen = -1;

  constructor(
    client: Database,
    private readonly pollMs = 200,
  ) {
    this.clock = new ChangeClock(client);
  }

  stamp(): string {
    return this.clock.stamp();
  }

  external(): number {
    return this.clock.external();
  }

  subscribe(listener: (change: { tables: string[] }) => void): () => void {
    this.listeners.add(listener);
    if (!this.timer) {
      this.seen = this.clock.external();
      this.timer = setInterval(() => this.poll(), this.pollMs);
      this.timer.unref?.();
    }
    return () => {
      this.listeners.delete(listener);
      if (!this.listeners.size) this.stop();
    };
  }

  /** Stops polling (the storage is closing). */
  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private poll(): void {
    const version = this.clock.external();
    if (version === this.seen) return;
    this.seen = version;
    for (const listener of [...this.listeners]) listener({ tables: [] });
  }
}
