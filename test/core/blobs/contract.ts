/**
 * The blob port's contract: one suite, run against every driver (./local.test.ts, ./s3.test.ts). The
 * expected hashes are computed with node:crypto from the bytes the test wrote, not by the drivers.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BlobStorage, StagedFile } from '../../../src/core/blobs/port.ts';

export interface BlobDriverFactory {
  name: string;
  /** A fresh, empty store; `tmpDir` is where the driver may put the copies `withFile` hands out. */
  open(tmpDir: string): Promise<{ store: BlobStorage; close(): Promise<void> }>;
}

const sha = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest('hex');

/** Runs the contract against one driver. */
export function blobContract(factory: BlobDriverFactory): void {
  describe(`${factory.name}: blob store contract`, () => {
    let dir: string;
    let store: BlobStorage;
    let close: () => Promise<void>;
    let n = 0;
    const stage = (bytes: Uint8Array | string): StagedFile => {
      const tmpPath = join(dir, 'staged', `f${++n}`);
      writeFileSync(tmpPath, bytes);
      return { tmpPath, sha256: sha(bytes), size: Buffer.byteLength(bytes) };
    };
    const copiesLeft = () => readdirSync(join(dir, 'copies')).length;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'docserve-blob-contract-'));
      for (const sub of ['staged', 'copies']) mkdirSync(join(dir, sub));
      ({ store, close } = await factory.open(join(dir, 'copies')));
    });
    afterAll(async () => {
      await close();
      rmSync(dir, { recursive: true, force: true });
    });

    test('a staged file is stored under its hash, read back byte for byte, and the staged copy is gone', async () => {
      const text = 'ใบกำกับภาษี เลขที่ INV-2569/001 ยอดรวม 1,250.00 บาท';
      const staged = stage(text);
      await store.put(staged);
      expect(existsSync(staged.tmpPath)).toBe(false);
      const before = Date.now();
      expect(await store.stat(staged.sha256)).toMatchObject({ size: Buffer.byteLength(text) });
      const { modifiedAt } = (await store.stat(staged.sha256)) ?? { modifiedAt: 0 };
      expect(Math.abs(modifiedAt - before)).toBeLessThan(10 * 60_000);
      expect(Buffer.from(await store.bytes(staged.sha256)).toString('utf8')).toBe(text);
      expect(await new Response(await store.stream(staged.sha256)).text()).toBe(text);
    });

    test('putting the same bytes again keeps one blob and drops the staged copy', async () => {
      const a = stage('same bytes');
      const b = stage('same bytes');
      await store.put(a);
      await store.put(b);
      expect(existsSync(b.tmpPath)).toBe(false);
      expect([...(await listAll(store))].filter((h) => h === a.sha256)).toHaveLength(1);
    });

    test('absent blobs: stat is undefined, reads are not_found, delete is a no-op', async () => {
      const missing = sha('never stored');
      expect(await store.stat(missing)).toBeUndefined();
      await expect(store.bytes(missing)).rejects.toMatchObject({ code: 'not_found' });
      await expect(store.stream(missing)).rejects.toMatchObject({ code: 'not_found' });
      await expect(store.withFile(missing, async () => 1)).rejects.toMatchObject({ code: 'not_found' });
      await store.delete(missing);
    });

    test('withFile hands a readable local file holding the blob; no copy outlives the callback', async () => {
      const bytes = new Uint8Array(70_000).map((_, i) => (i * 7) % 256);
      const staged = stage(bytes);
      await store.put(staged);
      const seen = await store.withFile(staged.sha256, async (path) => sha(readFileSync(path)));
      expect(seen).toBe(staged.sha256);
      await expect(
        store.withFile(staged.sha256, async () => {
          throw new Error('library failed');
        }),
      ).rejects.toThrow('library failed');
      expect(copiesLeft()).toBe(0);
    });

    test('a 12 MB file (a multipart upload where the driver has them) round-trips intact', async () => {
      const bytes = new Uint8Array(12 * 1024 * 1024);
      for (let i = 0; i < bytes.length; i += 4096) bytes[i] = (i / 4096) % 256;
      const staged = stage(bytes);
      await store.put(staged);
      expect(await store.stat(staged.sha256)).toMatchObject({ size: bytes.length });
      expect(sha(await store.bytes(staged.sha256))).toBe(staged.sha256);
    });

    test('a byte range streams exactly those bytes (inclusive end, multi-byte Thai cut mid-character)', async () => {
      const text = 'เลขประจำตัวผู้เสียภาษี 0105556000000';
      const bytes = Buffer.from(text);
      const staged = stage(text);
      await store.put(staged);
      const read = async (start: number, end: number) =>
        Buffer.from(await new Response(await store.stream(staged.sha256, { start, end })).arrayBuffer());
      expect(await read(0, 0)).toEqual(bytes.subarray(0, 1));
      expect(await read(4, 10)).toEqual(bytes.subarray(4, 11));
      expect(await read(bytes.length - 5, bytes.length - 1)).toEqual(bytes.subarray(bytes.length - 5));
      expect(Buffer.from(await new Response(await store.stream(staged.sha256)).arrayBuffer())).toEqual(bytes);
    });

    test('list yields every stored hash once; delete removes a blob', async () => {
      const hashes: string[] = [];
      for (const word of ['หนึ่ง', 'สอง', 'สาม']) {
        const staged = stage(`list ${word}`);
        hashes.push(staged.sha256);
        await store.put(staged);
      }
      const listed = await listAll(store);
      for (const h of hashes) expect(listed.has(h)).toBe(true);
      await store.delete(hashes[0] as string);
      expect(await store.stat(hashes[0] as string)).toBeUndefined();
      expect((await listAll(store)).has(hashes[0] as string)).toBe(false);
    });
  });
}

async function listAll(store: BlobStorage): Promise<Set<string>> {
  const all: string[] = [];
  for await (const h of store.list()) all.push(h);
  expect(new Set(all).size).toBe(all.length);
  return new Set(all);
}
