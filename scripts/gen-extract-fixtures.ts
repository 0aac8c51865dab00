/**
 * Generates the first labelled extraction set (the one the rules are tuned on): Thai and English
 * business documents in several layouts, rendered to PDF with headless Chromium, with the ground truth
 * beside each (`<id>.truth.json`, `<id>.pdf`). With `--scans`, every page is also rasterized at 300 and
 * 200 dpi (pdftoppm) and degraded (ImageMagick: rotation, noise, blur, a JPEG round trip):
 * `<id>.scan300.png`, `<id>.scan200.png` (later pages `<id>.scan300-p2.png`, ...).
 *
 *   bun scripts/gen-extract-fixtures.ts --out bench/.out/extract --count 60 --scans
 *   bun scripts/gen-extract-fixtures.ts --out test/fixtures/extract --count 6 --scans --slim
 *
 * `--slim` keeps only the truth and the pages as docserve reads them (`<id>.pages.json` from the PDF,
 * `<id>.scan.pages.json` from the 300 dpi scan), for the committed test fixtures.
 *
 * Needs chromium, poppler-utils and imagemagick (Debian packages).
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { type DocKind, type Lang, randomDoc, rng } from './extract-fixtures/data.ts';
import { DocserveReader } from './extract-fixtures/read.ts';
import { renderHtml, type TemplateName } from './extract-fixtures/templates.ts';
import { scanLikeCommand } from './scan-like.ts';
import { printToPdfCommand } from '../test/helpers/chromium.ts';

const KINDS: DocKind[] = [
  'tax_invoice',
  'invoice',
  'receipt',
  'quotation',
  'purchase_order',
  'credit_note',
  'debit_note',
  'billing_note',
  'delivery_note',
  'letter',
];
const LAYOUTS: TemplateName[] = ['classic', 'modern', 'stacked', 'compact', 'issuer', 'grid'];
/**
 * Documents from this index on are the broadened part of the set: other names (มหาชน, shops, hjk.),
 * labels, branch spellings and date formats, and the accounting-software, side-by-side and hand-made
 * layouts. The documents before it are drawn exactly as they always were.
 */
export const BROAD_FROM = 60;
const BROAD_LAYOUTS: TemplateName[] = ['software', 'sideBySide', 'handmade', 'classic', 'issuer', 'modern'];

function layoutOf(i: number, kind: DocKind): TemplateName {
  if (kind === 'letter') return 'letter';
  if (i >= BROAD_FROM) {
    const layout = BROAD_LAYOUTS[(i * 5 + Math.floor(i / 7)) % BROAD_LAYOUTS.length] as TemplateName;
    return kind === 'purchase_order' && layout === 'handmade' ? 'software' : layout;
  }
  if (kind === 'purchase_order') return i % 20 < 10 ? 'issuer' : 'grid';
  return LAYOUTS[(i * 3 + Math.floor(i / 5)) % LAYOUTS.length] as TemplateName;
}

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

/** Number of pages of a PDF (pdfinfo). */
export async function pdfPageCount(pdf: string): Promise<number> {
  const p = Bun.spawn(['pdfinfo', pdf], { stdout: 'pipe', stderr: 'pipe' });
  const out = await new Response(p.stdout).text();
  await p.exited;
  return Number(/^Pages:\s+(\d+)/m.exec(out)?.[1] ?? 1);
}

/** File name of a scanned page: `<id>.scan300.png` for page 1, `<id>.scan300-p2.png` after it. */
export const scanName = (id: string, dpi: number, page: number) =>
  `${id}.scan${dpi}${page > 1 ? `-p${page}` : ''}.png`;

/**
 * Degraded grayscale scans of every page of a PDF at `dpi`, the way an office scanner and e-mail
 * deliver them: slight rotation, noise, blur and a JPEG round trip (quality 55-85), saved as PNG.
 */
export async function scanOf(pdf: string, dir: string, id: string, dpi: number, seed: number): Promise<void> {
  const r = rng(seed);
  const pages = await pdfPageCount(pdf);
  for (let page = 1; page <= pages; page++) {
    const base = join(dir, `${id}.raw${dpi}-${page}`);
    const f = String(page);
    await sh(['pdftoppm', '-r', String(dpi), '-gray', '-png', '-singlefile', '-f', f, '-l', f, pdf, base]);
    const jpeg = `${base}.jpg`;
    await sh(scanLikeCommand(`${base}.png`, jpeg, r, dpi));
    await sh(['convert', jpeg, '-depth', '8', '-density', String(dpi), join(dir, scanName(id, dpi, page))]);
    rmSync(`${base}.png`, { force: true });
    rmSync(jpeg, { force: true });
  }
}

export interface GenOptions {
  out: string;
  count: number;
  seed: number;
  scans: boolean;
  jobs: number;
  /** Real Thai/English sentences printed as a remarks line (distractor text), by language. */
  notes?: { th: string[]; en: string[] };
  /** Scan only the documents from this index on (OCR of a whole set takes hours on a busy machine). */
  scansFrom?: number;
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
    const layout = layoutOf(i, kind);
    const broad = i >= BROAD_FROM;
    const truth = randomDoc(r, id, lang, kind, layout, broad);
    const p = (ext: string) => join(o.out, `${id}.${ext}`);
    work.push(async () => {
      if (!existsSync(p('pdf'))) {
        const pool = o.notes?.[lang] ?? [];
        const note = pool.length ? pool[Math.floor(r() * pool.length)] : undefined;
        writeFileSync(p('html'), renderHtml(r, truth, layout, note, broad));
        writeFileSync(p('truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
        await htmlToPdf(p('html'), p('pdf'));
        rmSync(p('html'), { force: true });
      }
      if (o.scans && i >= (o.scansFrom ?? 0))
        for (const dpi of SCAN_DPIS)
          if (!existsSync(join(o.out, scanName(id, dpi, 1))))
            await scanOf(p('pdf'), o.out, id, dpi, o.seed * 31 + i);
      o.log?.(`${id} ${lang} ${kind} ${layout}`);
    });
  }
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.max(1, o.jobs) }, async () => {
      while (next < work.length) await (work[next++] as () => Promise<void>)();
    }),
  );
  if (o.slim) await slim(o.out, ids, o.scans);
  return ids;
}

/** Scan resolutions of the set. */
export const SCAN_DPIS = [300, 200] as const;

/**
 * Keeps only what the committed test fixtures need: the truth and the pages as docserve reads them
 * (`<id>.pages.json` from the PDF, `<id>.scan.pages.json` from the 300 dpi scan).
 */
async function slim(out: string, ids: string[], scans: boolean): Promise<void> {
  const reader = new DocserveReader(join(out, '.cache'));
  try {
    for (const id of ids) {
      const p = (ext: string) => join(out, `${id}.${ext}`);
      writeFileSync(p('pages.json'), JSON.stringify(await reader.file(p('pdf'))));
      const images = readdirSync(out)
        .filter((f) => f.startsWith(`${id}.scan300`) && f.endsWith('.png'))
        .sort();
      if (scans)
        writeFileSync(
          p('scan.pages.json'),
          JSON.stringify(await reader.images(images.map((f) => join(out, f)))),
        );
      for (const f of [
        `${id}.pdf`,
        ...readdirSync(out).filter((f) => f.startsWith(`${id}.scan`) && f.endsWith('.png')),
      ])
        rmSync(join(out, f), { force: true });
    }
  } finally {
    await reader.close();
  }
  rmSync(join(out, '.cache'), { recursive: true, force: true });
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
