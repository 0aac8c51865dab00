import { afterEach, beforeEach, expect, test } from 'bun:test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IndexedDocument } from '../../../src/core/search/types.ts';
import { normalizeForSearch } from '../../../src/core/text/thai.ts';
import { tempDir } from '../../helpers/server.ts';
import { doc, inMemoryAndFromSnapshot, type memoryIndex } from './helpers.ts';

const FIXTURES = join(import.meta.dir, '../../fixtures/extract');
/** Thai marks that belong to the cluster before them: a match may not end just before one. */
const MARK = /[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/;
/** A Thai character that can start a cluster (a consonant or a leading vowel), and any Thai character. */
const THAI_START = /[\u0E01-\u0E30\u0E32\u0E33\u0E40-\u0E44]/;
const THAI = /[\u0E01-\u0E4E]/;

/**
 * Documents of real Thai text: windows of four lines of the invoices' text layers and of their OCR
 * readings (misreads included), overlapping so that most text occurs in several documents.
 */
function documents(): IndexedDocument[] {
  const out: IndexedDocument[] = [];
  for (const file of readdirSync(FIXTURES)
    .filter((f) => f.endsWith('.pages.json'))
    .sort()) {
    const pages = JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as { text: string }[];
    const lines = pages.flatMap((p) => p.text.split('\n')).filter((l) => l.trim());
    for (let i = 0; i < lines.length; i += 2)
      out.push(
        doc(
          `${file.replace(/\..*$/, '')}-${file.includes('scan') ? 's' : 't'}${i}`,
          lines.slice(i, i + 4).join('\n'),
        ),
      );
  }
  return out;
}

/** The text a document is searched as: normalized, whitespace runs as one space. */
const searchable = (d: IndexedDocument) => normalizeForSearch(d.text).replace(/\s+/g, ' ');

/** Ids of the documents whose text contains `probe` somewhere not followed by a mark: a plain scan. */
function scan(docs: IndexedDocument[], probe: string): string[] {
  return docs
    .filter((d) => {
      const text = searchable(d);
      for (let at = text.indexOf(probe); at >= 0; at = text.indexOf(probe, at + 1))
        if (!MARK.test(text[at + probe.length] ?? '')) return true;
      return false;
    })
    .map((d) => d.id)
    .sort();
}

/** Adjacent pairs of Thai characters: text with fewer than two is found only as whole words. */
function thaiPairs(text: string): number {
  let n = 0;
  for (let i = 1; i < text.length; i++)
    if (THAI.test(text[i - 1] as string) && THAI.test(text[i] as string)) n++;
  return n;
}

/**
 * Probes cut from the documents' text: 3 to 24 characters starting where a Thai cluster starts and ending with Thai, with
 * two Thai character pairs or more (one word, part of one, or several with spaces or digits between), every 2nd position of every document.
 */
function probes(docs: IndexedDocument[]): string[] {
  const out = new Set<string>();
  let k = 0;
  for (const d of docs) {
    const text = searchable(d);
    for (let at = 0; at < text.length; at += 2) {
      const len = 3 + (k++ % 22);
      const p = text.slice(at, at + len);
      if (p.length === len && THAI_START.test(p[0] as string) && THAI.test(p.at(-1) as string))
        if (!/["“”]/.test(p) && !MARK.test(text[at + len] ?? '') && thaiPairs(p) >= 2) out.add(p);
    }
  }
  return [...out];
}

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

test('quoted Thai text finds exactly the documents a plain substring scan finds, in memory and from a snapshot', async () => {
  const docs = documents();
  const all = probes(docs);
  expect(docs.length).toBeGreaterThan(150);
  expect(all.length).toBeGreaterThan(400);
  const check = async (m: ReturnType<typeof memoryIndex>) => {
    let several = 0;
    let phrases = 0;
    for (const probe of all) {
      const want = scan(docs, probe);
      if (want.length > 1) several++;
      if (probe.includes(' ')) phrases++;
      const hits = (await m.index.search({ projectId: 'p1', q: `"${probe}"`, limit: 1000 })).hits;
      expect({ probe, ids: hits.map((h) => h.documentId).sort() }).toEqual({ probe, ids: want });
    }
    expect(several).toBeGreaterThan(200);
    expect(phrases).toBeGreaterThan(50);
  };

  await inMemoryAndFromSnapshot(dir.path, docs, check);
});
