import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { tinyPdf } from '../helpers/files.ts';
import { form, startTestServer, type TestServer } from '../helpers/server.ts';
import { webhookReceiver } from '../helpers/webhook-receiver.ts';

/** The native routes behind the console's jobs, keys and webhooks screens. */

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ config: (c) => (c.jobs.maxAttempts = 2) });
});
afterAll(() => s.close());

const post = (path: string, body: unknown, key?: string) =>
  s.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    key,
  });

describe('jobs', () => {
  test('a job that failed every attempt is listed with its error and runs again on retry', async () => {
    s.ocr.failWith = new Error('the OCR engine exploded');
    const up = await s.fetch('/api/v1/documents', {
      method: 'POST',
      body: form({ name: 'scan.pdf', content: tinyPdf('FAKE-OCR: receipt') }),
    });
    expect(up.status).toBe(201);
    const doc = (await up.json()).data;
    await s.drain();
    const dead = await (await s.fetch('/api/v1/jobs?status=dead')).json();
    const job = dead.data.find((j: { document_id: string }) => j.document_id === doc.id);
    expect(job).toMatchObject({ kind: 'document.process', status: 'dead', attempts: 2 });
    expect(job.error).toContain('the OCR engine exploded');
    expect(dead.meta.total).toBe(dead.data.length);

    s.ocr.failWith = undefined;
    const retry = await s.fetch(`/api/v1/jobs/${job.id}/retry`, { method: 'POST' });
    expect(retry.status).toBe(200);
    expect((await retry.json()).data).toMatchObject({ id: job.id, status: 'queued', attempts: 0 });
    await s.drain();
    expect((await (await s.fetch(`/api/v1/jobs/${job.id}`)).json()).data.status).toBe('done');
    expect((await (await s.fetch(`/api/v1/documents/${doc.id}`)).json()).data.status).toBe('completed');

    const again = await s.fetch(`/api/v1/jobs/${job.id}/retry`, { method: 'POST' });
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe('conflict');
  });

  test('jobs are scoped to the project; bad filters are a 400', async () => {
    const other = await s.newProject('Jobs elsewhere');
    const mine = (await (await s.fetch('/api/v1/jobs?per_page=100')).json()).data as { id: string }[];
    expect(mine.length).toBeGreaterThan(0);
    const theirs = await (await s.fetch('/api/v1/jobs', { key: other.key })).json();
    expect(theirs.data).toEqual([]);
    const foreign = await s.fetch(`/api/v1/jobs/${mine[0]?.id}/retry`, { method: 'POST', key: other.key });
    expect(foreign.status).toBe(404);
    const bad = await s.fetch('/api/v1/jobs?status=exploded');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain('dead');
  });
});

describe('keys', () => {
  test('an organization key creates a project key (shown once), lists it, and revokes it', async () => {
    const res = await post('/api/v1/keys', {
      label: 'สแกนเนอร์ชั้น 2',
      project_id: s.projectId,
      read_only: true,
    });
    expect(res.status).toBe(201);
    const created = await res.json();
    expect(created.key).toMatch(/^ocr_/);
    expect(created.data).toMatchObject({ label: 'สแกนเนอร์ชั้น 2', scope: 'project', project_id: s.projectId });
    expect(created.data.read_only).toBe(true);
    expect(created.key.startsWith(created.data.preview)).toBe(true);

    const me = await (await s.fetch('/api/v1/me', { key: created.key })).json();
    expect(me.key.id).toBe(created.data.id);
    const listed = await (await s.fetch('/api/v1/keys')).text();
    expect(listed).toContain(created.data.id);
    expect(listed).not.toContain(created.key);

    const revoked = await s.fetch(`/api/v1/keys/${created.data.id}`, { method: 'DELETE' });
    expect(revoked.status).toBe(200);
    expect((await revoked.json()).data.revoked_at).toBeString();
    const after = await s.fetch('/api/v1/me', { key: created.key });
    expect(after.status).toBe(401);
    expect((await after.json()).error.message).toContain('revoked');
  });

  test('a project key may not manage keys; another organization cannot see or revoke ours', async () => {
    const project = await s.newProject('Keys project');
    expect((await s.fetch('/api/v1/keys', { key: project.key })).status).toBe(403);
    expect((await post('/api/v1/keys', { label: 'x' }, project.key)).status).toBe(403);

    const org = await s.services.tenancy.createOrg('Other company');
    const otherProject = await s.services.tenancy.createProject(org.id, 'Theirs');
    const otherOrgKey = (await s.services.keys.create({ orgId: org.id, label: 'their admin' })).key;
    const mine = (await (await s.fetch('/api/v1/keys')).json()).data[0];
    expect((await s.fetch(`/api/v1/keys/${mine.id}`, { method: 'DELETE', key: otherOrgKey })).status).toBe(
      404,
    );
    const theirs = (await (await s.fetch('/api/v1/keys', { key: otherOrgKey })).json()).data;
    expect(theirs.map((k: { id: string }) => k.id)).not.toContain(mine.id);
    // A project of another organization cannot be the scope of our new key.
    expect((await post('/api/v1/keys', { label: 'x', project_id: otherProject.id })).status).toBe(404);
    expect((await post('/api/v1/keys', { label: '' })).status).toBe(400);
  });

  test('expires_in_days is a positive number of days or null (never); 0 and negatives are 400', async () => {
    const before = (await (await s.fetch('/api/v1/keys')).json()).data.length;
    for (const days of [0, -1, 1.5, 3651]) {
      const res = await post('/api/v1/keys', { label: `expires ${days}`, expires_in_days: days });
      expect([days, res.status]).toEqual([days, 400]);
      expect((await res.json()).error.message).toContain('expires_in_days');
    }
    expect((await (await s.fetch('/api/v1/keys')).json()).data.length).toBe(before);

    const week = await (await post('/api/v1/keys', { label: 'a week', expires_in_days: 7 })).json();
    const { created_at, expires_at } = week.data;
    expect(Date.parse(expires_at) - Date.parse(created_at)).toBe(7 * 86_400_000);
    const never = await (await post('/api/v1/keys', { label: 'never', expires_in_days: null })).json();
    expect(never.data.expires_at).toBeNull();
  });
});

describe('webhooks', () => {
  test('a subscription receives signed native events and shows them in its delivery log', async () => {
    const receiver = webhookReceiver();
    const received = receiver.received;
    try {
      const res = await post('/api/v1/webhooks', {
        url: receiver.url('/hook'),
        events: ['review.changed'],
      });
      expect(res.status).toBe(201);
      const hook = (await res.json()).data;
      expect(hook.secret).toBeString();
      expect(await (await s.fetch('/api/v1/webhooks')).text()).not.toContain(hook.secret);

      const up = await s.fetch('/api/v1/documents', {
        method: 'POST',
        body: form({ name: 'สัญญา.txt', content: 'สัญญาเช่า' }),
      });
      const doc = (await up.json()).data;
      await s.fetch(`/api/v1/documents/${doc.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ review_status: 'approved' }),
      });
      await s.drain();
      expect(received).toHaveLength(1);
      const got = received[0] as { body: string; headers: Headers };
      const payload = JSON.parse(got.body);
      expect(payload).toMatchObject({ type: 'review.changed', document_id: doc.id, project_id: s.projectId });
      expect(payload.data).toMatchObject({
        from: null,
        to: 'approved',
        document: { id: doc.id, name: 'สัญญา.txt' },
      });
      const expected = new Bun.CryptoHasher('sha256', hook.secret).update(got.body).digest('hex');
      expect(got.headers.get('x-docserve-signature')).toBe(`sha256=${expected}`);

      const log = await (await s.fetch(`/api/v1/webhooks/${hook.id}/deliveries`)).json();
      expect(log.data).toHaveLength(1);
      expect(log.data[0]).toMatchObject({ event: 'review.changed', status: 'delivered', last_status: 200 });
      const again = await s.fetch(`/api/v1/webhooks/${hook.id}/deliveries/${log.data[0].id}/retry`, {
        method: 'POST',
      });
      expect(again.status).toBe(200);
      expect((await again.json()).data).toMatchObject({ id: log.data[0].id, status: 'pending' });
      await s.drain();
      expect(received).toHaveLength(2);

      expect((await s.fetch(`/api/v1/webhooks/${hook.id}`, { method: 'DELETE' })).status).toBe(200);
      expect((await s.fetch(`/api/v1/webhooks/${hook.id}/deliveries`)).status).toBe(404);
    } finally {
      receiver.stop();
    }
  });

  test('bad subscriptions are refused; another project sees nothing', async () => {
    expect((await post('/api/v1/webhooks', { url: 'https://example.test/h', events: ['nope'] })).status).toBe(
      400,
    );
    expect((await post('/api/v1/webhooks', { url: 'not a url' })).status).toBe(400);
    const hook = (await (await post('/api/v1/webhooks', { url: 'https://example.test/h' })).json()).data;
    const other = await s.newProject('Hooks elsewhere');
    expect((await (await s.fetch('/api/v1/webhooks', { key: other.key })).json()).data).toEqual([]);
    expect((await s.fetch(`/api/v1/webhooks/${hook.id}`, { method: 'DELETE', key: other.key })).status).toBe(
      404,
    );
  });
});
