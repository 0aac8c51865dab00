/**
 * Search performance at scale, docserve vs SQLite FTS5 (trigram) on the same documents, same run:
 * N documents of ~1,500 Thai characters built from the statute paragraphs; indexing docs/s, memory
 * per 1k documents, snapshot write and load time, query latency p50/p99 for 1-word, 2-word and
 * phrase queries (docserve includes snippets; FTS5 returns the total and the top 10 with snippet()).
 * A third column is plain MiniSearch with the same word tokenizer plus a Thai-bigram field (the design
 * the index replaced) on the first `--minisearch-docs` documents (default 20,000: it needs far more memory),
 * compared per 1,000 documents.
 *
 * Run: `npx bun bench/search.ts [--docs 100000] [--minisearch-docs 20000] [--queries 200] [--corpus DIR]`
 */
import { Database } from 'bun:sqlite';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MiniSearch from 'minisearch';
import { MemorySearchIndex } from '../src/core/search/search-index.ts';
import { forEachGram, Tokenizer } from '../src/core/search/tokenize.ts';
import type { IndexedDocument } from '../src/core/search/types.ts';
import { normalizeForSearch } from '../src/core/text/thai.ts';
import { corpusDir, flag, fmt, paragraphs, percentile, rng, sample } from './search-corpus.ts';

const DOCS = Number(flag('docs') ?? 100_000);
const QUERIES = Number(flag('queries') ?? 200);
const MINI_DOCS = Math.min(DOCS, Number(flag('minisearch-docs') ?? 20_000));
const paras = paragraphs(corpusDir());
const work = mkdtempSync(join(tmpdir(), 'docserve-bench-'));
const mb = (bytes: number) => bytes / 1024 / 1024;

/** Document `i`: consecutive paragraphs from a pseudo-random start, about 1,500 characters. */
function text(i: number): string {
  let s = '';
  for (let j = (i * 7919) % paras.length; s.length < 1500; j = (j + 1) % paras.length) s += `${paras[j]}\n`;
  return s;
}
function doc(i: number): IndexedDocument {
  return {
    id: String(i).padStart(8, '0'),
    projectId: 'bench',
    name: `เอกสาร-${i}.pdf`,
    text: text(i),
    kind: 'pdf',
    mime: 'application/pdf',
    tags: [],
    folderId: null,
    docType: null,
    createdAt: 1_700_000_000_000 + i,
  };
}
async function* batches(): AsyncIterable<IndexedDocument[]> {
  for (let i = 0; i < DOCS; i += 500)
    yield Array.from({ length: Math.min(500, DOCS - i) }, (_, k) => doc(i + k));
}

// Queries: Thai words (2+ characters) of the documents, pairs of them, and 3-word phrases.
const tokenizer = new Tokenizer();
const r = rng(3);
const vocabulary = new Set<string>();
const phrases: string[] = [];
for (const p of sample(paras, 3000, 4)) {
  const tokens = tokenizer.tokens(normalizeForSearch(p)).filter((t) => /^[\u0E01-\u0E4E]{2,}$/.test(t.term));
  for (const t of tokens) vocabulary.add(t.term);
  const i = Math.floor(r() * Math.max(1, tokens.length - 3));
  const span = tokens.slice(i, i + 3);
  if (span.length === 3 && (span[2] as { end: number }).end - (span[0] as { start: number }).start < 40)
    phrases.push(
      normalizeForSearch(p).slice((span[0] as { start: number }).start, (span[2] as { end: number }).end),
    );
}
const words = sample([...vocabulary], QUERIES, 5);
const pairs = words.map((w, i) => `${w} ${words[(i * 7 + 3) % words.length]}`);
const kinds: [string, string[], (q: string) => string, (q: string) => string][] = [
  ['1 word', words, (q) => q, (q) => `"${q}"`],
  [
    '2 words',
    pairs,
    (q) => q,
    (q) =>
      q
        .split(' ')
        .map((w) => `"${w}"`)
        .join(' '),
  ],
  ['phrase', sample(phrases, QUERIES, 6), (q) => `"${q}"`, (q) => `"${q}"`],
];

function latencies(run: (q: string) => number, queries: string[]) {
  const ms: number[] = [];
  let hits = 0;
  for (const q of queries) {
    const t = performance.now();
    hits += run(q) > 0 ? 1 : 0;
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99), found: hits / queries.length };
}

console.log(`${DOCS} documents of ~1,500 characters, ${QUERIES} queries per kind\n`);

// docserve -------------------------------------------------------------------------------------------
Bun.gc(true);
const rss0 = process.memoryUsage().rss;
const build = new MemorySearchIndex({ dir: work, loadText: (id) => text(Number(id)), snapshotDelayMs: 0 });
let t = performance.now();
await build.start(batches, { wait: true });
const buildS = (performance.now() - t) / 1000;
const snap = build.status().snapshot as { bytes: number; ms: number };
Bun.gc(true);
const rssIndex = process.memoryUsage().rss - rss0;
await build.close();

const loaded = new MemorySearchIndex({ dir: work, loadText: (id) => text(Number(id)), snapshotDelayMs: 0 });
t = performance.now();
await loaded.start(() => {
  throw new Error('the snapshot should load');
});
const loadS = (performance.now() - t) / 1000;
t = performance.now();
while (loaded.status().warming) await Bun.sleep(5);
const warmS = (performance.now() - t) / 1000;
const docserve = kinds.map(([, qs, toQuery]) => {
  for (const q of qs.slice(0, 10)) loaded.search({ projectId: 'bench', q: toQuery(q), limit: 10 });
  return latencies((q) => loaded.search({ projectId: 'bench', q: toQuery(q), limit: 10 }).total, qs);
});

// FTS5 trigram ---------------------------------------------------------------------------------------
const db = new Database(join(work, 'fts.db'));
db.run('PRAGMA journal_mode = WAL');
db.run("CREATE VIRTUAL TABLE t USING fts5(name, body, tokenize='trigram')");
const insert = db.prepare('INSERT INTO t(rowid, name, body) VALUES (?, ?, ?)');
t = performance.now();
for (let i = 0; i < DOCS; i += 1000)
  db.transaction(() => {
    for (let k = i; k < Math.min(DOCS, i + 1000); k++) {
      const d = doc(k);
      insert.run(k, normalizeForSearch(d.name), normalizeForSearch(d.text));
    }
  })();
const ftsS = (performance.now() - t) / 1000;
db.run('PRAGMA wal_checkpoint(TRUNCATE)');
const ftsBytes = statSync(join(work, 'fts.db')).size;
const count = db.prepare<{ n: number }, [string]>('SELECT count(*) AS n FROM t WHERE t MATCH ?');
const top = db.prepare<{ rowid: number; s: string }, [string]>(
  "SELECT rowid, snippet(t, 1, '<mark>', '</mark>', '…', 16) AS s FROM t WHERE t MATCH ? ORDER BY rank LIMIT 10",
);
const fts = kinds.map(([, qs, , toMatch]) =>
  latencies((q) => {
    try {
      top.all(toMatch(q));
      return count.get(toMatch(q))?.n ?? 0;
    } catch {
      return 0;
    }
  }, qs),
);
db.close();
rmSync(work, { recursive: true, force: true });

// MiniSearch: word terms + Thai bigrams as a second, lower-boosted field --------------------------------
const words2 = (s: string) => tokenizer.tokens(normalizeForSearch(s)).map((x) => x.term);
const bigrams = (s: string) => {
  const out: string[] = [];
  forEachGram(normalizeForSearch(s), (code) => out.push(`g${code.toString(36)}`));
  return out;
};
const mini = new MiniSearch<{ id: number; name: string; text: string; grams: string }>({
  fields: ['name', 'text', 'grams'],
  tokenize: (s, field) => (field === 'grams' ? bigrams(s) : words2(s)),
  processTerm: (term) => term,
  searchOptions: { boost: { name: 3, grams: 0.2 }, combineWith: 'AND' },
});
Bun.gc(true);
const miniRss0 = process.memoryUsage().rss;
t = performance.now();
for (let i = 0; i < MINI_DOCS; i++) {
  const d = doc(i);
  mini.add({ id: i, name: d.name, text: d.text, grams: d.text });
}
const miniS = (performance.now() - t) / 1000;
Bun.gc(true);
const miniRss = process.memoryUsage().rss - miniRss0;
t = performance.now();
const miniJson = JSON.stringify(mini);
const miniWriteS = (performance.now() - t) / 1000;
t = performance.now();
MiniSearch.loadJSON(miniJson, {
  fields: ['name', 'text', 'grams'],
  tokenize: (s, field) => (field === 'grams' ? bigrams(s) : words2(s)),
  processTerm: (term) => term,
});
const miniLoadS = (performance.now() - t) / 1000;
const miniResults = kinds.map(([, qs]) =>
  latencies(
    (q) =>
      mini.search({
        combineWith: 'OR',
        queries: [
          { queries: [words2(q).join(' ')], fields: ['name', 'text'], combineWith: 'AND' },
          { queries: [bigrams(q).join(' ')], fields: ['grams'], combineWith: 'AND' },
        ],
      }).length,
    qs,
  ),
);

// Report ---------------------------------------------------------------------------------------------
const rate = DOCS / buildS;
const ftsRate = DOCS / ftsS;
const miniRate = MINI_DOCS / miniS;
const perK = (bytes: number, n: number) => (1000 * mb(bytes)) / n;
const row = (label: string, a: string, b: string, c: string, ratios: string) =>
  console.log(`${label.padEnd(26)}${a.padStart(12)}${b.padStart(16)}${c.padStart(14)}   ${ratios}`);
console.log(`MiniSearch on ${MINI_DOCS} documents (per-1k and load figures scaled)\n`);
row('', 'docserve', 'FTS5 trigram', 'MiniSearch', 'docserve ÷ FTS5, ÷ MiniSearch');
row(
  'indexing (docs/s)',
  fmt(rate, 0),
  fmt(ftsRate, 0),
  fmt(miniRate, 0),
  `${fmt(rate / ftsRate)}x, ${fmt(rate / miniRate)}x`,
);
row(
  'size per 1k docs (MB)',
  fmt(perK(rssIndex, DOCS)),
  fmt(perK(ftsBytes, DOCS)),
  fmt(perK(miniRss, MINI_DOCS)),
  `${fmt(perK(rssIndex, DOCS) / perK(ftsBytes, DOCS))}x, ${fmt(perK(rssIndex, DOCS) / perK(miniRss, MINI_DOCS))}x (in-memory RSS; FTS5 file on disk)`,
);
const miniLoadScaled = (miniLoadS * DOCS) / MINI_DOCS;
row(
  'snapshot write (s)',
  fmt(snap.ms / 1000),
  '',
  fmt((miniWriteS * DOCS) / MINI_DOCS),
  `snapshot ${fmt(mb(snap.bytes), 0)} MB; MiniSearch JSON ${fmt((mb(miniJson.length) * DOCS) / MINI_DOCS, 0)} MB`,
);
row(
  'snapshot load (s)',
  fmt(loadS),
  '',
  fmt(miniLoadScaled),
  `-, ${fmt(loadS / miniLoadScaled)}x (then ${fmt(warmS)} s preparing bigram bitmaps in the background)`,
);
for (const [i, [kind]] of kinds.entries()) {
  const [a, b, c] = [docserve[i], fts[i], miniResults[i]] as ReturnType<typeof latencies>[];
  row(
    `${kind} p50 / p99 (ms)`,
    `${fmt(a.p50)} / ${fmt(a.p99)}`,
    `${fmt(b.p50)} / ${fmt(b.p99)}`,
    `${fmt(c.p50)} / ${fmt(c.p99)}`,
    `p99 ${fmt(a.p99 / b.p99)}x, ${fmt(a.p99 / c.p99)}x`,
  );
  row(
    `${kind} queries with hits`,
    `${fmt(100 * a.found, 0)}%`,
    `${fmt(100 * b.found, 0)}%`,
    `${fmt(100 * c.found, 0)}%`,
    '',
  );
}
console.log(
  '\nGoals at 100k: p99 < 20 ms, snapshot load < 3 s, indexing >= 2,000 docs/s. FTS5 trigram cannot match words under 3 characters;',
);
console.log(
  'MiniSearch has no phrases (its phrase row is all the words, anywhere) and searches a smaller index.',
);
