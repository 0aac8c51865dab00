/**
 * Failure classes of the party blocks (issue 17, second round): how Thai forms lay out the customer's
 * details next to the document's own details. Hand-written lines on an A4 page (`layoutPage`: rows of
 * `[x, text]` cells, 2480 units wide), values as a reader would copy them.
 */
import { describe, expect, test } from 'bun:test';
import { extractGeneric } from '../../../src/core/extract/rules.ts';
import { layoutPage } from './helpers.ts';

const data = (rows: [number, string][][]) => extractGeneric([layoutPage(rows)]).data;

describe('a customer block beside the document details', () => {
  test('the document details start left of mid-page: they end the customer column, not the block', () => {
    const d = data([
      [[150, 'บริษัท ดอกแก้วการช่าง จำกัด']],
      [[150, '18 ถนนนิมมานเหมินท์ ตำบลสุเทพ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50200']],
      [[1700, 'ใบแจ้งหนี้']],
      [
        [150, 'เรียน'],
        [600, 'บริษัท ลำปางเซรามิก จำกัด'],
        [1130, 'เลขที่'],
        [1500, 'IV-6907-118'],
      ],
      [
        [150, 'ที่อยู่'],
        [600, '9 ถนนพหลโยธิน ตำบลสบตุ๋ย'],
        [1130, 'วันที่'],
        [1500, '3 ก.ค. 2569'],
      ],
      [[600, 'อำเภอเมืองลำปาง จังหวัดลำปาง 52100']],
      [
        [150, 'โทร.'],
        [600, '054-228-114'],
      ],
    ]);
    expect(d).toMatchObject({
      buyerName: 'บริษัท ลำปางเซรามิก จำกัด',
      buyerAddress: '9 ถนนพหลโยธิน ตำบลสบตุ๋ย อำเภอเมืองลำปาง จังหวัดลำปาง 52100',
      buyerPhone: '054-228-114',
    });
  });

  test("a block that opens with the customer's code (under the label, or labelled Customer Code)", () => {
    const under = data([
      [[150, 'บริษัท ดอกแก้วการช่าง จำกัด']],
      [[1700, 'ใบส่งของ']],
      [[150, 'ลูกค้า']],
      [
        [150, 'รหัส'],
        [500, 'CM-0417'],
      ],
      [
        [150, 'นาม'],
        [500, 'ห้างหุ้นส่วนจำกัด น่านพืชผล'],
      ],
      [
        [150, 'โทร.'],
        [500, '054-771-302'],
      ],
    ]);
    expect(under).toMatchObject({ buyerName: 'ห้างหุ้นส่วนจำกัด น่านพืชผล', buyerPhone: '054-771-302' });
    const labelled = data([
      [[150, 'Lanna Woodcraft Co., Ltd.']],
      [[1700, 'INVOICE']],
      [[150, 'Sold To']],
      [
        [150, 'Customer Code'],
        [500, 'W-2231'],
      ],
      [
        [150, 'Name'],
        [500, 'Phrae Timber Co., Ltd.'],
      ],
      [
        [150, 'Tel.'],
        [500, '054-511-876'],
      ],
    ]);
    expect(labelled).toMatchObject({ buyerName: 'Phrae Timber Co., Ltd.', buyerPhone: '054-511-876' });
  });

  test('the English label under the Thai one belongs to it, and a name wrapped in a narrow cell is joined', () => {
    const d = data([
      [[150, 'บริษัท ดอกแก้วการช่าง จำกัด']],
      [[1700, 'ใบกำกับภาษี']],
      [
        [150, 'ลูกค้า'],
        [500, 'บริษัท เชียงรายอะโกร'],
        [1130, 'เลขที่'],
        [1500, 'TX6907-0031'],
      ],
      [
        [150, 'Customer'],
        [500, 'เทคโนโลยี จำกัด'],
      ],
      [[500, '(มหาชน)']],
      [
        [150, 'ที่อยู่'],
        [500, '77 ถนนพหลโยธิน ตำบลเวียง'],
      ],
    ]);
    expect(d.buyerName).toBe('บริษัท เชียงรายอะโกรเทคโนโลยี จำกัด (มหาชน)');
  });

  test('a partnership name wrapped after its legal form keeps the space after it', () => {
    const d = data([
      [[150, 'บริษัท ดอกแก้วการช่าง จำกัด']],
      [[1700, 'ใบวางบิล']],
      [
        [150, 'ชื่อลูกค้า ห้างหุ้นส่วนจำกัด'],
        [1130, 'เลขที่'],
        [1500, 'BN-69-0012'],
      ],
      [[348, 'พะเยาค้าข้าว']],
      [
        [150, 'ที่อยู่'],
        [560, '5 ถนนพหลโยธิน ตำบลเวียง อำเภอเมืองพะเยา จังหวัดพะเยา 56000'],
      ],
    ]);
    expect(d.buyerName).toBe('ห้างหุ้นส่วนจำกัด พะเยาค้าข้าว');
  });
});

describe('label words for the parties', () => {
  test.each([['ขายให้'], ['เรียกเก็บเงินจาก'], ['ส่งถึง']])('"%s" names the customer', (label) => {
    const d = data([
      [[150, 'บริษัท ดอกแก้วการช่าง จำกัด']],
      [[1700, 'ใบส่งของ']],
      [[150, `${label} บริษัท แม่สายขนส่ง จำกัด`]],
      [[150, 'ที่อยู่ 3 ถนนพหลโยธิน ตำบลแม่สาย อำเภอแม่สาย จังหวัดเชียงราย 57130']],
    ]);
    expect(d.buyerName).toBe('บริษัท แม่สายขนส่ง จำกัด');
  });

  test('"ผู้รับสินค้า / Received by" on the signature line at the foot is nobody\'s name', () => {
    const rows: [number, string][][] = [
      [[150, 'บริษัท ดอกแก้วการช่าง จำกัด']],
      [[1700, 'ใบเสร็จรับเงิน']],
      [
        [150, 'ค่าซ่อมเครื่องปั่นไฟ'],
        [2000, '4,800.00'],
      ],
    ];
    for (let i = 0; i < 40; i++) rows.push([]);
    rows.push([
      [150, 'ผู้รับสินค้า / Received by'],
      [1300, 'ผู้ส่งสินค้า / Delivered by'],
    ]);
    expect(data(rows).buyerName).toBeNull();
  });

  test('the tax-ID label "เลขที่ผู้เสียภาษี" is not a document-number label: the branch after it is read', () => {
    const d = data([
      [[150, 'บริษัท ดอกแก้วการช่าง จำกัด']],
      [[150, '18 ถนนนิมมานเหมินท์ ตำบลสุเทพ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50200']],
      [[150, 'เลขที่ผู้เสียภาษี 0505561003017 สาขาที่ 00002']],
      [[1700, 'ใบกำกับภาษี']],
    ]);
    expect(d).toMatchObject({ sellerTaxId: '0505561003017', sellerBranch: '00002' });
  });

  test("a logo's letters printed before the legal name are not part of it", () => {
    const d = data([
      [
        [150, 'DKC บริษัท ดอกแก้วการช่าง จำกัด'],
        [1700, 'ใบเสร็จรับเงิน'],
      ],
    ]);
    expect(d.sellerName).toBe('บริษัท ดอกแก้วการช่าง จำกัด');
  });
});

describe('addresses', () => {
  test('an address wrapped in a narrow cell goes on to its postcode, joined where Thai writes no space', () => {
    const d = data([
      [[150, 'บริษัท ดอกแก้วการช่าง จำกัด']],
      [[1700, 'ใบเสนอราคา']],
      [
        [150, 'เรียน'],
        [600, 'บริษัท ลำพูนอิเล็กทรอนิกส์ จำกัด'],
        [1130, 'เลขที่'],
        [1500, 'QT-6907-0045'],
      ],
      [
        [150, 'ที่อยู่'],
        [600, '60/1 หมู่ 4 ถนน'],
      ],
      [
        [150, 'Address'],
        [600, 'ซุปเปอร์ไฮเวย์ลำปาง-'],
      ],
      [[600, 'เชียงใหม่ ตำบลบ้านกลาง อำเภอ']],
      [[600, 'เมืองลำพูน จังหวัด']],
      [[600, 'ลำพูน 51000']],
      [[600, 'ฝ่ายจัดซื้อ']],
    ]);
    expect(d.buyerAddress).toBe(
      '60/1 หมู่ 4 ถนนซุปเปอร์ไฮเวย์ลำปาง-เชียงใหม่ ตำบลบ้านกลาง อำเภอเมืองลำพูน จังหวัดลำพูน 51000',
    );
  });

  test("a printed form's note after the postcode is not part of the address", () => {
    const d = data([
      [[150, 'บริษัท ดอกแก้วการช่าง จำกัด']],
      [[150, 'ที่อยู่ 18 ถนนนิมมานเหมินท์ ตำบลสุเทพ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50200 (กรอกเลขที่ ถนน ตำบล)']],
      [[1700, 'ใบกำกับภาษี']],
    ]);
    expect(d.sellerAddress).toBe('18 ถนนนิมมานเหมินท์ ตำบลสุเทพ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50200');
  });
});

describe("the issuer's details", () => {
  test('a letterhead with only the name leaves address, phone and tax ID to the foot of the page', () => {
    const rows: [number, string][][] = [
      [
        [300, 'บริษัท ดอกแก้วการช่าง จำกัด'],
        [1900, 'ใบแจ้งหนี้'],
      ],
      [
        [150, 'ลูกค้า'],
        [500, 'บริษัท ลำปางเซรามิก จำกัด'],
      ],
      [[500, '9 ถนนพหลโยธิน ตำบลสบตุ๋ย อำเภอเมืองลำปาง จังหวัดลำปาง 52100']],
      [
        [150, 'ค่าซ่อมบำรุงเครื่องจักร'],
        [2000, '12,000.00'],
      ],
    ];
    while (rows.length < 48) rows.push([]);
    rows.push(
      [
        [300, 'ผู้รับเงิน'],
        [1500, 'ผู้มีอำนาจลงนาม'],
      ],
      [[150, '18 ถนนนิมมานเหมินท์ ตำบลสุเทพ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50200']],
      [[150, 'โทร. (053) 894-120']],
      [[150, 'เลขประจำตัวผู้เสียภาษีอากร 0505561003017 สำนักงานใหญ่']],
    );
    expect(data(rows)).toMatchObject({
      sellerName: 'บริษัท ดอกแก้วการช่าง จำกัด',
      sellerAddress: '18 ถนนนิมมานเหมินท์ ตำบลสุเทพ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50200',
      sellerPhone: '(053) 894-120',
      sellerTaxId: '0505561003017',
      sellerBranch: '00000',
      buyerName: 'บริษัท ลำปางเซรามิก จำกัด',
    });
  });

  test('a letterhead name in a large font, its details a few lines further down', () => {
    const d = data([
      [
        [300, 'บริษัท ดอกแก้วการช่าง จำกัด'],
        [1900, 'ใบส่งของ'],
      ],
      [],
      [],
      [[150, '18 ถนนนิมมานเหมินท์ ตำบลสุเทพ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50200']],
      [[150, 'Tel 053-894-120']],
    ]);
    expect(d).toMatchObject({ sellerPhone: '053-894-120' });
  });
});
