/**
 * Index snapshots shared between nodes, with a directory standing in for the bucket: a node publishes
 * its snapshot after a rebuild and then at most once an interval; a node on an empty directory loads
 * the published one and catches up on what was indexed after it; a failed publication is logged and
 * changes nothing else. (The S3 store itself is exercised in test/http/scale-out.test.ts.)
 */
import { afterEach, beforeEach, expect, test } from 'bun:test';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SharedSnapshotInfo, SharedSnapshots } from '../../../src/core/search/shared-snapshot.ts';
import type { IndexedDocument, IndexSync } from '../../../src/core/search/types.ts';
import { tempDir } from '../../helpers/server.ts';
import { until } from '../../helpers/until.ts';
import { doc, memoryIndex } from './helpers.ts';

/** The newest published file copied aside, as the bucket would keep it. */
class DirectorySnapshots implements SharedSnapshots {
  readonly location = 'dir://bucket/';
  published: SharedSnapshotInfo[] = [];
  fail = false;
  constructor(private readonly dir: string) {}
  async publish(path: string, createdAt: number): Promise<SharedSnapshotInfo> {
    if (this.fail) throw new Error('bucket unreachable');
    const name = `search-${createdAt}-${this.published.length}.snapshot`;
    copyFileSync(path, join(this.dir, name));
    const info = { name, createdAt, bytes: Bun.file(path).size };
    this.published.push(info);
    return info;
  }
  async fetch(target: string): Promise<SharedSnapshotInfo | undefined> {
    const newest = this.published.at(-1);
    if (!newest) return undefined;
    copyFileSync(join(this.dir, newest.name), target);
    return newest;
  }
}

let dirs: ReturnType<typeof tempDir>[];
beforeEach(() => {
  dirs = [tempDir(), tempDir(), tempDir()];
});
afterEach(() => {
  for (const d of dirs) d.cleanup();
});
const path = (i: number) => dirs[i]?.path as string;

/** A sync over a shared store map: every document changed since is what `touched` recorded after `at`. */
function syncOf(store: Map<string, IndexedDocument>, touched: Map<string, number>): IndexSync {
  return {
    changedSince: async (since) => [...touched].filter(([, at]) => at >= since).map(([id]) => id),
    load: async (ids) => ids.flatMap((id) => (store.has(id) ? [store.get(id) as IndexedDocument] : [])),
    liveCount: async () => store.size,
  };
}

test('published after a rebuild, then at most once an interval; a node on an empty directory loads it and catches up', async () => {
  const bucket = new DirectorySnapshots(path(2));
  const logs: string[] = [];
  const first = memoryIndex(path(0), {
    shared: bucket,
    publishEveryMs: 60 * 60_000,
    log: (s) => logs.push(s),
  });
  for (let i = 0; i < 30; i++) first.store.set(`d${i}`, doc(`d${i}`, `ใบแจ้งหนี้ invoice${i}`));
  await first.index.start(first.source, { wait: true });
  await until('the rebuilt snapshot published', async () => bucket.published[0]);
  expect(first.index.status().published).toMatchObject({ documents: 30 });

  await first.put(doc('late', 'written after the publication latecomer'));
  await first.index.snapshot();
  expect(first.index.status().snapshot).toMatchObject({ bytes: expect.any(Number) });
  expect(bucket.published.length).toBe(1);

  const touched = new Map([['late', Date.now()]]);
  const second = memoryIndex(path(1), { shared: bucket, log: (s) => logs.push(s) });
  for (const [id, d] of first.store) second.store.set(id, d);
  let rebuilt = false;
  await second.index.start(
    () => {
      rebuilt = true;
      return second.source();
    },
    { sync: syncOf(second.store, touched), wait: true },
  );
  expect(rebuilt).toBe(false);
  expect(second.index.status()).toMatchObject({ loaded_from: 'shared', documents: 31, ready: true });
  expect(logs.some((l) => l.startsWith('search: downloaded the shared index snapshot dir://bucket/'))).toBe(
    true,
  );
  expect(await second.ids('latecomer')).toEqual(['late']);
  expect(await second.ids('invoice7')).toEqual(['d7']);
  await first.index.close();
  await second.index.close();
});

test('a failed publication is logged; searches and writes go on and the snapshot stays local', async () => {
  const bucket = new DirectorySnapshots(path(2));
  bucket.fail = true;
  const logs: string[] = [];
  const m = memoryIndex(path(0), { shared: bucket, log: (s) => logs.push(s) });
  m.store.set('a', doc('a', 'สัญญาเช่า contract'));
  await m.index.start(m.source, { wait: true });
  await until('the failure logged', async () =>
    logs.find((l) =>
      l.includes('publishing the index snapshot failed (tried again later): bucket unreachable'),
    ),
  );
  expect(m.index.status().publish_error).toBe('bucket unreachable');
  await m.put(doc('b', 'second contract'));
  expect((await m.ids('contract')).sort()).toEqual(['a', 'b']);
  await m.index.close();
  expect(existsSync(join(path(0), 'search.snapshot'))).toBe(true);
  expect(bucket.published).toEqual([]);
});
