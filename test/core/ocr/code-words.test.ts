import { describe, expect, test } from 'bun:test';
import { codeLike, type LatinReader, rereadCodes } from '../../../src/core/ocr/code-words.ts';
import type { BBox, OcrLine, OcrWord } from '../../../src/core/ocr/types.ts';
import { block, inkPage, texts } from '../../helpers/ocr-layout.ts';

const word = (text: string, bbox: BBox, confidence: number): OcrWord => ({ text, bbox, confidence });

/** A line of `words` whose text is `text` (tesseract's own, spaces where it put them). */
const lineOf = (text: string, words: OcrWord[]): OcrLine => ({
  text,
  bbox: [words[0]?.bbox[0] ?? 0, 20, words.at(-1)?.bbox[2] ?? 0, 50],
  confidence: 0.9,
  words,
});

/** A reader that answers `text` at `confidence` (0..1) for every box, as one word, and records what it was asked. */
function reader(text: string, confidence: number, asked: BBox[] = []): LatinReader {
  return (box) => {
    asked.push(box);
    return [block({ text, bbox: box, confidence, words: [{ text, bbox: box, confidence }] })];
  };
}

const label = word('เลขที่', [20, 20, 110, 50], 0.95);
const codeBox: BBox = [130, 20, 330, 50];
const ink = inkPage(400, 80, [label.bbox, codeBox], 'letters');

describe('codeLike', () => {
  test('codes, numbers and dates in Latin letters and digits, misreads included; not Thai words or short numbers', () => {
    for (const code of [
      'INV-2026-0012',
      'QT-69/1658',
      '0105582279058',
      '20,148.30',
      '28-Oct-2026.',
      '@ผ-2025-0639',
    ])
      expect(codeLike(code)).toBe(true);
    for (const other of ['เลขที่123', 'บริษัท', 'Invoice', '2569', 'No.5'] as const)
      expect(codeLike(other)).toBe(false);
  });
});

describe('rereadCodes', () => {
  test('an unsure code is replaced by a sure reading of the same code, in its line text and confidence', () => {
    const line = lineOf('เลขที่ P0202608472', [label, word('P0202608472', codeBox, 0.44)]);
    const result = rereadCodes([block(line)], reader('PO202608472', 0.87), ink);
    expect(result.changed).toBe(1);
    expect(texts(result.blocks)).toEqual(['เลขที่ PO202608472']);
    const words = result.blocks[0]?.lines[0]?.words ?? [];
    expect(words.map((w) => [w.text, w.confidence])).toEqual([
      ['เลขที่', 0.95],
      ['PO202608472', 0.87],
    ]);
    expect(result.blocks[0]?.lines[0]?.confidence).toBe(0.91);
  });

  test('a reading that agrees raises the confidence; an unsure or different reading changes nothing', () => {
    const line = lineOf('เลขที่ TIV-2026-4264', [label, word('TIV-2026-4264', codeBox, 0.28)]);
    const agreed = rereadCodes([block(line)], reader('TIV-2026-4264', 0.6), ink);
    expect(agreed.blocks[0]?.lines[0]?.words[1]).toEqual(word('TIV-2026-4264', codeBox, 0.6));
    const unsure = rereadCodes([block(line)], reader('TIV-2026-4284', 0.6), ink);
    expect(unsure.changed).toBe(0);
    expect(texts(unsure.blocks)).toEqual(['เลขที่ TIV-2026-4264']);
    const another = rereadCodes([block(line)], reader('Tel. 02-555-0199', 0.95), ink);
    expect(texts(another.blocks)).toEqual(['เลขที่ TIV-2026-4264']);
  });

  test('sure words and words that are not codes are not read again', () => {
    const asked: BBox[] = [];
    const line = lineOf('เลขที่ QT-69/1658 บริษัท', [
      label,
      word('QT-69/1658', codeBox, 0.92),
      word('บริษัท', [340, 20, 390, 50], 0.3),
    ]);
    const result = rereadCodes([block(line)], reader('QT-69/1658', 0.99, asked), ink);
    expect(asked).toEqual([]);
    expect(result.changed).toBe(0);
  });

  test('a code that mixes Thai in is read again however sure; unread, it keeps confidence 0.5', () => {
    const line = lineOf('เลขที่ 0๐202601368', [label, word('0๐202601368', codeBox, 0.92)]);
    const fixed = rereadCodes([block(line)], reader('DO202601368', 0.8), ink);
    expect(texts(fixed.blocks)).toEqual(['เลขที่ DO202601368']);
    const kept = rereadCodes([block(line)], reader('DO202601368', 0.3), ink);
    expect(kept.blocks[0]?.lines[0]?.words[1]).toEqual(word('0๐202601368', codeBox, 0.5));
  });

  test('words printed with no space between them are read again as one, in one box', () => {
    const asked: BBox[] = [];
    const glued = [word('๐๐', [130, 20, 170, 50], 0.5), word('4-2026-9930', [172, 20, 330, 50], 0.66)];
    const line = lineOf('เลขที่ ๐๐4-2026-9930', [label, ...glued]);
    const result = rereadCodes([block(line)], reader('CN-2026-9930', 0.9, asked), ink);
    expect(texts(result.blocks)).toEqual(['เลขที่ CN-2026-9930']);
    expect(result.blocks[0]?.lines[0]?.words.map((w) => w.bbox)).toEqual([label.bbox, codeBox]);
    const [x0, , x1] = asked[0] as BBox;
    expect(x0 <= 130 && x0 > 110 && x1 >= 330).toBe(true);
  });

  test('the box read again takes in the ink of letters that the word box cut off, not the word before', () => {
    const asked: BBox[] = [];
    const cut = word('T-69/1658', [150, 20, 330, 50], 0.6);
    rereadCodes([block(lineOf('เลขที่ T-69/1658', [label, cut]))], reader('QT-69/1658', 0.9, asked), ink);
    const [x0, , x1] = asked[0] as BBox;
    expect(x0).toBeLessThan(130);
    expect(x0).toBeGreaterThan(110);
    expect(x1).toBeGreaterThanOrEqual(330);
  });
});
