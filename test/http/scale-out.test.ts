/**
 * Two docserve nodes on one PostgreSQL and one S3 bucket, as the README's "Scale out" recipe runs them:
 * real child processes of the source (test/helpers/scale-node.ts: the real server, with the suite's fake
 * OCR engine slowed to 150 ms a document on node A, 3 s with two workers on node B), a throwaway PostgreSQL cluster and s3rver (the S3 server used
 * only in tests). 200 documents uploaded to alternating nodes are read and searched through the other
 * node (text files, which need no OCR, and a few PDFs the fake engine reads); one node is killed with
 * SIGKILL while it is reading PDFs and the survivor finishes every job. Side effects are counted outside
 * docserve: webhook deliveries at a receiver of this test, and the extraction rows in PostgreSQL. A third
 * node started afterwards on an empty data directory loads the index snapshot node A published in the
 * bucket, catches up on documents written after it and finds every document; after a restart it loads
 * its own index snapshot and catches up on what the others indexed while it was down.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { S3Client, SQL } from 'bun';
import { type ServerProcess, startServerProcess } from '../helpers/cli.ts';
import { tinyPdf } from '../helpers/files.ts';
import { freshPostgresDatabase } from '../helpers/postgres.ts';
import { startTestS3, type TestS3 } from '../helpers/s3.ts';
import { form, tempDir } from '../helpers/server.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const dirs = [tempDir(), tempDir(), tempDir()];
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
      // The survivor takes a killed node's jobs over after the lease; 10 s (heartbeat every 3.3 s) so
      // that a node merely starved for a second or two on a loaded machine never loses a job it runs.
      DOCSERVE_JOB_LEASE_MS: '10000',
      DOCSERVE_JOB_POLL_MS: '50',
      DOCSERVE_JOB_BACKOFF_MS: '200',
      // Index snapshots written within a second (not 30 s) and published at most once a minute (not
      // every 10): documents uploaded right after a publication are in none for a minute.
      DOCSERVE_INDEX_SNAPSHOT_DELAY_MS: '500',
      DOCSERVE_INDEX_PUBLISH_MS: '60000',
      // Node B reads slowly with two workers, so while documents are queued it is busy for seconds at
      // a time and the test can kill it mid-document however fast or loaded the machine is.
      DOCSERVE_OCR_WORKERS: i === 1 ? '2' : '1',
      SCALE_NODE_OCR_MS: i === 1 ? '3000' : '150',
      // Node C, started later, prints how it loaded its index.
      ...(i === 2 ? { DOCSERVE_VERBOSE: '1' } : {}),
    },
  });
}

const call = (node: ServerProcess, path: string, init: RequestInit = {}) =>
  fetch(node.url + path, {
    ...init,
    headers: { authorization: `Bearer ${key}`, ...(init.headers as Record<string, string>) },
  });

/** Documents of the first test: text files and every eighteenth a PDF, then {@link OCR_BATCH} PDFs. */
const DOCUMENTS = 200;
/** The PDFs uploaded last; node B is killed while reading one of them. */
const OCR_BATCH = 20;

/** A word only document `i` holds (same length for every `i`, so none is a prefix of another). */
const word = (i: number) => `scaleword${String(i).padStart(3, '0')}`;

interface Uploaded {
  id: string;
  sha256: string;
  i: number;
}

/** Uploads document `i`: a PDF the fake OCR engine reads when `ocr`, else a text file (no OCR). */
async function upload(node: ServerProcess, i: number, ocr: boolean): Promise<Uploaded> {
  const content = ocr
    ? tinyPdf(`FAKE-OCR: ${word(i)} ใบส่งของ`)
    : new TextEncoder().encode(`${word(i)} ใบส่งของ\n`);
  const res = await call(node, '/api/v1/documents', {
    method: 'POST',
    body: form({
      name: `n${i}.${ocr ? 'pdf' : 'txt'}`,
      content,
      type: ocr ? 'application/pdf' : 'text/plain',
    }),
  });
  expect(res.status).toBe(201);
  return { id: (await res.json()).data.id as string, sha256: sha(content), i };
}

/** Uploads documents `from`..`to - 1` to nodes A and B in turn, eight at a time. */
async function uploadRange(from: number, to: number, ocr: (i: number) => boolean): Promise<Uploaded[]> {
  const [a, b] = nodes as [ServerProcess, ServerProcess];
  const out: Uploaded[] = [];
  for (let start = from; start < to; start += 8) {
    const batch = Array.from({ length: Math.min(8, to - start) }, (_, k) => start + k);
    out.push(...(await Promise.all(batch.map((i) => upload(i % 2 ? b : a, i, ocr(i))))));
  }
  return out;
}

/** Polls `ok`; the limit only turns a hang into a named failure (generous for a loaded machine). */
async function until(what: string, ok: () => Promise<boolean>, ms = 240_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(100);
  }
}

/** The documents of `ids` whose processing completed, counted in PostgreSQL. */
async function completed(db: SQL, ids: string[]): Promise<number> {
  const [row] =
    await db`SELECT count(*)::int AS n FROM documents WHERE ocr_status = 'completed' AND id IN ${db(ids)}`;
  return row.n;
}

async function found(node: ServerProcess, d: Uploaded): Promise<boolean> {
  const res = await (await call(node, `/api/v1/search?q=${word(d.i)}`)).json();
  return (res.data ?? []).some(
    (h: { id?: string; document?: { id: string } }) => (h.document?.id ?? h.id) === d.id,
  );
}

async function caughtUp(node: ServerProcess): Promise<boolean> {
  const following = (await (await fetch(`${node.url}/healthz`)).json()).index?.following;
  return following?.behind_ms === 0 && typeof following.applied_at === 'number';
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

const all: Uploaded[] = [];

test(`two nodes on one PostgreSQL and one bucket: ${DOCUMENTS} documents read and searched through the other node, a SIGKILLed node loses nothing and doubles nothing`, async () => {
  const [a, b] = nodes as [ServerProcess, ServerProcess];
  const probe = new SQL(database);
  try {
    // Every eighteenth a PDF that goes through OCR, the rest text files (no OCR).
    const firstBatch = await uploadRange(0, DOCUMENTS - OCR_BATCH, (i) => i % 18 === 0);
    await until(
      'the first batch read',
      async () =>
        (await completed(
          probe,
          firstBatch.map((d) => d.id),
        )) === firstBatch.length,
    );
    for (const d of firstBatch) {
      const other = d.i % 2 ? a : b;
      const file = await call(other, `/api/v1/documents/${d.id}/file`);
      expect(file.status).toBe(200);
      expect(sha(new Uint8Array(await file.arrayBuffer()))).toBe(d.sha256);
      await until(`${word(d.i)} found through the other node`, () => found(other, d));
    }
    for (const node of [a, b]) await until('the node reporting its index caught up', () => caughtUp(node));

    // Node A reads one PDF at a time, so two read at once means node B is reading one.
    const secondBatch = await uploadRange(DOCUMENTS - OCR_BATCH, DOCUMENTS, () => true);
    await until('node B reading a document', async () => {
      const [jobs] =
        await probe`SELECT count(*)::int AS n FROM jobs WHERE status = 'running' AND kind = 'document.process'`;
      return (jobs?.n ?? 0) >= 2;
    });
    b.proc.kill('SIGKILL');
    await b.proc.exited;
    all.push(...firstBatch, ...secondBatch);
  } finally {
    await probe.close();
  }

  await until('node A finishing every document', async () => {
    const db = new SQL(database);
    try {
      return (
        (await completed(
          db,
          all.map((d) => d.id),
        )) === all.length
      );
    } finally {
      await db.close();
    }
  });
  for (const d of all) {
    expect((await (await call(a, `/api/v1/documents/${d.id}`)).json()).data.status).toBe('completed');
    const file = await call(a, `/api/v1/documents/${d.id}/file`);
    expect(sha(new Uint8Array(await file.arrayBuffer()))).toBe(d.sha256);
    expect(await (await call(a, `/api/v1/documents/${d.id}/text`)).text()).toContain(word(d.i));
  }
  await until(
    'every ocr.completed webhook',
    async () => new Set(deliveries.map((d) => d.documentId)).size === all.length,
  );
  await Bun.sleep(1_000);
  // One event per document: a job that ran twice would emit a second event, with a delivery id of its
  // own. The same delivery may arrive twice (at least once): the killed node can have posted it and
  // died before recording the receiver's answer; receivers deduplicate on X-Docserve-Delivery.
  const ids = new Map<string, Set<string>>();
  const sent = new Map<string, number>();
  for (const d of deliveries) {
    ids.set(d.documentId, (ids.get(d.documentId) ?? new Set()).add(d.delivery));
    sent.set(d.delivery, (sent.get(d.delivery) ?? 0) + 1);
  }
  const twoEvents = [...ids].filter(([, s]) => s.size > 1).map(([id, s]) => `${id}: ${[...s].join(', ')}`);
  expect(twoEvents).toEqual([]);
  expect(ids.size).toBe(all.length);
  expect(Math.max(...sent.values())).toBeLessThanOrEqual(2);

  const db = new SQL(database);
  try {
    const rows = await db`SELECT document_id, count(*)::int AS n FROM extractions GROUP BY document_id`;
    expect(rows.length).toBe(all.length);
    expect(rows.every((r: { n: number }) => r.n === 1)).toBe(true);
    await until('every job finished', async () => {
      const [pending] = await db`SELECT count(*)::int AS n FROM jobs WHERE status <> 'done'`;
      return pending.n === 0;
    });
  } finally {
    await db.close();
  }
}, 1_200_000);

/** Resolves once no job is left to run (every upload indexed), counted in PostgreSQL. */
async function allJobsDone(what: string): Promise<void> {
  await until(what, async () => {
    const db = new SQL(database);
    try {
      const [pending] = await db`SELECT count(*)::int AS n FROM jobs WHERE status <> 'done'`;
      return pending.n === 0;
    } finally {
      await db.close();
    }
  });
}

test('a node added later loads the snapshot published in the bucket and finds every document; restarted, it loads its own snapshot and catches up on what it missed', async () => {
  expect(all.length).toBe(DOCUMENTS);
  const [a] = nodes as [ServerProcess];
  await until('node A publishing a snapshot of every document to the bucket', async () => {
    const index = (await (await fetch(`${a.url}/healthz`)).json()).index;
    return index?.published?.documents === all.length;
  });
  const bucket = new S3Client({
    bucket: s3.bucket,
    endpoint: s3.endpoint,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
  });
  const published = ((await bucket.list({ prefix: 'cluster/index/' })).contents ?? []).map((o) => o.key);
  expect(published).toContain('cluster/index/latest.json');
  expect(published.some((k) => /^cluster\/index\/search-\d+-[0-9a-f]{16}\.snapshot$/.test(k))).toBe(true);
  // Written after the publication: node C finds them by following the change feed from the snapshot.
  const later: Uploaded[] = [];
  for (let i = DOCUMENTS; i < DOCUMENTS + 3; i++) later.push(await upload(a, i, false));
  await allJobsDone('node A indexing the documents written after its publication');
  const everything = [...all, ...later];

  let c = await startNode(2);
  nodes.push(c);
  expect(c.adminKey).toBeUndefined();
  await until('node C loading the snapshot published in the bucket', async () =>
    /downloaded the shared index snapshot s3:\/\/docserve\/cluster\/index\/search-[\s\S]*loaded \d+ document\(s\) from the snapshot/.test(
      c.log(),
    ),
  );
  // Node A publishes again at most once a minute: on a slow machine node C can get a later publication
  // that already holds some of `later`. Either way it loads, not rebuilds, and catches up on the rest.
  const fromSnapshot = Number(c.log().match(/loaded (\d+) document\(s\) from the snapshot/)?.[1]);
  expect(fromSnapshot).toBeGreaterThanOrEqual(all.length);
  expect(fromSnapshot).toBeLessThanOrEqual(everything.length);
  expect(c.log()).not.toContain('rebuilding from the database');
  await until('node C reporting every document', async () => {
    const index = (await (await fetch(`${c.url}/healthz`)).json()).index;
    return index?.ready === true && index.documents === everything.length;
  });
  const health = (await (await fetch(`${c.url}/healthz`)).json()).index;
  expect(health.loaded_from).toBe('shared');
  for (const d of everything) expect(await found(c, d)).toBe(true);
  const sample = all[all.length - 1] as Uploaded;
  const file = await call(c, `/api/v1/documents/${sample.id}/file`);
  expect(sha(new Uint8Array(await file.arrayBuffer()))).toBe(sample.sha256);

  expect(await c.stop()).toBe(0);
  const missed: Uploaded[] = [];
  for (let i = DOCUMENTS + 3; i < DOCUMENTS + 8; i++) missed.push(await upload(a, i, false));
  await allJobsDone('node A indexing the documents node C missed');
  c = await startNode(2);
  nodes.push(c);
  const loaded = `loaded ${everything.length} document(s) from the snapshot`;
  await until('node C loading its snapshot', async () => c.log().includes(loaded));
  await until('node C catching up on what it missed', async () =>
    /caught up on \d+ document\(s\) changed since the snapshot/.test(c.log()),
  );
  for (const d of [...missed, ...all.slice(0, 20)])
    await until(`${word(d.i)} found through the restarted node`, () => found(c, d));
}, 900_000);
