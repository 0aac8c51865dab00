import { afterEach, describe, expect, test } from 'bun:test';
import { createRepos, openDatabase } from '../../src/db/index.ts';
import { sqliteStorage } from '../../src/db/sqlite/storage.ts';
import { JobQueue, JobRunner, LostLeaseError, PermanentJobError } from '../../src/core/jobs.ts';
import { tempDir } from '../helpers/server.ts';
import { join } from 'node:path';

// A lease far longer than any test: with 200 ms, a process starved for a moment on a loaded machine
// let its own poll re-queue a running job before the heartbeat extended it, and the job ran twice.
// Tests of a lost lease expire it explicitly.
const cfg = { leaseMs: 60_000, pollMs: 10, backoffMs: 5, maxAttempts: 3 };
const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.();
});

function setup(path = ':memory:') {
  const db = openDatabase(path);
  const repos = createRepos(db);
  const storage = sqliteStorage(db, path);
  const queue = new JobQueue(storage, { maxAttempts: 3 });
  const runner = new JobRunner(storage.jobs, queue, cfg);
  return { repos, queue, runner, storage };
}

describe('durable job queue', () => {
  test('runs a job once and stores its result', async () => {
    const { queue, runner } = setup();
    const seen: string[] = [];
    runner.register(
      'echo',
      async (job) => {
        seen.push(String(job.payload.word));
        return { upper: String(job.payload.word).toUpperCase() };
      },
      { concurrency: 2 },
    );
    await runner.start();
    const job = await queue.enqueue('echo', { payload: { word: 'sawasdee' } });
    await runner.drain();
    await runner.stop();
    expect(seen).toEqual(['sawasdee']);
    const done = await queue.get(job.id);
    expect(done?.status).toBe('done');
    expect(done?.result).toEqual({ upper: 'SAWASDEE' });
    expect(done?.attempts).toBe(1);
  });

  test('retries with backoff, then succeeds', async () => {
    const { queue, runner } = setup();
    let calls = 0;
    runner.register(
      'flaky',
      async () => {
        calls++;
        if (calls < 3) throw new Error(`transient ${calls}`);
        return 'ok';
      },
      { concurrency: 1 },
    );
    await runner.start();
    const job = await queue.enqueue('flaky');
    await runner.drain();
    await runner.stop();
    const row = await queue.get(job.id);
    expect(row).toMatchObject({ status: 'done', attempts: 3, result: 'ok' });
  });

  test('dead after the last attempt, with the error kept and onDead called once', async () => {
    const { queue, runner } = setup();
    const dead: string[] = [];
    runner.register(
      'broken',
      async () => {
        throw new Error('disk on fire');
      },
      { concurrency: 1, onDead: (job, err) => void dead.push(`${job.id}:${err}`) },
    );
    await runner.start();
    const job = await queue.enqueue('broken', { maxAttempts: 2 });
    await runner.drain();
    await runner.stop();
    const row = await queue.get(job.id);
    expect(row).toMatchObject({ status: 'dead', attempts: 2, lastError: 'disk on fire' });
    expect(dead).toEqual([`${job.id}:disk on fire`]);
  });

  test('a permanent error is dead at once', async () => {
    const { queue, runner } = setup();
    runner.register(
      'bad-input',
      async () => {
        throw new PermanentJobError('encrypted PDF');
      },
      { concurrency: 1 },
    );
    await runner.start();
    const job = await queue.enqueue('bad-input', { maxAttempts: 5 });
    await runner.drain();
    await runner.stop();
    expect(await queue.get(job.id)).toMatchObject({
      status: 'dead',
      attempts: 1,
      lastError: 'encrypted PDF',
    });
  });

  test('respects per-kind concurrency', async () => {
    const { queue, runner } = setup();
    let active = 0;
    let peak = 0;
    runner.register(
      'slow',
      async () => {
        active++;
        peak = Math.max(peak, active);
        await Bun.sleep(20);
        active--;
      },
      { concurrency: 2 },
    );
    await runner.start();
    for (let i = 0; i < 8; i++) await queue.enqueue('slow');
    await runner.drain();
    await runner.stop();
    expect(peak).toBe(2);
  });

  test('a backlog behind full slots does not make the runner poll the queue', async () => {
    const db = openDatabase(':memory:');
    const storage = sqliteStorage(db, ':memory:');
    const queue = new JobQueue(storage, { maxAttempts: 3 });
    const jobs = storage.jobs;
    let queries = 0;
    const counted = {
      ...jobs,
      claim: (...a: Parameters<typeof jobs.claim>) => {
        queries++;
        return jobs.claim(...a);
      },
      nextRunAt: (...a: Parameters<typeof jobs.nextRunAt>) => {
        queries++;
        return jobs.nextRunAt(...a);
      },
    };
    // Polling only every minute: anything the runner does meanwhile is driven by its own wake-ups.
    const runner = new JobRunner(counted, queue, { ...cfg, pollMs: 60_000 });
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started = 0;
    runner.register(
      'held',
      async () => {
        started++;
        await gate;
      },
      { concurrency: 1 },
    );
    await runner.start();
    for (let i = 0; i < 5; i++) await queue.enqueue('held');
    while (started === 0) await Bun.sleep(5);
    await Bun.sleep(50);
    const before = queries;
    await Bun.sleep(300);
    expect(queries - before).toBe(0);
    release();
    await runner.drain();
    await runner.stop();
    expect(started).toBe(5);
  });

  test('drain waits for a job whose claim committed but has not come back yet', async () => {
    // On PostgreSQL a claim's answer can arrive after another connection already saw the row running.
    const db = openDatabase(':memory:');
    const storage = sqliteStorage(db, ':memory:');
    const queue = new JobQueue(storage, { maxAttempts: 3 });
    const jobs = storage.jobs;
    const slowAnswer = {
      ...jobs,
      claim: async (...a: Parameters<typeof jobs.claim>) => {
        const job = await jobs.claim(...a);
        if (job) await Bun.sleep(200);
        return job;
      },
    };
    const runner = new JobRunner(slowAnswer, queue, cfg);
    runner.register('work', async () => 'ran', { concurrency: 1 });
    await runner.start();
    const job = await queue.enqueue('work');
    await runner.drain();
    await runner.stop();
    expect(await queue.get(job.id)).toMatchObject({ status: 'done', result: 'ran' });
  });

  test('drain waits for tracked background work and the jobs it queues when it ends', async () => {
    const { queue, runner } = setup();
    runner.register('work', async () => 'ran', { concurrency: 1 });
    await runner.start();
    let queued: Promise<{ id: string }> | undefined;
    runner.track(
      Bun.sleep(200).then(() => {
        queued = queue.enqueue('work');
        return queued;
      }),
    );
    await runner.drain();
    await runner.stop();
    expect(queued).toBeDefined();
    expect(await queue.get((await (queued as Promise<{ id: string }>)).id)).toMatchObject({ status: 'done' });
  });

  test('a job that was running when the process died runs again on the next start', async () => {
    const dir = tempDir();
    cleanups.push(dir.cleanup);
    const path = join(dir.path, 'jobs.db');
    const first = setup(path);
    const job = await first.queue.enqueue('work', { payload: { n: 1 } });
    const claimed = first.repos.jobs.claim(['work'], Date.now(), Date.now() + 60_000);
    expect(claimed?.id).toBe(job.id);
    first.repos.db.$client.close();

    const second = setup(path);
    const ran: number[] = [];
    second.runner.register(
      'work',
      async (j) => {
        ran.push(Number(j.payload.n));
      },
      { concurrency: 1 },
    );
    await second.runner.start();
    await second.runner.drain();
    await second.runner.stop();
    expect(ran).toEqual([1]);
    expect((await second.queue.get(job.id))?.status).toBe('done');
  });

  test('graceful stop gives an unfinished job back without counting the attempt', async () => {
    const { queue, runner } = setup();
    runner.register(
      'long',
      async (_job, ctx) => {
        await new Promise((resolve) => ctx.signal.addEventListener('abort', resolve));
        throw new Error('aborted');
      },
      { concurrency: 1 },
    );
    await runner.start();
    const job = await queue.enqueue('long');
    while ((await queue.get(job.id))?.status !== 'running') await Bun.sleep(5);
    await runner.stop(50);
    expect(await queue.get(job.id)).toMatchObject({ status: 'queued', attempts: 0 });
  });

  test('a runner whose lease was taken over cannot record the outcome of that attempt', async () => {
    const { repos, queue, runner } = setup();
    let finish = () => {};
    const started = new Promise<void>((resolve) => {
      runner.register(
        'stuck',
        async () => {
          resolve();
          await new Promise<void>((r) => {
            finish = r;
          });
          return 'stale result';
        },
        { concurrency: 1 },
      );
    });
    await runner.start();
    const job = await queue.enqueue('stuck');
    await started;
    // Another node sees the lease as expired, takes the job back and claims it (all in one synchronous
    // block: no heartbeat of the first runner can come in between).
    repos.db.$client.run('UPDATE jobs SET locked_until = 0 WHERE id = ?', [job.id]);
    const now = Date.now();
    expect(repos.jobs.requeueRunning(now, true)).toBe(1);
    expect(repos.jobs.claim(['stuck'], now, now + 60_000)).toMatchObject({ id: job.id, attempts: 2 });
    finish();
    await runner.stop();
    expect(await queue.get(job.id)).toMatchObject({ status: 'running', attempts: 2, result: null });
  });

  test('a job completed in the transaction of its effects stays done when its process fails after the commit', async () => {
    const { queue, runner, storage } = setup();
    let runs = 0;
    runner.register(
      'effect',
      async (_job, ctx) => {
        runs++;
        await storage.transaction(async () => {
          await storage.settings.set('effect', `run ${runs}`);
          await ctx.complete('committed');
        });
        throw new Error('the process died after the commit');
      },
      { concurrency: 1 },
    );
    await runner.start();
    const job = await queue.enqueue('effect');
    await runner.drain();
    await runner.stop();
    expect(runs).toBe(1);
    expect(await queue.get(job.id)).toMatchObject({ status: 'done', attempts: 1, result: 'committed' });
    expect(await storage.settings.get('effect')).toBe('run 1');
  });

  test('an attempt whose lease was taken over commits none of the effects it completes with', async () => {
    const { repos, queue, runner, storage } = setup();
    let finish = () => {};
    let outcome: unknown;
    const started = new Promise<void>((resolve) => {
      runner.register(
        'stale',
        async (_job, ctx) => {
          resolve();
          await new Promise<void>((r) => {
            finish = r;
          });
          try {
            await storage.transaction(async () => {
              await storage.settings.set('stale effect', 'written');
              await ctx.complete();
            });
          } catch (err) {
            outcome = err;
            throw err;
          }
        },
        { concurrency: 1 },
      );
    });
    await runner.start();
    const job = await queue.enqueue('stale');
    await started;
    repos.db.$client.run('UPDATE jobs SET locked_until = 0 WHERE id = ?', [job.id]);
    const now = Date.now();
    expect(repos.jobs.requeueRunning(now, true)).toBe(1);
    expect(repos.jobs.claim(['stale'], now, now + 60_000)).toMatchObject({ id: job.id, attempts: 2 });
    finish();
    await runner.stop();
    expect(outcome).toBeInstanceOf(LostLeaseError);
    expect(await storage.settings.get('stale effect')).toBeUndefined();
    expect(await queue.get(job.id)).toMatchObject({ status: 'running', attempts: 2 });
  });

  test('dedupe returns the waiting job instead of queueing a second one', async () => {
    const { queue } = setup();
    const a = await queue.enqueue('index', { documentId: 'd1', dedupe: true });
    const b = await queue.enqueue('index', { documentId: 'd1', dedupe: true });
    expect(b.id).toBe(a.id);
  });
});
