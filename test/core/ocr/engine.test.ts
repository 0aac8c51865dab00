import { afterAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { TesseractEngine } from '../../../src/core/ocr/engine.ts';
import type { EngineKind } from '../../../src/core/ocr/native.ts';
import type { FileRef, PageResult } from '../../../src/core/ocr/types.ts';
import { AppError } from '../../../src/errors.ts';
import { cer, FIXTURES, orderFreeError, truth } from '../../helpers/cer.ts';
import { ocrEngines, testEngine } from '../../helpers/ocr-engines.ts';
import { bombPng } from '../../helpers/files.ts';
import { tempDir } from '../../helpers/server.ts';

// Real OCR on a busy 2-core machine: the limit only catches a hang.
setDefaultTimeout(600_000);

const newEngine = (engine: EngineKind = 'embedded') => testEngine(engine, 2);
const engine = newEngine();
const dir = tempDir('ocr-engine-');
afterAll(async () => {
  await engine.close();
  dir.cleanup();
});

const MIME: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  pdf: 'application/pdf',
  tiff: 'image/tiff',
};
const fixture = (name: string): FileRef => ({
  path: `${FIXTURES}/${name}`,
  mime: MIME[name.split('.').pop() as string] as string,
});

function expectReads(pages: PageResult[], name: string, maxCer: number) {
  const expected = truth(name);
  expect(pages.map((p) => p.page)).toEqual(expected.map((_, i) => i + 1));
  pages.forEach((p, i) => {
    expect(p.error).toBeUndefined();
    expect(cer(p.text, expected[i] as string)).toBeLessThan(maxCer);
  });
}

/** Every word box lies inside the page, and words carry text and a 0..1 confidence. */
function expectLayout(page: PageResult) {
  const words = page.blocks.flatMap((b) => b.lines.flatMap((l) => l.words));
  expect(words.length).toBeGreaterThan(5);
  for (const w of words) {
    expect(w.text.trim()).not.toBe('');
    expect(w.confidence).toBeGreaterThanOrEqual(0);
    expect(w.confidence).toBeLessThanOrEqual(1);
    expect(w.bbox[0]).toBeGreaterThanOrEqual(0);
    expect(w.bbox[1]).toBeGreaterThanOrEqual(0);
    expect(w.bbox[2]).toBeLessThanOrEqual(page.width + 2);
    expect(w.bbox[3]).toBeLessThanOrEqual(page.height + 2);
    expect(w.bbox[2]).toBeGreaterThan(w.bbox[0]);
  }
}

describe.each(ocrEngines())('TesseractEngine on real scans, %s engine', (kind) => {
  const engine = newEngine(kind);
  afterAll(() => engine.close());

  test('a Thai + English scan: normalized text, confidence and word boxes', async () => {
    const progress: [number, number][] = [];
    const [page] = await engine.recognize(fixture('thai-scan.png'), {
      onPage: (_p, done, total) => progress.push([done, total]),
    });
    const p = page as PageResult;
    expect(p.source).toBe('ocr');
    expect([p.width, p.height]).toEqual([1546, 553]);
    expect(cer(p.text, truth('thai-scan.png')[0] as string)).toBeLessThan(0.05);
    expect(p.text).toContain('Total amount due: 12,450.00 THB');
    expect(p.text).not.toMatch(/\u0E4D\u0E32/);
    // Thai phrases keep the spaces the document has between them, and only those
    expect(p.text.split('\n')).toContain(truth('thai-scan.png')[0]?.split('\n')[1] as string);
    expect(p.rawText.length).toBeGreaterThan(0);
    expect(p.confidence).toBeGreaterThan(0.7);
    expectLayout(p);
    const invoice = p.blocks
      .flatMap((b) => b.lines.flatMap((l) => l.words))
      .find((w) => w.text.includes('12,450.00'));
    expect(invoice?.bbox[0]).toBeGreaterThan(400);
    expect(progress).toEqual([[1, 1]]);
  });

  test('a page scanned sideways is turned upright before recognition', async () => {
    const [p] = (await engine.recognize(fixture('rotated-scan.png'))) as [PageResult];
    expect(Math.round((p.rotation as number) / 90) * 90).toBe(270);
    expect([p.width, p.height]).toEqual([1546, 553]);
    expect(cer(p.text, truth('rotated-scan.png')[0] as string)).toBeLessThan(0.18);
    expect(p.text).toContain('Monthly rent');
    expectLayout(p);
  });

  test('a text-layer PDF is read without OCR in auto mode, and OCRed in force mode', async () => {
    const started = engine.status().pages;
    const [text] = (await engine.recognize(fixture('text-layer.pdf'))) as [PageResult];
    expect(text.source).toBe('text-layer');
    expect(text.confidence).toBeNull();
    expect(engine.status().pages).toBe(started);
    expect(cer(text.text, truth('text-layer.pdf')[0] as string)).toBeLessThan(0.01);
    expect([text.width, text.height]).toEqual([1538, 533]);
    expectLayout(text);

    const [forced] = (await engine.recognize(fixture('text-layer.pdf'), { mode: 'force' })) as [PageResult];
    expect(forced.source).toBe('ocr');
    expect(engine.status().pages).toBe(started + 1);
    expect(cer(forced.text, truth('text-layer.pdf')[0] as string)).toBeLessThan(0.05);
  });

  test('a scanned PDF is OCRed from its embedded image; boxes are in 300 dpi page units', async () => {
    const [p] = (await engine.recognize(fixture('scanned.pdf'))) as [PageResult];
    expect(p.source).toBe('ocr');
    expect(p.timings?.recognize).toBeGreaterThan(0);
    expect([p.width, p.height]).toEqual([1546, 553]);
    expect(cer(p.text, truth('scanned.pdf')[0] as string)).toBeLessThan(0.05);
    expectLayout(p);
  });

  test('a mixed PDF page by page; `pages` picks pages; skip mode never OCRs', async () => {
    const pages = await engine.recognize(fixture('mixed.pdf'));
    expect(pages.map((p) => p.source)).toEqual(['text-layer', 'ocr']);
    expectReads(pages, 'mixed.pdf', 0.05);

    const only = await engine.recognize(fixture('mixed.pdf'), { pages: [1] });
    expect(only.map((p) => [p.page, p.source])).toEqual([[1, 'text-layer']]);

    const skipped = await engine.recognize(fixture('mixed.pdf'), { mode: 'skip' });
    expect(skipped.map((p) => p.source)).toEqual(['text-layer', 'none']);
    expect(skipped[1]?.text).toBe('');

    const missing = await engine.recognize(fixture('mixed.pdf'), { pages: [3] }).catch((e) => e);
    expect(missing).toBeInstanceOf(AppError);
    expect(missing.code).toBe('bad_request');
  });

  test('a table scan keeps every row, in reading order (the file declares 300 dpi: tesseract does not guess)', async () => {
    const [p] = (await engine.recognize(fixture('thai-table.jpg'))) as [PageResult];
    const expected = truth('thai-table.jpg')[0] as string;
    expect(orderFreeError(p.text, expected)).toBeLessThan(0.06);
    for (const item of ['ข้าวหอมมะลิ', 'หมึกพิมพ์เลเซอร์', 'แฟ้มเอกสาร']) expect(p.text).toContain(item);
    const lines = p.text.split('\n');
    const rowOf = (s: string) => lines.findIndex((l) => l.includes(s));
    const rows = ['กระดาษถ่ายเอกสาร', 'หมึกพิมพ์', 'แฟ้มเอกสาร', 'ปากกาลูกลื่น', 'สแตนเลส', 'ข้าวหอมมะลิ'].map(rowOf);
    expect(rows.every((r) => r >= 0)).toBe(true);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    // Each row reads across: its item and its amount on one line.
    expect(lines[rowOf('แฟ้มเอกสาร')]).toContain('3,204.00');
    expectLayout(p);
  });

  test('every page of a multi-page TIFF', async () => {
    expectReads(await engine.recognize(fixture('multipage.tiff')), 'multipage.tiff', 0.08);
  });
});

describe('TesseractEngine refuses bad input clearly', () => {
  const reason = async (file: FileRef, opts = {}) => {
    const err = await engine.recognize(file, opts).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    return [err.code, err.details?.reason, err.message];
  };

  test('encrypted, truncated and corrupt PDFs', async () => {
    const [code, why, message] = await reason(fixture('encrypted.pdf'));
    expect([code, why]).toEqual(['invalid_file', 'encrypted_pdf']);
    expect(message).toContain('encrypted');
    expect((await reason(fixture('truncated.pdf'))).slice(0, 2)).toEqual(['invalid_file', 'truncated_pdf']);
    expect((await reason(fixture('corrupt.pdf'))).slice(0, 2)).toEqual(['invalid_file', 'corrupt_pdf']);
  });

  test('an image bomb is refused before decoding', async () => {
    const path = join(dir.path, 'bomb.png');
    writeFileSync(path, bombPng(30000, 30000));
    const [code, why, message] = await reason({ path, mime: 'image/png' });
    expect([code, why]).toEqual(['invalid_file', 'image_too_large']);
    expect(message).toContain('30000x30000');
  });

  test('an unknown language and a file that is no image', async () => {
    expect((await reason(fixture('thai-scan.png'), { lang: 'tha+klingon' }))[0]).toBe('bad_request');
    expect((await reason({ path: `${FIXTURES}/truth.json`, mime: 'application/json' }))[0]).toBe(
      'unsupported_media_type',
    );
  });
});

describe('a page that cannot be read', () => {
  test('gets an error while the rest of the document completes', async () => {
    const doc = await PDFDocument.create();
    for (const [w, h] of [
      [300, 100],
      [100, 300],
      [310, 100],
    ] as const) {
      const page = doc.addPage([(w * 72) / 300, (h * 72) / 300]);
      const png = await doc.embedPng(await blankPng(w, h));
      page.drawImage(png, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() });
    }
    const path = join(dir.path, 'three.pdf');
    writeFileSync(path, await doc.save());
    const faulty = new TesseractEngine({
      workers: 1,
      pageTimeoutMs: 60_000, // no page hangs here: the limit only has to cover starting the worker
      lang: 'tha+eng',
      maxPixels: 1e8,
      spawn: () => new Worker(new URL('../../helpers/fault-worker.ts', import.meta.url).href),
    });
    try {
      const pages = await faulty.recognize({ path, mime: 'application/pdf' });
      expect(pages.map((p) => p.text)).toEqual(['300 x 100', '', '310 x 100']);
      expect(pages[1]?.error).toContain('crashed');
      expect(pages[0]?.error).toBeUndefined();
    } finally {
      await faulty.close();
    }
  });
});

async function blankPng(width: number, height: number): Promise<Uint8Array> {
  const { createCanvas } = await import('@napi-rs/canvas');
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  return canvas.encode('png');
}
