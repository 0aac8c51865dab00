import { afterAll, beforeAll, expect, setDefaultTimeout, test } from 'bun:test';
import { docrouter } from '../../plugins/docrouter/index.ts';
import { expectedHmac } from '../helpers/hmac.ts';
import { cer } from '../helpers/cer.ts';
import type { TestServer } from '../helpers/server.ts';
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
 * A DocRouter client (spec §1 flow) against docserve with the real OCR engine; the LLM steps are
 * answered by docserve's extraction rules (no LLM is configured): webhook -> tag -> base64 upload of
 * the Thai invoice scan -> poll the state -> OCR text, blocks, markdown -> LLM run and result ->
 * tags -> signed deliveries.
 */
// Real OCR of a full page on a busy 2-core machine: the limit only catches a hang.
setDefaultTimeout(600_000);

let s: TestServer;
let hooks: ReturnType<typeof webhookReceiver>;
let org: string;
let token: string;
beforeAll(async () => {
  s = await startRealOcrServer([docrouter as never]);
  hooks = webhookReceiver();
  org = (await s.services.tenancy.createProject(s.orgId, 'Siam Tech Accounting')).id;
  token = (await s.services.keys.create({ orgId: s.orgId, projectId: org, label: 'erp-bot', prefix: 'org_' }))
    .key;
});
afterAll(async () => {
  hooks.stop();
  await s.close();
});

const call = (path: string, init: RequestInit = {}) =>
  fetch(`${s.url}/v0/orgs/${org}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...init.headers },
  });
const send = (method: string, path: string, body: unknown) =>
  call(path, { method, body: JSON.stringify(body) });

const squeeze = (v: unknown) => String(v).replace(/\s+/g, '');

test('base64 upload of the Thai scan, state, OCR text and blocks, LLM result, tags, signed webhooks', async () => {
  const hookRes = await send('POST', '/webhooks', {
    name: 'erp',
    enabled: true,
    url: hooks.url('/docrouter'),
    events: ['document.uploaded', 'llm.completed'],
  });
  expect(hookRes.status).toBe(201);
  const secret: string = (await hookRes.json()).generated_secret;

  const tag = await (await send('POST', '/tags', { name: 'ใบกำกับภาษี', color: '#10B981' })).json();
  expect(tag).toMatchObject({ name: 'ใบกำกับภาษี', color: '#10B981' });

  // Base64 upload (data-URL form), filed under the tag.
  const name = `${TRUTH.documentNumber}.png`;
  const up = await send('POST', '/documents', {
    documents: [
      {
        name,
        content: `data:image/png;base64,${Buffer.from(SCAN).toString('base64')}`,
        tag_ids: [tag.id],
        metadata: { vendor_tax_id: TRUTH.seller.taxId },
      },
    ],
  });
  expect(up.status).toBe(200);
  const id: string = (await up.json()).documents[0].document_id;

  // Poll the state like the SDKs do: OCR, then the default prompt runs on its own.
  const states: string[] = [];
  const doc = await until('llm_completed', async () => {
    const d = await (await call(`/documents/${id}?include_content=false`)).json();
    if (states.at(-1) !== d.state) states.push(d.state);
    expect(d.state).not.toMatch(/failed/);
    return d.state === 'llm_completed' ? d : undefined;
  });
  expect(states.at(-1)).toBe('llm_completed');
  expect(doc).toMatchObject({
    id,
    document_name: name,
    tag_ids: [tag.id],
    metadata: { vendor_tax_id: TRUTH.seller.taxId },
    uploaded_by: 'erp-bot',
  });

  // OCR text of page 1: the invoice as printed.
  const text = await call(`/ocr/download/text/${id}?page_num=1`);
  expect(text.status).toBe(200);
  expect(text.headers.get('content-type')).toStartWith('text/plain');
  const ocrText = await text.text();
  expect(cer(ocrText, await invoiceText())).toBeLessThan(0.12);
  for (const v of [TRUTH.documentNumber, TRUTH.seller.email, baht(TRUTH.total), THAI_WORD])
    expect(ocrText).toContain(v);
  expect((await call(`/ocr/download/text/${id}?page_num=2`)).status).toBe(404);
  const meta = await (await call(`/ocr/download/metadata/${id}`)).json();
  expect(meta).toMatchObject({ n_pages: 1, ocr_date: expect.any(String) });

  // Textract blocks: one PAGE, LINEs whose words are children, boxes as page ratios.
  const blocks = (await (await call(`/ocr/download/blocks/${id}`)).json()) as {
    BlockType: string;
    Id: string;
    Text?: string;
    Page: number;
    Confidence?: number;
    Geometry: { BoundingBox: { Left: number; Top: number; Width: number; Height: number } };
    Relationships?: { Ids: string[] }[];
  }[];
  expect(blocks.filter((b) => b.BlockType === 'PAGE')).toHaveLength(1);
  const lines = blocks.filter((b) => b.BlockType === 'LINE');
  const words = new Map(blocks.filter((b) => b.BlockType === 'WORD').map((b) => [b.Id, b]));
  expect(lines.length).toBeGreaterThan(15);
  for (const b of blocks) {
    expect(b.Page).toBe(1);
    const g = b.Geometry.BoundingBox;
    expect(g.Left).toBeGreaterThanOrEqual(0);
    expect(g.Left + g.Width).toBeLessThanOrEqual(1);
    expect(g.Top + g.Height).toBeLessThanOrEqual(1);
  }
  const numberLine = lines.find((l) => l.Text?.includes(TRUTH.documentNumber));
  expect(numberLine).toBeDefined();
  expect(numberLine?.Confidence).toBeGreaterThan(50);
  expect(numberLine?.Geometry.BoundingBox.Left).toBeGreaterThan(0.5);
  expect(numberLine?.Geometry.BoundingBox.Top).toBeLessThan(0.25);
  const childText = (numberLine?.Relationships?.[0]?.Ids ?? []).map((i) => words.get(i)?.Text).join('');
  expect(childText).toContain(TRUTH.documentNumber);
  // Every line's words are present and read the line's text.
  for (const l of lines) {
    const ids = l.Relationships?.[0]?.Ids ?? [];
    expect(ids.length).toBeGreaterThan(0);
    expect(squeeze(ids.map((i) => words.get(i)?.Text).join(''))).toBe(squeeze(l.Text));
  }

  // Markdown export of the OCR: the same text, readable.
  const md = await call(`/ocr/export/markdown/${id}`);
  expect(md.headers.get('content-type')).toStartWith('text/markdown');
  const markdown = await md.text();
  expect(markdown).toContain(TRUTH.documentNumber);
  expect(cer(markdown, await invoiceText())).toBeLessThan(0.12);

  // The LLM run with the default prompt (docserve's extraction rules) and its stored result.
  const run = await call(`/llm/run/${id}?prompt_revid=default`, { method: 'POST' });
  expect(run.status).toBe(200);
  const ran = await run.json();
  expect(ran.status).toBe('success');
  expect(ran.result).toMatchObject({
    documentNumber: TRUTH.documentNumber,
    issueDate: TRUTH.issueDate,
    dueDate: TRUTH.dueDate,
    sellerTaxId: TRUTH.seller.taxId,
    buyerTaxId: TRUTH.buyer.taxId,
    subtotal: TRUTH.subtotal,
    vatRate: TRUTH.vatRate,
    vat: TRUTH.vat,
    total: TRUTH.total,
    currency: TRUTH.currency,
  });
  expect(squeeze(ran.result.buyerName)).toBe(squeeze(TRUTH.buyer.name));
  expect(ran.result.lineItems.map((i: { amount: number }) => i.amount)).toEqual(
    TRUTH.lineItems.map((i) => i.amount),
  );
  const result = await (await call(`/llm/result/${id}?prompt_revid=default&fallback=false`)).json();
  expect(result).toMatchObject({
    prompt_revid: 'default',
    document_id: id,
    llm_result: ran.result,
    is_edited: false,
    is_verified: false,
  });
  expect((await (await call(`/documents/${id}?include_content=false`)).json()).state).toBe('llm_completed');

  // Tags: the document is found by its tag; renaming shows everywhere.
  const tagged = await (await call(`/documents?tag_ids=${tag.id}`)).json();
  expect(tagged.documents.map((d: { id: string }) => d.id)).toEqual([id]);
  const renamed = await (await send('PUT', `/tags/${tag.id}`, { name: 'ใบกำกับภาษี 2569' })).json();
  expect(renamed).toMatchObject({ id: tag.id, name: 'ใบกำกับภาษี 2569' });
  const tags = await (await call(`/tags?name_search=${encodeURIComponent('2569')}`)).json();
  expect(tags).toMatchObject({ total_count: 1, tags: [{ id: tag.id }] });

  // Webhooks: document.uploaded and llm.completed, signed over "<timestamp>.<body>".
  const delivered = await until('two deliveries', async () =>
    hooks.received.length >= 2 ? hooks.received : undefined,
  );
  expect(delivered.map((d) => d.headers.get('x-docrouter-event')).sort()).toEqual([
    'document.uploaded',
    'llm.completed',
  ]);
  for (const d of delivered) {
    expect(d.path).toBe('/docrouter');
    const ts = d.headers.get('x-docrouter-timestamp');
    expect(d.headers.get('x-docrouter-signature')).toBe(`sha256=${expectedHmac(secret, `${ts}.${d.body}`)}`);
    expect(JSON.parse(d.body)).toMatchObject({ organization_id: org, document: { document_id: id } });
  }
  const llm = JSON.parse(
    delivered.find((d) => d.headers.get('x-docrouter-event') === 'llm.completed')?.body ?? '{}',
  );
  expect(llm).toMatchObject({
    prompt: { prompt_revid: 'default' },
    llm_output: { documentNumber: TRUTH.documentNumber, total: TRUTH.total },
  });
});
