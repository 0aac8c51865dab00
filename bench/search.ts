/**
 * Search performance at scale, docserve vs SQLite FTS5 (trigram) on the same documents: N documents of
 * ~1,500 Thai characters built from the statute paragraphs; indexing docs/s, size per 1,000 documents,
 * snapshot write and load, query latency p50/p99 for 1-word, 2-word and phrase queries (docserve
 * includes snippets; FTS5 returns the total and the top 10 with snippet()), and for docserve the p99
 * when queries arrive 8 at a time (each timed from its arrival, so waiting behind the others counts),
 * and the p99 of queries answered while 1,000 more documents are being indexed (compare it with the
 * idle p99 of the same run).
 *
 * Each contender runs in its own process and the runs alternate (docserve, FTS5, docserve, FTS5, ...,
 * `--rounds` each, default 3) so a change of load on a shared machine hits both; the report gives the
 * min and median of every figure over the rounds, each process's CPU time and peak RSS, and the load
 * average before and after. Per kind of query it also gives the CPU time of the querying thread per
 * query (mean), which waiting for a core on a shared machine does not inflate.
 *
 * Run: `npx bun bench/search.ts [--docs 100000] [--queries 200] [--rounds 3] [--corpus DIR]`
 */
import { Database } from 'bun:sqlite';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySearchIndex } from '../src/core/search/search-index.ts';
import type { IndexedDocument } from '../src/core/search/types.ts';
import { normalizeForSearch } from '../src/core/text/thai.ts';
import {
  benchDocument,
  corpusDir,
  documentBatches,
  flag,
  fmt,
  type Kind,
  paragraphs,
  percentile,
  queryKinds,
  text,
} from './search-corpus.ts';

const DOCS = Number(flag('docs') ?? 100_000);
const QUERIES = Number(flag('queries') ?? 200);
const ROUNDS = Number(flag('rounds') ?? 3);
const CONTENDER = flag('contender');
const mb = (bytes: number) => bytes / 1024 / 1024;

/** p50 and p99 latency (ms) and the share of queries with hits. */
async function latencies(
  run: (q: string) => Promise<number> | number,
  queries: string[],
): Promise<Record<string, number>> {
  const ms: number[] = [];
  let hits = 0;
  const cpu = threadCpuMs();
  for (const q of queries) {
    const t = performance.now();
    hits += (await run(q)) > 0 ? 1 : 0;
    ms.push(performance.now() - t);
  }
  const cpuMs = (threadCpuMs() - cpu) / queries.length;
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p99: percentile(ms, 99), found: hits / queries.length, cpu: cpuMs };
}

/**
 * CPU time of the calling thread (ms): the queries run on it, so its time per query does not count
 * waiting for a core on a busy machine (the clock ticks in steps of a few ms: only sums over many
 * queries are meaningful).
 */
function threadCpuMs(): number {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1000;
}

/** p99 latency (ms) of queries sent `width` at a time, each timed from when its group was sent. */
async function concurrentP99(run: (q: string) => Promise<unknown>, queries: string[], width: number) {
  const ms: number[] = [];
  for (let i = 0; i < queries.length; i += width) {
    const t = performance.now();
    await Promise.all(
      queries.slice(i, i + width).map((q) => run(q).then(() => ms.push(performance.now() - t))),
    );
  }
  ms.sort((a, b) => a - b);
  return percentile(ms, 99) as number;
}

/** One docserve run: build, snapshot, reload, query. */
async function runDocserve(paras: string[], kinds: Kind[], work: string): Promise<Record<string, number>> {
  const doc = (i: number) => benchDocument(paras, i);
  const batches = () => documentBatches(paras, DOCS);
  const loadText = (id: string) => text(paras, Number(id));
  Bun.gc(true);
  const rss0 = process.memoryUsage().rss;
  const build = new MemorySearchIndex({ dir: work, loadText, snapshotDelayMs: 0 });
  let t = performance.now();
  await build.start(batches, { wait: true });
  const indexS = (performance.now() - t) / 1000;
  const snap = build.status().snapshot as { bytes: number; ms: number };
  Bun.gc(true);
  const rssIndex = process.memoryUsage().rss - rss0;
  await build.close();

  const loaded = new MemorySearchIndex({ dir: work, loadText, snapshotDelayMs: 0 });
  t = performance.now();
  await loaded.start(() => {
    throw new Error('the snapshot should load');
  });
  const loadS = (performance.now() - t) / 1000;
  const out: Record<string, number> = {
    'indexing (docs/s)': DOCS / indexS,
    'RSS per 1k docs (MB)': (1000 * mb(rssIndex)) / DOCS,
    'snapshot per 1k docs (MB)': (1000 * mb(snap.bytes)) / DOCS,
    'snapshot write (s)': snap.ms / 1000,
    'snapshot load (s)': loadS,
  };
  for (const [kind, qs, toQuery] of kinds) {
    for (const q of qs.slice(0, 10)) await loaded.search({ projectId: 'bench', q: toQuery(q), limit: 10 });
    const l = await latencies(
      async (q) => (await loaded.search({ projectId: 'bench', q: toQuery(q), limit: 10 })).total,
      qs,
    );
    out[`${kind} p50 (ms)`] = l.p50 as number;
    out[`${kind} p99 (ms)`] = l.p99 as number;
    out[`${kind} CPU per query (ms)`] = l.cpu as number;
    out[`${kind} with hits (%)`] = 100 * (l.found as number);
  }
  for (const [kind, qs, toQuery] of kinds)
    out[`${kind} p99, 8 at once (ms)`] = await concurrentP99(
      (q) => loaded.search({ projectId: 'bench', q: toQuery(q), limit: 10 }),
      qs,
      8,
    );
  Object.assign(out, await whileIndexing(loaded, kinds, (k) => doc(DOCS + k)));
  await loaded.close();
  return out;
}

/**
 * Queries while 1,000 more documents are being indexed (all upserts issued at once, applied in the
 * background): per kind the p99 of the queries answered before the last document became searchable,
 * kinds taking turns, and the indexing rate meanwhile.
 */
async function whileIndexing(
  index: MemorySearchIndex,
  kinds: Kind[],
  doc: (k: number) => IndexedDocument,
): Promise<Record<string, number>> {
  const ADDED = 1000;
  let done = false;
  const started = performance.now();
  const adding = Promise.all(Array.from({ length: ADDED }, (_, k) => index.upsert(doc(k)))).then(() => {
    done = true;
  });
  const ms: number[][] = kinds.map(() => []);
  for (let i = 0; !done; i++) {
    const [, qs, toQuery] = kinds[i % kinds.length] as Kind;
    const t = performance.now();
    await index.search({
      projectId: 'bench',
      q: toQuery(qs[Math.floor(i / kinds.length) % qs.length] as string),
      limit: 10,
    });
    if (!done) (ms[i % kinds.length] as number[]).push(performance.now() - t);
    await new Promise((r) => setImmediate(r)); // as requests do: let the indexer's messages in
  }
  await adding;
  const out: Record<string, number> = {
    'indexing while queried (docs/s)': ADDED / ((performance.now() - started) / 1000),
  };
  kinds.forEach(([kind], k) => {
    const sorted = (ms[k] as number[]).sort((a, b) => a - b);
    out[`${kind} p99 while indexing (ms)`] = sorted.length ? (percentile(sorted, 99) as number) : Number.NaN;
    out[`${kind} queries while indexing`] = sorted.length;
  });
  return out;
}

/** One FTS5 trigram run on the same normalized text. */
async function runFts(paras: string[], kinds: Kind[], work: string): Promise<Record<string, number>> {
  const db = new Database(join(work, 'fts.db'));
  db.run('PRAGMA journal_mode = WAL');
  db.run("CREATE VIRTUAL TABLE t USING fts5(name, body, tokenize='trigram')");
  const insert = db.prepare('INSERT INTO t(rowid, name, body) VALUES (?, ?, ?)');
  const t = performance.now();
  for (let i = 0; i < DOCS; i += 1000)
    db.transaction(() => {
      for (let k = i; k < Math.min(DOCS, i + 1000); k++)
        insert.run(k, normalizeForSearch(`เอกสาร-${k}.pdf`), normalizeForSearch(text(paras, k)));
    })();
  const indexS = (performance.now() - t) / 1000;
  db.run('PRAGMA wal_checkpoint(TRUNCATE)');
  const out: Record<string, number> = {
    'indexing (docs/s)': DOCS / indexS,
    'snapshot per 1k docs (MB)': (1000 * mb(statSync(join(work, 'fts.db')).size)) / DOCS,
  };
  const count = db.prepare<{ n: number }, [string]>('SELECT count(*) AS n FROM t WHERE t MATCH ?');
  const top = db.prepare<{ rowid: number; s: string }, [string]>(
    "SELECT rowid, snippet(t, 1, '<mark>', '</mark>', '…', 16) AS s FROM t WHERE t MATCH ? ORDER BY rank LIMIT 10",
  );
  for (const [kind, qs, , toMatch] of kinds) {
    const l = await latencies((q) => {
      try {
        top.all(toMatch(q));
        return count.get(toMatch(q))?.n ?? 0;
      } catch {
        return 0; // FTS5 trigram rejects terms under 3 characters: counted as no hits
      }
    }, qs);
    out[`${kind} p50 (ms)`] = l.p50 as number;
    out[`${kind} p99 (ms)`] = l.p99 as number;
    out[`${kind} CPU per query (ms)`] = l.cpu as number;
    out[`${kind} with hits (%)`] = 100 * (l.found as number);
  }
  db.close();
  return out;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? (s[s.length >> 1] as number)
    : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

if (CONTENDER) {
  const paras = paragraphs(corpusDir());
  const kinds = queryKinds(paras, QUERIES);
  const work = mkdtempSync(join(tmpdir(), 'docserve-bench-'));
  try {
    const out =
      CONTENDER === 'docserve' ? await runDocserve(paras, kinds, work) : await runFts(paras, kinds, work);
    console.log(JSON.stringify(out));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
} else {
  corpusDir();
  const contenders = ['docserve', 'FTS5 trigram'] as const;
  const results: Record<string, Record<string, number>[]> = { docserve: [], 'FTS5 trigram': [] };
  const passOn = ['docs', 'queries', 'corpus'].flatMap((f) => (flag(f) ? [`--${f}`, flag(f) as string] : []));
  console.log(
    `${DOCS} documents of ~1,500 characters, ${QUERIES} queries per kind, ${ROUNDS} alternating rounds`,
  );
  console.log(`load average before: ${load()}`);
  for (let round = 1; round <= ROUNDS; round++)
    for (const c of contenders) {
      const proc = Bun.spawn(
        [
          process.execPath,
          import.meta.path,
          '--contender',
          c === 'docserve' ? 'docserve' : 'fts5',
          ...passOn,
        ],
        { stdout: 'pipe', stderr: 'inherit' },
      );
      const stdout = await new Response(proc.stdout).text();
      if ((await proc.exited) !== 0) throw new Error(`${c} run ${round} failed`);
      const usage = proc.resourceUsage();
      const figures = JSON.parse(stdout.trim().split('\n').pop() as string) as Record<string, number>;
      figures['process CPU (s)'] = Number(usage?.cpuTime.total ?? Number.NaN) / 1e6;
      figures['process peak RSS (MB)'] = mb(usage?.maxRSS ?? Number.NaN);
      results[c]?.push(figures);
      console.log(`  round ${round} ${c}: done (load ${load()})`);
    }
  const labels = [...new Set(contenders.flatMap((c) => (results[c] ?? []).flatMap((r) => Object.keys(r))))];
  const cell = (c: string, label: string) => {
    const xs = (results[c] ?? []).map((r) => r[label]).filter((x): x is number => x !== undefined);
    return xs.length ? `${fmt(Math.min(...xs))} / ${fmt(median(xs))}` : '-';
  };
  const pad = (label: string, a: string, b: string, c: string) =>
    console.log(`${label.padEnd(28)}${a.padStart(22)}${b.padStart(22)}${c.padStart(18)}`);
  console.log('');
  pad('(min / median)', 'docserve', 'FTS5 trigram', 'median ratio');
  for (const label of labels) {
    const med = (c: string) => median((results[c] ?? []).map((r) => r[label] ?? Number.NaN));
    pad(
      label,
      cell('docserve', label),
      cell('FTS5 trigram', label),
      Number.isFinite(med('docserve') / med('FTS5 trigram'))
        ? `${fmt(med('docserve') / med('FTS5 trigram'))}x`
        : '',
    );
  }
  console.log(`\nload average after: ${load()}`);
  console.log(
    'docserve RSS per 1k is the in-memory index (RSS growth); FTS5 has no snapshot: its row is the database file. FTS5 trigram cannot match words under 3 characters.',
  );
}
