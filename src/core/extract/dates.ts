/**
 * Dates as Thai and English business documents print them: Thai month names and abbreviations (ม.ค.),
 * with or without the words วันที่ / เดือน / พ.ศ. / ค.ศ., Buddhist-era years (พ.ศ. 2569 = 2026, also
 * two-digit 69), Thai digits, dd/mm/yyyy, ISO and English month names; form fill-ins (`25.....
 * สิงหาคม.....2569`); OCR that spaced a month name or abbreviation (`มิถุ นาย น`, `มี. ค.`) or dropped
 * its marks or set its Thai digits apart (`๒ ๕ ๖ ๙`); and Thai-digit years that OCR misread (๖ as ๒, ๙ as ๕, a digit too many): read as the year
 * the same document prints in Arabic digits when one reading of the misread agrees with it (a
 * consistency rule: OCR confuses Thai digits but rarely Arabic ones), else repaired only when one
 * reading is plausible. Every parser returns ISO `YYYY-MM-DD` or null.
 */
import { thaiDigitsToAscii } from '../text/thai.ts';
import { editDistance } from '../text/edit-distance.ts';
import { toSkeleton } from './layout.ts';

const TH_MONTH_NAMES = [
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
];
const TH_MONTH_ABBR = ['มค', 'กพ', 'มีค', 'เมย', 'พค', 'มิย', 'กค', 'สค', 'กย', 'ตค', 'พย', 'ธค'];
const EN_MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** An abbreviation as printed or as OCR spaces it: `มี.ค.`, `มี. ค.`, `มีค`. */
const abbrRe = (a: string) =>
  Array.from(a)
    .map((ch) => `${escapeRe(ch)}\\s*\\.?\\s*`)
    .join('')
    .replace(/\\s\*\\\.\?\\s\*$/, '\\.?');
/** A month name as printed or with the spaces OCR puts inside a Thai word: `มิถุนายน`, `มิถุ นาย น`. */
const nameRe = (name: string) => Array.from(name).map(escapeRe).join('\\s*');
const monthAlternatives = (names: string[], abbrs: string[]) =>
  [...names.map(nameRe), ...abbrs.map(abbrRe)].join('|');

const TH_MONTH_RE = monthAlternatives(TH_MONTH_NAMES, TH_MONTH_ABBR);
/** The same months with Thai marks removed (OCR drops them), for the second pass over the skeleton. */
const TH_MONTH_SKELETON_RE = monthAlternatives(TH_MONTH_NAMES.map(toSkeleton), TH_MONTH_ABBR.map(toSkeleton));
const EN_MONTH_RE = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
const ERA =
  '(?:(?:พุทธศักราช|คริสต์ศักราช|พ\\s*\\.?\\s*ศ\\s*\\.?|ค\\s*\\.?\\s*ศ\\s*\\.?|B\\.?E\\.?|A\\.?D\\.?)\\s*)?';
const SEP = '[\\s,]*';

const thaiDate = (months: string, era: string) =>
  new RegExp(
    `(?<!\\d)(?<d>\\d{1,2})\\s*(?:เดือน\\s*)?(?<m>${months})\\s*(?:${era}|[^\\d]{0,10}?)(?<y>\\d{3,5}|\\d{2})(?!\\d)`,
    'i',
  );

/** The patterns tried, in order; each names its groups d, m (number or name), y. */
const PATTERNS: RegExp[] = [
  /(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})(?!\d)/i,
  thaiDate(TH_MONTH_RE, ERA),
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
const SKELETON_PATTERN = thaiDate(TH_MONTH_SKELETON_RE, toSkeleton(ERA));
/**
 * A Thai date whose year OCR made into letters (`๑๑ กันยายน bebe` for ๒๕๖๙): four characters of the
 * Latin letters and digits tesseract reads for Thai digits, at least one a letter.
 */
const GARBLED_YEAR_PATTERN = new RegExp(
  `(?<!\\d)(?<d>\\d{1,2})\\s*(?:เดือน\\s*)?(?<m>${TH_MONTH_RE})\\s*${ERA}(?<y>(?=[0-9a-gloqsBDOQS]*[a-zA-Z])[0-9a-gloqsBDOQS]{4})(?![\\w\\u0E01-\\u0E4E])`,
  'i',
);
/** A Thai word between a day and a year, for month names OCR misspelled (`ลิงหาคม`, `ตุลาดม`). */
const MISSPELLED_MONTH_PATTERN = new RegExp(
  `(?<!\\d)(?<d>\\d{1,2})\\s*(?:เดือน\\s*)?(?<m>[\\u0E01-\\u0E4E]{4,12})\\s*${ERA}(?<y>\\d{4}|\\d{2})(?!\\d)`,
  'i',
);

function monthNumber(m: string): number | null {
  if (/^\d+$/.test(m)) return Number(m);
  const compact = m.replace(/[\s.]+/g, '');
  const full = TH_MONTH_NAMES.indexOf(compact);
  if (full >= 0) return full + 1;
  const abbr = TH_MONTH_ABBR.indexOf(compact);
  if (abbr >= 0) return abbr + 1;
  const i = EN_MONTHS.indexOf(compact.slice(0, 3).toLowerCase());
  return i >= 0 ? i + 1 : null;
}

/**
 * A full Thai month name OCR misread by a letter or two (`ลิงหาคม`, `ตุลาดม`, the common `กรกฏาคม`),
 * compared without marks: the one month within one edit (two for names of eight letters or more), none
 * when two months are as near.
 */
function misspelledMonth(m: string): number | null {
  const word = toSkeleton(m);
  const near = TH_MONTH_NAMES.map((name, i) => {
    const s = toSkeleton(name);
    return { month: i + 1, d: editDistance(word, s), allowed: s.length >= 8 ? 2 : 1 };
  })
    .filter((x) => x.d <= x.allowed)
    .sort((a, b) => a.d - b.d);
  const [best, next] = near;
  return best && (!next || next.d > best.d) ? best.month : null;
}

/** A month read from text without marks: only when exactly one month has that skeleton. */
function skeletonMonth(m: string): number | null {
  const compact = m.replace(/[\s.]+/g, '');
  const hits = [...TH_MONTH_NAMES, ...TH_MONTH_ABBR]
    .map((name, i) => (toSkeleton(name) === compact ? (i % 12) + 1 : 0))
    .filter(Boolean);
  return new Set(hits).size === 1 ? (hits[0] as number) : null;
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
  /** 1 for a date read as printed; lower when a misread Thai-digit year had to be repaired. */
  confidence: number;
}

/**
 * Thai digits OCR takes for one another (shapes that differ by a small stroke or loop): ๖ is read as ๒
 * or ๐, ๘ and ๙ as ๕, ๙ as ๑, ๓ as ๘.
 */
const THAI_DIGIT_CONFUSIONS: Record<string, string[]> = {
  '๒': ['๖'],
  '๖': ['๒', '๐'],
  '๐': ['๖'],
  '๕': ['๙', '๘'],
  '๙': ['๕', '๑'],
  '๑': ['๙', '๗'],
  '๓': ['๘'],
  '๘': ['๓', '๕'],
  '๗': ['๑'],
};
/** Buddhist-era years a current business document plausibly carries. */
const PLAUSIBLE_BE = { min: 2530, max: 2600 };

/** Readings of a misread four-digit Thai-digit BE year that are plausible, fewest changes first. */
function repairedYears(thaiYear: string): { y: number; n: number }[] {
  return confusedReadings(thaiYear)
    .filter((r) => r.n > 0 && r.digits.length === 4)
    .map((r) => ({ y: Number(r.digits), n: r.n }))
    .filter((r) => r.y >= PLAUSIBLE_BE.min && r.y <= PLAUSIBLE_BE.max)
    .sort((a, b) => a.n - b.n || b.y - a.y);
}

/**
 * What OCR may have turned a Thai-digit year into, undone: every mix of each digit and its look-alikes;
 * for five digits (a speck read as a digit) each reading with one digit dropped, for three (a digit
 * lost) each with one digit put back. ASCII digits, with the number of changes (0 for the printed reading).
 */
function confusedReadings(thaiYear: string): { digits: string; n: number }[] {
  const printed = Array.from(thaiYear);
  const thaiDigits = Array.from('๐๑๒๓๔๕๖๗๘๙');
  const sources =
    printed.length === 5
      ? printed.map((_, i) => printed.filter((__, j) => j !== i))
      : printed.length === 3
        ? [0, 1, 2, 3].flatMap((at) =>
            thaiDigits.map((d) => [...printed.slice(0, at), d, ...printed.slice(at)]),
          )
        : [printed];
  const out = new Map<string, number>();
  for (const source of sources) {
    let readings: { text: string; n: number }[] = [{ text: '', n: Math.abs(printed.length - source.length) }];
    for (const ch of source)
      readings = readings.flatMap((r) => [
        { text: r.text + ch, n: r.n },
        ...(THAI_DIGIT_CONFUSIONS[ch] ?? []).map((c) => ({ text: r.text + c, n: r.n + 1 })),
      ]);
    for (const r of readings) {
      const digits = thaiDigitsToAscii(r.text);
      out.set(digits, Math.min(out.get(digits) ?? r.n, r.n));
    }
  }
  return [...out].map(([digits, n]) => ({ digits, n }));
}

/**
 * A Thai-digit day OCR misread into no day of the month (`๗๕` for ๑๕, `๓๙`): the one valid day a single
 * digit confusion explains, or undefined when none or several do.
 */
function repairedDay(thaiDay: string, year: number, month: number): string | undefined {
  const dates = new Set(
    confusedReadings(thaiDay)
      .filter((r) => r.n === 1 && r.digits.length === thaiDay.length)
      .map((r) => isoDate(year, month, Number(r.digits)))
      .filter((iso): iso is string => iso !== null),
  );
  return dates.size === 1 ? [...dates][0] : undefined;
}

/**
 * The year a Thai-digit year stands for when the document's own Arabic-digit years (`years`, Gregorian)
 * decide it: the printed reading when it is one of them, else the one reading with the fewest changes
 * that is. Undefined when they do not decide (no years, none agrees, or two readings tie).
 */
function yearFromDocument(
  thaiYear: string,
  era: 'be' | 'ce' | undefined,
  years: ReadonlySet<number>,
): { y: number; n: number } | undefined {
  if (!years.size) return undefined;
  const supported = confusedReadings(thaiYear)
    .map((r) => ({ y: gregorianYear(Number(r.digits), era), n: r.n }))
    .filter((r) => years.has(r.y))
    .sort((a, b) => a.n - b.n);
  const [best, next] = supported;
  if (!best || (next && next.n === best.n && next.y !== best.y)) return undefined;
  return best;
}

/** Form fill-in leaders (`.....`, `_____`) read as spaces, offsets kept. */
const fillIns = (text: string) => text.replace(/[.…_]{2,}/g, (m) => ' '.repeat(m.length));

/**
 * Thai digits OCR set apart with spaces (`๒ ๕ ๖ ๙`) written together, the spaces moved after the run so
 * offsets outside it are kept. No business document prints a Thai-digit number spaced digit by digit.
 */
const joinThaiDigits = (text: string) =>
  text.replace(/[\u0E50-\u0E59](?:\s[\u0E50-\u0E59])+/g, (m) => {
    const digits = m.replace(/\s/g, '');
    return digits + ' '.repeat(m.length - digits.length);
  });

/**
 * Latin letters OCR reads for digits inside a date's digits, written back as digits (same length, so
 * offsets are kept), and for a Thai month's first letter (see {@link THAI_MONTH_INITIAL_AS_LATIN}): `O`/`o` for 0 (๐ among Thai digits: `๑o/๐๘`), `l`/`I` for 1 (`l5/08/2569`). A
 * letter counts only beside a digit and not beside another letter (`No.`, `Oct`, `INV` stay words);
 * `l`/`I` only between a digit and a digit or a date separator.
 */
const digitLookalikes = (text: string) =>
  text
    .replace(NUMERIC_DATE_WITH_LOOKALIKES, (m) =>
      m.replace(/[Oo]/g, '0').replace(/[Il]/g, '1').replace(/S/g, '5').replace(/B/g, '8'),
    )
    .replace(THAI_MONTH_INITIAL_AS_LATIN, (ch) => LATIN_AS_THAI[ch] ?? ch)
    .replace(/[OoIl]/g, (ch, i: number, all: string) => {
      const prev = all[i - 1] ?? '';
      const next = all[i + 1] ?? '';
      if (/[A-Za-z]/.test(prev) || /[A-Za-z]/.test(next)) return ch;
      const digit = /[\d\u0E50-\u0E59]/;
      if (!digit.test(prev) && !digit.test(next)) return ch;
      const thai = /[\u0E50-\u0E59]/.test(prev) || /[\u0E50-\u0E59]/.test(next);
      if (ch === 'O' || ch === 'o') return thai ? '๐' : '0';
      const other = digit.test(prev) ? next : prev;
      if (thai || !/[\d/.-]/.test(other)) return ch;
      return '1';
    });
/**
 * The first letter of an abbreviated Thai month read as the Latin letter of its shape after a day
 * (`7 n.ย. 2569` for ก.ย., `7 w.ย.` for พ.ย., `7 u.ค.` for ม.ค.): only before `.` and the abbreviation's
 * second letter.
 */
const THAI_MONTH_INITIAL_AS_LATIN = /(?<=[\d\u0E50-\u0E59]\s{0,3})[nwWu](?=\s*\.\s*[ยคพ]\s*\.?)/g;
const LATIN_AS_THAI: Record<string, string> = { n: 'ก', w: 'พ', W: 'พ', u: 'ม' };
/**
 * A dd/mm/yyyy date with a Latin look-alike among its digits (`l5/08/2569`, `15/O8/2569`; in the year
 * also `S` for 5 and `B` for 8: `07/12/2S69`).
 */
const NUMERIC_DATE_WITH_LOOKALIKES =
  /(?<![\w/.-])(?=[\dOoIlSB/.-]*[OoIlSB])(?=[\dOoIlSB/.-]*\d)[\dOoIl]{1,2}[/.-][\dOoIl]{1,2}[/.-][\dOoIlSB]{2,4}(?![\w/.-])/g;
/**
 * Arabic digits OCR set apart inside a date (`2 5 สิงหาคม`, `สิงหาคม 25 69`, `พ.ศ. 2 5 6 9`): a day
 * before a Thai month and a Buddhist-era year after one, written together with the spaces moved after
 * them. Only there: elsewhere two numbers side by side are two numbers.
 */
const joinDateDigits = (text: string) =>
  text
    .replace(/(?<![\d,.])\d\s\d(?=\s*(?:เดือน\s*)?[\u0E01-\u0E2E])/g, (m) => `${m[0]}${m[2]} `)
    .replace(
      /(?<=[\u0E01-\u0E4E.]\s{0,3})(?:25\s[4-9]\d|2\s5\s[4-9]\s\d)(?![\d,.])/g,
      (m) => m.replace(/\s/g, '') + ' '.repeat(m.length - m.replace(/\s/g, '').length),
    );

/** Text without Thai marks, with the offset in the text of each skeleton character (and the end). */
function skeletonOf(text: string): { skeleton: string; map: number[] } {
  let skeleton = '';
  const map: number[] = [];
  Array.from(text).forEach((ch, i) => {
    const s = toSkeleton(ch);
    if (!s) return;
    skeleton += s;
    map.push(i);
  });
  map.push(text.length);
  return { skeleton, map };
}

interface Pass {
  re: RegExp;
  source: string;
  month: (m: string) => number | null;
  /** Offset in the text of an offset in `source`. */
  at: (i: number) => number;
  confidence: number;
}

/** What the rest of the document says about its dates. */
export interface DateContext {
  /**
   * Gregorian years the document prints in Arabic digits (see {@link documentYears}). Given for OCR
   * text: a Thai-digit year is then read as the one of these that a digit confusion explains.
   */
  years?: ReadonlySet<number>;
}

/** Every date in the text, in order of appearance. */
export function findDates(input: string, context: DateContext = {}): DateMatch[] {
  const original = joinDateDigits(joinThaiDigits(digitLookalikes(fillIns(input.normalize('NFC')))));
  const text = thaiDigitsToAscii(original);
  const out: DateMatch[] = [];
  const taken: [number, number][] = [];
  const same = (i: number) => i;
  const passes: Pass[] = PATTERNS.map((re) => ({
    re,
    source: text,
    month: monthNumber,
    at: same,
    confidence: 1,
  }));
  if (/[\u0E01-\u0E4E]/.test(text)) {
    const { skeleton, map } = skeletonOf(text);
    passes.push({
      re: SKELETON_PATTERN,
      source: skeleton,
      month: skeletonMonth,
      at: (i) => map[i] ?? text.length,
      confidence: 0.8,
    });
  }
  passes.push({
    re: MISSPELLED_MONTH_PATTERN,
    source: text,
    month: misspelledMonth,
    at: same,
    confidence: 0.75,
  });
  const onlyYear = context.years?.size === 1 ? [...context.years][0] : undefined;
  if (onlyYear)
    passes.push({ re: GARBLED_YEAR_PATTERN, source: text, month: monthNumber, at: same, confidence: 0.8 });
  for (const pass of passes) {
    for (const m of pass.source.matchAll(new RegExp(pass.re.source, 'gi'))) {
      const start = pass.at(m.index ?? 0);
      const end = pass.at((m.index ?? 0) + m[0].length);
      if (taken.some(([a, b]) => start < b && end > a)) continue;
      const groups = m.groups as { d: string; m: string; y: string };
      const month = pass.month(groups.m);
      if (!month) continue;
      const printed = text.slice(start, end);
      const era = /พ\.?\s*ศ|\bB\.?\s?E\b/.test(printed)
        ? 'be'
        : /ค\.?\s*ศ|\bA\.?\s?D\b/.test(printed)
          ? 'ce'
          : undefined;
      let day = Number(groups.d);
      let mon = month;
      if (/^\d+$/.test(groups.m) && mon > 12 && day <= 12) [day, mon] = [mon, day];
      let confidence = pass.confidence;
      const garbled = pass.re === GARBLED_YEAR_PATTERN;
      let year = garbled && onlyYear ? onlyYear : gregorianYear(Number(groups.y), era);
      let iso = isoDate(year, mon, day);
      const thaiYear = original.slice(end - groups.y.length, end);
      if (!garbled && /^[\u0E50-\u0E59]+$/.test(thaiYear)) {
        const agreed = yearFromDocument(thaiYear, era, context.years ?? new Set());
        if (agreed?.n) {
          year = agreed.y;
          iso = isoDate(year, mon, day);
          confidence *= agreed.n === 1 ? 0.9 : 0.8;
        } else if (!isoDate(year, mon, 1) && thaiYear.length === 4) {
          const [best, next] = repairedYears(thaiYear);
          if (best) {
            year = gregorianYear(best.y, 'be');
            iso = isoDate(year, mon, day);
            confidence = next ? 0.5 : 0.55;
          }
        }
      }
      const thaiDay = original.slice(start, start + groups.d.length);
      if (!iso && thaiDigitsToAscii(thaiDay) === groups.d && /[\u0E50-\u0E59]/.test(thaiDay)) {
        const repaired = repairedDay(thaiDay, year, mon);
        if (repaired) {
          iso = repaired;
          confidence *= 0.7;
        }
      }
      if (!iso) continue;
      taken.push([start, end]);
      out.push({ iso, index: start, text: input.slice(start, end), confidence });
    }
  }
  return out.sort((a, b) => a.index - b.index);
}

/**
 * A year printed in Arabic digits on its own or leading a document number's date part, not inside an
 * amount: Buddhist era (`970/2569`, `TX256907-0174`) or Christian era (`INV-2026-6774`, `IV2025080041`).
 */
const FULL_YEAR = /(?<![\d,.])(25[4-9]\d|20[0-4]\d)(?:\d{2}|\d{4})?(?!\d)(?![,.]\d)/g;
/** A two-digit Buddhist-era year (and month) after a document number's letters: `TIV6904-1078`, `PO-68/349`. */
const NUMBER_YEAR = /(?<=[A-Z]{1,5}-?)([6-9]\d)(?:0[1-9]|1[0-2])?(?=[-/]\d)/g;

/**
 * The Gregorian years a document prints in Arabic digits: those of its dates whose year is not in Thai
 * digits, and years standing alone or in its document numbers.
 */
export function documentYears(text: string): Set<number> {
  const years = new Set<number>();
  for (const d of findDates(text)) if (!/[\u0E50-\u0E59]/.test(d.text)) years.add(Number(d.iso.slice(0, 4)));
  for (const m of text.matchAll(FULL_YEAR)) years.add(gregorianYear(Number(m[1])));
  for (const m of text.matchAll(NUMBER_YEAR)) years.add(gregorianYear(Number(m[1]), 'be'));
  return years;
}

/** The first date in the text as ISO `YYYY-MM-DD`, or null. */
export function parseDate(text: string): string | null {
  return findDates(text)[0]?.iso ?? null;
}
