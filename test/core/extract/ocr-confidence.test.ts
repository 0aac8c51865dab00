/**
 * Honest confidence on scans (issue 17): a value read from OCR text with signs of misreading is
 * withheld (null, its candidate in `checks`) instead of answered with full confidence. Documents and
 * expected values are written by hand.
 */
import { describe, expect, test } from 'bun:test';
import { misreadSigns } from '../../../src/core/extract/doubt.ts';
import { extractGeneric } from '../../../src/core/extract/rules.ts';
import { layoutPage, ocrPage } from './helpers.ts';

const withheld = (r: ReturnType<typeof extractGeneric>, field: string) =>
  r.checks?.find((c) => c.name === 'low_confidence' && c.field === field)?.candidate?.value;

describe('signs that OCR misread Thai text', () => {
  test('spellings Thai cannot print', () => {
    expect(misreadSigns('บริษัท ล้านนาวิศวกรรม โลจิสติกส์ จำกัด')).toEqual([]);
    expect(misreadSigns('ห้างหุ้นส่วนจำกัด กั้นห้องเชียงใหม่')).toEqual([]);
    // ั at the end of a word, a lone nikhahit, a tone mark with no consonant under it.
    expect(misreadSigns('บริษัท โลจสิตกิส์จจํกดั')).toContain('impossible Thai spelling');
    expect(misreadSigns('บริษัท ่ศรีสยาม จำกัด')).toContain('impossible Thai spelling');
  });

  test('Latin and Thai mixed in one word, a stray lower-case Latin word, a symbol', () => {
    expect(misreadSigns('บริษัท บูรพาขนส่ง Jadจำกัด')).toContain('Latin and Thai letters in one word');
    expect(misreadSigns('บริษัท เอเชียคอมพิวเตอร์ Had จำกัด')).toContain('a stray Latin word among Thai words');
    expect(misreadSigns('บริษัท SCG แพคเกจจิ้ง จำกัด')).toEqual([]);
    expect(misreadSigns('467 ¥.1 ซ.มิตรภาพ 104')).toContain('a symbol no name or address prints');
  });
});

const invoice = (name: string, total: string): [number, string][][] => [
  [[150, name]],
  [[150, '99/1 ถนนนิมมานเหมินท์ ตำบลสุเทพ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50200']],
  [[1700, 'ใบกำกับภาษี']],
  [
    [1500, 'รวมเป็นเงิน'],
    [2150, '10,000.00'],
  ],
  [
    [1500, 'ภาษีมูลค่าเพิ่ม 7%'],
    [2150, '700.00'],
  ],
  [
    [1500, 'จำนวนเงินรวมทั้งสิ้น'],
    [2150, total],
  ],
];

describe('honest confidence on OCR pages', () => {
  test('a name with an impossible spelling is withheld, with its candidate in checks', () => {
    const r = extractGeneric([ocrPage(invoice('บริษัท ล้านนาวศิวกรรม โลจสิตกิส์จจํกดั', '10,700.00'))]);
    expect(r.data.sellerName).toBeNull();
    expect(withheld(r, 'sellerName')).toBe('บริษัท ล้านนาวศิวกรรม โลจสิตกิส์จจํกดั');
    expect(r.checks?.some((c) => c.name === 'ocr_misread' && c.field === 'sellerName')).toBe(true);
  });

  test('a name that reads like printed Thai, recognised surely, is answered', () => {
    const r = extractGeneric([ocrPage(invoice('บริษัท ล้านนาวิศวกรรม โลจิสติกส์ จำกัด', '10,700.00'))]);
    expect(r.data.sellerName).toBe('บริษัท ล้านนาวิศวกรรม โลจิสติกส์ จำกัด');
  });

  test('a name whose words OCR was unsure of is withheld', () => {
    const r = extractGeneric([
      ocrPage(invoice('บริษัท นวเจเนอเรชน มารเกตตง จำกัด', '10,700.00'), 0.9, { นวเจเนอเรชน: 0.4 }),
    ]);
    expect(r.data.sellerName).toBeNull();
  });

  test('a total that neither subtotal + VAT nor words confirm is withheld on a scan', () => {
    const scan = extractGeneric([ocrPage(invoice('บริษัท ล้านนาวิศวกรรม โลจิสติกส์ จำกัด', '10,780.00'))]);
    expect(scan.data.total).toBeNull();
    expect(withheld(scan, 'total')).toBe(10780);
    // A text layer prints what it means: the same page keeps its printed total.
    const digital = extractGeneric([layoutPage(invoice('บริษัท ล้านนาวิศวกรรม โลจิสติกส์ จำกัด', '10,780.00'))]);
    expect(digital.data.total).toBe(10780);
  });

  test('a name read differently elsewhere on the page is withheld; read the same, it is answered', () => {
    const page = (signature: string) =>
      ocrPage([...invoice('บริษัท สามพรานใลหะกิจ จำกัด', '10,700.00'), [[1500, `ในนาม ${signature}`]]]);
    expect(extractGeneric([page('บริษัท สามพรานโลหะกิจ จำกัด')]).data.sellerName).toBeNull();
    expect(extractGeneric([page('บริษัท สามพรานใลหะกิจ จำกัด')]).data.sellerName).toBe('บริษัท สามพรานใลหะกิจ จำกัด');
  });

  test('a name echoed in an e-mail address or web domain is not a second reading of it', () => {
    const page = ocrPage([
      ...invoice('Anan Jaidee', '10,700.00'),
      [[150, 'Email: contact@ananjaidee.co.th Web: ananjaidee.com']],
    ]);
    expect(extractGeneric([page]).data.sellerName).toBe('Anan Jaidee');
  });

  test('a name whose legal form OCR read without marks is withheld, its candidate spelled back', () => {
    const r = extractGeneric([ocrPage(invoice('บรษท ศรสยามพาณชย จากด', '10,700.00'))]);
    expect(r.data.sellerName).toBeNull();
    expect(withheld(r, 'sellerName')).toBe('บริษัท ศรสยามพาณชย จำกัด');
  });

  test('a due date before the issue date is withheld with it', () => {
    const r = extractGeneric([
      ocrPage([
        [[150, 'บริษัท ล้านนาวิศวกรรม โลจิสติกส์ จำกัด']],
        [[1700, 'ใบแจ้งหนี้']],
        [
          [1500, 'วันที่'],
          [1850, '18/03/2569'],
        ],
        [
          [1500, 'ครบกำหนดชำระ'],
          [1850, '13/03/2569'],
        ],
      ]),
    ]);
    expect(r.data.issueDate).toBeNull();
    expect(r.data.dueDate).toBeNull();
    expect(withheld(r, 'issueDate')).toBe('2026-03-18');
  });
});

describe('OCR spellings given back', () => {
  test('Co., Lid. is Co., Ltd.; address words whose marks OCR dropped', () => {
    const r = extractGeneric([
      ocrPage([
        [[150, 'Chiang Mai Paper Co., Lid.']],
        [[150, 'เลขที 208 หมู 4 ตาบลสุเทพ อาเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50200']],
        [[1700, 'INVOICE']],
      ]),
    ]);
    expect(r.data.sellerName).toBe('Chiang Mai Paper Co., Ltd.');
    expect(r.data.sellerAddress).toBe('เลขที่ 208 หมู่ 4 ตำบลสุเทพ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50200');
  });

  test('a unit price OCR lost is the amount over the quantity; none in a table with a discount column', () => {
    const table = (discount: boolean): [number, string][][] => [
      [[1700, 'ใบแจ้งหนี้']],
      [
        [230, 'ลำดับ'],
        [540, 'รายการ'],
        [1200, 'จำนวน'],
        ...(discount ? ([[1500, 'ส่วนลด']] as [number, string][]) : []),
        [2020, 'จำนวนเงิน'],
      ],
      [
        [240, '1'],
        [540, 'ค่าขนส่งสินค้า'],
        [1220, '3'],
        [2080, '651.00'],
      ],
    ];
    expect(extractGeneric([ocrPage(table(false))]).data.lineItems).toMatchObject([
      { quantity: 3, unitPrice: 217, amount: 651 },
    ]);
    expect(extractGeneric([ocrPage(table(true))]).data.lineItems).toMatchObject([
      { quantity: 3, unitPrice: null, amount: 651 },
    ]);
  });
});
