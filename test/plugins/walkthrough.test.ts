import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { webhookReceiver } from '../helpers/webhook-receiver.ts';
import { form, startTestServer, type TestServer } from '../helpers/server.ts';
import { until } from '../helpers/until.ts';

/**
 * plugins/README.md, followed as a newcomer would: every code block of the walk-through that names a
 * file under plugins/acme/ is written out as that file (the port's path made absolute, since the copy
 * lives in a temporary folder), and the resulting "Acme" dialect is served and driven over HTTP.
 */
const ROOT = resolve(import.meta.dir, '../..');
const PORT = join(ROOT, 'src/plugin-api.ts');

function writeWalkthrough(dir: string): string[] {
  const readme = readFileSync(join(ROOT, 'plugins/README.md'), 'utf8');
  const written: string[] = [];
  for (const [, code] of readme.matchAll(/```ts\n([\s\S]*?)```/g)) {
    const path = /^\/\/ plugins\/(acme\/\S+)/.exec(code as string)?.[1];
    if (!path) continue;
    const file = join(dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, (code as string).replace(/'(\.\.\/)+src\/plugin-api\.ts'/g, `'${PORT}'`));
    written.push(path);
  }
  return written.sort();
}

const dir = mkdtempSync(join(tmpdir(), 'docserve-walkthrough-'));
let s: TestServer;
let key: string;
const receiver = webhookReceiver();

beforeAll(async () => {
  expect(writeWalkthrough(dir)).toEqual([
    'acme/auth.ts',
    'acme/envelope.ts',
    'acme/index.ts',
    'acme/mappers.ts',
    'acme/routes/documents.ts',
    'acme/webhooks.ts',
  ]);
  const { acme } = await import(join(dir, 'acme/index.ts'));
  s = await startTestServer({ plugins: [acme] });
  key = (await s.newProject('Acme project')).key;
});
afterAll(async () => {
  await s?.close();
  receiver.stop();
  rmSync(dir, { recursive: true, force: true });
});

const acme = (path: string, init: RequestInit = {}, withKey = true) =>
  fetch(`${s.url}/acme/v1${path}`, {
    ...init,
    headers: { ...(withKey ? { 'x-api-key': key } : {}), ...(init.headers as Record<string, string>) },
  });

describe('the Acme dialect of plugins/README.md', () => {
  test('its own 401 and 404 bodies', async () => {
    const anonymous = await acme('/documents', {}, false);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toEqual({ error: 'Send your key in X-Api-Key' });
    const nowhere = await acme('/nowhere');
    expect(nowhere.status).toBe(404);
    expect(await nowhere.json()).toEqual({ error: 'Not found' });
    const missing = await acme('/documents/000000000000000000000000');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'Document not found' });
  });

  test('upload, list and read a document; a form without a file is a 400', async () => {
    const none = await acme('/documents', {
      method: 'POST',
      body: form({ name: 'x.txt', content: 'x' }, {}, 'other'),
    });
    expect(none.status).toBe(400);
    expect(await none.json()).toEqual({ error: 'Send the document in the field "file"' });

    const res = await acme('/documents', {
      method: 'POST',
      body: form({ name: 'note.txt', content: 'hello acme' }),
    });
    expect(res.status).toBe(201);
    const doc = await res.json();
    expect(doc).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      filename: 'note.txt',
      state: 'queued',
      uploaded: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const list = await (await acme('/documents')).json();
    expect(list).toEqual({
      documents: [expect.objectContaining({ id: doc.id, filename: 'note.txt' })],
      total: 1,
    });
    expect((await (await acme(`/documents/${doc.id}`)).json()).id).toBe(doc.id);
  });

  test('setup subscribes to events: processed documents are listed; the webhook is Acme-shaped and signed', async () => {
    const hook = await s.services.webhooks.create({
      projectId: await projectOf(s, key),
      dialect: 'acme',
      url: receiver.url(),
      events: ['document.ready'],
      secret: 'acme-secret-123',
    });
    const res = await acme('/documents', {
      method: 'POST',
      body: form({ name: 'ready.txt', content: 'ready' }),
    });
    const doc = await res.json();
    const ready = await until('the document to be processed', async () => {
      const body = await (await acme('/ready')).json();
      return body.documents.includes(doc.id) ? body : undefined;
    });
    expect(ready.documents).toContain(doc.id);
    const delivery = await until('the webhook', async () =>
      receiver.received.find((r) => JSON.parse(r.body).document.id === doc.id),
    );
    expect(JSON.parse(delivery.body)).toEqual({
      type: 'document.ready',
      document: { id: doc.id, filename: 'ready.txt', state: 'completed', uploaded: doc.uploaded },
    });
    expect(delivery.headers.get('x-acme-signature')).toBe(
      createHmac('sha256', hook.secret).update(delivery.body).digest('hex'),
    );
  });
});

/** The project a project key is bound to. */
async function projectOf(server: TestServer, projectKey: string): Promise<string> {
  const principal = await server.services.keys.require(projectKey);
  return principal.projectId as string;
}
