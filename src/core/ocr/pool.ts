import { PAGE_ACTION, type PageReply, type PageRequest } from './protocol.ts';

/**
 * What the pool needs of a worker: a worker thread, or a child process behind the same interface
 * (./native.ts). `close` (or `error`) means the worker is gone.
 */
export interface OcrWorker {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((event: MessageEvent) => void) | null;
  addEventListener(type: 'error' | 'close', listener: (event: Event) => void): void;
}

export interface PoolOptions {
  /** Most workers running at once. Workers start on first use, never before. */
  size: number;
  /**
   * A page taking longer is abandoned: its worker is replaced and the page retried once. 0: no limit,
   * so what a page reads as can never depend on how loaded the machine is (the real-OCR tests).
   */
  pageTimeoutMs: number;
  /** A worker is replaced after this many pages (bounds memory growth). */
  recycleAfterPages: number;
  /** ...or once its WebAssembly heap (which never shrinks) passes this size. */
  recycleAboveBytes: number;
  /** Starts one worker speaking the protocol in ./protocol.ts. */
  spawn: () => OcrWorker;
}

/** A page the pool gave up on (the worker failed it, or crashed or hung on it twice). */
export class PageFailedError extends Error {
  override name = 'PageFailedError';
}

/** The worker died or hung: the page may succeed on a fresh worker. */
class WorkerLostError extends Error {}

interface Pending {
  resolve: (data: unknown) => void;
  reject: (err: Error) => void;
  timer?: ReturnType<typeof setTimeout>;
}

/** One worker thread and its in-flight calls. */
class Slot {
  busy = false;
  pages = 0;
  dead = false;
  private seq = 0;
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly worker: OcrWorker,
    readonly id: string,
  ) {
    worker.onmessage = (event: MessageEvent) => {
      const msg = event.data as { jobId: string; status: string; data: unknown };
      const p = this.pending.get(msg.jobId);
      if (!p || msg.status === 'progress') return;
      this.pending.delete(msg.jobId);
      clearTimeout(p.timer);
      if (msg.status === 'resolve') p.resolve(msg.data);
      else p.reject(new Error(String(msg.data)));
    };
    worker.addEventListener('error', (e) => {
      e.preventDefault?.();
      this.kill(`the OCR worker crashed: ${(e as ErrorEvent).message || 'unknown error'}`);
    });
    worker.addEventListener('close', () => this.kill('the OCR worker exited'));
  }

  call(action: string, payload: unknown, timeoutMs: number): Promise<unknown> {
    if (this.dead) return Promise.reject(new WorkerLostError('the OCR worker is gone'));
    const jobId = `${this.id}-${++this.seq}`;
    return new Promise((resolve, reject) => {
      const timer =
        timeoutMs > 0
          ? setTimeout(
              () => this.kill(`the page took longer than ${Math.round(timeoutMs / 1000)} s`),
              timeoutMs,
            )
          : undefined;
      this.pending.set(jobId, { resolve, reject, timer });
      this.worker.postMessage({ workerId: this.id, jobId, action, payload });
    });
  }

  /** Terminates the worker; calls in flight fail with {@link WorkerLostError}. */
  kill(reason: string): void {
    if (this.dead) return;
    this.dead = true;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new WorkerLostError(reason));
    }
    this.pending.clear();
    this.worker.terminate();
  }
}

interface Task {
  req: PageRequest;
  attempts: number;
  resolve: (reply: PageReply) => void;
  reject: (err: Error) => void;
}

/**
 * A pool of OCR workers: a FIFO queue of pages, at most `size` workers, each doing one page at a time.
 * Workers are recycled after a page count or heap size; a worker that crashes or hangs is replaced and
 * its page retried once; a page a worker rejects is failed at once (its worker is replaced too, since
 * tesseract may have aborted).
 */
export class OcrPool {
  private readonly queue: Task[] = [];
  private readonly slots: Slot[] = [];
  private spawned = 0;
  private pagesDone = 0;
  private restarts = 0;
  private closed = false;

  constructor(private readonly opts: PoolOptions) {}

  /** Recognizes one page; rejects with {@link PageFailedError} when the page cannot be read. */
  run(req: PageRequest, signal?: AbortSignal): Promise<PageReply> {
    if (this.closed) return Promise.reject(new Error('The OCR engine is closed'));
    return new Promise((resolve, reject) => {
      const task: Task = { req, attempts: 0, resolve, reject };
      if (signal) {
        if (signal.aborted) return reject(signal.reason);
        signal.addEventListener(
          'abort',
          () => {
            const i = this.queue.indexOf(task);
            if (i >= 0) this.queue.splice(i, 1);
            reject(signal.reason);
          },
          { once: true },
        );
      }
      this.queue.push(task);
      this.pump();
    });
  }

  /**
   * A read-only snapshot for /healthz and benchmarks: `workers` the configured size, `started` the worker
   * threads alive now, `spawned` every worker started so far (first starts, recycles and replacements),
   * `busy` workers on a page, `queued` pages waiting for one, `pages` pages done, `restarts` workers lost
   * to a crash or hang.
   */
  status() {
    return {
      workers: this.opts.size,
      started: this.slots.length,
      spawned: this.spawned,
      busy: this.slots.filter((s) => s.busy).length,
      queued: this.queue.length,
      pages: this.pagesDone,
      restarts: this.restarts,
    };
  }

  /** Fails queued pages and terminates every worker. */
  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.reject(new Error('The OCR engine is closed'));
    for (const s of this.slots.splice(0)) s.kill('the OCR engine closed');
  }

  private pump(): void {
    while (this.queue.length) {
      const slot = this.slots.find((s) => !s.busy) ?? this.spawn();
      if (!slot) return;
      this.attempt(slot, this.queue.shift() as Task);
    }
  }

  private spawn(): Slot | undefined {
    if (this.closed || this.slots.length >= this.opts.size) return undefined;
    const slot = new Slot(this.opts.spawn(), `ocr${++this.spawned}`);
    this.slots.push(slot);
    return slot;
  }

  private retire(slot: Slot, reason: string): void {
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    slot.kill(reason);
  }

  private async attempt(slot: Slot, task: Task): Promise<void> {
    slot.busy = true;
    task.attempts++;
    try {
      const reply = (await slot.call(PAGE_ACTION, task.req, this.opts.pageTimeoutMs)) as PageReply;
      this.pagesDone++;
      slot.pages++;
      if (slot.pages >= this.opts.recycleAfterPages || reply.heapBytes > this.opts.recycleAboveBytes)
        this.retire(slot, 'recycled');
      task.resolve(reply);
    } catch (err) {
      const lost = err instanceof WorkerLostError;
      this.retire(slot, 'replaced after a failure');
      if (lost) this.restarts++;
      if (lost && task.attempts < 2 && !this.closed) this.queue.unshift(task);
      else
        task.reject(
          new PageFailedError(
            lost ? `${(err as Error).message} (tried twice)` : `OCR failed: ${(err as Error).message}`,
          ),
        );
    } finally {
      slot.busy = false;
      this.pump();
    }
  }
}
