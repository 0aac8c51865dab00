import { afterAll, beforeAll, expect, setDefaultTimeout, test } from 'bun:test';
import { docinth } from '../../plugins/docinth/index.ts';
import { expectedHmac } from '../helpers/hmac.ts';
import { cer } from '../helpers/cer.ts';
import { form, type TestServer } from '../helpers/server.ts';
import {
  baht,
  invoiceText,
  SCAN,
  startRealOcrServer,
  THAI_WORD,
  TRUTH,
  until,
  webhookReceiver,
} from './helpers.ts';

/**
 * A DOC.IN.TH v2 client against docserve with the real OCR engine: token -> webhook -> upload the Thai
 * invoice scan -> poll until OCR completes -> /ocr/extract -> Thai search -> signed deliveries -> delete.
 */
// Real OCR of a full page on a busy 2-core machine: the limit only catches a hang.
setDefaultTimeout(600_000);

let s: TestServer;
let hooks: ReturnType<typeof webhookReceiver>;
beforeAll(async () => {
  s = await startRealOcrServer([docinth as never]);
  hooks = webhookReceiver();
});
afterAll(async () => {
  hooks.stop();
  await s.close();
});

const SECRET = 'e2e-docinth-secret';

test('token, upload the Thai scan, OCR text and blocks, Thai search, signed webhooks, delete', async () => {
  const workspace = `ws_${s.projectId}`;

  // 1. Exchange the API key for a workspace token; every later call uses only the token.
  const auth = await s.fetch('/v2/auth/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ api_key: s.adminKey, workspace_id: workspace }),
    key: null,
  });
  expect(auth.status).toBe(200);
  const { access_token: token } = await auth.json();
  const api = (path: string, init: RequestInit = {}) => s.fetch(`/v2${path}`, { ...init, key: token });
  const post = (path: string, body: unknown) =>
    api(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  // 2. Subscribe to uploads, OCR completion and deletions.
  const hookRes = await post('/webhooks', {
    url: hooks.url('/docinth'),
    events: ['document.uploaded', 'ocr.completed', 'document.deleted'],
    secret: SECRET,
  });
  expect(hookRes.status).toBe(201);

  // 3. Upload the scan as a browser form would.
  const name = `ใบกำกับภาษี ${TRUTH.documentNumber}.png`;
  const up = await api('/documents/upload', {
    method: 'POST',
    body: form({ name, content: SCAN, type: 'image/png' }, { folder_id: 'fld_invoices', tags: 'ภาษีขาย' }),
  });
  expect(up.status).toBe(201);
  const uploaded = await up.json();
  const id: string = uploaded.id;
  expect(uploaded).toMatchObject({
    name,
    mime_type: 'image/png',
    size: SCAN.length,
    ocr_status: 'pending',
    workspace_id: workspace,
    tags: ['ภาษีขาย'],
  });

  // 4. Poll the document until OCR is done (the server's own job runner does the work).
  const detail = await until('ocr_status completed', async () => {
    const d = await (await api(`/documents/${id}`)).json();
    expect(d.ocr_status).not.toBe('failed');
    return d.ocr_status === 'completed' ? d : undefined;
  });
  expect(detail).toMatchObject({
    id,
    pages: 1,
    ocr: { status: 'completed', language: 'th+en', pages: 1, error: null },
  });
  expect(detail.ocr.confidence).toBeGreaterThan(0.8);
  expect(Date.parse(detail.ocr.completed_at)).toBeGreaterThanOrEqual(Date.parse(detail.ocr.started_at));

  // 5. The OCR text, confidence and blocks, as the seed's /ocr/extract shows them.
  const ex = await post('/ocr/extract', { document_id: id, language: 'th+en', output_format: 'json' });
  expect(ex.status).toBe(200);
  const ocr = await ex.json();
  expect(ocr.pages).toBe(1);
  expect(ocr.confidence).toBe(detail.ocr.confidence);
  expect(ocr.processing_time_ms).toBeGreaterThan(0);
  // The whole page reads like the born-digital original; key values come through exactly, but for
  // where OCR puts a space (native tesseract itself reads this scan's `account@` as `account @`).
  expect(cer(ocr.text, await invoiceText())).toBeLessThan(0.12);
  const unspaced = ocr.text.replace(/\s+/g, '');
  for (const token of [
    TRUTH.documentNumber,
    'ใบแจ้งหนี้/ใบกำกับภาษี',
    TRUTH.seller.phone,
    TRUTH.seller.email,
    TRUTH.buyer.email,
    baht(TRUTH.subtotal),
    baht(TRUTH.vat),
    baht(TRUTH.total),
  ])
    expect(unspaced).toContain(token.replace(/\s+/g, ''));
  expect(ocr.text).toContain(THAI_WORD);
  expect(ocr.blocks.length).toBeGreaterThan(3);
  for (const b of ocr.blocks) {
    expect(b.page).toBe(1);
    expect(b.bbox).toHaveLength(4);
    expect(b.bbox[2]).toBeGreaterThan(b.bbox[0]);
    expect(b.bbox[3]).toBeGreaterThan(b.bbox[1]);
    expect(b.confidence).toBeGreaterThan(0);
    expect(b.confidence).toBeLessThanOrEqual(1);
  }
  const numberBlock = ocr.blocks.find((b: { text: string }) => b.text.includes(TRUTH.documentNumber));
  expect(numberBlock).toBeDefined();
  // The number is printed in the top-right quarter of the A4 page (1683 x 2361 px).
  expect(numberBlock.bbox[0]).toBeGreaterThan(1683 / 2);
  expect(numberBlock.bbox[3]).toBeLessThan(2361 / 4);
  // Reading it again does not run OCR again, and the text format is the same text.
  const calls = (await s.services.jobs.listForDocument(id)).length;
  const plain = await post('/ocr/extract', { document_id: id, output_format: 'text' });
  expect(plain.headers.get('content-type')).toContain('text/plain');
  expect(await plain.text()).toBe(ocr.text);
  expect((await s.services.jobs.listForDocument(id)).length).toBe(calls);

  // 6. Thai full-text search finds the invoice, with a highlighted snippet; so does its number. The
  // index is brought in step with the OCR text by a background job: poll as a client would.
  const search = async (q: string) => (await api(`/search?q=${encodeURIComponent(q)}`)).json();
  const found = await until('the OCR text in the search index', async () => {
    const r = await search(THAI_WORD);
    return r.meta.total > 0 ? r : undefined;
  });
  expect(found.meta).toMatchObject({ total: 1, page: 1 });
  expect(found.data[0]).toMatchObject({ id, name, ocr_status: 'completed' });
  expect(found.data[0].snippet).toContain('<mark>');
  expect(found.data[0].snippet).toContain(THAI_WORD);
  expect(found.data[0].score).toBeGreaterThan(0);
  const byNumber = await search(TRUTH.documentNumber);
  expect(byNumber.data.map((d: { id: string }) => d.id)).toEqual([id]);
  expect(byNumber.data[0].snippet).toContain(`<mark>${TRUTH.documentNumber}</mark>`);
  expect((await search('ใบเสนอราคา')).meta.total).toBe(0);

  // 7. document.uploaded and ocr.completed arrived, signed with the subscription's secret.
  const delivered = await until('two deliveries', async () =>
    hooks.received.length >= 2 ? hooks.received : undefined,
  );
  const events = delivered.map((d) => JSON.parse(d.body));
  expect(events.map((e) => e.event).sort()).toEqual(['document.uploaded', 'ocr.completed']);
  for (const d of delivered) {
    expect(d.path).toBe('/docinth');
    expect(d.headers.get('x-docinth-signature')).toBe(`sha256=${expectedHmac(SECRET, d.body)}`);
    expect(d.headers.get('x-docinth-signature')).not.toBe(`sha256=${expectedHmac('wrong-secret', d.body)}`);
  }
  expect(events.find((e) => e.event === 'ocr.completed')).toEqual({
    event: 'ocr.completed',
    document_id: id,
    workspace_id: workspace,
    timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    data: { confidence: detail.ocr.confidence, pages: 1, name },
  });

  // 8. Delete: gone from detail, list and search; subscribers hear about it.
  const del = await api(`/documents/${id}`, { method: 'DELETE' });
  expect(await del.json()).toEqual({ id, deleted: true, status: 'trashed' });
  expect((await api(`/documents/${id}`)).status).toBe(404);
  const list = await (await api('/documents')).json();
  expect(list.data.map((d: { id: string }) => d.id)).not.toContain(id);
  expect(list.meta.total).toBe(0);
  // The trashed document never shows in the hits; the index drops it in the background.
  expect((await search(THAI_WORD)).data).toEqual([]);
  const after = await until('the trashed document out of the search index', async () => {
    const r = await search(THAI_WORD);
    return r.meta.total === 0 ? r : undefined;
  });
  expect(after.data).toEqual([]);
  expect(after.meta.total).toBe(0);
  const deleted = await until('document.deleted delivery', async () =>
    hooks.received.find((d) => JSON.parse(d.body).event === 'document.deleted'),
  );
  expect(JSON.parse(deleted.body)).toMatchObject({ event: 'document.deleted', document_id: id });
  expect(deleted.headers.get('x-docinth-signature')).toBe(`sha256=${expectedHmac(SECRET, deleted.body)}`);
});
