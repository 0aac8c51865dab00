/**
 * Two docserve nodes on one PostgreSQL and one S3 bucket, as the README's "Scale out" recipe runs them:
 * real child processes of the source (test/helpers/scale-node.ts: the real server, with the suite's fake
 * OCR engine slowed to 150 ms a document on node A, 3 s with two workers on node B), a throwaway PostgreSQL cluster and s3rver (the S3 server used
 * only in tests). Documents uploaded to alternating nodes are read and searched through the other node;
 * one node is killed with SIGKILL while it is reading documents and the survivor finishes every job.
 * Side effects are counted outside docserve: webhook deliveries at a receiver of this test, and the
 * extraction rows in PostgreSQL.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { SQL } from 'bun';
import { type ServerProcess, startServerProcess } from '../helpers/cli.ts';
import { tinyPdf } from '../helpers/files.ts';
import { freshPostgresDatabase } from '../helpers/postgres.ts';
import { startTestS3, type TestS3 } from '../helpers/s3.ts';
import { form, tempDir } from '../helpers/server.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const dirs = [tempDir(), tempDir()];
let database: string;
let s3: TestS3;
let nodes: ServerProcess[] = [];
let key: string;
const deliveries: { event: string; delivery: string; documentId: string }[] = [];
const receiver = Bun.serve({
  port: 0,
  hostname: '127.0.0.1',
  async fetch(req) {
    const body = await req.json();
    deliveries.push({
      event: String(req.headers.get('x-docserve-event')),
      delivery: String(req.headers.get('x-docserve-delivery')),
      documentId: body.document_id,
    });
    return new Response('ok');
  },
});

function startNode(i: number): Promise<ServerProcess> {
  return startServerProcess(dirs[i]?.path as string, {
    command: [process.execPath, join(import.meta.dir, '../helpers/scale-node.ts')],
    extraArgs: ['--database', database, '--blobs', 's3://docserve/cluster'],
    env: {
      DOCSERVE_S3_ENDPOINT: s3.endpoint,
      DOCSERVE_S3_ACCESS_KEY_ID: s3.accessKeyId,
      DOCSERVE_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      DOCSERVE_WEBHOOK_ALLOW_PRIVATE: '1',
      DOCSERVE_WEBHOOK_BACKOFF_MS: '200',
      DOCSERVE_JOB_LEASE_MS: '3000',
      DOCSERVE_JOB_POLL_MS: '50',
      DOCSERVE_JOB_BACKOFF_MS: '200',
      // Node B reads slowly with two workers, so while documents are queued it is busy for seconds at
      // a time and the test can kill it mid-document however fast or loaded the machine is.
      DOCSERVE_OCR_WORKERS: i === 1 ? '2' : '1',
      SCALE_NODE_OCR_MS: i === 1 ? '3000' : '150',
    },
  });
}

const call = (node: ServerProcess, path: string, init: RequestInit = {}) =>
  fetch(node.url + path, {
    ...init,
    headers: { authorization: `Bearer ${key}`, ...(init.headers as Record<string, string>) },
  });

async function upload(node: ServerProcess, i: number) {
  const pdf = tinyPdf(`FAKE-OCR: scaleword${i} ใบส่งของ`);
  const res = await call(node, '/api/v1/documents', {
    method: 'POST',
    body: form({ name: `n${i}.pdf`, content: pdf }),
  });
  expect(res.status).toBe(201);
  return { id: (await res.json()).data.id as string, sha256: sha(pdf), i };
}

async function statuses(node: ServerProcess, ids: string[]): Promise<string[]> {
  return Promise.all(
    ids.map(async (id) => (await (await call(node, `/api/v1/documents/${id}`)).json()).data.status as string),
  );
}

async function until(what: string, ok: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(100);
  }
}

beforeAll(async () => {
  [database, s3] = await Promise.all([freshPostgresDatabase(), startTestS3()]);
  const first = await startNode(0);
  key = first.adminKey as string;
  nodes = [first, await startNode(1)];
  expect(nodes[1]?.adminKey).toBeUndefined();
  const hook = await call(first, '/api/v1/webhooks', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ url: `http://127.0.0.1:${receiver.port}/hook`, events: ['ocr.completed'] }),
  });
  expect(hook.status).toBe(201);
});

afterAll(async () => {
  for (const n of nodes) if (n.proc.exitCode === null) await n.stop();
  receiver.stop(true);
  await s3.stop();
  for (const d of dirs) d.cleanup();
});

test('two nodes on one PostgreSQL and one bucket: cross-node reads and search, a SIGKILLed node loses nothing and doubles nothing', async () => {
  const [a, b] = nodes as [ServerProcess, ServerProcess];
  const firstBatch: Awaited<ReturnType<typeof upload>>[] = [];
  for (let i = 0; i < 10; i++) firstBatch.push(await upload(i % 2 ? b : a, i));
  for (const d of firstBatch) {
    const other = d.i % 2 ? a : b;
    const file = await call(other, `/api/v1/documents/${d.id}/file`);
    expect(file.status).toBe(200);
    expect(sha(new Uint8Array(await file.arrayBuffer()))).toBe(d.sha256);
  }
  await until('the first batch read', async () =>
    (
      await statuses(
        a,
        firstBatch.map((d) => d.id),
      )
    ).every((s) => s === 'completed'),
  );
  for (const d of firstBatch) {
    const other = d.i % 2 ? a : b;
    await until(`scaleword${d.i} found through the other node`, async () => {
      const res = await (await call(other, `/api/v1/search?q=scaleword${d.i}`)).json();
      return (res.data ?? []).some(
        (h: { id?: string; document?: { id: string } }) => (h.document?.id ?? h.id) === d.id,
      );
    });
  }
  for (const node of [a, b]) {
    await until('the node reporting its index caught up with the other node', async () => {
      const following = (await (await fetch(`${node.url}/healthz`)).json()).index?.following;
      return following?.behind_ms === 0 && typeof following.applied_at === 'number';
    });
  }

  const secondBatch: Awaited<ReturnType<typeof upload>>[] = [];
  const probe = new SQL(database);
  for (let i = 10; i < 40; i++) secondBatch.push(await upload(i % 2 ? b : a, i));
  // Node A runs one document at a time, so two running at once means node B is reading one.
  await until(
    'node B reading a document',
    async () => {
      const jobs =
        await probe`SELECT count(*)::int AS n FROM jobs WHERE status = 'running' AND kind = 'document.process'`;
      return (jobs[0]?.n ?? 0) >= 2;
    },
    120_000,
  );
  b.proc.kill('SIGKILL');
  await b.proc.exited;
  await probe.close();

  const all = [...firstBatch, ...secondBatch];
  await until(
    'node A finishing every document',
    async () =>
      (
        await statuses(
          a,
          all.map((d) => d.id),
        )
      ).every((s) => s === 'completed'),
    90_000,
  );
  for (const d of all) {
    const file = await call(a, `/api/v1/documents/${d.id}/file`);
    expect(sha(new Uint8Array(await file.arrayBuffer()))).toBe(d.sha256);
    expect(await (await call(a, `/api/v1/documents/${d.id}/text`)).text()).toContain(`scaleword${d.i}`);
  }
  await until(
    'every ocr.completed webhook',
    async () => new Set(deliveries.map((d) => d.documentId)).size === all.length,
  );
  await Bun.sleep(1_000);
  const perDocument = new Map<string, number>();
  for (const d of deliveries) perDocument.set(d.documentId, (perDocument.get(d.documentId) ?? 0) + 1);
  expect([...perDocument.values()].every((n) => n === 1)).toBe(true);
  expect(deliveries.length).toBe(all.length);

  const db = new SQL(database);
  try {
    const rows = await db`SELECT document_id, count(*)::int AS n FROM extractions GROUP BY document_id`;
    expect(rows.length).toBe(all.length);
    expect(rows.every((r: { n: number }) => r.n === 1)).toBe(true);
    const jobs = await db`SELECT status, count(*)::int AS n FROM jobs GROUP BY status`;
    expect(jobs.filter((j: { status: string }) => j.status !== 'done')).toEqual([]);
  } finally {
    await db.close();
  }
}, 150_000);
