/**
 * OCR benchmark: docserve's tesseract.js pool against native `tesseract` on the same pages.
 *
 *   npx bun bench/ocr.ts [--corpus DIR] [--pages N] [--workers N] [--rounds N] [--text-pages N]
 *
 * Pages are rendered from the Thai law corpus (`$DOCSERVE_CORPUS` or ../shared/corpus by default):
 * paragraphs printed by headless Chromium, rasterized at 300 dpi by pdftoppm. Native tesseract runs with
 * the same traineddata (4.0.0_best_int, LSTM), `OMP_THREAD_LIMIT=1`, one process per core, each over its
 * share of the pages; docserve runs one pool with a worker per core. Both start cold; they alternate for
 * `--rounds` rounds and each side's best round counts (the machine is shared). Prints pages/s, CPU
 * seconds per page (robust to other load), CER against the ground truth, peak RSS, the ratios, and how
 * long a text-layer PDF takes to extract compared with OCR. Needs Debian's chromium, poppler-utils, tesseract-ocr and fonts-thai-tlwg.
 */
import { coreCount } from '../src/config.ts';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { TesseractEngine } from '../src/core/ocr/engine.ts';
import { cer, corpusCer } from '../test/helpers/cer.ts';
import { nativeTesseract } from './native-tesseract.ts';
import { printToPdfCommand } from '../test/helpers/chromium.ts';

const { values: args } = parseArgs({
  options: {
    corpus: { type: 'string' },
    pages: { type: 'string', default: '12' },
    workers: { type: 'string' },
    'text-pages': { type: 'string', default: '100' },
    rounds: { type: 'string', default: '2' },
  },
});
const corpus = resolve(args.corpus ?? process.env.DOCSERVE_CORPUS ?? '../shared/corpus');
const pageCount = Number(args.pages);
const workers = Number(args.workers ?? coreCount());
const textPages = Number(args['text-pages']);
const rounds = Number(args.rounds);
const work = mkdtempSync(join(tmpdir(), 'bench-ocr-'));
const CHARS_PER_PAGE = 900;

function run(cmd: string[], env: Record<string, string> = {}): void {
  const p = Bun.spawnSync(cmd, { env: { ...process.env, ...env }, stdout: 'pipe', stderr: 'pipe' });
  if (p.exitCode !== 0) throw new Error(`${cmd[0]} failed: ${p.stderr.toString().slice(0, 500)}`);
}

const esc = (s: string) =>
  s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] as string);

/** Prints pages (each a list of paragraphs) to a PDF, one page per entry, A5 at 14 pt. */
function printPdf(pages: string[][], out: string, size = 'A5'): void {
  const html = join(work, 'pages.html');
  const body = pages.map((p) => `<section>${p.map((l) => `<p>${esc(l)}</p>`).join('')}</section>`).join('');
  writeFileSync(
    html,
    `<!doctype html><html lang="th"><head><meta charset="utf-8"><style>
@page { size: ${size}; margin: 12mm; }
body { font-family: Garuda, sans-serif; font-size: 14pt; line-height: 1.45; margin: 0; }
p { margin: 0 0 4pt; } section { break-after: page; }
</style></head><body>${body}</body></html>`,
  );
  run(printToPdfCommand(html, out));
}

/** Groups corpus paragraphs into pages of about `chars` characters. */
function paginate(paragraphs: string[], count: number, chars: number): string[][] {
  const pages: string[][] = [];
  let i = 0;
  while (pages.length < count && i < paragraphs.length) {
    const page: string[] = [];
    let n = 0;
    while (i < paragraphs.length && n + (paragraphs[i] as string).length <= chars) {
      const p = paragraphs[i++] as string;
      page.push(p);
      n += p.length;
    }
    if (!page.length) i++;
    else pages.push(page);
  }
  return pages;
}

/** Samples this process's RSS (docserve's workers are threads of it) until stopped. */
function rssSampler() {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  return () => {
    clearInterval(timer);
    return peak;
  };
}

interface Run {
  secs: number;
  cpuSecs: number;
  texts: string[];
  rssBytes: number;
}

async function docserve(images: string[]): Promise<Run> {
  const engine = new TesseractEngine({ workers, pageTimeoutMs: 600_000, lang: 'tha+eng', maxPixels: 2e8 });
  const stop = rssSampler();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const pages = await Promise.all(images.map((path) => engine.recognize({ path, mime: 'image/png' })));
  const secs = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  await engine.close();
  const timings: Record<string, number[]> = {};
  for (const [page] of pages)
    for (const [k, v] of Object.entries(page?.timings ?? {})) timings[k] = [...(timings[k] ?? []), v];
  const mean = Object.entries(timings).map(
    ([k, v]) => `${k} ${Math.round(v.reduce((a, b) => a + b, 0) / v.length)} ms`,
  );
  console.log(
    `  docserve mean per page: ${mean.join(', ')}; confidence ${pages.map((p) => p[0]?.confidence?.toFixed(2)).join(' ')}`,
  );
  return {
    secs,
    cpuSecs: (used.user + used.system) / 1e6,
    texts: pages.map((p) => p[0]?.text ?? ''),
    rssBytes: stop(),
  };
}

const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;

try {
  const paragraphs = readFileSync(join(corpus, 'thai_law/paragraphs.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 20 && l.length < CHARS_PER_PAGE);
  console.log(`corpus: ${corpus}  pages: ${pageCount}  workers: ${workers}`);

  const pages = paginate(paragraphs.slice(200), pageCount, CHARS_PER_PAGE);
  const pdf = join(work, 'scan-source.pdf');
  printPdf(pages, pdf);
  run(['pdftoppm', '-r', '300', '-gray', '-png', pdf, join(work, 'page')]);
  const images = pages.map((_, i) =>
    join(work, `page-${String(i + 1).padStart(String(pages.length).length, '0')}.png`),
  );
  const truths = pages.map((p) => p.join('\n'));

  const best = (a: Run | undefined, b: Run) => (a && a.secs <= b.secs ? a : b);
  let n: Run | undefined;
  let d: Run | undefined;
  for (let r = 0; r < rounds; r++) {
    n = best(n, await nativeTesseract(images, workers, work));
    d = best(d, await docserve(images));
  }
  if (!n || !d) throw new Error('--rounds must be at least 1');
  const nRate = images.length / n.secs;
  const dRate = images.length / d.secs;
  const nCpu = n.cpuSecs / images.length;
  const dCpu = d.cpuSecs / images.length;
  const nCer = corpusCer(n.texts, truths);
  const dCer = corpusCer(d.texts, truths);
  console.log(`\nOCR of ${images.length} rendered Thai law pages (A5, 300 dpi), best of ${rounds} round(s)`);
  const row = (name: string, rate: number, cpuPerPage: number, cerValue: number, rss: string) =>
    console.log(
      `  ${name.padEnd(17)} ${rate.toFixed(3)} pages/s  ${cpuPerPage.toFixed(2)} CPU s/page  CER ${(cerValue * 100).toFixed(2)}%  peak RSS ${rss}`,
    );
  row('native tesseract', nRate, nCpu, nCer, `${mb(n.rssBytes)} (sum over ${workers} processes)`);
  row('docserve pool', dRate, dCpu, dCer, `${mb(d.rssBytes)} (whole process)`);
  console.log(
    `  throughput ratio docserve/native: ${(dRate / nRate).toFixed(2)}x wall clock, ${(nCpu / dCpu).toFixed(2)}x by CPU time   (goal >= 0.80x)`,
  );
  console.log(`  CER ratio docserve/native: ${(dCer / Math.max(nCer, 1e-9)).toFixed(2)}   (goal <= 1.00)`);
  console.log(
    `  per-page CER spread docserve: ${d.texts.map((t, i) => cer(t, truths[i] as string).toFixed(3)).join(' ')}`,
  );

  const textPdf = join(work, 'text-layer.pdf');
  printPdf(paginate(paragraphs, textPages, 1400), textPdf, 'A4');
  const engine = new TesseractEngine({ workers, pageTimeoutMs: 600_000, lang: 'tha+eng', maxPixels: 2e8 });
  const started = performance.now();
  const extracted = await engine.recognize({ path: textPdf, mime: 'application/pdf' });
  const extractSecs = (performance.now() - started) / 1000;
  await engine.close();
  const ocrSecsEstimate = extracted.length / dRate;
  console.log(`\nText-layer PDF, ${extracted.length} pages: extracted in ${extractSecs.toFixed(2)} s`);
  console.log(`  sources: ${[...new Set(extracted.map((p) => p.source))].join(', ')}`);
  console.log(`  OCR of as many pages at docserve's rate: ${ocrSecsEstimate.toFixed(1)} s`);
  console.log(`  extraction / OCR time: 1/${(ocrSecsEstimate / extractSecs).toFixed(0)}   (goal < 1/50)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
