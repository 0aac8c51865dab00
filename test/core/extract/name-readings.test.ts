/**
 * A party's name on a scan read twice: the letterhead or party block and a repeat elsewhere on the
 * page (the signature's `ในนาม …`, a footer, a stamp line). The repeat is a second reading that settles
 * which of the two is the misread. Documents and expected values are written by hand.
 */
import { describe, expect, test } from 'bun:test';
import { extractGeneric } from '../../../src/core/extract/rules.ts';
import { ocrPage } from './helpers.ts';

const withheld = (r: ReturnType<typeof extractGeneric>, field: string) =>
  r.checks?.find((c) => c.name === 'low_confidence' && c.field === field)?.candidate?.value;

const invoice = (head: string, repeat: string, english = 'Lanna Engineering Logistics Co., Ltd.') =>
  ocrPage(
    [
      [[150, head]],
      [[150, english]],
      [[150, '99/1 ถนนนิมมานเหมินท์ ตำบลสุเทพ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50200']],
      [[1700, 'ใบกำกับภาษี']],
      [
        [1500, 'เลขที่'],
        [1800, 'IV6908-0012'],
      ],
      [
        [1500, 'วันที่'],
        [1800, '25/08/2569'],
      ],
      [[200, 'ได้รับสินค้าตามรายการข้างต้นไว้ถูกต้องเรียบร้อยแล้ว']],
      [[1500, `ในนาม ${repeat}`]],
      [[1500, 'ผู้มีอำนาจลงนาม']],
    ],
    0.93,
  );

const PRINTED = 'บริษัท ล้านนาวิศวกรรม โลจิสติกส์ จำกัด';

describe('names on scans: a second reading on the same page', () => {
  test('the letterhead misread (impossible spelling), the signature line clean: the clean reading', () => {
    const r = extractGeneric([invoice('บริษัท ล้้านนาวิศวกรรม โลจิสติกส์ จำกัด', PRINTED)]);
    expect(r.data.sellerName).toBe(PRINTED);
    expect(r.checks?.some((c) => c.name === 'second_reading' && c.field === 'sellerName')).toBe(true);
  });

  test('the letterhead misread without its marks on the legal form, the repeat clean', () => {
    const r = extractGeneric([invoice('บรษท ล้านนาวิศวกรรม โลจิสติกส์ จากด', PRINTED)]);
    expect(r.data.sellerName).toBe(PRINTED);
  });

  test('the letterhead clean, the repeat misread: the letterhead', () => {
    const r = extractGeneric([invoice(PRINTED, 'บริษัท ล้านนาวิศวกรร่่ม โลจิสติกส์ จำกัด')]);
    expect(r.data.sellerName).toBe(PRINTED);
  });

  test('two clean readings that differ (a tone mark moved): neither is answered', () => {
    const r = extractGeneric([invoice('บริษัท ล้านนาฟู้ด โลจิสติกส์ จำกัด', 'บริษัท ล้านนาฟุ้ด โลจิสติกส์ จำกัด')]);
    expect(r.data.sellerName).toBeNull();
    expect(withheld(r, 'sellerName')).toBe('บริษัท ล้านนาฟู้ด โลจิสติกส์ จำกัด');
  });

  test('two misread readings: neither is answered', () => {
    const r = extractGeneric([invoice('บริษัท ล้้านนาวิศวกรรม โลจิสติกส์ จำกัด', 'บริษัท ล้านนาวิศวกรร่่ม โลจิสติกส์ จำกัด')]);
    expect(r.data.sellerName).toBeNull();
  });

  test('the same reading twice: answered, the English name line changes nothing', () => {
    expect(extractGeneric([invoice(PRINTED, PRINTED)]).data.sellerName).toBe(PRINTED);
    expect(extractGeneric([invoice(PRINTED, PRINTED, 'Lanna Co., Ltd.')]).data.sellerName).toBe(PRINTED);
  });
});
