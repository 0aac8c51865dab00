import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { TesseractEngine } from '../../../src/core/ocr/engine.ts';
import type { FileRef, PageResult } from '../../../src/core/ocr/types.ts';
import { buildSearchablePdf } from '../../../src/core/pdf/searchable.ts';
import { cer, FIXTURES, truth } from '../../helpers/cer.ts';
import { tempDir } from '../../helpers/server.ts';

// Real OCR on a busy 2-core machine: the limit only catches a hang.
setDefaultTimeout(600_000);

const engine = new TesseractEngine({
  workers: 2,
  pageTimeoutMs: 120_000,
  lang: 'tha+eng',
  maxPixels: 50_000_000,
});
const dir = tempDir('searchable-');
const results = new Map<string, PageResult[]>();
const ref = (name: string): FileRef => ({
  path: `${FIXTURES}/${name}`,
  mime: name.endsWith('.pdf') ? 'application/pdf' : 'image/png',
});

beforeAll(async () => {
  await Promise.all(
    ['mixed.pdf', 'rotated-scan.png'].map(async (name) =>
      results.set(name, await engine.recognize(ref(name))),
    ),
  );
});
afterAll(async () => {
  await engine.close();
  dir.cleanup();
});

/** Writes the PDF and reads its text layer back (no OCR). */
async function readBack(bytes: Uint8Array, name: string): Promise<PageResult[]> {
  const path = join(dir.path, name);
  writeFileSync(path, bytes);
  return engine.recognize({ path, mime: 'application/pdf' }, { mode: 'skip' });
}

describe('searchable PDF', () => {
  test('scanned pages get an invisible text layer; text-layer pages are copied untouched', async () => {
    const pages = results.get('mixed.pdf') as PageResult[];
    const bytes = await buildSearchablePdf(ref('mixed.pdf'), pages);
    const back = await readBack(bytes, 'mixed-searchable.pdf');
    expect(back.map((p) => p.source)).toEqual(['text-layer', 'text-layer']);
    expect(back[0]?.text).toBe(pages[0]?.text as string);
    expect(cer(back[1]?.text as string, truth('mixed.pdf')[1] as string)).toBeLessThan(0.05);

    const original = await PDFDocument.load(await Bun.file(`${FIXTURES}/mixed.pdf`).bytes());
    const out = await PDFDocument.load(bytes);
    expect(out.getPages().map((p) => [p.getWidth(), p.getHeight()])).toEqual(
      original.getPages().map((p) => [p.getWidth(), p.getHeight()]),
    );
    const fonts = (n: number) => out.getPage(n).node.Resources()?.toString() ?? '';
    expect(fonts(0)).not.toContain('GlyphLessFont');
    expect(fonts(1)).toContain('GlyphLessFont');
  });

  test('only the requested pages, in order', async () => {
    const pages = (results.get('mixed.pdf') as PageResult[]).slice(1);
    const out = await PDFDocument.load(await buildSearchablePdf(ref('mixed.pdf'), pages));
    expect(out.getPageCount()).toBe(1);
  });

  test('an image scanned sideways becomes an upright page whose text can be searched', async () => {
    const pages = results.get('rotated-scan.png') as PageResult[];
    const bytes = await buildSearchablePdf(ref('rotated-scan.png'), pages);
    const out = await PDFDocument.load(bytes);
    const page = out.getPage(0);
    expect(page.getWidth()).toBeGreaterThan(page.getHeight());
    const [back] = await readBack(bytes, 'rotated-searchable.pdf');
    expect(back?.source).toBe('text-layer');
    expect(cer(back?.text as string, truth('rotated-scan.png')[0] as string)).toBeLessThan(0.18);
    // Words land where OCR saw them (300 dpi units both ways).
    const ocrWord = pages[0]?.blocks[0]?.lines[0]?.words[0];
    const backWord = back?.blocks[0]?.lines[0]?.words[0];
    expect(Math.abs((backWord?.bbox[0] as number) - (ocrWord?.bbox[0] as number))).toBeLessThan(10);
  });
});

describe('searchable PDF from results that lost their rotation', () => {
  test('a turned page gets no misplaced text layer', async () => {
    const pages = (results.get('rotated-scan.png') as PageResult[]).map(({ rotation: _, ...p }) => p);
    const out = await PDFDocument.load(await buildSearchablePdf(ref('rotated-scan.png'), pages));
    expect(out.getPageCount()).toBe(1);
    expect(out.getPage(0).node.Resources()?.toString() ?? '').not.toContain('GlyphLessFont');
  });
});
