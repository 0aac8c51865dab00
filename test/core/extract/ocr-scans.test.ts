/**
 * OCR-style inputs: what tesseract makes of Thai scans (Thai-digit years misread, legal forms of company
 * names damaged, specks in front of labels). Expected values are written by hand from the printed
 * document, not computed by the code under test.
 */
import { describe, expect, test } from 'bun:test';
import { documentYears, findDates } from '../../../src/core/extract/dates.ts';
import { restoreLegalForms } from '../../../src/core/extract/parties.ts';
import { extractGeneric } from '../../../src/core/extract/rules.ts';
import { layoutPage, ocrPage } from './helpers.ts';

describe('Thai-digit years misread by OCR, read by the document own Arabic-digit years', () => {
  test('the years a document prints in Arabic digits: dates, document numbers, standalone years', () => {
    expect([...documentYears('เลขที่ TIV6904-1078 วันที่ ๑๑ กันยายน ๒๕๒')]).toEqual([2026]);
    expect([...documentYears('เลขที่ CN-2025-0639')]).toEqual([2025]);
    expect([...documentYears('เลขที่ TX256907-0174 ยอดรวม 2,569.00')]).toEqual([2026]);
    expect([...documentYears('ครบกำหนด 30/04/2568')]).toEqual([2025]);
    expect([...documentYears('รวม 2,560.00 บาท ๑๕ มกราคม ๒๕๖๙')]).toEqual([]);
  });

  test('a misread year is read as the one of the document years a digit confusion explains', () => {
    const years = new Set([2026]);
    // ๒๕๖๙ printed; OCR read ๖ as ๒ and ๙ as ๕.
    expect(findDates('วันที่ ๑๑ กันยายน ๒๕๒๕', { years })[0]?.iso).toBe('2026-09-11');
    // ... or dropped a digit, or added a speck as one.
    expect(findDates('วันที่ ๑๑ กันยายน ๒๕๒', { years })[0]?.iso).toBe('2026-09-11');
    expect(findDates('วันที่ ๒ มีนาคม ๒๕๖๖๙', { years })[0]?.iso).toBe('2026-03-02');
    // ๒๕๖๘ printed, read ๒๕๐๕ (๖ as ๐, ๘ as ๕), slashes.
    expect(findDates('ลงวันที่ ๐๕/๐๖/๒๕๐๕', { years: new Set([2025]) })[0]?.iso).toBe('2025-06-05');
    // A year that is one of the document's years stays as printed.
    expect(findDates('๑๕ มกราคม ๒๕๖๕', { years: new Set([2022, 2026]) })[0]?.iso).toBe('2022-01-15');
  });

  test('without the document years a valid year is kept, an impossible one gets low confidence', () => {
    expect(findDates('๑๕ มกราคม ๒๕๖๕')[0]?.iso).toBe('2022-01-15');
    const guessed = findDates('๑๕ มกราคม ๒๕๒๕')[0];
    expect(guessed?.confidence).toBeLessThan(0.6);
  });

  const invoice = (date: string, number: string): [number, string][][] => [
    [[100, 'บริษัท ทดสอบการค้า จำกัด']],
    [[1500, 'ใบกำกับภาษี']],
    [
      [1500, 'เลขที่'],
      [1800, number],
    ],
    [
      [1500, 'วันที่'],
      [1800, date],
    ],
  ];

  test('an OCR page: the issue date follows the year of its document number', () => {
    const result = extractGeneric([ocrPage(invoice('๑๑ กันยายน ๒๕๒๕', 'TIV6904-1078'))]);
    expect(result.data.issueDate).toBe('2026-09-11');
  });

  test('a text layer prints what it means: the same words keep their year', () => {
    const result = extractGeneric([layoutPage(invoice('๑๑ กันยายน ๒๕๖๕', 'TIV6904-1078'))]);
    expect(result.data.issueDate).toBe('2022-09-11');
  });

  test('an impossible year with nothing to read it by is withheld, the candidate in checks', () => {
    const result = extractGeneric([ocrPage(invoice('๑๑ กันยายน ๒๕๒๕', 'TIV-0001'))]);
    expect(result.data.issueDate).toBeNull();
    const check = result.checks?.find((c) => c.field === 'issueDate');
    expect(check?.name).toBe('low_confidence');
    expect(check?.candidate?.value).toBeDefined();
  });

  test('a deadline beside its label is not taken for the issue date when the issue date is unreadable', () => {
    const rows: [number, string][][] = [
      [[100, 'บริษัท ทดสอบการค้า จำกัด']],
      [[1500, 'ใบกำกับภาษี']],
      [
        [1500, 'วันที่ / Date'],
        [1900, 'ไม่ชัด'],
      ],
      [
        [1500, 'วันครบกำหนด / Due Date'],
        [2000, '10/11/2569'],
      ],
    ];
    const result = extractGeneric([ocrPage(rows)]);
    expect(result.data.dueDate).toBe('2026-11-10');
    expect(result.data.issueDate).toBeNull();
  });
});

describe('legal forms of company names damaged by OCR', () => {
  test.each([
    ['หางหุ้นสวนจากด สยามการค้า', 'ห้างหุ้นส่วนจำกัด สยามการค้า'],
    ['บรษท พัฒนาดิจิทัล', 'บริษัท พัฒนาดิจิทัล'],
    ['บริษัท มั่นคงการค้า จากด', 'บริษัท มั่นคงการค้า จำกัด'],
    ['Chao Phraya Logistics 00., Ltd.', 'Chao Phraya Logistics Co., Ltd.'],
    ['Blue Lotus Foods 6๐., Ltd.', 'Blue Lotus Foods Co., Ltd.'],
    ['บริษัท บางกอกฟู้ดส์ จำกัด', 'บริษัท บางกอกฟู้ดส์ จำกัด'],
    ['Studio 00 Design', 'Studio 00 Design'],
  ])('%s -> %s', (ocr, printed) => {
    expect(restoreLegalForms(ocr)).toBe(printed);
  });

  test('an OCR page: the seller name gets its legal form back (withheld: OCR dropped its marks)', () => {
    const result = extractGeneric([
      ocrPage([
        [[100, 'หางหุ้นสวนจากด สยามการค้า']],
        [[100, '751/87 ถนนพระราม 9 ตำบลในเมือง อำเภอเมืองขอนแก่น จังหวัดขอนแก่น 40000']],
        [[1500, 'ใบกำกับภาษี']],
      ]),
    ]);
    const candidate = result.checks?.find((c) => c.name === 'low_confidence' && c.field === 'sellerName');
    expect(result.data.sellerName).toBeNull();
    expect(candidate?.candidate?.value).toBe('ห้างหุ้นส่วนจำกัด สยามการค้า');
  });
});

describe('party labels behind OCR specks', () => {
  test('specks before the buyer label on its line: the label still anchors its block', () => {
    const result = extractGeneric([
      ocrPage([
        [[100, 'บริษัท สยามเทคโนโลยี จำกัด']],
        [[1500, 'ใบแจ้งหนี้']],
        [[100, "' . | ‘ ลูกค้า / Customer"]],
        [[100, 'บริษัท ลูกค้าดี จำกัด']],
        [[100, '437 ถนนเพชรบุรี ตำบลสุเทพ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50200']],
      ]),
    ]);
    expect(result.data.sellerName).toBe('บริษัท สยามเทคโนโลยี จำกัด');
    expect(result.data.buyerName).toBe('บริษัท ลูกค้าดี จำกัด');
    expect(result.data.buyerAddress).toBe('437 ถนนเพชรบุรี ตำบลสุเทพ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50200');
  });
});
