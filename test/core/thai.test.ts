import { describe, expect, test } from 'bun:test';
import {
  foldForMatch,
  normalizeForSearch,
  normalizeThai,
  thaiDigitsToAscii,
} from '../../src/core/text/thai.ts';

describe('Thai text rules', () => {
  test('SARA AM written as NIKHAHIT + SARA AA is recomposed (tone mark kept before it)', () => {
    expect(normalizeThai('\u0E19\u0E4D\u0E32')).toBe('น\u0E33');
    expect(normalizeThai('\u0E19\u0E49\u0E4D\u0E32')).toBe('น\u0E49\u0E33');
    expect(normalizeThai('\u0E19\u0E4D\u0E49\u0E32')).toBe('น\u0E49\u0E33');
  });

  test('the stored form keeps the spaces of the document, Thai ones included', () => {
    expect(normalizeThai('บริษัท สยามเทค จำกัด')).toBe('บริษัท สยามเทค จำกัด');
    expect(normalizeThai('ต่าง ๆ ที่ 21 มี.ค. 69')).toBe('ต่าง ๆ ที่ 21 มี.ค. 69');
    expect(normalizeThai('hello world')).toBe('hello world');
    expect(normalizeThai('ราคา 100 บาท')).toBe('ราคา 100 บาท');
  });

  test('a space before a combining mark is not content: an OCR-spaced NIKHAHIT + SARA AA still recomposes', () => {
    expect(normalizeThai('\u0E19 \u0E4D \u0E32\u0E40\u0E02\u0E49\u0E32')).toBe('น\u0E33เข้า');
    expect(normalizeThai('ฟ \u0E49าใส')).toBe('ฟ้าใส');
  });

  test('marks come in typed order (WTT 2.0): vowel above or below, then tone mark or THANTHAKHAT', () => {
    // THANTHAKHAT and MAI HAN-AKAT have combining class 0: NFC leaves these orders alone
    expect('ธ\u0E4C\u0E38'.normalize('NFC')).toBe('ธ\u0E4C\u0E38');
    expect(normalizeThai('เมล็ดพันธ\u0E4C\u0E38')).toBe('เมล็ดพันธุ์');
    expect(normalizeThai('ก\u0E49\u0E31น')).toBe('กั้น');
    expect(normalizeThai('ท\u0E48\u0E35')).toBe('ที่');
    expect(normalizeThai('น\u0E48\u0E38ง')).toBe('นุ่ง');
    expect(normalizeThai('ก\u0E4B\u0E27ยเตี๋ยว')).toBe('ก\u0E4B\u0E27ยเตี๋ยว');
    expect(normalizeThai('บริษัท ฟ้าใสคลีนนิ่ง')).toBe('บริษัท ฟ้าใสคลีนนิ่ง');
  });

  test('the search form ignores spaces between Thai characters and folds digits and case', () => {
    expect(normalizeForSearch('บริษัท สยามเทค จำกัด')).toBe(normalizeForSearch('บริษัทสยามเทคจำกัด'));
    // a line wrapped inside Thai text (Thai wraps between words without a space)
    expect(normalizeForSearch('พระราชบัญญัติการปฏิ\nรูปที่ดิน')).toBe('พระราชบัญญัติการปฏิรูปที่ดิน');
    expect(normalizeForSearch('ใบ เสนอ ราคา Q1 ๒๐๒๖')).toBe('ใบเสนอราคา q1 2026');
    expect(normalizeForSearch('Invoice No 7')).toBe('invoice no 7');
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
    expect(thaiDigitsToAscii('๐')).toBe('0');
    expect(thaiDigitsToAscii('ไม่มีเลข')).toBe('ไม่มีเลข');
    expect(thaiDigitsToAscii('๙ข้อ๑')).toBe('9ข้อ1');
  });

  test('folding for matching lower-cases every character that has a lower case and keeps the length', () => {
    // Every UTF-16 code unit, alone and next to Thai digits: the same as lower-casing each character
    // (kept as is when its lower case is longer) after mapping the digits.
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const ch = String.fromCharCode(c);
      const lower = ch.toLowerCase();
      const expected = c >= 0x0e50 && c <= 0x0e59 ? String(c - 0x0e50) : lower.length === 1 ? lower : ch;
      if (foldForMatch(ch) !== expected) throw new Error(`U+${c.toString(16)} folds to ${foldForMatch(ch)}`);
      if (foldForMatch(`๑${ch}ก๒`) !== `1${expected}ก2`) throw new Error(`U+${c.toString(16)} in Thai`);
    }
    expect(foldForMatch('มาตรา ๑๒ VAT İstanbul Ünal')).toBe('มาตรา 12 vat İstanbul ünal');
  });
});
