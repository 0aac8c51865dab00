import type { ReservedSQL, SQL } from 'bun';
import type { Leadership } from '../port/index.ts';

/** First key of docserve's advisory locks (the second is a hash of the duty's name). */
const LOCK_SPACE = 0x64_6f_63;

/** A stable non-negative 31-bit hash of a name (FNV-1a). */
function lockKey(name: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(name)) h = Math.imul(h ^ b, 0x01000193);
  return h & 0x7fffffff;
}

/**
 * Leadership on PostgreSQL: session advisory locks (`pg_try_advisory_lock`) on one connection this
 * process keeps for them. The server frees them when that session ends, so a node that exits, is killed
 * or loses its connection loses its duties at once. Each {@link hold} checks that the session is still
 * the one that took the locks (same backend pid); when it is not, or the connection failed, every duty
 * counts as lost and is tried again on a new connection.
 */
export class PgLeadership implements Leadership {
  private connection: Promise<ReservedSQL> | undefined;
  private backend: number | undefined;
  private readonly held = new Set<string>();
  /** Calls run one after another on the one connection. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly client: SQL) {}

  hold(name: string): Promise<boolean> {
    return this.serial(async () => {
      try {
        this.connection ??= this.client.reserve();
        const conn = await this.connection;
        const [session] = await conn`SELECT pg_backend_pid() AS pid`;
        if (session.pid !== this.backend) {
          this.held.clear();
          this.backend = session.pid;
        }
        if (this.held.has(name)) return true;
        const [row] = await conn`SELECT pg_try_advisory_lock(${LOCK_SPACE}, ${lockKey(name)}) AS ok`;
        if (row.ok) this.held.add(name);
        return row.ok === true;
      } catch {
        await this.drop();
        return false;
      }
    });
  }

  release(name: string): Promise<void> {
    return this.serial(async () => {
      if (!this.held.delete(name) || !this.connection) return;
      try {
        const conn = await this.connection;
        await conn`SELECT pg_advisory_unlock(${LOCK_SPACE}, ${lockKey(name)})`;
      } catch {
        await this.drop();
      }
    });
  }

  /** Gives every duty up: closes the connection (at close). */
  close(): Promise<void> {
    return this.serial(async () => {
      if (!this.connection) return;
      await this.drop();
    });
  }

  /** Closes the connection (never back to the pool: its session may hold locks) and forgets every duty. */
  private async drop(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    this.backend = undefined;
    this.held.clear();
    try {
      await (await connection)?.close();
    } catch {}
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch(() => {});
    return run;
  }
}
