/**
 * Line-item tables as Thai accounting forms head them (issue 17, second round): hand-written rows on an
 * A4 page (`layoutPage`: `[x, text]` cells, rows 60 units apart).
 */
import { describe, expect, test } from 'bun:test';
import { extractGeneric } from '../../../src/core/extract/rules.ts';
import { layoutPage } from './helpers.ts';

type Item = { quantity: number | null; unitPrice: number | null; amount: number | null };
const items = (rows: [number, string][][]) =>
  (extractGeneric([layoutPage(rows)]).data.lineItems as Item[]).map((i) => [
    i.quantity,
    i.unitPrice,
    i.amount,
  ]);
const head: [number, string][][] = [[[150, 'บริษัท ดอกแก้วการช่าง จำกัด']], [[1800, 'ใบกำกับภาษี']]];

describe('line-item headers', () => {
  test('bilingual headers split at a slash, the English line under the Thai one with a # line between', () => {
    expect(
      items([
        ...head,
        [
          [150, 'ลำดับ /'],
          [400, 'รายการ /'],
          [1150, 'จำนวน /'],
          [1400, 'หน่วย /'],
          [1650, 'ราคาต่อหน่วย / Unit'],
          [2050, 'จำนวนเงิน /'],
        ],
        [[160, '#']],
        [
          [400, 'Description'],
          [1150, 'Quantity'],
          [1400, 'Unit'],
          [1700, 'Price'],
          [2050, 'Amount'],
        ],
        [
          [160, '1'],
          [400, 'ปูนซีเมนต์ถุง 50 กก.'],
          [1200, '40'],
          [1400, 'ถุง'],
          [1700, '145.00'],
          [2100, '5,800.00'],
        ],
        [
          [1500, 'รวมเงิน'],
          [2100, '5,800.00'],
        ],
      ]),
    ).toEqual([[40, 145, 5800]]);
  });

  test('an amount column headed ยอดรวม, and a quantity printed in the unit column', () => {
    expect(
      items([
        ...head,
        [
          [150, 'ที่'],
          [400, 'รายการสินค้า'],
          [1100, 'จำนวน'],
          [1450, 'หน่วย'],
          [1700, 'หน่วยละ'],
          [2050, 'ยอดรวม'],
        ],
        [
          [160, '1'],
          [400, 'ค่าแรงติดตั้งมิเตอร์'],
          [1400, '3 จุด'],
          [1700, '650.00'],
          [2100, '1,950.00'],
        ],
        [
          [1500, 'ราคาก่อนภาษี'],
          [2100, '1,950.00'],
        ],
        [
          [1500, 'จำนวนภาษีมูลค่าเพิ่ม'],
          [2100, '136.50'],
        ],
      ]),
    ).toEqual([[3, 650, 1950]]);
  });
});

describe('the totals rows under a table', () => {
  test('ราคาสินค้า/บริการ (the value of goods a tax invoice prints) ends the items', () => {
    const r = extractGeneric([
      layoutPage([
        [[100, 'บริษัท ทดสอบการค้า จำกัด']],
        [[1500, 'ใบกำกับภาษี']],
        [
          [100, 'ลำดับ'],
          [300, 'รายการ'],
          [1200, 'จำนวน'],
          [1500, 'ราคาต่อหน่วย'],
          [1900, 'จำนวนเงิน'],
        ],
        [
          [100, '1'],
          [300, 'ค่าบริการติดตั้ง'],
          [1200, '2'],
          [1500, '500.00'],
          [1900, '1,000.00'],
        ],
        [
          [100, 'ราคาสินค้า/บริการ / Subtotal'],
          [1900, '1,000.00'],
        ],
        [
          [100, 'ภาษีมูลค่าเพิ่ม 7%'],
          [1900, '70.00'],
        ],
        [
          [100, 'จำนวนเงินรวมทั้งสิ้น'],
          [1900, '1,070.00'],
        ],
      ]),
    ]);
    expect((r.data.lineItems as { amount: number }[]).map((i) => i.amount)).toEqual([1000]);
    expect(r.data.subtotal).toBe(1000);
  });
});
