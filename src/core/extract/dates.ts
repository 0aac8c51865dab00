/**
 * Dates as Thai and English business documents print them: Thai month names and abbreviations (ม.ค.),
 * Buddhist-era years (พ.ศ. 2569 = 2026, also two-digit 69), Thai digits, dd/mm/yyyy, ISO and English
 * month names. Every parser returns ISO `YYYY-MM-DD` or null.
 */
import { thaiDigitsToAscii } from '../text/thai.ts';

const TH_MONTHS: [RegExp, number][] = [
  [/^(?:มกราคม|ม\.?ค\.?)$/, 1],
  [/^(?:กุมภาพันธ์|ก\.?พ\.?)$/, 2],
  [/^(?:มีนาคม|มี\.?ค\.?)$/, 3],
  [/^(?:เมษายน|เม\.?ย\.?)$/, 4],
  [/^(?:พฤษภาคม|พ\.?ค\.?)$/, 5],
  [/^(?:มิถุนายน|มิ\.?ย\.?)$/, 6],
  [/^(?:กรกฎาคม|ก\.?ค\.?)$/, 7],
  [/^(?:สิงหาคม|ส\.?ค\.?)$/, 8],
  [/^(?:กันยายน|ก\.?ย\.?)$/, 9],
  [/^(?:ตุลาคม|ต\.?ค\.?)$/, 10],
  [/^(?:พฤศจิกายน|พ\.?ย\.?)$/, 11],
  [/^(?:ธันวาคม|ธ\.?ค\.?)$/, 12],
];
const EN_MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const TH_MONTH_RE =
  'มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม|ม\\.?ค\\.?|ก\\.?พ\\.?|มี\\.?ค\\.?|เม\\.?ย\\.?|พ\\.?ค\\.?|มิ\\.?ย\\.?|ก\\.?ค\\.?|ส\\.?ค\\.?|ก\\.?ย\\.?|ต\\.?ค\\.?|พ\\.?ย\\.?|ธ\\.?ค\\.?';
const EN_MONTH_RE = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
const ERA =
  '(?:(?:พุทธศักราช|คริสต์ศักราช|พ\\s*\\.?\\s*ศ\\s*\\.?|ค\\s*\\.?\\s*ศ\\s*\\.?|B\\.?E\\.?|A\\.?D\\.?)\\s*)?';
const SEP = '[\\s,]*';

/** The patterns tried, in order; each names its groups d, m (number or name), y. */
const PATTERNS: RegExp[] = [
  /(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})(?!\d)/i,
  new RegExp(
    `(?<!\\d)(?<d>\\d{1,2})\\s*(?:เดือน\\s*)?(?<m>${TH_MONTH_RE})\\s*(?:${ERA}|[^\\d]{0,10}?)(?<y>\\d{4}|\\d{2})(?!\\d)`,
    'i',
  ),
  new RegExp(
    `(?<!\\d)(?<d>\\d{1,2})(?:st|nd|rd|th)?[\\s\\-./]*(?<m>${EN_MONTH_RE})[\\s\\-./,]*${ERA}(?<y>\\d{4}|\\d{2})(?!\\d)`,
    'i',
  ),
  new RegExp(`(?<m>${EN_MONTH_RE})${SEP}(?<d>\\d{1,2})(?:st|nd|rd|th)?${SEP}(?<y>\\d{4})(?!\\d)`, 'i'),
  new RegExp(
    `(?<!\\d)(?<d>\\d{1,2})\\s*[/.\\-]\\s*(?<m>\\d{1,2})\\s*[/.\\-]\\s*${ERA}(?<y>\\d{4}|\\d{2})(?!\\d)`,
    'i',
  ),
];

function monthNumber(m: string): number | null {
  if (/^\d+$/.test(m)) return Number(m);
  const compact = m.replace(/\s+/g, '');
  for (const [re, n] of TH_MONTHS) if (re.test(compact)) return n;
  const i = EN_MONTHS.indexOf(compact.slice(0, 3).toLowerCase());
  return i >= 0 ? i + 1 : null;
}

/**
 * Converts a printed year to the Gregorian year: Buddhist-era years (2400-2700) lose 543; two-digit
 * years are read as Buddhist era when 60 or more (69 = 2569 = 2026), else as 20xx.
 */
export function gregorianYear(y: number, era?: 'be' | 'ce'): number {
  if (y < 100) {
    if (era === 'ce') return 2000 + y;
    return era === 'be' || y >= 60 ? 2500 + y - 543 : 2000 + y;
  }
  if (era === 'be' || (y >= 2400 && y <= 2700)) return y - 543;
  return y;
}

/** ISO date for year/month/day, or null when it is not a real calendar date. */
export function isoDate(y: number, m: number, d: number): string | null {
  if (m < 1 || m > 12 || d < 1 || d > 31 || y < 1990 || y > 2200) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null;
  return date.toISOString().slice(0, 10);
}

/** A date found in a piece of text. */
export interface DateMatch {
  iso: string;
  index: number;
  text: string;
}

/** Every date in the text, in order of appearance. */
export function findDates(input: string): DateMatch[] {
  const text = thaiDigitsToAscii(input.normalize('NFC'));
  const out: DateMatch[] = [];
  const taken: [number, number][] = [];
  for (const re of PATTERNS) {
    const g = new RegExp(re.source, 'gi');
    for (const m of text.matchAll(g)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      if (taken.some(([a, b]) => start < b && end > a)) continue;
      const groups = m.groups as { d: string; m: string; y: string };
      const month = monthNumber(groups.m);
      if (!month) continue;
      const era = /พ\.?\s*ศ|\bB\.?\s?E\b/.test(m[0])
        ? 'be'
        : /ค\.?\s*ศ|\bA\.?\s?D\b/.test(m[0])
          ? 'ce'
          : undefined;
      let day = Number(groups.d);
      let mon = month;
      if (/^\d+$/.test(groups.m) && mon > 12 && day <= 12) [day, mon] = [mon, day];
      const iso = isoDate(gregorianYear(Number(groups.y), era), mon, day);
      if (!iso) continue;
      taken.push([start, end]);
      out.push({ iso, index: start, text: m[0] });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

/** The first date in the text as ISO `YYYY-MM-DD`, or null. */
export function parseDate(text: string): string | null {
  return findDates(text)[0]?.iso ?? null;
}
