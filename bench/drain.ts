/**
 * Backlog benchmark: N small Thai + English page images uploaded to a real `docserve start` (real OCR
 * engine, fresh data directory) as fast as the native API takes them, then drained by the OCR workers.
 *
 *   npx bun bench/drain.ts [--pages 5000] [--workers N] [--corpus DIR] [--baseline-sample 200]
 *                          [--font Loma] [--uploaders 4] [--database sqlite|postgres] [--keep]
 *   npx bun bench/drain.ts --nodes 1,2 [--rounds 3] [--blobs s3|local] [--pages 200] [--workers N] …
 *
 * Each page is two short lines rendered by ImageMagick at 200 dpi (about 560x115 px): a Thai phrase from
 * `thai_law/paragraphs.txt` and an English phrase from `parallel/ud_thai_pud.th_en.tsv` of the corpus
 * (`--corpus`, `$DOCSERVE_CORPUS` or ../shared/corpus), so every page differs and its text is known.
 * While the backlog drains, /healthz and /proc/PID/status are sampled once per second: pages done, live
 * OCR workers (the pool's `started`), running `document.process` jobs, RSS and threads. At the end it
 * prints total time, pages/s overall and per 10% of pages, the worker count seen while work was queued,
 * RSS (first vs last tenth of the drain), failed pages, CER against the known text, and a baseline:
 * native `tesseract` (same 4.0.0_best_int data, psm 3 like the engine, `OMP_THREAD_LIMIT=1`, one process
 * per worker) over the first `--baseline-sample` images, with the ratio docserve ÷ native pages/s.
 * Exits 1 when a page is lost or failed or the worker count was not the configured one throughout.
 * `--database postgres` runs the server on a throwaway PostgreSQL cluster (initdb + pg_ctl, Debian's
 * binaries, `synchronous_commit=off`) instead of SQLite in its data directory; compare the drivers by
 * running the script alternately with each.
 *
 * `--nodes 1,2` (or one count) is the scale-out drain (bench/drain-nodes.ts): each run starts a fresh
 * database on one PostgreSQL cluster, a fresh prefix of one s3rver bucket (`--blobs s3`, the default;
 * `local` for one node only) and that many `docserve start` processes with `--workers` OCR workers each;
 * the same pages go to the nodes in turn. The counts alternate (1, 2, 1, 2, … `--rounds` times each) and
 * it prints pages/s (min, median), CPU of the nodes, PostgreSQL and this process (uploads, s3rver),
 * the load average, and jobs lost and run twice counted in PostgreSQL and at a webhook receiver; it exits
 * 1 when any was lost or run twice. No native baseline in this mode: the nodes are compared with each other.
 * Needs Debian's imagemagick, tesseract-ocr and fonts-thai-tlwg (and postgresql for `--database postgres`
 * and `--nodes`).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { coreCount } from '../src/config.ts';
import { TesseractEngine } from '../src/core/ocr/engine.ts';
import { resolveEngine } from '../src/core/ocr/native.ts';
import { cer, corpusCer } from '../test/helpers/cer.ts';
import { type PostgresCluster, startPostgresCluster } from '../test/helpers/postgres.ts';
import { embeddedTessdata, load, nativeTexts, stats, treeCpuSecs } from './contenders.ts';
import { drainOnNodes, type NodesRun } from './drain-nodes.ts';

const { values: args } = parseArgs({
  options: {
    pages: { type: 'string', default: '5000' },
    workers: { type: 'string' },
    corpus: { type: 'string' },
    'baseline-sample': { type: 'string', default: '200' },
    font: { type: 'string', default: 'Loma' },
    uploaders: { type: 'string', default: '4' },
    database: { type: 'string', default: 'sqlite' },
    nodes: { type: 'string' },
    blobs: { type: 'string', default: 's3' },
    rounds: { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
  },
});
const ROOT = resolve(import.meta.dir, '..');
const corpus = resolve(args.corpus ?? process.env.DOCSERVE_CORPUS ?? join(ROOT, '../shared/corpus'));
const N = Number(args.pages);
const WORKERS = Number(args.workers ?? coreCount());
const SAMPLE = Math.min(N, Number(args['baseline-sample']));
const UPLOADERS = Number(args.uploaders);
const PROCESS_JOB = 'document.process';
const DATABASE = args.database as string;
if (DATABASE !== 'sqlite' && DATABASE !== 'postgres')
  throw new Error('--database must be sqlite or postgres');
/** The engine the server runs (`DOCSERVE_OCR_ENGINE`, default auto: native when installed). */
const ENGINE = resolveEngine(
  (process.env.DOCSERVE_OCR_ENGINE ?? 'auto') as Parameters<typeof resolveEngine>[0],
);
/** No page finished for this long: something is stuck (the engine's own page timeout is 180 s, retried once). */
const STALL_MS = 10 * 60_000;
for (const [name, v] of [
  ['--pages', N],
  ['--workers', WORKERS],
  ['--uploaders', UPLOADERS],
] as const)
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer`);

const work = mkdtempSync(join(tmpdir(), 'bench-drain-'));
const log = (s: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${s}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return Number.NaN;
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

// ---------------------------------------------------------------------------------------------- pages

/** Thai combining marks: a phrase is never cut just before one. */
const COMBINING = /[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/;

/** Whole space-separated tokens from `start` up to `max` code points (a lone longer token is cut). */
function phrase(text: string, start: number, max: number): string {
  const tokens = text.split(/\s+/).filter(Boolean);
  let out = '';
  for (const t of tokens.slice(Math.min(start, Math.max(0, tokens.length - 1)))) {
    const next = out ? `${out} ${t}` : t;
    if (Array.from(next).length > max) break;
    out = next;
  }
  if (!out) {
    const cps = Array.from(tokens[0] ?? '');
    let end = Math.min(max, cps.length);
    while (end > 1 && COMBINING.test(cps[end] ?? '')) end--;
    out = cps.slice(0, end).join('');
  }
  return out;
}

/** N distinct two-line texts: a Thai law phrase over an English sentence's phrase. */
function pageTexts(n: number): string[] {
  const law = readFileSync(join(corpus, 'thai_law/paragraphs.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => Array.from(l).length >= 30);
  const english = readFileSync(join(corpus, 'parallel/ud_thai_pud.th_en.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t')[2]?.trim() ?? '')
    .filter((l) => l.length >= 20);
  const texts: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; texts.length < n && i < law.length * 3; i++) {
    const thai = phrase(law[i % law.length] as string, i % 3, 34);
    const en = phrase(english[i % english.length] as string, Math.floor(i / english.length) * 3, 42);
    const text = `${thai}\n${en}`;
    if (thai.length < 8 || en.length < 8 || /^@/.test(thai) || seen.has(text)) continue;
    seen.add(text);
    texts.push(text);
  }
  if (texts.length < n) throw new Error(`The corpus gives only ${texts.length} distinct pages`);
  return texts;
}

/** Runs `fn` over `items` with `limit` in flight. */
async function pool<T>(items: T[], limit: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i] as T, i);
      }
    }),
  );
}

/** Renders each text to a grayscale PNG at 200 dpi (label: takes % and \ as escapes). */
async function render(texts: string[], dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const paths = texts.map((_, i) => join(dir, `page-${String(i + 1).padStart(5, '0')}.png`));
  let done = 0;
  await pool(texts, coreCount(), async (text, i) => {
    const p = Bun.spawn(
      [
        'convert',
        '-density',
        '200',
        '-units',
        'PixelsPerInch',
        '-font',
        args.font as string,
        '-pointsize',
        '10',
        '-background',
        'white',
        '-fill',
        'black',
        `label:${text.replace(/[%\\]/g, (c) => c + c)}`,
        '-bordercolor',
        'white',
        '-border',
        '12',
        '-colorspace',
        'Gray',
        '-depth',
        '8',
        paths[i] as string,
      ],
      { stdout: 'ignore', stderr: 'pipe' },
    );
    const [code, err] = await Promise.all([p.exited, new Response(p.stderr).text()]);
    if (code !== 0) throw new Error(`convert failed on page ${i + 1}: ${err.slice(0, 300)}`);
    if (++done % 1000 === 0) log(`rendered ${done}/${texts.length}`);
  });
  return paths;
}

// --------------------------------------------------------------------------------------------- server

interface Server {
  proc: ReturnType<typeof Bun.spawn>;
  url: string;
  key: string;
  stderr(): string;
}

/**
 * `docserve start --port 0` from source on a fresh data directory (and a fresh PostgreSQL cluster's
 * database when `database` is given); the admin key from its first start.
 */
async function startServer(dataDir: string, database?: string): Promise<Server> {
  const proc = Bun.spawn(
    [
      process.execPath,
      join(ROOT, 'src/main.ts'),
      'start',
      '--port',
      '0',
      '--data',
      dataDir,
      '--ocr-workers',
      String(WORKERS),
      ...(database ? ['--database', database] : []),
    ],
    { cwd: ROOT, stdout: 'ignore', stderr: 'pipe' },
  );
  let buf = '';
  void (async () => {
    const reader = (proc.stderr as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buf = (buf + decoder.decode(value, { stream: true })).slice(-200_000);
    }
  })();
  const deadline = Date.now() + 30_000;
  while (!/admin key:\s+\S+/.test(buf)) {
    if (proc.exitCode !== null) throw new Error(`server exited with ${proc.exitCode}: ${buf}`);
    if (Date.now() > deadline) throw new Error(`server did not start: ${buf}`);
    await sleep(20);
  }
  return {
    proc,
    url: (buf.match(/listening on (http:\/\/\S+)/) as RegExpMatchArray)[1] as string,
    key: (buf.match(/admin key:\s+(\S+)/) as RegExpMatchArray)[1] as string,
    stderr: () => buf,
  };
}

interface Health {
  queue: Record<string, Record<string, number>>;
  workers: {
    jobs: Record<string, number>;
    ocr: {
      workers: number;
      started: number;
      spawned: number;
      busy: number;
      queued: number;
      restarts: number;
    };
  };
}

interface Sample {
  t: number;
  done: number;
  dead: number;
  queued: number;
  runningDb: number;
  running: number;
  live: number;
  busy: number;
  spawned: number;
  restarts: number;
  rssKb: number;
  threads: number;
}

function procStatus(pid: number): { rssKb: number; threads: number } {
  try {
    const s = readFileSync(`/proc/${pid}/status`, 'utf8');
    return {
      rssKb: Number(s.match(/VmRSS:\s+(\d+)/)?.[1] ?? 0),
      threads: Number(s.match(/Threads:\s+(\d+)/)?.[1] ?? 0),
    };
  } catch {
    return { rssKb: 0, threads: 0 };
  }
}

/** CPU seconds (user + system) of one thread of a process. */
function threadCpuSecs(pid: number, tid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

async function sample(server: Server): Promise<Sample> {
  const h = (await (await fetch(`${server.url}/healthz`)).json()) as Health;
  const q = h.queue[PROCESS_JOB] ?? {};
  return {
    t: Date.now(),
    done: q.done ?? 0,
    dead: q.dead ?? 0,
    queued: q.queued ?? 0,
    runningDb: q.running ?? 0,
    running: h.workers.jobs[PROCESS_JOB] ?? 0,
    live: h.workers.ocr.started,
    busy: h.workers.ocr.busy,
    spawned: h.workers.ocr.spawned,
    restarts: h.workers.ocr.restarts,
    ...procStatus(server.proc.pid),
  };
}

// ------------------------------------------------------------------------------------------- baseline

/** docserve's engine alone, in this process (no server, jobs or HTTP), over the same images. */
async function engineAlone(images: string[]) {
  const engine = new TesseractEngine({
    workers: WORKERS,
    pageTimeoutMs: 180_000,
    lang: 'tha+eng',
    maxPixels: 2e8,
    engine: ENGINE,
  });
  try {
    // Every worker started before the clock does.
    await Promise.all(images.slice(0, WORKERS).map((path) => engine.recognize({ path, mime: 'image/png' })));
    const cpu = treeCpuSecs();
    const started = performance.now();
    const pages = await Promise.all(images.map((path) => engine.recognize({ path, mime: 'image/png' })));
    const secs = (performance.now() - started) / 1000;
    const used = treeCpuSecs() - cpu;
    const timings: Record<string, number[]> = {};
    for (const [page] of pages)
      for (const [k, v] of Object.entries(page?.timings ?? {})) timings[k] = [...(timings[k] ?? []), v];
    // Time inside the worker only: decodeMs and totalMs include waiting behind the other pages.
    const mean = Object.entries(timings)
      .filter(([k]) => k !== 'decodeMs' && k !== 'totalMs')
      .map(([k, v]) => `${k} ${(v.reduce((a, b) => a + b, 0) / v.length).toFixed(0)} ms (${v.length} pages)`);
    return { secs, cpuSecs: used, timings: mean.join(', ') };
  } finally {
    await engine.close();
  }
}

// ----------------------------------------------------------------------------------------- scale out

/** `--nodes`: the node counts alternated over `--rounds`; prints the comparison, returns the exit code. */
async function compareNodes(counts: number[]): Promise<number> {
  const rounds = Number(args.rounds);
  const blobs = args.blobs as string;
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds must be a positive integer');
  if (blobs !== 's3' && blobs !== 'local') throw new Error('--blobs must be s3 or local');
  if (blobs === 'local' && counts.some((n) => n > 1)) throw new Error('several nodes need --blobs s3');
  console.log(
    `corpus: ${corpus}  pages: ${N}  nodes: ${counts.join(' vs ')}  OCR workers per node: ${WORKERS}  cores: ${coreCount()}  PostgreSQL + ${blobs === 's3' ? 's3rver' : 'local blobs'}  rounds: ${rounds}`,
  );
  const texts = pageTexts(N);
  const images = await render(texts, join(work, 'pages'));
  log(`rendered ${N} pages`);
  const cluster = await startPostgresCluster({ synchronous_commit: 'off' });
  const { startTestS3 } = await import('../test/helpers/s3.ts');
  const s3 = blobs === 's3' ? await startTestS3('docserve') : undefined;
  const runs = new Map<number, NodesRun[]>(counts.map((n) => [n, []]));
  let run = 0;
  try {
    for (let r = 0; r < rounds; r++)
      for (const nodes of counts) {
        log(`round ${r + 1}/${rounds}: ${nodes} node(s) (load ${load()})`);
        const result = await drainOnNodes({
          images,
          nodes,
          workers: WORKERS,
          uploaders: UPLOADERS,
          cluster,
          s3,
          run: ++run,
          work,
          log,
        });
        runs.get(nodes)?.push(result);
        console.log(
          `  round ${r + 1}, ${nodes} node(s): ${result.pagesPerSec.toFixed(2)} pages/s (${result.secs.toFixed(1)} s; uploads ${result.uploadsPerNode.join(' + ')} in ${result.uploadSecs.toFixed(1)} s); CPU nodes ${result.cpu.nodes.toFixed(0)} s, PostgreSQL ${result.cpu.postgres.toFixed(1)} s, bench + s3rver ${result.cpu.bench.toFixed(1)} s; load ${result.load.map((l) => l.toFixed(1)).join(' -> ')}; lost ${result.lost.length}, run twice ${result.duplicated.length}`,
        );
        for (const f of [...result.lost, ...result.duplicated].slice(0, 10)) console.log(`    ${f}`);
      }
  } finally {
    await s3?.stop();
    cluster.stop();
  }
  console.log(
    `\nDraining ${N} queued OCR pages on 1 PostgreSQL + ${blobs === 's3' ? 'one s3rver bucket' : 'the data directory'}, ${WORKERS} OCR workers per node, engine ${ENGINE}, ${rounds} alternating rounds`,
  );
  const summary = new Map<number, { median: number; min: number; cpu: number }>();
  let bad = 0;
  for (const [nodes, rs] of runs) {
    const rate = stats(rs.map((x) => x.pagesPerSec));
    const cpu = stats(rs.map((x) => (x.cpu.nodes + x.cpu.postgres + x.cpu.bench) / x.pages));
    const pg = stats(rs.map((x) => x.cpu.postgres / x.pages));
    const loads = rs.flatMap((x) => x.load);
    const lost = rs.reduce((s, x) => s + x.lost.length, 0);
    const twice = rs.reduce((s, x) => s + x.duplicated.length, 0);
    bad += lost + twice;
    summary.set(nodes, { ...rate, cpu: cpu.median });
    console.log(
      `  ${nodes} node(s): pages/s min ${rate.min.toFixed(2)} median ${rate.median.toFixed(2)}; CPU per page (nodes + PostgreSQL + bench) median ${cpu.median.toFixed(3)} s (PostgreSQL ${pg.median.toFixed(4)} s); load ${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)}; lost ${lost}, run twice ${twice} (of ${rs.length * N} pages)`,
    );
  }
  const [a, ...others] = counts;
  const base = summary.get(a as number);
  for (const n of others) {
    const s = summary.get(n);
    if (base && s)
      console.log(
        `  ${n} nodes ÷ ${a}: pages/s ${(s.median / base.median).toFixed(2)}x median (${(s.min / base.min).toFixed(2)}x min); CPU per page ${(s.cpu / base.cpu).toFixed(2)}x`,
      );
  }
  return bad > 0 ? 1 : 0;
}

// ----------------------------------------------------------------------------------------------- main

if (args.nodes) {
  let code = 1;
  try {
    const counts = (args.nodes as string).split(',').map(Number);
    if (!counts.length || counts.some((n) => !Number.isInteger(n) || n < 1))
      throw new Error('--nodes takes node counts: 2, or 1,2');
    code = await compareNodes(counts);
  } catch (err) {
    console.error(err);
  } finally {
    if (args.keep) console.error(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
  process.exit(code);
}

interface DocJson {
  id: string;
  status: string;
  ocr: { error: string | null; pages: number | null; started_at: string | null; completed_at: string | null };
}

let server: Server | undefined;
let cluster: PostgresCluster | undefined;
let exitCode = 0;
try {
  console.log(
    `corpus: ${corpus}  pages: ${N}  OCR workers: ${WORKERS}  cores: ${coreCount()}  database: ${DATABASE}`,
  );
  const texts = pageTexts(N);
  const t = performance.now();
  const images = await render(texts, join(work, 'pages'));
  const dims = Bun.spawnSync(['identify', '-format', '%wx%h', images[0] as string])
    .stdout.toString()
    .trim();
  const renderSecs = (performance.now() - t) / 1000;
  log(`rendered ${N} pages (${dims} px, 200 dpi, font ${args.font}) in ${renderSecs.toFixed(0)} s`);

  if (DATABASE === 'postgres') cluster = await startPostgresCluster({ synchronous_commit: 'off' });
  server = await startServer(join(work, 'data'), cluster && `${cluster.baseUrl}/postgres`);
  const srv = server;
  const auth = { authorization: `Bearer ${srv.key}` };
  log(`server pid ${srv.proc.pid} at ${srv.url}`);

  const samples: Sample[] = [];
  let sampling = true;
  const sampler = (async () => {
    let lastLog = 0;
    while (sampling) {
      const tick = Date.now();
      try {
        const s = await sample(srv);
        samples.push(s);
        if (tick - lastLog >= 10_000) {
          lastLog = tick;
          log(
            `done ${s.done}/${N}  queued ${s.queued}  running ${s.running}  workers ${s.live} (busy ${s.busy}, spawned ${s.spawned})  RSS ${mb(s.rssKb)}  threads ${s.threads}`,
          );
        }
      } catch (err) {
        log(`sample failed: ${(err as Error).message}`);
      }
      await sleep(Math.max(0, 1000 - (Date.now() - tick)));
    }
  })();

  // Upload every page; OCR starts on the first one, as it would in production.
  const ids: string[] = new Array(N);
  const uploadErrors: string[] = [];
  let duplicates = 0;
  const t0 = Date.now();
  await pool(images, UPLOADERS, async (path, i) => {
    const form = new FormData();
    form.append('file', Bun.file(path), `page-${i + 1}.png`);
    const res = await fetch(`${srv.url}/api/v1/documents`, { method: 'POST', headers: auth, body: form });
    const body = (await res.json()) as { data?: { id: string }; duplicate?: boolean };
    if (res.status !== 201 || !body.data) {
      if (body.duplicate) duplicates++;
      uploadErrors.push(`page ${i + 1}: HTTP ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
    }
    if (body.data) ids[i] = body.data.id;
  });
  const uploadedAt = Date.now();
  const atUpload = await sample(srv);
  log(
    `uploaded ${N} pages in ${((uploadedAt - t0) / 1000).toFixed(1)} s; ${atUpload.done} already read, ${atUpload.queued} queued`,
  );

  // Drain.
  const expected = ids.filter(Boolean).length;
  let lastDone = -1;
  let lastProgress = Date.now();
  for (;;) {
    await sleep(1000);
    const s = samples.at(-1);
    if (!s) continue;
    if (s.done + s.dead >= expected && s.queued === 0 && s.runningDb === 0) break;
    if (s.done !== lastDone) [lastDone, lastProgress] = [s.done, Date.now()];
    if (Date.now() - lastProgress > STALL_MS)
      throw new Error(`no page finished for ${STALL_MS / 60_000} min`);
  }
  sampling = false;
  await sampler;
  const drainedAt = Date.now();

  // Results: every document, its pages and text.
  const docs = new Map<string, DocJson>();
  for (let page = 1; ; page++) {
    const res = await fetch(`${srv.url}/api/v1/documents?per_page=100&page=${page}`, { headers: auth });
    const body = (await res.json()) as { data: DocJson[]; meta: { pages: number } };
    for (const d of body.data) docs.set(d.id, d);
    if (page >= body.meta.pages) break;
  }
  const outputs: string[] = new Array(N).fill('');
  const failures: string[] = [...uploadErrors];
  await pool(ids, 8, async (id, i) => {
    if (!id) return;
    const doc = docs.get(id);
    if (!doc) return void failures.push(`page ${i + 1}: document ${id} is missing from the list`);
    if (doc.status !== 'completed')
      return void failures.push(`page ${i + 1}: status ${doc.status} ${doc.ocr.error ?? ''}`);
    const res = await fetch(`${srv.url}/api/v1/documents/${id}/pages`, { headers: auth });
    const pages = ((await res.json()) as { data: { text: string; error?: string | null }[] }).data;
    if (pages.length !== 1) failures.push(`page ${i + 1}: ${pages.length} pages stored`);
    const err = pages.find((p) => p.error)?.error;
    if (err) failures.push(`page ${i + 1}: ${err}`);
    outputs[i] = pages.map((p) => p.text).join('\n');
  });
  const finalHealth = (await (await fetch(`${srv.url}/healthz`)).json()) as Health;
  const serverCpu = treeCpuSecs(srv.proc.pid);
  const mainThreadCpu = threadCpuSecs(srv.proc.pid, srv.proc.pid);
  srv.proc.kill('SIGTERM');
  await srv.proc.exited;
  server = undefined;

  // Throughput from each page's completion time.
  const completions = [...docs.values()]
    .map((d) => (d.ocr.completed_at ? Date.parse(d.ocr.completed_at) : Number.NaN))
    .filter((x) => Number.isFinite(x))
    .sort((a, b) => a - b);
  const end = completions.at(-1) ?? drainedAt;
  const totalSecs = (end - t0) / 1000;
  const rate = completions.length / totalSecs;
  const windows: number[] = [];
  for (let k = 0; k < 10; k++) {
    const a = Math.floor((k * completions.length) / 10);
    const b = Math.floor(((k + 1) * completions.length) / 10);
    const from = k === 0 ? t0 : (completions[a - 1] as number);
    const to = completions[b - 1] as number;
    if (b > a) windows.push((b - a) / Math.max(0.001, (to - from) / 1000));
  }
  const windowMedian = median(windows);
  const steadyRate = Math.min(...windows) >= 0.7 * windowMedian;
  const afterUpload = completions.filter((c) => c > uploadedAt).length;

  // Worker pool while pages were waiting.
  const waiting = samples.filter((s) => s.queued > 0);
  const live = waiting.map((s) => s.live);
  const minLive = Math.min(...live);
  const maxLive = Math.max(...live);
  const steadyWorkers = waiting.length > 0 && minLive === WORKERS && maxLive === WORKERS;
  const dips = waiting.filter((s) => s.live !== WORKERS);
  const busy = waiting.map((s) => s.busy);
  const maxRunning = Math.max(...samples.map((s) => Math.max(s.running, s.runningDb)));

  // Memory while draining, first vs last tenth of the samples.
  const draining = samples.filter((s) => s.queued + s.runningDb > 0 && s.rssKb > 0);
  const rss = draining.map((s) => s.rssKb);
  const tenth = Math.max(1, Math.floor(draining.length / 10));
  const firstRss = median(rss.slice(0, tenth));
  const lastRss = median(rss.slice(-tenth));
  const threads = draining.map((s) => s.threads);

  const perPageCer = outputs.map((o, i) => cer(o, texts[i] as string));
  const meanCer = perPageCer.reduce((a, b) => a + b, 0) / Math.max(1, perPageCer.length);

  // Baseline, the server stopped.
  const sampleImages = images.slice(0, SAMPLE);
  const native = await nativeTexts(sampleImages, WORKERS, join(work, 'native'), embeddedTessdata(work));
  const nativeRate = SAMPLE / native.wall;
  const alone = await engineAlone(sampleImages);
  const aloneRate = SAMPLE / alone.secs;
  const sampleTruth = texts.slice(0, SAMPLE);

  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  const lost = N - expected + [...ids].filter((id) => id && !docs.has(id)).length;
  const o = finalHealth.workers.ocr;
  console.log(
    `\nDraining ${N} queued OCR pages (${dims} px, Thai + English, 200 dpi), ${WORKERS} OCR workers, engine ${ENGINE}, database ${DATABASE}`,
  );
  console.log(
    `  pages rendered in ${renderSecs.toFixed(0)} s; uploaded in ${((uploadedAt - t0) / 1000).toFixed(1)} s (${UPLOADERS} at a time; ${atUpload.done} read meanwhile, then ${atUpload.queued} queued)`,
  );
  console.log(
    `  total ${totalSecs.toFixed(1)} s (first upload to last page): ${rate.toFixed(2)} pages/s; after the last upload ${(afterUpload / Math.max(0.001, (end - uploadedAt) / 1000)).toFixed(2)} pages/s`,
  );
  console.log(
    `  pages/s per 10% of pages: ${windows.map((w) => w.toFixed(2)).join(' ')}  (median ${windowMedian.toFixed(2)}, min ${(Math.min(...windows) / windowMedian).toFixed(2)}x median: ${steadyRate ? 'steady' : 'NOT steady'}, goal >= 0.70x)`,
  );
  console.log(
    `  live OCR workers while pages were queued (${waiting.length} samples): min ${minLive} max ${maxLive} (configured ${WORKERS}): ${steadyWorkers ? 'steady' : `NOT steady (${dips.length} samples off)`}`,
  );
  console.log(
    `  busy workers while queued: min ${Math.min(...busy)} mean ${(busy.reduce((a, b) => a + b, 0) / Math.max(1, busy.length)).toFixed(2)}; max running ${PROCESS_JOB} jobs ${maxRunning}`,
  );
  console.log(
    `  workers started in all ${o.spawned} (${o.spawned - WORKERS} recycled or replaced; ${o.restarts} after a crash or hang); pool pages ${(o as unknown as { pages: number }).pages}`,
  );
  console.log(
    `  server RSS while draining: min ${mb(Math.min(...rss))} median ${mb(median(rss))} max ${mb(Math.max(...rss))}; first tenth median ${mb(firstRss)}, last tenth ${mb(lastRss)} (${lastRss >= firstRss ? '+' : ''}${(((lastRss - firstRss) / firstRss) * 100).toFixed(1)}%)`,
  );
  console.log(`  server threads while draining: min ${Math.min(...threads)} max ${Math.max(...threads)}`);
  console.log(
    `  server CPU: ${serverCpu.toFixed(0)} s in all, ${(serverCpu / N).toFixed(3)} s/page; main thread ${((mainThreadCpu / serverCpu) * 100).toFixed(0)}% of it (HTTP, jobs, decoding, indexing)`,
  );
  console.log(
    `  failed or lost pages: ${failures.length + lost}${duplicates ? ` (${duplicates} uploads taken as duplicates)` : ''}`,
  );
  console.log(
    `  CER vs the rendered text: mean ${pct(meanCer)} per page, ${pct(corpusCer(outputs, texts))} overall`,
  );
  console.log(
    `  jobs at the end: ${Object.entries(finalHealth.queue)
      .map(([k, v]) => `${k} ${JSON.stringify(v)}`)
      .join(', ')}`,
  );
  console.log(`\nBaseline: native tesseract, ${WORKERS} processes, first ${SAMPLE} pages`);
  console.log(
    `  native ${nativeRate.toFixed(2)} pages/s, CER ${pct(corpusCer(native.texts, sampleTruth))}; docserve on the same pages CER ${pct(corpusCer(outputs.slice(0, SAMPLE), sampleTruth))}`,
  );
  console.log(
    `  native CPU ${(native.cpu / SAMPLE).toFixed(3)} s/page; docserve server CPU (OCR workers included) ${(serverCpu / N).toFixed(3)} s/page: ${(native.cpu / SAMPLE / (serverCpu / N)).toFixed(2)}x native pages per CPU-second`,
  );
  console.log(
    `  docserve engine alone (in-process, no server): ${aloneRate.toFixed(2)} pages/s, ${(alone.cpuSecs / SAMPLE).toFixed(3)} CPU s/page; ${alone.timings}`,
  );
  console.log(
    `  docserve ÷ native pages/s: ${(rate / nativeRate).toFixed(2)}x (engine alone ÷ native ${(aloneRate / nativeRate).toFixed(2)}x)`,
  );
  for (const f of failures.slice(0, 20)) console.log(`  FAILED ${f}`);
  if (failures.length + lost > 0 || !steadyWorkers) exitCode = 1;
  if (dips.length)
    console.log(
      `  worker count off at: ${dips
        .slice(0, 10)
        .map((s) => `+${((s.t - t0) / 1000).toFixed(0)}s live ${s.live} busy ${s.busy} spawned ${s.spawned}`)
        .join('; ')}`,
    );
} catch (err) {
  console.error(err);
  if (server) console.error(`server stderr:\n${server.stderr().slice(-4000)}`);
  exitCode = 1;
} finally {
  if (server) {
    server.proc.kill('SIGKILL');
    await server.proc.exited;
  }
  cluster?.stop();
  if (args.keep) console.error(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
process.exit(exitCode);
