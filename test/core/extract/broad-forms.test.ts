/**
 * Forms beyond the first set's original templates: a seller's letterhead that prints a trading name
 * without a legal form and without a label, and party labels that OCR misread by a letter of the same
 * shape. Expected values are written by hand from the printed documents, not computed by the code
 * under test.
 */
import { describe, expect, test } from 'bun:test';
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
