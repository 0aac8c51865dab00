/**
 * Field-extraction evaluation (printed, not asserted). Generates a labelled set of Thai and English
 * business documents (scripts/gen-extract-fixtures.ts: HTML templates -> Chromium PDFs, degraded
 * scans) into bench/.out/extract, with real sentences from the shared corpus printed as remarks
 * (distractor text with Thai digits and dates), then prints per-field precision / recall / exact match
 * for born-digital PDFs and for scans, next to a naive baseline run in the same script.
 *
 * Page text: until the OCR engine is merged, born-digital pages come from `pdftotext -bbox-layout`
 * and scans from native `tesseract ... tsv` through the adapters in scripts/extract-fixtures/pages.ts.
 *
 *   bun bench/extract.ts [--count 60] [--no-scans] [--corpus ../shared/corpus] [--eval ../shared/eval]
 *
 * Needs chromium, poppler-utils, imagemagick, tesseract-ocr, tesseract-ocr-tha, fonts-thai-tlwg.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { DocTruth } from '../scripts/extract-fixtures/data.ts';
import { generate } from '../scripts/gen-extract-fixtures.ts';
import { findAmounts } from '../src/core/extract/amounts.ts';
import { findDates } from '../src/core/extract/dates.ts';
import { findTaxIds } from '../src/core/extract/identifiers.ts';
import { extractGeneric } from '../src/core/extract/rules.ts';
import type { PageResult } from '../src/core/ocr/types.ts';
import { normalizeThai } from '../src/core/text/thai.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '60' },
    'no-scans': { type: 'boolean', default: false },
    corpus: { type: 'string', default: process.env.DOCSERVE_CORPUS ?? '../shared/corpus' },
    eval: { type: 'string', default: process.env.DOCSERVE_EVAL ?? '../shared/eval' },
    out: { type: 'string', default: 'bench/.out/extract' },
    jobs: { type: 'string', default: '2' },
  },
});

/** Fields scored, with how to read the truth. */
const FIELDS: [string, (t: DocTruth) => unknown][] = [
  ['documentType', (t) => t.documentType],
  ['documentNumber', (t) => t.documentNumber],
  ['issueDate', (t) => t.issueDate],
  ['dueDate', (t) => t.dueDate],
  ['sellerName', (t) => t.seller.name],
  ['sellerTaxId', (t) => t.seller.taxId],
  ['sellerBranch', (t) => t.seller.branch],
  ['sellerAddress', (t) => t.seller.address],
  ['sellerPhone', (t) => t.seller.phone],
  ['sellerEmail', (t) => t.seller.email],
  ['buyerName', (t) => t.buyer.name],
  ['buyerTaxId', (t) => t.buyer.taxId],
  ['buyerBranch', (t) => t.buyer.branch],
  ['buyerAddress', (t) => t.buyer.address],
  ['buyerPhone', (t) => t.buyer.phone],
  ['subtotal', (t) => t.subtotal],
  ['vat', (t) => t.vat],
  ['total', (t) => t.total],
  ['lineItems', (t) => t.lineItems.map((i) => [i.quantity, i.unitPrice, i.amount])],
];
const GOALS = ['documentNumber', 'issueDate', 'sellerTaxId', 'buyerTaxId', 'total'];

/** Comparable form: numbers to 2 decimals, phones as digits, text without Thai-internal spaces. */
function norm(field: string, v: unknown): string | null {
  if (v === null || v === undefined || v === '') return null;
  if (field === 'lineItems') {
    const items = (v as unknown[]).map((i) =>
      Array.isArray(i)
        ? i
        : [(i as LineItemLike).quantity, (i as LineItemLike).unitPrice, (i as LineItemLike).amount],
    );
    return items.length ? JSON.stringify(items) : null;
  }
  if (typeof v === 'number') return v.toFixed(2);
  if (field.endsWith('Phone')) return String(v).replace(/\D/g, '');
  return normalizeThai(String(v)).replace(/\s+/g, ' ').trim().toLowerCase();
}
type LineItemLike = { quantity: number; unitPrice: number; amount: number };

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

function evaluate(
  docs: { truth: DocTruth; pages: PageResult[] }[],
  run: (p: PageResult[]) => Record<string, unknown>,
) {
  const scores = new Map<string, Score>(
    FIELDS.map(([f]) => [f, { tp: 0, predicted: 0, expected: 0, exact: 0, n: 0 }]),
  );
  const started = performance.now();
  for (const d of docs) {
    const got = run(d.pages);
    for (const [field, truthOf] of FIELDS) {
      if (!(field in got)) continue;
      const s = scores.get(field) as Score;
      const want = norm(field, truthOf(d.truth));
      const have = norm(field, got[field]);
      s.n++;
      if (want !== null) s.expected++;
      if (have !== null) s.predicted++;
      if (want !== null && have === want) s.tp++;
      if (have === want) s.exact++;
    }
  }
  return { scores, msPerDoc: (performance.now() - started) / Math.max(1, docs.length) };
}

const pct = (a: number, b: number) => (b ? (a / b).toFixed(3) : '  -  ');

function report(title: string, docs: { truth: DocTruth; pages: PageResult[] }[], goal: number): void {
  if (!docs.length) return;
  const rules = evaluate(docs, (p) => extractGeneric(p).data);
  const base = evaluate(docs, baseline);
  console.log(`\n${title}: ${docs.length} documents`);
  console.log(`${'field'.padEnd(16)} precision  recall  exact   baseline-exact  ratio`);
  for (const [field] of FIELDS) {
    const s = rules.scores.get(field) as Score;
    const b = base.scores.get(field) as Score;
    const exact = s.n ? s.exact / s.n : 0;
    const bExact = b.n ? b.exact / b.n : null;
    const ratio = bExact ? (exact / bExact).toFixed(2) : '  -';
    console.log(
      `${field.padEnd(16)} ${pct(s.tp, s.predicted).padStart(9)}  ${pct(s.tp, s.expected).padStart(6)}  ${pct(s.exact, s.n).padStart(5)}   ${(bExact === null ? '  -' : bExact.toFixed(3)).padStart(14)}  ${ratio.padStart(5)}`,
    );
  }
  const goals = GOALS.map((f) => {
    const s = rules.scores.get(f) as Score;
    return [f, s.n ? s.exact / s.n : 0] as const;
  });
  console.log(
    `goal exact >= ${goal.toFixed(2)}: ${goals.map(([f, v]) => `${f} ${v.toFixed(3)} ${v >= goal ? 'ok' : 'MISSED'}`).join(', ')}`,
  );
  console.log(
    `time: rules ${rules.msPerDoc.toFixed(2)} ms/doc, baseline ${base.msPerDoc.toFixed(2)} ms/doc (ratio ${(rules.msPerDoc / Math.max(0.001, base.msPerDoc)).toFixed(1)}x)`,
  );
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

function load(dir: string, suffix: string): { truth: DocTruth; pages: PageResult[] }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.truth.json'))
    .sort()
    .flatMap((f) => {
      const pages = join(dir, f.replace('.truth.json', `.${suffix}`));
      if (!existsSync(pages)) return [];
      return [
        {
          truth: JSON.parse(readFileSync(join(dir, f), 'utf8')),
          pages: JSON.parse(readFileSync(pages, 'utf8')),
        },
      ];
    });
}

const out = resolve(values.out as string);
const notes = corpusNotes(resolve(values.corpus as string));
console.log(
  `labelled set: ${out} (${values.count} documents${values['no-scans'] ? '' : ' + scans'}; remarks from ${notes ? values.corpus : 'no corpus found'})`,
);
console.log(
  'page text: PDF text layer via pdftotext -bbox-layout, scans via native tesseract tha+eng (adapters)',
);
await generate({
  out,
  count: Number(values.count),
  seed: 1,
  scans: !values['no-scans'],
  jobs: Number(values.jobs),
  notes,
  log: () => process.stdout.write('.'),
});
process.stdout.write('\n');
report('born-digital PDFs', load(out, 'pages.json'), 0.95);
report('scans (300 dpi, rotated, noise, blur)', load(out, 'scan.pages.json'), 0.9);
const evalDir = resolve(values.eval as string);
if (existsSync(evalDir)) {
  report(`shared eval set ${evalDir} (text layer)`, load(evalDir, 'pages.json'), 0.95);
  report(`shared eval set ${evalDir} (scans)`, load(evalDir, 'scan.pages.json'), 0.9);
} else console.log(`\n(no shared eval set at ${evalDir})`);
