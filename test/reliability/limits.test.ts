import { afterAll, beforeAll, expect, test } from 'bun:test';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { docinth } from '../../plugins/docinth/index.ts';
import { inOneWindow } from '../helpers/rate-window.ts';
import { reliability } from '../helpers/reliability.ts';
import { form, startTestServer, type TestServer } from '../helpers/server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ plugins: [docinth as never], config: (c) => (c.maxUploadBytes = 256 * 1024) });
});
afterAll(() => s.close());

test('a rate limit holds exactly under 600 concurrent requests', async () => {
  const statuses = await inOneWindow(60_000, async () => {
    const { key } = await s.services.keys.create({
      orgId: s.orgId,
      projectId: s.projectId,
      rateLimit: { docinth: 500 },
    });
    return Promise.all(
      Array.from({ length: 600 }, () => s.fetch('/v2/documents?per_page=1', { key }).then((r) => r.status)),
    );
  });
  expect(statuses.filter((x) => x === 200).length).toBe(500);
  expect(statuses.filter((x) => x === 429).length).toBe(100);
  reliability.faultsInjected++;
});

test('the upload size limit holds under concurrency and leaves nothing behind', async () => {
  const tooBig = 'x'.repeat(300 * 1024);
  const ok = 'y'.repeat(10 * 1024);
  const results = await Promise.all(
    Array.from({ length: 40 }, (_, i) =>
      s
        .fetch('/api/v1/documents', {
          method: 'POST',
          body: form({ name: `f${i}.txt`, content: i % 2 ? tooBig : `${ok}${i}` }),
        })
        .then((r) => r.status),
    ),
  );
  expect(results.filter((x, i) => (i % 2 ? x !== 413 : x !== 201))).toEqual([]);
  expect(readdirSync(join(s.dataDir, 'tmp'))).toEqual([]);
  const total = (await (await s.fetch('/api/v1/documents?per_page=100')).json()).meta.total;
  expect(total).toBe(20);
  reliability.badInputs += 20;
});
