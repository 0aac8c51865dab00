/**
 * Where the search index's memory goes during a rebuild and after it: N documents of ~1,500 Thai
 * characters (the documents of bench/search.ts) are indexed from scratch with one merge at the end
 * (`--merge-mb`, default 48, is the rebuild's merge threshold), and the process's RSS (anonymous and
 * file-backed) is printed at each step: the in-memory segment full, the segment image written on the main
 * thread, the merge in the worker done, the rebuild done, then after a garbage collection, after the
 * released memory has settled, after close, and with the snapshot loaded again. The peak is sampled
 * every 20 ms.
 *
 * Run: `npx bun bench/search-memory.ts [--docs 10000] [--merge-mb 48] [--corpus DIR]`
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvertedIndex } from '../src/core/search/inverted-index.ts';
import { MemorySearchIndex } from '../src/core/search/search-index.ts';
import { SearchWorker } from '../src/core/search/worker-client.ts';
import { corpusDir, documentBatches, flag, paragraphs, text as corpusText } from './search-corpus.ts';

const DOCS = Number(flag('docs') ?? 10_000);
const MERGE_MB = Number(flag('merge-mb') ?? 48);
const paras = paragraphs(corpusDir());
const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);

const text = (i: number) => corpusText(paras, i);

/** RSS, anonymous and file-backed resident MB of this process (all threads: the workers count). */
function rss(): { rss: number; anon: number; file: number } {
  const kb = (name: string) =>
    Number(/\d+/.exec(readFileSync('/proc/self/status', 'utf8').split(`${name}:`)[1] ?? '0')?.[0] ?? 0);
  return {
    rss: Math.round(kb('VmRSS') / 1024),
    anon: Math.round(kb('RssAnon') / 1024),
    file: Math.round(kb('RssFile') / 1024),
  };
}

const started = performance.now();
const base = rss().rss;
let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, rss().rss);
}, 20);
const mark = (what: string) => {
  const r = rss();
  peak = Math.max(peak, r.rss);
  console.log(
    `${((performance.now() - started) / 1000).toFixed(1).padStart(7)} s  RSS ${String(r.rss).padStart(5)} MB (+${r.rss - base}; anon ${r.anon}, file ${r.file}; JS heap ${mb(process.memoryUsage().heapUsed)})  ${what}`,
  );
};

// Step markers: the merge starts with freeze(); the worker is asked once the image is written.
const freeze = InvertedIndex.prototype.freeze;
InvertedIndex.prototype.freeze = function (this: InvertedIndex) {
  mark(`merge starts: in-memory segment of ${this.mem.size} documents (estimated ${mb(this.mem.bytes)} MB)`);
  return freeze.call(this);
};
const merge = SearchWorker.prototype.merge;
SearchWorker.prototype.merge = async function (this: SearchWorker, req) {
  mark(
    `segment image written on the main thread (${mb(req.delta.reduce((n, c) => n + c.byteLength, 0))} MB)`,
  );
  const bytes = await merge.call(this, req);
  mark(`merge done in the worker (${mb(bytes)} MB snapshot)`);
  return bytes;
};

console.log(
  `${DOCS} documents, merge threshold ${MERGE_MB} MB; load average before: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
const dir = mkdtempSync(join(tmpdir(), 'docserve-memory-'));
try {
  mark('start');
  const build = new MemorySearchIndex({
    dir,
    loadText: (id) => text(Number(id)),
    snapshotDelayMs: 0,
    rebuildMergeBytes: MERGE_MB << 20,
  });
  await build.start(() => documentBatches(paras, DOCS), { wait: true });
  mark('rebuild done');
  Bun.gc(true);
  mark('after a garbage collection');
  let last = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 20; i++) {
    await Bun.sleep(500);
    Bun.gc(true);
    const now = rss().rss;
    if (now >= last - 1) break;
    last = now;
  }
  mark('settled (released worker memory returned)');
  const settled = rss().rss - base;
  await build.close();
  Bun.gc(true);
  mark('closed');
  const loaded = new MemorySearchIndex({ dir, loadText: (id) => text(Number(id)), snapshotDelayMs: 0 });
  await loaded.start(() => {
    throw new Error('the snapshot should load');
  });
  await loaded.search({ projectId: 'bench', q: 'มาตรา', limit: 10 });
  Bun.gc(true);
  mark('snapshot loaded again, one query answered');
  await loaded.close();
  clearInterval(sampler);
  console.log(
    `\nsampled peak RSS ${peak} MB (+${peak - base}); settled after the rebuild +${settled} MB = ${((1000 * settled) / DOCS).toFixed(2)} MB per 1,000 documents; peak growth / settled growth ${((peak - base) / Math.max(1, settled)).toFixed(1)}x`,
  );
  console.log(
    `load average after: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
