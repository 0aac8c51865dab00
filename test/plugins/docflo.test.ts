import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { expectedHmac } from '../helpers/hmac.ts';
import { blobCount, tinyPdf, tinyPng } from '../helpers/files.ts';
import type { TestServer } from '../helpers/server.ts';
import { webhookReceiver } from '../helpers/webhook-receiver.ts';
import { client, startDocflo, waitAnalyzed } from './docflo-helpers.ts';

let s: TestServer;
let c: ReturnType<typeof client>;
beforeAll(async () => {
  s = await startDocflo();
  c = client(s, { projectId: s.projectId, key: s.adminKey });
});
afterAll(() => s.close());

const SEED_TYPES =
  'invoice receipt contract payStub unclassified carLicense idDocument check bankStatement creditCard incoInvoice4 purchaseOrder financialReportIL bankStatement.us freightInvoice creditCardStatement goodsReceipt deliveryInvoice'.split(
    ' ',
  );

async function upload(content: string | Uint8Array, name: string, fields: Record<string, string> = {}) {
  const res = await c.upload({ name, content }, fields);
  expect(res.status).toBe(201);
  return (await res.json())._id as string;
}

const total = async (query = '') => (await c.json(`/docs/v1/document?top=1${query}`)).body.total as number;

describe('auth', () => {
  test('x-tenant-id + apiKey; a key of another tenant and a missing tenant are 401', async () => {
    expect((await c.get('/docs/v1/document')).status).toBe(200);
    const other = await s.newProject('Other tenant');
    const cross = client(s, { projectId: s.projectId, key: other.key });
    const res = await cross.get('/docs/v1/document');
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: { code: 'UNAUTHORIZED', message: 'This API key has no access to this tenant', details: null },
    });
    const noTenant = await s.fetch('/docs/v1/document', { key: null, headers: { apiKey: s.adminKey } });
    expect(noTenant.status).toBe(401);
    expect((await noTenant.json()).error.message).toContain('x-tenant-id');
  });

  test('guest tokens: read-only, short-lived, bound to the tenant, usable for AI search', async () => {
    const res = await c.post('/auth/v1/guest-token', {});
    expect(res.status).toBe(200);
    const body = await res.json();
    const token: string = body.token;
    expect(body).toMatchObject({
      token: expect.stringMatching(/^eyJ/),
      expiresIn: 900,
      tenantId: s.projectId,
    });
    const guest = client(s, { projectId: s.projectId, token });
    expect((await guest.get('/docs/v1/document')).status).toBe(200);
    const write = await guest.upload({ name: 'g.txt', content: 'guest' });
    expect(write.status).toBe(403);
    expect((await write.json()).error.code).toBe('FORBIDDEN');
    expect((await guest.post('/auth/v1/guest-token', {})).status).toBe(403);
    const ask = await guest.post('/docs/v1/document/ai/ask', { query: 'how many invoices' });
    expect(ask.status).toBe(200);
    const other = await s.newProject('Guest elsewhere');
    const wrongTenant = client(s, { projectId: other.projectId, token });
    expect((await wrongTenant.get('/docs/v1/document')).status).toBe(401);
    expect((await s.fetch('/api/v1/documents', { key: token })).status).toBe(401);
  });

  test('rate limits per hour with X-RateLimit-* headers; 429 in the Docflo envelope', async () => {
    const res = await c.get('/docs/v1/types/enabled');
    expect(res.headers.get('x-ratelimit-limit')).toBe('1000');
    const reset = Number(res.headers.get('x-ratelimit-reset'));
    // Hourly windows on the clock: the reset is the next full hour, at most an hour away.
    expect(reset).toBeGreaterThan(Date.now() / 1000);
    expect(reset).toBeLessThanOrEqual(Date.now() / 1000 + 3600);
    expect(reset % 3600).toBe(0);
    const { key } = await s.services.keys.create({
      orgId: s.orgId,
      projectId: s.projectId,
      rateLimit: { docflo: 2 },
    });
    const limited = client(s, { projectId: s.projectId, key });
    await limited.get('/docs/v1/document');
    await limited.get('/docs/v1/document');
    const third = await limited.get('/docs/v1/document');
    expect(third.status).toBe(429);
    expect(third.headers.get('x-ratelimit-remaining')).toBe('0');
    expect((await third.json()).error.code).toBe('RATE_LIMIT_EXCEEDED');
  });
});

describe('documents', () => {
  test('create validates the type: INVALID_DOCUMENT_TYPE, nothing stored, error logged', async () => {
    const before = await total();
    const res = await c.upload({ name: 'x.pdf', content: tinyPdf('FAKE-OCR: x') }, { type: 'invoices' });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('INVALID_DOCUMENT_TYPE');
    expect(body.error.details).toStartWith('Supported types: invoice, receipt, contract');
    expect(await total()).toBe(before);
    const logs = await c.json('/logs/v1/log?type=error&area=document&subArea=upload');
    expect(logs.body.items[0]).toMatchObject({ type: 'error', metadata: { code: 'INVALID_DOCUMENT_TYPE' } });
    const noFile = new FormData();
    noFile.append('type', 'invoice');
    const missing = await s.fetch('/docs/v1/document', {
      method: 'POST',
      body: noFile,
      key: null,
      headers: { 'x-tenant-id': s.projectId, apiKey: s.adminKey },
    });
    expect(missing.status).toBe(400);
    expect((await missing.json()).error.code).toBe('BAD_REQUEST');
  });

  test('the same bytes uploaded again are a new document with its own type', async () => {
    const bytes = tinyPdf(`FAKE-OCR: Total: ${Math.random()}`);
    const blobs = blobCount(s.dataDir);
    const first = await upload(bytes, 'scan.pdf', { type: 'invoice' });
    const again = await upload(bytes, 'scan-again.pdf', { type: 'receipt' });
    expect(again).not.toBe(first);
    expect((await c.json(`/docs/v1/document/byId/${first}`)).body).toMatchObject({
      fileName: 'scan.pdf',
      type: 'invoice',
    });
    expect((await c.json(`/docs/v1/document/byId/${again}`)).body).toMatchObject({
      fileName: 'scan-again.pdf',
      type: 'receipt',
    });
    expect(blobCount(s.dataDir)).toBe(blobs + 1);
  });

  test('the document object, list filters, sorting, paging and includeResults', async () => {
    const a = await upload(tinyPdf('FAKE-OCR: InvoiceId: A-1'), 'alpha invoice.pdf', { type: 'invoice' });
    const b = await upload(tinyPdf('FAKE-OCR: Total: 12'), 'beta receipt.pdf', { type: 'receipt' });
    const u = await upload('plain note about widgets', 'zeta note.txt');
    await s.drain();
    const byId = await c.json(`/docs/v1/document/byId/${a}`);
    expect(Object.keys(byId.body).sort()).toEqual(
      [
        '_id',
        'approvers',
        'confidence',
        'createdAt',
        'emailId',
        'error',
        'favorite',
        'fileName',
        'mimeType',
        'pages',
        'results',
        'size',
        'source',
        'status',
        'type',
        'updatedAt',
      ].sort(),
    );
    expect(byId.body).toMatchObject({ type: 'invoice', status: 'ANALYZED', mimeType: 'application/pdf' });

    const invoices = await c.json('/docs/v1/document?type=invoice&top=100');
    expect(invoices.body.items.map((d: { _id: string }) => d._id)).toContain(a);
    expect(invoices.body.items.every((d: { type: string }) => d.type === 'invoice')).toBe(true);
    expect(invoices.body.items[0].results).toBeUndefined();
    const unclassified = await c.json('/docs/v1/document?type=unclassified&top=100');
    expect(unclassified.body.items.map((d: { _id: string }) => d._id)).toContain(u);
    const withResults = await c.json('/docs/v1/document?type=receipt&includeResults=true');
    expect(withResults.body.items[0].results.fields.Total.value).toEqual({ amount: 12, currencyCode: null });

    const sorted = await c.json('/docs/v1/document?sortBy=fileName&sortOrder=asc&top=1000');
    const names = sorted.body.items.map((d: { fileName: string }) => d.fileName);
    expect(names).toEqual([...names].sort());
    const page = await c.json('/docs/v1/document?skip=1&top=1&sortBy=fileName&sortOrder=asc');
    expect(page.body).toMatchObject({ skip: 1, top: 1, total: sorted.body.total });
    expect(page.body.items[0].fileName).toBe(names[1]);

    const bare = await c.get('/docs/v1/document?envelope=false&top=2');
    expect(Array.isArray(await bare.json())).toBe(true);
    expect(Number(bare.headers.get('x-total-count'))).toBe(sorted.body.total);

    expect(
      (await c.json('/docs/v1/document?search=widgets')).body.items.map((d: { _id: string }) => d._id),
    ).toEqual([u]);
    expect((await c.json('/docs/v1/document?source=email')).body.total).toBe(0);
    expect((await c.json('/docs/v1/document?source=api&top=1000')).body.total).toBe(sorted.body.total);
    const future = await c.json('/docs/v1/document?createdFrom=2999-01-01');
    expect(future.body.total).toBe(0);
    expect((await c.json('/docs/v1/document?createdTo=2000-01-01')).body.total).toBe(0);

    await c.patch(`/docs/v1/document/info/${b}`, { favorite: true });
    expect(
      (await c.json('/docs/v1/document?favorite=true')).body.items.map((d: { _id: string }) => d._id),
    ).toEqual([b]);
    const analyzed = await c.json('/docs/v1/document?status=ANALYZED&top=1000');
    expect(analyzed.body.items.every((d: { status: string }) => d.status === 'ANALYZED')).toBe(true);
    expect(analyzed.body.total).toBeGreaterThanOrEqual(3);

    for (const bad of [
      'sortBy=colour',
      'sortOrder=up',
      'status=DONE',
      'type=invoices',
      'top=0',
      'createdFrom=soon',
    ]) {
      const res = await c.get(`/docs/v1/document?${bad}`);
      expect(res.status).toBe(400);
    }
  });

  test('download the original; EMAIL_NOT_FOUND for an uploaded file', async () => {
    const bytes = tinyPdf(`FAKE-OCR: original ${Math.random()}`);
    const id = await upload(bytes, 'ใบแจ้งหนี้.pdf', { type: 'invoice' });
    const res = await c.get(`/docs/v1/document/download/${id}/original`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain("filename*=UTF-8''");
    expect(Buffer.from(await res.arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
    const email = await c.get(`/docs/v1/document/download/${id}/email`);
    expect(email.status).toBe(404);
    expect((await email.json()).error.code).toBe('EMAIL_NOT_FOUND');
  });

  test('analyze returns typed fields without storing anything', async () => {
    const before = await total();
    const res = await c.upload(
      { name: 'scan.pdf', content: tinyPdf('FAKE-OCR: InvoiceId: AN-9\nFAKE-OCR: InvoiceTotal: 42.5') },
      { type: 'invoice' },
      '/docs/v1/document/analyze',
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      type: 'invoice',
      status: 'ANALYZED',
      pages: 2,
      mimeType: 'application/pdf',
    });
    expect(body.results.fields.InvoiceId.value).toBe('AN-9');
    expect(body.results.fields.InvoiceTotal.value).toEqual({ amount: 42.5, currencyCode: null });
    const text = await c.upload(
      { name: 'r.txt', content: 'Total: 7' },
      { type: 'receipt' },
      '/docs/v1/document/analyze',
    );
    expect((await text.json()).results.fields.Total.value.amount).toBe(7);
    expect(await total()).toBe(before);
    const noType = await c.upload(
      { name: 'scan.pdf', content: tinyPdf('x') },
      {},
      '/docs/v1/document/analyze',
    );
    expect(noType.status).toBe(400);
    expect((await noType.json()).error.code).toBe('INVALID_DOCUMENT_TYPE');
    const binary = await c.upload(
      { name: 'a.bin', content: Uint8Array.from([0, 1, 2, 3, 255]) },
      { type: 'invoice' },
      '/docs/v1/document/analyze',
    );
    expect(binary.status).toBe(415);
    const image = await c.upload(
      { name: 'photo.png', content: tinyPng() },
      { type: 'receipt' },
      '/docs/v1/document/analyze',
    );
    expect(image.status).toBe(200);
    expect(await image.json()).toMatchObject({ mimeType: 'image/png', content: 'text of photo.png' });
  });

  test('field updates are validated against the type schema and change nothing when refused', async () => {
    const id = await upload(tinyPdf('FAKE-OCR: InvoiceId: V-1'), `validate-${Math.random()}.pdf`, {
      type: 'invoice',
    });
    await waitAnalyzed(s, c, id);
    const before = (await c.json(`/docs/v1/document/byId/${id}`)).body.results;
    const cases: [unknown, number, string][] = [
      [{ Colour: 'red' }, 400, 'INVALID_FIELDS'],
      [{ InvoiceDate: 'not a date' }, 400, 'INVALID_FIELDS'],
      [{ InvoiceTotal: 'lots' }, 400, 'INVALID_FIELDS'],
      [{ InvoiceId: 'V-2', Items: [{ operation: 'create', Colour: 'red' }] }, 400, 'INVALID_FIELDS'],
      [{ Items: [{ operation: 'update', Description: 'x' }] }, 400, 'INVALID_FIELDS'],
      [{ Items: [{ operation: 'move', _id: 'x' }] }, 400, 'INVALID_FIELDS'],
      [{ Items: [{ operation: 'delete', _id: '68befa1fe9a9f9a3327627c9' }] }, 404, 'ARRAY_ITEM_NOT_FOUND'],
    ];
    for (const [fields, status, code] of cases) {
      const res = await c.patch(`/docs/v1/document/fields/${id}`, { fields });
      expect(res.status).toBe(status);
      expect((await res.json()).error.code).toBe(code);
    }
    const detail = await (await c.patch(`/docs/v1/document/fields/${id}`, { fields: { Colour: 1 } })).json();
    expect(detail.error.details.allowedFields).toContain('InvoiceTotal');
    expect((await c.json(`/docs/v1/document/byId/${id}`)).body.results).toEqual(before);
    expect((await c.patch(`/docs/v1/document/fields/${id}`, { nope: 1 })).status).toBe(400);
    expect((await c.patch('/docs/v1/document/fields/5f0000000000000000000000', { fields: {} })).status).toBe(
      404,
    );
  });

  test('status updates: every value of the enum, INVALID_STATUS, reprocessing, info with history', async () => {
    const id = await upload(tinyPdf(`FAKE-OCR: status ${Math.random()}`), 'status.pdf', { type: 'invoice' });
    await waitAnalyzed(s, c, id);
    for (const status of ['CONFIRMED', 'REQUIRES_VALIDATION', 'APPROVED', 'FAILED', 'ANALYZED']) {
      const res = await c.patch(`/docs/v1/document/info/${id}`, { status });
      expect(res.status).toBe(200);
      expect((await res.json()).status).toBe(status);
    }
    const bad = await c.patch(`/docs/v1/document/info/${id}`, { status: 'DONE' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('INVALID_STATUS');
    expect((await c.patch(`/docs/v1/document/info/${id}`, {})).status).toBe(400);
    const again = await c.patch(`/docs/v1/document/info/${id}`, { status: 'PROCESSING' });
    expect((await again.json()).status).toBe('PROCESSING');
    expect((await waitAnalyzed(s, c, id)).status).toBe('ANALYZED');
    const info = await c.json(`/docs/v1/document/info/${id}`);
    expect(info.body.processing).toMatchObject({ ocrStatus: 'completed', pages: 1 });
    const messages = info.body.history.map((h: { message: string }) => h.message).join('\n');
    expect(messages).toContain('review.changed');
    expect(messages).toContain('ocr.requested');
  });

  test('approvers: myApprovals, approverId, only approvers approve, APPROVED when all did', async () => {
    const alice = await s.services.keys.create({ orgId: s.orgId, projectId: s.projectId, label: 'Alice' });
    const bob = await s.services.keys.create({ orgId: s.orgId, projectId: s.projectId, label: 'Bob' });
    const asAlice = client(s, { projectId: s.projectId, key: alice.key });
    const asBob = client(s, { projectId: s.projectId, key: bob.key });
    const id = await upload(tinyPdf(`FAKE-OCR: approve ${Math.random()}`), 'approve.pdf', {
      type: 'invoice',
    });
    await waitAnalyzed(s, c, id);
    const invalid = await c.patch(`/docs/v1/document/info/${id}`, {
      approvers: ['5f0000000000000000000000'],
    });
    expect((await invalid.json()).error.code).toBe('INVALID_APPROVER');
    const set = await c.patch(`/docs/v1/document/info/${id}`, { approvers: [alice.row.id, bob.row.id] });
    const withApprovers = await set.json();
    expect(withApprovers.status).toBe('REQUIRES_VALIDATION');
    expect(withApprovers.approvers).toEqual([
      { _id: alice.row.id, status: 'PENDING', decidedAt: null },
      { _id: bob.row.id, status: 'PENDING', decidedAt: null },
    ]);
    const mine = async (who: typeof asAlice) =>
      (await who.json('/docs/v1/document?myApprovals=true')).body.items.map((d: { _id: string }) => d._id);
    expect(await mine(asAlice)).toEqual([id]);
    expect(await mine(c)).toEqual([]);
    const byApprover = await c.json(`/docs/v1/document?approverId=${bob.row.id}`);
    expect(byApprover.body.items.map((d: { _id: string }) => d._id)).toEqual([id]);

    const notApprover = await c.patch(`/docs/v1/document/info/${id}`, { status: 'APPROVED' });
    expect(notApprover.status).toBe(403);
    expect((await notApprover.json()).error.code).toBe('NOT_AN_APPROVER');
    const first = await (await asAlice.patch(`/docs/v1/document/info/${id}`, { status: 'APPROVED' })).json();
    expect(first.status).toBe('REQUIRES_VALIDATION');
    expect(first.approvers[0]).toMatchObject({ _id: alice.row.id, status: 'APPROVED' });
    expect(await mine(asAlice)).toEqual([]);
    expect(await mine(asBob)).toEqual([id]);
    const second = await (await asBob.patch(`/docs/v1/document/info/${id}`, { status: 'APPROVED' })).json();
    expect(second.status).toBe('APPROVED');
    expect((await c.json(`/docs/v1/document?status=APPROVED&approverId=${alice.row.id}`)).body.total).toBe(1);
  });
});

describe('document types', () => {
  test('the 18 seed types with Azure-like field schemas', async () => {
    const enabled = await c.json('/docs/v1/types/enabled');
    expect(enabled.body.map((t: { type: string }) => t.type)).toEqual(SEED_TYPES);
    const invoice = (await c.json('/docs/v1/types/invoice')).body;
    const byName = Object.fromEntries(invoice.fields.map((f: { name: string }) => [f.name, f]));
    expect(byName.InvoiceId.type).toBe('string');
    expect(byName.InvoiceDate.type).toBe('date');
    expect(byName.InvoiceTotal.type).toBe('currency');
    expect(byName.Items.type).toBe('array');
    expect(byName.Items.fields.map((f: { name: string }) => f.name)).toEqual(
      expect.arrayContaining(['Description', 'Quantity', 'UnitPrice', 'Amount']),
    );
    const unknown = await c.get('/docs/v1/types/invoices');
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).error.code).toBe('INVALID_DOCUMENT_TYPE');
    expect((await c.get('/docs/v1/types/bankStatement.us')).status).toBe(200);
  });

  test('model field updates on both paths, per tenant, used by document field edits', async () => {
    const res = await c.patch('/docs/v1/fields?documentType=invoice&name=ProjectCode', {
      type: 'string',
      visible: true,
      extractionMethod: 'ai',
    });
    expect(res.status).toBe(200);
    const seedExample = await c.patch('/docs/types/invoice/field/YourFieldName', {
      type: 'currency',
      visible: true,
      extractionMethod: 'ai',
    });
    expect(seedExample.status).toBe(200);
    const items = await c.patch('/docs/types/invoice/field/Items', {
      type: 'array',
      fields: ['Description', 'Colour'],
    });
    expect(items.status).toBe(200);
    const invoice = (await c.json('/docs/v1/types/invoice')).body;
    const names = invoice.fields.map((f: { name: string }) => f.name);
    expect(names).toContain('ProjectCode');
    expect(invoice.fields.find((f: { name: string }) => f.name === 'YourFieldName').type).toBe('currency');
    expect(invoice.fields.find((f: { name: string }) => f.name === 'Items').fields).toEqual([
      expect.objectContaining({ name: 'Description', type: 'string' }),
      expect.objectContaining({ name: 'Colour', type: 'string' }),
    ]);

    const other = await s.newProject('Types elsewhere');
    const otherTypes = await client(s, other).json('/docs/v1/types/invoice');
    expect(otherTypes.body.fields.map((f: { name: string }) => f.name)).not.toContain('ProjectCode');

    const id = await upload(tinyPdf(`FAKE-OCR: custom ${Math.random()}`), 'custom.pdf', { type: 'invoice' });
    await waitAnalyzed(s, c, id);
    const edit = await c.patch(`/docs/v1/document/fields/${id}`, {
      fields: { ProjectCode: 'P-7', YourFieldName: 10, Items: [{ Description: 'Box', Colour: 'red' }] },
    });
    expect(edit.status).toBe(200);
    const fields = (await edit.json()).results.fields;
    expect(fields.ProjectCode.value).toBe('P-7');
    expect(fields.Items.value[0].Colour.value).toBe('red');

    for (const [path, body, code] of [
      ['/docs/v1/fields?documentType=invoice&name=X', { type: 'colour' }, 'INVALID_FIELD_TYPE'],
      ['/docs/v1/fields?documentType=nope&name=X', { type: 'string' }, 'INVALID_DOCUMENT_TYPE'],
      ['/docs/v1/fields?documentType=invoice&name=bad%20name', { type: 'string' }, 'INVALID_FIELD_NAME'],
      [
        '/docs/v1/fields?documentType=invoice&name=X',
        { type: 'string', fields: ['a'] },
        'INVALID_FIELD_TYPE',
      ],
      ['/docs/v1/fields?documentType=invoice', { type: 'string' }, 'VALIDATION_ERROR'],
      ['/docs/v1/fields?documentType=invoice&name=X', { visible: true }, 'VALIDATION_ERROR'],
    ] as const) {
      const r = await c.patch(path, body);
      expect(r.status).toBe(400);
      expect((await r.json()).error.code).toBe(code);
    }
    const logs = await c.json('/logs/v1/log?area=configuration&type=info');
    expect(logs.body.items.map((l: { message: string }) => l.message)).toContain(
      'Field "ProjectCode" of document type invoice updated',
    );
  });
});

describe('logs', () => {
  test('filters: type, area, subArea, message, metadata (JSON or bracket form), paging', async () => {
    const id = await upload(tinyPdf(`FAKE-OCR: logged ${Math.random()}`), 'logged.pdf', { type: 'invoice' });
    await s.drain();
    const area = await c.json('/logs/v1/log?area=document-processing&subArea=ocr');
    expect(area.body.items.length).toBeGreaterThan(0);
    expect(area.body.items.every((l: { area: string }) => l.area === 'document-processing')).toBe(true);
    const json = await c.json(
      `/logs/v1/log?metadata=${encodeURIComponent(JSON.stringify({ event: 'ocr.completed' }))}&documentId=${id}`,
    );
    expect(json.body.total).toBe(1);
    expect(json.body.items[0]).toMatchObject({ _id: expect.any(String), documentId: id, type: 'info' });
    const bracket = await c.json(`/logs/v1/log?metadata[event]=document.uploaded&message=logged.pdf`);
    expect(bracket.body.items.map((l: { documentId: string }) => l.documentId)).toContain(id);
    expect((await c.json('/logs/v1/log?type=warning&message=zzz-nothing')).body.total).toBe(0);
    const paged = await c.json('/logs/v1/log?top=1&skip=1');
    expect(paged.body).toMatchObject({ skip: 1, top: 1 });
    expect(paged.body.items).toHaveLength(1);
    expect((await c.get('/logs/v1/log?metadata=notjson')).status).toBe(400);
  });
});

describe('webhooks', () => {
  test('signed payloads for processed, fields updated and approved', async () => {
    const receiver = webhookReceiver();
    const got = receiver.received;
    try {
      const created = await c.post('/docs/v1/webhooks', {
        url: receiver.url('/docflo'),
        events: ['document.processed', 'document.fieldsUpdated', 'document.approved'],
        secret: 'docflo-secret-1',
      });
      expect(created.status).toBe(201);
      const hook = await created.json();
      expect((await c.json('/docs/v1/webhooks')).body.map((h: { _id: string }) => h._id)).toContain(hook._id);
      const id = await upload(tinyPdf(`FAKE-OCR: InvoiceId: WH-1 ${Math.random()}`), 'hook.pdf', {
        type: 'invoice',
      });
      await waitAnalyzed(s, c, id);
      await c.patch(`/docs/v1/document/fields/${id}`, { fields: { InvoiceId: 'WH-2' } });
      await c.patch(`/docs/v1/document/info/${id}`, { status: 'APPROVED' });
      await s.drain();
      const events = got.map((g) => JSON.parse(g.body));
      expect(events.map((e) => e.event)).toEqual([
        'document.processed',
        'document.fieldsUpdated',
        'document.approved',
      ]);
      for (const e of events) expect(e).toMatchObject({ tenantId: s.projectId, document: { _id: id } });
      expect(events[1].document.results.fields.InvoiceId.value).toBe('WH-2');
      expect(events[2].document.status).toBe('APPROVED');
      for (const g of got)
        expect(g.headers.get('x-docflo-signature')).toBe(expectedHmac('docflo-secret-1', g.body));
      expect((await c.delete(`/docs/v1/webhooks/${hook._id}`)).status).toBe(200);
      expect((await c.delete(`/docs/v1/webhooks/${hook._id}`)).status).toBe(404);
      const bad = await c.post('/docs/v1/webhooks', {
        url: 'https://example.com/h',
        event: 'document.exploded',
      });
      expect(bad.status).toBe(400);
    } finally {
      receiver.stop();
    }
  });
});

describe('AI endpoints', () => {
  test('bad requests', async () => {
    const cases: [string, unknown, string][] = [
      ['/docs/v1/document/ai/search', { query: 'x', score_threshold: 1.5 }, 'VALIDATION_ERROR'],
      [
        '/docs/v1/document/ai/search',
        { query: 'x', score_threshold: 0.5, model_ids: 'invoice,nope' },
        'INVALID_DOCUMENT_TYPE',
      ],
      ['/docs/v1/document/ai/search', { query: 'the of', score_threshold: 0.5 }, 'BAD_REQUEST'],
      ['/docs/v1/document/ai/ask', { query: '' }, 'VALIDATION_ERROR'],
      ['/docs/v1/document/ai/ask', { query: 'how many', types: ['nope'] }, 'INVALID_DOCUMENT_TYPE'],
    ];
    for (const [path, body, code] of cases) {
      const res = await c.post(path, body);
      expect(res.status).toBe(400);
      expect((await res.json()).error.code).toBe(code);
    }
  });

  test('Thai retrieval over text and fields with a normalized score', async () => {
    const id = await upload(
      tinyPdf('FAKE-OCR: VendorName: บริษัท ไทยพาณิชย์ดิจิทัล จำกัด\nFAKE-OCR: ค่าบริการ ที่ปรึกษา'),
      'thai.pdf',
      { type: 'invoice' },
    );
    await waitAnalyzed(s, c, id);
    await s.drain();
    const hits = await (
      await c.post('/docs/v1/document/ai/search', { query: 'ใบแจ้งหนี้ ไทยพาณิชย์', score_threshold: 0.9 })
    ).json();
    expect(hits[0]).toMatchObject({
      documentId: id,
      score: 1,
      type: 'invoice',
      matchedFields: ['VendorName'],
    });
    const count = await (
      await c.post('/docs/v1/document/ai/ask', { query: 'ใบแจ้งหนี้จากไทยพาณิชย์มีกี่ใบ' })
    ).json();
    expect(count.computation).toMatchObject({ operation: 'count', documentsMatched: 1 });
    expect(count.answer).toContain('1 ฉบับ');
  });
});
