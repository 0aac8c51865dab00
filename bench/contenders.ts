/**
 * What the OCR benchmarks run and how they measure it: `docserve ocr` (the CLI from source, as a user
 * runs it) and native `tesseract` as child processes, timed by wall clock and by the CPU time the kernel
 * accounts to them and their children, alternated round by round so that load from other processes on
 * a shared machine falls on both sides.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { basename, extname, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';

const ROOT = resolve(import.meta.dir, '..');

/** One timed run of a command. */
export interface Timed {
  wall: number;
  cpu: number;
  /** Peak RSS of the largest single process of the tree (the kernel's maxrss; not a sum). */
  rssBytes: number;
}

/** Runs a command to completion; throws with its stderr when it fails. */
export async function timed(cmd: string[], env: Record<string, string> = {}): Promise<Timed> {
  const started = performance.now();
  const p = Bun.spawn(cmd, { env: { ...process.env, ...env }, stdout: 'ignore', stderr: 'pipe' });
  const [code, err] = await Promise.all([p.exited, new Response(p.stderr).text()]);
  const wall = (performance.now() - started) / 1000;
  if (code !== 0 && code !== 3) throw new Error(`${cmd.join(' ')} exited ${code}: ${err.slice(-500)}`);
  const u = p.resourceUsage();
  return {
    wall,
    cpu: u ? Number(u.cpuTime.user + u.cpuTime.system) / 1e6 : Number.NaN,
    rssBytes: u?.maxRSS ?? 0,
  };
}

/** A tessdata directory holding the 4.0.0_best_int traineddata docserve embeds. */
export function embeddedTessdata(work: string): string {
  const dir = join(work, 'tessdata');
  mkdirSync(dir, { recursive: true });
  for (const lang of ['tha', 'eng', 'osd'])
    writeFileSync(
      join(dir, `${lang}.traineddata`),
      gunzipSync(
        readFileSync(
          join(ROOT, `node_modules/@tesseract.js-data/${lang}/4.0.0_best_int/${lang}.traineddata.gz`),
        ),
      ),
    );
  return dir;
}

/**
 * The command line of `docserve ocr`: the built binary named by `DOCSERVE_BENCH_BINARY` (what users
 * run: `npm run build`, then `DOCSERVE_BENCH_BINARY=dist/docserve`), else run from source.
 */
export const docserveCmd = (...args: string[]) => [
  ...(process.env.DOCSERVE_BENCH_BINARY
    ? [resolve(process.env.DOCSERVE_BENCH_BINARY)]
    : [process.execPath, join(ROOT, 'src/main.ts')]),
  'ocr',
  ...args,
];

/**
 * `docserve ocr` over the images with `workers` workers, text per image into `out`. Returns the timing
 * and the texts in image order.
 */
export async function docserveTexts(
  images: string[],
  workers: number,
  out: string,
  env: Record<string, string> = {},
): Promise<Timed & { texts: string[] }> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const t = await timed(docserveCmd(...images, '--workers', String(workers), '--out', `${out}/`), env);
  const texts = images.map((i) => readFileSync(join(out, `${basename(i, extname(i))}.txt`), 'utf8'));
  return { ...t, texts };
}

/**
 * Native `tesseract -l tha+eng` over the images: `workers` processes at once, each over every
 * `workers`-th image as one list (traineddata loaded once per process), `OMP_THREAD_LIMIT=1`,
 * `--psm 3` like docserve. `tessdata` picks the traineddata (the system's when omitted).
 */
export async function nativeTexts(
  images: string[],
  workers: number,
  work: string,
  tessdata?: string,
): Promise<Timed & { texts: string[] }> {
  mkdirSync(work, { recursive: true });
  const shares = Array.from({ length: workers }, (_, w) => images.filter((_, i) => i % workers === w));
  const started = performance.now();
  const runs = await Promise.all(
    shares.map(async (share, w) => {
      if (!share.length) return { t: { wall: 0, cpu: 0, rssBytes: 0 }, text: '' };
      const list = join(work, `list-${w}.txt`);
      writeFileSync(list, `${share.join('\n')}\n`);
      const base = join(work, `native-${w}`);
      const cmd = ['tesseract', list, base, '-l', 'tha+eng', '--psm', '3'];
      if (tessdata) cmd.push('--tessdata-dir', tessdata);
      const t = await timed(cmd, { OMP_THREAD_LIMIT: '1' });
      return { t, text: readFileSync(`${base}.txt`, 'utf8') };
    }),
  );
  const wall = (performance.now() - started) / 1000;
  const texts: string[] = new Array(images.length).fill('');
  for (const [w, r] of runs.entries())
    for (const [j, t] of r.text.split('\f').entries())
      if (j * workers + w < images.length) texts[j * workers + w] = t;
  return {
    wall,
    cpu: runs.reduce((s, r) => s + r.t.cpu, 0),
    rssBytes: runs.reduce((s, r) => s + r.t.rssBytes, 0),
    texts,
  };
}

/** Sorted copy, min and median of a list of numbers. */
export function stats(xs: number[]): { min: number; median: number } {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  const median = s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
  return { min: s[0] as number, median };
}

/** The 1, 5 and 15 minute load averages, printed beside every figure. */
export const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/**
 * Runs each contender `rounds` times, alternating (A, B, A, B, ...), and returns every run per
 * contender. The first round of each is kept too (the benchmarks report min and median).
 */
export async function alternate<T>(
  contenders: Record<string, () => Promise<T>>,
  rounds: number,
  log: (s: string) => void = () => {},
): Promise<Record<string, T[]>> {
  const runs: Record<string, T[]> = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (let r = 0; r < rounds; r++)
    for (const [name, run] of Object.entries(contenders)) {
      log(`round ${r + 1}/${rounds}: ${name} (load ${load()})`);
      (runs[name] as T[]).push(await run());
    }
  return runs;
}

/** utime, stime, cutime, cstime of a process from /proc, in seconds. */
function procTimes(pid: number): number[] {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return [11, 12, 13, 14].map((i) => Number(fields[i]) / 100);
  } catch {
    return [0, 0, 0, 0];
  }
}

function liveChildren(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8')
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number),
    );
  } catch {
    return [];
  }
}

/**
 * CPU seconds of a process tree so far (Linux /proc): the process, its children that have exited, and
 * the ones still running (docserve's native OCR workers are child processes).
 */
export function treeCpuSecs(pid: number = process.pid): number {
  const [u = 0, s = 0, cu = 0, cs = 0] = procTimes(pid);
  return u + s + cu + cs + liveChildren(pid).reduce((sum, c) => sum + treeCpuSecs(c), 0);
}
