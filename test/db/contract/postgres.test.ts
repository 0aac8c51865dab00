import { describe, expect, test } from 'bun:test';
import { SQL } from 'bun';
import type { Leadership } from '../../../src/db/port/index.ts';
import { PG_MIGRATIONS } from '../../../src/db/postgres/migrations/index.ts';
import { openPostgresStorage } from '../../../src/db/postgres/storage.ts';
import { freshPostgresDatabase } from '../../helpers/postgres.ts';
import { changeFeedContract } from './changes.ts';
import { postgresFactory, useDatabase } from './harness.ts';
import { jobQueueContract } from './jobs.ts';
import { repositoryContract } from './repositories.ts';
import { jobRow, nextId, T0 } from './rows.ts';
import { signal, transactionContract } from './transactions.ts';

repositoryContract(postgresFactory);
transactionContract(postgresFactory);
jobQueueContract(postgresFactory);
changeFeedContract(postgresFactory);

describe('postgres: what only the multi-process driver promises', () => {
  const opened = useDatabase(postgresFactory);

  test('transactions run side by side: one commits while another is still open', async () => {
    const s = opened().storage;
    const aOpen = signal();
    const release = signal();
    const a = s.transaction(async (tx) => {
      await tx.settings.set('a', '1');
      aOpen.fire();
      await release.promise;
    });
    await aOpen.promise;
    await s.transaction(async (tx) => {
      await tx.settings.set('b', '1');
    });
    expect(await s.settings.get('b')).toBe('1');
    expect(await s.settings.get('a')).toBeUndefined();
    release.fire();
    await a;
    expect(await s.settings.get('a')).toBe('1');
  });

  test('recovery at start leaves a live lease of another process alone, takes expired ones back', async () => {
    const s = opened().storage;
    const kind = `k-${nextId()}`;
    await s.jobs.insert(jobRow(kind));
    await s.jobs.insert(jobRow(kind));
    const live = await s.jobs.claim([kind], T0, T0 + 10_000);
    const expired = await s.jobs.claim([kind], T0, T0 + 10);
    expect(await s.jobs.recoverOnStart(T0 + 100)).toBe(1);
    expect(await s.jobs.get(live?.id as string)).toMatchObject({ status: 'running', attempts: 1 });
    expect(await s.jobs.get(expired?.id as string)).toMatchObject({ status: 'queued', attempts: 1 });
  });

  test('nodes starting together on an empty database apply each migration once', async () => {
    const url = await freshPostgresDatabase();
    const nodes = await Promise.all([
      openPostgresStorage(url),
      openPostgresStorage(url),
      openPostgresStorage(url),
    ]);
    const client = new SQL({ url, database: new URL(url).pathname.slice(1), max: 1 });
    const rows: { version: number }[] = await client`SELECT version FROM schema_migrations ORDER BY version`;
    expect(rows.map((r) => Number(r.version))).toEqual(PG_MIGRATIONS.map((m) => m.version));
    await client.close();
    for (const n of nodes) await n.close();
  });

  test('the database named in the URL is used even when PGDATABASE names another', async () => {
    const url = await freshPostgresDatabase();
    const saved = process.env.PGDATABASE;
    process.env.PGDATABASE = 'postgres';
    try {
      const s = await openPostgresStorage(url);
      await s.settings.set('where', 'here');
      await s.close();
    } finally {
      if (saved === undefined) delete process.env.PGDATABASE;
      else process.env.PGDATABASE = saved;
    }
    const client = new SQL({ url, database: new URL(url).pathname.slice(1), max: 1 });
    expect(await client`SELECT value FROM settings WHERE key = 'where'`).toEqual([{ value: 'here' }]);
    await client.close();
  });

  test('a duty is held by one node at a time; released, closed or its session killed, another takes it', async () => {
    const url = await freshPostgresDatabase();
    const [a, b] = await Promise.all([openPostgresStorage(url), openPostgresStorage(url)]);
    const [la, lb] = [a.leadership, b.leadership] as [Leadership, Leadership];
    expect(await la.hold('duty')).toBe(true);
    expect(await la.hold('duty')).toBe(true);
    expect(await lb.hold('duty')).toBe(false);
    expect(await lb.hold('other duty')).toBe(true);
    await la.release('duty');
    expect(await lb.hold('duty')).toBe(true);
    expect(await la.hold('duty')).toBe(false);

    // The holder's session ends (as when its process is killed): the duty is free, and the old holder
    // does not believe it still holds it.
    const admin = new SQL({ url, database: new URL(url).pathname.slice(1), max: 1 });
    await admin`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND pid <> pg_backend_pid()`;
    for (const deadline = Date.now() + 60_000; ; await Bun.sleep(50)) {
      const [left] = await admin`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'`;
      if (left.n === 0) break;
      if (Date.now() > deadline) throw new Error('the terminated session kept its advisory locks');
    }
    expect(await la.hold('duty')).toBe(true);
    expect(await lb.hold('duty')).toBe(false);
    await a.close();
    expect(await lb.hold('duty')).toBe(true);
    await admin.close();
    await b.close();
  });
});
