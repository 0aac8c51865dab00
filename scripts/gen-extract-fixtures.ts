/**
 * Generates the labelled extraction set: Thai and English invoices, tax invoices, receipts, quotations,
 * purchase orders and credit notes in several layouts, rendered to PDF with headless Chromium, with the
 * ground truth beside each (`<id>.truth.json`) and the page text/layout (`<id>.pages.json`, from the
 * PDF text layer). With `--scans`, each PDF is also rasterized (pdftoppm), degraded (ImageMagick:
 * rotation, noise, blur) and read with native tesseract (`<id>.scan.pages.json`).
 *
 *   bun scripts/gen-extract-fixtures.ts --out bench/.out/extract --count 60 --scans
 *   bun scripts/gen-extract-fixtures.ts --out test/fixtures/extract --count 6 --scans --slim
 *
 * `--slim` keeps only the JSON (truth and pages), for the committed test fixtures.
 *
 * Needs chromium, poppler-utils, imagemagick and tesseract-ocr(-tha) (Debian packages).
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type DocKind, type Lang, randomDoc, rng } from './extract-fixtures/data.ts';
import { pdfTextLayerPages, tesseractPages } from './extract-fixtures/pages.ts';
import { renderHtml, type TemplateName } from './extract-fixtures/templates.ts';
import { scanLikeCommand } from './scan-like.ts';
import { printToPdfCommand } from '../test/helpers/chromium.ts';

const KINDS: DocKind[] = ['tax_invoice', 'invoice', 'receipt', 'quotation', 'purchase_order', 'credit_note'];
const LAYOUTS: TemplateName[] = ['classic', 'modern', 'stacked', 'compact', 'issuer'];

async function sh(cmd: string[]): Promise<void> {
  const p = Bun.spawn(cmd, { stdout: 'ignore', stderr: 'pipe' });
  const code = await p.exited;
  if (code !== 0)
    throw new Error(`${cmd[0]} exited ${code}: ${(await new Response(p.stderr).text()).slice(-400)}`);
}

/** Renders an HTML file to PDF with headless Chromium (no network, no profile sync). */
export async function htmlToPdf(html: string, pdf: string): Promise<void> {
  await sh(printToPdfCommand(`file://${resolve(html)}`, pdf));
}

/** A degraded 300 dpi grayscale scan of page 1 of a PDF: slight rotation, noise and blur. */
export async function scanOf(pdf: string, out: string, seed: number): Promise<void> {
  const r = rng(seed);
  const base = out.replace(/\.png$/, '');
  await sh([
    'pdftoppm',
    '-r',
    '300',
    '-gray',
    '-png',
    '-singlefile',
    '-f',
    '1',
    '-l',
    '1',
    pdf,
    `${base}.raw`,
  ]);
  await sh(scanLikeCommand(`${base}.raw.png`, out, r));
  await sh(['rm', '-f', `${base}.raw.png`]);
}

export interface GenOptions {
  out: string;
  count: number;
  seed: number;
  scans: boolean;
  jobs: number;
  /** Real Thai/English sentences printed as a remarks line (distractor text), by language. */
  notes?: { th: string[]; en: string[] };
  /** Delete the HTML, PDF and scan images afterwards (keep the JSON). */
  slim?: boolean;
  log?: (s: string) => void;
}

/** Generates (or completes) the set in `out`; existing files are kept, so reruns are cheap. */
export async function generate(o: GenOptions): Promise<string[]> {
  mkdirSync(o.out, { recursive: true });
  const ids: string[] = [];
  const work: (() => Promise<void>)[] = [];
  for (let i = 0; i < o.count; i++) {
    const id = `d${String(i + 1).padStart(3, '0')}`;
    ids.push(id);
    const r = rng(o.seed * 7919 + i);
    const kind = KINDS[i % KINDS.length] as DocKind;
    const lang: Lang = (i + Math.floor(i / KINDS.length)) % 2 === 0 ? 'th' : 'en';
    const layout: TemplateName =
      kind === 'purchase_order'
        ? 'issuer'
        : (LAYOUTS[(i * 3 + Math.floor(i / 5)) % LAYOUTS.length] as TemplateName);
    const truth = randomDoc(r, id, lang, kind, layout);
    const p = (ext: string) => join(o.out, `${id}.${ext}`);
    work.push(async () => {
      if (!existsSync(p('pdf'))) {
        const pool = o.notes?.[lang] ?? [];
        const note = pool.length ? pool[Math.floor(r() * pool.length)] : undefined;
        writeFileSync(p('html'), renderHtml(r, truth, layout, note));
        writeFileSync(p('truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
        await htmlToPdf(p('html'), p('pdf'));
      }
      if (!existsSync(p('pages.json')))
        writeFileSync(p('pages.json'), JSON.stringify(pdfTextLayerPages(p('pdf'))));
      if (o.scans && !existsSync(p('scan.pages.json'))) {
        if (!existsSync(p('scan.png'))) await scanOf(p('pdf'), p('scan.png'), o.seed * 31 + i);
        const page = await tesseractPages(p('scan.png'));
        writeFileSync(p('scan.pages.json'), JSON.stringify([page]));
      }
      if (o.slim) for (const ext of ['html', 'pdf', 'scan.png']) rmSync(p(ext), { force: true });
      o.log?.(`${id} ${lang} ${kind} ${layout}`);
    });
  }
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, o.jobs) }, async () => {
      while (next < work.length) await (work[next++] as () => Promise<void>)();
    }),
  );
  return ids;
}

if (import.meta.main) {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'bench/.out/extract' },
      count: { type: 'string', default: '60' },
      seed: { type: 'string', default: '1' },
      scans: { type: 'boolean', default: false },
      jobs: { type: 'string', default: '2' },
      slim: { type: 'boolean', default: false },
    },
  });
  await generate({
    out: values.out as string,
    count: Number(values.count),
    seed: Number(values.seed),
    scans: Boolean(values.scans),
    jobs: Number(values.jobs),
    slim: Boolean(values.slim),
    log: (s) => console.log(s),
  });
}
