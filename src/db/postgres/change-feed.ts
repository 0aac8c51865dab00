import type { SQL } from 'bun';
import type { ChangeFeed } from '../port/index.ts';

/** The channel the `<table>_changed` triggers notify (see migrations/0001_init.sql). */
export const CHANGES_CHANNEL = 'docserve_changes';

/**
 * The PostgreSQL change feed: `LISTEN docserve_changes` on one dedicated connection. Every commit that
 * wrote rows sends the names of the tables it wrote; this process's own writes also move the stamp the
 * moment they return ({@link touch}), before their notification arrives. After the listening
 * connection drops and comes back, everything counts as changed (notifications may have been missed).
 */
export class PgChangeFeed implements ChangeFeed {
  private local = 0;
  private remote = 0;
  private readonly listeners = new Set<(change: { tables: string[] }) => void>();
  private subscription: { unlisten(): Promise<void> } | undefined;

  constructor(private readonly client: SQL) {}

  /** Starts listening; resolves once the server acknowledged the LISTEN. */
  async start(): Promise<void> {
    let first = true;
    this.subscription = await this.client.listen(
      CHANGES_CHANNEL,
      (table) => this.received([table]),
      () => {
        if (!first) this.received([]);
        first = false;
      },
    );
  }

  async stop(): Promise<void> {
    const s = this.subscription;
    this.subscription = undefined;
    await s?.unlisten();
  }

  /** A write through this process committed. */
  touch(): void {
    this.local++;
  }

  stamp(): string {
    return `${this.remote}:${this.local}`;
  }

  external(): number {
    return this.remote;
  }

  subscribe(listener: (change: { tables: string[] }) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private received(tables: string[]): void {
    this.remote++;
    for (const listener of [...this.listeners]) listener({ tables });
  }
}
