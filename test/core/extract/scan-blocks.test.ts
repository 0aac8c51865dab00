/**
 * Party blocks, dates and totals as OCR leaves them on scans (issue 17): specks read as cells, a line
 * citing another document inside a block, a logo read into an address line, a letter that quotes an
 * amount in its body. Documents and expected values are written by hand.
 */
import { describe, expect, test } from 'bun:test';
import { extractGeneric } from '../../../src/core/extract/rules.ts';
import { ocrPage } from './helpers.ts';

describe('party blocks on scans', () => {
  const creditNote = (): [number, string][][] => [
    [
      [140, 'บริษัท ศรีนครการพิมพ์ จำกัด'],
      [1760, 'ใบลดหนี้/ใบกำกับภาษี'],
    ],
    [[140, '18/2 ถนนพหลโยธิน ตำบลบ้านกลาง อำเภอเมือง จังหวัดลำปาง 52000']],
    [[140, 'เลขประจำตัวผู้เสียภาษี 0525561000014 สำนักงานใหญ่']],
    [
      [170, 'ลูกค้า'],
      [570, 'บริษัท ท่าข้ามค้าวัสดุ เทรดดิ้ง'],
      [1380, 'เลขที่'],
      [1800, 'CN6902-0117'],
    ],
    [
      [190, ':'],
      [570, 'จำกัด'],
      [1380, 'วันที'],
      [1800, '12 เดือน กุมภาพันธ์ พ.ศ. 2569'],
    ],
    [
      [570, '77 หมู่ 4 ถนนเพชรเกษม'],
      [1380, 'อ้างอิงใบกำกับภาษีเลขที่ IV6901-0033'],
    ],
    [
      [760, '='],
      [1380, 'ลงวันที่'],
      [1800, '2 เดือน กุมภาพันธ์ พ.ศ. 2569'],
    ],
    [[570, 'ตำบลท่าข้าม อำเภอสามพราน จังหวัดนครปฐม 73110']],
  ];

  test('a speck under the label does not stop a name that wrapped onto the next line', () => {
    expect(extractGeneric([ocrPage(creditNote())]).data.buyerName).toBe('บริษัท ท่าข้ามค้าวัสดุ เทรดดิ้ง จำกัด');
  });

  test('an address goes on past specks and a line citing another document', () => {
    expect(extractGeneric([ocrPage(creditNote())]).data.buyerAddress).toBe(
      '77 หมู่ 4 ถนนเพชรเกษม ตำบลท่าข้าม อำเภอสามพราน จังหวัดนครปฐม 73110',
    );
  });

  test('the date of the document comes before the date of the invoice it cites', () => {
    // OCR was a little less sure of the document's own day than of the cited one.
    expect(extractGeneric([ocrPage(creditNote(), 0.9, { '12': 0.8 })]).data.issueDate).toBe('2026-02-12');
  });

  test('a logo read into the start of an address line before a vertical rule is not the address', () => {
    const data = extractGeneric([
      ocrPage([
        [[530, 'บริษัท เชียงรายเกษตรภัณฑ์ จำกัด']],
        [[330, 'CRK | 145/7 ถนนพหลโยธิน ตำบลเวียง อำเภอเมืองเชียงราย จังหวัดเชียงราย 57000']],
        [[1700, 'ใบแจ้งหนี้']],
      ]),
    ]).data;
    expect(data.sellerName).toBe('บริษัท เชียงรายเกษตรภัณฑ์ จำกัด');
    expect(data.sellerAddress).toBe('145/7 ถนนพหลโยธิน ตำบลเวียง อำเภอเมืองเชียงราย จังหวัดเชียงราย 57000');
  });
});

describe('amounts in running text', () => {
  test('a letter quoting an amount in its body has no total', () => {
    const data = extractGeneric([
      ocrPage([
        [[530, 'บริษัท ลำพูนอิเล็กทรอนิกส์ จำกัด']],
        [[1270, '9 มีนาคม 2569']],
        [
          [300, 'เรื่อง'],
          [630, 'ขอให้ชำระค่าบริการที่ค้างชำระ'],
        ],
        [
          [300, 'เรียน'],
          [630, 'ผู้จัดการฝ่ายบัญชี บริษัท ดอยคำการเกษตร จำกัด'],
        ],
        [[470, 'ตามที่บริษัทได้ให้บริการซ่อมบำรุงเครื่องจักรแก่ท่าน']],
        [[300, 'ตามใบแจ้งหนี้ข้างต้น เป็นจำนวนเงินทั้งสิ้น 48,150.00 บาท ซึ่งครบกำหนดชำระแล้ว']],
      ]),
    ]).data;
    expect(data.documentType).toBe('letter');
    expect(data.total).toBeNull();
  });

  test('a totals row still reads its label after a short prefix', () => {
    const data = extractGeneric([
      ocrPage([
        [[1700, 'ใบแจ้งหนี้']],
        [
          [1490, 'รวมเป็นเงิน'],
          [2150, '45,000.00'],
        ],
        [
          [1490, 'ภาษีมูลค่าเพิ่ม 7%'],
          [2150, '3,150.00'],
        ],
        [
          [1490, 'จำนวนเงินรวมทั้งสิ้น'],
          [2150, '48,150.00'],
        ],
      ]),
    ]).data;
    expect(data).toMatchObject({ subtotal: 45000, vat: 3150, total: 48150 });
  });
});

describe('titles, names, addresses and line items on scans', () => {
  const quotation = (): [number, string][][] => [
    [
      [390, 'บริษัท ดอนตูมวัสดุภัณฑ์ จำกัด'],
      [1970, 'บเสนอราคา'],
    ],
    [
      [180, 'เรียน'],
      [640, 'บริษัท ลำลูกกาการช่าง'],
      [1170, 'เลขที่'],
      [1810, 'QT6903-0088'],
    ],
    [
      [200, ':'],
      [640, 'จากด'],
      [1170, 'กำหนดส่งของ'],
      [1810, 'ภายใน 15 วันหลังได้รับใบสั่งซื้อ'],
    ],
    [
      [180, 'ที่อยู่'],
      [640, '21/4 หมู่ 6 ถนนลำลูกกา'],
    ],
    [
      [180, 'xl'],
      [640, 'ตำบลบึงคำพร้อย อำเภอลำลูกกา'],
    ],
    [[640, 'จังหวัดปทุมธานี 12150']],
    [
      [230, 'ลำดับ'],
      [540, 'รายการ'],
      [1580, 'ราคาต่อหน่วย'],
      [2020, 'จำนวนเงิน'],
    ],
    [
      [240, '1'],
      [540, 'ทรายละเอียด'],
      [1700, '450.00'],
      [2080, '2,700.00'],
    ],
    [
      [240, '2'],
      [540, 'หินคลุก'],
      [1700, '12.50'],
      [2080, '1,062.50'],
    ],
  ];

  test('a garbled title names the kind; a purchase order mentioned in the delivery terms does not', () => {
    expect(extractGeneric([ocrPage(quotation())]).data.documentType).toBe('quotation');
  });

  test('a legal form whose marks OCR dropped still closes a name wrapped onto the next line', () => {
    expect(extractGeneric([ocrPage(quotation())]).data.buyerName).toBe('บริษัท ลำลูกกาการช่าง จำกัด');
  });

  test('OCR noise in the column of labels does not cut the address', () => {
    expect(extractGeneric([ocrPage(quotation())]).data.buyerAddress).toBe(
      '21/4 หมู่ 6 ถนนลำลูกกา ตำบลบึงคำพร้อย อำเภอลำลูกกา จังหวัดปทุมธานี 12150',
    );
  });

  test('a count OCR lost is the amount over the unit price, when that gives the amount back exactly', () => {
    const result = extractGeneric([ocrPage(quotation())]);
    expect(result.data.lineItems).toMatchObject([
      { quantity: 6, unitPrice: 450, amount: 2700 },
      { quantity: 85, unitPrice: 12.5, amount: 1062.5 },
    ]);
    expect(result.fields.lineItems?.items?.[0]?.quantity?.source).toBe('derived');
  });
});

describe('dates of cited documents, tax IDs under an address', () => {
  test('ลงวันที่ under a line citing the amended invoice is that invoice date, not the note own date', () => {
    const data = extractGeneric([
      ocrPage([
        [[150, 'บริษัท อุบลพัฒนาการค้า จำกัด']],
        [[1950, 'ใบเพิ่มหนี้']],
        [[1450, 'ใบกำกับภาษีเดิมเลขที่ TX-2506-0412']],
        [[1690, 'ลงวันที่ 04/06/2568']],
        [[1560, 'เลขที่ใบเพิ่มหนี้ DN2568-0077']],
        [[1690, 'วันที่ 19/06/2568']],
      ]),
    ]).data;
    expect(data.issueDate).toBe('2025-06-19');
  });

  test('a tax ID printed on the line under an address is not part of it', () => {
    const data = extractGeneric([
      ocrPage([
        [[1700, 'INVOICE']],
        [[150, 'Bill To']],
        [[150, 'Korat Steel Works Co., Ltd.']],
        [[150, '88 Mittraphap Road, Nai Mueang, Nakhon Ratchasima 30000']],
        [[150, '0-3055-61234-01-1 (Head Office)']],
      ]),
    ]).data;
    expect(data.buyerAddress).toBe('88 Mittraphap Road, Nai Mueang, Nakhon Ratchasima 30000');
  });
});
