/**
 * Forms beyond the first set's original templates: a seller's letterhead that prints a trading name
 * without a legal form and without a label, and party labels that OCR misread by a letter of the same
 * shape. Expected values are written by hand from the printed documents, not computed by the code
 * under test.
 */
import { describe, expect, test } from 'bun:test';
import { findDates } from '../../../src/core/extract/dates.ts';
import { looseLabelAt } from '../../../src/core/extract/loose-labels.ts';
import { buildText } from '../../../src/core/extract/layout.ts';
import { extractGeneric } from '../../../src/core/extract/rules.ts';
import { layoutPage, ocrPage } from './helpers.ts';

/** A tax invoice: letterhead (name, address, tax ID) top left, title right, the buyer under a label. */
const invoice = (seller: string, buyerLabel: string, buyer: string): [number, string][][] => [
  [
    [100, seller],
    [1500, 'ใบกำกับภาษี'],
  ],
  [[100, '99/1 ถนนสีลม แขวงสีลม เขตบางรัก กรุงเทพมหานคร 10500']],
  [[100, 'เลขประจำตัวผู้เสียภาษี 0105561000011 สำนักงานใหญ่']],
  [
    [1500, 'เลขที่'],
    [1800, 'IV6912-0001'],
  ],
  [
    [100, `${buyerLabel} ${buyer}`],
    [1500, 'วันที่'],
    [1800, '7 ธันวาคม 2569'],
  ],
  [[100, '12 ถนนพหลโยธิน แขวงจตุจักร เขตจตุจักร กรุงเทพมหานคร 10900']],
];

describe('a letterhead seller without a legal form or a label', () => {
  test('a trading name whose consonants are split by vowels (สยามการพิมพ์) is the seller', () => {
    for (const page of [layoutPage, ocrPage]) {
      const result = extractGeneric([page(invoice('สยามการพิมพ์', 'ลูกค้า', 'บริษัท ทองดีการค้า จำกัด'))]);
      expect(result.data.sellerName).toBe('สยามการพิมพ์');
      expect(result.data.buyerName).toBe('บริษัท ทองดีการค้า จำกัด');
    }
  });

  test('a shop (ร้าน…) and a public company (… จำกัด (มหาชน)) keep their whole printed name', () => {
    const shop = extractGeneric([layoutPage(invoice('ร้านเจริญการค้า', 'นามลูกค้า', 'หจก. มั่นคงวิศวกรรม'))]);
    expect(shop.data.sellerName).toBe('ร้านเจริญการค้า');
    expect(shop.data.buyerName).toBe('หจก. มั่นคงวิศวกรรม');
    const pcl = extractGeneric([
      layoutPage(invoice('บริษัท สยามการพิมพ์ จำกัด (มหาชน)', 'ชื่อผู้ซื้อ', 'นางสาวกาญจนา มีสุข')),
    ]);
    expect(pcl.data.sellerName).toBe('บริษัท สยามการพิมพ์ จำกัด (มหาชน)');
    expect(pcl.data.buyerName).toBe('นางสาวกาญจนา มีสุข');
  });
});

describe('party labels OCR misread by a letter of the same shape', () => {
  const cell = (text: string) => buildText([{ text, space: false }]);

  test('Thai labels with a look-alike consonant, and English ones with a look-alike or lost letter', () => {
    // ผู้ซื้อ read with ช for ซ; ลูกค้า with ศ for ค; นามลูกค้า with ถ for ล; Customer with l for t.
    expect(looseLabelAt(cell('ผู้ชื้อ นางสาวกาญจนา'), ['ผู้ซื้อ'])).not.toBeNull();
    expect(looseLabelAt(cell('ลูกศ้า บริษัท ทองดี จำกัด'), ['ลูกค้า'])).not.toBeNull();
    expect(looseLabelAt(cell('นามถูกค้า ร้านทองดี'), ['นามลูกค้า'])).not.toBeNull();
    expect(looseLabelAt(cell('Cuslomer: Golden Foods'), ['customer'])?.end).toBe('Cuslomer'.length);
    expect(looseLabelAt(cell('Bil To: Golden Foods'), ['bill to'])?.end).toBe('Bil To'.length);
  });

  test('other words are not labels: Sender is not Vendor, Customs is not Customer, Sellers Road goes on', () => {
    expect(looseLabelAt(cell('Sender: Somchai'), ['vendor'])).toBeNull();
    expect(looseLabelAt(cell('Customs duty'), ['customer'])).toBeNull();
    expect(looseLabelAt(cell('Sellersville'), ['seller'])).toBeNull();
    expect(looseLabelAt(cell('ผู้ส่งของ'), ['ผู้ซื้อ'])).toBeNull();
  });

  test('on an OCR page the misread label still anchors the buyer; a text layer is read as printed', () => {
    for (const label of ['ผู้ชื้อ', 'ลูกศ้า', 'ชื่อลูกด้า']) {
      const result = extractGeneric([ocrPage(invoice('บริษัท สยามการพิมพ์ จำกัด', label, 'นางสาวกาญจนา มีสุข'))]);
      expect(result.data.buyerName).toBe('นางสาวกาญจนา มีสุข');
      expect(result.data.sellerName).toBe('บริษัท สยามการพิมพ์ จำกัด');
    }
    const english = extractGeneric([
      ocrPage(invoice('บริษัท สยามการพิมพ์ จำกัด', 'Cuslomer', 'Golden Foods Co., Ltd.')),
    ]);
    expect(english.data.buyerName).toBe('Golden Foods Co., Ltd.');
    const printed = extractGeneric([layoutPage(invoice('บริษัท สยามการพิมพ์ จำกัด', 'ผู้ชื้อ', 'นางสาวกาญจนา มีสุข'))]);
    expect(printed.data.buyerName).toBeNull();
  });
});

/** A form with the number and dates on one line under the title, the parties below it. */
const inlineMeta = (meta: string, sellerLines: string[], buyerLines: string[]): [number, string][][] => [
  [[900, 'INVOICE']],
  [[400, meta]],
  [
    [100, 'Seller'],
    [1300, 'Buyer'],
  ],
  ...sellerLines.map((line, i): [number, string][] => [
    [100, line],
    [1300, buyerLines[i] ?? ''],
  ]),
];

describe('labels of accounting-software and hand-made forms', () => {
  test('the date after the number on one meta line, and ว/ด/ป (day/month/year) as the date label', () => {
    const english = extractGeneric([
      layoutPage(
        inlineMeta(
          'Invoice No. INV6910-9257 Date 02/08/2026 Due Date 09/08/2026',
          ['Siam Solutions Company Limited', 'Tax ID 0105594343911 Head Office'],
          ['Golden Solutions Co., Ltd.', 'Tax ID 0105519602149 Branch 00017'],
        ),
      ),
    ]);
    expect(english.data.documentNumber).toBe('INV6910-9257');
    expect(english.data.issueDate).toBe('2026-08-02');
    // The head of the document, not a date in a sentence: answered with a label's full confidence.
    expect(english.fields.issueDate?.confidence).toBeGreaterThan(0.9);
    expect(english.data.dueDate).toBe('2026-08-09');
    const thai = extractGeneric([
      layoutPage([
        [[900, 'ใบลดหนี้/ใบกำกับภาษี']],
        [[400, 'เล่มที่/เลขที่ CN-2026-9930 ว/ด/ป 5 ตุลาคม 2569']],
        [[100, 'อ้างอิงใบกำกับภาษีเลขที่ INV-69/2576 ลงวันที่ 19 กันยายน 2569']],
      ]),
    ]);
    expect(thai.data.documentNumber).toBe('CN-2026-9930');
    expect(thai.data.issueDate).toBe('2026-10-05');
  });

  test('Doc. No. and เลขที่ใบกำกับ label the document number', () => {
    const doc = extractGeneric([
      layoutPage([
        [[100, 'BILLING NOTE']],
        [
          [1500, 'Doc. No.'],
          [1800, 'BL-2026-4353'],
        ],
      ]),
    ]);
    expect(doc.data.documentNumber).toBe('BL-2026-4353');
    const thai = extractGeneric([layoutPage([[[100, 'ใบเสร็จรับเงิน']], [[1500, 'เลขที่ใบกำกับ RE-2026-4242']]])]);
    expect(thai.data.documentNumber).toBe('RE-2026-4242');
  });

  test('สาขาเลขที่ 00022 is branch 00022', () => {
    const result = extractGeneric([
      layoutPage(
        inlineMeta(
          'No. DL-2025-2912 Date 25/03/2025',
          ['ห้างหุ้นส่วนจำกัด มั่นคงโลจิสติกส์', 'เลขประจำตัวผู้เสียภาษี 0105535342245 สาขาเลขที่ 00022'],
          ['ร้านมั่นคงซัพพลาย', 'เลขประจำตัวผู้เสียภาษี 0105519602149 สำนักงานใหญ่'],
        ),
      ),
    ]);
    expect(result.data.sellerBranch).toBe('00022');
    expect(result.data.buyerBranch).toBe('00000');
  });

  test('a legal form that wraps under the label (Customer … Company / Limited, … Limited / Partnership)', () => {
    const page = (name: string, wrapped: string) =>
      layoutPage([
        [[100, 'Lanna Trading Public Company Limited']],
        [[100, '464 Ratchadaphisek Road, Mueang Khon Kaen, Khon Kaen 40000']],
        [[1300, 'QUOTATION']],
        [
          [100, `Customer ${name}`],
          [1300, 'Date'],
          [1600, '2026-03-12'],
        ],
        [[100, wrapped]],
        [[100, '690 Rama 9 Road, Bang Rak, Bangkok 10500']],
      ]);
    expect(extractGeneric([page('Blue Lotus Solutions Public Company', 'Limited')]).data.buyerName).toBe(
      'Blue Lotus Solutions Public Company Limited',
    );
    expect(extractGeneric([page('Blue Lotus Technology Limited', 'Partnership')]).data.buyerName).toBe(
      'Blue Lotus Technology Limited Partnership',
    );
  });

  test("a purchase order on the seller's form (letterhead, then Bill To another company): the letterhead sells", () => {
    const result = extractGeneric([
      layoutPage([
        [[1300, 'หจก. รุ่งเรืองวิศวกรรม']],
        [
          [100, 'ใบสั่งซื้อ'],
          [1300, 'เลขที่ 52/40 หมู่ 11 ตำบลบางพูด อำเภอปากเกร็ด จังหวัดนนทบุรี 11120'],
        ],
        [[1300, 'เลขประจำตัวผู้เสียภาษี 0105510301235 สำนักงานใหญ่']],
        [
          [100, 'นามลูกค้า / Bill To:'],
          [1300, 'เลขที่ PUR6901-7217'],
        ],
        [
          [100, 'บริษัท อุดมฟู้ดส์ จำกัด (มหาชน)'],
          [1300, 'วันที่ 18 พ.ย. 69'],
        ],
        [[100, '204 ถนนพหลโยธิน แขวงห้วยขวาง เขตห้วยขวาง กรุงเทพมหานคร 10310']],
      ]),
    ]);
    expect(result.data.sellerName).toBe('หจก. รุ่งเรืองวิศวกรรม');
    expect(result.data.buyerName).toBe('บริษัท อุดมฟู้ดส์ จำกัด (มหาชน)');
  });
});

describe('what OCR joined to a letterhead name on its line', () => {
  /** The letterhead's first line as OCR read it (one line), then the seller's address and tax ID. */
  const page = (first: string) =>
    ocrPage([
      [[100, first]],
      [[100, '99/1 ถนนสีลม แขวงสีลม เขตบางรัก กรุงเทพมหานคร 10500']],
      [[100, 'เลขประจำตัวผู้เสียภาษี 0105561000011 สำนักงานใหญ่']],
      [
        [1500, 'เลขที่'],
        [1800, 'IV6912-0001'],
      ],
      [
        [100, 'ลูกค้า บริษัท ทองดี จำกัด'],
        [1500, 'วันที่'],
        [1800, '7 ธันวาคม 2569'],
      ],
    ]);
  const seller = (first: string) => extractGeneric([page(first)]).data.sellerName;

  test('the title, a copy mark or a house number after the legal form is not the name', () => {
    expect(seller('บริษัท สยามการพิมพ์ จำกัด ใบกำกับภาษี')).toBe('บริษัท สยามการพิมพ์ จำกัด');
    expect(seller('บริษัท สยามการพิมพ์ จำกัด (มหาชน) ต้นฉบับ')).toBe('บริษัท สยามการพิมพ์ จำกัด (มหาชน)');
    expect(seller('Siam Printing Co., Ltd. TAX INVOICE')).toBe('Siam Printing Co., Ltd.');
    expect(seller('บริษัท สยามการพิมพ์ จำกัด เลขที่ 99/1')).toBe('บริษัท สยามการพิมพ์ จำกัด');
    expect(seller('Blue Lotus Technology Limited Partnership INVOICE')).toBe(
      'Blue Lotus Technology Limited Partnership',
    );
  });

  test('a name without a legal form ends before the title; specks at its edges go', () => {
    expect(seller('สยามการพิมพ์ ใบกำกับภาษี/ใบเสร็จรับเงิน')).toBe('สยามการพิมพ์');
    expect(seller('| บริษัท สยามการพิมพ์ จำกัด |')).toBe('บริษัท สยามการพิมพ์ จำกัด');
  });

  test('the opening form ห้างหุ้นส่วนจำกัด and a title word inside a name are kept', () => {
    expect(seller('ห้างหุ้นส่วนจำกัด มั่นคงโลจิสติกส์ ใบเสร็จรับเงิน')).toBe('ห้างหุ้นส่วนจำกัด มั่นคงโลจิสติกส์');
    expect(seller('บริษัท ใบเสร็จดี จำกัด')).toBe('บริษัท ใบเสร็จดี จำกัด');
  });
});

describe('dates whose letters OCR read as Latin look-alikes', () => {
  test("an abbreviated Thai month's first letter read n, w or u (ก, พ, ม), a year's 5 read S", () => {
    expect(findDates('7 n.ย. 2569')[0]?.iso).toBe('2026-09-07');
    expect(findDates('7 w.ย. 2569')[0]?.iso).toBe('2026-11-07');
    expect(findDates('18 W.ย. 69')[0]?.iso).toBe('2026-11-18');
    expect(findDates('1 u.ค. 2570')[0]?.iso).toBe('2027-01-01');
    expect(findDates('07/12/2S69')[0]?.iso).toBe('2026-12-07');
  });

  test('the same letters elsewhere stay letters', () => {
    expect(findDates('Invoice no. 2569')).toEqual([]);
    expect(findDates('SB-12/2569')).toEqual([]);
  });
});

describe('a misread label is a guess', () => {
  test('it never replaces the letterhead (the issuer) nor bounds it: ผู้ชาย (a man) is shaped like ผู้ขาย', () => {
    const result = extractGeneric([
      ocrPage([
        [[100, 'หมายเหตุ']],
        [[100, 'ผู้ชาย 2 คน ติดตั้งระบบ วันเสาร์']],
        [[100, 'บริษัท สยามการพิมพ์ จำกัด']],
        [[100, '99/1 ถนนสีลม แขวงสีลม เขตบางรัก กรุงเทพมหานคร 10500']],
        [[1500, 'ใบกำกับภาษี']],
        [
          [100, 'ลูกค้า บริษัท ทองดีการค้า จำกัด'],
          [1500, 'วันที่ 7 ธันวาคม 2569'],
        ],
      ]),
    ]);
    expect(result.data.sellerName).toBe('บริษัท สยามการพิมพ์ จำกัด');
    expect(result.data.buyerName).toBe('บริษัท ทองดีการค้า จำกัด');
  });

  test("it does not make a purchase order's letterhead the seller", () => {
    const result = extractGeneric([
      ocrPage([
        [[100, 'บริษัท ทองดีการค้า จำกัด']],
        [[100, '12 ถนนพหลโยธิน แขวงจตุจักร เขตจตุจักร กรุงเทพมหานคร 10900']],
        [[1500, 'ใบสั่งซื้อ']],
        [
          [100, 'ผู้ชื้อ นางสาวกาญจนา มีสุข'],
          [1500, 'เลขที่ PO-2569-0012'],
        ],
      ]),
    ]);
    expect(result.data.buyerName).toBe('บริษัท ทองดีการค้า จำกัด');
    expect(result.data.sellerName).toBeNull();
  });
});
