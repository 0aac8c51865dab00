/**
 * Text helpers for the AI endpoints: docserve's search form of text (NFC, SARA AM recomposed, spaces
 * between Thai characters ignored, Thai digits as ASCII, case folded), word segmentation with
 * `Intl.Segmenter('th')`, and the words that name document types.
 */

import { hasThai, normalizeForSearch } from '../../src/plugin-api.ts';

export { hasThai };

/** Normalized, case-folded text for matching (the search form, whitespace collapsed). */
export function norm(s: string): string {
  return normalizeForSearch(s).replace(/\s+/g, ' ').trim();
}

const STOP = new Set(
  `a an the all any of for from by to in on at with and or me my our us we i you please find show list search
  get give tell what which who where when is are was were be do does did there that this these those about
  document documents file files related containing contain contains มี ที่ และ หรือ ของ จาก ใน กับ ให้ หา
  ค้นหา แสดง ทั้งหมด เอกสาร ไฟล์ ช่วย ขอ เกี่ยวกับ อะไร ไหน บ้าง`.split(/\s+/),
);

const segmenter = new Intl.Segmenter('th', { granularity: 'word' });

/** Content words of a normalized query: Thai segmented into words, stop words and 1-letter words dropped. */
export function words(normalized: string): string[] {
  const out: string[] = [];
  for (const s of segmenter.segment(normalized)) {
    const w = s.segment.trim();
    if (!s.isWordLike || w.length < 2 || STOP.has(w)) continue;
    out.push(w);
  }
  return [...new Set(out)];
}

/** True when `needle` occurs in `hay` (both normalized); Latin needles must start a word. */
export function contains(hay: string, needle: string): boolean {
  if (!needle) return false;
  if (hasThai(needle) || /^\d/.test(needle)) return hay.includes(needle);
  return new RegExp(`(^|[^a-z0-9])${needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(hay);
}

/** Words and phrases that name a document type, English and Thai. */
const TYPE_WORDS: Record<string, string[]> = {
  invoice: ['invoices', 'invoice', 'bills', 'bill', 'ใบแจ้งหนี้', 'ใบกำกับภาษี', 'ใบกำกับ', 'ใบวางบิล', 'อินวอยซ์'],
  receipt: ['receipts', 'receipt', 'ใบเสร็จรับเงิน', 'ใบเสร็จ'],
  contract: ['contracts', 'contract', 'agreements', 'agreement', 'สัญญา'],
  purchaseOrder: ['purchase orders', 'purchase order', 'po', 'ใบสั่งซื้อ'],
  payStub: ['pay stubs', 'pay stub', 'payslips', 'payslip', 'สลิปเงินเดือน'],
  check: ['cheques', 'cheque', 'checks', 'เช็ค'],
  bankStatement: ['bank statements', 'bank statement', 'รายการเดินบัญชี', 'สเตทเมนท์ธนาคาร'],
  creditCardStatement: ['credit card statements', 'credit card statement', 'ใบแจ้งยอดบัตรเครดิต'],
  creditCard: ['credit cards', 'credit card', 'บัตรเครดิต'],
  idDocument: ['id cards', 'id card', 'passports', 'passport', 'บัตรประชาชน', 'หนังสือเดินทาง'],
  carLicense: ['car licenses', 'car license', 'vehicle registrations', 'vehicle registration', 'ทะเบียนรถ'],
  goodsReceipt: ['goods receipts', 'goods receipt', 'ใบรับสินค้า'],
  deliveryInvoice: ['delivery invoices', 'delivery invoice', 'ใบส่งสินค้า', 'ใบส่งของ'],
  freightInvoice: ['freight invoices', 'freight invoice', 'ค่าขนส่ง'],
};

const PHRASES = Object.entries(TYPE_WORDS)
  .flatMap(([type, list]) => list.map((p) => ({ type, p })))
  .sort((a, b) => b.p.length - a.p.length);

/**
 * Finds the document types a normalized query names and returns them with the query where each
 * match is replaced by ` ; ` (so later patterns do not run across it).
 */
export function takeTypes(q: string): { types: string[]; rest: string } {
  const types: string[] = [];
  let rest = q;
  for (const { type, p } of PHRASES) {
    const next = hasThai(p)
      ? rest.replaceAll(p, ' ; ')
      : rest.replace(new RegExp(`(^|[^a-z0-9])${p}(?![a-z0-9])`, 'g'), '$1 ; ');
    if (next === rest) continue;
    rest = next;
    if (!types.includes(type)) types.push(type);
  }
  return { types, rest };
}
