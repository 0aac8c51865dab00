import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { hmacHex, type WebhookFormatter } from '../../src/core/webhooks/service.ts';
import { isPrivateAddress, parseWebhookUrl } from '../../src/core/webhooks/ssrf.ts';
import { expectedHmac } from '../helpers/hmac.ts';
import { form, startTestServer, type TestServer } from '../helpers/server.ts';

const formatter: WebhookFormatter = {
  dialect: 'test',
  build: (event) =>
    event.type === 'document.uploaded'
      ? { event: 'doc.up', eventId: event.id, body: { event: 'doc.up', id: event.documentId } }
      : null,
  headers: (body, hook, _d, at) => ({ 'x-sig': hmacHex(hook.secret, `${at}.${body}`), 'x-ts': String(at) }),
};

interface Received {
  body: string;
  headers: Headers;
}

describe('webhook outbox', () => {
  let s: TestServer;
  let receiver: ReturnType<typeof Bun.serve>;
  const received: Received[] = [];
  let failures = 0;

  beforeAll(async () => {
    s = await startTestServer();
    s.services.webhooks.registerFormatter(formatter);
    receiver = Bun.serve({
      port: 0,
      async fetch(req) {
        if (failures > 0) {
          failures--;
          return new Response('try later', { status: 503 });
        }
        received.push({ body: await req.text(), headers: req.headers });
        return new Response('ok');
      },
    });
  });
  afterAll(async () => {
    receiver.stop(true);
    await s.close();
  });

  const upload = (content: string, key?: string) =>
    s.fetch('/api/v1/documents', { method: 'POST', body: form({ name: 'w.txt', content }), key });

  test('delivers a signed event after retries, and logs each attempt', async () => {
    const hook = await s.services.webhooks.create({
      projectId: s.projectId,
      dialect: 'test',
      url: `http://127.0.0.1:${receiver.port}/hook`,
      events: ['doc.up'],
    });
    failures = 2;
    const res = await upload(`first ${Math.random()}`);
    const doc = (await res.json()).data;
    await s.drain();
    expect(received.length).toBe(1);
    const r = received[0] as Received;
    expect(JSON.parse(r.body)).toEqual({ event: 'doc.up', id: doc.id });
    expect(r.headers.get('x-sig')).toBe(expectedHmac(hook.secret, `${r.headers.get('x-ts')}.${r.body}`));
    const { rows } = await s.services.webhooks.deliveries(s.projectId, { webhookId: hook.id });
    expect(rows[0]).toMatchObject({ status: 'delivered', attempts: 3, lastStatus: 200 });
    await s.services.webhooks.delete(s.projectId, hook.id);
  });

  test('dead-letters after the last attempt, keeping the error', async () => {
    const hook = await s.services.webhooks.create({
      projectId: s.projectId,
      dialect: 'test',
      url: `http://127.0.0.1:${receiver.port}/hook`,
      events: ['doc.up'],
    });
    failures = 1000;
    await upload(`second ${Math.random()}`);
    await s.drain();
    const { rows } = await s.services.webhooks.deliveries(s.projectId, { webhookId: hook.id });
    expect(rows[0]).toMatchObject({
      status: 'failed',
      lastStatus: 503,
      lastError: 'Receiver answered HTTP 503',
    });
    expect(rows[0]?.attempts).toBe(s.services.config.webhooks.maxAttempts);
    failures = 0;
    await s.services.webhooks.retry(s.projectId, rows[0]?.id as string);
    await s.drain();
    expect((await s.services.webhooks.delivery(s.projectId, rows[0]?.id as string)).status).toBe('delivered');
    await s.services.webhooks.delete(s.projectId, hook.id);
  });

  test("a project's events never reach another project's subscription", async () => {
    const other = await s.newProject('Hooks other');
    const before = received.length;
    await s.services.webhooks.create({
      projectId: other.projectId,
      dialect: 'test',
      url: `http://127.0.0.1:${receiver.port}/other`,
      events: ['doc.up'],
    });
    await upload(`third ${Math.random()}`);
    await s.drain();
    expect(received.length).toBe(before);
  });

  test('a receiver that hangs never blocks requests; the delivery times out and is retried', async () => {
    let release: () => void = () => {};
    const released = new Promise<void>((r) => {
      release = r;
    });
    let hung = 0;
    const slow = Bun.serve({
      port: 0,
      async fetch() {
        hung++;
        if (hung === 1) await released;
        return new Response('ok');
      },
    });
    const hook = await s.services.webhooks.create({
      projectId: s.projectId,
      dialect: 'test',
      url: `http://127.0.0.1:${slow.port}/slow`,
      events: ['doc.up'],
    });
    const prevTimeout = s.services.config.webhooks.timeoutMs;
    // Long enough that the second attempt (answered at once) never times out on a loaded machine.
    s.services.config.webhooks.timeoutMs = 10_000;
    try {
      const res = await upload(`slow ${Math.random()}`);
      expect(res.status).toBe(201);
      await s.drain();
      const d = (await s.services.webhooks.deliveries(s.projectId, { webhookId: hook.id })).rows[0];
      expect(d).toMatchObject({ status: 'delivered', attempts: 2 });
      expect(hung).toBe(2);
    } finally {
      release();
      s.services.config.webhooks.timeoutMs = prevTimeout;
      slow.stop(true);
      await s.services.webhooks.delete(s.projectId, hook.id);
    }
  });

  test('unsubscribed events are not delivered', async () => {
    const hook = await s.services.webhooks.create({
      projectId: s.projectId,
      dialect: 'test',
      url: `http://127.0.0.1:${receiver.port}/x`,
      events: ['something.else'],
    });
    await upload(`fourth ${Math.random()}`);
    await s.drain();
    expect((await s.services.webhooks.deliveries(s.projectId, { webhookId: hook.id })).total).toBe(0);
  });
});

describe('SSRF guard', () => {
  test('private, loopback, link-local and mapped addresses are private', () => {
    for (const ip of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:127.0.0.1',
      '0.0.0.0',
    ])
      expect(isPrivateAddress(ip)).toBe(true);
    for (const ip of ['8.8.8.8', '1.1.1.1', '2606:4700::1111']) expect(isPrivateAddress(ip)).toBe(false);
  });

  test('webhook URLs to private targets are refused unless allowed', () => {
    for (const url of [
      'http://127.0.0.1/x',
      'http://localhost:8080/',
      'http://[::1]/',
      'http://169.254.169.254/latest',
      'ftp://example.com/',
      'not a url',
      'http://u:p@example.com/',
    ])
      expect(() => parseWebhookUrl(url, false)).toThrow();
    expect(parseWebhookUrl('http://127.0.0.1/x', true).hostname).toBe('127.0.0.1');
    expect(parseWebhookUrl('https://example.com/hook', false).hostname).toBe('example.com');
  });

  test('a delivery to a private address is refused at send time when not allowed', async () => {
    const s = await startTestServer({ config: (c) => (c.webhooks.allowPrivate = false) });
    try {
      s.services.webhooks.registerFormatter(formatter);
      await expect(
        s.services.webhooks.create({
          projectId: s.projectId,
          dialect: 'test',
          url: 'http://127.0.0.1:9/x',
        }),
      ).rejects.toThrow(/private/);
    } finally {
      await s.close();
    }
  });
});
