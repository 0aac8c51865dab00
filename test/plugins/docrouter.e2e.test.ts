import { afterAll, beforeAll, expect, test } from 'bun:test';
import { gunzipSync } from 'node:zlib';
import { expectedHmac } from '../helpers/hmac.ts';
import { docrouter } from '../../plugins/docrouter/index.ts';
import { tinyPdf } from '../helpers/files.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { webhookReceiver } from '../helpers/webhook-receiver.ts';
import { until } from '../helpers/until.ts';

/**
 * The flow of the DocRouter docs (spec §1) over raw HTTP, as a client of DocRouter would run it:
 * base64 upload -> poll the state -> OCR text of page 1 -> Textract blocks (plain and gzip) ->
 * LLM run and result -> tags CRUD -> webhooks delivered with a valid signature.
 */
let s: TestServer;
const receiver = webhookReceiver();
const received = receiver.received;
let org: string;
let token: string;

beforeAll(async () => {
  s = await startTestServer({ plugins: [docrouter as never], fakeExtraction: true });
  const project = await s.services.tenancy.createProject(s.orgId, 'Acme');
  org = project.id;
  token = (await s.services.keys.create({ orgId: s.orgId, projectId: org, label: 'ci-bot', prefix: 'org_' }))
    .key;
});
afterAll(async () => {
  receiver.stop();
  await s.close();
});

const call = (path: string, init: RequestInit = {}) =>
  fetch(`${s.url}/v0/orgs/${org}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...init.headers },
  });

test('upload, poll, OCR, blocks, LLM, tags and signed webhooks', async () => {
  // A webhook endpoint for every event (empty list), HMAC-signed with a generated secret.
  const hookRes = await call('/webhooks', {
    method: 'POST',
    body: JSON.stringify({
      name: 'erp',
      enabled: true,
      url: receiver.url('/hook'),
      events: [],
    }),
  });
  expect(hookRes.status).toBe(201);
  const hook = await hookRes.json();
  const secret: string = hook.generated_secret;
  expect(secret).toStartWith('whs_');

  // A tag to file the invoice under.
  const tag = await (
    await call('/tags', { method: 'POST', body: JSON.stringify({ name: 'invoices' }) })
  ).json();
  expect(tag).toMatchObject({ name: 'invoices', color: '#3B82F6' });

  // Base64 upload (data-URL form) with a tag and metadata.
  const pdf = tinyPdf('FAKE-OCR: total: 1250');
  const up = await call('/documents', {
    method: 'POST',
    body: JSON.stringify({
      documents: [
        {
          name: 'inv-7.pdf',
          content: `data:application/pdf;base64,${Buffer.from(pdf).toString('base64')}`,
          tag_ids: [tag.id],
          metadata: { customer: 'Acme' },
        },
      ],
    }),
  });
  expect(up.status).toBe(200);
  const uploaded = await up.json();
  expect(uploaded).toEqual({
    documents: [
      {
        document_name: 'inv-7.pdf',
        document_id: expect.stringMatching(/^[0-9a-f]{24}$/),
        tag_ids: [tag.id],
        metadata: { customer: 'Acme' },
      },
    ],
  });
  const id: string = uploaded.documents[0].document_id;

  // Poll the state like the SDKs do.
  const doc = await until('ocr_completed', async () => {
    const d = await (await call(`/documents/${id}?include_content=false`)).json();
    return d.state === 'ocr_completed' ? d : undefined;
  });
  expect(doc).toMatchObject({
    id,
    pdf_id: id,
    document_name: 'inv-7.pdf',
    uploaded_by: 'ci-bot',
    content: null,
  });

  // OCR text of page 1 and the Textract blocks.
  const text = await call(`/ocr/download/text/${id}?page_num=1`);
  expect(text.headers.get('content-type')).toStartWith('text/plain');
  expect(await text.text()).toBe('total: 1250');
  const blocks = await (await call(`/ocr/download/blocks/${id}`)).json();
  expect(blocks.map((b: { BlockType: string }) => b.BlockType)).toEqual(['PAGE', 'LINE', 'WORD', 'WORD']);
  const gz = await fetch(`${s.url}/v0/orgs/${org}/ocr/download/blocks/${id}?format=gzip`, {
    headers: { Authorization: `Bearer ${token}` },
    decompress: false,
  } as RequestInit);
  expect(gz.headers.get('content-encoding')).toBe('gzip');
  expect(JSON.parse(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString('utf8'))).toEqual(blocks);

  // LLM run (synchronous) and its stored result; the state moves to llm_completed.
  const run = await call(`/llm/run/${id}?prompt_revid=default`, { method: 'POST' });
  expect(run.status).toBe(200);
  expect(await run.json()).toEqual({ status: 'success', result: { total: 1250 } });
  const result = await (await call(`/llm/result/${id}?prompt_revid=default&fallback=false`)).json();
  expect(result).toMatchObject({
    prompt_revid: 'default',
    document_id: id,
    llm_result: { total: 1250 },
    is_edited: false,
    prompt_display_name: 'Document Summary',
  });
  expect((await (await call(`/documents/${id}?include_content=false`)).json()).state).toBe('llm_completed');

  // Tags CRUD: rename, list, refuse deleting a tag in use, delete once free.
  const renamed = await (
    await call(`/tags/${tag.id}`, { method: 'PUT', body: JSON.stringify({ name: 'Invoices 2026' }) })
  ).json();
  expect(renamed).toMatchObject({ id: tag.id, name: 'Invoices 2026', color: '#3B82F6' });
  const tags = await (await call('/tags?name_search=invoices')).json();
  expect(tags).toMatchObject({ total_count: 1, skip: 0, tags: [{ id: tag.id }] });
  const inUse = await call(`/tags/${tag.id}`, { method: 'DELETE' });
  expect(inUse.status).toBe(400);
  expect((await inUse.json()).detail).toContain('assigned to one or more documents');
  await call(`/documents/${id}`, { method: 'PUT', body: JSON.stringify({ tag_ids: [] }) });
  expect(await (await call(`/tags/${tag.id}`, { method: 'DELETE' })).json()).toEqual({
    message: 'Tag deleted successfully',
  });
  expect((await call(`/tags/${tag.id}`)).status).toBe(404);

  // Webhooks: document.uploaded and llm.completed arrived, each signed over "<ts>.<body>".
  const events = await until('two webhook deliveries', async () =>
    received.length >= 2 ? received : undefined,
  );
  const types = events.map((r) => r.headers.get('x-docrouter-event')).sort();
  expect(types).toEqual(['document.uploaded', 'llm.completed']);
  for (const r of events) {
    const ts = r.headers.get('x-docrouter-timestamp');
    expect(r.headers.get('x-docrouter-signature')).toBe(`sha256=${expectedHmac(secret, `${ts}.${r.body}`)}`);
    const payload = JSON.parse(r.body);
    expect(payload).toMatchObject({ organization_id: org, document: { document_id: id } });
    expect(payload.event_id).toBe(r.headers.get('x-docrouter-event-id'));
  }
  const llm = JSON.parse(
    events.find((r) => r.headers.get('x-docrouter-event') === 'llm.completed')?.body ?? '{}',
  );
  expect(llm).toMatchObject({ prompt: { prompt_revid: 'default' }, llm_output: { total: 1250 } });
  const deliveries = await (await call('/webhooks/deliveries')).json();
  expect(deliveries.total_count).toBe(2);
  expect(deliveries.deliveries.every((d: { status: string }) => d.status === 'delivered')).toBe(true);
});
