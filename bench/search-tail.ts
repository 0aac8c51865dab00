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
 *   (its `src/core/search/search-index.ts`): CPU per query (thread CPU, mean of a kind) and p99, min
 *   and median over `--rounds` (default 3) rounds.
 * - `--impl DIR`: run `--dump` or `--profile` with the index of the checkout at `DIR`.
 *
 * Run: `bun bench/search-tail.ts --docs 100000 --corpus DIR [--dump FILE | --profile | --against DIR]`
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { profile } from 'bun:jsc';
import type { MemorySearchIndex } from '../src/core/search/search-index.ts';
import type { IndexedDocument } from '../src/core/search/types.ts';
import {
  corpusDir,
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
  const doc = (i: number): IndexedDocument => ({
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
  });
  async function* batches(): AsyncIterable<IndexedDocument[]> {
    for (let i = 0; i < DOCS; i += 500)
      yield Array.from({ length: Math.min(500, DOCS - i) }, (_, k) => doc(i + k));
  }
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

function threadCpuMs(): number {
  const u = process.threadCpuUsage();
  return (u.user + u.system) / 1000;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? (s[s.length >> 1] as number)
    : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

/** CPU per query (ms, mean) and wall-clock p99 (ms) of one kind's queries. */
async function timeKind(index: MemorySearchIndex, kind: Kind): Promise<{ cpu: number; p99: number }> {
  const [, qs, toQuery] = kind;
  for (const q of qs.slice(0, 10)) await search(index, toQuery(q));
  const ms: number[] = [];
  const cpu = threadCpuMs();
  for (const q of qs) {
    const t = performance.now();
    await search(index, toQuery(q));
    ms.push(performance.now() - t);
  }
  const perQuery = (threadCpuMs() - cpu) / qs.length;
  ms.sort((a, b) => a - b);
  return { cpu: perQuery, p99: percentile(ms, 99) };
}

async function dump(index: MemorySearchIndex, kinds: Kind[], file: string): Promise<void> {
  const out: unknown[] = [];
  for (const [kind, qs, toQuery] of kinds)
    for (const q of qs) out.push({ kind, q: toQuery(q), ...(await search(index, toQuery(q))) });
  writeFileSync(file, `${JSON.stringify(out, null, 1)}\n`);
  console.log(`${out.length} queries written to ${file}`);
}

/** The slowest 2% of each kind (min wall time of 3 runs), their index and total CPU, and a profile. */
async function profileTail(index: MemorySearchIndex, kinds: Kind[]): Promise<void> {
  const inner = index as unknown as {
    index: { search: (...a: unknown[]) => { total: number } };
    tokenizer: unknown;
  };
  const { parseQuery } = await import('../src/core/search/query.ts');
  for (const [kind, qs, toQuery] of kinds) {
    const timed: { q: string; ms: number }[] = [];
    for (const q of qs) {
      let best = Infinity;
      for (let r = 0; r < 3; r++) {
        const t = performance.now();
        await search(index, toQuery(q));
        best = Math.min(best, performance.now() - t);
      }
      timed.push({ q: toQuery(q), ms: best });
    }
    timed.sort((a, b) => b.ms - a.ms);
    const tail = timed.slice(0, Math.max(1, Math.ceil(qs.length / 50)));
    console.log(`\n${kind}: slowest ${tail.length} of ${qs.length} (min of 3 runs, ms)`);
    for (const { q, ms } of tail) {
      const clauses = parseQuery(q, inner.tokenizer as never);
      const reps = 20;
      let t = threadCpuMs();
      let total = 0;
      for (let r = 0; r < reps; r++)
        total = inner.index.search({ projectId: 'bench', q, limit: 10 }, clauses, 0, 10).total;
      const indexCpu = (threadCpuMs() - t) / reps;
      t = threadCpuMs();
      for (let r = 0; r < reps; r++) await search(index, q);
      const allCpu = (threadCpuMs() - t) / reps;
      console.log(
        `  ${q}  total ${total}  wall ${fmt(ms)}  CPU: index ${fmt(indexCpu)}, whole search ${fmt(allCpu)}`,
      );
    }
    const sampled = await profile(async () => {
      for (let r = 0; r < 20; r++) for (const { q } of tail) await search(index, q);
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
        const { cpu, p99 } = await timeKind(index, kind);
        add(`${kind[0]}\t${name}\tCPU`, cpu);
        add(`${kind[0]}\t${name}\tp99`, p99);
      }
    console.log(
      `  round ${round + 1} done (load ${loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')})`,
    );
  }
  console.log(`\n${DOCS} documents, ${ROUNDS} rounds each, min / median (ms)`);
  console.log(
    `${'kind'.padEnd(10)}${'CPU before'.padStart(16)}${'CPU after'.padStart(16)}${'p99 before'.padStart(16)}${'p99 after'.padStart(16)}`,
  );
  const cell = (k: string) => {
    const xs = figures.get(k) ?? [];
    return `${fmt(Math.min(...xs))} / ${fmt(median(xs))}`;
  };
  for (const [kind] of kinds)
    console.log(
      `${kind.padEnd(10)}${cell(`${kind}\tbefore\tCPU`).padStart(16)}${cell(`${kind}\tafter\tCPU`).padStart(16)}${cell(`${kind}\tbefore\tp99`).padStart(16)}${cell(`${kind}\tafter\tp99`).padStart(16)}`,
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
