import { and, count, desc, eq, inArray, lt, sql } from 'drizzle-orm';
import type { Db } from '../open.ts';
import { changes, jobVersions } from '../util.ts';
import type { JobLease } from '../port/repositories.ts';
import { type JobRow, jobs } from '../schema.ts';

/** The running job a call acts on: by id, or by lease (id and claimed attempt) to fence off a lost lease. */
function running(job: string | JobLease) {
  if (typeof job === 'string') return and(eq(jobs.id, job), eq(jobs.status, 'running'));
  return and(eq(jobs.id, job.id), eq(jobs.status, 'running'), eq(jobs.attempts, job.attempts));
}

/** Durable job rows. Claiming is a single atomic UPDATE ... RETURNING. */
export class JobsRepo {
  constructor(private readonly db: Db) {}

  insert(row: JobRow): void {
    this.db.insert(jobs).values(row).run();
  }

  get(id: string): JobRow | undefined {
    return this.db.select().from(jobs).where(eq(jobs.id, id)).get();
  }

  /** A queued job of this kind for this document, if one is waiting already. */
  findQueued(kind: string, documentId: string): JobRow | undefined {
    return this.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, kind), eq(jobs.documentId, documentId), eq(jobs.status, 'queued')))
      .get();
  }

  /** Takes the next runnable job of the given kinds, marks it running and leases it until `leaseUntil`. */
  claim(kinds: string[], now: number, leaseUntil: number): JobRow | undefined {
    if (!kinds.length) return undefined;
    const next = sql`(SELECT ${jobs.id} FROM ${jobs} WHERE ${jobs.status} = 'queued' AND ${jobs.runAt} <= ${now} AND ${inArray(jobs.kind, kinds)} ORDER BY ${jobs.priority} DESC, ${jobs.runAt} LIMIT 1)`;
    return this.db
      .update(jobs)
      .set({
        status: 'running',
        attempts: sql`${jobs.attempts} + 1`,
        lockedUntil: leaseUntil,
        updatedAt: now,
      })
      .where(and(eq(jobs.id, next), eq(jobs.status, 'queued')))
      .returning()
      .get();
  }

  /** Extends the lease of a running job; false when the job is no longer ours (re-queued, finished). */
  heartbeat(job: string | JobLease, leaseUntil: number, progress?: Record<string, unknown>): boolean {
    const set: Partial<JobRow> = { lockedUntil: leaseUntil, updatedAt: Date.now() };
    if (progress) set.progress = progress;
    return changes(this.db.update(jobs).set(set).where(running(job)).run()) > 0;
  }

  /** Marks the attempt done; false when the job is no longer ours. */
  complete(job: string | JobLease, result: unknown, now: number): boolean {
    return (
      changes(
        this.db
          .update(jobs)
          .set({
            status: 'done',
            result: result ?? null,
            lockedUntil: null,
            updatedAt: now,
            finishedAt: now,
            lastError: null,
          })
          .where(running(job))
          .run(),
      ) > 0
    );
  }

  /** Records a failed attempt: back to queued at `retryAt`, or dead when `retryAt` is null. */
  fail(job: string | JobLease, error: string, retryAt: number | null, now: number): boolean {
    return (
      changes(
        this.db
          .update(jobs)
          .set(
            retryAt === null
              ? { status: 'dead', lastError: error, lockedUntil: null, updatedAt: now, finishedAt: now }
              : { status: 'queued', lastError: error, lockedUntil: null, runAt: retryAt, updatedAt: now },
          )
          .where(running(job))
          .run(),
      ) > 0
    );
  }

  /**
   * Puts running jobs back in the queue. At process start (`onlyExpired` false) every running job was
   * interrupted by the crash, not by its own failure, so the attempt is not counted; a job whose lease
   * merely expired (hung worker) keeps its attempt.
   */
  requeueRunning(now: number, onlyExpired: boolean): number {
    return changes(
      this.db
        .update(jobs)
        .set({
          status: 'queued',
          lockedUntil: null,
          runAt: now,
          updatedAt: now,
          ...(onlyExpired ? {} : { attempts: sql`max(${jobs.attempts} - 1, 0)` }),
        })
        .where(and(eq(jobs.status, 'running'), onlyExpired ? lt(jobs.lockedUntil, now) : undefined))
        .run(),
    );
  }

  /** Gives back a running job without counting the attempt (graceful shutdown). */
  release(job: string | JobLease, now: number): boolean {
    return (
      changes(
        this.db
          .update(jobs)
          .set({
            status: 'queued',
            lockedUntil: null,
            runAt: now,
            attempts: sql`max(${jobs.attempts} - 1, 0)`,
            updatedAt: now,
          })
          .where(running(job))
          .run(),
      ) > 0
    );
  }

  /** Cancels queued jobs of a document (e.g. when it is purged). */
  cancelForDocument(documentId: string, now: number): number {
    return changes(
      this.db
        .update(jobs)
        .set({ status: 'cancelled', updatedAt: now, finishedAt: now })
        .where(and(eq(jobs.documentId, documentId), eq(jobs.status, 'queued')))
        .run(),
    );
  }

  /** Jobs of a project, newest first, filtered by status, kind and document. */
  list(
    f: { projectId: string; statuses?: string[]; kinds?: string[]; documentId?: string },
    page: { offset: number; limit: number },
  ): { rows: JobRow[]; total: number } {
    const where = and(
      eq(jobs.projectId, f.projectId),
      f.statuses?.length ? inArray(jobs.status, f.statuses) : undefined,
      f.kinds?.length ? inArray(jobs.kind, f.kinds) : undefined,
      f.documentId ? eq(jobs.documentId, f.documentId) : undefined,
    );
    const rows = this.db
      .select()
      .from(jobs)
      .where(where)
      .orderBy(desc(jobs.updatedAt), desc(jobs.id))
      .limit(page.limit)
      .offset(page.offset)
      .all();
    const total = this.db.select({ n: count() }).from(jobs).where(where).get()?.n ?? 0;
    return { rows, total };
  }

  /** Queues a dead or cancelled job again with fresh attempts: the queued row, or none in another state. */
  retry(id: string, now: number): JobRow | undefined {
    return this.db
      .update(jobs)
      .set({ status: 'queued', attempts: 0, runAt: now, lockedUntil: null, updatedAt: now, finishedAt: null })
      .where(and(eq(jobs.id, id), inArray(jobs.status, ['dead', 'cancelled'])))
      .returning()
      .get();
  }

  listForDocument(documentId: string): JobRow[] {
    return this.db
      .select()
      .from(jobs)
      .where(eq(jobs.documentId, documentId))
      .orderBy(desc(jobs.createdAt), desc(jobs.id))
      .all();
  }

  /** Documents with a `kind` job that is pending or finished at or after `since`, with a version of those jobs. */
  documentsTouchedSince(kind: string, since: number): Map<string, string> {
    return jobVersions(
      this.db.$client
        .query<{ documentId: string; id: string; status: string }, [string, number]>(
          `SELECT document_id AS documentId, id, status FROM jobs WHERE kind = ? AND document_id IS NOT NULL
           AND (status IN ('queued', 'running') OR finished_at >= ?)`,
        )
        .all(kind, since),
    );
  }

  /** Job counts by status and kind, for health and metrics. */
  counts(): { kind: string; status: string; n: number }[] {
    return this.db
      .select({ kind: jobs.kind, status: jobs.status, n: count() })
      .from(jobs)
      .groupBy(jobs.kind, jobs.status)
      .all();
  }

  /** Earliest run_at of a queued job of these kinds, to know how long the runner may sleep. */
  nextRunAt(kinds: string[]): number | undefined {
    if (!kinds.length) return undefined;
    return (
      this.db
        .select({ t: sql<number>`min(${jobs.runAt})` })
        .from(jobs)
        .where(and(eq(jobs.status, 'queued'), inArray(jobs.kind, kinds)))
        .get()?.t ?? undefined
    );
  }

  /** Deletes finished jobs older than `before` (keeps dead ones for inspection). */
  prune(before: number): number {
    return changes(
      this.db
        .delete(jobs)
        .where(and(inArray(jobs.status, ['done', 'cancelled']), lt(jobs.finishedAt, before)))
        .run(),
    );
  }
}
