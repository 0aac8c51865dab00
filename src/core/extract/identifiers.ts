/**
 * Identifiers on Thai business documents: 13-digit tax IDs (checksum-validated), branch codes
 * (สำนักงานใหญ่ = 00000), phone numbers, e-mail addresses and document numbers.
 */
import { thaiDigitsToAscii } from '../text/thai.ts';

/** True when 13 digits carry a valid Thai tax-ID / citizen-ID check digit. */
export function isValidTaxId(digits: string): boolean {
  if (!/^\d{13}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(digits[i]) * (13 - i);
  return (11 - (sum % 11)) % 10 === Number(digits[12]);
}

/** Letters OCR confuses with digits, read as digits inside number runs. */
const DIGIT_LOOKALIKES: Record<string, string> = {
  O: '0',
  o: '0',
  l: '1',
  I: '1',
  '|': '1',
  S: '5',
  B: '8',
  Z: '2',
};

/** A tax ID found in text. */
export interface TaxIdMatch {
  value: string;
  index: number;
  text: string;
}

/** Every checksum-valid 13-digit tax ID in the text (dashes and spaces between digit groups allowed). */
export function findTaxIds(input: string): TaxIdMatch[] {
  const text = thaiDigitsToAscii(input);
  const out: TaxIdMatch[] = [];
  const re = /(?<![\dA-Za-z])\d(?:[\s\-.]{0,2}[\dOolISBZ|]){11,14}(?<=\d)(?![\dA-Za-z])/g;
  for (const m of text.matchAll(re)) {
    const raw = m[0];
    if ((raw.match(/\d/g)?.length ?? 0) < 11) continue;
    const digits = raw.replace(/[OolISBZ|]/g, (c) => DIGIT_LOOKALIKES[c] ?? c).replace(/\D/g, '');
    if (isValidTaxId(digits)) out.push({ value: digits, index: m.index ?? 0, text: raw });
  }
  return out;
}

/** Branch code of a party: `00000` for the head office, else the 5-digit branch number. */
export function findBranch(input: string): { value: string; text: string } | null {
  const text = thaiDigitsToAscii(input);
  const head = text.match(/สำนักงาน\s*ใหญ่|head\s*office|\bH\.?\s?O\.?\b/i);
  const branch = text.match(/(?:สาขา(?:ที่|เลขที่)?|branch(?:\s*(?:no\.?|code|#))?)\s*[:.]?\s*(\d{1,5})(?!\d)/i);
  if (branch && (!head || (branch.index ?? 0) < (head.index ?? 0)))
    return { value: (branch[1] as string).padStart(5, '0'), text: branch[0] };
  if (head) return { value: '00000', text: head[0] };
  return null;
}

/**
 * Thai phone numbers in every grouping: landlines (02-123-4567, 0-2123-4567, 0 2123 4567, the area code
 * in brackets: (02) 123-4567, (053) 214-567), mobiles (081-234-5678, 08-1234-5678) and +66 forms; 9 or 10
 * digits in up to four groups.
 */
export function findPhones(input: string): { value: string; index: number }[] {
  const text = thaiDigitsToAscii(input);
  const re =
    /(?<![\d\w(])(?:\+66\s?\(?0?\)?|0|\(0(?=\d{1,2}\)))(?:[\s\-.]?\d){1,4}\)?[\s\-.]?\d{3,4}[\s\-.]?\d{3,4}(?![\d])/g;
  const out: { value: string; index: number }[] = [];
  for (const m of text.matchAll(re)) {
    const digits = m[0].replace(/\D/g, '');
    const local = digits.startsWith('66') ? `0${digits.slice(2).replace(/^0/, '')}` : digits;
    if (local.length < 9 || local.length > 10) continue;
    out.push({ value: m[0].trim(), index: m.index ?? 0 });
  }
  return out;
}

/** E-mail addresses. */
export function findEmails(text: string): { value: string; index: number }[] {
  return [...text.matchAll(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g)].map((m) => ({
    value: m[0].replace(/\.$/, '').toLowerCase(),
    index: m.index ?? 0,
  }));
}

/** An amount (`49,180.79`, `1,250`, `266.08`): money, never a document number. */
const AMOUNT_START = /^\d{1,3}(?:(?:,\d{3})+(?:\.\d{2})?|\.\d{2})(?![\d,./-])/;

/** A phone, fax or e-mail line (`Tel.02-992-5916`, `โทร.053-…`): the line under a label whose value OCR garbled. */
const CONTACT_PREFIX = /^(?:tel|fax|phone|mobile|mob|e-?mail|โทร|แฟกซ์|มือถือ)/i;

/**
 * A document number at the start of the text (`INV-2026-0001`, `IV6901-0012`, `QT-69/015`, `0001234`,
 * a Thai letter's `สพ 045/2569` or `สรท. 357/2568`): letters, digits and `-/._` with at least two digits,
 * spaces OCR put inside dropped (the space after a Thai prefix, abbreviated with dots or not, is kept); dates, tax IDs,
 * phone numbers and amounts (`49,180.79` after a `#` label, `266.08`) are refused.
 */
export function parseDocumentNumber(input: string): string | null {
  const text = thaiDigitsToAscii(input)
    .trim()
    .replace(/^[#:：\-–.\s]+/, '')
    .replace(/^\|(?=[A-Z]{2})/, 'I');
  if (AMOUNT_START.test(text)) return null;
  const m = text.match(/^([A-Za-z\u0E01-\u0E2E]{0,8}[\s.]?[-/#]?\s?[A-Za-z0-9][A-Za-z0-9\-/_.#]*)/);
  if (!m) return null;
  const value = (m[1] as string)
    .replace(/[.\-/]+$/, '')
    .replace(/^([\u0E01-\u0E2E][\u0E01-\u0E2E.]*)\s+(?=\d)/, '$1\u0000')
    .replace(/\s+/g, '')
    .replace('\u0000', ' ');
  const digits = value.replace(/\D/g, '');
  if (digits.length < 2 || value.length > 30) return null;
  if (/^\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}$/.test(value)) return null;
  if (/^\d{13}$/.test(value) && isValidTaxId(value)) return null;
  if (/^0\d{1,2}-?\d{3}-?\d{3,4}$/.test(value) || CONTACT_PREFIX.test(value)) return null;
  return value;
}
