import { afterEach, describe, expect, test } from 'bun:test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OcrPool, PageFailedError, type PoolOptions } from '../../../src/core/ocr/pool.ts';
import { encodePgm } from '../../../src/core/ocr/raster.ts';

const FAULT_WORKER = new URL('../../helpers/fault-worker.ts', import.meta.url).href;

let pool: OcrPool | undefined;
let spawned = 0;
afterEach(async () => {
  await pool?.close();
  pool = undefined;
});

function newPool(opts: Partial<PoolOptions> = {}): OcrPool {
  spawned = 0;
  pool = new OcrPool({
    size: 2,
    // A page's time includes starting its worker: only a hang may reach the limit on a loaded machine.
    pageTimeoutMs: 60_000,
    recycleAfterPages: 100,
    recycleAboveBytes: 1e12,
    spawn: () => {
      spawned++;
      return new Worker(FAULT_WORKER);
    },
    ...opts,
  });
  return pool;
}

const page = (width: number, height: number) => ({
  image: encodePgm({ width, height, data: new Uint8Array(width * height).fill(255) }),
  lang: 'tha+eng',
  detectOrientation: false,
});

describe('OCR worker pool', () => {
  test('starts no worker before the first page, then at most `size`', async () => {
    const p = newPool();
    expect(p.status()).toMatchObject({ workers: 2, started: 0, busy: 0 });
    const replies = await Promise.all([1, 2, 3, 4, 5].map((i) => p.run(page(100 + i, 50))));
    expect(replies.map((r) => r.text)).toEqual(['101 x 50', '102 x 50', '103 x 50', '104 x 50', '105 x 50']);
    expect(spawned).toBe(2);
    expect(p.status()).toMatchObject({ started: 2, busy: 0, queued: 0, pages: 5, restarts: 0 });
  });

  test('a crashing worker is replaced and the page retried once, then the page fails', async () => {
    const p = newPool();
    const failed = await p.run(page(50, 100)).catch((e) => e);
    expect(failed).toBeInstanceOf(PageFailedError);
    expect(failed.message).toContain('crashed');
    expect(failed.message).toContain('tried twice');
    expect(p.status().restarts).toBe(2);
    expect((await p.run(page(120, 60))).text).toBe('120 x 60');
  });

  test('a page that crashes its worker once succeeds on the retry', async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'fault-')), 'marker');
    const p = newPool();
    expect((await p.run({ ...page(79, 40), lang: marker })).text).toBe('79 x 40');
    expect(p.status().restarts).toBe(1);
  });

  test('a hung worker is abandoned after the page timeout and replaced', async () => {
    // The replacement worker must start and answer the next page within the same limit, so it is not
    // a few hundred milliseconds; the hung page costs it twice (it is retried once).
    const p = newPool({ pageTimeoutMs: 5_000 });
    const failed = await p.run(page(77, 40)).catch((e) => e);
    expect(failed).toBeInstanceOf(PageFailedError);
    expect(failed.message).toContain('took longer than');
    expect((await p.run(page(130, 60))).text).toBe('130 x 60');
  });

  test('with no page timeout (0) a page is never abandoned', async () => {
    const p = newPool({ pageTimeoutMs: 0 });
    expect((await p.run(page(140, 60))).text).toBe('140 x 60');
    expect(p.status().restarts).toBe(0);
  });

  test('a page the worker rejects fails at once, without a retry', async () => {
    const p = newPool();
    const failed = await p.run(page(78, 40)).catch((e) => e);
    expect(failed).toBeInstanceOf(PageFailedError);
    expect(failed.message).toContain('simulated tesseract failure');
    expect(p.status().restarts).toBe(0);
  });

  test('workers are recycled after a page count or above a heap size', async () => {
    const p = newPool({ size: 1, recycleAfterPages: 2 });
    for (let i = 0; i < 5; i++) await p.run(page(100 + i, 50));
    expect(spawned).toBe(3);
    await p.close();
    const q = newPool({ size: 1, recycleAboveBytes: 500 });
    for (let i = 0; i < 3; i++) await q.run(page(100 + i, 50));
    expect(spawned).toBe(3);
  });

  test('closing fails queued pages and refuses new ones', async () => {
    const p = newPool({ size: 1, pageTimeoutMs: 5_000 });
    const hung = p.run(page(77, 40)).catch((e) => e);
    const queued = p.run(page(100, 50)).catch((e) => e);
    await Bun.sleep(50);
    await p.close();
    expect(String(await queued)).toContain('closed');
    expect(await hung).toBeInstanceOf(Error);
    expect(String(await p.run(page(100, 50)).catch((e) => e))).toContain('closed');
  });

  test('5,000 queued pages drain with a steady worker count, recycling included', async () => {
    const p = newPool({ recycleAfterPages: 250 });
    const seen = new Set<number>();
    const sampler = setInterval(() => {
      const s = p.status();
      if (s.queued > 0) seen.add(s.started);
    }, 1);
    const widths = Array.from({ length: 5000 }, (_, i) => 100 + (i % 500));
    const replies = await Promise.all(widths.map((w) => p.run(page(w, 10))));
    clearInterval(sampler);
    expect(replies.map((r) => r.text)).toEqual(widths.map((w) => `${w} x 10`));
    // Never more than 2 at once; while a recycled worker's replacement starts, a busy machine may see 1.
    expect(Math.max(...seen)).toBe(2);
    expect(p.status()).toMatchObject({ started: 2, queued: 0, pages: 5000, restarts: 0 });
    // Recycled after every 250 pages: about 5000 / 250 workers in all, never more than 2 at once.
    expect(spawned).toBeGreaterThanOrEqual(20);
    expect(spawned).toBeLessThanOrEqual(22);
  });
});
