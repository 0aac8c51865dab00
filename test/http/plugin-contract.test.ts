import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { t } from 'elysia';
import { AppError, bearerOf, type DialectCaller, defineDialect } from '../../src/plugin-api.ts';
import { inOneWindow } from '../helpers/rate-window.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

/** Two toy dialects with deliberately different envelopes, statuses and auth styles. */
const alpha = defineDialect<DialectCaller & { projectId: string }>({
  id: 'alpha',
  title: 'Alpha',
  prefixes: ['/alpha'],
  async authenticate({ headers }, api) {
    const key = bearerOf(headers.authorization);
    if (!key) throw new AppError('unauthorized', 'no key');
    const principal = await api.keys.require(key);
    return { principal, projectId: (await api.tenancy.resolveProject(principal)).id };
  },
  renderError: (err) => ({ status: err.status, body: { error: { code: err.code, message: err.message } } }),
  rateLimit: {
    windowMs: 60_000,
    defaultLimit: 3,
    headers: (d) => ({ 'X-RateLimit-Limit': String(d.limit), 'X-RateLimit-Remaining': String(d.remaining) }),
  },
  routes: (app, api) =>
    app
      .get('/docs/:id', async ({ caller, params }) => ({
        name: (await api.documents.get(caller.projectId, params.id)).name,
      }))
      .post('/echo', ({ body }) => body, { body: t.Object({ n: t.Number() }) })
      .get('/boom', () => {
        throw new Error('secret internal detail');
      }),
});

const beta = defineDialect<DialectCaller>({
  id: 'beta',
  title: 'Beta',
  prefixes: ['/beta', '/api-beta'],
  async authenticate({ headers }, api) {
    const key = headers['x-api-key'];
    if (!key) throw new AppError('unauthorized', 'No authentication credentials provided');
    const p = await api.keys.resolve(key);
    if (typeof p === 'string') throw new AppError('unauthorized', 'Invalid authentication credentials');
    return { principal: p, projectId: p.projectId };
  },
  renderError: (err) => ({
    status: err.code === 'validation_failed' ? 422 : err.status,
    body: err.code === 'validation_failed' ? { detail: err.details } : { detail: err.message },
  }),
  readOnlySafe: [/\/search$/],
  publicRoutes: (app) => app.get('/ping', () => ({ pong: true })),
  routes: (app) =>
    app
      .post('/echo', ({ body }) => body, { body: t.Object({ n: t.Number() }) })
      .post('/search', () => ({ hits: [] }))
      .post('/write', () => ({ ok: true })),
});

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ plugins: [alpha, beta] as never });
});
afterAll(() => s.close());

const post = (path: string, body: string, headers: Record<string, string>) =>
  fetch(s.url + path, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

describe('two plugins keep two envelopes', () => {
  test('401', async () => {
    const a = await fetch(`${s.url}/alpha/docs/x`);
    expect(a.status).toBe(401);
    expect(await a.json()).toEqual({ error: { code: 'unauthorized', message: 'no key' } });
    const b = await post('/beta/echo', '{}', {});
    expect(b.status).toBe(401);
    expect(await b.json()).toEqual({ detail: 'No authentication credentials provided' });
  });

  test('validation: 400 in alpha, 422 FastAPI-like in beta', async () => {
    const a = await post('/alpha/echo', '{"n":"x"}', { authorization: `Bearer ${s.adminKey}` });
    expect(a.status).toBe(400);
    expect((await a.json()).error.code).toBe('validation_failed');
    const b = await post('/beta/echo', '{"n":"x"}', { 'x-api-key': s.adminKey });
    expect(b.status).toBe(422);
    const body = await b.json();
    expect(body.detail[0]).toMatchObject({ location: 'body', path: 'n' });
  });

  test('malformed JSON is each dialect’s 400', async () => {
    const a = await post('/alpha/echo', '{"n":', { authorization: `Bearer ${s.adminKey}` });
    expect(a.status).toBe(400);
    expect((await a.json()).error.code).toBe('bad_request');
    const b = await post('/beta/echo', '{"n":', { 'x-api-key': s.adminKey });
    expect(b.status).toBe(400);
    expect(typeof (await b.json()).detail).toBe('string');
  });

  test('unknown paths under each prefix get that vendor’s 404, even without credentials', async () => {
    const a = await fetch(`${s.url}/alpha/nope/deeper`);
    expect(a.status).toBe(404);
    expect(await a.json()).toEqual({ error: { code: 'not_found', message: 'Not found' } });
    for (const prefix of ['/beta', '/api-beta']) {
      const b = await fetch(`${s.url}${prefix}/nope`);
      expect(b.status).toBe(404);
      expect(await b.json()).toEqual({ detail: 'Not found' });
    }
  });

  test('an id from nowhere is the plugin’s 404; internal errors never leak details', async () => {
    const nf = await fetch(`${s.url}/alpha/docs/000000000000000000000000`, {
      headers: { authorization: `Bearer ${s.adminKey}` },
    });
    expect(nf.status).toBe(404);
    expect((await nf.json()).error.message).toBe('Document not found');
    const boom = await fetch(`${s.url}/alpha/boom`, { headers: { authorization: `Bearer ${s.adminKey}` } });
    expect(boom.status).toBe(500);
    const text = await boom.text();
    expect(text).not.toContain('secret');
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: 'Internal server error' } });
  });

  test('public routes need no key; the same plugin is served under both prefixes', async () => {
    expect(await (await fetch(`${s.url}/beta/ping`)).json()).toEqual({ pong: true });
    expect(await (await fetch(`${s.url}/api-beta/ping`)).json()).toEqual({ pong: true });
  });
});

describe('limits enforced by mountDialect', () => {
  test('rate limit: headers on every response, 429 with Retry-After in the envelope', async () => {
    const responses = await inOneWindow(60_000, async () => {
      const { key } = await s.services.keys.create({ orgId: s.orgId, projectId: s.projectId, label: 'rl' });
      const h = { authorization: `Bearer ${key}` };
      const got: Response[] = [];
      for (let i = 0; i < 4; i++)
        got.push(await fetch(`${s.url}/alpha/docs/000000000000000000000000`, { headers: h }));
      return got;
    });
    for (const res of responses) expect(res.headers.get('x-ratelimit-limit')).toBe('3');
    expect(responses.map((r) => r.status)).toEqual([404, 404, 404, 429]);
    const limited = responses[3] as Response;
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await limited.json()).error.code).toBe('rate_limited');
  });

  test('a per-key override beats the dialect default', async () => {
    const { key } = await s.services.keys.create({
      orgId: s.orgId,
      projectId: s.projectId,
      rateLimit: { alpha: 10 },
    });
    const res = await fetch(`${s.url}/alpha/docs/000000000000000000000000`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(res.headers.get('x-ratelimit-limit')).toBe('10');
  });

  test('read-only keys cannot mutate except on routes the plugin marks safe', async () => {
    const { key } = await s.services.keys.create({ orgId: s.orgId, projectId: s.projectId, readOnly: true });
    const w = await post('/beta/write', '{}', { 'x-api-key': key });
    expect(w.status).toBe(403);
    expect((await w.json()).detail).toMatch(/read-only/);
    const r = await post('/beta/search', '{}', { 'x-api-key': key });
    expect(r.status).toBe(200);
  });

  test('JSON bodies above the limit are refused with 413 before parsing', async () => {
    const big = JSON.stringify({ n: 1, pad: 'x'.repeat(17 * 1024 * 1024) });
    const res = await post('/beta/echo', big, { 'x-api-key': s.adminKey });
    expect(res.status).toBe(413);
  });
});
