import { afterEach, beforeEach, expect, test } from 'bun:test';
import type { IndexedDocument } from '../../../src/core/search/types.ts';
import { tempDir } from '../../helpers/server.ts';
import { doc, inMemoryAndFromSnapshot, memoryIndex } from './helpers.ts';

/**
 * Ranking picks the best `offset + limit` matches without sorting them all, and checks substring
 * candidates (documents having the bigrams of a Thai word but not always the word) one by one. These
 * tests compare totals and pages with what a plain scan of the texts and the documented order give.
 */

const WORD = 'สัญญา';
const OTHER = 'ปัญญา';
/** Its bigrams and trigrams without it: candidates that the text check must turn away. */
const NEAR_MISS = 'ปัญญา สัญลักษณ์';

/**
 * Several hundred documents. Matching texts are identical within a kind, so every match of a query
 * scores the same and the documented order falls back to newest first, then the greater id; creation
 * times repeat (every value three times), so the id decides often.
 */
function documents(): IndexedDocument[] {
  const kinds = [
    `${WORD} ${OTHER}`, // both words, in order
    `${OTHER} ${WORD}`, // both words, the other order
    `${OTHER} ที่ดิน`, // the other word alone
    NEAR_MISS,
    'ภาษีเงินได้ บุคคลธรรมดา',
  ];
  return Array.from({ length: 500 }, (_, i) =>
    doc(`d${String((i * 7919) % 1000).padStart(4, '0')}`, kinds[(i * 13) % kinds.length] as string, {
      createdAt: 1_700_000_000_000 + ((i * 37) % 167),
    }),
  );
}

/** The documents whose text contains every one of `parts`, newest first, then by greater id. */
function expected(docs: IndexedDocument[], parts: string[]): string[] {
  return docs
    .filter((d) => parts.every((p) => d.text.replace(/\s+/g, '').includes(p)))
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map((d) => d.id);
}

const PAGES: [number, number][] = [
  [0, 10],
  [0, 1],
  [3, 7],
  [10, 10],
  [95, 20],
  [0, 1000],
];

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

test('totals and pages equal a plain scan in the documented order, in memory and from a snapshot', async () => {
  const docs = documents();
  const queries: [string, string[]][] = [
    [WORD, [WORD]],
    [`${WORD} ${OTHER}`, [WORD, OTHER]],
    [`"${WORD}${OTHER}"`, [`${WORD}${OTHER}`]],
    [`"${OTHER}${WORD}"`, [`${OTHER}${WORD}`]],
  ];
  const check = async (m: ReturnType<typeof memoryIndex>) => {
    for (const [q, parts] of queries) {
      const want = expected(docs, parts);
      expect(want.length).toBeGreaterThan(50);
      for (const [offset, limit] of PAGES) {
        const r = await m.index.search({ projectId: 'p1', q, offset, limit });
        expect({ q, offset, total: r.total, ids: r.hits.map((h) => h.documentId) }).toEqual({
          q,
          offset,
          total: want.length,
          ids: want.slice(offset, offset + limit),
        });
      }
    }
  };

  await inMemoryAndFromSnapshot(dir.path, docs, check);
});

test('pages of matches scoring differently are the slices of one full ranking, best score first', async () => {
  // Texts of different lengths with the word once or twice: scores differ; creation times repeat.
  const docs = Array.from({ length: 400 }, (_, i) => {
    const filler = Array.from({ length: i % 9 }, () => 'ที่ดิน').join(' ');
    const text = i % 4 === 3 ? NEAR_MISS : [WORD, i % 2 ? WORD : '', filler].join(' ');
    return doc(`e${String(i).padStart(4, '0')}`, text, { createdAt: 1_700_000_000_000 + (i % 50) });
  });
  const m = memoryIndex(dir.path);
  await m.index.start(m.source, { wait: true });
  await m.put(...docs);
  const want = expected(docs, [WORD]);
  const full = await m.index.search({ projectId: 'p1', q: WORD, limit: 1000 });
  expect(full.total).toBe(want.length);
  expect(full.hits.map((h) => h.documentId).sort()).toEqual([...want].sort());
  for (let i = 1; i < full.hits.length; i++)
    expect((full.hits[i - 1] as { score: number }).score).toBeGreaterThanOrEqual(
      (full.hits[i] as { score: number }).score,
    );
  expect(new Set(full.hits.map((h) => h.score)).size).toBeGreaterThan(5);
  const ids = full.hits.map((h) => h.documentId);
  for (const [offset, limit] of PAGES) {
    const r = await m.index.search({ projectId: 'p1', q: WORD, offset, limit });
    expect({ offset, total: r.total, ids: r.hits.map((h) => h.documentId) }).toEqual({
      offset,
      total: want.length,
      ids: ids.slice(offset, offset + limit),
    });
  }
  await m.index.close();
});
