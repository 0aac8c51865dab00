import { describe, expect, test } from 'bun:test';
import { normalizeWords } from '../../../src/core/ocr/spacing.ts';
import type { OcrWord } from '../../../src/core/ocr/types.ts';

const word = (text: string, x: number, confidence = 0.9): OcrWord => ({
  text,
  bbox: [x, 10, x + 10, 30],
  confidence,
});

describe('normalizeWords', () => {
  test('SARA AM split by OCR into NIKHAHIT and SARA AA words is recomposed, so words spell the line', () => {
    // `ประจำ` as tesseract returns it on the invoice scan: ป ร ะ จ ํ า
    const out = normalizeWords([
      word('ป', 0),
      word('ร', 10),
      word('ะ', 20),
      word('จ', 30),
      word('\u0E4D', 40, 0.6),
      word('\u0E32', 50, 0.8),
    ]);
    expect(out.map((w) => w.text).join('')).toBe('ประจำ');
    expect(out.at(-1)).toEqual({ text: '\u0E33', bbox: [40, 10, 60, 30], confidence: 0.6 });
    // NIKHAHIT with a tone mark in one word, SARA AA in the next: น้ํา -> น้ำ
    expect(
      normalizeWords([word('น\u0E49\u0E4D', 0), word('\u0E32', 10)])
        .map((w) => w.text)
        .join(''),
    ).toBe('น้ำ');
  });

  test('other words are kept one by one, each normalized', () => {
    const words = [word('Tax', 0), word('ID', 10), word('จํา', 20), word('0105500987355', 30)];
    expect(normalizeWords(words).map((w) => w.text)).toEqual(['Tax', 'ID', 'จำ', '0105500987355']);
  });
});
