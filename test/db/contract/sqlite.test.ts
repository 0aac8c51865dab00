import { describe, expect, test } from 'bun:test';
import { changeFeedContract } from './changes.ts';
import { sqliteFactory, useDatabase } from './harness.ts';
import { jobQueueContract } from './jobs.ts';
import { repositoryContract } from './repositories.ts';
import { jobRow, nextId, T0 } from './rows.ts';
import { signal, transactionContract } from './transactions.ts';

repositoryContract(sqliteFactory);
transactionContract(sqliteFactory);
jobQueueContract(sqliteFactory);
changeFeedContract(sqliteFactory);

describe('sqlite: what only the single-writer driver promises', () => {
  const opened = useDatabase(sqliteFactory);

  test('transactions are serialized: read-modify-write across awaits loses no update', async () => {
    const s = opened().storage;
    await s.settings.set('counter', '0');
    await Promise.all(
      Array.from({ length: 20 }, () =>
        s.transaction(async (tx) => {
          const n = Number(await tx.settings.get('counter'));
          await new Promise((r) => setTimeout(r, 0));
          await tx.settings.set('counter', String(n + 1));
        }),
      ),
    );
    expect(await s.settings.get('counter')).toBe('20');
  });

  test('a call from outside an open transaction waits for it to end', async () => {
    const s = opened().storage;
    const order: string[] = [];
    const inside = signal();
    const release = signal();
    const tx = s.transaction(async (t) => {
      await t.settings.set('order', 'inside');
      inside.fire();
      await release.promise;
      order.push('commit');
    });
    await inside.promise;
    const outside = s.settings.set('order', 'outside').then(() => order.push('outside'));
    await new Promise((r) => setTimeout(r, 0));
    release.fire();
    await Promise.all([tx, outside]);
    expect(order).toEqual(['commit', 'outside']);
    expect(await s.settings.get('order')).toBe('outside');
  });

  test('recovery at start re-queues every running job without counting the interrupted attempt', async () => {
    const s = opened().storage;
    const kind = `k-${nextId()}`;
    await s.jobs.insert(jobRow(kind));
    const job = await s.jobs.claim([kind], T0, T0 + 10_000_000);
    expect(job?.attempts).toBe(1);
    expect(await s.jobs.recoverOnStart(T0 + 1)).toBe(1);
    expect(await s.jobs.get(job?.id as string)).toMatchObject({ status: 'queued', attempts: 0 });
  });
});
