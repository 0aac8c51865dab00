import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';

const ROOT = resolve(import.meta.dir, '..');

/** One native run: wall seconds, CPU seconds, peak RSS summed over the processes, texts in image order. */
export interface NativeRun {
  secs: number;
  cpuSecs: number;
  rssBytes: number;
  texts: string[];
}

/**
 * The benchmarks' baseline: Debian's `tesseract -l tha+eng` (LSTM, `OMP_THREAD_LIMIT=1`) with the same
 * 4.0.0_best_int traineddata docserve embeds, `workers` processes in parallel, each over every
 * `workers`-th image. `work` is a scratch directory.
 */
export async function nativeTesseract(images: string[], workers: number, work: string): Promise<NativeRun> {
  const tessdata = join(work, 'tessdata');
  mkdirSync(tessdata, { recursive: true });
  for (const lang of ['tha', 'eng'])
    writeFileSync(
      join(tessdata, `${lang}.traineddata`),
      gunzipSync(
        readFileSync(
          join(ROOT, `node_modules/@tesseract.js-data/${lang}/4.0.0_best_int/${lang}.traineddata.gz`),
        ),
      ),
    );
  const shares = Array.from({ length: workers }, (_, w) => images.filter((_, i) => i % workers === w));
  const started = performance.now();
  const results = await Promise.all(
    shares.map(async (share, w) => {
      if (!share.length) return { text: '', rss: 0, cpu: 0 };
      const list = join(work, `list-${w}.txt`);
      writeFileSync(list, `${share.join('\n')}\n`);
      const out = join(work, `native-${w}`);
      const p = Bun.spawn(
        ['tesseract', list, out, '-l', 'tha+eng', '--oem', '1', '--psm', '3', '--tessdata-dir', tessdata],
        { env: { ...process.env, OMP_THREAD_LIMIT: '1' }, stdout: 'ignore', stderr: 'ignore' },
      );
      if ((await p.exited) !== 0) throw new Error('native tesseract failed');
      const usage = p.resourceUsage();
      return {
        text: readFileSync(`${out}.txt`, 'utf8'),
        rss: usage?.maxRSS ?? 0,
        cpu: usage ? Number(usage.cpuTime.user + usage.cpuTime.system) / 1e6 : 0,
      };
    }),
  );
  const secs = (performance.now() - started) / 1000;
  const texts: string[] = new Array(images.length).fill('');
  for (const [w, r] of results.entries())
    for (const [j, t] of r.text.split('\f').entries())
      if (j * workers + w < images.length) texts[j * workers + w] = t;
  return {
    secs,
    cpuSecs: results.reduce((s, r) => s + r.cpu, 0),
    rssBytes: results.reduce((s, r) => s + r.rss, 0),
    texts,
  };
}
