import { describe, expect, test } from 'bun:test';
import { type AskDoc, answerPlan, planQuestion } from '../../plugins/docflo/ask.ts';
import type { DocumentView } from '../../src/plugin-api.ts';

const TODAY = '2026-11-22';

describe('planQuestion', () => {
  test.each([
    ['What is the total amount of all invoices this month?', 'sum', ['invoice'], '2026-11-01', '2026-12-01'],
    ['ยอดรวมใบแจ้งหนี้เดือนนี้เท่าไร', 'sum', ['invoice'], '2026-11-01', '2026-12-01'],
    ['ใบแจ้งหนี้เดือนที่แล้วมีกี่ใบ', 'count', ['invoice'], '2026-10-01', '2026-11-01'],
    ['average invoice amount in March 2026', 'average', ['invoice'], '2026-03-01', '2026-04-01'],
    ['ค่าเฉลี่ยใบเสร็จเดือนมีนาคม 2569', 'average', ['receipt'], '2026-03-01', '2026-04-01'],
    ['ใบเสร็จที่มียอดต่ำสุดเดือน มี.ค. 69', 'min', ['receipt'], '2026-03-01', '2026-04-01'],
    ['list invoices between 2026-01-01 and 2026-03-31', 'list', ['invoice'], '2026-01-01', '2026-04-01'],
    ['ภาษีรวมของใบกำกับภาษีไตรมาส 3 2569', 'sum', ['invoice'], '2026-07-01', '2026-10-01'],
    ['highest purchase order last year', 'max', ['purchaseOrder'], '2025-01-01', '2026-01-01'],
    ['How many receipts in the last 7 days', 'count', ['receipt'], '2026-11-16', '2026-11-23'],
  ])('%s', (q, operation, types, from, to) => {
    const plan = planQuestion(q, TODAY);
    expect(plan).toMatchObject({ operation, types });
    expect(plan.range).toMatchObject({ from, to });
    expect(plan.language).toBe(/[ก-๙]/.test(q) ? 'th' : 'en');
  });

  test('vendors, measures and grouping', () => {
    expect(planQuestion('How many receipts from Starbucks last month?', TODAY).vendor).toBe('starbucks');
    expect(planQuestion('ยอดรวมใบแจ้งหนี้จากบริษัท เอบีซี จำกัด ปีนี้', TODAY).vendor).toBe('บริษัทเอบีซีจำกัด');
    expect(planQuestion('total VAT of invoices by vendor', TODAY)).toMatchObject({
      measure: 'tax',
      groupBy: 'vendor',
      vendor: null,
    });
    expect(planQuestion('total spent per month this year', TODAY)).toMatchObject({
      types: null,
      groupBy: 'month',
    });
    expect(planQuestion('sum of everything', TODAY, ['receipt']).types).toEqual(['receipt']);
  });
});

function doc(
  id: string,
  type: string,
  fields: Record<string, unknown>,
  createdAt = Date.UTC(2026, 10, 1),
): AskDoc {
  const wrap = Object.fromEntries(
    Object.entries(fields).map(([k, v]) => [
      k,
      { type: typeof v === 'object' ? 'currency' : 'string', value: v, content: null, confidence: 1 },
    ]),
  );
  return {
    doc: { id, name: `${id}.pdf`, createdAt } as DocumentView,
    type,
    fields: wrap as AskDoc['fields'],
  };
}

const DOCS = [
  doc('a', 'invoice', {
    VendorName: 'บริษัท เอบีซี จำกัด',
    InvoiceDate: '2026-11-03',
    InvoiceTotal: { amount: 1070, currencyCode: 'THB' },
    TotalTax: { amount: 70, currencyCode: 'THB' },
  }),
  doc('b', 'invoice', {
    VendorName: 'ACME Co., Ltd.',
    InvoiceDate: '2026-11-10',
    InvoiceTotal: { amount: 2140.5, currencyCode: 'THB' },
  }),
  doc('c', 'invoice', {
    VendorName: 'ACME Co., Ltd.',
    InvoiceDate: '2026-10-28',
    InvoiceTotal: { amount: 500, currencyCode: 'THB' },
  }),
  doc('d', 'invoice', {
    VendorName: 'Globex Inc',
    InvoiceDate: '2026-11-12',
    InvoiceTotal: { amount: 99, currencyCode: 'USD' },
  }),
  doc('e', 'receipt', {
    MerchantName: 'Starbucks',
    TransactionDate: '2026-11-02',
    Total: { amount: 150, currencyCode: 'THB' },
  }),
  doc(
    'f',
    'invoice',
    { VendorName: 'ACME', InvoiceTotal: { amount: 10, currencyCode: 'THB' } },
    Date.UTC(2026, 10, 20),
  ),
];
const ask = (q: string) => answerPlan(planQuestion(q, TODAY), DOCS);

describe('answerPlan', () => {
  test('sums per currency over the date field, falling back to the upload date', () => {
    const r = ask('What is the total amount of all invoices this month?');
    expect(r.computation.documentsMatched).toBe(4);
    const results = r.computation.groups[0]?.results ?? [];
    expect(results.find((x) => x.currency === 'THB')?.result).toBe(1070 + 2140.5 + 10);
    expect(results.find((x) => x.currency === 'USD')?.result).toBe(99);
    expect(r.answer).toContain('3,220.50 THB');
    expect(r.answer).toContain('99.00 USD');
    expect(r.sources.map((s) => s.documentId).sort()).toEqual(['a', 'b', 'd', 'f']);
    expect(r.sources.find((s) => s.documentId === 'f')?.dateField).toBe('createdAt');
  });

  test('Thai question, Thai answer in baht', () => {
    const r = ask('ยอดรวมใบแจ้งหนี้จาก ACME เดือนนี้เท่าไร');
    expect(r.language).toBe('th');
    expect(r.computation.groups[0]?.results[0]?.result).toBe(2150.5);
    expect(r.answer).toContain('2,150.50 บาท');
  });

  test('vendor match ignores company words, count, average, min, max, list, groups', () => {
    expect(ask('how many invoices from เอบีซี').computation.documentsMatched).toBe(1);
    expect(ask('How many invoices from ACME?').answer).toContain('There are 3');
    const avg = ask('average invoice amount from acme');
    expect(avg.computation.groups[0]?.results[0]?.result).toBe(
      Math.round(((2140.5 + 500 + 10) / 3) * 100) / 100,
    );
    const max = ask('highest invoice from ACME');
    expect(max.computation.groups[0]?.results[0]).toMatchObject({ result: 2140.5, documentId: 'b' });
    expect(ask('lowest invoice from ACME').computation.groups[0]?.results[0]?.documentId).toBe('f');
    expect(ask('list receipts').sources.map((s) => s.fileName)).toEqual(['e.pdf']);
    const byVendor = ask('total VAT of invoices by vendor');
    expect(byVendor.computation.groups.map((g) => g.group)).toContain('บริษัท เอบีซี จำกัด');
    expect(byVendor.computation.groups.find((g) => g.group === 'บริษัท เอบีซี จำกัด')?.results[0]?.result).toBe(
      70,
    );
  });

  test('no match says so', () => {
    expect(ask('total of invoices from Nobody Corp').answer).toMatch(/^No invoices/);
    expect(ask('ยอดรวมใบสั่งซื้อเดือนนี้').answer).toContain('ไม่พบ');
  });
});
