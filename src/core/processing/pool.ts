import { AppError } from '../../errors.ts';
import { spawnWorker } from '../workers.ts';
import type { TaskReply, TaskRequest } from './protocol.ts';
import type { TaskArgs, TaskName, TaskResult } from './tasks.ts';

/** Runs the processing tasks of ./tasks.ts: in worker threads (the server) or in the calling thread. */
export interface Processing {
  run<K extends TaskName>(task: K, args: TaskArgs<K>, signal?: AbortSignal): Promise<TaskResult<K>>;
  /** Workers configured, started and busy, and tasks waiting (for /healthz). */
  status(): { workers: number; started: number; busy: number; queued: number };
  close(): Promise<void>;
}

/** Processing in the calling thread (command-line tools, tests). Loads the task code on first use. */
export const processHere: Processing = {
  async run(task, args) {
    return (await import('./tasks.ts')).runTaskHere(task, args);
  },
  status: () => ({ workers: 0, started: 0, busy: 0, queued: 0 }),
  async close() {},
};

/** Starts a processing worker: the embedded entry inside the binary, the source file otherwise. */
export function spawnProcessingWorker(): Worker {
  return spawnWorker('core/processing/worker', new URL('./worker.ts', import.meta.url));
}

export interface ProcessingPoolOptions {
  /** Most workers running at once (each does one task at a time). Workers start on first use. */
  size: number;
  /** A worker idle this long is stopped, returning its memory; the next task starts a fresh one. */
  idleMs?: number;
  spawn?: () => Worker;
}

interface Queued {
  request: TaskRequest;
  resolve: (result: unknown) => void;
  reject: (err: unknown) => void;
  signal?: AbortSignal;
}

/** One worker thread and the task it is running. */
class Slot {
  current: Queued | undefined;
  idleTimer: ReturnType<typeof setTimeout> | undefined;
  dead = false;

  constructor(
    private readonly worker: Worker,
    private readonly onDone: (slot: Slot) => void,
    private readonly onDeath: (slot: Slot) => void,
  ) {
    worker.onmessage = (event: MessageEvent<TaskReply>) => {
      const reply = event.data;
      const task = this.current;
      if (!task || reply.id !== task.request.id) return;
      this.current = undefined;
      if (reply.ok) task.resolve(reply.result);
      else {
        const { message, code, details } = reply.error;
        task.reject(code ? new AppError(code, message, { details }) : new Error(message));
      }
      this.onDone(this);
    };
    worker.addEventListener('error', (e) => {
      e.preventDefault?.();
      this.kill(new Error(`the processing worker crashed: ${(e as ErrorEvent).message || 'unknown error'}`));
    });
    worker.addEventListener('close', () => this.kill(new Error('the processing worker exited')));
  }

  start(task: Queued): void {
    clearTimeout(this.idleTimer);
    this.current = task;
    this.worker.postMessage(task.request);
  }

  /** Terminates the worker; its task (if any) fails with `reason`. */
  kill(reason: unknown): void {
    if (this.dead) return;
    this.dead = true;
    clearTimeout(this.idleTimer);
    const task = this.current;
    this.current = undefined;
    this.worker.terminate();
    task?.reject(reason);
    this.onDeath(this);
  }
}

/**
 * A small pool of processing workers with a FIFO queue. A task runs on the first free worker; a worker
 * that crashes fails its task (the job retries it) and is replaced on demand; an aborted task's worker
 * is terminated (the task may be stuck in a long parse); idle workers stop after `idleMs`.
 */
export class ProcessingPool implements Processing {
  private readonly queue: Queued[] = [];
  private readonly slots: Slot[] = [];
  private seq = 0;
  private closed = false;

  constructor(private readonly opts: ProcessingPoolOptions) {}

  run<K extends TaskName>(task: K, args: TaskArgs<K>, signal?: AbortSignal): Promise<TaskResult<K>> {
    if (this.closed) return Promise.reject(new Error('The processing pool is closed'));
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const queued: Queued = {
        request: { id: ++this.seq, task, args },
        resolve: resolve as (r: unknown) => void,
        reject,
        signal,
      };
      signal?.addEventListener(
        'abort',
        () => {
          const i = this.queue.indexOf(queued);
          if (i >= 0) {
            this.queue.splice(i, 1);
            reject(signal.reason);
          } else this.slots.find((s) => s.current === queued)?.kill(signal.reason);
        },
        { once: true },
      );
      this.queue.push(queued);
      this.pump();
    });
  }

  status() {
    return {
      workers: this.opts.size,
      started: this.slots.length,
      busy: this.slots.filter((s) => s.current).length,
      queued: this.queue.length,
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.queue.splice(0)) t.reject(new Error('The processing pool is closed'));
    for (const s of [...this.slots]) s.kill(new Error('The processing pool is closed'));
  }

  private pump(): void {
    while (this.queue.length) {
      const slot = this.slots.find((s) => !s.current) ?? this.spawn();
      if (!slot) return;
      slot.start(this.queue.shift() as Queued);
    }
  }

  private spawn(): Slot | undefined {
    if (this.closed || this.slots.length >= this.opts.size) return undefined;
    const slot = new Slot(
      (this.opts.spawn ?? spawnProcessingWorker)(),
      (s) => this.idle(s),
      (s) => {
        const i = this.slots.indexOf(s);
        if (i >= 0) this.slots.splice(i, 1);
        this.pump();
      },
    );
    this.slots.push(slot);
    return slot;
  }

  private idle(slot: Slot): void {
    this.pump();
    if (slot.current || slot.dead) return;
    const idleMs = this.opts.idleMs ?? 60_000;
    slot.idleTimer = setTimeout(() => {
      if (!slot.current) slot.kill(new Error('idle'));
    }, idleMs);
    slot.idleTimer.unref?.();
  }
}
