/**
 * Files in a bucket through the command line: `migrate --blobs-to s3://…` copies a data directory's files
 * into s3rver (a test-only S3 server) and proves each by hash; a server started with `--blobs` reads
 * them; `check`, `backup` and `restore` work with the bucket. Expected hashes are those of the uploads.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { S3Client } from 'bun';
import { loadConfig } from '../../src/config.ts';
import { blobKey } from '../../src/core/blobs/port.ts';
import { createServices } from '../../src/services.ts';
import { runCli } from '../helpers/cli.ts';
import { tinyPdf } from '../helpers/files.ts';
import { startTestS3, type TestS3 } from '../helpers/s3.ts';
import { form, startTestServer, type TestServer, tempDir } from '../helpers/server.ts';

let s: TestServer;
let s3: TestS3;
let env: Record<string, string>;
const docs: { id: string; sha256: string }[] = [];
const sha = (b: string | Uint8Array) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  s3 = await startTestS3();
  env = {
    DOCSERVE_S3_ENDPOINT: s3.endpoint,
    DOCSERVE_S3_ACCESS_KEY_ID: s3.accessKeyId,
    DOCSERVE_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
  };
  s = await startTestServer();
  for (let i = 0; i < 3; i++) {
    const pdf = tinyPdf(`FAKE-OCR: ใบเสร็จ ${i}`);
    const res = await s.fetch('/api/v1/documents', {
      method: 'POST',
      body: form({ name: `r${i}.pdf`, content: pdf }),
    });
    docs.push({ id: (await res.json()).data.id, sha256: sha(pdf) });
  }
  await s.drain();
});
afterAll(async () => {
  await s.close();
  await s3.stop();
});

const s3Client = () =>
  new S3Client({
    endpoint: s3.endpoint,
    bucket: s3.bucket,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
  });

test('migrate --blobs-to copies every file into the bucket, verified; a second run copies nothing; a damaged object is replaced', async () => {
  const first = await runCli(['migrate', '--blobs-to', 's3://docserve/prod', '--json', '--data', s.dataDir], {
    env,
  });
  expect(first.code).toBe(0);
  const r1 = JSON.parse(first.stdout);
  expect(r1).toMatchObject({ ok: true, failed: [], present: 0 });
  expect(r1.copied).toBe(r1.source);
  expect(r1.source).toBeGreaterThanOrEqual(docs.length);
  for (const d of docs) {
    const object = s3Client().file(`prod/${blobKey(d.sha256)}`);
    expect(sha(new Uint8Array(await object.arrayBuffer()))).toBe(d.sha256);
  }

  const again = JSON.parse(
    (await runCli(['migrate', '--blobs-to', 's3://docserve/prod', '--json', '--data', s.dataDir], { env }))
      .stdout,
  );
  expect(again).toMatchObject({ ok: true, copied: 0, present: r1.source });

  await s3Client()
    .file(`prod/${blobKey(docs[0]?.sha256 as string)}`)
    .write('tampered');
  const healed = JSON.parse(
    (await runCli(['migrate', '--blobs-to', 's3://docserve/prod', '--json', '--data', s.dataDir], { env }))
      .stdout,
  );
  expect(healed).toMatchObject({ ok: true, copied: 1, present: r1.source - 1 });
});

test('a server on the bucket serves the migrated files; check --verify is healthy there and finds a missing object', async () => {
  const config = loadConfig({ data: s.dataDir, blobs: 's3://docserve/prod' }, env);
  const check = await runCli(
    ['check', '--verify', '--json', '--blobs', 's3://docserve/prod', '--data', s.dataDir],
    { env },
  );
  expect(JSON.parse(check.stdout)).toMatchObject({ healthy: true, missingBlobs: [], corruptBlobs: [] });
  expect(check.code).toBe(0);
  await s.services.runner.stop();
  const other = createServices({ ...config, database: s.services.config.database });
  try {
    for (const d of docs)
      expect(sha(await (await other.documents.file(s.projectId, d.id)).bytes())).toBe(d.sha256);
  } finally {
    await other.close();
  }
  const gone = docs[2]?.sha256 as string;
  const bytes = new Uint8Array(
    await s3Client()
      .file(`prod/${blobKey(gone)}`)
      .arrayBuffer(),
  );
  await s3Client()
    .file(`prod/${blobKey(gone)}`)
    .delete();
  const missing = await runCli(['check', '--json', '--blobs', 's3://docserve/prod', '--data', s.dataDir], {
    env,
  });
  expect(missing.code).toBe(1);
  expect(JSON.parse(missing.stdout).missingBlobs.map((m: { sha256: string }) => m.sha256)).toEqual([gone]);
  await s3Client()
    .file(`prod/${blobKey(gone)}`)
    .write(bytes);
});

test('backup reads the files from the bucket; restore with --blobs puts them in another prefix and keeps no local copy', async () => {
  const out = tempDir();
  try {
    const file = join(out.path, 'b.tar');
    const backup = await runCli(
      ['backup', file, '--json', '--blobs', 's3://docserve/prod', '--data', s.dataDir],
      { env },
    );
    expect(backup.code).toBe(0);
    const target = join(out.path, 'restored');
    const restore = await runCli(
      ['restore', file, '--json', '--blobs', 's3://docserve/restored', '--data', target],
      { env },
    );
    expect(restore.code).toBe(0);
    expect(existsSync(join(target, 'blobs'))).toBe(false);
    for (const d of docs) {
      const object = s3Client().file(`restored/${blobKey(d.sha256)}`);
      expect(sha(new Uint8Array(await object.arrayBuffer()))).toBe(d.sha256);
    }
    const r = createServices(loadConfig({ data: target, blobs: 's3://docserve/restored' }, env));
    try {
      for (const d of docs)
        expect(sha(await (await r.documents.file(s.projectId, d.id)).bytes())).toBe(d.sha256);
    } finally {
      await r.close();
    }
  } finally {
    out.cleanup();
  }
});
