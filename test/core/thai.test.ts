import { describe, expect, test } from 'bun:test';
import { normalizeThai, thaiDigitsToAscii } from '../../src/core/text/thai.ts';

describe('Thai text rules', () => {
  test('SARA AM written as NIKHAHIT + SARA AA is recomposed (tone mark kept before it)', () => {
    expect(normalizeThai('\u0E19\u0E4D\u0E32')).toBe('น\u0E33');
    expect(normalizeThai('\u0E19\u0E49\u0E4D\u0E32')).toBe('น\u0E49\u0E33');
    expect(normalizeThai('\u0E19\u0E4D\u0E49\u0E32')).toBe('น\u0E49\u0E33');
  });

  test('spaces between Thai characters are removed, others kept', () => {
    expect(normalizeThai('ใบ เสนอ ราคา Q1 2026')).toBe('ใบเสนอราคา Q1 2026');
    expect(normalizeThai('hello world')).toBe('hello world');
    expect(normalizeThai('ราคา 100 บาท')).toBe('ราคา 100 บาท');
  });

  test('an OCR-spaced NIKHAHIT + SARA AA still recomposes', () => {
    expect(normalizeThai('\u0E19 \u0E4D \u0E32\u0E40\u0E02\u0E49\u0E32')).toBe('น\u0E33เข้า');
  });

  test('private-use glyphs of legacy Thai fonts in PDF text layers become Thai characters', () => {
    expect(normalizeThai('\u0E1B\uF701\u0E14')).toBe('ปิด');
    expect(normalizeThai('\u0E1B\uF70B\u0E32')).toBe('ป้า');
    expect(normalizeThai('\u0E1B\uF718')).toBe('ปุ');
    expect(normalizeThai('\uF700\u0E32\u0E19')).toBe('ฐาน');
    expect(normalizeThai('\u0E01\uF711\u0E32')).toBe('ก\u0E33');
  });

  test('Thai digits map to ASCII', () => {
    expect(thaiDigitsToAscii('มาตรา ๑๒๓ ปี ๒๕๖๙')).toBe('มาตรา 123 ปี 2569');
  });
});
