/**
 * Money as printed on invoices: `1,234.56`, `฿1,234.56`, `(1,000.00)`, Thai digits, and amounts written
 * in Thai words (`หนึ่งพันสองร้อยบาทถ้วน`, `...บาทห้าสิบสตางค์`) or English words (`One Thousand Baht Only`).
 */
import { thaiDigitsToAscii } from '../text/thai.ts';

/** A number found in text, with where it was. */
export interface AmountMatch {
  value: number;
  index: number;
  text: string;
  /** Followed by `%` (a rate, not money). */
  percent: boolean;
}

/**
 * A number: thousands grouped by commas (or by periods, as OCR often reads them) with an optional 1-2
 * digit decimal part (a hyphen also read as the decimal point after grouped thousands), or plain digits.
 */
const NUMBER =
  /(?<![\d.,])([-(]?)\s*(?:฿|THB|USD|\$)?\s*(?:(\d{1,3}(?:[,.]\d{3})+)(?:[.,](\d{1,2})|-(\d{2}))?|(\d+)(?:[.,](\d{1,2}))?)(?!\d)(\s*\))?\s*(%)?/gi;

/** Every number in the text (thousands separators and Thai digits understood). */
export function findAmounts(input: string): AmountMatch[] {
  const text = thaiDigitsToAscii(input);
  const out: AmountMatch[] = [];
  for (const m of text.matchAll(NUMBER)) {
    const whole = (m[2] ?? m[5] ?? '').replace(/[,.]/g, '');
    if (!whole || whole.length > 13) continue;
    const frac = m[3] ?? m[4] ?? m[6] ?? '';
    const value = Number(`${whole}.${frac.padEnd(2, '0')}`);
    const negative = m[1] === '-' || (m[1] === '(' && Boolean(m[7]));
    out.push({
      value: negative ? -value : value,
      index: m.index ?? 0,
      text: m[0].trim(),
      percent: Boolean(m[8]),
    });
  }
  return out;
}

/** Rounds to satang. */
export const round2 = (n: number): number => Math.round(n * 100) / 100;

/** True when two amounts agree to within a satang (rounding on printed totals). */
export const sameAmount = (a: number, b: number, tolerance = 0.011): boolean => Math.abs(a - b) <= tolerance;

/** The last money amount (not a percentage) in the text, or null. */
export function lastAmount(text: string): AmountMatch | null {
  const all = findAmounts(text).filter((a) => !a.percent);
  return all.at(-1) ?? null;
}

/** A percentage like `7%` or `VAT 7 %`, or null. */
export function findPercent(text: string): number | null {
  const m = thaiDigitsToAscii(text).match(/(\d{1,2}(?:\.\d+)?)\s*%/);
  return m ? Number(m[1]) : null;
}

const TH_NUM_WORDS: [string, number][] = [
  ['ศูนย์', 0],
  ['หนึ่ง', 1],
  ['เอ็ด', 1],
  ['สอง', 2],
  ['ยี่', 2],
  ['สาม', 3],
  ['สี่', 4],
  ['ห้า', 5],
  ['หก', 6],
  ['เจ็ด', 7],
  ['แปด', 8],
  ['เก้า', 9],
];
const TH_UNITS: [string, number][] = [
  ['สิบ', 10],
  ['ร้อย', 100],
  ['พัน', 1000],
  ['หมื่น', 10_000],
  ['แสน', 100_000],
  ['ล้าน', 1_000_000],
];
const TH_WORD = [...TH_NUM_WORDS, ...TH_UNITS].map(([w]) => w).join('|');
const TH_AMOUNT_RE = new RegExp(`((?:${TH_WORD})+)บาท(?:((?:${TH_WORD})+)สตางค์|ถ้วน|ตรง)?`);

/** Parses a run of Thai number words (`หนึ่งหมื่นสองพันห้าร้อยยี่สิบเอ็ด`) or returns null. */
export function parseThaiNumberWords(words: string): number | null {
  let total = 0;
  let chunk = 0;
  let digit: number | null = null;
  let rest = words.replace(/\s+/g, '');
  if (!rest) return null;
  while (rest) {
    const num = TH_NUM_WORDS.find(([w]) => rest.startsWith(w));
    if (num) {
      digit = num[1];
      rest = rest.slice(num[0].length);
      continue;
    }
    const unit = TH_UNITS.find(([w]) => rest.startsWith(w));
    if (!unit) return null;
    rest = rest.slice(unit[0].length);
    if (unit[1] === 1_000_000) {
      total = (total + chunk + (digit ?? 0)) * 1_000_000;
      chunk = 0;
    } else chunk += (digit ?? 1) * unit[1];
    digit = null;
  }
  return total + chunk + (digit ?? 0);
}

/** An amount written in Thai words found in the text (`...บาทถ้วน`), or null. */
export function parseThaiBahtText(text: string): { value: number; text: string } | null {
  const compact = text.replace(/[\s\u200B]+/g, '');
  const m = compact.match(TH_AMOUNT_RE);
  if (!m) return null;
  const baht = parseThaiNumberWords(m[1] as string);
  if (baht === null) return null;
  const satang = m[2] ? parseThaiNumberWords(m[2]) : 0;
  if (satang === null || satang > 99) return null;
  return { value: round2(baht + satang / 100), text: m[0] };
}

const EN_SMALL: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fourty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};
const EN_SCALE: Record<string, number> = { thousand: 1000, million: 1_000_000, billion: 1_000_000_000 };

/** Parses English number words (`Two Hundred Eleven Thousand Four Hundred Sixty-Two`) or returns null. */
export function parseEnglishNumberWords(words: string): number | null {
  const tokens = words
    .toLowerCase()
    .split(/[\s-]+/)
    .filter((t) => t && t !== 'and');
  if (!tokens.length) return null;
  let total = 0;
  let current = 0;
  for (const t of tokens) {
    if (t in EN_SMALL) current += EN_SMALL[t] as number;
    else if (t === 'hundred') current = (current || 1) * 100;
    else if (t in EN_SCALE) {
      total += (current || 1) * (EN_SCALE[t] as number);
      current = 0;
    } else return null;
  }
  return total + current;
}

const isNumberWord = (w: string) => w in EN_SMALL || w in EN_SCALE || w === 'hundred' || w === 'and';

/** The number words right before a position (the longest run of them), or null. */
function numberWordsBefore(text: string): string | null {
  const words = text
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
  let start = words.length;
  while (start > 0 && isNumberWord(words[start - 1] as string)) start--;
  const run = words.slice(start);
  while (run[0] === 'and') run.shift();
  return run.length ? run.join(' ') : null;
}

/** An amount written in English words (`... Baht [and ... Satang] Only`), or null. */
export function parseEnglishBahtText(text: string): { value: number; text: string } | null {
  const m = text.match(/^([\s\S]*?)\bbaht\b(?:\s+and\s+([a-z\s-]+?)\s*satangs?\b)?(?:\s*only)?/i);
  if (!m) return null;
  const bahtWords = numberWordsBefore(m[1] as string);
  const baht = bahtWords ? parseEnglishNumberWords(bahtWords) : null;
  if (baht === null) return null;
  const satang = m[2] ? parseEnglishNumberWords(m[2]) : 0;
  if (satang === null || satang > 99) return null;
  const start = (m[1] as string).toLowerCase().lastIndexOf((bahtWords as string).split(' ')[0] as string);
  return {
    value: round2(baht + satang / 100),
    text: `${(m[1] as string).slice(Math.max(0, start))}${m[0].slice((m[1] as string).length)}`
      .replace(/\s+/g, ' ')
      .trim(),
  };
}

/** An amount in Thai or English words found in the text, or null. */
export function parseAmountInWords(text: string): { value: number; text: string } | null {
  return parseThaiBahtText(text) ?? parseEnglishBahtText(text);
}
