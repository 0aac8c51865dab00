import { describe, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from 'bun';
import { S3Blobs } from '../../../src/core/blobs/s3.ts';
import { startTestS3 } from '../../helpers/s3.ts';
import { blobContract } from './contract.ts';

blobContract({
  name: 's3',
  async open(tmpDir) {
    const s3 = await startTestS3();
    const store = new S3Blobs({ ...s3, prefix: 'docserve', tmpDir, partSize: 5 * 1024 * 1024 });
    return { store, close: () => s3.stop() };
  },
});

describe('s3: what only the object-store driver promises', () => {
  test('blobs live under the prefix; other keys in the bucket are not blobs', async () => {
    const s3 = await startTestS3();
    const dir = mkdtempSync(join(tmpdir(), 'docserve-s3-prefix-'));
    try {
      const store = new S3Blobs({ ...s3, prefix: 'tenant-a/', tmpDir: dir });
      const text = 'หนังสือรับรอง';
      const sha256 = createHash('sha256').update(text).digest('hex');
      writeFileSync(join(dir, 'staged'), text);
      await store.put({ tmpPath: join(dir, 'staged'), sha256, size: Buffer.byteLength(text) });
      const raw = new S3Client(s3);
      expect(await raw.file(`tenant-a/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`).text()).toBe(
        text,
      );
      await raw.write(`tenant-b/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${'f'.repeat(64)}`, 'other');
      await raw.write('tenant-a/notes.txt', 'not a blob');
      const listed: string[] = [];
      for await (const h of store.list()) listed.push(h);
      expect(listed).toEqual([sha256]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await s3.stop();
    }
  });

  test('a staged file whose bytes do not match its hash is refused and leaves no object behind', async () => {
    const s3 = await startTestS3();
    const dir = mkdtempSync(join(tmpdir(), 'docserve-s3-verify-'));
    try {
      const store = new S3Blobs({ ...s3, tmpDir: dir });
      const claimed = createHash('sha256').update('the bytes that were hashed').digest('hex');
      writeFileSync(join(dir, 'staged'), 'bytes changed on disk after hashing');
      await expect(
        store.put({ tmpPath: join(dir, 'staged'), sha256: claimed, size: 26 }),
      ).rejects.toMatchObject({ code: 'unavailable' });
      expect(await store.stat(claimed)).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await s3.stop();
    }
  });

  test('an unreachable object store is a clear unavailable error, not a crash', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'docserve-s3-down-'));
    try {
      const s3 = await startTestS3();
      await s3.stop();
      const store = new S3Blobs({ ...s3, tmpDir: dir });
      await expect(store.stat('a'.repeat(64))).rejects.toMatchObject({ code: 'unavailable' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
