/**
 * How Thai business paper writes dates, money and amounts in words: Buddhist-era and Gregorian years,
 * full and abbreviated month names, Thai digits, `บาทถ้วน` text. Written for the evaluation set.
 */

const THAI_DIGITS = '๐๑๒๓๔๕๖๗๘๙';

/** ASCII digits to Thai digits (other characters unchanged). */
export function thaiDigits(s: string): string {
  return s.replace(/[0-9]/g, (d) => THAI_DIGITS[Number(d)] as string);
}

export const MONTHS_TH = [
  'มกราคม',
  'กุมภาพันธ์',
  'มีนาคม',
  'เมษายน',
  'พฤษภาคม',
  'มิถุนายน',
  'กรกฎาคม',
  'สิงหาคม',
  'กันยายน',
  'ตุลาคม',
  'พฤศจิกายน',
  'ธันวาคม',
] as const;
export const MONTHS_TH_ABBR = [
  'ม.ค.',
  'ก.พ.',
  'มี.ค.',
  'เม.ย.',
  'พ.ค.',
  'มิ.ย.',
  'ก.ค.',
  'ส.ค.',
  'ก.ย.',
  'ต.ค.',
  'พ.ย.',
  'ธ.ค.',
] as const;
export const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** A calendar day (no time zone games: the generator only ever needs the date). */
export interface Day {
  y: number;
  m: number;
  d: number;
}

export function iso(day: Day): string {
  return `${day.y}-${pad(day.m)}-${pad(day.d)}`;
}

export function addDays(day: Day, n: number): Day {
  const t = new Date(Date.UTC(day.y, day.m - 1, day.d + n));
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

export function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * The ways dates are printed on Thai and English business paper. `be` = Buddhist era (Gregorian + 543).
 */
export type DateStyle =
  | 'th-long' // 25 สิงหาคม 2569
  | 'th-long-be' // 25 สิงหาคม พ.ศ. 2569
  | 'th-month-word' // 25 เดือนสิงหาคม พ.ศ. 2569
  | 'th-month-word-spaced' // 25 เดือน สิงหาคม พ.ศ. 2569
  | 'th-abbr' // 25 ส.ค. 2569
  | 'th-abbr-short' // 25 ส.ค. 69
  | 'th-digits-abbr' // ๒๕ ส.ค. ๒๕๖๙
  | 'th-digits-long' // ๒๕ สิงหาคม ๒๕๖๙
  | 'th-long-ce' // 25 สิงหาคม ค.ศ. 2026
  | 'slash-be' // 25/08/2569
  | 'slash-be-short' // 25/08/69
  | 'dash-be' // 25-08-2569
  | 'slash-ce' // 25/08/2026
  | 'dot-ce' // 25.08.2026
  | 'iso' // 2026-08-25
  | 'en-long' // 25 August 2026
  | 'en-us' // August 25, 2026
  | 'en-abbr' // 25-Aug-2026
  | 'en-abbr-space'; // 25 Aug 2026

/** Prints `day` the way `style` does. */
export function formatDate(day: Day, style: DateStyle): string {
  const be = day.y + 543;
  const th = MONTHS_TH[day.m - 1] as string;
  const thA = MONTHS_TH_ABBR[day.m - 1] as string;
  const en = MONTHS_EN[day.m - 1] as string;
  switch (style) {
    case 'th-long':
      return `${day.d} ${th} ${be}`;
    case 'th-long-be':
      return `${day.d} ${th} พ.ศ. ${be}`;
    case 'th-month-word':
      return `${day.d} เดือน${th} พ.ศ. ${be}`;
    case 'th-month-word-spaced':
      return `${day.d} เดือน ${th} พ.ศ. ${be}`;
    case 'th-abbr':
      return `${day.d} ${thA} ${be}`;
    case 'th-abbr-short':
      return `${day.d} ${thA} ${be % 100}`;
    case 'th-digits-abbr':
      return thaiDigits(`${day.d} ${thA} ${be}`);
    case 'th-digits-long':
      return thaiDigits(`${day.d} ${th} ${be}`);
    case 'th-long-ce':
      return `${day.d} ${th} ค.ศ. ${day.y}`;
    case 'slash-be':
      return `${pad(day.d)}/${pad(day.m)}/${be}`;
    case 'slash-be-short':
      return `${pad(day.d)}/${pad(day.m)}/${pad(be % 100)}`;
    case 'dash-be':
      return `${pad(day.d)}-${pad(day.m)}-${be}`;
    case 'slash-ce':
      return `${pad(day.d)}/${pad(day.m)}/${day.y}`;
    case 'dot-ce':
      return `${pad(day.d)}.${pad(day.m)}.${day.y}`;
    case 'iso':
      return iso(day);
    case 'en-long':
      return `${day.d} ${en} ${day.y}`;
    case 'en-us':
      return `${en} ${day.d}, ${day.y}`;
    case 'en-abbr':
      return `${pad(day.d)}-${en.slice(0, 3)}-${day.y}`;
    case 'en-abbr-space':
      return `${day.d} ${en.slice(0, 3)} ${day.y}`;
  }
}

/** Date styles that read naturally on a Thai-language document. */
export const THAI_DATE_STYLES: readonly DateStyle[] = [
  'th-long',
  'th-long-be',
  'th-month-word',
  'th-month-word-spaced',
  'th-abbr',
  'th-abbr-short',
  'th-digits-abbr',
  'th-digits-long',
  'th-long-ce',
  'slash-be',
  'slash-be-short',
  'dash-be',
  'slash-ce',
];
/** Date styles of English documents. */
export const ENGLISH_DATE_STYLES: readonly DateStyle[] = [
  'en-long',
  'en-us',
  'en-abbr',
  'en-abbr-space',
  'slash-ce',
  'dot-ce',
  'iso',
];

/** `1250.5` → `1,250.50` (or without grouping). */
export function money(n: number, grouping = true): string {
  const fixed = Math.abs(n).toFixed(2);
  const [int, dec] = fixed.split('.') as [string, string];
  const grouped = grouping ? int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') : int;
  return `${n < 0 ? '-' : ''}${grouped}.${dec}`;
}

/** Quantities: whole numbers without decimals (grouped), fractions with two. */
export function qty(n: number, alwaysDecimals = false): string {
  if (Number.isInteger(n) && !alwaysDecimals) return n.toLocaleString('en-US');
  return money(n);
}

export function round2(n: number): number {
  return Math.round((n + Number.EPSILON) * 100) / 100;
}

const TH_NUM = ['', 'หนึ่ง', 'สอง', 'สาม', 'สี่', 'ห้า', 'หก', 'เจ็ด', 'แปด', 'เก้า'];
const TH_PLACE = ['', 'สิบ', 'ร้อย', 'พัน', 'หมื่น', 'แสน'];

function thaiInteger(n: number): string {
  if (n === 0) return 'ศูนย์';
  if (n >= 1_000_000) {
    const high = Math.floor(n / 1_000_000);
    const low = n % 1_000_000;
    return `${thaiInteger(high)}ล้าน${low ? thaiBelowMillion(low, true) : ''}`;
  }
  return thaiBelowMillion(n, false);
}

function thaiBelowMillion(n: number, afterMillion: boolean): string {
  const digits = String(n).split('').map(Number).reverse();
  let out = '';
  for (let place = digits.length - 1; place >= 0; place--) {
    const d = digits[place] as number;
    if (d === 0) continue;
    if (place === 0) out += d === 1 && (n > 9 || afterMillion) ? 'เอ็ด' : TH_NUM[d];
    else if (place === 1) out += d === 1 ? 'สิบ' : d === 2 ? 'ยี่สิบ' : `${TH_NUM[d]}สิบ`;
    else out += `${TH_NUM[d]}${TH_PLACE[place]}`;
  }
  return out;
}

/** `1250.5` → `หนึ่งพันสองร้อยห้าสิบบาทห้าสิบสตางค์`; whole amounts end in `บาทถ้วน`. */
export function bahtText(amount: number): string {
  const satang = Math.round(amount * 100) % 100;
  const baht = Math.floor(Math.round(amount * 100) / 100);
  const b = baht ? `${thaiInteger(baht)}บาท` : '';
  return satang ? `${b}${thaiInteger(satang)}สตางค์` : `${b || 'ศูนย์บาท'}ถ้วน`;
}

const EN_ONES = [
  '',
  'One',
  'Two',
  'Three',
  'Four',
  'Five',
  'Six',
  'Seven',
  'Eight',
  'Nine',
  'Ten',
  'Eleven',
  'Twelve',
  'Thirteen',
  'Fourteen',
  'Fifteen',
  'Sixteen',
  'Seventeen',
  'Eighteen',
  'Nineteen',
];
const EN_TENS = ['', '', 'Twenty', 'Thirty', 'Forty', 'Fifty', 'Sixty', 'Seventy', 'Eighty', 'Ninety'];

function englishBelowThousand(n: number): string {
  const parts: string[] = [];
  if (n >= 100) parts.push(`${EN_ONES[Math.floor(n / 100)]} Hundred`);
  const r = n % 100;
  if (r >= 20) parts.push(`${EN_TENS[Math.floor(r / 10)]}${r % 10 ? `-${EN_ONES[r % 10]}` : ''}`);
  else if (r) parts.push(EN_ONES[r] as string);
  return parts.join(' ');
}

function englishInteger(n: number): string {
  if (n === 0) return 'Zero';
  const scales: [number, string][] = [
    [1_000_000_000, 'Billion'],
    [1_000_000, 'Million'],
    [1000, 'Thousand'],
  ];
  const parts: string[] = [];
  let rest = n;
  for (const [size, name] of scales) {
    if (rest >= size) {
      parts.push(`${englishBelowThousand(Math.floor(rest / size))} ${name}`);
      rest %= size;
    }
  }
  if (rest) parts.push(englishBelowThousand(rest));
  return parts.join(' ');
}

/** `1250.5` → `One Thousand Two Hundred Fifty Baht and Fifty Satang`; whole amounts end in `Baht Only`. */
export function englishBahtText(amount: number): string {
  const satang = Math.round(amount * 100) % 100;
  const baht = Math.floor(Math.round(amount * 100) / 100);
  return satang
    ? `${englishInteger(baht)} Baht and ${englishInteger(satang)} Satang`
    : `${englishInteger(baht)} Baht Only`;
}
