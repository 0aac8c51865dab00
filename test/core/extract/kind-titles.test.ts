/**
 * Document titles as Thai forms print them (issue 17, second round): titles wrapped over two lines, and
 * the other documents a page cites. Hand-written rows on an A4 page (`layoutPage`).
 */
import { describe, expect, test } from 'bun:test';
import { extractGeneric } from '../../../src/core/extract/rules.ts';
import { layoutPage } from './helpers.ts';

const kind = (rows: [number, string][][]) => extractGeneric([layoutPage(rows)]).data.documentType;

describe('the document kind', () => {
  test.each([
    ['ใบส่งสินค้า/ใบ', 'กำกับภาษี', 'tax_invoice'],
    ['TAX', 'INVOICE/RECEIPT', 'tax_invoice'],
    ['DELIVERY NOTE/TAX', 'INVOICE', 'tax_invoice'],
    ['CREDIT', 'NOTE', 'credit_note'],
  ])('a title wrapped over two lines (%s / %s) is %s', (first, second, expected) => {
    expect(
      kind([
        [
          [150, 'บริษัท ดอกแก้วการช่าง จำกัด'],
          [1800, first],
        ],
        [[1800, second]],
        [[150, '18 ถนนนิมมานเหมินท์ ตำบลสุเทพ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50200']],
      ]),
    ).toBe(expected);
  });

  test.each([
    ['PU RCHASE ORDER', 'purchase_order'],
    ['DELIVERY ORD ER', 'delivery_note'],
    ['Q U O T A T I O N', 'quotation'],
  ])('a title in spaced capitals that OCR read in pieces (%s) is %s', (title, expected) => {
    expect(
      kind([
        [
          [150, 'Lanna Solutions Company Limited'],
          [1800, title],
        ],
        [[150, '322 Rama 9 Road, Bang Rak, Bangkok 10500']],
      ]),
    ).toBe(expected);
  });

  test('a combined title OCR garbled in both halves keeps the precedence of a clean one', () => {
    expect(
      kind([
        [
          [150, 'ร้านสยามอินเตอร์'],
          [1700, 'บกากบภาษ/เบเสรจรบเงน'],
        ],
        [[150, '368 ถนนพระราม 9 แขวงห้วยขวาง เขตห้วยขวาง กรุงเทพมหานคร 10310']],
      ]),
    ).toBe('tax_invoice');
  });

  test('a credit note that cites the tax invoice it corrects, more than once, stays a credit note', () => {
    expect(
      kind([
        [
          [150, 'บริษัท ดอกแก้วการช่าง จำกัด'],
          [1800, 'ใบลดหนี้/ใบกำกับภาษี'],
        ],
        [[1300, 'อ้างอิงใบกำกับภาษีเลขที่ IV6905-0031']],
        [[1300, 'ใบกำกับภาษีเดิมลงวันที่ 2 พ.ค. 2569']],
        [[1300, 'ตามใบกำกับภาษี IV6905-0031']],
        [[1300, 'มูลค่าตามใบกำกับภาษีเดิม 4,000.00']],
      ]),
    ).toBe('credit_note');
  });
});
