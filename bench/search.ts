/**
 * Search performance at scale, docserve vs SQLite FTS5 (trigram) on the same documents, same run:
 * N documents of ~1,500 Thai characters built from the statute paragraphs; indexing docs/s, memory
 * per 1k documents, snapshot write and load time, query latency p50/p99 for 1-word, 2-word and
 * phrase queries (docserve includes snippets; FTS5 returns the total and the top 10 with snippet()).
 *
 * Run: `npx bun bench/search.ts [--docs 100000] [--queries 200] [--corpus DIR]`
 */
import { Database } from 'bun:sqlite';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySearchIndex } from '../src/core/search/search-index.ts';
import { Tokenizer } from '../src/core/search/tokenize.ts';
import type { IndexedDocument } from '../src/core/search/types.ts';
import { normalizeForSearch } from '../src/core/text/thai.ts';
import { corpusDir, flag, fmt, paragraphs, percentile, rng, sample } from './search-corpus.ts';

const DOCS = Number(flag('docs') ?? 100_000);
const QUERIES = Number(flag('queries') ?? 200);
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
await loaded.start(async function* () {
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

// Report ---------------------------------------------------------------------------------------------
const rate = DOCS / buildS;
const ftsRate = DOCS / ftsS;
console.log('                              docserve     FTS5 trigram   docserve / FTS5');
console.log(
  `indexing (docs/s)        ${fmt(rate, 0).padStart(12)} ${fmt(ftsRate, 0).padStart(16)} ${fmt(rate / ftsRate).padStart(16)}x`,
);
console.log(
  `size per 1k docs (MB)    ${fmt((1000 * mb(rssIndex)) / DOCS).padStart(12)} ${fmt((1000 * mb(ftsBytes)) / DOCS).padStart(16)}   (docserve: RSS in memory; FTS5: file on disk)`,
);
console.log(
  `snapshot write / size    ${`${fmt(snap.ms / 1000)} s`.padStart(12)} ${`${fmt(mb(snap.bytes), 0)} MB`.padStart(16)}`,
);
console.log(
  `snapshot load (s)        ${fmt(loadS).padStart(12)}   (then ${fmt(warmS)} s in the background preparing bigram bitmaps)`,
);
for (const [i, [kind]] of kinds.entries()) {
  const a = docserve[i] as ReturnType<typeof latencies>;
  const b = fts[i] as ReturnType<typeof latencies>;
  console.log(
    `${`${kind} p50 / p99 (ms)`.padEnd(25)}${`${fmt(a.p50)} / ${fmt(a.p99)}`.padStart(12)} ${`${fmt(b.p50)} / ${fmt(b.p99)}`.padStart(16)} ${`${fmt(a.p50 / b.p50)}x / ${fmt(a.p99 / b.p99)}x`.padStart(17)}`,
  );
  console.log(
    `${`${kind} queries with hits`.padEnd(25)}${fmt(100 * a.found, 0).padStart(11)}% ${fmt(100 * b.found, 0).padStart(15)}%`,
  );
}
console.log(
  '\nGoals at 100k: p99 < 20 ms, snapshot load < 3 s, indexing >= 2,000 docs/s. FTS5 trigram cannot match words under 3 characters.',
);
