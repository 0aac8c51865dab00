import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { copyFileSync, readFileSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { pixelToPage } from '../../../src/core/ocr/source.ts';
import { openPdfSourceIn } from '../../../src/core/processing/pdf-source.ts';
import { ProcessingPool } from '../../../src/core/processing/pool.ts';
import { AppError } from '../../../src/errors.ts';
import { tempDir } from '../../helpers/server.ts';

const FIXTURES = join(import.meta.dir, '../../fixtures/ocr');
const truth = JSON.parse(readFileSync(join(FIXTURES, 'truth.json'), 'utf8')) as Record<string, string[]>;
const MAX_PIXELS = 50_000_000;
const squash = (s: string) => s.replace(/\s+/g, '');

let dir: ReturnType<typeof tempDir>;
let pool: ProcessingPool;
beforeAll(() => {
  dir = tempDir();
  pool = new ProcessingPool({ size: 2 });
});
afterAll(async () => {
  await pool.close();
  dir.cleanup();
});

describe('PDF pages read in the processing workers', () => {
  test('text layers come back as the document has them, page by page', async () => {
    const source = await openPdfSourceIn(pool, join(FIXTURES, 'mixed.pdf'), MAX_PIXELS);
    expect(source.pageCount).toBe(2);
    const first = await source.text(1);
    expect(squash(first?.text ?? '')).toBe(squash(truth['mixed.pdf']?.[0] ?? 'missing truth'));
    expect(first?.source).toBe('text-layer');
    expect(await source.text(2)).toBeNull();
  });

  test('a scanned page comes back as gray pixels with their place on the page', async () => {
    const source = await openPdfSourceIn(pool, join(FIXTURES, 'scanned.pdf'), MAX_PIXELS);
    const image = await source.image(1);
    const gray = image.gray as { width: number; height: number; data: Uint8Array };
    // scanned.pdf holds thai-scan.png (1546x553) as its one image.
    expect([gray.width, gray.height]).toEqual([1546, 553]);
    expect(gray.data.length).toBe(1546 * 553);
    expect(gray.data.some((v) => v < 128)).toBe(true);
    const corner = image.toPage
      ? pixelToPage(image.toPage, [gray.width, gray.height])
      : [gray.width, gray.height];
    expect(corner[0]).toBeCloseTo(image.width, 0);
    expect(corner[1]).toBeCloseTo(image.height, 0);
  });

  test('a file that pdf.js refuses is invalid_file, with the reason kept across the thread boundary', async () => {
    const err = await openPdfSourceIn(pool, join(FIXTURES, 'corrupt.pdf'), MAX_PIXELS).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('invalid_file');
  });

  test('a file replaced at the same path is read again, not served from the open copy', async () => {
    const path = join(dir.path, 'doc.pdf');
    copyFileSync(join(FIXTURES, 'text-layer.pdf'), path);
    const before = await openPdfSourceIn(pool, path, MAX_PIXELS);
    expect(squash((await before.text(1))?.text ?? '')).toBe(
      squash(truth['text-layer.pdf']?.[0] ?? 'missing'),
    );
    copyFileSync(join(FIXTURES, 'scanned.pdf'), path);
    utimesSync(path, new Date(), new Date(Date.now() + 5_000));
    const after = await openPdfSourceIn(pool, path, MAX_PIXELS);
    expect(await after.text(1)).toBeNull();
  });
});
