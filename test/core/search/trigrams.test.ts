import { afterEach, beforeEach, expect, test } from 'bun:test';
import type { IndexedDocument } from '../../../src/core/search/types.ts';
import { tempDir } from '../../helpers/server.ts';
import { doc, memoryIndex } from './helpers.ts';

/**
 * A snapshot finds the documents that may contain a Thai text through an exact index of Thai trigrams;
 * in memory a per-document trigram signature does it. Either way only a check of the text decides. These
 * tests build documents that have every trigram of a word without the word (นักบิน: นัก in นักร้อง, ักบ
 * in ผักบุ้ง, กบิ and บิน in นกบิน) next to documents that have it, and compare what searches find with
 * a plain substring scan of the texts, in memory, from a snapshot, with documents removed, and after the
 * snapshot is rewritten without them.
 */

const WORD = 'นักบิน';
/** Every trigram of {@link WORD}, in other words. */
const NEAR_MISS = 'นักร้อง ผักบุ้ง นกบิน';
/** Texts in rotation: most documents are near misses, about one in nine has the word. */
const TEXTS = [
  NEAR_MISS,
  `${NEAR_MISS} ริมน้ำ`,
  `ผักบุ้งไฟแดง ${WORD}ฝึกหัด`,
  'นกบินกลับรัง นักร้องลูกทุ่ง',
  `${NEAR_MISS} บ้าน`,
  'ผักบุ้ง นักร้อง',
  `${WORD} ขับเครื่องบิน`,
  NEAR_MISS,
  'ทะเลสาบ นกบินผ่าน',
];
/** Texts searched for: the word, texts that occur only in some documents, and near misses that occur nowhere. */
const PROBES = [WORD, `${WORD}ฝึก`, 'ผักบุ้งไฟ', 'นกบินกลับ', 'นักบุ้ง', 'ผักบิน', 'นกร้อง', 'บินผ่าน'];

function documents(from: number, count: number): IndexedDocument[] {
  return Array.from({ length: count }, (_, k) =>
    doc(`d${String(from + k).padStart(4, '0')}`, TEXTS[(from + k) % TEXTS.length] as string),
  );
}

/** Ids of the documents whose text contains `probe` (none of the probes ends before a Thai mark). */
function scan(docs: Iterable<IndexedDocument>, probe: string): string[] {
  return [...docs]
    .filter((d) => d.text.includes(probe))
    .map((d) => d.id)
    .sort();
}

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

/** Every probe, quoted and bare, finds exactly what a scan of the stored documents finds. */
async function expectScan(m: ReturnType<typeof memoryIndex>): Promise<void> {
  for (const probe of PROBES) {
    const want = scan(m.store.values(), probe);
    for (const q of [`"${probe}"`, probe]) {
      const r = await m.index.search({ projectId: 'p1', q, limit: 1000 });
      const got = r.hits.map((h) => h.documentId).sort();
      if (q === probe && want.length < 10) continue; // a bare query with few matches also finds misreads
      expect({ q, total: r.total, ids: got }).toEqual({ q, total: want.length, ids: want });
    }
  }
}

test('text whose trigrams many documents have is found only where it occurs: in memory, from a snapshot, with removals', async () => {
  const m = memoryIndex(dir.path);
  await m.index.start(m.source, { wait: true });
  await m.put(...documents(0, 450));
  expect(scan(m.store.values(), WORD).length).toBe(100);
  expect(scan(m.store.values(), 'นักบุ้ง')).toEqual([]);
  await expectScan(m);

  await m.index.snapshot();
  await expectScan(m);

  for (let i = 0; i < 450; i += 3) await m.drop(`d${String(i).padStart(4, '0')}`);
  await m.put(...documents(450, 60));
  await expectScan(m);
  await m.index.close();

  const again = memoryIndex(dir.path);
  for (const d of m.store.values()) again.store.set(d.id, d);
  await again.index.start(() => {
    throw new Error('the snapshot should load');
  });
  await expectScan(again);
  await again.index.close();
});
