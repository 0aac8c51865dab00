import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { docinth } from '../../plugins/docinth/index.ts';
import { ocriva } from '../../plugins/ocriva/index.ts';
import { expectedHmac } from '../helpers/hmac.ts';
import { tinyPdf } from '../helpers/files.ts';
import { form, type TestServer } from '../helpers/server.ts';
import { ISO_MS, invoiceSchema, type OcrivaClient, ocrivaClient, ocrivaServer } from './ocriva-helpers.ts';

interface Delivery {
  body: string;
  json: {
    eventType: string;
    eventId: string;
    timestamp: string;
    organizationId: string;
    projectId: string;
    payload: Record<string, unknown>;
  };
  headers: Headers;
}

let s: TestServer;
let c: OcrivaClient;
let projectId: string;
let key: string;
let receiver: ReturnType<typeof Bun.serve>;
const got: Delivery[] = [];
/** Every attempt's event id and body, refused ones included. */
const attempts: { id: string | null; body: string }[] = [];
let failNext = 0;

beforeAll(async () => {
  s = await ocrivaServer({ plugins: [ocriva as never, docinth as never] });
  ({ projectId, key } = await s.newProject('Hooks'));
  c = ocrivaClient(s, key);
  receiver = Bun.serve({
    port: 0,
    async fetch(req) {
      const body = await req.text();
      attempts.push({ id: req.headers.get('x-webhook-id'), body });
      if (failNext > 0) {
        failNext--;
        return new Response('busy', { status: 503 });
      }
      got.push({ body, json: JSON.parse(body), headers: req.headers });
      return new Response('ok');
    },
  });
});
afterAll(async () => {
  receiver.stop(true);
  await s.close();
});

/** Runs jobs until the record's extraction has settled and its webhooks are delivered. */
async function settle(ids: string[]): Promise<void> {
  await s.drain();
  for (const id of ids) await c.get(`/processing-history/${id}`);
  await s.drain();
}

const events = (type: string) => got.filter((d) => d.json.eventType === type);

describe('webhook subscriptions (docserve extensions)', () => {
  test('create (201, secret once), list, delete; validation in the envelope', async () => {
    const res = await c.post('/webhooks', {
      name: 'ERP',
      url: 'https://erp.example.com/hooks/ocriva',
      events: ['document.processed'],
      description: 'ส่งเข้า ERP',
      headers: { 'X-Tenant': 'acme' },
    });
    expect(res.status).toBe(201);
    const hook = await res.json();
    expect(hook).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      name: 'ERP',
      url: 'https://erp.example.com/hooks/ocriva',
      events: ['document.processed'],
      status: 'active',
      headers: { 'X-Tenant': 'acme' },
      description: 'ส่งเข้า ERP',
      projectId,
      createdAt: expect.stringMatching(ISO_MS),
      updatedAt: expect.stringMatching(ISO_MS),
      secret: expect.any(String),
    });
    const list = await (await c.get('/webhooks')).json();
    const { secret: _secret, ...shown } = hook;
    expect(list).toEqual([shown]);
    expect(await (await c.delete(`/webhooks/${hook.id}`)).json()).toEqual({ id: hook.id, deleted: true });
    expect((await c.delete(`/webhooks/${hook.id}`)).status).toBe(404);
    expect(await (await c.get('/webhooks')).json()).toEqual([]);

    const bad = await c.post('/webhooks', {
      url: 'https://erp.example.com/h',
      events: ['document.exploded'],
      headers: { 'X-Webhook-Signature': 'forged' },
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toEqual([
      'name should not be empty',
      'each value in events must be one of the following values: document.uploaded, document.processed, document.failed, batch.uploaded, batch.completed, template.created, template.updated, template.deleted',
      'headers.X-Webhook-Signature is not an allowed custom header',
    ]);
    const ftp = await c.post('/webhooks', {
      name: 'x',
      url: 'ftp://example.com',
      events: ['document.failed'],
    });
    expect(ftp.status).toBe(400);
  });
});

describe('deliveries', () => {
  let secret: string;
  beforeAll(async () => {
    const res = await c.post('/webhooks', {
      name: 'All events',
      url: `http://127.0.0.1:${receiver.port}/hook`,
      events: [
        'document.uploaded',
        'document.processed',
        'document.failed',
        'batch.uploaded',
        'batch.completed',
        'template.created',
        'template.updated',
        'template.deleted',
      ],
      secret: 'ocriva-secret-1',
      headers: { 'X-Tenant': 'acme' },
    });
    secret = (await res.json()).secret;
  });

  test('every delivery has the envelope, a signature of the raw body and the custom headers', async () => {
    const templateId = (
      await (
        await c.post('/templates', { name: 'Invoice', description: '', templateSchema: invoiceSchema })
      ).json()
    ).templateId;
    await c.send('PATCH', `/templates/${templateId}`, { description: 'v2' });
    const up = await (
      await c.upload('inv.pdf', tinyPdf('FAKE-OCR: invoiceNumber: INV-5\nFAKE-OCR: totalAmount: 80'), {
        templateId,
      })
    ).json();
    await settle([up.id]);
    await c.delete(`/templates/${templateId}`);
    await s.drain();

    expect(got.map((d) => d.json.eventType).sort()).toEqual([
      'document.processed',
      'document.uploaded',
      'template.created',
      'template.deleted',
      'template.updated',
    ]);
    for (const d of got) {
      expect(d.json).toEqual({
        eventType: d.json.eventType,
        eventId: expect.stringMatching(/^evt_\d{13}_[0-9a-z]{6}$/),
        timestamp: expect.stringMatching(ISO_MS),
        organizationId: s.orgId,
        projectId,
        payload: expect.any(Object),
      });
      expect(d.headers.get('x-webhook-signature')).toBe(expectedHmac(secret, d.body));
      expect(d.headers.get('x-webhook-event')).toBe(d.json.eventType);
      expect(d.headers.get('x-webhook-id')).toBe(d.json.eventId);
      expect(d.headers.get('x-tenant')).toBe('acme');
    }
    expect(events('template.created')[0]?.json.payload).toMatchObject({ templateId, name: 'Invoice' });
    expect(events('template.updated')[0]?.json.payload).toMatchObject({ templateId, description: 'v2' });
    expect(events('template.deleted')[0]?.json.payload).toMatchObject({ templateId });
    expect(events('document.uploaded')[0]?.json.payload).toMatchObject({
      id: up.id,
      fileName: 'inv.pdf',
      fileSize: up.fileSize,
      status: 'uploaded',
      templateId,
    });
    expect(events('document.processed')[0]?.json.payload).toMatchObject({
      id: up.id,
      status: 'completed',
      fileSize: String(up.fileSize),
      processingResult: { invoiceNumber: 'INV-5', totalAmount: 80 },
    });
  });

  test('the extraction starts on its own after OCR: document.processed arrives without a read', async () => {
    got.length = 0;
    const up = await (await c.upload('auto.txt', `total: 1 ${Math.random()}`)).json();
    await s.drain();
    expect(events('document.processed')[0]?.json.payload).toMatchObject({ id: up.id, status: 'completed' });
  });

  test('document.failed carries errorMessage; batch.uploaded and batch.completed frame a batch', async () => {
    got.length = 0;
    s.ocr.failWith = new Error('unreadable scan');
    let batch: { id: string; uploadIds: string[] };
    try {
      batch = await (
        await c.batch([
          { name: 'one.txt', content: `one ${Math.random()}` },
          { name: 'two.pdf', content: tinyPdf(`FAKE-OCR: two ${Math.random()}`) },
        ])
      ).json();
      await settle(batch.uploadIds);
    } finally {
      s.ocr.failWith = undefined;
    }
    await c.get(`/batch/${batch.id}`);
    await s.drain();
    expect(events('batch.uploaded')[0]?.json.payload).toMatchObject({ id: batch.id, status: 'processing' });
    expect(events('document.failed')[0]?.json.payload).toMatchObject({
      status: 'failed',
      fileName: 'two.pdf',
      errorMessage: 'unreadable scan',
    });
    expect(events('document.processed').map((d) => d.json.payload.fileName)).toEqual(['one.txt']);
    expect(events('batch.completed')).toHaveLength(1);
    expect(events('batch.completed')[0]?.json.payload).toMatchObject({
      id: batch.id,
      status: 'partial',
      completedFiles: 1,
      failedFiles: 1,
    });
  });

  test('a failed delivery is retried with the same eventId and body', async () => {
    got.length = 0;
    attempts.length = 0;
    failNext = 2;
    await c.post('/templates', { name: `Retry ${Math.random()}`, description: '', templateSchema: {} });
    await s.drain();
    expect(got).toHaveLength(1);
    const delivered = got[0] as Delivery;
    expect(attempts).toEqual([1, 2, 3].map(() => ({ id: delivered.json.eventId, body: delivered.body })));
    const row = (await s.services.webhooks.deliveries(projectId, {})).rows.find(
      (d) => d.eventId === delivered.json.eventId,
    );
    expect(row).toMatchObject({ status: 'delivered', attempts: 3 });
  });

  test('documents uploaded through other dialects raise no Ocriva webhooks', async () => {
    got.length = 0;
    await fetch(`${s.url}/v2/documents/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: form({ name: 'docinth.txt', content: `via docinth ${Math.random()}` }),
    });
    await s.drain();
    expect(got).toEqual([]);
  });
});
