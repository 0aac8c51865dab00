// The second evaluation set's generator: its truth must be what the page shows.
import { describe, expect, test } from 'bun:test';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDocument, SCHEDULE } from '../../scripts/eval-set/documents.ts';
import { DEFAULT_SEED, generateEvalSet } from '../../scripts/eval-set/generate.ts';
import type { EvalTruth } from '../../scripts/eval-set/truth.ts';
import { chromiumPath, chromiumRequired } from '../helpers/chromium.ts';

const chromium = chromiumPath();
if (!chromium && chromiumRequired) throw new Error('REQUIRE_CHROMIUM=1 but no chromium is installed');

/** Thai ID / tax ID check digit, as published by the Department of Provincial Administration. */
function validThaiId(id: string): boolean {
  if (!/^\d{13}$/.test(id)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(id[i]) * (13 - i);
  return (11 - (sum % 11)) % 10 === Number(id[12]);
}

const squash = (s: string) => s.normalize('NFC').replace(/\s+/g, '');
const digitsPattern = (id: string) => new RegExp(id.split('').join('[\\s-]*'));
const cents = (n: number) => Math.round(n * 100);

function pdfText(pdf: string, raw: boolean): string {
  const p = Bun.spawnSync(['pdftotext', ...(raw ? ['-raw'] : []), '-enc', 'UTF-8', pdf, '-'], {
    stdout: 'pipe',
    stderr: 'pipe',
  });
  if (p.exitCode !== 0) throw new Error(`pdftotext failed: ${p.stderr.toString()}`);
  return p.stdout.toString();
}

function pngSize(path: string): { w: number; h: number } {
  const b = readFileSync(path);
  expect(b.subarray(1, 4).toString('latin1')).toBe('PNG');
  return { w: b.readUInt32BE(16), h: b.readUInt32BE(20) };
}

describe('eval-set truth (no rendering)', () => {
  const truths = Array.from({ length: SCHEDULE.length + 24 }, (_, i) => buildDocument(DEFAULT_SEED, i));

  test('the default schedule covers every document kind and the hard cases of issue 17', () => {
    const kinds = new Set(truths.map((t) => t.truth.documentType));
    for (const k of [
      'tax_invoice',
      'invoice',
      'receipt',
      'quotation',
      'purchase_order',
      'credit_note',
      'debit_note',
      'delivery_note',
      'billing_note',
      'withholding_tax_certificate',
      'letter',
    ])
      expect(kinds.has(k as EvalTruth['documentType'])).toBe(true);
    const all = truths.map((t) => t.truth);
    const has = (f: (t: EvalTruth) => boolean) => all.some(f);
    expect(has((t) => t.render.counterLabel === 'ถึง ผู้ขาย')).toBe(true);
    expect(has((t) => t.documentType === 'purchase_order' && t.render.counterLabel === 'Vendor')).toBe(true);
    expect(has((t) => t.documentType === 'credit_note' && typeof t.extra.referenceNumber === 'string')).toBe(
      true,
    );
    expect(has((t) => /เดือน/.test(t.printed.issueDate ?? ''))).toBe(true);
    expect(has((t) => /[๐-๙]/.test(t.printed.issueDate ?? ''))).toBe(true);
    expect(has((t) => /^\d{1,2} [ก-ฮ.]+ \d{2}$/.test(t.printed.issueDate ?? ''))).toBe(true);
    expect(has((t) => t.documentType === 'letter' && typeof t.extra.deadline === 'string')).toBe(true);
    expect(has((t) => /^\d+\/25\d\d$/.test(t.documentNumber ?? ''))).toBe(true);
    expect(has((t) => t.template.startsWith('express') && t.render.intendedPages === null)).toBe(true);
    const forced = SCHEDULE.flatMap((s, i) => (s.totalLabel ? [[s.totalLabel[0], truths[i]] as const] : []));
    for (const label of ['ยอดรวม', 'ยอดรวม Total', 'ยอดรวมทั้งสิ้น'])
      expect(forced.some(([l]) => l === label)).toBe(true);
    for (const [label, doc] of forced) {
      expect(doc?.truth.total).not.toBeNull();
      expect(doc?.html).toContain(label);
    }
  });

  test('every truth is well formed and consistent', () => {
    for (const { html, truth: t } of truths) {
      expect(t.id).toMatch(/^ev2-\d{3}-/);
      if (t.issueDate)
        expect(new Date(`${t.issueDate}T00:00:00Z`).toISOString().slice(0, 10)).toBe(t.issueDate);
      else throw new Error(`${t.id} has no issue date`);
      if (t.dueDate) expect(t.dueDate > t.issueDate).toBe(true);
      for (const p of [t.seller, t.buyer]) {
        if (p.taxId) expect(validThaiId(p.taxId)).toBe(true);
        if (p.branch) expect(p.branch).toMatch(/^\d{5}$/);
      }
      if (t.subtotal !== null && t.vat !== null && t.total !== null)
        expect(cents(t.subtotal) + cents(t.vat)).toBe(cents(t.total));
      for (const item of t.lineItems)
        if (item.quantity !== null && item.unitPrice !== null && item.amount !== null)
          expect(Math.abs(cents(item.quantity * item.unitPrice) - cents(item.amount))).toBeLessThanOrEqual(
            cents(item.quantity * item.unitPrice) * 0.1 + 1,
          );
      const page = squash(
        html
          .replace(/<style>[\s\S]*?<\/style>/g, '')
          .replace(/<[^>]+>/g, '')
          .replace(/&nbsp;/g, ' ')
          .replace(/&amp;/g, '&'),
      );
      for (const [path, printed] of Object.entries(t.printed))
        expect({ id: t.id, path, found: page.includes(squash(printed)) }).toEqual({
          id: t.id,
          path,
          found: true,
        });
    }
  });

  test('a document depends only on seed and position', () => {
    const again = buildDocument(DEFAULT_SEED, 7);
    expect(again.truth).toEqual(truths[7]?.truth as EvalTruth);
    expect(buildDocument('another-seed', 7).truth.documentNumber).not.toBe(again.truth.documentNumber);
  });
});

describe.skipIf(!chromium)('eval-set rendering (Chromium, poppler, ImageMagick)', () => {
  if (!chromium) console.log('skipping eval-set rendering: no chromium installed');

  test('generated PDFs print every scored value of their truth, and scans exist at both resolutions', async () => {
    const out = mkdtempSync(join(tmpdir(), 'eval-set-test-'));
    try {
      const truths = await generateEvalSet({ out, count: 3, scans: true, jobs: 2 });
      expect(truths.map((t) => t.documentType)).toEqual(SCHEDULE.slice(0, 3).map((s) => s.kind));
      for (const t of truths) {
        const onDisk = JSON.parse(readFileSync(join(out, `${t.id}.truth.json`), 'utf8')) as EvalTruth;
        expect(onDisk.documentNumber).toBe(t.documentNumber);
        const pdf = join(out, t.files.pdf);
        const text = pdfText(pdf, false);
        const flat = squash(`${text}\n${pdfText(pdf, true)}`);
        const where = (what: string) => ({ id: t.id, what });
        expect({
          ...where('documentNumber'),
          found: flat.includes(squash(t.printed.documentNumber ?? '?')),
        }).toEqual({
          ...where('documentNumber'),
          found: true,
        });
        expect({ ...where('issueDate'), found: flat.includes(squash(t.printed.issueDate ?? '?')) }).toEqual({
          ...where('issueDate'),
          found: true,
        });
        expect(t.total).not.toBeNull();
        expect({ ...where('total'), found: flat.includes(squash(t.printed.total ?? '?')) }).toEqual({
          ...where('total'),
          found: true,
        });
        for (const id of [t.seller.taxId, t.buyer.taxId].filter((x): x is string => x !== null))
          expect({ ...where(`taxId ${id}`), found: digitsPattern(id).test(text) }).toEqual({
            ...where(`taxId ${id}`),
            found: true,
          });
        expect(t.files.scan300.length).toBe(t.render.pages as number);
        for (const [i, name] of t.files.scan300.entries()) {
          expect(existsSync(join(out, name))).toBe(true);
          const big = pngSize(join(out, name));
          const small = pngSize(join(out, t.files.scan200[i] as string));
          expect(Math.max(big.w, big.h)).toBeGreaterThan(Math.max(small.w, small.h) * 1.4);
        }
      }
      const index = JSON.parse(readFileSync(join(out, 'index.json'), 'utf8')) as { documents: unknown[] };
      expect(index.documents.length).toBe(3);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 900_000);
});
