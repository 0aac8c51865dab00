/**
 * The failure classes of documents the rules had never seen (issue 17), each with hand-written Thai or
 * English lines and the values a reader takes from them. Pages are laid out with `layoutPage` (rows of
 * `[x, text]` cells on an A4 page at 300 dpi) or given as plain text.
 */
import { describe, expect, test } from 'bun:test';
import { findDates } from '../../../src/core/extract/dates.ts';
import { extractGeneric } from '../../../src/core/extract/rules.ts';
import { layoutPage, textPage } from './helpers.ts';

const data = (rows: [number, string][][]) => extractGeneric([layoutPage(rows)]).data;

describe('dates in every Thai form', () => {
  test.each([
    ['วันที่ 25 เดือนสิงหาคม พ.ศ. 2569', '2026-08-25'],
    ['วันที่ 25 เดือน สิงหาคม พ.ศ. 2569', '2026-08-25'],
    ['วันที่25เดือนสิงหาคมพ.ศ.2569', '2026-08-25'],
    ['25 สิงหาคม 2569', '2026-08-25'],
    ['25 ส.ค. 2569', '2026-08-25'],
    ['21 มี.ค. 69', '2026-03-21'],
    ['21 มี. ค. 69', '2026-03-21'],
    ['9 มิถุ นาย น พ .ศ . 2569', '2026-06-09'],
    ['1 กุม ภา พันธ์ 2569', '2026-02-01'],
    ['๒๑ มี.ค. ๖๙', '2026-03-21'],
    ['วันที่ ๒๕ เดือน สิงหาคม พ.ศ. ๒๕๖๙', '2026-08-25'],
    ['25 สิงหาคม ค.ศ. 2026', '2026-08-25'],
    ['วันที่.....25.....เดือน.......สิงหาคม.......พ.ศ.......2569', '2026-08-25'],
    ['5 พ.ุย. 2569', '2026-11-05'],
    ['10 พฤศจกายน 2569', '2026-11-10'],
  ])('%s -> %s', (text, iso) => {
    expect(findDates(text)[0]?.iso).toBe(iso);
  });

  test('a Thai-digit year OCR misread (๖ as ๒) is repaired only when one plausible reading is left', () => {
    const [one] = findDates('๑๑ กันยายน ๒๕๖๕');
    expect(one).toMatchObject({ iso: '2022-09-11', confidence: 1 });
    const [repaired] = findDates('๑๑ กันยายน ๒๕๒๗');
    expect(repaired?.iso).toBe('2024-09-11');
    expect(repaired?.confidence).toBeLessThan(1);
    const [ambiguous] = findDates('๑๑ กันยายน ๒๕๒๕');
    expect(ambiguous?.confidence).toBeLessThan(0.6);
  });

  test('a letter: the date under the heading, not the deadline in the body', () => {
    const r = extractGeneric([
      textPage(
        [
          'บริษัท สยามพัฒนา จำกัด',
          'ที่ สพ 045/2569',
          '18 สิงหาคม 2569',
          'เรื่อง ขอให้ชำระเงินค่าสินค้าค้างชำระ',
          'เรียน กรรมการผู้จัดการ บริษัท รุ่งเรืองค้าไม้ จำกัด',
          'ตามที่บริษัทฯ ได้ส่งมอบสินค้าให้แก่ท่านเมื่อวันที่ 2 กรกฎาคม 2569 นั้น',
          'จึงขอให้ท่านชำระเงินภายในวันที่ 25 สิงหาคม 2569',
          'ขอแสดงความนับถือ',
        ].join('\n'),
      ),
    ]);
    expect(r.data.documentType).toBe('letter');
    expect(r.data.issueDate).toBe('2026-08-18');
    expect(r.data.documentNumber).toBe('สพ 045/2569');
  });

  test('a labelled date at the head wins over a date inside a sentence', () => {
    const d = data([
      [[100, 'บริษัท ทดสอบ จำกัด']],
      [[100, 'ใบแจ้งหนี้']],
      [[100, 'โปรดชำระภายในวันที่ 30 กันยายน 2569 ตามเงื่อนไข']],
      [
        [1500, 'วันที่'],
        [1800, '1 ก.ย. 69'],
      ],
    ]);
    expect(d.issueDate).toBe('2026-09-01');
  });

  test('labels above values: each date is read under its own label', () => {
    const d = data([
      [[100, 'ใบแจ้งหนี้ / ใบวางบิล']],
      [
        [100, 'เลขที่เอกสาร'],
        [600, 'ลงวันที่'],
        [1100, 'วันครบกำหนด'],
      ],
      [
        [100, 'IV6903-0021'],
        [600, '07/03/2569'],
        [1100, '06/04/2569'],
      ],
    ]);
    expect(d).toMatchObject({
      documentNumber: 'IV6903-0021',
      issueDate: '2026-03-07',
      dueDate: '2026-04-06',
    });
  });
});

describe('the document number is its own, not a reference', () => {
  test('a credit note citing the invoice it corrects', () => {
    const d = data([
      [[100, 'บริษัท ผู้ขายดี จำกัด']],
      [[1500, 'ใบลดหนี้/ใบกำกับภาษี']],
      [
        [100, 'อ้างอิงใบกำกับภาษีเลขที่ IV6907-0155 ลงวันที่ 3 ก.ค. 2569'],
        [1500, 'เลขที่'],
        [1800, 'CN6908-0007'],
      ],
      [
        [1500, 'วันที่'],
        [1800, '12 ส.ค. 2569'],
      ],
    ]);
    expect(d).toMatchObject({
      documentType: 'credit_note',
      documentNumber: 'CN6908-0007',
      issueDate: '2026-08-12',
    });
  });

  test('an English credit note with "Invoice No." and a debit note with ใบกำกับภาษีเดิมเลขที่', () => {
    const credit = data([
      [[1500, 'CREDIT NOTE']],
      [
        [100, 'Invoice No.'],
        [500, 'INV-2026-0311'],
        [1500, 'Credit Note No.'],
        [1900, 'CR-2026-0042'],
      ],
    ]);
    expect(credit.documentNumber).toBe('CR-2026-0042');
    const debit = data([
      [[1500, 'ใบเพิ่มหนี้']],
      [
        [100, 'ใบกำกับภาษีเดิมเลขที่ TX2569/0098'],
        [1500, 'เลขที่ DN2569/0003'],
      ],
    ]);
    expect(debit).toMatchObject({ documentType: 'debit_note', documentNumber: 'DN2569/0003' });
  });

  test('a purchase order citing a quotation, and an invoice citing the customer PO', () => {
    const po = data([
      [[1500, 'ใบสั่งซื้อ / PURCHASE ORDER']],
      [
        [100, 'อ้างถึงใบเสนอราคาเลขที่'],
        [800, 'QT2569-118'],
        [1500, 'เลขที่ใบสั่งซื้อ'],
        [1900, 'PO69-0456'],
      ],
    ]);
    expect(po.documentNumber).toBe('PO69-0456');
    const invoice = data([
      [[1500, 'INVOICE']],
      [
        [100, 'PO No.'],
        [400, '4500012345'],
        [1500, 'No.'],
        [1800, 'IV-0917'],
      ],
    ]);
    expect(invoice.documentNumber).toBe('IV-0917');
  });

  test("a bilingual label read by its English half when OCR garbled the Thai one; a tax ID's No. is not it", () => {
    const d = data([
      [[1500, 'ใบกำกับภาษี / TAX INVOICE']],
      [
        [100, 'Tax ID / No.'],
        [400, '0105500987355'],
        [1500, 'ณฑี / No.'],
        [1800, 'IV2569-0042'],
      ],
    ]);
    expect(d.documentNumber).toBe('IV2569-0042');
  });

  test('a house number after เลขที่ is an address, not the document number', () => {
    const d = data([
      [[100, 'ห้างหุ้นส่วนจำกัด ช่างดี']],
      [[100, 'เลขที่ 45 หมู่ 3 ตำบลบ้านใหม่ อำเภอเมือง จังหวัดนครปฐม 73000']],
      [[1500, 'ใบเสร็จรับเงิน']],
      [
        [1500, 'เลขที่'],
        [1800, '970/2569'],
      ],
    ]);
    expect(d.documentNumber).toBe('970/2569');
  });

  test('a number that wraps inside its table cell is joined', () => {
    const d = data([
      [[100, 'ใบเสนอราคา']],
      [
        [100, 'เลขที่'],
        [400, 'QT256908-'],
        [1000, 'วันที่'],
        [1300, '8 ส.ค. 2569'],
      ],
      [[400, '0192']],
    ]);
    expect(d).toMatchObject({ documentNumber: 'QT256908-0192', issueDate: '2026-08-08' });
  });
});

describe('parties by role', () => {
  test('a purchase order addressed "ถึง ผู้ขาย": the addressee is the seller, the letterhead the buyer', () => {
    const d = data([
      [[100, 'บริษัท ผู้ซื้อใหญ่ จำกัด']],
      [[100, 'เลขประจำตัวผู้เสียภาษี 0105537000015']],
      [[1500, 'ใบสั่งซื้อ']],
      [[100, 'ถึง ผู้ขาย']],
      [[100, 'บริษัท ขายส่งดี จำกัด']],
      [[100, '12 ถนนรามอินทรา แขวงท่าแร้ง เขตบางเขน กรุงเทพมหานคร 10220']],
      [[100, 'เลขประจำตัวผู้เสียภาษี 0105548123458']],
    ]);
    expect(d).toMatchObject({
      documentType: 'purchase_order',
      sellerName: 'บริษัท ขายส่งดี จำกัด',
      sellerTaxId: '0105548123458',
      buyerName: 'บริษัท ผู้ซื้อใหญ่ จำกัด',
      buyerTaxId: '0105537000015',
    });
  });

  test("OCR words keep the space between them however narrow the gap (tesseract's text decided it)", () => {
    // A scan's words as docserve stores them: clusters already joined into words, a space between any two.
    const page = {
      ...layoutPage([[[100, 'บริษัท สยามเทค จำกัด']], [[1500, 'ใบเสนอราคา']]]),
      source: 'ocr' as const,
    };
    let x = 100;
    for (const w of page.blocks[0]?.lines[0]?.words ?? []) {
      const width = w.bbox[2] - w.bbox[0];
      w.bbox = [x, w.bbox[1], x + width, w.bbox[3]];
      x += width + 4;
    }
    expect(extractGeneric([page]).data.sellerName).toBe('บริษัท สยามเทค จำกัด');
  });

  test('a quotation "เรียน" a customer: the addressee is the buyer', () => {
    const d = data([[[100, 'บริษัท ช่างไฟ จำกัด']], [[1500, 'ใบเสนอราคา']], [[100, 'เรียน บริษัท ลูกค้าใหม่ จำกัด']]]);
    expect(d).toMatchObject({ sellerName: 'บริษัท ช่างไฟ จำกัด', buyerName: 'บริษัท ลูกค้าใหม่ จำกัด' });
  });

  test('a line of OCR specks under the buyer label does not hide the name below it', () => {
    const d = data([
      [[100, 'บริษัท สยามเทคโนโลยี จำกัด']],
      [[1500, 'ใบวางบิล / ใบแจ้งยอด']],
      [[100, 'เรียน / Customer']],
      [
        [100, 'ฒิ'],
        [240, 'oo'],
        [420, 'ฆ'],
      ],
      [[100, 'หางหุนสวนจากด สยามการคา']],
      [[100, '437 ถนนเพชรบุรี ตำบลสุเทพ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50200']],
      [[100, 'เลขประจำตัวผู้เสียภาษี / Tax ID 0105547156166 สำนักงานใหญ่']],
    ]);
    expect(d).toMatchObject({
      sellerName: 'บริษัท สยามเทคโนโลยี จำกัด',
      buyerName: 'ห้างหุ้นส่วนจำกัด สยามการคา',
      buyerTaxId: '0105547156166',
      buyerAddress: '437 ถนนเพชรบุรี ตำบลสุเทพ อำเภอเมืองเชียงใหม่ จังหวัดเชียงใหม่ 50200',
    });
  });

  test('Bill To wins over Ship To for the buyer', () => {
    const d = data([
      [[100, 'Acme Trading Co., Ltd.']],
      [[1500, 'TAX INVOICE']],
      [
        [100, 'Ship To'],
        [1200, 'Bill To'],
      ],
      [
        [100, 'Warehouse 7, Lat Krabang'],
        [1200, 'Blue Sky Foods Co., Ltd.'],
      ],
    ]);
    expect(d).toMatchObject({ sellerName: 'Acme Trading Co., Ltd.', buyerName: 'Blue Sky Foods Co., Ltd.' });
  });

  test('a totals line never becomes a party name', () => {
    const r = extractGeneric([
      textPage(['ใบเสร็จรับเงิน', 'ค่าบริการ 1,250.00', 'ยอดรวมทั้งสิ้น 1,250.00'].join('\n')),
    ]);
    expect(r.data.sellerName).toBeNull();
    expect(r.data.buyerName).toBeNull();
    expect(r.data.total).toBe(1250);
  });
});

describe('parties named by what they did', () => {
  test('a receipt book: "ได้รับเงินจาก" names the payer, the buyer', () => {
    const d = data([
      [[100, 'ร้านช่างดีการไฟฟ้า']],
      [[100, '45 หมู่ 3 ตำบลบ้านใหม่ อำเภอเมือง จังหวัดนครปฐม 73000']],
      [[900, 'ใบเสร็จรับเงิน']],
      [
        [100, 'เล่มที่ 12'],
        [1700, 'เลขที่ 0578'],
      ],
      [[1300, 'วันที่ 25 เดือน สิงหาคม พ.ศ. 2569']],
      [[100, 'ได้รับเงินจาก นายสมชาย ใจดี']],
      [[100, 'ที่อยู่ 99/1 ถนนเพชรเกษม ตำบลสนามจันทร์ อำเภอเมือง จังหวัดนครปฐม 73000']],
    ]);
    expect(d).toMatchObject({
      documentType: 'receipt',
      documentNumber: '0578',
      issueDate: '2026-08-25',
      sellerName: 'ร้านช่างดีการไฟฟ้า',
      buyerName: 'นายสมชาย ใจดี',
    });
  });

  test('a purchase order: "สั่งซื้อจาก" names the seller', () => {
    const r = extractGeneric([
      textPage(
        [
          'บริษัท ผู้ซื้อใหญ่ จำกัด',
          'ใบสั่งซื้อ',
          'เลขที่ PO-77',
          'สั่งซื้อจาก บริษัท ขายส่งดี จำกัด',
          'เลขประจำตัวผู้เสียภาษี 0105548123458',
        ].join('\n'),
      ),
    ]);
    expect(r.data).toMatchObject({
      sellerName: 'บริษัท ขายส่งดี จำกัด',
      sellerTaxId: '0105548123458',
      buyerName: 'บริษัท ผู้ซื้อใหญ่ จำกัด',
    });
  });

  test('a letter to a position: the organisation after it is the addressee, a position alone names nobody', () => {
    const letter = extractGeneric([
      textPage(
        [
          'บริษัท สยามพัฒนา จำกัด',
          'ที่ สพ 045/2569',
          '18 สิงหาคม 2569',
          'เรื่อง ขอให้ชำระเงิน',
          'เรียน กรรมการผู้จัดการ บริษัท รุ่งเรืองค้าไม้ จำกัด',
          'ขอแสดงความนับถือ',
        ].join('\n'),
      ),
    ]).data;
    expect(letter.buyerName).toBe('บริษัท รุ่งเรืองค้าไม้ จำกัด');
    const english = extractGeneric([
      textPage(
        [
          'Siam Trading Co., Ltd.',
          '18 August 2026',
          'To: The Managing Director',
          'Blue Sky Foods Co., Ltd.',
          'Dear Sir,',
          'Yours faithfully,',
        ].join('\n'),
      ),
    ]).data;
    expect(english).toMatchObject({
      sellerName: 'Siam Trading Co., Ltd.',
      buyerName: 'Blue Sky Foods Co., Ltd.',
    });
    const memo = extractGeneric([
      textPage(
        [
          'บันทึกข้อความ',
          'ที่ บช 12/2569',
          'วันที่ 18 สิงหาคม 2569',
          'เรื่อง ขอให้ตรวจสอบ',
          'เรียน ผู้จัดการฝ่ายการเงิน',
          'ตามที่ฝ่ายบัญชีได้รับใบแจ้งหนี้จากผู้ขายแล้ว',
        ].join('\n'),
      ),
    ]).data;
    expect(memo.buyerName).toBeNull();
  });
});

describe('the withholding-tax certificate (50 ทวิ)', () => {
  test('payer and payee with their tax IDs, the amount paid, the tax withheld and the date of issue', () => {
    const d = data([
      [[700, 'หนังสือรับรองการหักภาษี ณ ที่จ่าย']],
      [
        [700, 'ตามมาตรา 50 ทวิ แห่งประมวลรัษฎากร'],
        [1900, 'เล่มที่ 3'],
        [2200, 'เลขที่ 0125'],
      ],
      [
        [100, 'ผู้มีหน้าที่หักภาษี ณ ที่จ่าย :'],
        [1300, 'เลขประจำตัวผู้เสียภาษีอากร'],
        [1800, '0 1 0 5 5 6 1 0 1 2 3 4 6'],
      ],
      [[100, 'ชื่อ บริษัท ผู้จ่ายเงิน จำกัด']],
      [[100, 'ที่อยู่ 12 ถนนสีลม แขวงสุริยวงศ์ เขตบางรัก กรุงเทพมหานคร 10500']],
      [
        [100, 'ผู้ถูกหักภาษี ณ ที่จ่าย :'],
        [1300, 'เลขประจำตัวผู้เสียภาษีอากร'],
        [1800, '0 1 0 5 5 4 8 1 2 3 4 5 8'],
      ],
      [[100, 'ชื่อ ห้างหุ้นส่วนจำกัด รับจ้างดี']],
      [[100, 'ที่อยู่ 7 ถนนงามวงศ์วาน ตำบลบางกระสอ อำเภอเมือง จังหวัดนนทบุรี 11000']],
      [
        [100, 'ประเภทเงินได้พึงประเมินที่จ่าย'],
        [1200, 'วัน เดือน หรือปีภาษี ที่จ่าย'],
        [1700, 'จำนวนเงินที่จ่าย'],
        [2100, 'ภาษีที่หักและนำส่งไว้'],
      ],
      [
        [100, '5. ค่าจ้างทำของ'],
        [1200, '10 ส.ค. 2569'],
        [1700, '20,000.00'],
        [2100, '600.00'],
      ],
      [
        [100, 'รวมเงินที่จ่ายและภาษีที่หักนำส่ง'],
        [1700, '20,000.00'],
        [2100, '600.00'],
      ],
      [[100, 'รวมเงินภาษีที่หักนำส่ง (ตัวอักษร) หกร้อยบาทถ้วน']],
      [[1200, 'วัน เดือน ปี ที่ออกหนังสือรับรองฯ 15 สิงหาคม 2569']],
    ]);
    expect(d).toMatchObject({
      documentType: 'withholding_tax_certificate',
      documentNumber: '0125',
      issueDate: '2026-08-15',
      sellerName: 'ห้างหุ้นส่วนจำกัด รับจ้างดี',
      sellerTaxId: '0105548123458',
      buyerName: 'บริษัท ผู้จ่ายเงิน จำกัด',
      buyerTaxId: '0105561012346',
      total: 20000,
      withholdingTax: 600,
      vat: null,
      subtotal: null,
    });
  });
});

describe('due dates of billing notes', () => {
  test.each([['วันนัดชำระ 30 ส.ค. 2569'], ['กำหนดรับเช็ค 30 ส.ค. 2569'], ['วันนัดรับเช็ค 30 สิงหาคม 2569']])(
    '%s is the due date, not the issue date',
    (line) => {
      const r = extractGeneric([
        textPage(['บริษัท ผู้ขาย จำกัด', 'ใบวางบิล', 'เลขที่ BL-9', 'วันที่ 1 ส.ค. 2569', line].join('\n')),
      ]);
      expect(r.data).toMatchObject({
        documentType: 'billing_note',
        issueDate: '2026-08-01',
        dueDate: '2026-08-30',
      });
    },
  );
});

describe('labels and values laid out in narrow grids', () => {
  test('a label wrapped inside a narrow header cell is read whole (Valid / Until, วันครบ / กำหนด)', () => {
    const en = data([
      [[100, 'QUOTATION']],
      [
        [100, 'Quotation No.'],
        [700, 'Date'],
        [1100, 'Valid'],
      ],
      [[1100, 'Until']],
      [
        [100, 'QT-0042'],
        [700, '08/08/2026'],
        [1100, '07/09/2026'],
      ],
    ]);
    expect(en).toMatchObject({ documentNumber: 'QT-0042', issueDate: '2026-08-08', dueDate: '2026-09-07' });
    const th = data([
      [[100, 'ใบแจ้งหนี้']],
      [
        [100, 'เลขที่'],
        [700, 'วันที่'],
        [1100, 'วันครบ'],
      ],
      [[1100, 'กำหนด']],
      [
        [100, 'IV6908-0031'],
        [700, '1 ส.ค. 2569'],
        [1100, '31 ส.ค. 2569'],
      ],
    ]);
    expect(th).toMatchObject({
      documentNumber: 'IV6908-0031',
      issueDate: '2026-08-01',
      dueDate: '2026-08-31',
    });
  });

  test('a bilingual label whose English half wrapped under it: the value is below both', () => {
    const d = data([
      [[100, 'ใบเสร็จรับเงิน']],
      [
        [100, 'เลขที่'],
        [700, 'วันที่'],
      ],
      [
        [100, 'No.'],
        [700, 'Date'],
      ],
      [
        [100, 'RC6908-0099'],
        [700, '3 ส.ค. 2569'],
      ],
    ]);
    expect(d).toMatchObject({ documentNumber: 'RC6908-0099', issueDate: '2026-08-03' });
  });
});

describe('other documents a document cites', () => {
  test("a delivery note: the date after the cited PO number is that PO's date, not the issue date", () => {
    const d = data([
      [[100, 'บริษัท ส่งไว จำกัด']],
      [[1500, 'ใบส่งของ']],
      [
        [100, 'เลขที่ใบสั่งซื้อ PO-6908-0012'],
        [900, 'ลงวันที่'],
        [1100, '1 ส.ค. 2569'],
      ],
      [
        [1500, 'วันที่'],
        [1800, '15 ส.ค. 2569'],
      ],
    ]);
    expect(d).toMatchObject({ documentType: 'delivery_note', issueDate: '2026-08-15' });
  });

  test('a billing note listing invoices keeps its own number', () => {
    const d = data([
      [[100, 'บริษัท ผู้ขายดี จำกัด']],
      [[1500, 'ใบวางบิล']],
      [
        [1500, 'เลขที่'],
        [1800, 'BL6908-0003'],
      ],
      [[100, '1. ใบแจ้งหนี้เลขที่ IV6907-0101 ลงวันที่ 05/07/2569 จำนวนเงิน 10,700.00 บาท']],
      [[100, '2. ใบแจ้งหนี้เลขที่ IV6907-0117 ลงวันที่ 19/07/2569 จำนวนเงิน 5,350.00 บาท']],
    ]);
    expect(d).toMatchObject({ documentType: 'billing_note', documentNumber: 'BL6908-0003' });
  });

  test('"Customer PO" labels the customer\'s number, not the customer', () => {
    const d = data([
      [[100, 'Acme Trading Co., Ltd.']],
      [[1500, 'TAX INVOICE']],
      [
        [1500, 'Customer PO'],
        [1900, '4500012345'],
      ],
      [
        [100, 'Customer'],
        [400, 'Blue Sky Foods Co., Ltd.'],
      ],
    ]);
    expect(d).toMatchObject({ sellerName: 'Acme Trading Co., Ltd.', buyerName: 'Blue Sky Foods Co., Ltd.' });
  });
});

describe('labels of totals', () => {
  test.each([
    ['ยอดรวม 1,250.00'],
    ['ยอดรวม Total 1,250.00'],
    ['ยอดรวมทั้งสิ้น 1,250.00'],
    ['จำนวนเงินรวมทั้งสิ้น 1,250.00'],
    ['รวมเงิน 1,250.00'],
    ['Grand Total 1,250.00'],
  ])('%s alone is the total', (line) => {
    const d = extractGeneric([textPage(`บริษัท ร้านดี จำกัด\nใบเสร็จรับเงิน\n${line}`)]).data;
    expect(d.total).toBe(1250);
    expect(d.sellerName).toBe('บริษัท ร้านดี จำกัด');
  });

  test('ยอดรวม before VAT and a grand total is the subtotal', () => {
    const d = extractGeneric([
      textPage(['ใบกำกับภาษี', 'ยอดรวม 1,000.00', 'ภาษีมูลค่าเพิ่ม 7% 70.00', 'ยอดรวมทั้งสิ้น 1,070.00'].join('\n')),
    ]).data;
    expect(d).toMatchObject({ subtotal: 1000, vat: 70, total: 1070 });
  });
});

describe('document kinds Thai companies exchange', () => {
  test.each([
    ['ใบกำกับภาษี/ใบเสร็จรับเงิน', 'tax_invoice'],
    ['ใบกำกับภาษีอย่างย่อ', 'tax_invoice'],
    ['ใบแจ้งหนี้', 'invoice'],
    ['ใบแจ้งหนี้/ใบวางบิล', 'invoice'],
    ['ใบวางบิล/ใบแจ้งหนี้', 'billing_note'],
    ['ใบวางบิล', 'billing_note'],
    ['ใบเสร็จรับเงิน/ใบกำกับภาษี', 'tax_invoice'],
    ['ใบรับเงิน', 'receipt'],
    ['ใบแจ้งค่าบริการ', 'invoice'],
    ['ใบส่งของ', 'delivery_note'],
    ['ใบส่งสินค้า/ใบกำกับภาษี', 'tax_invoice'],
    ['ใบลดหนี้', 'credit_note'],
    ['ใบเพิ่มหนี้', 'debit_note'],
    ['หนังสือรับรองการหักภาษี ณ ที่จ่าย', 'withholding_tax_certificate'],
    ['BILLING NOTE', 'billing_note'],
    ['DELIVERY ORDER', 'delivery_note'],
  ])('%s is %s', (title, kind) => {
    expect(data([[[900, title]], [[100, 'บริษัท ทดสอบ จำกัด']]]).documentType).toBe(kind);
  });

  test('a title OCR garbled still names the kind', () => {
    expect(data([[[900, 'บเสรจรบเงน']], [[100, 'บริษัท ทดสอบ จำกัด']]]).documentType).toBe('receipt');
  });

  test('a memo is a letter even when its subject names an invoice', () => {
    const r = extractGeneric([
      textPage(['บันทึกข้อความ', 'เรื่อง ขอให้ตรวจสอบใบแจ้งหนี้ที่ค้างชำระ', 'เรียน ผู้จัดการฝ่ายบัญชี'].join('\n')),
    ]);
    expect(r.kind).toBe('letter');
  });
});

describe('honest confidence', () => {
  test('a value below its threshold is null, with the candidate in checks', () => {
    const r = extractGeneric([textPage('ใบแจ้งหนี้\nลงวันที่ ๑๑ กันยายน ๒๕๒๕')]);
    expect(r.data.issueDate).toBeNull();
    expect(r.fields.issueDate).toBeUndefined();
    const withheld = r.checks?.find((c) => c.field === 'issueDate');
    expect(withheld).toMatchObject({ name: 'low_confidence', passed: false });
    expect(withheld?.candidate?.value).toBe('2022-09-11');
    expect(withheld?.candidate?.confidence).toBeLessThan(0.6);
  });
});
