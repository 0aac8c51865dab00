import { afterEach, beforeEach, describe, expect, test } from 'bun:test';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SNAPSHOT_FILE } from '../../../src/core/search/search-index.ts';
import { SNAPSHOT_FORMAT } from '../../../src/core/search/segment-file.ts';
import type { IndexedDocument, IndexSync } from '../../../src/core/search/types.ts';
import { tempDir } from '../../helpers/server.ts';
import { doc, memoryIndex } from './helpers.ts';
import { until } from '../../helpers/until.ts';

const QUERIES = ['สัญญา', 'ไทย', '2567', 'invoice', '"ค่าเช่า ล่วงหน้า"', 'เช่า acme', 'ใบแจ้ง'];

function corpus(): IndexedDocument[] {
  return [
    doc('a', 'สัญญาเช่าที่ดินในประเทศไทย ลงวันที่ ๑ มกราคม ๒๕๖๗ ค่าเช่าล่วงหน้า', { tags: ['ที่ดิน'] }),
    doc('b', 'Invoice No. 2567-01 for ACME ใบแจ้งหนี้ค่าเช่า', { kind: 'pdf' }),
    doc('c', 'หนังสือสัญญาค้ำประกัน ผู้ค้ำประกันตกลง', { folderId: 'f1' }),
    doc('d', 'invoices and receipts ใบเสร็จรับเงิน', { projectId: 'p2' }),
    ...Array.from({ length: 40 }, (_, i) => doc(`n${i}`, `บันทึกข้อความเลขที่ ${i} เรื่องสัญญาจ้าง`)),
  ];
}

let dir: ReturnType<typeof tempDir>;
const logs: string[] = [];
beforeEach(() => {
  dir = tempDir();
  logs.length = 0;
});
afterEach(() => dir.cleanup());

const snapshotPath = () => join(dir.path, SNAPSHOT_FILE);

/** A fresh index instance over the same directory and store, started (waiting for any rebuild). */
async function open(docs: IndexedDocument[], sync?: IndexSync) {
  const m = memoryIndex(dir.path, { log: (s) => logs.push(s) });
  for (const d of docs) m.store.set(d.id, d);
  let sourceCalls = 0;
  await m.index.start(
    () => {
      sourceCalls++;
      return m.source();
    },
    { sync, wait: true },
  );
  return { ...m, sourceCalls: () => sourceCalls };
}

function results(m: Awaited<ReturnType<typeof open>>) {
  return Promise.all(QUERIES.map((q) => m.index.search({ projectId: 'p1', q, limit: 50 })));
}

describe('snapshots', () => {
  test('a rebuilt index is snapshotted and a restart loads the snapshot with identical results', async () => {
    const first = await open(corpus());
    expect(first.sourceCalls()).toBe(1);
    const expected = await results(first);
    expect(expected.map((r) => r.total)).toEqual([42, 1, 2, 1, 1, 1, 1]);
    await first.index.close();
    expect(existsSync(snapshotPath())).toBe(true);

    const second = await open(corpus());
    expect(second.sourceCalls()).toBe(0);
    expect(await results(second)).toEqual(expected);
    expect(second.index.status()).toMatchObject({ ready: true, partial: false, documents: 44 });
    await second.index.close();
  });

  test('after the snapshot is deleted, the rebuild gives the same results', async () => {
    const first = await open(corpus());
    const expected = await results(first);
    await first.index.close();
    rmSync(snapshotPath());
    const second = await open(corpus());
    expect(second.sourceCalls()).toBe(1);
    expect(await results(second)).toEqual(expected);
    expect(second.index.status().snapshot).not.toBeNull();
    await second.index.close();
    expect(existsSync(snapshotPath())).toBe(true);
  });

  test('a corrupt snapshot is detected and rebuilt', async () => {
    const first = await open(corpus());
    const expected = await results(first);
    await first.index.close();
    const bytes = readFileSync(snapshotPath());
    bytes[Math.floor(bytes.length / 2)] = (bytes[Math.floor(bytes.length / 2)] as number) ^ 0xff;
    writeFileSync(snapshotPath(), bytes);
    const second = await open(corpus());
    expect(second.sourceCalls()).toBe(1);
    expect(logs.some((l) => l.includes('checksum'))).toBe(true);
    expect(await results(second)).toEqual(expected);
    await second.index.close();

    writeFileSync(snapshotPath(), bytes.subarray(0, 100));
    const third = await open(corpus());
    expect(third.sourceCalls()).toBe(1);
    expect(await results(third)).toEqual(expected);
    await third.index.close();
  });

  test('a snapshot of another format version (the previous one, or an unknown one) is stale and rebuilt', async () => {
    const first = await open(corpus());
    const expected = await results(first);
    await first.index.close();
    for (const format of [SNAPSHOT_FORMAT - 1, 999]) {
      const bytes = readFileSync(snapshotPath());
      bytes.writeUInt32LE(format, 4);
      writeFileSync(snapshotPath(), bytes);
      const again = await open(corpus());
      expect(again.sourceCalls()).toBe(1);
      expect(logs.some((l) => l.includes(`format ${format} is not ${SNAPSHOT_FORMAT}`))).toBe(true);
      expect(await results(again)).toEqual(expected);
      await again.index.close();
    }
  });

  test('changes after the snapshot are caught up from the store; a count mismatch rebuilds', async () => {
    const docs = corpus();
    const first = await open(docs);
    await first.index.close();
    const changed = docs
      .filter((d) => d.id !== 'c')
      .map((d) => (d.id === 'a' ? { ...d, text: 'สัญญาเช่ารถยนต์' } : d));
    changed.push(doc('e', 'ประเทศไทยใหม่'));
    const byId = new Map(changed.map((d) => [d.id, d]));
    const sync: IndexSync = {
      changedSince: () => ['a', 'c', 'e'],
      load: (ids) => ids.flatMap((id) => (byId.has(id) ? [byId.get(id) as IndexedDocument] : [])),
      liveCount: () => changed.length,
    };
    const second = await open(changed, sync);
    expect(second.sourceCalls()).toBe(0);
    expect(await second.ids('ไทย')).toEqual(['e']);
    expect(await second.ids('รถยนต์')).toEqual(['a']);
    expect(await second.ids('ค้ำประกัน')).toEqual([]);
    await second.index.close();

    const third = await open(changed, {
      ...sync,
      changedSince: () => [],
      liveCount: () => changed.length + 5,
    });
    expect(third.sourceCalls()).toBe(1);
    await third.index.close();
  });

  test('following other nodes re-reads a document only when the version of its index jobs moved', async () => {
    const docs = corpus();
    const m = await open(docs);
    const byId = new Map(docs.map((d) => [d.id, d]));
    const loaded: string[] = [];
    let versions = new Map([
      ['a', 'j1:done'],
      ['b', 'j2:queued'],
    ]);
    const sync: IndexSync = {
      changedSince: () => versions,
      load: (ids) => {
        loaded.push(...ids);
        return ids.flatMap((id) => (byId.has(id) ? [byId.get(id) as IndexedDocument] : []));
      },
      liveCount: () => byId.size,
    };
    await m.index.follow(0, sync);
    expect(loaded.sort()).toEqual(['a', 'b']);
    loaded.length = 0;
    await m.index.follow(0, sync);
    expect(loaded).toEqual([]);

    byId.set('b', { ...(byId.get('b') as IndexedDocument), text: 'ใบเสนอราคาฉบับแก้ไข' });
    versions = new Map([
      ['a', 'j1:done'],
      ['b', 'j2:done'],
    ]);
    await m.index.follow(0, sync);
    expect(loaded).toEqual(['b']);
    expect(await m.ids('ฉบับแก้ไข')).toEqual(['b']);
    await m.index.close();
  });

  test('changes are snapshotted after the debounce delay (a reader sees them) and on close', async () => {
    const m = memoryIndex(dir.path, { snapshotDelayMs: 20 });
    await m.index.start(m.source, { wait: true });
    const first = m.index.status().snapshot;
    await m.put(doc('x', 'ข้อความใหม่'));
    await until('a snapshot after the change', async () =>
      m.index.status().snapshot !== first ? true : undefined,
    );
    // A read-only index (the CLI next to a running server) loads what the server wrote.
    const reader = memoryIndex(dir.path, { readOnly: true });
    await reader.index.start(
      () => {
        throw new Error('the snapshot should load');
      },
      { wait: true },
    );
    expect(await reader.ids('ข้อความใหม่')).toEqual(['x']);
    await reader.index.close();
    await m.put(doc('y', 'อีกข้อความ'));
    await m.index.close();
    const reopened = await open([...m.store.values()]);
    expect(reopened.sourceCalls()).toBe(0);
    expect(await reopened.ids('อีกข้อความ')).toEqual(['y']);
    await reopened.index.close();
  });

  test('after a crash the snapshot the process was using is picked up', async () => {
    await (await open(corpus())).index.close();
    // What a killed process leaves: its snapshot under its private name, no public one.
    renameSync(snapshotPath(), join(dir.path, 'search.live.99999.3'));
    writeFileSync(join(dir.path, 'search.partial.99999.4'), 'an unfinished rebuild');
    const again = await open(corpus());
    expect(again.sourceCalls()).toBe(0);
    expect(await again.ids('ค้ำประกัน')).toEqual(['c']);
    await again.index.close();
    expect(readdirSync(dir.path)).toEqual([SNAPSHOT_FILE]);
  });
});

describe('background rebuild', () => {
  test('searches answer from what is indexed so far, flagged partial, and live changes win', async () => {
    const m = memoryIndex(dir.path);
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const stale = doc('late', 'ข้อความเก่า');
    await m.index.start(async function* () {
      yield [doc('early', 'สัญญาฉบับแรก')];
      await gate;
      yield [doc('second', 'สัญญาฉบับที่สอง'), stale];
    });
    await Bun.sleep(0);
    await until('the first batch indexed', async () => (m.index.status().documents ? true : undefined));
    const partial = await m.index.search({ projectId: 'p1', q: 'สัญญา' });
    expect(partial.partial).toBe(true);
    expect(partial.hits.map((h) => h.documentId)).toEqual(['early']);
    expect(m.index.status()).toMatchObject({ ready: false, partial: true, state: 'rebuilding' });
    await m.put(doc('late', 'ข้อความใหม่'));
    release();
    await until('the rebuild to finish', async () => (m.index.status().ready ? true : undefined));
    const done = await m.index.search({ projectId: 'p1', q: 'สัญญา' });
    expect(done.partial).toBe(false);
    expect(done.total).toBe(2);
    expect(await m.ids('ข้อความใหม่')).toEqual(['late']);
    expect(await m.ids('ข้อความเก่า')).toEqual([]);
    await m.index.close();
  });
  test('a rebuild in many batches, merging into its partial snapshot while later batches are analyzed and added, gives the same results', async () => {
    const whole = await open(corpus());
    const expected = await results(whole);
    await whole.index.close();
    rmSync(snapshotPath());
    const m = memoryIndex(dir.path, { rebuildMergeBytes: 1 });
    const docs = corpus();
    for (const d of docs) m.store.set(d.id, d);
    let batches = 0;
    await m.index.start(
      async function* () {
        for (let i = 0; i < docs.length; i += 3) {
          batches++;
          yield docs.slice(i, i + 3);
        }
      },
      { wait: true },
    );
    expect(batches).toBe(15);
    expect(m.index.status()).toMatchObject({ ready: true, documents: 44, segments: 2 });
    expect(await results(m as Awaited<ReturnType<typeof open>>)).toEqual(expected);
    await m.index.close();
    expect(readdirSync(dir.path)).toEqual([SNAPSHOT_FILE]);
  });
});

describe('merging', () => {
  test('a snapshot drops dead slots and keeps every result the same, also for changes made meanwhile', async () => {
    const m = memoryIndex(dir.path);
    const docs = corpus();
    await m.index.start(
      async function* () {
        yield docs;
      },
      { wait: true },
    );
    await m.put(...docs.slice(0, 20).map((d) => ({ ...d, text: `${d.text} แก้ไขแล้ว` })));
    for (const d of docs.slice(20, 25)) await m.drop(d.id);
    const run = () =>
      Promise.all(
        QUERIES.map(async (q) => {
          const r = await m.index.search({ projectId: 'p1', q, limit: 100 });
          return { total: r.total, ids: r.hits.map((h) => h.documentId).sort() };
        }),
      );
    const before = await run();
    const edited = (await m.ids('แก้ไขแล้ว', { limit: 100 })).sort();
    expect(edited).toHaveLength(19);
    expect(m.index.status().slots).toBeGreaterThan(docs.length + 20);

    const saving = m.index.snapshot();
    const n30 = docs.find((d) => d.id === 'n30') as IndexedDocument;
    const late = m.put(doc('late', 'แก้ไขอีกครั้ง'), { ...n30, text: `${n30.text} อีกครั้ง` });
    await Promise.all([saving, late]);
    expect((await m.ids('อีกครั้ง')).sort()).toEqual(['late', 'n30']);
    expect(await run()).toEqual(before);
    expect((await m.ids('แก้ไขแล้ว', { limit: 100 })).sort()).toEqual(edited);

    await m.index.snapshot();
    expect(m.index.status().slots).toBeLessThanOrEqual(docs.length - 5 + 32);
    expect(await run()).toEqual(before);
    await m.index.close();
  });
  test('text found across word boundaries is the same in memory, after a snapshot and after merging one with removals', async () => {
    const words = [
      'ค่า',
      'เช่า',
      'สัญญา',
      'ที่ดิน',
      'ประเทศ',
      'ไทย',
      'การ',
      'ตาม',
      'มาตรา',
      'ผู้',
      'ให้',
      'จ้าง',
      'ราคา',
      'งาน',
    ];
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const text = () => Array.from({ length: 24 }, () => words[Math.floor(next() * words.length)]).join('');
    const docs = Array.from({ length: 110 }, (_, i) => doc(`x${i}`, text()));
    const marks = /[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/;
    const probes = [...new Set(words.flatMap((a) => words.map((b) => a.slice(-2) + b.slice(0, 2))))].filter(
      (p) => !marks.test(p[0] as string),
    );
    /** What a plain substring search of the stored texts finds (a match may not end before a mark). */
    const expected = (alive: IndexedDocument[], probe: string) =>
      alive
        .filter((d) => new RegExp(`${probe}(?![\u0E31\u0E34-\u0E3A\u0E47-\u0E4E])`).test(d.text))
        .map((d) => d.id)
        .sort();
    const found = async (m: ReturnType<typeof memoryIndex>, probe: string) =>
      (await m.index.search({ projectId: 'p1', q: `"${probe}"`, limit: 1000 })).hits
        .map((h) => h.documentId)
        .sort();
    const check = async (m: ReturnType<typeof memoryIndex>, alive: IndexedDocument[]) => {
      let nonEmpty = 0;
      for (const probe of probes) {
        const want = expected(alive, probe);
        if (want.length) nonEmpty++;
        expect({ probe, ids: await found(m, probe) }).toEqual({ probe, ids: want });
      }
      expect(nonEmpty).toBeGreaterThan(30);
    };

    const first = memoryIndex(dir.path);
    await first.index.start(first.source, { wait: true });
    await first.put(...docs.slice(0, 75));
    await check(first, docs.slice(0, 75));
    await first.index.close();

    const second = memoryIndex(dir.path);
    for (const d of docs.slice(0, 75)) second.store.set(d.id, d);
    await second.index.start(() => {
      throw new Error('the snapshot should load');
    });
    await check(second, docs.slice(0, 75));
    for (const d of docs.slice(10, 23)) await second.drop(d.id);
    await second.put(...docs.slice(75));
    const alive = [...docs.slice(0, 10), ...docs.slice(23)];
    await second.index.snapshot();
    expect(second.index.status().segments).toBe(2);
    await check(second, alive);
    await second.index.close();

    const third = memoryIndex(dir.path);
    for (const d of alive) third.store.set(d.id, d);
    await third.index.start(() => {
      throw new Error('the snapshot should load');
    });
    expect(third.index.status().documents).toBe(alive.length);
    await check(third, alive);
    await third.index.close();
  });
});
