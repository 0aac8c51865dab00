import { afterAll, beforeAll, expect, setDefaultTimeout, test } from 'bun:test';
import { docflo } from '../../plugins/docflo/index.ts';
import { cer } from '../helpers/cer.ts';
import type { TestServer } from '../helpers/server.ts';
import { client, waitAnalyzed } from '../plugins/docflo-helpers.ts';
import { baht, SCAN, startRealOcrServer, THAI_WORD, TRUTH } from './helpers.ts';

/**
 * A Docflo client against docserve with the real OCR engine and the real extraction rules (no LLM):
 * upload the Thai invoice scan as an invoice -> poll until ANALYZED -> read the extracted fields ->
 * correct a field -> approve -> ai/search -> ai/ask (answered from the extracted fields) -> logs.
 */
// Real OCR of a full page on a busy 2-core machine: the limit only catches a hang.
setDefaultTimeout(600_000);

let s: TestServer;
let c: ReturnType<typeof client>;
beforeAll(async () => {
  s = await startRealOcrServer([docflo as never]);
  c = client(s, { projectId: s.projectId, key: s.adminKey });
});
afterAll(() => s.close());

const squeeze = (v: unknown) => String(v).replace(/\s+/g, '');
const money = (amount: number) => ({ amount, currencyCode: TRUTH.currency });

test('upload the Thai scan as an invoice, fields from the truth, patch, approve, ai/search, ai/ask', async () => {
  const name = `ใบกำกับภาษี-${TRUTH.documentNumber}.png`;
  const up = await c.upload({ name, content: SCAN }, { type: 'invoice' });
  expect(up.status).toBe(201);
  const created = await up.json();
  expect(created).toMatchObject({ type: 'invoice', status: 'PROCESSING', fileName: name });
  const id: string = created._id;

  // Poll until the scan is read and its fields extracted.
  const doc = await waitAnalyzed(s, c, id);
  expect(doc).toMatchObject({ _id: id, type: 'invoice', status: 'ANALYZED' });
  const f = doc.results.fields;
  expect(f.InvoiceId).toMatchObject({ type: 'string', value: TRUTH.documentNumber });
  expect(f.InvoiceId.confidence).toBeGreaterThan(0.5);
  expect(f.InvoiceDate).toMatchObject({ type: 'date', value: TRUTH.issueDate });
  expect(f.DueDate).toMatchObject({ type: 'date', value: TRUTH.dueDate });
  expect(f.VendorTaxId.value).toBe(TRUTH.seller.taxId);
  expect(f.CustomerTaxId.value).toBe(TRUTH.buyer.taxId);
  expect(squeeze(f.VendorName.value)).toBe(squeeze(TRUTH.seller.name));
  expect(squeeze(f.CustomerName.value)).toBe(squeeze(TRUTH.buyer.name));
  expect(f.SubTotal).toMatchObject({ type: 'currency', value: money(TRUTH.subtotal) });
  expect(f.TotalTax).toMatchObject({ type: 'currency', value: money(TRUTH.vat) });
  expect(f.InvoiceTotal).toMatchObject({ type: 'currency', value: money(TRUTH.total) });
  const items = f.Items.value as Record<string, { value: unknown }>[];
  expect(items).toHaveLength(TRUTH.lineItems.length);
  TRUTH.lineItems.forEach((truth, i) => {
    const item = items[i] as Record<string, { value: unknown }>;
    // Descriptions are OCR text: native tesseract itself reads this 200 dpi scan's `A4` as `Ad`.
    expect(cer(String(item.Description?.value), truth.description)).toBeLessThanOrEqual(0.1);
    expect(item.Quantity?.value).toBe(truth.quantity);
    expect(item.UnitPrice?.value).toEqual(money(truth.unitPrice));
    expect(item.Amount?.value).toEqual(money(truth.amount));
  });

  // The reviewer types the purchase order the scan does not show and confirms the seller's name.
  const patched = await c.patch(`/docs/v1/document/fields/${id}`, {
    fields: { PurchaseOrder: 'PO-2026-0118', VendorName: TRUTH.seller.name },
  });
  expect(patched.status).toBe(200);
  const edited = (await patched.json()).results.fields;
  expect(edited.PurchaseOrder).toMatchObject({
    value: 'PO-2026-0118',
    confidence: 1,
    changedOn: expect.any(String),
  });
  expect(edited.VendorName).toMatchObject({ value: TRUTH.seller.name, confidence: 1 });
  // Untouched fields keep what OCR read.
  expect(edited.InvoiceTotal.value).toEqual(money(TRUTH.total));

  const approved = await c.patch(`/docs/v1/document/info/${id}`, { status: 'APPROVED' });
  expect(approved.status).toBe(200);
  expect((await approved.json()).status).toBe('APPROVED');
  const reread = await c.json(`/docs/v1/document/byId/${id}`);
  expect(reread.body.status).toBe('APPROVED');
  expect(reread.body.results.fields.PurchaseOrder.value).toBe('PO-2026-0118');

  // AI search in Thai and by number finds it, with the matching fields named. Its words come from the
  // search index, which a background job brings in step with the OCR text: let the jobs finish first.
  await s.drain();
  const search = async (query: string) => {
    const res = await c.post('/docs/v1/document/ai/search', { query, score_threshold: 0.5 });
    expect(res.status).toBe(200);
    return (await res.json()) as { documentId: string; score: number; matchedFields: string[] }[];
  };
  const thai = await search(`ใบแจ้งหนี้จาก${THAI_WORD}`);
  expect(thai.map((h) => h.documentId)).toEqual([id]);
  expect(thai[0]?.matchedFields).toContain('VendorName');
  const byNumber = await search(TRUTH.documentNumber);
  expect(byNumber.map((h) => h.documentId)).toEqual([id]);
  expect(byNumber[0]).toMatchObject({ score: 1, type: 'invoice', status: 'APPROVED', fileName: name });
  expect(byNumber[0]?.matchedFields).toContain('InvoiceId');
  expect(await search('ใบเสร็จรับเงิน ร้านกาแฟ')).toEqual([]);

  // ai/ask answers from the extracted fields (no LLM): totals and VAT, in English and in Thai.
  const ask = async (query: string) => {
    const res = await c.post('/docs/v1/document/ai/ask', { query });
    expect(res.status).toBe(200);
    return res.json();
  };
  const total = await ask('What is the total amount of all invoices?');
  expect(total.answer).toContain(baht(TRUTH.total));
  expect(total.computation).toMatchObject({ operation: 'sum', measure: 'total', documentsMatched: 1 });
  expect(total.sources).toEqual([
    expect.objectContaining({ documentId: id, field: 'InvoiceTotal', value: TRUTH.total, currency: 'THB' }),
  ]);
  const vat = await ask('ภาษีมูลค่าเพิ่มของใบแจ้งหนี้ทั้งหมดรวมเท่าไร');
  expect(vat.language).toBe('th');
  expect(vat.answer).toContain(`${baht(TRUTH.vat)} บาท`);
  const fromVendor = await ask(`How much did we invoice from ${TRUTH.seller.name}?`);
  expect(fromVendor.computation.filters.vendor).toBeTruthy();
  expect(fromVendor.computation.documentsMatched).toBe(1);
  expect(fromVendor.answer).toContain(baht(TRUTH.total));
  const otherVendor = await ask('How much did we invoice from บริษัท กาแฟดี จำกัด?');
  expect(otherVendor.computation.documentsMatched).toBe(0);
  const count = await ask('How many invoices are there?');
  expect(count.computation).toMatchObject({ operation: 'count', documentsMatched: 1 });
  expect(count.answer).toMatch(/\b1\b/);

  // The audit log shows the document's life.
  const logs = await c.json(`/logs/v1/log?documentId=${id}&top=100`);
  const events = logs.body.items.map((l: { metadata: { event?: string } }) => l.metadata.event);
  for (const e of ['document.uploaded', 'ocr.completed', 'fields.updated', 'review.changed'])
    expect(events).toContain(e);
});
