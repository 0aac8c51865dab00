import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { openPdfSource } from '../../../src/core/pdf/source.ts';
import type { PageResult } from '../../../src/core/ocr/types.ts';
import { editDistance } from '../../helpers/cer.ts';
import { htmlText, withoutSpaces, withSpaces } from '../../helpers/html-text.ts';

// Fixtures from scripts/make-thai-text-fixtures.ts: Chromium prints (one run per Thai cluster, legacy
// private-use marks in visual order) and a text layer written by hand with pdf-lib.
const DIR = 'test/fixtures/thai-text';

async function textLayer(name: string): Promise<PageResult> {
  const source = await openPdfSource(`${DIR}/${name}.pdf`, 200_000_000);
  try {
    const page = await source.text(1);
    if (!page) throw new Error(`${name}.pdf has no text layer`);
    return page;
  } finally {
    await source.close();
  }
}

const expectedOf = (name: string) => htmlText(readFileSync(`${DIR}/${name}.html`, 'utf8'));
const rate = (actual: string, expected: string) =>
  editDistance(actual, expected) / Math.max(1, Array.from(expected).length);

function pdftotext(name: string): string {
  const p = Bun.spawnSync(['pdftotext', '-enc', 'UTF-8', `${DIR}/${name}.pdf`, '-'], { stdout: 'pipe' });
  if (p.exitCode !== 0) throw new Error('pdftotext failed');
  return p.stdout.toString();
}

describe('PDF text layers read like the document', () => {
  const fontLines = expectedOf('fonts').split('\n');
  const fonts = [...readFileSync(`${DIR}/fonts.html`, 'utf8').matchAll(/font-family: '([^']+)'/g)].map(
    (m) => m[1] as string,
  );

  test.each(fonts.map((font, i) => [font, i] as const))(
    'Chromium, %s: clusters joined, spaces only where the document has them, marks in typed order',
    async (_font, i) => {
      const page = await textLayer('fonts');
      expect(page.text.split('\n')[i]).toBe(fontLines[i] as string);
    },
  );

  test('the words of a line are the words of the document, with boxes inside the page', async () => {
    const page = await textLayer('fonts');
    const line = page.blocks[0]?.lines[0];
    expect(line?.words.map((w) => w.text)).toEqual(
      'บริษัท ฟ้าใสคลีนนิ่ง เซอร์วิส จำกัด ส่งเมล็ดพันธุ์ผัก 21 มี.ค. 69'.split(' '),
    );
    for (const w of line?.words ?? []) {
      expect(w.bbox[0]).toBeLessThan(w.bbox[2]);
      expect(w.bbox[1]).toBeLessThan(w.bbox[3]);
      expect(w.bbox[2]).toBeLessThanOrEqual(page.width);
    }
    const xs = line?.words.map((w) => w.bbox[0]) ?? [];
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  });

  test('letterhead, rotated stamp, two columns and a table: every character in order, lines kept apart', async () => {
    const page = await textLayer('layout');
    const expected = expectedOf('layout');
    expect(withoutSpaces(page.text)).toBe(withoutSpaces(expected));
    const lines = page.text.split('\n');
    for (const line of [
      'บริษัท ฟ้าใสคลีนนิ่ง เซอร์วิส จำกัด',
      '99/9 ถนนพหลโยธิน แขวงสามเสนใน',
      'ใบเสนอราคา เลขที่ QT6903-0017 วันที่ 21 มี.ค. 69',
      'ก๊อกน้ำและสุขภัณฑ์ ล้างฆ่าเชื้อ',
      'เมล็ดพันธุ์หญ้าสนามหน้าอาคาร',
      'ชำระเงินแล้ว PAID',
    ])
      expect(lines).toContain(line);
  });

  test('a text layer written another way: per-glyph objects, unspaced words, runs out of order, kerning, fake bold, rotation', async () => {
    const page = await textLayer('handmade');
    expect(page.text).toBe(readFileSync(`${DIR}/handmade.txt`, 'utf8').trimEnd());
    const rotated = page.blocks[0]?.lines.at(-1);
    expect(rotated?.text).toBe('ต้นฉบับ ORIGINAL');
    const [x0, y0, x1, y1] = rotated?.bbox ?? [0, 0, 0, 0];
    expect(y1 - y0).toBeGreaterThan(3 * (x1 - x0));
  });

  test.skipIf(!Bun.which('pdftotext'))(
    'at least as close to the source as poppler pdftotext, with and without spaces',
    async () => {
      for (const name of ['fonts', 'layout', 'handmade']) {
        const expected = name === 'handmade' ? readFileSync(`${DIR}/handmade.txt`, 'utf8') : expectedOf(name);
        const ours = (await textLayer(name)).text;
        const poppler = pdftotext(name);
        expect(rate(withSpaces(ours), withSpaces(expected))).toBeLessThanOrEqual(
          rate(withSpaces(poppler), withSpaces(expected)),
        );
        expect(rate(withoutSpaces(ours), withoutSpaces(expected))).toBeLessThanOrEqual(
          rate(withoutSpaces(poppler), withoutSpaces(expected)),
        );
      }
    },
  );
});
