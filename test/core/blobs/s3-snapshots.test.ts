/**
 * Index snapshots shared in a bucket (s3rver): the pointer names the newest publication, older ones are
 * pruned (all but the previous newest), and a download whose bytes differ from what was published is
 * refused without leaving a file behind.
 */
import { afterAll, beforeAll, expect, test } from 'bun:test';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { S3Client } from 'bun';
import { S3Snapshots } from '../../../src/core/blobs/s3-snapshots.ts';
import { startTestS3, type TestS3 } from '../../helpers/s3.ts';
import { tempDir } from '../../helpers/server.ts';

let s3: TestS3;
let dir: ReturnType<typeof tempDir>;
let bucket: S3Client;
beforeAll(async () => {
  s3 = await startTestS3();
  dir = tempDir();
  bucket = new S3Client({
    bucket: s3.bucket,
    endpoint: s3.endpoint,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
  });
});
afterAll(async () => {
  await s3.stop();
  dir.cleanup();
});

const keys = async () =>
  ((await bucket.list({ prefix: 'p/index/' })).contents ?? []).map((o) => o.key).sort();

test('the newest publication is fetched whole; older ones are pruned; altered bytes are refused', async () => {
  const store = new S3Snapshots({
    bucket: s3.bucket,
    prefix: 'p',
    endpoint: s3.endpoint,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
  });
  const target = join(dir.path, 'search.snapshot');
  expect(await store.fetch(target)).toBeUndefined();

  const names: string[] = [];
  for (const [i, at] of [1000, 2000, 3000].entries()) {
    const file = join(dir.path, `s${i}`);
    writeFileSync(file, `snapshot ${i} `.repeat(1000));
    names.push((await store.publish(file, at)).name);
  }
  expect(names[2]).toMatch(/^search-3000-[0-9a-f]{16}\.snapshot$/);
  expect(await keys()).toEqual(['p/index/latest.json', `p/index/${names[1]}`, `p/index/${names[2]}`]);

  const older = join(dir.path, 'older');
  writeFileSync(older, 'an older snapshot');
  await store.publish(older, 1500);
  expect(JSON.parse(await bucket.file('p/index/latest.json').text()).name).toBe(names[2]);

  expect(await store.fetch(target)).toMatchObject({ name: names[2], createdAt: 3000, bytes: 11_000 });
  expect(readFileSync(target, 'utf8')).toBe('snapshot 2 '.repeat(1000));

  await bucket.file(`p/index/${names[2]}`).write('snapshot 2 truncated');
  const elsewhere = join(dir.path, 'elsewhere');
  await expect(store.fetch(elsewhere)).rejects.toThrow('published as');
  expect(existsSync(elsewhere)).toBe(false);
  expect(existsSync(`${elsewhere}.download.tmp`)).toBe(false);
});
