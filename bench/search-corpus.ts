/**
 * Shared helpers of the search benchmarks: the Thai corpus location (`--corpus DIR` or
 * `DOCSERVE_CORPUS`, default `../shared/corpus`), a seeded random generator, and the gold word and
 * phrase samples that occur in the statute paragraphs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { rng } from '../scripts/extract-fixtures/data.ts';
import { Tokenizer } from '../src/core/search/tokenize.ts';
import type { IndexedDocument } from '../src/core/search/types.ts';
import { normalizeForSearch } from '../src/core/text/thai.ts';

/** The seeded generator of the labelled extraction set (Mulberry32). */
export { rng };

/** Value of `--name value` on the command line. */
export function flag(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** The corpus directory; exits with a message when it is missing. */
export function corpusDir(): string {
  const dir = resolve(flag('corpus') ?? process.env.DOCSERVE_CORPUS ?? '../shared/corpus');
  if (!existsSync(join(dir, 'thai_law', 'paragraphs.txt'))) {
    console.error(`Thai corpus not found in ${dir} (give --corpus DIR or DOCSERVE_CORPUS)`);
    process.exit(2);
  }
  return dir;
}

export function paragraphs(dir: string): string[] {
  return readFileSync(join(dir, 'thai_law', 'paragraphs.txt'), 'utf8')
    .split('\n')
    .filter(Boolean);
}

/** Gold-segmented sentences: one array of tokens per line. */
export function goldSentences(dir: string, file: string): string[][] {
  return readFileSync(join(dir, 'segmentation', file), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('|'));
}

export const GOLD_FILES = [
  'wisesight-1000.gold.txt',
  'wisesight-160.gold.txt',
  'ud_thai_pud.gold.txt',
  'ud_thai_tud_test.gold.txt',
  'ud_thai_tud_dev.gold.txt',
  'ud_thai_tud_train.gold.txt',
];

/** Picks `n` items without replacement (deterministic for a seed). */
export function sample<T>(items: T[], n: number, seed: number): T[] {
  const r = rng(seed);
  const a = [...items];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [a[i], a[j]] = [a[j] as T, a[i] as T];
  }
  return a.slice(0, n);
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export const fmt = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

/** Bench document `i`: consecutive paragraphs from a pseudo-random start, about 1,500 characters. */
export function text(paras: string[], i: number): string {
  let s = '';
  for (let j = (i * 7919) % paras.length; s.length < 1500; j = (j + 1) % paras.length) s += `${paras[j]}\n`;
  return s;
}

/** Bench document `i` (project `bench`): its text is {@link text}. */
export function benchDocument(paras: string[], i: number): IndexedDocument {
  return {
    id: String(i).padStart(8, '0'),
    projectId: 'bench',
    name: `เอกสาร-${i}.pdf`,
    text: text(paras, i),
    kind: 'pdf',
    mime: 'application/pdf',
    tags: [],
    folderId: null,
    docType: null,
    createdAt: 1_700_000_000_000 + i,
  };
}

/** The first `count` bench documents in batches of 500, as a rebuild reads them from the database. */
export async function* documentBatches(paras: string[], count: number): AsyncIterable<IndexedDocument[]> {
  for (let i = 0; i < count; i += 500)
    yield Array.from({ length: Math.min(500, count - i) }, (_, k) => benchDocument(paras, i + k));
}

/** A kind of bench query: its name, the queries, docserve's query text and FTS5's MATCH text. */
export type Kind = [string, string[], (q: string) => string, (q: string) => string];

/** Bench queries (`count` of each kind): Thai words (2+ characters) of the documents, pairs of them, and 3-word phrases. */
export function queryKinds(paras: string[], count: number): Kind[] {
  const tokenizer = new Tokenizer();
  const r = rng(3);
  const vocabulary = new Set<string>();
  const phrases: string[] = [];
  for (const p of sample(paras, 3000, 4)) {
    const tokens = tokenizer
      .tokens(normalizeForSearch(p))
      .filter((t) => /^[\u0E01-\u0E4E]{2,}$/.test(t.term));
    for (const t of tokens) vocabulary.add(t.term);
    const i = Math.floor(r() * Math.max(1, tokens.length - 3));
    const span = tokens.slice(i, i + 3);
    if (span.length === 3 && (span[2] as { end: number }).end - (span[0] as { start: number }).start < 40)
      phrases.push(
        normalizeForSearch(p).slice((span[0] as { start: number }).start, (span[2] as { end: number }).end),
      );
  }
  const words = sample([...vocabulary], count, 5);
  const pairs = words.map((w, i) => `${w} ${words[(i * 7 + 3) % words.length]}`);
  const quoteEach = (q: string) =>
    q
      .split(' ')
      .map((w) => `"${w}"`)
      .join(' ');
  return [
    ['1 word', words, (q) => q, (q) => `"${q}"`],
    ['2 words', pairs, (q) => q, quoteEach],
    ['phrase', sample(phrases, count, 6), (q) => `"${q}"`, (q) => `"${q}"`],
  ];
}
