/**
 * OCR benchmark: `docserve ocr` against native `tesseract` on the same pages, per page on one core and
 * on all cores, plus the cold start of one small image.
 *
 *   npx bun bench/ocr.ts [--corpus DIR] [--pages N] [--rounds N] [--engine auto|native|embedded]
 *                        [--text-pages N]
 *
 * Pages are rendered from the Thai law corpus (`$DOCSERVE_CORPUS` or ../shared/corpus by default):
 * paragraphs printed by headless Chromium, rasterized at 300 dpi by pdftoppm. Native tesseract runs with
 * the same traineddata (4.0.0_best_int, LSTM, psm 3), `OMP_THREAD_LIMIT=1`, one process per core, each
 * over its share of the pages as one list; docserve runs as a user runs it (`docserve ocr pages...
 * --workers N`, a fresh process). Contenders alternate for `--rounds` rounds (the machine is shared):
 * wall and CPU seconds (the kernel's account of each process and its children) as min and median,
 * pages per CPU-second and its ratio (robust to other load), CER against the ground truth. The cold
 * start reads test/fixtures/ocr/thai-scan.png from a fresh process on both sides. docserve runs from
 * source unless `DOCSERVE_BENCH_BINARY=dist/docserve` names the built binary (what users run). Last, how long a
 * text-layer PDF takes to extract compared with OCR. Needs Debian's chromium, poppler-utils,
 * tesseract-ocr and fonts-thai-tlwg.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { coreCount } from '../src/config.ts';
import { TesseractEngine } from '../src/core/ocr/engine.ts';
import { cer, corpusCer } from '../test/helpers/cer.ts';
import { printToPdfCommand } from '../test/helpers/chromium.ts';
import {
  alternate,
  docserveCmd,
  docserveTexts,
  embeddedTessdata,
  load,
  nativeTexts,
  stats,
  timed,
} from './contenders.ts';

const { values: args } = parseArgs({
  options: {
    corpus: { type: 'string' },
    pages: { type: 'string', default: '12' },
    'text-pages': { type: 'string', default: '100' },
    rounds: { type: 'string', default: '3' },
    engine: { type: 'string', default: 'auto' },
  },
});
const ROOT = resolve(import.meta.dir, '..');
const corpus = resolve(args.corpus ?? process.env.DOCSERVE_CORPUS ?? join(ROOT, '../shared/corpus'));
const pageCount = Number(args.pages);
const cores = coreCount();
const textPages = Number(args['text-pages']);
const rounds = Number(args.rounds);
const work = mkdtempSync(join(tmpdir(), 'bench-ocr-'));
const CHARS_PER_PAGE = 900;
const env = { DOCSERVE_OCR_ENGINE: args.engine };
const log = (s: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

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

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const fix = (x: number, d = 2) => x.toFixed(d);

try {
  const paragraphs = readFileSync(join(corpus, 'thai_law/paragraphs.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 20 && l.length < CHARS_PER_PAGE);
  console.log(`corpus: ${corpus}  pages: ${pageCount}  cores: ${cores}  load ${load()}`);

  const pages = paginate(paragraphs.slice(200), pageCount, CHARS_PER_PAGE);
  const pdf = join(work, 'scan-source.pdf');
  printPdf(pages, pdf);
  run(['pdftoppm', '-r', '300', '-gray', '-png', pdf, join(work, 'page')]);
  const images = pages.map((_, i) =>
    join(work, `page-${String(i + 1).padStart(String(pages.length).length, '0')}.png`),
  );
  const truths = pages.map((p) => p.join('\n'));

  const tessdata = embeddedTessdata(work);
  let docserveRate = 0;
  for (const workers of [...new Set([1, cores])]) {
    const runs = await alternate(
      {
        native: () => nativeTexts(images, workers, join(work, 'native'), tessdata),
        docserve: () => docserveTexts(images, workers, join(work, 'docserve'), env),
      },
      rounds,
      log,
    );
    console.log(
      `\nOCR of ${images.length} Thai law pages (A5, 300 dpi), ${workers} worker(s) each, ${rounds} round(s) alternating, engine ${args.engine}`,
    );
    const perCpu: Record<string, number> = {};
    const perWall: Record<string, number> = {};
    for (const [name, rs] of Object.entries(runs)) {
      const w = stats(rs.map((r) => r.wall));
      const c = stats(rs.map((r) => r.cpu));
      perCpu[name] = images.length / c.median;
      perWall[name] = images.length / w.median;
      const texts = rs[0]?.texts ?? [];
      console.log(
        `  ${name.padEnd(9)} wall ${fix(w.min, 1)} / ${fix(w.median, 1)} s   CPU ${fix(c.min, 1)} / ${fix(c.median, 1)} s   ${fix(perCpu[name] as number, 3)} pages per CPU-s   ${fix(perWall[name] as number, 3)} pages/s   CER ${pct(corpusCer(texts, truths))}`,
      );
    }
    docserveRate = perWall.docserve as number;
    console.log(
      `  docserve / native: ${fix((perCpu.docserve as number) / (perCpu.native as number))}x pages per CPU-second, ${fix((perWall.docserve as number) / (perWall.native as number))}x pages/s   (goal >= 0.80x)   load ${load()}`,
    );
    const d = runs.docserve?.[0]?.texts ?? [];
    console.log(
      `  per-page CER docserve: ${d.map((t, i) => cer(t, truths[i] as string).toFixed(3)).join(' ')}`,
    );
  }

  const small = join(ROOT, 'test/fixtures/ocr/thai-scan.png');
  const cold = await alternate(
    {
      native: () =>
        timed(
          ['tesseract', small, join(work, 'cold'), '-l', 'tha+eng', '--psm', '3', '--tessdata-dir', tessdata],
          {
            OMP_THREAD_LIMIT: '1',
          },
        ),
      docserve: () => timed([...docserveCmd(small, '--out', join(work, 'cold.txt'))], env),
    },
    rounds,
    log,
  );
  console.log(
    `\nCold start, one small image (1546x553) to text, a fresh process, ${rounds} round(s) alternating`,
  );
  for (const [name, rs] of Object.entries(cold)) {
    const w = stats(rs.map((r) => r.wall));
    const c = stats(rs.map((r) => r.cpu));
    console.log(
      `  ${name.padEnd(9)} wall ${fix(w.min)} / ${fix(w.median)} s   CPU ${fix(c.min)} / ${fix(c.median)} s   peak RSS ${Math.round(Math.max(...rs.map((r) => r.rssBytes)) / 1048576)} MB`,
    );
  }
  const med = (name: string, k: 'wall' | 'cpu') => stats((cold[name] ?? []).map((r) => r[k])).median;
  console.log(
    `  docserve / native: ${fix(med('docserve', 'wall') / med('native', 'wall'))}x wall, ${fix(med('docserve', 'cpu') / med('native', 'cpu'))}x CPU   (goal <= 1.5x)   load ${load()}`,
  );

  const textPdf = join(work, 'text-layer.pdf');
  printPdf(paginate(paragraphs, textPages, 1400), textPdf, 'A4');
  const engine = new TesseractEngine({
    workers: cores,
    pageTimeoutMs: 600_000,
    lang: 'tha+eng',
    maxPixels: 2e8,
  });
  const started = performance.now();
  const extracted = await engine.recognize({ path: textPdf, mime: 'application/pdf' });
  const extractSecs = (performance.now() - started) / 1000;
  await engine.close();
  const ocrSecsEstimate = extracted.length / docserveRate;
  console.log(`\nText-layer PDF, ${extracted.length} pages: extracted in ${extractSecs.toFixed(2)} s`);
  console.log(`  sources: ${[...new Set(extracted.map((p) => p.source))].join(', ')}`);
  console.log(`  OCR of as many pages at docserve's rate: ${ocrSecsEstimate.toFixed(1)} s`);
  console.log(`  extraction / OCR time: 1/${(ocrSecsEstimate / extractSecs).toFixed(0)}   (goal < 1/50)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
