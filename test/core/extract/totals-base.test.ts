/**
 * The subtotal is the VAT base (issue 17, second round): the amount VAT was computed on, which a tax
 * invoice prints beside its VAT (Revenue Code section 86/4). Hand-written totals blocks.
 */
import { describe, expect, test } from 'bun:test';
import { extractGeneric } from '../../../src/core/extract/rules.ts';
import { layoutPage, textPage } from './helpers.ts';

const totals = (lines: string[]) => extractGeneric([textPage(lines.join('\n'))]).data;

describe('the subtotal is the amount VAT was computed on', () => {
  test('a printed amount after the discount is the subtotal, not the discount', () => {
    for (const label of ['ยอดหลังหักส่วนลด', 'มูลค่าหลังส่วนลด', 'Total After Discount'])
      expect(
        totals([
          'ใบกำกับภาษี',
          'รวมเป็นเงิน 12,000.00',
          'ส่วนลด 5% 600.00',
          `${label} 11,400.00`,
          'ภาษีมูลค่าเพิ่ม 7% 798.00',
          'จำนวนเงินรวมทั้งสิ้น 12,198.00',
        ]),
      ).toMatchObject({ subtotal: 11400, discount: 600, vat: 798, total: 12198 });
  });

  test('a discount with no amount after it printed: the subtotal is the sum less the discount', () => {
    expect(
      totals([
        'TAX INVOICE',
        'Sub Total 8,500.00',
        'Discount 500.00',
        'VAT 7% 560.00',
        'Grand Total 8,560.00',
      ]),
    ).toMatchObject({ subtotal: 8000, vat: 560, total: 8560 });
  });

  test('without VAT a lone sum label is the total, even when the line items add up to it', () => {
    const d = extractGeneric([
      layoutPage([
        [[150, 'ร้านสมใจพาณิชย์']],
        [[1800, 'ใบแจ้งหนี้']],
        [
          [150, 'รายการ'],
          [1200, 'จำนวน'],
          [1600, 'หน่วยละ'],
          [2050, 'จำนวนเงิน'],
        ],
        [
          [150, 'ปุ๋ยยูเรีย'],
          [1200, '2'],
          [1600, '850.00'],
          [2050, '1,700.00'],
        ],
        [
          [1500, 'ยอดรวม Total'],
          [2050, '1,700.00'],
        ],
      ]),
    ]).data;
    expect(d).toMatchObject({ subtotal: null, vat: null, total: 1700 });
  });

  test('a document that shows no VAT has no subtotal, whatever sum labels it prints', () => {
    expect(
      totals([
        'ร้านสมใจพาณิชย์',
        'ใบเสร็จรับเงิน',
        'ปุ๋ยยูเรีย 2 กระสอบ 1,700.00',
        'รวมเงิน 1,700.00',
        'รวมทั้งสิ้น 1,700.00',
      ]),
    ).toMatchObject({ subtotal: null, vat: null, total: 1700 });
  });
});
