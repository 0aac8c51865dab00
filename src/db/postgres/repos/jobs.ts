import { and, asc, count, desc, eq, inArray, isNotNull, lt, lte, or, sql } from 'drizzle-orm';
import type { JobFilter } from '../../port/filters.ts';
import type { JobLease, JobRow, JobsRepository } from '../../port/index.ts';
import { jobVersions } from '../../util.ts';
import type { PgDb } from '../db.ts';
import { jobs } from '../schema.ts';

const running = (lease: JobLease) =>
  and(eq(jobs.id, lease.id), eq(jobs.status, 'running'), eq(jobs.attempts, lease.attempts));

/**
 * Durable jobs on PostgreSQL, shared by every process on the database. A claim locks the next
 * runnable row with `FOR UPDATE SKIP LOCKED` (concurrent claimers skip it instead of waiting) and
 * marks it running in the same statement.
 */
export class PgJobs implements JobsRepository {
  constructor(private readonly db: PgDb) {}

  async insert(row: JobRow) {
    await this.db.insert(jobs).values(row);
  }

  async get(id: string) {
    const [row] = await this.db.select().from(jobs).where(eq(jobs.id, id));
    return row;
  }

  async findQueued(kind: string, documentId: string) {
    const [row] = await this.db
      .select()
      .from(jobs)
      .where(and(eq(jobs.kind, kind), eq(jobs.documentId, documentId), eq(jobs.status, 'queued')))
      .limit(1);
    return row;
  }

  async claim(kinds: string[], now: number, leaseUntil: number) {
    if (!kinds.length) return undefined;
    const next = this.db.$with('next').as(
      this.db
        .select({ id: jobs.id })
        .from(jobs)
        .where(and(eq(jobs.status, 'queued'), lte(jobs.runAt, now), inArray(jobs.kind, kinds)))
        .orderBy(desc(jobs.priority), asc(jobs.runAt))
        .limit(1)
        .for('update', { skipLocked: true }),
    );
    const [row] = await this.db
      .with(next)
      .update(jobs)
      .set({
        status: 'running',
        attempts: sql`${jobs.attempts} + 1`,
        lockedUntil: leaseUntil,
        updatedAt: now,
      })
      .where(and(inArray(jobs.id, this.db.select({ id: next.id }).from(next)), eq(jobs.status, 'queued')))
      .returning();
    return row;
  }

  async heartbeat(lease: JobLease, leaseUntil: number, progress?: Record<string, unknown>) {
    const set: Partial<JobRow> = { lockedUntil: leaseUntil, updatedAt: Date.now() };
    if (progress) set.progress = progress;
    const done = await this.db.update(jobs).set(set).where(running(lease)).returning({ id: jobs.id });
    return done.length > 0;
  }

  async complete(lease: JobLease, result: unknown, now: number) {
    const done = await this.db
      .update(jobs)
      .set({
        status: 'done',
        result: result ?? null,
        lockedUntil: null,
        updatedAt: now,
        finishedAt: now,
        lastError: null,
      })
      .where(running(lease))
      .returning({ id: jobs.id });
    return done.length > 0;
  }

  async fail(lease: JobLease, error: string, retryAt: number | null, now: number) {
    const done = await this.db
      .update(jobs)
      .set(
        retryAt === null
          ? { status: 'dead', lastError: error, lockedUntil: null, updatedAt: now, finishedAt: now }
          : { status: 'queued', lastError: error, lockedUntil: null, runAt: retryAt, updatedAt: now },
      )
      .where(running(lease))
      .returning({ id: jobs.id });
    return done.length > 0;
  }

  async release(lease: JobLease, now: number) {
    const done = await this.db
      .update(jobs)
      .set({
        status: 'queued',
        lockedUntil: null,
        runAt: now,
        attempts: sql`greatest(${jobs.attempts} - 1, 0)`,
        updatedAt: now,
      })
      .where(running(lease))
      .returning({ id: jobs.id });
    return done.length > 0;
  }

  async requeueExpired(now: number) {
    const done = await this.db
      .update(jobs)
      .set({ status: 'queued', lockedUntil: null, runAt: now, updatedAt: now })
      .where(and(eq(jobs.status, 'running'), lt(jobs.lockedUntil, now)))
      .returning({ id: jobs.id });
    return done.length;
  }

  /** Other processes may be running jobs right now: only expired leases are taken back. */
  recoverOnStart(now: number) {
    return this.requeueExpired(now);
  }

  async cancelForDocument(documentId: string, now: number) {
    const done = await this.db
      .update(jobs)
      .set({ status: 'cancelled', updatedAt: now, finishedAt: now })
      .where(and(eq(jobs.documentId, documentId), eq(jobs.status, 'queued')))
      .returning({ id: jobs.id });
    return done.length;
  }

  async list(f: JobFilter, page: { offset: number; limit: number }) {
    const where = and(
      eq(jobs.projectId, f.projectId),
      f.statuses?.length ? inArray(jobs.status, f.statuses) : undefined,
      f.kinds?.length ? inArray(jobs.kind, f.kinds) : undefined,
      f.documentId ? eq(jobs.documentId, f.documentId) : undefined,
    );
    const [rows, counted] = await Promise.all([
      this.db
        .select()
        .from(jobs)
        .where(where)
        .orderBy(desc(jobs.updatedAt), desc(jobs.id))
        .limit(page.limit)
        .offset(page.offset),
      this.db.select({ n: count() }).from(jobs).where(where),
    ]);
    return { rows, total: counted[0]?.n ?? 0 };
  }

  async retry(id: string, now: number) {
    const [queued] = await this.db
      .update(jobs)
      .set({ status: 'queued', attempts: 0, runAt: now, lockedUntil: null, updatedAt: now, finishedAt: null })
      .where(and(eq(jobs.id, id), inArray(jobs.status, ['dead', 'cancelled'])))
      .returning();
    return queued;
  }

  listForDocument(documentId: string) {
    return this.db
      .select()
      .from(jobs)
      .where(eq(jobs.documentId, documentId))
      .orderBy(desc(jobs.createdAt), desc(jobs.id));
  }

  async documentsTouchedSince(kind: string, since: number) {
    const rows = await this.db
      .select({ documentId: jobs.documentId, id: jobs.id, status: jobs.status })
      .from(jobs)
      .where(
        and(
          eq(jobs.kind, kind),
          isNotNull(jobs.documentId),
          or(inArray(jobs.status, ['queued', 'running']), sql`${jobs.finishedAt} >= ${since}`),
        ),
      );
    return jobVersions(rows as { documentId: string; id: string; status: string }[]);
  }

  counts() {
    return this.db
      .select({ kind: jobs.kind, status: jobs.status, n: count() })
      .from(jobs)
      .groupBy(jobs.kind, jobs.status);
  }

  async nextRunAt(kinds: string[]) {
    if (!kinds.length) return undefined;
    const [row] = await this.db
      .select({ t: sql<number | null>`min(${jobs.runAt})`.mapWith(Number) })
      .from(jobs)
      .where(and(eq(jobs.status, 'queued'), inArray(jobs.kind, kinds)));
    return row?.t ?? undefined;
  }

  async prune(before: number) {
    const done = await this.db
      .delete(jobs)
      .where(and(inArray(jobs.status, ['done', 'cancelled']), lt(jobs.finishedAt, before)))
      .returning({ id: jobs.id });
    return done.length;
  }
}
