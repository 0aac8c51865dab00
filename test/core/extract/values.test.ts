import { describe, expect, test } from 'bun:test';
import { findAmounts, parseAmountInWords, parseThaiNumberWords } from '../../../src/core/extract/amounts.ts';
import { findDates, gregorianYear, parseDate } from '../../../src/core/extract/dates.ts';
import {
  findBranch,
  findPhones,
  findTaxIds,
  isValidTaxId,
  parseDocumentNumber,
} from '../../../src/core/extract/identifiers.ts';
import { bahtText, englishBahtText, randomTaxId, rng } from '../../../scripts/extract-fixtures/data.ts';

describe('dates', () => {
  test.each([
    ['15 มกราคม 2569', '2026-01-15'],
    ['15 มกราคม พ.ศ. 2569', '2026-01-15'],
    ['วันที่ 3 เดือน มีนาคม พ.ศ. 2568', '2025-03-03'],
    ['15 ม.ค. 2569', '2026-01-15'],
    ['01 ธ.ค. 68', '2025-12-01'],
    ['๑๕ มกราคม ๒๕๖๙', '2026-01-15'],
    ['๐๖/๐๓/๒๕๖๘', '2025-03-06'],
    ['15/01/2569', '2026-01-15'],
    ['15/01/2026', '2026-01-15'],
    ['15-01-2026', '2026-01-15'],
    ['2026-01-15', '2026-01-15'],
    ['15 January 2026', '2026-01-15'],
    ['January 15, 2026', '2026-01-15'],
    ['15-Jan-2026', '2026-01-15'],
    ['Date: 9 Sept 2025', '2025-09-09'],
    ['10 พฤศจิกายน พ .ศ . 2569', '2026-11-10'],
  ])('%s -> %s', (text, iso) => {
    expect(parseDate(text)).toBe(iso);
  });

  test('Buddhist-era years lose 543; two-digit years from 60 are Buddhist era', () => {
    expect(gregorianYear(2569)).toBe(2026);
    expect(gregorianYear(69)).toBe(2026);
    expect(gregorianYear(26)).toBe(2026);
    expect(gregorianYear(2026)).toBe(2026);
  });

  test('impossible dates are refused and several dates are found in order', () => {
    expect(parseDate('31/02/2026')).toBeNull();
    expect(parseDate('no date here 12345')).toBeNull();
    expect(findDates('ออก 1 ม.ค. 2569 ครบกำหนด 31 ม.ค. 2569').map((d) => d.iso)).toEqual([
      '2026-01-01',
      '2026-01-31',
    ]);
  });
});

describe('tax IDs', () => {
  test('checksum: generated IDs pass, any changed digit fails', () => {
    const r = rng(42);
    for (let i = 0; i < 50; i++) {
      const id = randomTaxId(r);
      expect(isValidTaxId(id)).toBe(true);
      const last = Number(id[12]);
      expect(isValidTaxId(id.slice(0, 12) + String((last + 1) % 10))).toBe(false);
    }
  });

  test('found in dashed, spaced and Thai-digit forms; invalid ones ignored', () => {
    const valid = randomTaxId(rng(1));
    const invalid = valid.slice(0, 12) + String((Number(valid[12]) + 3) % 10);
    expect(findTaxIds(`เลขประจำตัวผู้เสียภาษี ${invalid}`)).toEqual([]);
    const dashed = `${valid[0]}-${valid.slice(1, 5)}-${valid.slice(5, 10)}-${valid.slice(10, 12)}-${valid[12]}`;
    expect(findTaxIds(`Tax ID ${dashed} Head Office`).map((t) => t.value)).toEqual([valid]);
    expect(findTaxIds(`Tax ID ${dashed.replaceAll('-', ' ')}`).map((t) => t.value)).toEqual([valid]);
    const thai = valid.replace(/\d/g, (d) => String.fromCharCode(0x0e50 + Number(d)));
    expect(findTaxIds(`เลขผู้เสียภาษี ${thai}`).map((t) => t.value)).toEqual([valid]);
    expect(findTaxIds(`${valid}9`)).toEqual([]);
  });
});

describe('identifiers', () => {
  test('branch codes', () => {
    expect(findBranch('สำนักงานใหญ่')?.value).toBe('00000');
    expect(findBranch('Head Office')?.value).toBe('00000');
    expect(findBranch('สาขาที่ 00012')?.value).toBe('00012');
    expect(findBranch('Branch 3')?.value).toBe('00003');
    expect(findBranch('ถนนสีลม')).toBeNull();
  });

  test('phones and document numbers', () => {
    expect(findPhones('โทร. 02-123-4567 มือถือ 081 234 5678').map((p) => p.value)).toEqual([
      '02-123-4567',
      '081 234 5678',
    ]);
    expect(
      findPhones('โทรศัพท์ 0-2123-4567 โทรสาร 0 2123 4568 มือถือ 08-1234-5678 +66 2 123 4567').map(
        (p) => p.value,
      ),
    ).toEqual(['0-2123-4567', '0 2123 4568', '08-1234-5678', '+66 2 123 4567']);
    expect(findPhones('เลขประจำตัวผู้เสียภาษี 0105561012346 ยอด 1,070.00 วันที่ 01.08.2569')).toEqual([]);
    expect(parseDocumentNumber(': INV-2026-0001 ')).toBe('INV-2026-0001');
    expect(parseDocumentNumber('QT-69/015')).toBe('QT-69/015');
    expect(parseDocumentNumber('15/01/2026')).toBeNull();
    expect(parseDocumentNumber('Description')).toBeNull();
  });
});

describe('amounts', () => {
  test('numbers with separators, currency marks, negatives, Thai digits and percentages', () => {
    expect(findAmounts('1,234.56').map((a) => a.value)).toEqual([1234.56]);
    expect(findAmounts('฿ 12,500.00').map((a) => a.value)).toEqual([12500]);
    expect(findAmounts('(1,000.00)').map((a) => a.value)).toEqual([-1000]);
    expect(findAmounts('๑,๒๓๔.๕๐').map((a) => a.value)).toEqual([1234.5]);
    expect(findAmounts('VAT 7% 86.33').map((a) => [a.value, a.percent])).toEqual([
      [7, true],
      [86.33, false],
    ]);
  });

  test.each([
    ['หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบหกสตางค์', 1234.56],
    ['สิบเอ็ดบาทถ้วน', 11],
    ['ยี่สิบเอ็ดบาทถ้วน', 21],
    ['หนึ่งร้อยเอ็ดบาทถ้วน', 101],
    ['สองล้านห้าแสนบาทถ้วน', 2_500_000],
    ['(หนึ่งหมื่นเจ็ดพันหนึ่งร้อยบาทถ้วน)', 17_100],
    ['สิบสองล้านสามแสนสี่หมื่นห้าพันหกร้อยเจ็ดสิบแปดบาทเก้าสิบสตางค์', 12_345_678.9],
    ['(One Thousand Two Hundred Thirty-Four Baht and Fifty-Six Satang Only)', 1234.56],
    ['Two Hundred Eleven Thousand Baht Only', 211_000],
  ])('%s = %d', (text, value) => {
    expect(parseAmountInWords(text)?.value).toBe(value);
  });

  test('words round-trip with the fixture generator for many amounts', () => {
    const r = rng(7);
    for (let i = 0; i < 300; i++) {
      const n = Math.round(r() * 50_000_000) / 100;
      expect(parseAmountInWords(bahtText(n))?.value).toBe(n);
      expect(parseAmountInWords(englishBahtText(n))?.value).toBe(n);
    }
  });

  test('text that is not a number in words gives null', () => {
    expect(parseThaiNumberWords('สวัสดี')).toBeNull();
    expect(parseAmountInWords('ขอบคุณที่ใช้บริการ')).toBeNull();
  });
});
