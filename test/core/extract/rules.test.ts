import { describe, expect, test } from 'bun:test';
import { extractGeneric } from '../../../src/core/extract/rules.ts';
import { fixtures, layoutPage, textPage } from './helpers.ts';

const all = fixtures();

describe('generated documents, born-digital (PDF text layer)', () => {
  test.each(all.map((f) => [f.id, f.truth.lang, f.truth.documentType, f] as const))(
    '%s (%s %s): kind, number, dates, tax IDs, amounts, line items',
    (_id, _lang, _kind, { truth, digital }) => {
      const r = extractGeneric(digital);
      expect(r.kind).toBe(truth.documentType);
      expect(r.data).toMatchObject({
        documentType: truth.documentType,
        documentNumber: truth.documentNumber,
        issueDate: truth.issueDate,
        dueDate: truth.dueDate,
        sellerTaxId: truth.seller.taxId,
        sellerBranch: truth.seller.branch,
        buyerTaxId: truth.buyer.taxId,
        sellerEmail: truth.seller.email,
        subtotal: truth.subtotal,
        vat: truth.vat,
        total: truth.total,
        currency: 'THB',
      });
      const items = r.data.lineItems as { description: string; quantity: number | null; amount: number }[];
      expect(items.map((i) => [i.quantity, i.amount])).toEqual(
        truth.lineItems.map((i) => [i.quantity, i.amount]),
      );
      expect(r.checks?.every((c) => c.passed)).toBe(true);
      expect(r.fields.total?.bbox).toHaveLength(4);
      expect(r.fields.total?.page).toBe(1);
    },
  );
});

describe('generated documents, scanned (noisy, rotated, native tesseract)', () => {
  test.each(all.map((f) => [f.id, f] as const))(
    '%s: kind, total and both tax IDs survive OCR noise',
    (_id, f) => {
      const r = extractGeneric(f.scan);
      expect(r.kind).toBe(f.truth.documentType);
      expect(r.data.total).toBe(f.truth.total);
      expect([r.data.sellerTaxId, r.data.buyerTaxId].sort()).toEqual(
        [f.truth.seller.taxId, f.truth.buyer.taxId].sort(),
      );
    },
  );
});

const thaiDigits = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0e50 + Number(d)));

describe('layouts built by hand', () => {
  const invoice = (total: string, words: string) =>
    layoutPage([
      [
        [100, 'บริษัท ทดสอบระบบ จำกัด'],
        [1500, 'ใบกำกับภาษี'],
      ],
      [
        [100, '99/1 ถนนสีลม แขวงสีลม เขตบางรัก กรุงเทพมหานคร 10500'],
        [1500, 'เลขที่'],
        [1800, 'IV6901-0042'],
      ],
      [
        [100, 'เลขประจำตัวผู้เสียภาษี 0105537000015 สำนักงานใหญ่'],
        [1500, 'วันที่'],
        [1800, thaiDigits('5 ก.พ. 2569')],
      ],
      [
        [1500, 'ครบกำหนดชำระ'],
        [1800, '07/03/2569'],
      ],
      [[100, 'ลูกค้า บริษัท ลูกค้าดี จำกัด (สาขาที่ 00002)']],
      [[100, '1 หมู่ 2 ตำบลบางพูด อำเภอปากเกร็ด จังหวัดนนทบุรี 11120']],
      [[100, 'โทร. 02-111-2222']],
      [
        [100, 'ลำดับ'],
        [300, 'รายการ'],
        [1200, 'จำนวน'],
        [1500, 'ราคาต่อหน่วย'],
        [1900, 'จำนวนเงิน'],
      ],
      [
        [100, '1'],
        [300, 'ค่าบริการรายเดือน'],
        [1250, '2'],
        [1550, '300.00'],
        [1950, '600.00'],
      ],
      [[300, '(มกราคม - กุมภาพันธ์)']],
      [
        [100, '2'],
        [300, 'ค่าติดตั้ง'],
        [1250, '1'],
        [1550, '400.00'],
        [1950, '400.00'],
      ],
      [
        [1500, 'รวมเงิน'],
        [1950, '1,000.00'],
      ],
      [
        [1500, 'ภาษีมูลค่าเพิ่ม 7%'],
        [1950, '70.00'],
      ],
      [
        [100, words],
        [1500, 'จำนวนเงินรวมทั้งสิ้น'],
        [1950, total],
      ],
    ]);

  test('a Thai tax invoice: Thai-digit Buddhist-era date, parties, table with a continuation line', () => {
    const r = extractGeneric([invoice('1,070.00', '(หนึ่งพันเจ็ดสิบบาทถ้วน)')]);
    expect(r.data).toMatchObject({
      documentType: 'tax_invoice',
      documentNumber: 'IV6901-0042',
      issueDate: '2026-02-05',
      dueDate: '2026-03-07',
      sellerName: 'บริษัท ทดสอบระบบ จำกัด',
      sellerTaxId: '0105537000015',
      sellerBranch: '00000',
      buyerName: 'บริษัท ลูกค้าดี จำกัด',
      buyerBranch: '00002',
      buyerAddress: '1 หมู่ 2 ตำบลบางพูด อำเภอปากเกร็ด จังหวัดนนทบุรี 11120',
      buyerPhone: '02-111-2222',
      subtotal: 1000,
      vat: 70,
      vatRate: 7,
      total: 1070,
      amountInWords: '(หนึ่งพันเจ็ดสิบบาทถ้วน)'.slice(1, -1),
    });
    expect(r.data.lineItems).toEqual([
      {
        description: 'ค่าบริการรายเดือน (มกราคม - กุมภาพันธ์)',
        quantity: 2,
        unit: null,
        unitPrice: 300,
        amount: 600,
      },
      { description: 'ค่าติดตั้ง', quantity: 1, unit: null, unitPrice: 400, amount: 400 },
    ]);
    expect(r.checks?.map((c) => [c.name, c.passed])).toEqual([
      ['subtotal_plus_vat_equals_total', true],
      ['vat_matches_rate', true],
      ['amount_in_words_matches_total', true],
      ['line_items_sum_matches_subtotal', true],
    ]);
    expect(r.fields.total?.confidence).toBeGreaterThan(0.95);
  });

  test('a misread total is replaced by the one the amount in words and subtotal + VAT agree on', () => {
    const r = extractGeneric([invoice('1,170.00', '(หนึ่งพันเจ็ดสิบบาทถ้วน)')]);
    expect(r.data.total).toBe(1070);
    expect(r.fields.total?.source).toBe('derived');
    expect(r.checks?.find((c) => c.name === 'subtotal_plus_vat_equals_total')?.passed).toBe(true);
  });

  test('a total that disagrees with everything else is reported by the checks', () => {
    const page = layoutPage([
      [[100, 'INVOICE']],
      [
        [100, 'Invoice No.'],
        [600, 'A-1001'],
      ],
      [
        [1500, 'Subtotal'],
        [1950, '1,000.00'],
      ],
      [
        [1500, 'VAT 7%'],
        [1950, '70.00'],
      ],
      [
        [1500, 'Grand Total'],
        [1950, '1,170.00'],
      ],
      [[100, '(One Thousand One Hundred Seventy Baht Only)']],
    ]);
    const r = extractGeneric([page]);
    expect(r.data.total).toBe(1170);
    expect(r.checks?.find((c) => c.name === 'amount_in_words_matches_total')?.passed).toBe(true);
    expect(r.checks?.find((c) => c.name === 'subtotal_plus_vat_equals_total')?.passed).toBe(false);
  });
});

describe('plain text (no boxes)', () => {
  test('an English receipt from a .txt file', () => {
    const r = extractGeneric([
      textPage(
        [
          'Blue Lotus Trading Co., Ltd.',
          '12 Silom Road, Bang Rak, Bangkok 10500',
          'Tax ID: 0105556001231   Head Office',
          'RECEIPT',
          'Receipt No.: RC-2026-0007',
          'Date: 2 March 2026',
          'Customer: Somchai Jaidee',
          'No.   Description      Qty   Unit Price   Amount',
          '1   Office chair   2   1,500.00   3,000.00',
          'Subtotal   3,000.00',
          'VAT 7%   210.00',
          'Total   3,210.00',
        ].join('\n'),
      ),
    ]);
    expect(r.data).toMatchObject({
      documentType: 'receipt',
      documentNumber: 'RC-2026-0007',
      issueDate: '2026-03-02',
      sellerName: 'Blue Lotus Trading Co., Ltd.',
      sellerBranch: '00000',
      buyerName: 'Somchai Jaidee',
      subtotal: 3000,
      vat: 210,
      total: 3210,
    });
    expect(r.data.lineItems).toEqual([
      { description: 'Office chair', quantity: 2, unit: null, unitPrice: 1500, amount: 3000 },
    ]);
  });

  test('a letter is recognized, and an empty page gives the full field set with nulls', () => {
    expect(extractGeneric([textPage('เรื่อง ขอเชิญประชุม\nเรียน ผู้จัดการ\nขอแสดงความนับถือ')]).kind).toBe('letter');
    const empty = extractGeneric([textPage('')]);
    expect(empty.kind).toBeNull();
    expect(empty.data.documentNumber).toBeNull();
    expect(empty.data.lineItems).toEqual([]);
    expect(Object.keys(empty.fields)).toEqual([]);
  });
});
