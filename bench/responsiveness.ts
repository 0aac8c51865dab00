/**
 * Responsiveness benchmark: does ingesting documents keep the server answering?
 *
 *   npx bun bench/responsiveness.ts [--mb 50] [--file-kb 800] [--runs 3] [--idle-seconds 20]
 *                                   [--settle-seconds 5] [--uploaders 4] [--corpus DIR] [--source DIR]
 *                                   [--keep] [--scans PDF [--copies 2]]
 *
 * Each run starts a fresh `docserve start` (real server process, real engine), lets it settle
 * (`--settle-seconds`: the background pdf.js load after start), then measures two phases, idle and
 * ingesting, alternating within the run:
 *  - idle:   a prober calls `GET /healthz` and the authenticated `GET /api/v1/me` in turn, one request at
 *            a time, for `--idle-seconds`;
 *  - ingest: the same prober while `--uploaders` clients upload `--mb` MB of Thai text files of
 *            `--file-kb` KB (made from `thai_law/paragraphs.txt` of the corpus: `--corpus`,
 *            `$DOCSERVE_CORPUS` or ../shared/corpus), until every job (reading, indexing, extraction) is
 *            done.
 * `--scans PDF` uploads `--copies` copies of a scanned PDF instead of the text files (OCR: PDF parsing,
 * image decoding and recognition), e.g. bench/.out/thai-scans/work-pdf/scans-300.pdf from bench/ocr-pdf.ts.
 * `--source DIR` runs the server from another checkout's `src/main.ts` (to compare two versions).
 * Prints each phase (p50/p99/max per endpoint, server CPU seconds, load average) and a summary: min and
 * median over runs of each percentile, and the ratio ingesting / idle of the medians. The machine's
 * load average is printed with every phase: compare ratios, not milliseconds, on a shared machine.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startServerProcess, type ServerProcess } from '../test/helpers/cli.ts';
import { form } from '../test/helpers/server.ts';

const { values: args } = parseArgs({
  options: {
    mb: { type: 'string', default: '50' },
    'file-kb': { type: 'string', default: '800' },
    runs: { type: 'string', default: '3' },
    'idle-seconds': { type: 'string', default: '20' },
    'settle-seconds': { type: 'string', default: '5' },
    uploaders: { type: 'string', default: '4' },
    corpus: { type: 'string' },
    source: { type: 'string' },
    keep: { type: 'boolean', default: false },
    scans: { type: 'string' },
    copies: { type: 'string', default: '2' },
  },
});
const ROOT = resolve(import.meta.dir, '..');
const corpus = resolve(args.corpus ?? process.env.DOCSERVE_CORPUS ?? join(ROOT, '../shared/corpus'));
const TOTAL_BYTES = Number(args.mb) * 1024 * 1024;
const FILE_BYTES = Number(args['file-kb']) * 1024;
const RUNS = Number(args.runs);
const IDLE_MS = Number(args['idle-seconds']) * 1000;
const SETTLE_MS = Number(args['settle-seconds']) * 1000;
const UPLOADERS = Number(args.uploaders);
for (const [name, v] of [
  ['--mb', TOTAL_BYTES],
  ['--file-kb', FILE_BYTES],
  ['--runs', RUNS],
  ['--idle-seconds', IDLE_MS],
  ['--settle-seconds', SETTLE_MS + 1],
  ['--uploaders', UPLOADERS],
] as const)
  if (!(v > 0)) throw new Error(`${name} must be positive`);

const log = (s: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${s}`);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s[Math.min(s.length - 1, Math.floor(p * s.length))] as number) : Number.NaN;
};
const median = (xs: number[]) => percentile(xs, 0.5);
const ms = (v: number) => `${v.toFixed(1)} ms`;

// ------------------------------------------------------------------------------------------- the files

/** A file to upload. */
interface Upload {
  name: string;
  content: string | Uint8Array;
}

const paragraphs = readFileSync(join(corpus, 'thai_law/paragraphs.txt'), 'utf8');

/** Distinct Thai text files of about FILE_BYTES each, cut from the corpus at different places, TOTAL_BYTES in all. */
function textFiles(): Upload[] {
  const chars = Math.floor(FILE_BYTES / 3); // Thai is 3 bytes a character in UTF-8
  const files: Upload[] = [];
  for (let bytes = 0, i = 0; bytes < TOTAL_BYTES; i++) {
    const start = Math.floor(((i * 7919) % 997) * (paragraphs.length / 997));
    let text = paragraphs.slice(start, start + chars);
    if (text.length < chars) text += paragraphs.slice(0, chars - text.length);
    const content = `เอกสารที่ ${i + 1}\n${text}`;
    files.push({ name: `กฎหมาย-${i + 1}.txt`, content });
    bytes += Buffer.byteLength(content);
  }
  return files;
}

/** `--copies` uploads of the scanned PDF `--scans`. */
function scanFiles(path: string): Upload[] {
  const content = readFileSync(path);
  return Array.from({ length: Number(args.copies) }, (_, i) => ({ name: `scan-${i + 1}.pdf`, content }));
}

// ------------------------------------------------------------------------------------------------ runs

interface Run {
  kind: 'idle' | 'ingest';
  healthz: number[];
  me: number[];
  seconds: number;
  cpuSeconds: number;
  load: string;
}

/** The server process's user + system CPU seconds so far (Linux /proc). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Calls /healthz and /api/v1/me in turn, one at a time, until `until` resolves. */
async function probe(
  server: ServerProcess,
  until: Promise<unknown>,
): Promise<{ healthz: number[]; me: number[] }> {
  const out = { healthz: [] as number[], me: [] as number[] };
  let done = false;
  const stop = () => {
    done = true;
  };
  until.then(stop, stop);
  const auth = { authorization: `Bearer ${server.adminKey}` };
  while (!done) {
    for (const [list, path, headers] of [
      [out.healthz, '/healthz', {}],
      [out.me, '/api/v1/me', auth],
    ] as const) {
      const t = performance.now();
      const res = await fetch(server.url + path, { headers });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${path} answered ${res.status}`);
      list.push(performance.now() - t);
    }
    await Bun.sleep(10);
  }
  return out;
}

async function drained(server: ServerProcess): Promise<void> {
  for (;;) {
    const h = await (await fetch(`${server.url}/healthz`)).json();
    const busy = Object.values(h.queue as Record<string, Record<string, number>>).some(
      (s) => (s.queued ?? 0) + (s.running ?? 0) > 0,
    );
    if (!busy) return;
    await Bun.sleep(200);
  }
}

async function ingest(server: ServerProcess, files: Upload[]): Promise<void> {
  const auth = { authorization: `Bearer ${server.adminKey}` };
  let next = 0;
  const uploader = async () => {
    while (next < files.length) {
      const f = files[next++] as Upload;
      const res = await fetch(`${server.url}/api/v1/documents`, {
        method: 'POST',
        headers: auth,
        body: form(f),
      });
      if (res.status !== 201)
        throw new Error(`upload of ${f.name} answered ${res.status}: ${await res.text()}`);
    }
  };
  await Promise.all(Array.from({ length: UPLOADERS }, uploader));
  await drained(server);
}

/** One measured phase on a running server. */
async function phase(server: ServerProcess, kind: Run['kind'], files: Upload[]) {
  const loadBefore = load();
  const cpu0 = cpuSeconds(server.proc.pid);
  const started = performance.now();
  const work = kind === 'idle' ? Bun.sleep(IDLE_MS) : ingest(server, files);
  const samples = await probe(server, work);
  await work;
  const r: Run = {
    kind,
    ...samples,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: cpuSeconds(server.proc.pid) - cpu0,
    load: loadBefore,
  };
  log(
    `  ${kind}: ${r.seconds.toFixed(1)} s, server CPU ${r.cpuSeconds.toFixed(1)} s, load ${r.load}, ` +
      `/healthz p50 ${ms(percentile(r.healthz, 0.5))} p99 ${ms(percentile(r.healthz, 0.99))} max ${ms(percentile(r.healthz, 1))}, ` +
      `/api/v1/me p50 ${ms(percentile(r.me, 0.5))} p99 ${ms(percentile(r.me, 0.99))} max ${ms(percentile(r.me, 1))} ` +
      `(${r.healthz.length + r.me.length} requests)`,
  );
  return r;
}

/** A fresh server: settle, the idle phase, then the ingest phase. */
async function run(files: Upload[]): Promise<Run[]> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-responsiveness-'));
  const server = await startServerProcess(dir, {
    command: args.source ? [process.execPath, join(resolve(args.source), 'src/main.ts')] : undefined,
  });
  try {
    await drained(server);
    await Bun.sleep(SETTLE_MS);
    return [await phase(server, 'idle', files), await phase(server, 'ingest', files)];
  } finally {
    await server.stop();
    if (!args.keep) rmSync(dir, { recursive: true, force: true });
  }
}

const files = args.scans ? scanFiles(args.scans) : textFiles();
const totalMb = files.reduce((n, f) => n + Buffer.byteLength(f.content), 0) / 1048576;
const what = args.scans ? `copies of the scanned PDF ${args.scans}` : 'Thai text files';
log(
  `${files.length} ${what}, ${totalMb.toFixed(1)} MB, ${UPLOADERS} uploaders; ${RUNS} runs (idle, then ingesting)`,
);
const runs: Run[] = [];
for (let i = 0; i < RUNS; i++) {
  log(`run ${i + 1} of ${RUNS}`);
  runs.push(...(await run(files)));
}

console.log(
  `\nresponsiveness: ${files.length} ${what}, ${totalMb.toFixed(1)} MB, ${RUNS} runs (idle and ingesting phases alternated)`,
);
console.log(`load average at the end: ${load()}`);
console.log('| endpoint | statistic | idle min / median | ingesting min / median | ratio (medians) |');
console.log('|---|---|---|---|---|');
for (const endpoint of ['healthz', 'me'] as const)
  for (const [label, p] of [
    ['p50', 0.5],
    ['p99', 0.99],
    ['max', 1],
  ] as const) {
    const of = (kind: Run['kind']) =>
      runs.filter((r) => r.kind === kind).map((r) => percentile(r[endpoint], p));
    const idle = of('idle');
    const busy = of('ingest');
    console.log(
      `| ${endpoint === 'healthz' ? '/healthz' : '/api/v1/me'} | ${label} | ${ms(Math.min(...idle))} / ${ms(median(idle))} | ` +
        `${ms(Math.min(...busy))} / ${ms(median(busy))} | ${(median(busy) / median(idle)).toFixed(1)}x |`,
    );
  }
const ingestRuns = runs.filter((r) => r.kind === 'ingest');
console.log(
  `ingest: median ${median(ingestRuns.map((r) => r.seconds)).toFixed(1)} s wall, ` +
    `${median(ingestRuns.map((r) => r.cpuSeconds)).toFixed(1)} s server CPU ` +
    `(${(totalMb / median(ingestRuns.map((r) => r.seconds))).toFixed(2)} MB/s)`,
);
