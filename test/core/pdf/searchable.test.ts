import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import type { FileRef, PageResult } from '../../../src/core/ocr/types.ts';
import { buildSearchablePdf } from '../../../src/core/pdf/searchable.ts';
import { cer, FIXTURES, orderFreeError, truth } from '../../helpers/cer.ts';
import { testEngine } from '../../helpers/ocr-engines.ts';
import { tempDir } from '../../helpers/server.ts';

// Real OCR on a busy 2-core machine: the limit only catches a hang.
setDefaultTimeout(600_000);

const engine = testEngine('embedded', 2);
const dir = tempDir('searchable-');
const results = new Map<string, PageResult[]>();
const MIME: Record<string, string> = { pdf: 'application/pdf', png: 'image/png', jpg: 'image/jpeg' };
const ref = (name: string): FileRef => ({
  path: `${FIXTURES}/${name}`,
  mime: MIME[name.split('.').pop() as string] as string,
});

beforeAll(async () => {
  await Promise.all(
    ['mixed.pdf', 'rotated-scan.png', 'thai-table.jpg', 'thai-scan.png'].map(async (name) =>
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

/** Each page's text from poppler's `pdftotext` in its default mode (what most users run). */
function pdftotext(bytes: Uint8Array, name: string): string {
  const path = join(dir.path, name);
  writeFileSync(path, bytes);
  const p = Bun.spawnSync(['pdftotext', path, '-'], { stdout: 'pipe', stderr: 'pipe' });
  expect(p.exitCode).toBe(0);
  return p.stdout.toString();
}

/** Page 1's text as a plain pdf.js consumer reads it: items in order, a newline at each end of line. */
async function pdfjsText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
  const content = await (await doc.getPage(1)).getTextContent();
  await doc.destroy();
  return content.items.map((i) => ('str' in i ? `${i.str}${i.hasEOL ? '\n' : ''}` : '')).join('');
}

describe('the text layer reads back like the page', () => {
  /** Rows in reading order; `across`: each row's item and amount on one line (pdf.js keeps rows whole,
   * pdftotext's layout analysis may put a table's cells on lines of their own, still row by row). */
  const rowsInOrder = (text: string, across: boolean) => {
    const lines = text.split('\n');
    const at = (s: string) => lines.findIndex((l) => l.replace(/\s+/g, '').includes(s));
    const rows = ['กระดาษถ่ายเอกสาร', 'หมึกพิมพ์', 'แฟ้มเอกสาร', 'ปากกาลูกลื่น', 'สแตนเลส', 'ข้าวหอมมะลิ'].map(at);
    expect(rows.every((r) => r >= 0)).toBe(true);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    if (across) expect(lines[at('แฟ้มเอกสาร')]).toContain('3,204.00');
    else expect(at('แฟ้มเอกสาร')).toBeLessThan(lines.findIndex((l) => l.includes('3,204.00')));
    expect(lines.findIndex((l) => l.includes('3,204.00'))).toBeLessThan(at('ปากกาลูกลื่น'));
  };

  test('pdftotext (default mode) reads a table row by row, Thai words whole, as close to the page as OCR', async () => {
    const pages = results.get('thai-table.jpg') as PageResult[];
    const text = pdftotext(await buildSearchablePdf(ref('thai-table.jpg'), pages), 'table.pdf');
    const expected = truth('thai-table.jpg')[0] as string;
    rowsInOrder(text, false);
    expect(orderFreeError(text, expected)).toBeLessThan(
      orderFreeError(pages[0]?.text as string, expected) + 0.01,
    );
    expect(cer(text, expected)).toBeLessThan(cer(pages[0]?.text as string, expected) + 0.02);
    // Tesseract splits Thai words into pieces; the layer must not show them as separate words.
    for (const word of ['ข้าวหอมมะลิบรรจุถุง', 'หมึกพิมพ์เลเซอร์', 'ใบเสนอราคา']) expect(text).toContain(word);
  });

  test('pdf.js reads the same lines in the same order, words separated by real spaces', async () => {
    const pages = results.get('thai-table.jpg') as PageResult[];
    const text = await pdfjsText(await buildSearchablePdf(ref('thai-table.jpg'), pages));
    rowsInOrder(text, true);
    expect(text).toMatch(/QT-2568-0042/);
    expect(text).toMatch(/รวมทั้งสิ้น \S/);
  });

  test('an English line reads as its words with single spaces', async () => {
    const pages = results.get('thai-scan.png') as PageResult[];
    const text = pdftotext(await buildSearchablePdf(ref('thai-scan.png'), pages), 'scan.pdf');
    expect(text).toContain('Total amount due: 12,450.00 THB (VAT included)');
  });

  test('a PNG scan is carried into the PDF as it is (no re-encoding) and renders the same pixels', async () => {
    const pages = results.get('thai-scan.png') as PageResult[];
    const bytes = await buildSearchablePdf(ref('thai-scan.png'), pages);
    const doc = await PDFDocument.load(bytes);
    const xobjects = doc.getPage(0).node.Resources()?.toString() ?? '';
    expect(xobjects).toContain('XObject');
    const raw = new TextDecoder('latin1').decode(bytes);
    expect(raw).toMatch(/\/Predictor 15/);
    const path = join(dir.path, 'passthrough.pdf');
    writeFileSync(path, bytes);
    const render = Bun.spawnSync([
      'pdftoppm',
      '-r',
      '300',
      '-gray',
      '-png',
      '-singlefile',
      path,
      join(dir.path, 'back'),
    ]);
    expect(render.exitCode).toBe(0);
    const { imageFrames } = await import('../../../src/core/ocr/images.ts');
    const original = await imageFrames(readFileSync(`${FIXTURES}/thai-scan.png`), 'image/png', 1e8).frame(0);
    const back = await imageFrames(readFileSync(join(dir.path, 'back.png')), 'image/png', 1e8).frame(0);
    expect([back.width, back.height]).toEqual([original.width, original.height]);
    let diff = 0;
    for (let i = 0; i < back.data.length; i++)
      diff += Math.abs((back.data[i] as number) - (original.data[i] as number));
    expect(diff / back.data.length).toBeLessThan(2);
  });
});
