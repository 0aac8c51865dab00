import { afterEach, expect, test } from 'bun:test';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from '../../src/db/index.ts';
import { WalCheckpointer } from '../../src/db/sqlite/checkpointer.ts';
import { tempDir } from '../helpers/server.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.();
});

const MB = 1024 * 1024;
/** 8 MB committed in one transaction: far past SQLite's default checkpoint threshold (1000 pages). */
function writeEightMb(db: ReturnType<typeof openDatabase>): void {
  const client = db.$client;
  client.exec('CREATE TABLE IF NOT EXISTS big (n INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const insert = client.query('INSERT INTO big (body) VALUES (?)');
  client.transaction(() => {
    for (let i = 0; i < 8; i++) insert.run('ก'.repeat(MB / 3));
  })();
}

function setup() {
  const dir = tempDir();
  cleanups.push(dir.cleanup);
  const path = join(dir.path, 'docserve.db');
  const db = openDatabase(path);
  cleanups.push(() => db.$client.close());
  return { db, path };
}

test('without the checkpointer a large commit copies its pages into the database file itself', () => {
  const { db, path } = setup();
  writeEightMb(db);
  expect(statSync(path).size).toBeGreaterThan(8 * MB);
});

test('with the checkpointer, commits only append to the WAL and the worker checkpoints them', async () => {
  const { db, path } = setup();
  const checkpointer = await WalCheckpointer.start(db.$client, path, { intervalMs: 3_600_000 });
  try {
    writeEightMb(db);
    expect(statSync(path).size).toBeLessThan(MB);
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(8 * MB);
    await checkpointer.checkpoint();
    expect(statSync(path).size).toBeGreaterThan(8 * MB);
  } finally {
    await checkpointer.stop();
  }
  const pragma = db.$client.query<{ wal_autocheckpoint: number }, []>('PRAGMA wal_autocheckpoint').get();
  expect(pragma?.wal_autocheckpoint).toBe(1000);
  const rows = db.$client.query<{ n: number }, []>('SELECT count(*) AS n FROM big').get();
  expect(rows?.n).toBe(8);
});

test('the worker checkpoints on its own at the interval', async () => {
  const { db, path } = setup();
  const checkpointer = await WalCheckpointer.start(db.$client, path, { intervalMs: 20 });
  try {
    writeEightMb(db);
    for (let i = 0; i < 3000 && statSync(path).size < 8 * MB; i++) await Bun.sleep(10);
    expect(statSync(path).size).toBeGreaterThan(8 * MB);
  } finally {
    await checkpointer.stop();
  }
});
