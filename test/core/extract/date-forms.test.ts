/**
 * Issue dates as Thai business documents print them and as OCR reads them from scans. Every case and
 * its expected value is written by hand from the printed document (the date a reader sees on the
 * page), not computed by the code under test and not taken from an evaluation set.
 */
import { describe, expect, test } from 'bun:test';
import { findDates } from '../../../src/core/extract/dates.ts';
import { extractGeneric } from '../../../src/core/extract/rules.ts';
import { layoutPage, ocrPage } from './helpers.ts';

describe('every Thai date form', () => {
  test.each([
    ['วันที่ 25 เดือนสิงหาคม พ.ศ. 2569', '2026-08-25'],
    ['วันที่ 25 เดือน สิงหาคม พ.ศ.2569', '2026-08-25'],
    ['วันที่ ๒๕ เดือนสิงหาคม พ.ศ. ๒๕๖๙', '2026-08-25'],
    ['วันที่ 25 เดือน ส.ค. ปี 2569', '2026-08-25'],
    ['วันที่ 25 เดือน สิงหาคม ปี พ.ศ. 2569', '2026-08-25'],
    ['25 ส.ค. 69', '2026-08-25'],
    ['25 ส.ค.69', '2026-08-25'],
    ['25ส.ค.2569', '2026-08-25'],
    ['21 มี.ค. 69', '2026-03-21'],
    ['21 มีค 69', '2026-03-21'],
    ['21 มี.ค 69', '2026-03-21'],
    ['25 ก.ย 2569', '2026-09-25'],
    ['25 ธค. 68', '2025-12-25'],
    ['3 มกราคม ค.ศ. 2026', '2026-01-03'],
    ['3 ม.ค. 2026', '2026-01-03'],
    ['๒๕ ส.ค. ๖๙', '2026-08-25'],
    ['๒๕ สิงหาคม พ.ศ.๒๕๖๙', '2026-08-25'],
    ['15/08/69', '2026-08-15'],
    ['15-08-2569', '2026-08-15'],
    ['15.08.2569', '2026-08-15'],
    ['15-Aug-26', '2026-08-15'],
    ['25 Dec. 2025', '2025-12-25'],
  ])('%s -> %s', (text, iso) => {
    expect(findDates(text)[0]?.iso).toBe(iso);
  });

  test('พ.ศ. alone after a day is not a month', () => {
    expect(findDates('25 พ.ศ. 2569')).toEqual([]);
  });
});

describe('dates as OCR reads them from scans', () => {
  test.each([
    // Latin letters for digits: O for 0, l for 1; o for ๐ among Thai digits.
    ['15/O8/2569', '2026-08-15'],
    ['1O ส.ค. 2569', '2026-08-10'],
    ['l5/08/2569', '2026-08-15'],
    ['๑๕/o๘/๒๕๖๙', '2026-08-15'],
    ['๑o สิงหาคม ๒๕๖๙', '2026-08-10'],
    // A Thai-digit day read as no day of the month (๑ read as ๗): the one day a confusion explains.
    ['๗๕ สิงหาคม ๒๕๖๙', '2026-08-15'],
    // Digits of the day or the year set apart.
    ['2 5 สิงหาคม 2569', '2026-08-25'],
    ['25 สิงหาคม 25 69', '2026-08-25'],
    ['25 สิงหาคม 2 5 6 9', '2026-08-25'],
    // Month names with a letter misread, or spelled the common wrong way, or without marks.
    ['25 ลิงหาคม 2569', '2026-08-25'],
    ['25 ตุลาดม 2569', '2026-10-25'],
    ['25 กรกฏาคม 2569', '2026-07-25'],
    ['25 สงหาคม 2569', '2026-08-25'],
    ['25 มี.ย. 2569', '2026-06-25'],
  ])('%s -> %s', (text, iso) => {
    expect(findDates(text)[0]?.iso).toBe(iso);
  });

  test('a repaired day is less sure than a day read as printed', () => {
    const repaired = findDates('๗๕ สิงหาคม ๒๕๖๙')[0];
    const printed = findDates('๑๕ สิงหาคม ๒๕๖๙')[0];
    expect(repaired?.confidence).toBeLessThan(printed?.confidence ?? 0);
  });

  test('a Thai-digit day no single confusion makes a day is not read', () => {
    // ๔ has no look-alike: ๔๔ cannot be repaired.
    expect(findDates('๔๔ สิงหาคม ๒๕๖๙')).toEqual([]);
  });

  test('words and codes with O and l stay words: no date is made of them', () => {
    expect(findDates('No. 1O Oct')).toEqual([]);
    expect(findDates('PO 15 INV-2026-0012')).toEqual([]);
    expect(findDates('ลำดับ 2 5 รายการ')).toEqual([]);
  });

  test('two months as near to a misread word: no month is guessed', () => {
    // มีนาคม and มิถุนายน are both far from this; กันยายน and มิถุนายน are one letter apart from
    // neither. A word two letters from every month is no month.
    expect(findDates('25 กรรมการ 2569')).toEqual([]);
  });
});

const HEADER = (label: string, value: string): [number, string][][] => [
  [
    [100, 'บริษัท ทดสอบการค้า จำกัด'],
    [1500, 'ใบกำกับภาษี / TAX INVOICE'],
  ],
  [[100, '99 ถนนสุขุมวิท แขวงคลองเตย เขตคลองเตย กรุงเทพมหานคร 10110']],
  [
    [1500, 'เลขที่'],
    [1800, 'IV6908-0012'],
  ],
  [
    [1500, label],
    [1800, value],
  ],
  [
    [100, 'ลูกค้า'],
    [300, 'บริษัท ลูกค้าดี จำกัด'],
  ],
];

describe('the issue date beside each label variant, on a text layer and on a scan', () => {
  const labels = ['วันที่', 'ลงวันที่', 'วันที่ออก', 'Date', 'Issue date', 'วันที่ / Date', 'Invoice Date'];
  const garbled = ['วนที่', 'วันที', 'วัน ที่', 'Issue Dale'];
  const values = ['25/08/2569', '25 ส.ค. 69', '๒๕ สิงหาคม ๒๕๖๙', '25 เดือนสิงหาคม พ.ศ. 2569', '25 ลิงหาคม 2569'];
  for (const label of [...labels, ...garbled])
    test(`${label}: ${values.join(' | ')}`, () => {
      for (const value of values) {
        expect(extractGeneric([layoutPage(HEADER(label, value))]).data.issueDate).toBe('2026-08-25');
        expect(extractGeneric([ocrPage(HEADER(label, value))]).data.issueDate).toBe('2026-08-25');
      }
    });

  test('a Thai-digit date with OCR look-alikes on a scan, beside its label', () => {
    const page = ocrPage(HEADER('วันที่', '๒๕/o๘/๒๕๖๙'));
    expect(extractGeneric([page]).data.issueDate).toBe('2026-08-25');
  });
});

describe('letters: the date at the head, not the deadline in the body', () => {
  const letter = (head: string, body: string): [number, string][][] => [
    [[100, 'บริษัท ทดสอบการค้า จำกัด']],
    [
      [100, 'ที่ ทก 123/2569'],
      [1700, head],
    ],
    [[100, 'เรื่อง ขอให้ชำระหนี้ค้างชำระ']],
    [[100, 'เรียน กรรมการผู้จัดการ บริษัท ลูกค้าดี จำกัด']],
    [[200, body]],
  ];
  const cases: [string, string][] = [
    ['25 สิงหาคม 2569', 'ขอให้ท่านชำระภายในวันที่ 1 กันยายน 2569 ด้วย'],
    ['วันที่ 25 สิงหาคม 2569', 'กรุณาชำระเงินภายใน 7 วัน คือวันที่ 1 กันยายน 2569'],
    ['๒๕ สิงหาคม ๒๕๖๙', 'ตามหนังสือลงวันที่ 1 สิงหาคม 2569 ขอให้ชำระภายในวันที่ 1 กันยายน 2569'],
    ['25 ส.ค. 69', 'โปรดชำระก่อนวันที่ 1 ก.ย. 69'],
  ];
  for (const [head, body] of cases)
    test(`${head} / ${body}`, () => {
      expect(extractGeneric([layoutPage(letter(head, body))]).data.issueDate).toBe('2026-08-25');
      expect(extractGeneric([ocrPage(letter(head, body))]).data.issueDate).toBe('2026-08-25');
    });
});

describe('a year OCR garbled, read by the document own years', () => {
  test('a Thai-digit year read as Latin letters takes the one year the document prints', () => {
    expect(findDates('ลงวันที่ ๑๑ กันยายน bebe', { years: new Set([2026]) })[0]?.iso).toBe('2026-09-11');
    expect(findDates('ลงวันที่ ๑๑ กันยายน bebe')).toEqual([]);
    expect(findDates('ลงวันที่ ๑๑ กันยายน bebe', { years: new Set([2025, 2026]) })).toEqual([]);
    expect(findDates('25 สิงหาคม Total', { years: new Set([2026]) })).toEqual([]);
  });

  const invoice = (issue: string, due: string): [number, string][][] => [
    [[100, 'บริษัท ทดสอบการค้า จำกัด']],
    [[1500, 'ใบกำกับภาษี']],
    [
      [1500, 'เลขที่ / No.'],
      [1800, 'TIV6904-1078'],
    ],
    [
      [1500, 'ลงวันที่ / Date'],
      [1800, issue],
    ],
    [
      [1500, 'วันครบกำหนด / Due Date'],
      [1800, due],
    ],
  ];

  test('on a scan: the issue date with a garbled year, the due date with a year read unsurely', () => {
    const page = ocrPage(invoice('๑๑ กันยายน bebe', '๑๐ พฤศจิกายน ๒๕๐'), 0.9, { bebe: 0.3, '๒๕๐': 0.45 });
    const r = extractGeneric([page]);
    expect(r.data.issueDate).toBe('2026-09-11');
    expect(r.data.dueDate).toBe('2026-11-10');
  });

  test('a day read unsurely is still withheld', () => {
    const page = ocrPage(invoice('๑๑ กันยายน ๒๕๖๙', '๑๐ พฤศจิกายน ๒๕๖๙'), 0.9, { '๑๐': 0.45 });
    const r = extractGeneric([page]);
    expect(r.data.dueDate).toBeNull();
    expect(r.data.issueDate).toBe('2026-09-11');
  });

  test('the English half of a bilingual date label whose Thai half OCR garbled', () => {
    const r = extractGeneric([ocrPage(HEADER('SUA / Date', '25/08/2569'))]);
    expect(r.data.issueDate).toBe('2026-08-25');
  });
});

describe('a date wrapped inside a narrow cell of a grid', () => {
  /** A header grid: labels, then a value cut after a separator, its rest lower by `drop` units. */
  const grid = (drop: number) => {
    const page = layoutPage([
      [[150, 'Blue Lotus Solutions Co., Ltd.']],
      [[1700, 'DELIVERY NOTE']],
      [
        [230, 'Document'],
        [520, 'Date'],
        [800, 'Customer'],
      ],
      [
        [230, 'No.'],
        [800, 'PO'],
      ],
      [
        [230, 'SD6902-'],
        [520, '11-Nov-'],
        [800, 'PO-2026-'],
      ],
      [
        [230, '2118'],
        [520, '2026'],
        [800, '6101'],
      ],
    ]);
    for (const block of page.blocks.slice(-3))
      for (const item of [block, ...block.lines, ...block.lines.flatMap((l) => l.words)]) {
        item.bbox = [item.bbox[0], item.bbox[1] + drop, item.bbox[2], item.bbox[3] + drop];
      }
    return extractGeneric([page]).data;
  };

  test('its rest is read on the line under it, even with loose line spacing', () => {
    for (const drop of [0, 30]) {
      const data = grid(drop);
      expect(data.issueDate).toBe('2026-11-11');
      expect(data.documentNumber).toBe('SD6902-2118');
    }
  });
});

describe('dates that are not the issue date', () => {
  test('a date under a citation that ends with its date label is not the issue date', () => {
    const data = extractGeneric([
      layoutPage([
        [[150, 'Lanna Solutions Company Limited']],
        [[1700, 'PURCHASE ORDER']],
        [[1300, 'No. PUR6908-8198']],
        [[1300, 'Ref. Quotation QT202603021 dated']],
        [[1300, '22/10/2026']],
      ]),
    ]).data;
    expect(data.documentNumber).toBe('PUR6908-8198');
    expect(data.issueDate).toBeNull();
  });

  test('a date under a due-date heading of a grid is not the issue date', () => {
    const data = extractGeneric([
      layoutPage([
        [[150, 'Blue Lotus Foods Co., Ltd.']],
        [[1040, 'BILLING NOTE']],
        [
          [230, 'Number'],
          [960, 'Due Date'],
        ],
        [
          [230, 'BN202609801'],
          [960, '09-Sep-2026'],
        ],
      ]),
    ]).data;
    expect(data.dueDate).toBe('2026-09-09');
    expect(data.issueDate).toBeNull();
  });
});
