import type { JobFilter, JobLease, JobRow, JobsRepository, Storage } from '../db/port/index.ts';
import { AppError } from '../errors.ts';
import { newId } from './ids.ts';

/** Thrown by a handler for a failure that retrying cannot fix: the job goes straight to dead. */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentJobError';
  }
}

/** What a handler gets besides its job row. */
export interface JobContext {
  /** Reports progress (stored on the job row) and extends the lease. */
  progress(progress: Record<string, unknown>): void;
  /** Aborted when the runner stops and gives the job back to the queue. */
  signal: AbortSignal;
  /**
   * Marks this attempt done now, in the caller's transaction when there is one, so the job's effects
   * and its completion commit together: a process that dies after the commit leaves nothing to run
   * again. Throws {@link LostLeaseError} (rolling that transaction back) when the lease was lost, so an
   * attempt another node took over commits nothing. The runner then records no outcome of its own.
   */
  complete(result?: unknown): Promise<void>;
}

/** The attempt's lease expired and another claim took the job over: its outcome must not be recorded. */
export class LostLeaseError extends Error {
  constructor(job: string) {
    super(`job ${job} lost its lease`);
    this.name = 'LostLeaseError';
  }
}

export type JobHandler = (job: JobRow, ctx: JobContext) => Promise<unknown>;

export interface JobKindOptions {
  /** Jobs of this kind that may run at once. */
  concurrency: number;
  maxAttempts?: number;
  /** Delay before attempt `attempt + 1`; default exponential from the configured base. */
  backoffMs?: (attempt: number) => number;
  /** Called once when a job of this kind is declared dead (after its last attempt). */
  onDead?: (job: JobRow, error: string) => Promise<void> | void;
}

export interface EnqueueOptions {
  projectId?: string | null;
  documentId?: string | null;
  payload?: Record<string, unknown>;
  priority?: number;
  delayMs?: number;
  maxAttempts?: number;
  /** Skip when a queued job of the same kind already waits for this document. */
  dedupe?: boolean;
}

/**
 * Enqueues durable jobs. Inside a transaction the job is part of it, and the runner is woken only once
 * it committed (never by a job that was rolled back).
 */
export class JobQueue {
  private wake: (kind: string) => void = () => {};
  private readonly repo: JobsRepository;

  constructor(
    private readonly storage: Storage,
    private readonly defaults: { maxAttempts: number },
    private readonly now: () => number = Date.now,
  ) {
    this.repo = storage.jobs;
  }

  /** Lets the runner learn about new work without polling. */
  onEnqueue(wake: (kind: string) => void): void {
    this.wake = wake;
  }

  enqueue(kind: string, opts: EnqueueOptions = {}): Promise<JobRow> {
    return this.storage.transaction(async (tx) => {
      if (opts.dedupe && opts.documentId) {
        const existing = await this.repo.findQueued(kind, opts.documentId);
        if (existing) return existing;
      }
      const row = this.row(kind, opts);
      await this.repo.insert(row);
      tx.afterCommit(() => this.wake(kind));
      return row;
    });
  }

  private row(kind: string, opts: EnqueueOptions): JobRow {
    const now = this.now();
    return {
      id: newId(now),
      kind,
      projectId: opts.projectId ?? null,
      documentId: opts.documentId ?? null,
      payload: opts.payload ?? {},
      status: 'queued',
      priority: opts.priority ?? 0,
      attempts: 0,
      maxAttempts: opts.maxAttempts ?? this.defaults.maxAttempts,
      runAt: now + (opts.delayMs ?? 0),
      lockedUntil: null,
      progress: null,
      lastError: null,
      result: null,
      createdAt: now,
      updatedAt: now,
      finishedAt: null,
    };
  }

  get(id: string): Promise<JobRow | undefined> {
    return this.repo.get(id);
  }

  listForDocument(documentId: string): Promise<JobRow[]> {
    return this.repo.listForDocument(documentId);
  }

  /** Jobs of a project, newest first. */
  async list(
    filter: JobFilter,
    page: { offset: number; limit: number },
  ): Promise<{ items: JobRow[]; total: number }> {
    const { rows, total } = await this.repo.list(filter, page);
    return { items: rows, total };
  }

  /**
   * Runs a dead (or cancelled) job of the project again with fresh attempts. `not_found` for another
   * project's job, `conflict` when the job is not dead.
   */
  async retry(projectId: string, id: string): Promise<JobRow> {
    const job = await this.repo.get(id);
    if (!job || job.projectId !== projectId) throw new AppError('not_found', 'Job not found');
    const queued = await this.repo.retry(id, this.now());
    if (!queued)
      throw new AppError('conflict', `Only a failed job can be retried; this one is ${job.status}`, {
        details: { status: job.status },
      });
    this.wake(job.kind);
    return queued;
  }
}

interface Kind {
  handler: JobHandler;
  options: JobKindOptions;
  /** Jobs of this kind running here, by id: the lease this runner holds and the job's abort switch. */
  running: Map<string, { lease: JobLease; ctl: AbortController }>;
}

/**
 * Runs queued jobs in this process, on the storage port: per-kind concurrency, leases kept alive by
 * heartbeats, retries with exponential backoff, dead after the last attempt with the error kept. Every
 * call on a claimed job carries its lease (id and attempt): once the lease was lost (expired and taken
 * over), this runner can no longer finish, fail or extend that attempt. Jobs left running by a crashed
 * process are queued again by {@link start}.
 */
export class JobRunner {
  private readonly kinds = new Map<string, Kind>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private active = false;
  /** The tick in progress: claims are awaited, so {@link stop} waits for it before counting jobs. */
  private ticking: Promise<void> | undefined;
  /** Work arrived during a tick: tick again at once after it. */
  private wakeAgain = false;
  private readonly inflight = new Set<Promise<void>>();
  /** Claims sent and not yet running here: the row is no longer queued, the job not yet in flight. */
  private claiming = 0;
  /** Work started outside any job that may queue jobs (see {@link track}). */
  private readonly background = new Set<Promise<unknown>>();

  constructor(
    private readonly repo: JobsRepository,
    queue: JobQueue,
    private readonly cfg: { leaseMs: number; pollMs: number; backoffMs: number; maxAttempts: number },
    private readonly log: (msg: string) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {
    queue.onEnqueue(() => this.schedule(0));
  }

  register(kind: string, handler: JobHandler, options: JobKindOptions): void {
    this.kinds.set(kind, { handler, options, running: new Map() });
  }

  /** Starts claiming jobs; jobs that were running when the previous process died are queued again. */
  async start(): Promise<void> {
    if (this.active) return;
    const recovered = await this.repo.recoverOnStart(this.now());
    if (recovered) this.log(`jobs: re-queued ${recovered} job(s) interrupted by the previous shutdown`);
    this.active = true;
    this.heartbeatTimer = setInterval(
      () => this.heartbeatAll(),
      Math.max(50, Math.floor(this.cfg.leaseMs / 3)),
    );
    this.schedule(0);
  }

  get running(): boolean {
    return this.active;
  }

  /** Per-kind count of jobs running in this process. */
  busy(): Record<string, number> {
    return Object.fromEntries([...this.kinds].map(([k, v]) => [k, v.running.size]));
  }

  /**
   * Stops claiming, waits up to `graceMs` for running jobs to finish, then aborts the rest and puts them
   * back in the queue without counting the attempt.
   */
  async stop(graceMs = 10_000): Promise<void> {
    this.active = false;
    clearTimeout(this.timer);
    clearInterval(this.heartbeatTimer);
    await this.ticking;
    const all = Promise.allSettled([...this.inflight]);
    const timedOut = await Promise.race([all.then(() => false), Bun.sleep(graceMs).then(() => true)]);
    if (timedOut) {
      for (const kind of this.kinds.values())
        for (const { lease, ctl } of kind.running.values()) {
          await this.repo.release(lease, this.now());
          ctl.abort(new Error('shutting down'));
        }
      await Promise.race([all, Bun.sleep(1000)]);
    }
  }

  /**
   * Counts work started outside any job (a dialect's event handler) as in progress until it settles:
   * it may queue jobs when it ends, so {@link drain} waits for it.
   */
  track(work: Promise<unknown>): void {
    this.background.add(work);
    work.finally(() => this.background.delete(work)).catch(() => {});
  }

  /**
   * Waits until no job is queued or running, retries included, and no {@link track}ed work is in
   * progress (tests and one-shot CLI use).
   */
  async drain(timeoutMs = 60_000): Promise<void> {
    const deadline = this.now() + timeoutMs;
    const kinds = [...this.kinds.keys()];
    // Busy is checked after the query too: on PostgreSQL a claim can commit before the query and come
    // back after it, so the query sees no queued job while the claimed one is not in flight yet.
    const busy = () => this.inflight.size > 0 || this.claiming > 0 || this.background.size > 0;
    const idle = async () => !busy() && (await this.repo.nextRunAt(kinds)) === undefined && !busy();
    for (;;) {
      this.schedule(0);
      await Bun.sleep(5);
      if (await idle()) {
        await Bun.sleep(10);
        if (await idle()) return;
      }
      if (this.now() > deadline) throw new Error('drain timed out');
    }
  }

  private schedule(delay: number): void {
    if (!this.active) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (!this.active) return;
      if (this.ticking) {
        this.wakeAgain = true;
        return;
      }
      this.ticking = this.tick().finally(() => {
        this.ticking = undefined;
      });
    }, delay);
  }

  private async tick(): Promise<void> {
    let wait = this.cfg.pollMs;
    try {
      const now = this.now();
      const expired = await this.repo.requeueExpired(now);
      if (expired) this.log(`jobs: re-queued ${expired} job(s) whose lease expired`);
      for (const [name, kind] of this.kinds) {
        while (this.active && kind.running.size < kind.options.concurrency) {
          this.claiming++;
          try {
            const job = await this.repo.claim([name], now, now + this.cfg.leaseMs);
            if (!job) break;
            if (!this.active) {
              await this.repo.release({ id: job.id, attempts: job.attempts }, this.now());
              break;
            }
            this.run(kind, job);
          } finally {
            this.claiming--;
          }
        }
      }
      // Only kinds with a free slot can start a job before one finishes (and a finish ticks again), so a
      // backlog of due jobs behind full slots must not make the runner poll.
      const open = [...this.kinds].filter(([, k]) => k.running.size < k.options.concurrency);
      const next = open.length ? await this.repo.nextRunAt(open.map(([name]) => name)) : undefined;
      if (next !== undefined) wait = Math.min(wait, Math.max(0, next - this.now()));
    } catch (err) {
      this.log(`jobs: claim failed: ${(err as Error).message}`);
    }
    this.schedule(this.wakeAgain ? 0 : Math.max(wait, 5));
    this.wakeAgain = false;
  }

  private run(kind: Kind, job: JobRow): void {
    const ctl = new AbortController();
    const lease: JobLease = { id: job.id, attempts: job.attempts };
    kind.running.set(job.id, { lease, ctl });
    let completed = false;
    const ctx: JobContext = {
      signal: ctl.signal,
      complete: async (result) => {
        if (!(await this.repo.complete(lease, result ?? null, this.now()))) throw new LostLeaseError(job.id);
        completed = true;
      },
      progress: (progress) => {
        this.repo
          .heartbeat(lease, this.now() + this.cfg.leaseMs, progress)
          .catch((err) => this.log(`jobs: heartbeat of ${job.id} failed: ${(err as Error).message}`));
      },
    };
    const p = (async () => {
      try {
        const result = await kind.handler(job, ctx);
        if (
          !completed &&
          !ctl.signal.aborted &&
          !(await this.repo.complete(lease, result ?? null, this.now()))
        )
          this.lost(job);
      } catch (err) {
        if (ctl.signal.aborted) return;
        if (err instanceof LostLeaseError) return this.lost(job);
        await this.failed(kind, job, lease, err).catch((e) =>
          this.log(`jobs: recording the failure of ${job.id} failed: ${(e as Error).message}`),
        );
      } finally {
        kind.running.delete(job.id);
      }
    })();
    this.inflight.add(p);
    p.finally(() => {
      this.inflight.delete(p);
      this.schedule(0);
    });
  }

  private lost(job: JobRow): void {
    this.log(
      `jobs: ${job.kind} ${job.id} attempt ${job.attempts} lost its lease; its outcome was not recorded`,
    );
  }

  private async failed(kind: Kind, job: JobRow, lease: JobLease, err: unknown): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    const max = job.maxAttempts ?? kind.options.maxAttempts ?? this.cfg.maxAttempts;
    const permanent = err instanceof PermanentJobError;
    const now = this.now();
    if (permanent || job.attempts >= max) {
      if (!(await this.repo.fail(lease, message, null, now))) return this.lost(job);
      this.log(`jobs: ${job.kind} ${job.id} dead after ${job.attempts} attempt(s): ${message}`);
      try {
        await kind.options.onDead?.(job, message);
      } catch (e) {
        this.log(`jobs: onDead for ${job.id} failed: ${(e as Error).message}`);
      }
      return;
    }
    const delay = kind.options.backoffMs?.(job.attempts) ?? this.backoff(job.attempts);
    if (!(await this.repo.fail(lease, message, now + delay, now))) return this.lost(job);
    this.log(`jobs: ${job.kind} ${job.id} attempt ${job.attempts} failed, retry in ${delay} ms: ${message}`);
  }

  private backoff(attempt: number): number {
    const base = this.cfg.backoffMs * 2 ** Math.max(0, attempt - 1);
    return Math.round(Math.min(base, 600_000) * (0.8 + Math.random() * 0.4));
  }

  private heartbeatAll(): void {
    const until = this.now() + this.cfg.leaseMs;
    for (const kind of this.kinds.values())
      for (const { lease } of kind.running.values())
        this.repo
          .heartbeat(lease, until)
          .catch((err) => this.log(`jobs: heartbeat of ${lease.id} failed: ${(err as Error).message}`));
  }
}
