/**
 * The second, independent evaluation set for field extraction (issue 17): realistic Thai and English
 * business documents printed to PDF by headless Chromium, scanned-looking page images at 300 and 200
 * dpi, and a ground-truth JSON per document. Nothing here was derived from the first set's generator.
 *
 *   npx bun scripts/eval-set/generate.ts --out bench/.out/eval-set --count 48 [--seed S] [--jobs 2] [--no-scans]
 *
 * Needs Debian's chromium, poppler-utils (pdftoppm, pdfinfo), imagemagick and fonts-thai-tlwg.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDocument, SCHEDULE } from './documents.ts';
import { pdfPageCount, printPdf, scanPage, scanParams } from './render.ts';
import { makeRng } from './rng.ts';
import type { EvalTruth } from './truth.ts';

/** The seed of the evaluation set; the tuning set has its own. */
export const DEFAULT_SEED = 'ev2-25690825';

export interface EvalSetOptions {
  /** Output directory (created). */
  out: string;
  seed?: string;
  /** Number of documents; the default covers the whole schedule once. */
  count?: number;
  /** Also write the scanned page images (default true). */
  scans?: boolean;
  /** Documents rendered at the same time (default 2). */
  jobs?: number;
  /** Progress lines. */
  log?: (line: string) => void;
}

/** Generates the set into `out` and returns the truths (also written as `<id>.truth.json` and `index.json`). */
export async function generateEvalSet(opts: EvalSetOptions): Promise<EvalTruth[]> {
  const seed = opts.seed ?? DEFAULT_SEED;
  const count = opts.count ?? SCHEDULE.length;
  const jobs = Math.max(1, opts.jobs ?? 2);
  mkdirSync(opts.out, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'eval-set-'));
  const truths: EvalTruth[] = new Array(count);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      truths[i] = await renderOne(seed, i, opts.out, work, opts.scans ?? true);
      opts.log?.(`${truths[i]?.id} ${truths[i]?.template} (${truths[i]?.render.pages} page(s))`);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(jobs, count) }, worker));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  writeFileSync(
    join(opts.out, 'index.json'),
    `${JSON.stringify({ seed, count, documents: truths.map((t) => ({ id: t.id, documentType: t.documentType, template: t.template, files: t.files })) }, null, 2)}\n`,
  );
  return truths;
}

async function renderOne(
  seed: string,
  index: number,
  out: string,
  work: string,
  scans: boolean,
): Promise<EvalTruth> {
  const { html, truth } = buildDocument(seed, index);
  const htmlPath = join(work, `${truth.id}.html`);
  const pdf = `${truth.id}.pdf`;
  const intended = truth.render.intendedPages as number | null;
  let zoom = 1;
  let pages: number;
  for (;;) {
    writeFileSync(
      htmlPath,
      zoom === 1 ? html : html.replace('</style>', `body { zoom: ${zoom}; }\n</style>`),
    );
    await printPdf(htmlPath, join(out, pdf));
    pages = await pdfPageCount(join(out, pdf));
    if (intended === null || pages <= intended || zoom < 0.75) break;
    zoom = Math.round(zoom * 0.92 * 100) / 100;
  }
  if (intended !== null && pages > intended) truth.render.overflow = true;
  truth.render.zoom = zoom;
  truth.render.pages = pages;
  truth.files.pdf = pdf;
  if (scans) {
    const params = scanParams(makeRng(`${seed}/scan/${index}`));
    truth.scan = { ...params };
    for (const dpi of [300, 200] as const) {
      const names: string[] = [];
      for (let p = 1; p <= pages; p++) {
        const name = pages === 1 ? `${truth.id}.scan${dpi}.png` : `${truth.id}.scan${dpi}.p${p}.png`;
        await scanPage(join(out, pdf), p, dpi, params, join(out, name));
        names.push(name);
      }
      truth.files[dpi === 300 ? 'scan300' : 'scan200'] = names;
    }
  }
  writeFileSync(join(out, `${truth.id}.truth.json`), `${JSON.stringify(truth, null, 2)}\n`);
  return truth;
}

function parseArgs(argv: string[]): EvalSetOptions {
  const opts: EvalSetOptions = { out: 'bench/.out/eval-set' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--out') opts.out = value();
    else if (a === '--count') opts.count = Number(value());
    else if (a === '--seed') opts.seed = value();
    else if (a === '--jobs') opts.jobs = Number(value());
    else if (a === '--no-scans') opts.scans = false;
    else throw new Error(`unknown option ${a} (use --out DIR --count N --seed S --jobs N --no-scans)`);
  }
  if (opts.count !== undefined && !(Number.isInteger(opts.count) && opts.count > 0))
    throw new Error('--count must be a positive integer');
  return opts;
}

if (import.meta.main) {
  const opts = parseArgs(process.argv.slice(2));
  const started = performance.now();
  const truths = await generateEvalSet({ ...opts, log: (l) => console.log(l) });
  console.log(
    `Wrote ${truths.length} documents to ${opts.out} in ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
}
