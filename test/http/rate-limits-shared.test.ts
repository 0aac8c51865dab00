import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { AnyElysia } from 'elysia';
import { docinth } from '../../plugins/docinth/index.ts';
import { loadConfig } from '../../src/config.ts';
import { createServer } from '../../src/server.ts';
import { openServices, type Services } from '../../src/services.ts';
import { FakeOcrEngine } from '../helpers/fake-ocr.ts';
import { freshPostgresDatabase } from '../helpers/postgres.ts';
import { startTestServer, type TestServer, tempDir } from '../helpers/server.ts';

// Both nodes see the same instant in the middle of a one-minute window, so no request of the test
// falls into the next window however slowly the machine runs.
const t0 = Date.now();
const now = () => t0 - (t0 % 60_000) + 30_000;

let a: TestServer;
let b: { url: string; services: Services; app: AnyElysia; cleanup: () => void };

beforeAll(async () => {
  const database = await freshPostgresDatabase();
  a = await startTestServer({
    plugins: [docinth as never],
    jobs: false,
    overrides: { now },
    config: (c) => {
      c.database = database;
    },
  });
  const dir = tempDir();
  const services = await openServices(loadConfig({ data: dir.path, port: 0, database }, {}), {
    ocr: new FakeOcrEngine(),
    now,
  });
  const app = createServer(services, [docinth as never]).listen({ port: 0, hostname: '127.0.0.1' });
  b = { url: `http://127.0.0.1:${app.server?.port}`, services, app, cleanup: dir.cleanup };
});

afterAll(async () => {
  await b?.app.stop(true);
  await b?.services.close();
  b?.cleanup();
  await a?.close();
});

describe('rate limits across nodes on one PostgreSQL database', () => {
  test('a key gets its limit once across both nodes, not once per node', async () => {
    const { key } = await a.services.keys.create({
      orgId: a.orgId,
      projectId: a.projectId,
      rateLimit: { docinth: 6 },
    });
    const statuses: number[] = [];
    const remaining: (string | null)[] = [];
    for (let i = 0; i < 12; i++) {
      const base = i % 2 ? b.url : a.url;
      const res = await fetch(`${base}/v2/documents`, { headers: { authorization: `Bearer ${key}` } });
      await res.arrayBuffer();
      statuses.push(res.status);
      remaining.push(res.headers.get('x-ratelimit-remaining'));
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429, 429, 429, 429, 429]);
    expect(remaining).toEqual(['5', '4', '3', '2', '1', '0', '0', '0', '0', '0', '0', '0']);
  });

  test('requests racing on both nodes at once never exceed the limit together', async () => {
    const { key } = await a.services.keys.create({
      orgId: a.orgId,
      projectId: a.projectId,
      rateLimit: { docinth: 10 },
    });
    const responses = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        fetch(`${i % 2 ? b.url : a.url}/v2/documents`, { headers: { authorization: `Bearer ${key}` } }),
      ),
    );
    await Promise.all(responses.map((r) => r.arrayBuffer()));
    expect(responses.filter((r) => r.status === 200)).toHaveLength(10);
    expect(responses.filter((r) => r.status === 429)).toHaveLength(30);
  });

  test('another key keeps its own count', async () => {
    const { key } = await a.services.keys.create({
      orgId: a.orgId,
      projectId: a.projectId,
      rateLimit: { docinth: 1 },
    });
    const first = await fetch(`${b.url}/v2/documents`, { headers: { authorization: `Bearer ${key}` } });
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-remaining')).toBe('0');
  });
});
