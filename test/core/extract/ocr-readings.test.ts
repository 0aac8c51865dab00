/**
 * Scans whose OCR misread a value the rules would otherwise answer with full confidence (issue 17):
 * a document number whose letter prefix OCR read as digits, a Thai-digit year OCR set apart digit by
 * digit, an amount after a `#` label. Documents and expected values are written by hand.
 */
import { describe, expect, test } from 'bun:test';
import { findDates } from '../../../src/core/extract/dates.ts';
import { misreadSigns } from '../../../src/core/extract/doubt.ts';
import { restoreAddressWords } from '../../../src/core/extract/parties.ts';
import { parseDocumentNumber } from '../../../src/core/extract/identifiers.ts';
import { extractGeneric } from '../../../src/core/extract/rules.ts';
import { layoutPage, ocrPage } from './helpers.ts';

const withheld = (r: ReturnType<typeof extractGeneric>, field: string) =>
  r.checks?.find((c) => c.name === 'low_confidence' && c.field === field)?.candidate?.value;

const head = (number: string, more: [number, string][][] = []): [number, string][][] => [
  [[150, 'บริษัท ล้านนาวิศวกรรม โลจิสติกส์ จำกัด']],
  [[150, '99/1 ถนนนิมมานเหมินท์ ตำบลสุเทพ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50200']],
  [[1700, 'ใบวางบิล']],
  [
    [1500, 'เลขที่'],
    [1800, number],
  ],
  ...more,
];

describe('a document number whose letter prefix OCR read as digits', () => {
  test('digits only where the letters stood: withheld, the candidate in checks', () => {
    // Printed BI256905-0012: OCR read B as 8 and I as 1.
    const r = extractGeneric([ocrPage(head('81256905-0012'))]);
    expect(r.data.documentNumber).toBeNull();
    expect(withheld(r, 'documentNumber')).toBe('81256905-0012');
    // Printed DO690911-0034: D and O both read as 0.
    expect(extractGeneric([ocrPage(head('00690911-0034'))]).data.documentNumber).toBeNull();
  });

  test('printed again with its letters on the page: that reading is the answer', () => {
    const r = extractGeneric([ocrPage(head('81256905-0012', [[[150, 'อ้างอิง BI256905-0012 หน้า 1/1']]]))]);
    expect(r.data.documentNumber).toBe('BI256905-0012');
  });

  test('numbers that open with their date, or have their letters, are answered', () => {
    expect(extractGeneric([ocrPage(head('256905-0012'))]).data.documentNumber).toBe('256905-0012');
    expect(extractGeneric([ocrPage(head('970/2569'))]).data.documentNumber).toBe('970/2569');
    // Digits only, with no year and month after a digit or two: printed so.
    expect(extractGeneric([ocrPage(head('6750396438'))]).data.documentNumber).toBe('6750396438');
    expect(extractGeneric([ocrPage(head('BL6908-0003'))]).data.documentNumber).toBe('BL6908-0003');
    // A text layer prints what it means.
    expect(extractGeneric([layoutPage(head('81256905-0012'))]).data.documentNumber).toBe('81256905-0012');
  });
});

describe('dates and numbers OCR spaced or mistook', () => {
  test('a Thai-digit year OCR set apart digit by digit is read', () => {
    expect(findDates('วันที่ / Date: ๒ มี น าคม ๒ ๕ ๖ ๙').map((d) => d.iso)).toEqual(['2026-03-02']);
    const r = extractGeneric([
      ocrPage([
        [[1700, 'ใบเสร็จรับเงิน']],
        [[1300, 'เลขที่ / No.: RC-69/9785']],
        [[1300, 'วันที่ / Date: ๒ มี น าคม ๒ ๕ ๖ ๙']],
      ]),
    ]);
    expect(r.data.issueDate).toBe('2026-03-02');
  });

  test('an amount after a # label is not the document number', () => {
    const r = extractGeneric([
      ocrPage([
        [[1700, 'ใบสั่งซื้อ']],
        [
          [1300, 'ภาษีมูลค่าเพิ่ม 7%'],
          [2000, '#49,180.79'],
        ],
      ]),
    ]);
    expect(r.data.documentNumber).toBeNull();
    expect(withheld(r, 'documentNumber')).toBeUndefined();
  });
});

describe('a doubted value is withheld whatever the page confidence', () => {
  const invoice = (name: string): [number, string][][] => [
    [[150, name]],
    [[150, '99/1 ถนนนิมมานเหมินท์ ตำบลสุเทพ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50200']],
    [[1700, 'ใบกำกับภาษี']],
  ];

  test('a name with an impossible spelling on a page OCR read at 0.96', () => {
    const r = extractGeneric([ocrPage(invoice('บริษัท ล้านนาวศิวกรรม โลจสิตกิส์จจํกดั'), 0.96)]);
    expect(r.data.sellerName).toBeNull();
    expect(withheld(r, 'sellerName')).toBe('บริษัท ล้านนาวศิวกรรม โลจสิตกิส์จจํกดั');
  });

  test('the same name spelled as printed, on the same page, is answered', () => {
    const name = 'บริษัท ล้านนาวิศวกรรม โลจิสติกส์ จำกัด';
    expect(extractGeneric([ocrPage(invoice(name), 0.96)]).data.sellerName).toBe(name);
  });
});

describe('more signs that OCR misread a name or an address', () => {
  test('an amount without thousands is not a document number', () => {
    expect(parseDocumentNumber('266.08')).toBeNull();
    expect(parseDocumentNumber('1,250')).toBeNull();
    expect(parseDocumentNumber('970/2569')).toBe('970/2569');
    expect(parseDocumentNumber('IV-266.08')).toBe('IV-266.08');
  });

  test('letters glued before the legal form that opens a name', () => {
    expect(misreadSigns('นบริษัทบ้านสวนเกษตร คอนซัลแตนท์ จำกัด')).toContain('letters glued before the legal form');
    expect(misreadSigns('บริษัท บ้านสวนเกษตร คอนซัลแตนท์ จำกัด')).toEqual([]);
    expect(misreadSigns('ห้างหุ้นส่วนจำกัด กั้นห้องเชียงใหม่')).toEqual([]);
  });

  test('a place name an address prints twice, read two ways', () => {
    expect(
      misreadSigns('889 ม.1 ซ.โรจนะ 16 ถ.โรจนะ ต.คลองสวนพลู อ.พระนครศรีอยุธยา จ.พระนครศรอยุธยา 13000'),
    ).toContain('a place name read two ways');
    expect(
      misreadSigns('889 ม.1 ซ.โรจนะ 16 ถ.โรจนะ ต.คลองสวนพลู อ.พระนครศรีอยุธยา จ.พระนครศรีอยุธยา 13000'),
    ).toEqual([]);
    // Different places whose names share letters are not one name read twice.
    expect(misreadSigns('12 ถนนสุขุมวิท แขวงคลองเตย เขตคลองเตย กรุงเทพฯ 10110')).toEqual([]);
    expect(misreadSigns('2/21 หมู่ที่ 10 ถนนพหลโยธิน ตำบลคลองหนึ่ง อำเภอคลองหลวง จังหวัดปทุมธานี 12120')).toEqual([]);
    expect(misreadSigns('5 ถนนเพชรบุรี ตำบลในเมือง อำเภอเมืองขอนแก่น จังหวัดขอนแก่น 40000')).toEqual([]);
  });

  test('a province slot holding no province, one or two characters from one', () => {
    expect(misreadSigns('53/1-10 ถนนสรงประภา แขวงดอนเมือง เขตดอนเมือง กรงุเทพฯ 10210')).toContain(
      'a province no map prints',
    );
    expect(misreadSigns('12 หมู่ 3 ตำบลบางพูด อำเภอปากเกร็ด จังหวัดนนทบรี 11120')).toContain(
      'a province no map prints',
    );
    expect(misreadSigns('53/1-10 ถนนสรงประภา แขวงดอนเมือง เขตดอนเมือง กรุงเทพฯ 10210')).toEqual([]);
    expect(misreadSigns('12 หมู่ 3 ตำบลบางพูด อำเภอปากเกร็ด จังหวัดนนทบุรี 11120')).toEqual([]);
    expect(misreadSigns('1 ถนนสีลม แขวงสีลม เขตบางรัก กรุงเทพมหานคร 10500')).toEqual([]);
  });

  test('an address cut after a place-name word is withheld on a scan', () => {
    const page = (address: string) =>
      ocrPage([[[150, 'บริษัท สามพรานโลหะกิจ จำกัด']], [[150, address]], [[1700, 'ใบกำกับภาษี']]]);
    const cut = '62/5-10 ซอยโรจนะ 89 ถนนโรจนะ ตำบลคลองสวนพลู อำเภอพระนครศรีอยุธยา จังหวัด';
    const r = extractGeneric([page(cut)]);
    expect(r.data.sellerAddress).toBeNull();
    expect(withheld(r, 'sellerAddress')).toBe(cut);
    const whole = `${cut}พระนครศรีอยุธยา 13000`;
    expect(extractGeneric([page(whole)]).data.sellerAddress).toBe(whole);
  });
});

describe('labels OCR read without their marks, unsure words in names', () => {
  const wht = (name: string, address: string, unsure: Record<string, number> = {}) =>
    ocrPage(
      [
        [[1200, 'หนังสือรับรองการหักภาษี ณ ที่จ่าย']],
        [[150, 'ผู้มีหน้าที่หักภาษี ณ ที่จ่าย :']],
        [[150, name]],
        [[150, address]],
      ],
      0.96,
      unsure,
    );

  test('ชื่อ and ที่อยู่ read as ชอ and ทอย are labels, not part of the name and the address', () => {
    const r = extractGeneric([
      wht(
        'ชอ บริษัท บ้านสวนเกษตร อิเล็คทริค จำกัด',
        'ทอย เลขที่ 64/240 ถนนสุขุมวิท ตำบลมาบตาพุด อำเภอเมืองระยอง จังหวัดระยอง 21150',
      ),
    ]);
    expect(r.data.buyerName).toBe('บริษัท บ้านสวนเกษตร อิเล็คทริค จำกัด');
    expect(r.data.buyerAddress).toBe('เลขที่ 64/240 ถนนสุขุมวิท ตำบลมาบตาพุด อำเภอเมืองระยอง จังหวัดระยอง 21150');
  });

  test('a name with a word OCR read at 0.7 is withheld; the address read surely under it is answered', () => {
    const r = extractGeneric([
      wht('ชื่อ นางปียะนุช วิ้มวัฒนา', 'เลขที่ 8 ถนนสุขุมวิท ตำบลมาบตาพุด อำเภอเมืองระยอง จังหวัดระยอง 21150', {
        วิ้มวัฒนา: 0.7,
      }),
    ]);
    expect(r.data.buyerName).toBeNull();
    expect(withheld(r, 'buyerName')).toBe('นางปียะนุช วิ้มวัฒนา');
    expect(r.data.buyerAddress).toBe('เลขที่ 8 ถนนสุขุมวิท ตำบลมาบตาพุด อำเภอเมืองระยอง จังหวัดระยอง 21150');
  });
});

describe('marks OCR dropped', () => {
  test('ชั้น and ห้อง read without their marks are given them back in an address', () => {
    expect(restoreAddressWords('328 อาคารวรสิทธิ์ ชัน 6 หอง 602 ถนนสรงประภา')).toBe(
      '328 อาคารวรสิทธิ์ ชั้น 6 ห้อง 602 ถนนสรงประภา',
    );
  });

  test('a long Thai name without a single mark is doubted; a short one is not', () => {
    expect(misreadSigns('รานอนเนเวทพ เอนจเนยรง')).toContain('long Thai text without a single mark');
    expect(misreadSigns('ร้านอินโนเวทีฟ เอ็นจิเนียริ่ง')).toEqual([]);
    expect(misreadSigns('นางสาวกมลา ทองมา')).toEqual([]);
  });
});
