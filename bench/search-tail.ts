/**
 * The bench queries of `bench/search.ts` in one process against a snapshot of its documents, built once
 * and kept under `--cache DIR/<docs>/` (default `/tmp/docserve-search-tail`), to look at the slowest
 * queries and compare two builds of the index without rebuilding it every run.
 *
 * - `--dump FILE`: every query's total, ids, scores, snippets, terms and fields as JSON (diff two dumps
 *   to check that a change keeps results byte-identical).
 * - `--profile`: per kind, the CPU of the index alone and of the whole search for the slowest 2% of the
 *   queries, with the functions a sampling profile found most often on top of the stack.
 * - `--against DIR`: alternating rounds of this tree's index and the one of another checkout at `DIR`
 *   (its `src/core/search/search-index.ts`): per kind the CPU per query (thread CPU, mean), the p99 of
 *   the queries' CPU (the tail without the waits of a busy machine) and the wall-clock p99, min and
 *   median over `--rounds` (default 3) rounds.
 * - `--impl DIR`: run `--dump` or `--profile` with the index of the checkout at `DIR`.
 *
 * Run: `bun bench/search-tail.ts --docs 100000 --corpus DIR [--dump FILE | --profile | --against DIR]`
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { dlopen, FFIType, ptr } from 'bun:ffi';
import { profile } from 'bun:jsc';
import type { MemorySearchIndex } from '../src/core/search/search-index.ts';
import {
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
const ROUNDS = Number(flag('rounds') ?? 3);
const CACHE = resolve(flag('cache') ?? '/tmp/docserve-search-tail', String(DOCS));
const HERE = resolve(import.meta.dir, '..');

type IndexClass = typeof MemorySearchIndex;

async function implementation(root: string): Promise<IndexClass> {
  const mod = await import(join(resolve(root), 'src/core/search/search-index.ts'));
  return mod.MemorySearchIndex as IndexClass;
}

/** The snapshot of the bench documents, built with this tree's index when the cache lacks it. */
async function ensureSnapshot(paras: string[]): Promise<void> {
  if (existsSync(join(CACHE, 'search.snapshot'))) return;
  mkdirSync(CACHE, { recursive: true });
  const Index = await implementation(HERE);
  const batches = () => documentBatches(paras, DOCS);
  const started = performance.now();
  const build = new Index({ dir: CACHE, loadText: (id) => text(paras, Number(id)), snapshotDelayMs: 0 });
  await build.start(batches, { wait: true });
  await build.close();
  console.error(
    `built ${DOCS} documents into ${CACHE} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

/** An index of `root`'s build reading the cached snapshot (read-only: the cache is left as it is). */
async function open(root: string, paras: string[]): Promise<MemorySearchIndex> {
  const Index = await implementation(root);
  const index = new Index({ dir: CACHE, loadText: (id) => text(paras, Number(id)), readOnly: true });
  await index.start(
    () => {
      throw new Error('the cached snapshot should load');
    },
    { wait: true },
  );
  return index;
}

const search = (index: MemorySearchIndex, q: string) => index.search({ projectId: 'bench', q, limit: 10 });

const libc = dlopen(process.platform === 'darwin' ? 'libc.dylib' : 'libc.so.6', {
  clock_gettime: { args: [FFIType.i32, FFIType.ptr], returns: FFIType.i32 },
});
const CLOCK_THREAD_CPUTIME_ID = process.platform === 'darwin' ? 16 : 3;
const timespec = new BigInt64Array(2);
const timespecPtr = ptr(timespec);

/**
 * CPU time of the calling thread (ms), from `clock_gettime` (nanoseconds): `process.threadCpuUsage`
 * moves in steps of a tick, too coarse to time one query.
 */
function threadCpuMs(): number {
  libc.symbols.clock_gettime(CLOCK_THREAD_CPUTIME_ID, timespecPtr);
  return Number(timespec[0]) * 1e3 + Number(timespec[1]) / 1e6;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? (s[s.length >> 1] as number)
    : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

/** CPU per query (ms, mean), p99 of the queries' CPU and wall-clock p99 (ms) of one kind's queries. */
async function timeKind(
  index: MemorySearchIndex,
  kind: Kind,
): Promise<{ cpu: number; cpuP99: number; p99: number }> {
  const [, qs, toQuery] = kind;
  for (const q of qs.slice(0, 10)) await search(index, toQuery(q));
  const ms: number[] = [];
  const cpus: number[] = [];
  for (const q of qs) {
    const c = threadCpuMs();
    const t = performance.now();
    await search(index, toQuery(q));
    ms.push(performance.now() - t);
    cpus.push(threadCpuMs() - c);
  }
  const mean = cpus.reduce((x, y) => x + y, 0) / qs.length;
  ms.sort((x, y) => x - y);
  cpus.sort((x, y) => x - y);
  return { cpu: mean, cpuP99: percentile(cpus, 99), p99: percentile(ms, 99) };
}

async function dump(index: MemorySearchIndex, kinds: Kind[], file: string): Promise<void> {
  const out: unknown[] = [];
  for (const [kind, qs, toQuery] of kinds)
    for (const q of qs) out.push({ kind, q: toQuery(q), ...(await search(index, toQuery(q))) });
  writeFileSync(file, `${JSON.stringify(out, null, 1)}\n`);
  console.log(`${out.length} queries written to ${file}`);
}

/**
 * The slowest 2% of each kind by CPU (min of 3 runs), their CPU in the index alone and in the whole
 * search, and a sampling profile of them. The index's remembered text checks are dropped before every
 * run, as the bench meets each query once.
 */
async function profileTail(index: MemorySearchIndex, kinds: Kind[]): Promise<void> {
  const inner = index as unknown as {
    index: { search: (...a: unknown[]) => { total: number }; occurrences: Map<string, unknown> };
    tokenizer: unknown;
  };
  const { parseQuery } = await import('../src/core/search/query.ts');
  const cpuOf = async (run: () => unknown) => {
    inner.index.occurrences.clear();
    const t = threadCpuMs();
    await run();
    return threadCpuMs() - t;
  };
  const minOf = async (run: () => unknown, reps: number) => {
    let best = Infinity;
    for (let r = 0; r < reps; r++) best = Math.min(best, await cpuOf(run));
    return best;
  };
  for (const [kind, qs, toQuery] of kinds) {
    const timed: { q: string; ms: number }[] = [];
    for (const q of qs) timed.push({ q: toQuery(q), ms: await minOf(() => search(index, toQuery(q)), 3) });
    timed.sort((a, b) => b.ms - a.ms);
    const tail = timed.slice(0, Math.max(1, Math.ceil(qs.length / 50)));
    console.log(`\n${kind}: slowest ${tail.length} of ${qs.length} by CPU (ms, min of runs)`);
    for (const { q, ms } of tail) {
      const clauses = parseQuery(q, inner.tokenizer as never);
      const run = () => inner.index.search({ projectId: 'bench', q, limit: 10 }, clauses, 0, 10);
      const indexCpu = await minOf(run, 10);
      const allCpu = await minOf(() => search(index, q), 10);
      console.log(
        `  ${q}  total ${run().total}  CPU: index ${fmt(indexCpu)}, whole search ${fmt(allCpu)} (first pass ${fmt(ms)})`,
      );
    }
    const sampled = await profile(async () => {
      for (let r = 0; r < 20; r++)
        for (const { q } of tail) {
          inner.index.occurrences.clear();
          await search(index, q);
        }
    }, 100);
    const lines = sampled.functions.split('\n');
    const top = lines.findIndex((l) => /Sampling rate|self/i.test(l));
    console.log(lines.slice(Math.max(0, top), Math.max(0, top) + 28).join('\n'));
  }
}

async function compare(paras: string[], kinds: Kind[], other: string): Promise<void> {
  const builds = [
    { name: 'before', index: await open(other, paras) },
    { name: 'after', index: await open(HERE, paras) },
  ];
  const figures = new Map<string, number[]>();
  const add = (key: string, v: number) => figures.set(key, [...(figures.get(key) ?? []), v]);
  console.log(
    `load average before: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? [...builds].reverse() : builds;
    for (const { name, index } of order)
      for (const kind of kinds) {
        const { cpu, cpuP99, p99 } = await timeKind(index, kind);
        add(`${kind[0]}\t${name}\tCPU`, cpu);
        add(`${kind[0]}\t${name}\tCPU p99`, cpuP99);
        add(`${kind[0]}\t${name}\tp99`, p99);
      }
    console.log(
      `  round ${round + 1} done (load ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')})`,
    );
  }
  console.log(`\n${DOCS} documents, ${ROUNDS} rounds each, min / median (ms)`);
  const cell = (k: string) => {
    const xs = figures.get(k) ?? [];
    return `${fmt(Math.min(...xs))} / ${fmt(median(xs))}`;
  };
  const columns = ['CPU', 'CPU p99', 'p99'].flatMap((f) => [`${f} before`, `${f} after`]);
  console.log(`${'kind'.padEnd(10)}${columns.map((c) => c.padStart(16)).join('')}`);
  for (const [kind] of kinds)
    console.log(
      `${kind.padEnd(10)}${columns
        .map((c) => {
          const [, f, build] = /^(.*) (before|after)$/.exec(c) as string[];
          return cell(`${kind}\t${build}\t${f}`).padStart(16);
        })
        .join('')}`,
    );
  console.log(
    `load average after: ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
  for (const b of builds) await b.index.close();
}

const paras = paragraphs(corpusDir());
const kinds = queryKinds(paras, Number(flag('queries') ?? 200));
await ensureSnapshot(paras);
const against = flag('against');
const dumpTo = flag('dump');
if (against) await compare(paras, kinds, against);
else {
  const index = await open(flag('impl') ?? HERE, paras);
  if (dumpTo) await dump(index, kinds, dumpTo);
  if (process.argv.includes('--profile')) await profileTail(index, kinds);
  await index.close();
}
