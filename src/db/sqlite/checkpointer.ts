import type { Database } from 'bun:sqlite';
import { spawnWorker } from '../../core/workers.ts';
import type { CheckpointReply, CheckpointRequest } from './checkpoint-protocol.ts';

/** Default of SQLite's `wal_autocheckpoint` (pages), restored when the checkpointer stops. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1000;
/**
 * While the worker checkpoints, the main connection checkpoints itself only past this many WAL pages
 * (~64 MB with 4 KB pages): a safety net should the worker fall behind or die, never the normal path.
 */
const FALLBACK_AUTOCHECKPOINT_PAGES = 16_384;

type Request = CheckpointRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** Starts a checkpoint worker: the embedded entry inside the binary, the source file next to this one otherwise. */
export function spawnCheckpointWorker(): Worker {
  return spawnWorker('db/sqlite/checkpoint-worker', new URL('./checkpoint-worker.ts', import.meta.url));
}

/**
 * Moves SQLite's WAL checkpoints off the main thread. By default the connection that commits runs a
 * checkpoint whenever the WAL passes 1000 pages: it copies every committed page into the database file
 * and fsyncs it, inside that commit, on the event loop (tens of milliseconds after a large document's
 * pages). Here a worker thread with its own connection checkpoints every `intervalMs` instead, and the
 * main connection only appends to the WAL. Durability is unchanged: a commit is in the WAL either way,
 * and a crash before a checkpoint is recovered from the WAL on open, as before.
 */
export class WalCheckpointer {
  private seq = 0;
  private readonly pending = new Map<number, (reply: CheckpointReply) => void>();
  private stopped: Promise<void> | undefined;
  private alive = true;

  private constructor(
    private readonly client: Database,
    private readonly worker: Worker,
  ) {
    worker.onmessage = (event: MessageEvent<CheckpointReply>) => {
      this.pending.get(event.data.id)?.(event.data);
      this.pending.delete(event.data.id);
    };
    const lost = () => {
      this.alive = false;
      if (!this.stopped) this.client.exec(`PRAGMA wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
      for (const resolve of this.pending.values())
        resolve({ id: 0, ok: false, error: 'the checkpoint worker exited' });
      this.pending.clear();
    };
    worker.addEventListener('error', (e) => {
      e.preventDefault?.();
      lost();
    });
    worker.addEventListener('close', lost);
  }

  /**
   * Starts checkpointing the database file at `path` (the file `client` has open) in a worker thread.
   * Resolves once the worker has it open.
   */
  static async start(
    client: Database,
    path: string,
    opts: { intervalMs?: number; spawn?: () => Worker } = {},
  ): Promise<WalCheckpointer> {
    const c = new WalCheckpointer(client, (opts.spawn ?? spawnCheckpointWorker)());
    await c.call({ type: 'start', path, intervalMs: opts.intervalMs ?? 500 });
    client.exec(`PRAGMA wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
    return c;
  }

  /** True while the worker checkpoints (false once it stopped or died: the main connection does it again). */
  get running(): boolean {
    return this.alive && !this.stopped;
  }

  /** Runs a checkpoint in the worker now. */
  async checkpoint(): Promise<void> {
    await this.call({ type: 'checkpoint' });
  }

  /** Stops the worker; the main connection checkpoints by itself again. */
  stop(): Promise<void> {
    this.stopped ??= (async () => {
      this.client.exec(`PRAGMA wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
      await this.call({ type: 'stop' }).catch(() => {});
      this.worker.terminate();
    })();
    return this.stopped;
  }

  private call(req: Request): Promise<void> {
    const id = ++this.seq;
    return new Promise<CheckpointReply>((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ ...req, id });
    }).then((reply) => {
      if (!reply.ok) throw new Error(`WAL checkpoint: ${reply.error}`);
    });
  }
}
