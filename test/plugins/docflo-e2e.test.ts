import { afterAll, beforeAll, expect, test } from 'bun:test';
import { tinyPdf } from '../helpers/files.ts';
import type { TestServer } from '../helpers/server.ts';
import { client, startDocflo, waitAnalyzed } from './docflo-helpers.ts';

let s: TestServer;
let c: ReturnType<typeof client>;
beforeAll(async () => {
  s = await startDocflo();
  c = client(s, { projectId: s.projectId, key: s.adminKey });
});
afterAll(() => s.close());

const today = new Date().toISOString().slice(0, 10);
const lastMonth = (() => {
  const d = new Date();
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 15)).toISOString().slice(0, 10);
})();

/** An invoice PDF whose fake OCR reads one `Key: value` line per page. */
const invoicePdf = (lines: Record<string, string | number>) =>
  tinyPdf(
    Object.entries(lines)
      .map(([k, v]) => `FAKE-OCR: ${k}: ${v}`)
      .join('\n'),
  );

async function uploadInvoice(lines: Record<string, string | number>, name: string, type = 'invoice') {
  const res = await c.upload({ name, content: invoicePdf(lines) }, { type });
  expect(res.status).toBe(201);
  return (await res.json()) as { _id: string; status: string };
}

test('upload -> poll -> fields -> patch create/update/delete -> approve -> ai/search -> ai/ask -> logs', async () => {
  const created = await uploadInvoice(
    { InvoiceId: 'INV-2026-001', VendorName: 'ACME Trading Co', InvoiceDate: today, InvoiceTotal: 1500.5 },
    'acme-invoice.pdf',
  );
  expect(created.status).toBe('PROCESSING');
  const other = await uploadInvoice(
    { InvoiceId: 'INV-77', VendorName: 'Globex', InvoiceDate: today, InvoiceTotal: 320 },
    'globex-invoice.pdf',
  );
  const old = await uploadInvoice(
    { InvoiceId: 'INV-OLD', VendorName: 'ACME Trading Co', InvoiceDate: lastMonth, InvoiceTotal: 999 },
    'old-invoice.pdf',
  );
  const receipt = await uploadInvoice(
    { MerchantName: 'ACME Trading Co', TransactionDate: today, Total: 45 },
    'acme-receipt.pdf',
    'receipt',
  );

  const doc = await waitAnalyzed(s, c, created._id);
  expect(doc).toMatchObject({ _id: created._id, type: 'invoice', status: 'ANALYZED', source: 'api' });
  const fields = doc.results.fields;
  expect(fields.InvoiceId).toEqual({
    type: 'string',
    value: 'INV-2026-001',
    content: 'INV-2026-001',
    confidence: 0.8,
  });
  expect(fields.InvoiceDate).toMatchObject({ type: 'date', value: today });
  expect(fields.InvoiceTotal).toMatchObject({
    type: 'currency',
    value: { amount: 1500.5, currencyCode: null },
  });
  expect(fields.DueDate).toEqual({ type: 'date', value: null, content: null, confidence: 0 });

  const patched = await c.patch(`/docs/v1/document/fields/${created._id}`, {
    fields: {
      InvoiceTotal: { Amount: 1605.5, CurrencyCode: 'THB' },
      Items: [
        {
          operation: 'create',
          Description: 'Consulting',
          Quantity: 2,
          amount: { amount: 1000, currencyCode: 'THB' },
        },
        { operation: 'create', Description: 'Travel', Quantity: 1, Amount: 605.5 },
      ],
    },
  });
  expect(patched.status).toBe(200);
  const afterCreate = (await patched.json()).results.fields;
  expect(afterCreate.InvoiceTotal).toMatchObject({
    value: { amount: 1605.5, currencyCode: 'THB' },
    confidence: 1,
    changedOn: expect.any(String),
  });
  const items = afterCreate.Items.value as { _id: string; Description: { value: string } }[];
  expect(items.map((i) => i.Description.value)).toEqual(['Consulting', 'Travel']);
  const [consulting, travel] = items.map((i) => i._id);

  const second = await c.patch(`/docs/v1/document/fields/${created._id}`, {
    fields: {
      InvoiceId: 'INV-2026-001A',
      Items: [
        { operation: 'update', _id: consulting, Description: 'Consulting (2 days)' },
        { operation: 'delete', _id: travel },
      ],
    },
  });
  expect(second.status).toBe(200);
  const read = await c.json(`/docs/v1/document/byId/${created._id}`);
  const finalItems = read.body.results.fields.Items.value;
  expect(finalItems).toHaveLength(1);
  expect(finalItems[0]).toMatchObject({
    _id: consulting,
    Description: { value: 'Consulting (2 days)' },
    Quantity: { type: 'number', value: 2 },
    Amount: { type: 'currency', value: { amount: 1000, currencyCode: 'THB' } },
  });
  expect(read.body.results.fields.InvoiceId.value).toBe('INV-2026-001A');

  const approved = await c.patch(`/docs/v1/document/info/${created._id}`, { status: 'APPROVED' });
  expect(approved.status).toBe(200);
  expect((await approved.json()).status).toBe('APPROVED');

  for (const d of [other, old, receipt]) await waitAnalyzed(s, c, d._id);
  await s.drain();
  const search = await c.post('/docs/v1/document/ai/search', {
    query: 'Find all invoices from ACME',
    score_threshold: 0.7,
  });
  expect(search.status).toBe(200);
  const hits = (await search.json()) as { documentId: string; score: number; type: string }[];
  expect(hits.map((h) => h.documentId).sort()).toEqual([created._id, old._id].sort());
  for (const h of hits) expect(h.score).toBeGreaterThanOrEqual(0.7);
  const loose = (await (
    await c.post('/docs/v1/document/ai/search', {
      query: 'Find all invoices from ACME',
      score_threshold: 0.4,
    })
  ).json()) as { documentId: string; score: number }[];
  expect(loose.map((h) => h.documentId)).toContain(receipt._id);
  expect(loose.map((h) => h.documentId)).toContain(other._id);
  const onlyReceipts = (await (
    await c.post('/docs/v1/document/ai/search', { query: 'ACME', score_threshold: 0, model_ids: 'receipt' })
  ).json()) as { documentId: string }[];
  expect(onlyReceipts.map((h) => h.documentId)).toEqual([receipt._id]);

  const expected = 1605.5 + 320;
  for (const query of ['What is the total amount of all invoices this month?', 'ยอดรวมใบแจ้งหนี้เดือนนี้เท่าไร']) {
    const res = await c.post('/docs/v1/document/ai/ask', { query });
    expect(res.status).toBe(200);
    const body = await res.json();
    const groups = body.computation.groups[0].results as { currency: string | null; result: number }[];
    expect(groups.reduce((n, g) => n + g.result, 0)).toBe(expected);
    expect(body.sources.map((x: { documentId: string }) => x.documentId).sort()).toEqual(
      [created._id, other._id].sort(),
    );
    expect(body.answer).toContain('1,605.50');
  }

  const logs = await c.json(`/logs/v1/log?documentId=${created._id}&top=100`);
  const events = logs.body.items.map((l: { metadata: { event?: string } }) => l.metadata.event);
  for (const e of ['document.uploaded', 'ocr.completed', 'fields.updated', 'review.changed'])
    expect(events).toContain(e);
  const fieldLog = await c.json('/logs/v1/log?area=document&subArea=fields');
  expect(fieldLog.body.items[0]).toMatchObject({
    type: 'info',
    documentId: created._id,
    metadata: { event: 'fields.updated', fields: ['InvoiceId', 'Items'] },
  });
});
