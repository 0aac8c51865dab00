import { describe, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { BlobStore } from '../../src/core/blobs.ts';
import { AppError } from '../../src/errors.ts';
import { tempDir } from '../helpers/server.ts';

async function* chunks(...parts: string[]) {
  for (const p of parts) yield new TextEncoder().encode(p);
}

describe('content-addressed blob store', () => {
  test('stages while hashing, commits by rename, de-duplicates', async () => {
    const dir = tempDir();
    try {
      const store = new BlobStore(dir.path);
      await store.init();
      const a = await store.stage(chunks('สวัสดี ', 'world'));
      expect(a.sha256).toBe(createHash('sha256').update('สวัสดี world').digest('hex'));
      expect(a.size).toBe(Buffer.byteLength('สวัสดี world'));
      await store.commit(a);
      expect(new TextDecoder().decode(await store.bytes(a.sha256))).toBe('สวัสดี world');
      const b = await store.stage(chunks('สวัสดี world'));
      await store.commit(b);
      expect(b.sha256).toBe(a.sha256);
      expect(await store.withFile(a.sha256, async (p) => readFileSync(p, 'utf8'))).toBe('สวัสดี world');
      expect(readdirSync(store.tmpDir)).toEqual([]);
      const listed: string[] = [];
      for await (const sha of store.list()) listed.push(sha);
      expect(listed).toEqual([a.sha256]);
    } finally {
      dir.cleanup();
    }
  });

  test('too large: 413 and the partial file is gone', async () => {
    const dir = tempDir();
    try {
      const store = new BlobStore(dir.path);
      await store.init();
      const err = await store.stage(chunks('12345', '67890'), 7).catch((e) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err.code).toBe('payload_too_large');
      expect(readdirSync(store.tmpDir)).toEqual([]);
    } finally {
      dir.cleanup();
    }
  });

  test('disk full mid-write: a clear 503-class error and nothing half-stored', async () => {
    const dir = tempDir();
    try {
      const enospc = Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
      const store = new BlobStore(dir.path, {
        open: async (p, flags) => {
          const fh = await open(p, flags);
          let writes = 0;
          return new Proxy(fh, {
            get(target, prop) {
              if (prop === 'write')
                return async (...args: unknown[]) => {
                  if (++writes > 1) throw enospc;
                  return (target.write as (...a: unknown[]) => unknown)(...args);
                };
              const v = Reflect.get(target, prop);
              return typeof v === 'function' ? v.bind(target) : v;
            },
          });
        },
        rename: async () => {},
      });
      await store.init();
      const err = await store.stage(chunks('first', 'second')).catch((e) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err.code).toBe('unavailable');
      expect(err.message).toMatch(/out of disk space/);
      expect(readdirSync(store.tmpDir)).toEqual([]);
    } finally {
      dir.cleanup();
    }
  });

  test('a failed rename leaves neither blob nor temp file', async () => {
    const dir = tempDir();
    try {
      const eio = Object.assign(new Error('EIO'), { code: 'EIO' });
      const store = new BlobStore(dir.path, {
        open: (p, f) => open(p, f),
        rename: async () => {
          throw eio;
        },
      });
      await store.init();
      const staged = await store.stage(chunks('data'));
      const err = await store.commit(staged).catch((e) => e);
      expect(err.code).toBe('unavailable');
      expect(await store.exists(staged.sha256)).toBe(false);
      expect(readdirSync(store.tmpDir)).toEqual([]);
    } finally {
      dir.cleanup();
    }
  });
});
