/** The job-queue contract: claim order, leases, fencing, expiry and concurrent claimers across storages. */
import { beforeAll, describe, expect, test } from 'bun:test';
import type { JobRow, Storage } from '../../../src/db/port/index.ts';
import { type DriverFactory, useDatabase } from './harness.ts';
import { jobRow, nextId, T0 } from './rows.ts';

export function jobQueueContract(factory: DriverFactory): void {
  describe(`${factory.name}: jobs`, () => {
    const db = useDatabase(factory);
    let s: Storage;
    beforeAll(() => {
      s = db().storage;
    });

    test('a claim takes the highest priority, then the earliest, of the asked kinds, when due', async () => {
      const kind = `k-${nextId()}`;
      const low = jobRow(kind, { priority: 0, runAt: T0 });
      const highLate = jobRow(kind, { priority: 5, runAt: T0 + 20 });
      const highEarly = jobRow(kind, { priority: 5, runAt: T0 + 10 });
      const future = jobRow(kind, { priority: 9, runAt: T0 + 1_000 });
      const otherKind = jobRow(`other-${kind}`, { priority: 9 });
      for (const j of [low, highLate, highEarly, future, otherKind]) await s.jobs.insert(j);
      expect(await s.jobs.claim([], T0 + 100, T0 + 200)).toBeUndefined();
      const order: string[] = [];
      for (let job = await s.jobs.claim([kind], T0 + 100, T0 + 200); job; ) {
        order.push(job.id);
        expect(job).toMatchObject({
          status: 'running',
          attempts: 1,
          lockedUntil: T0 + 200,
          updatedAt: T0 + 100,
        });
        job = await s.jobs.claim([kind], T0 + 100, T0 + 200);
      }
      expect(order).toEqual([highEarly.id, highLate.id, low.id]);
      expect((await s.jobs.claim([kind], T0 + 1_000, T0 + 2_000))?.id).toBe(future.id);
      expect(await s.jobs.nextRunAt([`other-${kind}`])).toBe(T0);
      expect(await s.jobs.nextRunAt([kind])).toBeUndefined();
    });

    test('a lease: heartbeat keeps it and stores progress, complete ends it once, with the result', async () => {
      const kind = `k-${nextId()}`;
      await s.jobs.insert(jobRow(kind, { payload: { documentId: 'd1', pages: [1, 2] } }));
      const job = (await s.jobs.claim([kind], T0, T0 + 100)) as JobRow;
      expect(job.payload).toEqual({ documentId: 'd1', pages: [1, 2] });
      expect(await s.jobs.heartbeat(job, T0 + 500, { page: 1, of: 2 })).toBe(true);
      expect(await s.jobs.get(job.id)).toMatchObject({ lockedUntil: T0 + 500, progress: { page: 1, of: 2 } });
      expect(await s.jobs.complete(job, { pages: 2, text: 'ไทย' }, T0 + 600)).toBe(true);
      expect(await s.jobs.get(job.id)).toMatchObject({
        status: 'done',
        result: { pages: 2, text: 'ไทย' },
        lockedUntil: null,
        finishedAt: T0 + 600,
      });
      expect(await s.jobs.complete(job, null, T0 + 700)).toBe(false);
      expect(await s.jobs.heartbeat(job, T0 + 800)).toBe(false);
    });

    test('fail retries later or kills; release gives the attempt back; retry revives dead jobs', async () => {
      const kind = `k-${nextId()}`;
      await s.jobs.insert(jobRow(kind));
      let job = (await s.jobs.claim([kind], T0, T0 + 100)) as JobRow;
      expect(await s.jobs.fail(job, 'tesseract crashed', T0 + 50, T0 + 10)).toBe(true);
      expect(await s.jobs.get(job.id)).toMatchObject({
        status: 'queued',
        attempts: 1,
        runAt: T0 + 50,
        lastError: 'tesseract crashed',
      });
      expect(await s.jobs.claim([kind], T0 + 49, T0 + 100)).toBeUndefined();
      job = (await s.jobs.claim([kind], T0 + 50, T0 + 150)) as JobRow;
      expect(job.attempts).toBe(2);
      expect(await s.jobs.release(job, T0 + 60)).toBe(true);
      expect(await s.jobs.get(job.id)).toMatchObject({ status: 'queued', attempts: 1, lockedUntil: null });
      job = (await s.jobs.claim([kind], T0 + 60, T0 + 160)) as JobRow;
      expect(await s.jobs.fail(job, 'bad file', null, T0 + 70)).toBe(true);
      expect(await s.jobs.get(job.id)).toMatchObject({
        status: 'dead',
        finishedAt: T0 + 70,
        lastError: 'bad file',
      });
      const queued = { status: 'queued', attempts: 0, runAt: T0 + 80, finishedAt: null };
      expect(await s.jobs.retry(job.id, T0 + 80)).toMatchObject(queued);
      expect(await s.jobs.get(job.id)).toMatchObject(queued);
      expect(await s.jobs.retry(job.id, T0 + 90)).toBeUndefined();
    });

    test('an expired lease is given back with its attempt counted; the old holder is fenced off', async () => {
      const kind = `k-${nextId()}`;
      await s.jobs.insert(jobRow(kind));
      const first = (await s.jobs.claim([kind], T0, T0 + 100)) as JobRow;
      expect(await s.jobs.requeueExpired(T0 + 100)).toBe(0);
      expect(await s.jobs.requeueExpired(T0 + 101)).toBe(1);
      const second = (await s.jobs.claim([kind], T0 + 101, T0 + 300)) as JobRow;
      expect(second.id).toBe(first.id);
      expect(second.attempts).toBe(2);
      expect(await s.jobs.heartbeat(first, T0 + 400)).toBe(false);
      expect(await s.jobs.complete(first, 'late', T0 + 150)).toBe(false);
      expect(await s.jobs.fail(first, 'late', null, T0 + 150)).toBe(false);
      expect(await s.jobs.release(first, T0 + 150)).toBe(false);
      expect(await s.jobs.complete(second, 'ok', T0 + 200)).toBe(true);
      expect(await s.jobs.get(first.id)).toMatchObject({ status: 'done', result: 'ok', attempts: 2 });
    });

    test('several claimers on two connections at once: every job is claimed exactly once', async () => {
      const kind = `k-${nextId()}`;
      const ids = new Set<string>();
      for (let i = 0; i < 60; i++) {
        const job = jobRow(kind, { priority: i % 3 });
        ids.add(job.id);
        await s.jobs.insert(job);
      }
      const other = await db().openAgain();
      const claimed: string[] = [];
      const claimer = async (storage: Storage) => {
        for (;;) {
          const job = await storage.jobs.claim([kind], T0, T0 + 1_000);
          if (!job) return;
          claimed.push(job.id);
          expect(await storage.jobs.complete(job, null, T0 + 1)).toBe(true);
        }
      };
      await Promise.all([claimer(s), claimer(other), claimer(s), claimer(other), claimer(other)]);
      expect(claimed.length).toBe(60);
      expect(new Set(claimed)).toEqual(ids);
      const counts = (await s.jobs.counts()).filter((c) => c.kind === kind);
      expect(counts).toEqual([{ kind, status: 'done', n: 60 }]);
    });

    test('a dead holder: its expired jobs are re-claimed exactly once by two concurrent claimers', async () => {
      const kind = `k-${nextId()}`;
      for (let i = 0; i < 30; i++) await s.jobs.insert(jobRow(kind));
      const dead: JobRow[] = [];
      for (
        let job = await s.jobs.claim([kind], T0, T0 + 100);
        job;
        job = await s.jobs.claim([kind], T0, T0 + 100)
      )
        dead.push(job);
      expect(dead.length).toBe(30);
      const [b, c] = [await db().openAgain(), await db().openAgain()];
      const later = T0 + 1_000;
      const finished: string[] = [];
      const claimer = async (storage: Storage) => {
        for (;;) {
          await storage.jobs.requeueExpired(later);
          const job = await storage.jobs.claim([kind], later, later + 60_000);
          if (!job) return;
          expect(job.attempts).toBe(2);
          if (await storage.jobs.complete(job, 'second attempt', later)) finished.push(job.id);
        }
      };
      await Promise.all([claimer(b), claimer(c)]);
      expect(finished.sort()).toEqual(dead.map((j) => j.id).sort());
      for (const stale of dead) expect(await s.jobs.complete(stale, 'first attempt', later)).toBe(false);
      for (const stale of dead) expect((await s.jobs.get(stale.id))?.result).toBe('second attempt');
    });

    test('lookups: queued job of a document, jobs of a document, project lists, cancel, touched, prune', async () => {
      const kind = `k-${nextId()}`;
      const projectId = nextId();
      const documentId = nextId();
      const a = jobRow(kind, { projectId, documentId, createdAt: T0 + 1, updatedAt: T0 + 1 });
      const b = jobRow(`${kind}-index`, { projectId, documentId, createdAt: T0 + 2, updatedAt: T0 + 5 });
      const c = jobRow(kind, { projectId, createdAt: T0 + 3, updatedAt: T0 + 3 });
      for (const j of [a, b, c]) await s.jobs.insert(j);
      expect((await s.jobs.findQueued(kind, documentId))?.id).toBe(a.id);
      expect(await s.jobs.findQueued(kind, nextId())).toBeUndefined();
      expect((await s.jobs.listForDocument(documentId)).map((j) => j.id)).toEqual([b.id, a.id]);
      const listed = await s.jobs.list({ projectId }, { offset: 0, limit: 2 });
      expect(listed.total).toBe(3);
      expect(listed.rows.map((j) => j.id)).toEqual([b.id, c.id]);
      expect(
        (await s.jobs.list({ projectId, kinds: [kind], documentId }, { offset: 0, limit: 9 })).rows,
      ).toHaveLength(1);
      const queued = await s.jobs.documentsTouchedSince(`${kind}-index`, T0);
      expect([...queued.keys()]).toEqual([documentId]);
      expect(await s.jobs.cancelForDocument(documentId, T0 + 10)).toBe(2);
      expect((await s.jobs.list({ projectId, statuses: ['cancelled'] }, { offset: 0, limit: 9 })).total).toBe(
        2,
      );
      expect((await s.jobs.documentsTouchedSince(`${kind}-index`, T0 + 11)).size).toBe(0);
      const cancelled = await s.jobs.documentsTouchedSince(`${kind}-index`, T0 + 10);
      expect([...cancelled.keys()]).toEqual([documentId]);
      // The version moves when a job of the document changes status.
      expect(cancelled.get(documentId)).not.toBe(queued.get(documentId));
      expect((await s.jobs.documentsTouchedSince(`${kind}-index`, T0 + 10)).get(documentId)).toBe(
        cancelled.get(documentId),
      );
      await s.jobs.prune(T0 + 10);
      expect((await s.jobs.get(a.id))?.status).toBe('cancelled');
      expect(await s.jobs.prune(T0 + 11)).toBe(2);
      expect(await s.jobs.get(a.id)).toBeUndefined();
      expect((await s.jobs.get(c.id))?.status).toBe('queued');
    });
  });
}
