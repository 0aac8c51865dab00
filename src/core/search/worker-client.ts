import { spawnWorker } from '../workers.ts';
import type { AnalyzedBatch } from './analyze.ts';
import type { WorkerReply, WorkerRequest } from './worker-protocol.ts';

/** Starts a search worker: the embedded entry inside the binary, the source file next to this one otherwise. */
export function spawnSearchWorker(): Worker {
  return spawnWorker('core/search/worker', new URL('./worker.ts', import.meta.url));
}

type Pending = { resolve: (r: WorkerReply) => void; reject: (e: Error) => void };
type Request = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/**
 * One search worker thread, started on first use; requests are answered in order. If the thread dies,
 * its requests fail and the next request starts a new one.
 */
export class SearchWorker {
  private worker: Worker | undefined;
  private seq = 0;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly spawn: () => Worker = spawnSearchWorker) {}

  /** Analyzes documents (see analyze.ts). */
  async analyze(names: string[], texts: string[]): Promise<AnalyzedBatch> {
    const r = await this.call({ type: 'analyze', names, texts });
    return (r as { batch: AnalyzedBatch }).batch;
  }

  /** True when the snapshot at `path` matches its body checksum. */
  async verify(path: string): Promise<boolean> {
    const r = await this.call({ type: 'verify', path });
    return (r as { valid: boolean }).valid;
  }

  /** Merges a snapshot file and a segment image into `target`; resolves with the size written. */
  async merge(req: Omit<Extract<WorkerRequest, { type: 'merge' }>, 'id' | 'type'>): Promise<number> {
    const r = await this.call({ type: 'merge', ...req }, req.delta);
    return (r as { bytes: number }).bytes;
  }

  /** Number of requests not answered yet. */
  get busy(): number {
    return this.pending.size;
  }

  private call(req: Request, transfer: ArrayBuffer[] = []): Promise<WorkerReply> {
    const worker = this.start();
    const id = ++this.seq;
    return new Promise<WorkerReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...req, id }, transfer);
    }).then((r) => {
      if (!r.ok) throw new Error(`search worker: ${r.error}`);
      return r;
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = this.spawn();
    worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      const p = this.pending.get(event.data.id);
      if (!p) return;
      this.pending.delete(event.data.id);
      p.resolve(event.data);
    };
    const lost = (reason: string) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      for (const p of this.pending.values()) p.reject(new Error(reason));
      this.pending.clear();
    };
    worker.addEventListener('error', (e) => {
      e.preventDefault?.();
      lost(`the search worker crashed: ${(e as ErrorEvent).message || 'unknown error'}`);
      worker.terminate();
    });
    worker.addEventListener('close', () => lost('the search worker exited'));
    this.worker = worker;
    return worker;
  }

  /** Stops the thread (requests in flight fail). */
  close(): void {
    const w = this.worker;
    if (!w) return;
    this.worker = undefined;
    for (const p of this.pending.values()) p.reject(new Error('the search worker was closed'));
    this.pending.clear();
    w.terminate();
  }
}
