/**
 * Searchable PDFs: `docserve ocr scans.pdf --format pdf` against `ocrmypdf -l tha+eng` (Debian's
 * package, default settings) on the same scanned PDF, contenders alternating: wall and CPU seconds (min
 * and median), peak RSS, and how well each text layer reads back, in `pdftotext`'s default mode and
 * through pdf.js text extraction (items in stream order, a newline at each end of line): CER with
 * reading order, and order-free error.
 *
 *   npx bun bench/ocr-pdf.ts [--pages 6] [--dpi 300] [--rounds 3] [--workers N] [--corpus DIR]
 *                            [--engine auto|native|embedded] [--big 100]
 *
 * The scans are the `tables` and `documents` pages of bench/thai-scans.ts at `--dpi`, alternating, put
 * into one image-only PDF (lossless, one image per page). `--big N` also reads an N-page PDF (the
 * scans repeated) with docserve and reports its peak RSS, main process and OCR workers together.
 * Needs chromium, poppler-utils, imagemagick, ocrmypdf, tesseract-ocr(-tha), fonts-thai-tlwg.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  concatTransformationMatrix,
  drawObject,
  PDFDocument,
  popGraphicsState,
  pushGraphicsState,
} from 'pdf-lib';
import { coreCount } from '../src/config.ts';
import { embedPngAsIs } from '../src/core/pdf/png-image.ts';
import { cer, orderFreeError } from '../test/helpers/cer.ts';
import { alternate, docserveCmd, load, stats, type Timed, timed } from './contenders.ts';
import { thaiScans } from './thai-scans.ts';

const { values: args } = parseArgs({
  options: {
    pages: { type: 'string', default: '6' },
    dpi: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '3' },
    workers: { type: 'string' },
    corpus: { type: 'string' },
    engine: { type: 'string', default: 'auto' },
    big: { type: 'string', default: '0' },
    out: { type: 'string', default: 'bench/.out/thai-scans' },
  },
});
const ROOT = resolve(import.meta.dir, '..');
const corpus = resolve(args.corpus ?? process.env.DOCSERVE_CORPUS ?? join(ROOT, '../shared/corpus'));
const workers = Number(args.workers ?? coreCount());
const dpi = Number(args.dpi);
const out = resolve(args.out);
const work = join(out, 'work-pdf');
mkdirSync(work, { recursive: true });
const log = (s: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${s}`);

/**
 * An image-only PDF of the PNGs, each page the image's size at `dpi`, the PNG data carried over as it is
 * (8-bit gray, Flate with PNG predictors: what img2pdf writes and a gray scanner's PDF looks like).
 * A page's image is stored once however often it repeats.
 */
async function scannedPdf(pngs: string[], path: string): Promise<void> {
  const doc = await PDFDocument.create();
  const embedded = new Map<string, NonNullable<ReturnType<typeof embedPngAsIs>>>();
  for (const png of pngs) {
    let img = embedded.get(png);
    if (!img) {
      img = embedPngAsIs(doc.context, readFileSync(png));
      if (!img) throw new Error(`${png}: not a PNG that can be carried over as it is`);
      embedded.set(png, img);
    }
    const [w, h] = [(img.width * 72) / dpi, (img.height * 72) / dpi];
    const page = doc.addPage([w, h]);
    const name = page.node.newXObject('Scan', img.ref);
    page.pushOperators(
      pushGraphicsState(),
      concatTransformationMatrix(w, 0, 0, h, 0, 0),
      drawObject(name),
      popGraphicsState(),
    );
  }
  writeFileSync(path, await doc.save());
}

/** Each page's text by `pdftotext` in its default mode. */
function pdftotext(pdf: string): string[] {
  const p = Bun.spawnSync(['pdftotext', pdf, '-'], { stdout: 'pipe' });
  return p.stdout.toString().split('\f');
}

/** Each page's text as a plain pdf.js consumer gets it: items in order, a newline at each end of line. */
async function pdfjsText(pdf: string): Promise<string[]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(readFileSync(pdf)), verbosity: 0 }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    pages.push(content.items.map((i) => ('str' in i ? `${i.str}${i.hasEOL ? '\n' : ''}` : '')).join(''));
  }
  await doc.destroy();
  return pages;
}

const half = Math.ceil(Number(args.pages) / 2);
const scans = (
  await thaiScans({ out, corpus, pages: half, sets: ['tables', 'documents'], dpis: [dpi], log })
).slice(0, Number(args.pages));
const order = scans.map((_, i) => (i % 2 ? half + (i >> 1) : i >> 1)).filter((i) => i < scans.length);
const pagesInOrder = order.map((i) => scans[i] as (typeof scans)[number]);
const input = join(work, `scans-${dpi}.pdf`);
await scannedPdf(
  pagesInOrder.map((s) => s.png),
  input,
);
const truths = pagesInOrder.map((s) => s.truth);
const outputs = { docserve: join(work, 'docserve.pdf'), ocrmypdf: join(work, 'ocrmypdf.pdf') };
const runs = await alternate<Timed>(
  {
    docserve: () =>
      timed([
        ...docserveCmd(
          input,
          '--format',
          'pdf',
          '--workers',
          String(workers),
          '--engine',
          args.engine,
          '--out',
          outputs.docserve,
        ),
      ]),
    ocrmypdf: () => {
      rmSync(outputs.ocrmypdf, { force: true });
      return timed(['ocrmypdf', '-q', '-l', 'tha+eng', '-j', String(workers), input, outputs.ocrmypdf]);
    },
  },
  Number(args.rounds),
  log,
);

console.log(
  `\nSearchable PDF of ${truths.length} scanned pages at ${dpi} dpi, ${workers} worker(s), docserve engine ${args.engine}, ${args.rounds} round(s) alternating`,
);
const cpu: Record<string, number> = {};
for (const [name, rs] of Object.entries(runs)) {
  const w = stats(rs.map((r) => r.wall));
  const c = stats(rs.map((r) => r.cpu));
  cpu[name] = c.median;
  console.log(
    `  ${name.padEnd(9)} wall ${w.min.toFixed(1)} / ${w.median.toFixed(1)} s   CPU ${c.min.toFixed(1)} / ${c.median.toFixed(1)} s   pages per CPU-second ${(truths.length / c.median).toFixed(3)}   peak RSS ${Math.round(Math.max(...rs.map((r) => r.rssBytes)) / 1048576)} MB (largest process)`,
  );
}
console.log(
  `  CPU ratio ocrmypdf / docserve: ${((cpu.ocrmypdf as number) / (cpu.docserve as number)).toFixed(2)}x   (goal >= 1.0x)`,
);

console.log('\nText layer read back (CER with reading order / order-free error, %):');
const pct = (x: number) => (x * 100).toFixed(1);
const layer: Record<string, Record<string, number>> = {};
for (const [name, pdf] of Object.entries(outputs)) {
  for (const [reader, texts] of [
    ['pdftotext', pdftotext(pdf)],
    ['pdf.js', await pdfjsText(pdf)],
  ] as const) {
    const c = truths.reduce((s, t, i) => s + cer(texts[i] ?? '', t), 0) / truths.length;
    const o = truths.reduce((s, t, i) => s + orderFreeError(texts[i] ?? '', t), 0) / truths.length;
    layer[name] = { ...layer[name], [reader]: c };
    console.log(`  ${name.padEnd(9)} ${reader.padEnd(9)} CER ${pct(c)}   order-free ${pct(o)}`);
  }
}
for (const reader of ['pdftotext', 'pdf.js'])
  console.log(
    `  CER ratio docserve / ocrmypdf, ${reader}: ${((layer.docserve?.[reader] as number) / (layer.ocrmypdf?.[reader] as number)).toFixed(2)}   (goal <= 1.00)`,
  );

const big = Number(args.big);
if (big > 0) {
  const many = join(work, `big-${big}.pdf`);
  await scannedPdf(
    Array.from({ length: big }, (_, i) => pagesInOrder[i % pagesInOrder.length]?.png as string),
    many,
  );
  const peak = await peakRss([
    ...docserveCmd(
      many,
      '--format',
      'pdf',
      '--workers',
      String(workers),
      '--engine',
      args.engine,
      '--out',
      join(work, 'big.out.pdf'),
    ),
  ]);
  console.log(
    `\n${big}-page PDF -> searchable PDF: wall ${peak.wall.toFixed(1)} s, peak RSS ${Math.round(peak.mainBytes / 1048576)} MB main process, ${Math.round(peak.totalBytes / 1048576)} MB with its OCR workers (sampled)`,
  );
}
console.log(`\nload ${load()}`);

/** Runs a command, sampling the RSS of it and its child processes every 200 ms. */
async function peakRss(cmd: string[]): Promise<{ wall: number; mainBytes: number; totalBytes: number }> {
  const started = performance.now();
  const p = Bun.spawn(cmd, { stdout: 'ignore', stderr: 'inherit' });
  let main = 0;
  let total = 0;
  const rssOf = (pid: number) => {
    try {
      const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/);
      return Number(m?.[1] ?? 0) * 1024;
    } catch {
      return 0;
    }
  };
  const childrenOf = (pid: number): number[] => {
    try {
      return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number);
    } catch {
      return [];
    }
  };
  const timer = setInterval(() => {
    const m = rssOf(p.pid);
    main = Math.max(main, m);
    total = Math.max(total, m + childrenOf(p.pid).reduce((s, c) => s + rssOf(c), 0));
  }, 200);
  await p.exited;
  clearInterval(timer);
  return { wall: (performance.now() - started) / 1000, mainBytes: main, totalBytes: total };
}
