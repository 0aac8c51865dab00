import { afterEach, beforeEach, expect, test } from 'bun:test';
import type { IndexedDocument } from '../../../src/core/search/types.ts';
import { tempDir } from '../../helpers/server.ts';
import { doc, inMemoryAndFromSnapshot, type memoryIndex } from './helpers.ts';

/**
 * A quoted phrase of common words: most documents have its words apart, in another order, or every
 * bigram and trigram of it without it, and a few have it. Its words are scored only in documents having
 * all its bigrams and trigrams; totals and pages must still equal a plain substring scan in the
 * documented order (the matching texts are identical, so they tie on score: newest first, then the
 * greater id).
 */

const PHRASE = 'ต่อไปนี้';
const TEXTS = [
  'ต่อ สัญญา ไป ศาล นี้', // the words apart
  'นี้ ไป ต่อ', // another order
  'ต่อไปอีก ไปนี้', // every trigram of the phrase, not the phrase
  `ดัง${PHRASE} ทุกข้อ`, // the phrase
  'ต่อไป ศาล ไปนี้',
  'สัญญาเช่า ที่ดิน',
];

function documents(): IndexedDocument[] {
  return Array.from({ length: 280 }, (_, i) =>
    doc(`d${String((i * 7919) % 1000).padStart(4, '0')}`, TEXTS[i % TEXTS.length] as string, {
      createdAt: 1_700_000_000_000 + ((i * 37) % 61),
    }),
  );
}

/** Ids of the documents containing `text` (spaces between Thai letters do not count), newest first, then by greater id. */
function scan(docs: IndexedDocument[], text: string): string[] {
  return docs
    .filter((d) => d.text.replace(/\s+/g, '').includes(text))
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
    .map((d) => d.id);
}

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

test('a phrase of common words finds what a substring scan finds, in memory and from a snapshot', async () => {
  const docs = documents();
  const check = async (m: ReturnType<typeof memoryIndex>) => {
    for (const probe of [PHRASE, 'ไปนี้ทุก']) {
      const want = scan(docs, probe);
      expect(want.length).toBeGreaterThanOrEqual(40);
      for (const [offset, limit] of [
        [0, 10],
        [5, 20],
        [0, 1000],
      ] as const) {
        const r = await m.index.search({ projectId: 'p1', q: `"${probe}"`, offset, limit });
        expect({ probe, offset, total: r.total, ids: r.hits.map((h) => h.documentId) }).toEqual({
          probe,
          offset,
          total: want.length,
          ids: want.slice(offset, offset + limit),
        });
      }
    }
  };
  await inMemoryAndFromSnapshot(dir.path, docs, check);
});
