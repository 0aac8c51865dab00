import { afterAll, describe, expect, test } from 'bun:test';
import { readdirSync } from 'node:fs';
import {
  AppError,
  type DialectApi,
  type DialectCaller,
  defineDialect,
  dialectRouter,
  type EventInput,
} from '../../src/plugin-api.ts';
import { form, startTestServer, type TestServer } from '../helpers/server.ts';
import { until } from '../helpers/until.ts';

type Caller = DialectCaller & { projectId: string };

/** What the toy dialect records about its own life. */
const life = {
  setups: 0,
  mounts: [] as { prefix: string; primary: boolean }[],
  heard: [] as { type: string; documentId?: string; status?: string }[],
  backgroundDone: 0,
  closes: [] as { heardAtClose: number; backgroundAtClose: number }[],
  api: undefined as DialectApi | undefined,
};

/** A dialect under two prefixes that subscribes in setup, runs background work and closes. */
const toy = defineDialect<Caller, { started: number }>({
  id: 'toy',
  title: 'Toy',
  prefixes: ['/toy', '/toy-again'],
  renderError: (err) => ({ status: err.status, body: { message: err.message } }),
  async authenticate({ headers }, api) {
    const principal = await api.keys.require(headers['x-api-key'] ?? '');
    return { principal, projectId: (await api.tenancy.resolveProject(principal)).id };
  },
  setup(api) {
    life.setups++;
    life.api = api;
    api.events.on(['document.uploaded', 'ocr.completed'], (e) => {
      life.heard.push({ type: e.type, documentId: e.documentId, status: e.data.document.ocrStatus });
    });
    return { started: Date.now() };
  },
  routes(app, api, _state, mount) {
    life.mounts.push(mount);
    return app.use(
      dialectRouter<Caller>()
        .post('/upload', ({ caller, request }) =>
          api.uploads.receive(request, async (form) => {
            const file = form.file('file');
            if (form.field('fail')) throw new AppError('bad_request', 'asked to fail');
            if (!file || form.field('skip')) return { stored: false };
            const doc = await api.documents.upload({ projectId: caller.projectId, file });
            return { stored: true, id: doc.id };
          }),
        )
        .post('/slow', () => {
          api.background(async () => {
            await Bun.sleep(300);
            life.backgroundDone++;
          });
          return { queued: true };
        })
        .post('/invent', async ({ caller }) => {
          const made = { type: 'toy.invented', projectId: caller.projectId, data: {} };
          await api.events.emit(made as unknown as EventInput<'review.approvers'>);
          return { emitted: true };
        }),
    );
  },
  close() {
    life.closes.push({ heardAtClose: life.heard.length, backgroundAtClose: life.backgroundDone });
  },
});

let s: TestServer;
afterAll(() => s?.close());

const post = (path: string, body?: FormData) =>
  fetch(`${s.url}${path}`, { method: 'POST', body, headers: { 'x-api-key': s.adminKey } });

describe('a plugin lives once per server', () => {
  test('setup runs once; routes are built for each prefix, the first one primary', async () => {
    s = await startTestServer({ plugins: [toy as never] });
    expect(life.setups).toBe(1);
    expect(life.mounts).toEqual([
      { prefix: '/toy', primary: true },
      { prefix: '/toy-again', primary: false },
    ]);
    const again = await post('/toy-again/upload', form({ name: 'x.txt', content: 'x' }, { skip: '1' }));
    expect(await again.json()).toEqual({ stored: false });
  });

  test('subscribers hear the events they asked for, with typed data', async () => {
    const res = await post('/toy/upload', form({ name: 'a.txt', content: 'lifecycle text' }));
    const { id } = await res.json();
    await until('the OCR event', async () =>
      life.heard.find((h) => h.type === 'ocr.completed' && h.documentId === id),
    );
    expect(life.heard.filter((h) => h.documentId === id)).toEqual([
      { type: 'document.uploaded', documentId: id, status: 'queued' },
      { type: 'ocr.completed', documentId: id, status: 'completed' },
    ]);
  });

  test('received files that are not stored are removed, whether the route returns or throws', async () => {
    const skipped = await post('/toy/upload', form({ name: 'b.txt', content: 'not kept' }, { skip: '1' }));
    expect(await skipped.json()).toEqual({ stored: false });
    const failed = await post(
      '/toy/upload',
      form({ name: 'c.txt', content: 'not kept either' }, { fail: '1' }),
    );
    expect(failed.status).toBe(400);
    expect(readdirSync(s.services.blobs.tmpDir)).toEqual([]);
  });

  test('only the events of the port can be raised', async () => {
    const res = await post('/toy/invent');
    expect(res.status).toBe(500);
    expect((await s.services.audit.list({ projectId: s.projectId, area: 'toy' })).rows).toEqual([]);
  });

  test('the subscription of one dialect sees only its own webhooks', async () => {
    const other = await s.services.webhooks.create({
      projectId: s.projectId,
      dialect: 'native',
      url: 'https://example.com/hook',
      events: ['document.uploaded'],
    });
    const api = life.api as DialectApi;
    expect(await api.webhooks.list(s.projectId)).toEqual([]);
    expect(await api.webhooks.delete(s.projectId, other.id)).toBe(false);
    expect((await s.services.webhooks.list(s.projectId, 'native')).map((h) => h.id)).toEqual([other.id]);
  });

  test('stopping ends subscriptions, waits for background work, then calls close once', async () => {
    // Counted before the request: on a loaded machine its 300 ms of background work can end before the
    // answer comes back.
    const done = life.backgroundDone;
    await post('/toy/slow');
    const heard = life.heard.length;
    await s.close();
    expect(life.closes).toEqual([{ heardAtClose: heard, backgroundAtClose: done + 1 }]);
    (life.api as DialectApi).background(async () => {
      life.backgroundDone += 100;
    });
    await Bun.sleep(50);
    expect(life.backgroundDone).toBe(done + 1);
    s = undefined as unknown as TestServer;
  });
});
