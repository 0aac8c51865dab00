import { afterAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { loadConfig } from '../../../src/config.ts';
import { createOcrEngine } from '../../../src/core/ocr/index.ts';
import { spaceBlocks, spaceLine, withEngineLines } from '../../../src/core/ocr/spacing.ts';
import type { OcrBlock, OcrLine, OcrWord } from '../../../src/core/ocr/types.ts';
import { editDistance } from '../../helpers/cer.ts';
import { withSpaces } from '../../helpers/html-text.ts';

setDefaultTimeout(120_000);

// Tesseract reads Thai as one "word" per character or cluster; these are laid out like its output.
const word = (text: string, x0: number, x1: number): OcrWord => ({
  text,
  bbox: [x0, 100, x1, 140],
  confidence: 0.9,
});
const line = (text: string, words: OcrWord[]): OcrLine => ({
  text,
  bbox: [words[0]?.bbox[0] ?? 0, 100, words.at(-1)?.bbox[2] ?? 0, 140],
  confidence: 0.9,
  words,
});
/** Words of `clusters`, each `width` wide, `gap` apart, and `space` px more before words starting with '|'. */
function laidOut(clusters: string[], width = 20, gap = 2, space = 24): OcrWord[] {
  let x = 0;
  return clusters.map((c) => {
    if (c.startsWith('|')) x += space;
    const w = word(
      c.replace('|', ''),
      x,
      x + width * Array.from(c.replace(/[|\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/g, '')).length,
    );
    x = w.bbox[2] + gap;
    return w;
  });
}

describe("OCR words and spaces: tesseract's text decides, boxes are the fallback", () => {
  test("clusters close together are one word; a space where tesseract's text and the boxes have one", () => {
    const words = laidOut(['บ', 'ริ', 'ษั', 'ท', '|ส', 'ยา', 'ม', '|จำ', 'กั', 'ด']);
    const out = spaceLine(line('บริษัท สยาม จำกัด', words));
    expect(out.text).toBe('บริษัท สยาม จำกัด');
    expect(out.words.map((w) => w.text)).toEqual(['บริษัท', 'สยาม', 'จำกัด']);
    expect(out.words[1]?.bbox).toEqual([words[4]?.bbox[0], 100, words[6]?.bbox[2], 140] as never);
  });

  test("tesseract's space is kept even where the boxes touch; no space where its text has none", () => {
    const words = laidOut(['น', 'า', 'ย', '|ส', 'ม', 'ชา', 'ย'], 20, 2, -6);
    expect(spaceLine(line('นาย สมชาย', words)).text).toBe('นาย สมชาย');
    expect(spaceLine(line('นายสมชาย', laidOut(['น', 'า', 'ย', '|ส', 'ม'], 20, 2, 30))).text).toBe('นายสม');
  });

  test("where tesseract's text does not have the words, a gap wider than a character is a space", () => {
    const words = laidOut(['จำ', 'น', 'ว', 'น', '|1', '2'], 20, 2, 60);
    expect(spaceLine(line('', words)).text).toBe('จำนวน 12');
    expect(spaceLine(line('?', laidOut(['ร', 'า', 'ค', 'า'], 20, 3))).text).toBe('ราคา');
  });

  test("a table row's columns, far apart in tesseract's text, keep their words whole (every row of the block)", () => {
    // Tesseract's text of a table block: columns apart by runs of spaces (preserve_interword_spaces);
    // inside a word its boxes may stand as far apart as a space, and its text still says one word.
    const raw = `1${' '.repeat(7)}กระดาษ A4${' '.repeat(29)}10\n2${' '.repeat(7)}เก้าอี้${' '.repeat(46)}2\n`;
    const rows = [
      ['1', '|ก', 'ร', 'ะ', '|ด', 'า', 'ษ', '|A4', '|10'],
      ['2', '|เ', 'ก้', '|า', 'อี้', '|2'],
    ].map((cells) => laidOut(cells, 20, 2, 30));
    const block: OcrBlock = {
      text: '',
      bbox: [0, 100, 2000, 140],
      confidence: 0.9,
      lines: rows.map((words) => line('', words)),
    };
    const spaced = spaceBlocks(withEngineLines([block], raw, false));
    expect(spaced[0]?.lines.map((l) => l.text)).toEqual(['1 กระดาษ A4 10', '2 เก้าอี้ 2']);
  });

  test('Latin words and numbers keep their spaces; SARA AM split by OCR is recomposed', () => {
    const words = [word('Total', 0, 100), word('12,450.00', 125, 300), word('THB', 325, 390)];
    expect(spaceLine(line('Total 12,450.00 THB', words)).text).toBe('Total 12,450.00 THB');
    const am = laidOut(['จ', '\u0E4D', 'า', 'น', 'ว', 'น']);
    expect(spaceLine(line('จ\u0E4Dานวน', am)).text).toBe('จำนวน');
  });
});

describe('real tesseract on a scan of Thai text with spaces between phrases', () => {
  const engine = createOcrEngine(loadConfig({ ocrWorkers: 1 }, {}));
  afterAll(() => engine.close());

  test('stored text keeps the spaces the document has and adds none inside words', async () => {
    const [page] = await engine.recognize({
      path: 'test/fixtures/thai-text/spacing-scan.png',
      mime: 'image/png',
    });
    const truth = readFileSync('test/fixtures/thai-text/spacing-scan.txt', 'utf8');
    const text = page?.text ?? '';
    const lines = text.split('\n');
    expect(lines).toContain('เรียน ผู้จัดการฝ่ายบัญชี บริษัท สยามเทค จำกัด');
    expect(lines).toContain('ตามที่ท่านได้สั่งซื้อสินค้า ทางร้านได้จัดส่งเรียบร้อยแล้ว');
    expect(text).toContain('21 มี.ค. 69');
    // as close to the source, spaces included, as the engine's own text, and far closer than deleting them
    const rate = (s: string) => editDistance(withSpaces(s), withSpaces(truth)) / withSpaces(truth).length;
    const deleted = (page?.rawText ?? '')
      .replace(/\u0E4D([\u0E48-\u0E4B]?)\u0E32/g, '$1\u0E33')
      .replace(/(?<=[\u0E01-\u0E5B])\s+(?=[\u0E01-\u0E5B])/g, '');
    expect(rate(text)).toBeLessThan(rate(deleted) / 2);
    expect(rate(text)).toBeLessThan(0.05);
  });
});
