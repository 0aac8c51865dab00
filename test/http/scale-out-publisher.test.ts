/**
 * One publisher of index snapshots among the nodes of a cluster: real docserve processes
 * (test/helpers/scale-node.ts) on one throwaway PostgreSQL and one s3rver bucket. Exactly one node says
 * in `/healthz` that it publishes, only it writes to the bucket, and when it is killed (SIGKILL) or
 * stopped (SIGTERM) another node takes over and publishes what it indexed since. Every wait polls a
 * condition with a generous deadline.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { join } from 'node:path';
import { S3Client } from 'bun';
import { type ServerProcess, startServerProcess } from '../helpers/cli.ts';
import { freshPostgresDatabase } from '../helpers/postgres.ts';
import { startTestS3, type TestS3 } from '../helpers/s3.ts';
import { form, tempDir } from '../helpers/server.ts';

const dirs = [tempDir(), tempDir(), tempDir()];
let database: string;
let s3: TestS3;
let key: string;
const nodes: ServerProcess[] = [];

function startNode(i: number): Promise<ServerProcess> {
  return startServerProcess(dirs[i]?.path as string, {
    command: [process.execPath, join(import.meta.dir, '../helpers/scale-node.ts')],
    extraArgs: ['--database', database, '--blobs', 's3://docserve/elect'],
    env: {
      DOCSERVE_S3_ENDPOINT: s3.endpoint,
      DOCSERVE_S3_ACCESS_KEY_ID: s3.accessKeyId,
      DOCSERVE_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      DOCSERVE_JOB_POLL_MS: '100',
      // Snapshots written and published within a second of a change; the duty tried every 200 ms.
      DOCSERVE_INDEX_SNAPSHOT_DELAY_MS: '300',
      DOCSERVE_INDEX_PUBLISH_MS: '1000',
      DOCSERVE_INDEX_ELECTION_MS: '200',
    },
  });
}

interface IndexHealth {
  documents: number;
  publisher?: boolean;
  snapshot: { at: string } | null;
  published: { name: string; documents: number } | null;
}

async function indexHealth(node: ServerProcess): Promise<IndexHealth> {
  return (await (await fetch(`${node.url}/healthz`)).json()).index;
}

async function until(what: string, ok: () => Promise<boolean>, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(100);
  }
}

let uploaded = 0;
async function upload(node: ServerProcess): Promise<void> {
  const i = uploaded++;
  const res = await fetch(`${node.url}/api/v1/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}` },
    body: form({
      name: `e${i}.txt`,
      content: new TextEncoder().encode(`electword${i} ใบกำกับภาษี\n`),
      type: 'text/plain',
    }),
  });
  expect(res.status).toBe(201);
}

/** The URLs of the nodes of `live` that say they publish; asked `times` times, the same answer each time. */
async function publishers(live: ServerProcess[], times = 10): Promise<string[]> {
  let seen: string[] | undefined;
  for (let k = 0; k < times; k++) {
    const now: string[] = [];
    for (const n of live) if ((await indexHealth(n)).publisher === true) now.push(n.url);
    if (seen) expect(now).toEqual(seen);
    seen = now;
    await Bun.sleep(50);
  }
  return seen ?? [];
}

/** The snapshot `latest.json` in the bucket names. */
async function latestInBucket(): Promise<string | undefined> {
  const bucket = new S3Client({
    bucket: s3.bucket,
    endpoint: s3.endpoint,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
  });
  const pointer = bucket.file('elect/index/latest.json');
  if (!(await pointer.exists())) return undefined;
  return ((await pointer.json()) as { name: string }).name;
}

beforeAll(async () => {
  [database, s3] = await Promise.all([freshPostgresDatabase(), startTestS3()]);
  nodes.push(await startNode(0));
  key = nodes[0]?.adminKey as string;
  nodes.push(await startNode(1));
});

afterAll(async () => {
  for (const n of nodes) if (n.proc.exitCode === null) await n.stop();
  await s3.stop();
  for (const d of dirs) d.cleanup();
});

test('one node publishes index snapshots; when it is killed, then when its successor is stopped, another node takes over', async () => {
  const [a, b] = nodes as [ServerProcess, ServerProcess];
  await until('both nodes reporting whether they publish', async () => {
    const [ha, hb] = await Promise.all([indexHealth(a), indexHealth(b)]);
    return typeof ha.publisher === 'boolean' && typeof hb.publisher === 'boolean';
  });
  const first = await publishers([a, b]);
  expect(first.length).toBe(1);
  const [publisher, other] = first[0] === a.url ? [a, b] : [b, a];

  // Uploaded through the other node: both index them and write snapshots; only the publisher publishes.
  const before = Date.now();
  for (let i = 0; i < 3; i++) await upload(other);
  await until('the publisher publishing all 3 documents', async () => {
    return (await indexHealth(publisher)).published?.documents === 3;
  });
  await until('the other node writing a snapshot of all 3', async () => {
    const h = await indexHealth(other);
    return h.documents === 3 && h.snapshot !== null && Date.parse(h.snapshot.at) >= before;
  });
  expect((await indexHealth(other)).published).toBeNull();
  expect(await latestInBucket()).toBe((await indexHealth(publisher)).published?.name);

  publisher.proc.kill('SIGKILL');
  await publisher.proc.exited;
  await until('the other node taking over after the publisher was killed', async () => {
    return (await indexHealth(other)).publisher === true;
  });
  for (let i = 0; i < 2; i++) await upload(other);
  await until('the new publisher publishing all 5 documents', async () => {
    return (await indexHealth(other)).published?.documents === 5;
  });
  expect(await latestInBucket()).toBe((await indexHealth(other)).published?.name);

  // A third node joins: the duty stays where it is until its holder stops.
  const c = await startNode(2);
  nodes.push(c);
  await until('the third node reporting whether it publishes', async () => {
    const h = await indexHealth(c);
    return typeof h.publisher === 'boolean' && h.documents === 5;
  });
  expect(await publishers([other, c])).toEqual([other.url]);
  expect(await other.stop()).toBe(0);
  await until('the third node taking over after the publisher stopped', async () => {
    return (await indexHealth(c)).publisher === true;
  });
  await upload(c);
  await until('the third node publishing all 6 documents', async () => {
    return (await indexHealth(c)).published?.documents === 6;
  });
  expect(await latestInBucket()).toBe((await indexHealth(c)).published?.name);
}, 300_000);
