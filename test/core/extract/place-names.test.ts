import { describe, expect, test } from 'bun:test';
import { extractGeneric } from '../../../src/core/extract/rules.ts';
import { correctPlaceNames } from '../../../src/core/extract/thai-places.ts';
import { layoutPage, ocrPage } from './helpers.ts';

// Places and postcodes as the Department of Provincial Administration lists them: Huai Khwang
// (เขตห้วยขวาง, แขวงห้วยขวาง, 10310) in Bangkok; Bang Phut (ตำบลบางพูด, อำเภอปากเกร็ด, 11120) in
// Nonthaburi; Bang Phun (ตำบลบางพูน, 12000) in Pathum Thani; Khon Kaen's Nai Mueang (40000); Nong
// Khwai (ตำบลหนองควาย, อำเภอหางดง, 50230) in Chiang Mai.

describe('place names OCR misread in a Thai address', () => {
  test('a province, a district and a district word misread by a character are given back', () => {
    expect(correctPlaceNames('535 หมู่ 3 ตำบลในเมือง อำเภอเมืองขอนแก่น จังหวัดชอนแก่น 40000')).toBe(
      '535 หมู่ 3 ตำบลในเมือง อำเภอเมืองขอนแก่น จังหวัดขอนแก่น 40000',
    );
    expect(correctPlaceNames('922 ถนนสุขุมวิท ตำบลบางพูด อำเกอปากเกร็ด จังหวัดนนทบุรี 11120')).toBe(
      '922 ถนนสุขุมวิท ตำบลบางพูด อำเภอปากเกร็ด จังหวัดนนทบุรี 11120',
    );
    expect(correctPlaceNames('565/32 ถนนรัชดาภิเษก แขวงห้วยขวาง เซตห้วยขวาง กรุงเทพมหานคร 10310')).toBe(
      '565/32 ถนนรัชดาภิเษก แขวงห้วยขวาง เขตห้วยขวาง กรุงเทพมหานคร 10310',
    );
    expect(correctPlaceNames('12 ตำบล บางพูด อำเภอ ปากเกวร็ด จังหวัด นนทบุรี 11120')).toBe(
      '12 ตำบล บางพูด อำเภอ ปากเกร็ด จังหวัด นนทบุรี 11120',
    );
    expect(correctPlaceNames('1 ถนนสีลม แขวงสีลม เขตบางรัก กรุงเทพมหานศร 10500')).toBe(
      '1 ถนนสีลม แขวงสีลม เขตบางรัก กรุงเทพมหานคร 10500',
    );
  });

  test('the postcode decides between two names equally near the one read', () => {
    expect(correctPlaceNames('9 ตำบลบางพูต อำเภอปากเกร็ด 11120')).toBe('9 ตำบลบางพูด อำเภอปากเกร็ด 11120');
    expect(correctPlaceNames('9 ตำบลบางพูต 12000')).toBe('9 ตำบลบางพูต 12000');
    expect(correctPlaceNames('9 ตำบลบางพูต')).toBe('9 ตำบลบางพูต');
  });

  test('names the gazetteer holds, and words that are no place, are left as printed', () => {
    for (const address of [
      '53/1-10 ถนนสรงประภา แขวงดอนเมือง เขตดอนเมือง กรุงเทพฯ 10210',
      '64/240 ถนนสุขุมวิท ตำบลมาบตาพุด อำเภอเมืองระยอง จังหวัดระยอง 21150',
      '88 ม.4 ต.สุเทพ อ.เมือง จ.เชียงใหม่ 50200',
      '99 อาคารเขตเศรษฐกิจ ชั้น 5 ถนนพระราม 9 กรุงเทพมหานคร 10310',
      '12 ตำบลหนองควาย อำเภอหางดง จังหวัดเชียงใหม่ 50230',
      '45 Silom Road, Bang Rak, Bangkok 10500',
    ])
      expect(correctPlaceNames(address)).toBe(address);
  });
});

describe('extraction from a scan', () => {
  const invoice = (address: string) =>
    [[[150, 'บริษัท สามพรานโลหะกิจ จำกัด']], [[150, address]], [[1700, 'ใบกำกับภาษี']]] as [number, string][][];
  const misread = '922 ถนนสุขุมวิท ตำบลบางพูด อำเกอปากเกร็ด จังหวัดนนทบุรี 11120';

  test('answers the address as printed and says which place name it gave back', () => {
    const r = extractGeneric([ocrPage(invoice(misread), 0.96)]);
    expect(r.data.sellerAddress).toBe('922 ถนนสุขุมวิท ตำบลบางพูด อำเภอปากเกร็ด จังหวัดนนทบุรี 11120');
    const check = (r.checks ?? []).find((c) => c.name === 'place_name_restored');
    expect(check?.field).toBe('sellerAddress');
    expect(check?.detail).toContain('อำเกอปากเกร็ด');
  });

  test('leaves a text layer as printed', () => {
    const r = extractGeneric([layoutPage(invoice(misread))]);
    expect(r.data.sellerAddress).toBe(misread);
    expect((r.checks ?? []).some((c) => c.name === 'place_name_restored')).toBe(false);
  });
});
