/**
 * Field-extraction evaluation (printed, not asserted) on two labelled sets, side by side:
 *
 * - the FIRST set, made by scripts/gen-extract-fixtures.ts (the set the rules are tuned on), with real
 *   sentences from the shared corpus printed as distractor remarks;
 * - the SECOND set, written independently by scripts/eval-set (its own seed, vocabulary and templates;
 *   truth conventions in scripts/eval-set/README.md), or any directory given with `--second`: only
 *   reported on, never tuned on. It is generated once into `<out>/second` and reused while its
 *   `index.json` names the same seed and count.
 *
 * A set is a directory of `<id>.truth.json` with `<id>.pdf` (born-digital) and scans
 * `<id>.scan300.png` / `<id>.scan200.png` (later pages with a page suffix such as `.p2`), or the file
 * names a truth lists under `files` (`{pdf, scan300: [...], scan200: [...]}`). Page text
 * comes from docserve's own readers — the PDF text layer through src/core/pdf, scans through the OCR
 * engine src/core/ocr — exactly as an upload would get it (cached per file and reader version).
 *
 * Printed per set and input (born-digital, 300 dpi scans, 200 dpi scans): per-field precision, recall
 * and exact match next to a naive baseline, the gap between the sets, and calibration (how many fields
 * were answered above their confidence threshold and how exact those were; candidates withheld below
 * it and how many of those would have been right). Names are compared after collapsing whitespace.
 *
 *   npx bun bench/extract.ts [--count 60] [--no-scans] [--dpi 300] [--second DIR] [--second-count 48] [--second-seed S] [--misses] [--scans-from N]
 *
 * `--scans-from N` scans only the first set's documents from index N on (e.g. 60: the broadened part).
 * `--dpi` reads and reports the scans of one resolution only (OCR of a set takes long on a busy machine).
 * `--misses` also lists every field that was not exact (document, input, field, truth, answer) for both sets.
 *
 * Needs chromium, poppler-utils, imagemagick and fonts-thai-tlwg.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_SEED, generateEvalSet } from '../scripts/eval-set/generate.ts';
import { DocserveReader } from '../scripts/extract-fixtures/read.ts';
import { generate, SCAN_DPIS } from '../scripts/gen-extract-fixtures.ts';
import { findAmounts } from '../src/core/extract/amounts.ts';
import { findDates } from '../src/core/extract/dates.ts';
import { findTaxIds } from '../src/core/extract/identifiers.ts';
import { extractGeneric } from '../src/core/extract/rules.ts';
import type { ExtractionResult } from '../src/core/extract/types.ts';
import type { PageResult } from '../src/core/ocr/types.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '60' },
    'no-scans': { type: 'boolean', default: false },
    corpus: { type: 'string', default: process.env.DOCSERVE_CORPUS ?? '../shared/corpus' },
    out: { type: 'string', default: 'bench/.out/extract' },
    second: { type: 'string' },
    'second-count': { type: 'string', default: '48' },
    'second-seed': { type: 'string' },
    jobs: { type: 'string', default: '2' },
    workers: { type: 'string', default: '2' },
    misses: { type: 'boolean', default: false },
    dpi: { type: 'string' },
    'scans-from': { type: 'string', default: '0' },
  },
});

type Truth = Record<string, unknown>;

/** Fields scored. */
const FIELDS = [
  'documentType',
  'documentNumber',
  'issueDate',
  'dueDate',
  'sellerName',
  'sellerTaxId',
  'sellerBranch',
  'sellerAddress',
  'sellerPhone',
  'buyerName',
  'buyerTaxId',
  'buyerBranch',
  'buyerAddress',
  'buyerPhone',
  'subtotal',
  'vat',
  'total',
  'lineItems',
] as const;
/** Extra informational rows: names with every space ignored (the text-layer fidelity issue). */
const SPACELESS = ['sellerName', 'buyerName'] as const;

/**
 * A field's truth from either shape a set may use: flat (`sellerName`) or nested (`seller.name`).
 * `undefined` means the set does not label it (not scored); `null` means the document has none.
 */
function truthOf(t: Truth, field: string): unknown {
  if (field in t) return t[field];
  const m = /^(seller|buyer)([A-Z]\w*)$/.exec(field);
  if (!m) return undefined;
  const party = t[m[1] as string];
  if (party === null) return null;
  if (!party || typeof party !== 'object') return undefined;
  const key = (m[2] as string)[0]?.toLowerCase() + (m[2] as string).slice(1);
  return (party as Record<string, unknown>)[key];
}

type ItemLike = { quantity?: unknown; unitPrice?: unknown; amount?: unknown };
const money = (v: unknown) => {
  const n = typeof v === 'number' ? v : Number(String(v).replace(/,/g, ''));
  return Number.isFinite(n) ? n.toFixed(2) : String(v);
};

/** Comparable form: amounts to 2 decimals, phones and tax IDs as digits, text with whitespace collapsed. */
function norm(field: string, v: unknown, spaceless = false): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (field === 'lineItems') {
    if (!Array.isArray(v) || !v.length) return null;
    return JSON.stringify(
      v.map((i: ItemLike) => [
        i.quantity == null ? null : money(i.quantity),
        i.unitPrice == null ? null : money(i.unitPrice),
        i.amount == null ? null : money(i.amount),
      ]),
    );
  }
  if (['subtotal', 'vat', 'total'].includes(field)) return money(v);
  if (/Phone$|TaxId$|Branch$/.test(field)) return String(v).replace(/\D/g, '') || null;
  const text = String(v).normalize('NFC').replace(/\s+/g, ' ').trim();
  return spaceless ? text.replace(/ /g, '') : text;
}

/** A deliberately naive extractor: first matches anywhere in the text, largest amount as the total. */
function baseline(pages: PageResult[]): Record<string, unknown> {
  const text = pages.map((p) => p.text).join('\n');
  const amounts = findAmounts(text)
    .filter((a) => !a.percent)
    .map((a) => a.value);
  const taxIds = findTaxIds(text).map((t) => t.value);
  const no = text.match(/(?:เลขที่|No\.?)\s*[:.]?\s*([A-Z0-9][\w\-/]*\d[\w\-/]*)/i);
  const kinds: [string, RegExp][] = [
    ['credit_note', /ใบลดหนี้|credit note/i],
    ['tax_invoice', /ใบกำกับภาษี|tax invoice/i],
    ['receipt', /ใบเสร็จ|receipt/i],
    ['purchase_order', /ใบสั่งซื้อ|purchase order/i],
    ['quotation', /ใบเสนอราคา|quotation/i],
    ['invoice', /ใบแจ้งหนี้|invoice/i],
  ];
  return {
    documentType: kinds.find(([, re]) => re.test(text))?.[0] ?? null,
    documentNumber: no?.[1] ?? null,
    issueDate: findDates(text)[0]?.iso ?? null,
    sellerTaxId: taxIds[0] ?? null,
    buyerTaxId: taxIds[1] ?? null,
    total: amounts.length ? Math.max(...amounts) : null,
  };
}

interface Score {
  tp: number;
  predicted: number;
  expected: number;
  exact: number;
  n: number;
}
const emptyScore = (): Score => ({ tp: 0, predicted: 0, expected: 0, exact: 0, n: 0 });

function add(s: Score, want: string | null, have: string | null): void {
  s.n++;
  if (want !== null) s.expected++;
  if (have !== null) s.predicted++;
  if (want !== null && have === want) s.tp++;
  if (have === want) s.exact++;
}

interface Calibration {
  /** Fields answered (a value above its threshold) and how many of those were exact. */
  answered: number;
  answeredExact: number;
  /** Candidates withheld below their threshold and how many would have been exact. */
  withheld: number;
  withheldExact: number;
}

interface Evaluation {
  docs: number;
  rules: Map<string, Score>;
  base: Map<string, Score>;
  calibration: Calibration;
  msPerDoc: number;
}

interface Doc {
  id: string;
  truth: Truth;
  pages: PageResult[];
}

/** Every field that was not exact, as `id field: want | have` lines. */
const misses: string[] = [];

function evaluate(docs: Doc[], label = ''): Evaluation {
  const rules = new Map<string, Score>();
  const base = new Map<string, Score>();
  const calibration: Calibration = { answered: 0, answeredExact: 0, withheld: 0, withheldExact: 0 };
  const score = (m: Map<string, Score>, key: string) => {
    if (!m.has(key)) m.set(key, emptyScore());
    return m.get(key) as Score;
  };
  let ms = 0;
  for (const d of docs) {
    const started = performance.now();
    const result: ExtractionResult = extractGeneric(d.pages);
    ms += performance.now() - started;
    const naive = baseline(d.pages);
    const withheld = new Map(
      (result.checks ?? []).flatMap((c) => (c.field && c.candidate ? [[c.field, c.candidate.value]] : [])),
    );
    for (const field of FIELDS) {
      const truth = truthOf(d.truth, field);
      if (truth === undefined) continue;
      const want = norm(field, truth);
      const have = norm(field, result.data[field]);
      add(score(rules, field), want, have);
      if (have !== want) misses.push(`${label} ${d.id} ${field}: ${want} | ${have}`);
      if (field in naive) add(score(base, field), want, norm(field, naive[field]));
      if (have !== null) {
        calibration.answered++;
        if (have === want) calibration.answeredExact++;
      } else if (withheld.has(field)) {
        calibration.withheld++;
        if (norm(field, withheld.get(field)) === want) calibration.withheldExact++;
      }
    }
    for (const field of SPACELESS) {
      const truth = truthOf(d.truth, field);
      if (truth === undefined) continue;
      add(score(rules, `${field}~`), norm(field, truth, true), norm(field, result.data[field], true));
    }
  }
  return { docs: docs.length, rules, base, calibration, msPerDoc: ms / Math.max(1, docs.length) };
}

const ratio = (a: number, b: number) => (b ? (a / b).toFixed(3) : '  -  ');
const em = (s: Score | undefined) => (s?.n ? s.exact / s.n : null);
const fmt = (v: number | null, w = 5) => (v === null ? '-' : v.toFixed(3)).padStart(w);

function columns(e: Evaluation | undefined, key: string): string {
  const s = e?.rules.get(key);
  if (!s?.n) return `${'-'.padStart(5)}  ${'-'.padStart(5)}  ${'-'.padStart(5)}  ${'-'.padStart(5)}`;
  const b = e?.base.get(key);
  return `${ratio(s.tp, s.predicted).padStart(5)}  ${ratio(s.tp, s.expected).padStart(5)}  ${fmt(em(s))}  ${fmt(em(b))}`;
}

function calibrationLine(name: string, e: Evaluation | undefined): string {
  if (!e) return `  ${name}: -`;
  const c = e.calibration;
  const total = c.answered + c.withheld;
  return `  ${name}: ${c.answered} of ${total} fields above threshold (share ${ratio(c.answered, total)}), EM above ${ratio(c.answeredExact, c.answered)}; ${c.withheld} withheld, ${c.withheldExact} of them would have been exact`;
}

/** Prints one input (born-digital or a scan resolution) for both sets, side by side. */
function report(title: string, goal: number, first: Evaluation | undefined, second: Evaluation | undefined) {
  console.log(`\n== ${title} — first set ${first?.docs ?? 0} docs | second set ${second?.docs ?? 0} docs ==`);
  console.log(
    `${'field'.padEnd(16)} ${'prec'.padStart(5)}  ${'rec'.padStart(5)}  ${'EM'.padStart(5)}  ${'base'.padStart(5)} | ${'prec'.padStart(5)}  ${'rec'.padStart(5)}  ${'EM'.padStart(5)}  ${'base'.padStart(5)} |   gap  goal ${goal.toFixed(2)}`,
  );
  const missed: string[] = [];
  const overfit: string[] = [];
  for (const key of [...FIELDS, ...SPACELESS.map((f) => `${f}~`)]) {
    const a = em(first?.rules.get(key));
    const b = em(second?.rules.get(key));
    const gap = a !== null && b !== null ? a - b : null;
    const info = key.endsWith('~');
    if (!info && b !== null && b < goal) missed.push(key);
    if (!info && gap !== null && gap > 0.05) overfit.push(key);
    const mark = info ? '(spaces ignored)' : b === null ? '' : b >= goal ? 'ok' : 'MISSED';
    console.log(
      `${key.padEnd(16)} ${columns(first, key)} | ${columns(second, key)} | ${fmt(gap, 6)}  ${mark}`,
    );
  }
  const all = (e?: Evaluation) => {
    const xs = FIELDS.map((f) => e?.rules.get(f)).filter((s): s is Score => Boolean(s?.n));
    const n = xs.reduce((t, s) => t + s.n, 0);
    return n ? xs.reduce((t, s) => t + s.exact, 0) / n : null;
  };
  console.log(
    `${'all fields'.padEnd(16)} ${fmt(all(first)).padStart(26)} | ${fmt(all(second)).padStart(26)} |`,
  );
  console.log('calibration:');
  console.log(calibrationLine('first ', first));
  console.log(calibrationLine('second', second));
  if (second)
    console.log(
      `second set below goal ${goal.toFixed(2)}: ${missed.join(', ') || 'none'}; gap > .05: ${overfit.join(', ') || 'none'}`,
    );
  const t = [first, second].filter(Boolean).map((e) => (e as Evaluation).msPerDoc.toFixed(2));
  console.log(`rules time: ${t.join(' | ')} ms/doc (load average ${loadavg()[0]?.toFixed(2)})`);
}

/** The labelled documents of a directory and the files to read for each input. */
function listSet(dir: string): { id: string; truth: Truth; pdf?: string; scans: Map<number, string[]> }[] {
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir);
  return files
    .filter((f) => f.endsWith('.truth.json'))
    .sort()
    .map((f) => {
      const id = f.slice(0, -'.truth.json'.length);
      const scans = new Map<number, string[]>();
      for (const dpi of SCAN_DPIS) {
        const re = new RegExp(
          `^${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.scan${dpi}(?:[-_.]?p(?:age)?[-_]?(\\d+))?\\.(?:png|jpe?g|tiff?)$`,
          'i',
        );
        const pages = files
          .map((name) => ({ name, m: re.exec(name) }))
          .filter((x) => x.m)
          .sort((a, b) => Number(a.m?.[1] ?? 1) - Number(b.m?.[1] ?? 1))
          .map((x) => join(dir, x.name));
        if (pages.length) scans.set(dpi, pages);
      }
      const truth = JSON.parse(readFileSync(join(dir, f), 'utf8')) as Truth;
      const listed = truth.files as { pdf?: string; [scan: string]: unknown } | undefined;
      if (listed)
        for (const dpi of SCAN_DPIS) {
          const names = listed[`scan${dpi}`];
          if (Array.isArray(names) && names.length)
            scans.set(
              dpi,
              names.map((n) => join(dir, String(n))),
            );
        }
      const pdf = listed?.pdf || (files.includes(`${id}.pdf`) ? `${id}.pdf` : undefined);
      return { id, truth, pdf: pdf ? join(dir, pdf) : undefined, scans };
    });
}

type Input = 'digital' | `scan${number}`;

/** Reads every document of a set through docserve's readers, per input. */
async function readSet(reader: DocserveReader, dir: string, scans: boolean): Promise<Map<Input, Doc[]>> {
  const out = new Map<Input, Doc[]>();
  const docs = listSet(dir);
  const jobs: (() => Promise<void>)[] = [];
  const put = (input: Input, doc: Doc) => {
    if (!out.has(input)) out.set(input, []);
    out.get(input)?.push(doc);
  };
  for (const d of docs) {
    const pdf = d.pdf;
    if (pdf)
      jobs.push(async () => put('digital', { id: d.id, truth: d.truth, pages: await reader.file(pdf) }));
    if (scans)
      for (const [dpi, images] of d.scans)
        if (dpis.includes(dpi))
          jobs.push(async () =>
            put(`scan${dpi}`, { id: d.id, truth: d.truth, pages: await reader.images(images) }),
          );
  }
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: Number(values.workers) + 1 }, async () => {
      while (next < jobs.length) {
        await (jobs[next++] as () => Promise<void>)();
        if (++done % 10 === 0) process.stdout.write('.');
      }
    }),
  );
  for (const list of out.values()) list.sort((a, b) => a.id.localeCompare(b.id));
  return out;
}

function corpusNotes(dir: string): { th: string[]; en: string[] } | undefined {
  const law = join(dir, 'thai_law/paragraphs.txt');
  const parallel = join(dir, 'parallel/ud_thai_pud.th_en.tsv');
  if (!existsSync(law) || !existsSync(parallel)) return undefined;
  const th = readFileSync(law, 'utf8')
    .split('\n')
    .filter((l) => l.length > 60 && l.length < 220);
  const en = readFileSync(parallel, 'utf8')
    .split('\n')
    .slice(1)
    .map((l) => l.split('\t')[2] ?? '')
    .filter((l) => l.length > 40 && l.length < 200);
  return { th: th.filter((_, i) => i % 37 === 0), en };
}

/** The independent second set: a given directory, or generated by scripts/eval-set (once per seed and count). */
async function secondSet(out: string, scans: boolean): Promise<string> {
  if (values.second) return resolve(values.second);
  const dir = join(out, 'second');
  const seed = values['second-seed'] ?? DEFAULT_SEED;
  const count = Number(values['second-count']);
  const index = join(dir, 'index.json');
  const made = existsSync(index)
    ? (JSON.parse(readFileSync(index, 'utf8')) as { seed?: string; count?: number })
    : {};
  const complete = listSet(dir).every((d) => d.pdf && (!scans || d.scans.size === SCAN_DPIS.length));
  if (made.seed !== seed || made.count !== count || !complete)
    await generateEvalSet({
      out: dir,
      seed,
      count,
      scans,
      jobs: Number(values.jobs),
      log: () => process.stdout.write('.'),
    });
  return dir;
}

const out = resolve(values.out as string);
const dpis: number[] = values.dpi ? [Number(values.dpi)] : [...SCAN_DPIS];
const scans = !values['no-scans'];
const notes = corpusNotes(resolve(values.corpus as string));
const firstDir = join(out, 'first');
console.log(
  `first set: ${firstDir} (${values.count} documents${scans ? ' + scans at 300 and 200 dpi' : ''}; remarks from ${notes ? values.corpus : 'no corpus found'})`,
);
await generate({
  out: firstDir,
  count: Number(values.count),
  seed: 1,
  scans,
  scansFrom: Number(values['scans-from']),
  jobs: Number(values.jobs),
  notes,
  log: () => process.stdout.write('.'),
});
const secondDir = await secondSet(out, scans);
console.log(`\nsecond set: ${secondDir}`);
console.log(
  "page text: docserve's readers (PDF text layer: src/core/pdf; scans: src/core/ocr, tesseract.js)",
);
const reader = new DocserveReader(join(out, '.pages'), Number(values.workers));
const first = await readSet(reader, firstDir, scans);
const second = await readSet(reader, secondDir, scans);
await reader.close();
process.stdout.write('\n');

const run = (docs: Doc[] | undefined, label: string) => (docs?.length ? evaluate(docs, label) : undefined);
report(
  'born-digital PDFs (text layer)',
  0.95,
  run(first.get('digital'), 'first digital'),
  run(second.get('digital'), 'second digital'),
);
if (scans)
  for (const dpi of dpis)
    report(
      `scans ${dpi} dpi (rotation, noise, blur, JPEG)`,
      dpi >= 300 ? 0.9 : 0.85,
      run(first.get(`scan${dpi}`), `first scan${dpi}`),
      run(second.get(`scan${dpi}`), `second scan${dpi}`),
    );
if (values.misses) console.log(`\nmisses (set input document field: truth | answer):\n${misses.join('\n')}`);
