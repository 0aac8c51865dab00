import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { Database } from 'bun:sqlite';
import { readdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { BlobFs } from '../../src/core/blobs.ts';
import { reliability } from '../helpers/reliability.ts';
import { form, startTestServer, type TestServer } from '../helpers/server.ts';

function countBlobs(dataDir: string): number {
  const root = join(dataDir, 'blobs');
  let n = 0;
  for (const a of readdirSync(root))
    for (const b of readdirSync(join(root, a))) n += readdirSync(join(root, a, b)).length;
  return n;
}

/** A file system whose writes fail with `code` while `broken.on` is set. */
function flakyFs(code: string, broken: { on: boolean }): BlobFs {
  return {
    open: async (p, flags) => {
      const fh = await open(p, flags);
      return new Proxy(fh, {
        get(target, prop) {
          if (prop === 'write' && broken.on)
            return async () => {
              throw Object.assign(new Error(`${code}: injected`), { code });
            };
          const v = Reflect.get(target, prop);
          return typeof v === 'function' ? v.bind(target) : v;
        },
      });
    },
    rename: (a, b) => import('node:fs/promises').then((fs) => fs.rename(a, b)),
  };
}

describe('disk faults during ingest', () => {
  for (const [code, message] of [
    ['ENOSPC', /out of disk space/],
    ['EIO', /could not write/],
  ] as const) {
    test(`${code}: the upload fails cleanly with 503 and nothing is half-stored`, async () => {
      const broken = { on: false };
      const s = await startTestServer({ overrides: { blobFs: flakyFs(code, broken) } });
      try {
        broken.on = true;
        reliability.faultsInjected++;
        const res = await s.fetch('/api/v1/documents', {
          method: 'POST',
          body: form({ name: 'a.txt', content: 'x'.repeat(200_000) }),
        });
        expect(res.status).toBe(503);
        const body = await res.json();
        expect(body.error.code).toBe('unavailable');
        expect(body.error.message).toMatch(message);
        expect(countBlobs(s.dataDir)).toBe(0);
        expect(readdirSync(join(s.dataDir, 'tmp'))).toEqual([]);
        expect((await (await s.fetch('/api/v1/documents')).json()).meta.total).toBe(0);
        broken.on = false;
        const ok = await s.fetch('/api/v1/documents', {
          method: 'POST',
          body: form({ name: 'a.txt', content: 'after the fault' }),
        });
        expect(ok.status).toBe(201);
      } finally {
        await s.close();
      }
    });
  }
});

describe('database busy', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer({ config: (c) => (c.dbBusyTimeoutMs = 100) });
  });
  afterAll(() => s.close());

  test('a write blocked by another writer answers 503 with Retry-After, keeps nothing, and reads still work', async () => {
    const locker = new Database(join(s.dataDir, 'docserve.db'));
    locker.exec('PRAGMA busy_timeout = 1000');
    locker.exec('BEGIN IMMEDIATE');
    locker.exec("INSERT INTO settings VALUES ('lock-holder', '1')");
    reliability.faultsInjected++;
    try {
      const res = await s.fetch('/api/v1/documents', {
        method: 'POST',
        body: form({ name: 'busy.txt', content: 'while locked' }),
      });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('1');
      expect((await res.json()).error.message).toMatch(/busy/);
      const read = await s.fetch('/api/v1/documents');
      expect(read.status).toBe(200);
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    expect(countBlobs(s.dataDir)).toBe(0);
    expect(readdirSync(join(s.dataDir, 'tmp'))).toEqual([]);
    const ok = await s.fetch('/api/v1/documents', {
      method: 'POST',
      body: form({ name: 'busy.txt', content: 'while locked' }),
    });
    expect(ok.status).toBe(201);
  });
});
