/** Date ranges named in English or Thai questions ("this month", "เดือนที่แล้ว", "มี.ค. 2569", ...). */

/** A range of calendar days: `from` inclusive, `to` exclusive, both `YYYY-MM-DD`. */
export interface DayRange {
  from: string;
  to: string;
  /** The words of the question that named it. */
  label: string;
}

const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d)).toISOString().slice(0, 10);
const addDays = (ymd: string, n: number) => {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  return day(y, m - 1, d + n);
};

const EN_MONTHS = [
  ['january', 'jan'],
  ['february', 'feb'],
  ['march', 'mar'],
  ['april', 'apr'],
  ['may', 'may'],
  ['june', 'jun'],
  ['july', 'jul'],
  ['august', 'aug'],
  ['september', 'sept', 'sep'],
  ['october', 'oct'],
  ['november', 'nov'],
  ['december', 'dec'],
];
const TH_MONTHS = [
  ['มกราคม', 'ม.ค.'],
  ['กุมภาพันธ์', 'ก.พ.'],
  ['มีนาคม', 'มี.ค.'],
  ['เมษายน', 'เม.ย.'],
  ['พฤษภาคม', 'พ.ค.'],
  ['มิถุนายน', 'มิ.ย.'],
  ['กรกฎาคม', 'ก.ค.'],
  ['สิงหาคม', 'ส.ค.'],
  ['กันยายน', 'ก.ย.'],
  ['ตุลาคม', 'ต.ค.'],
  ['พฤศจิกายน', 'พ.ย.'],
  ['ธันวาคม', 'ธ.ค.'],
];
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const EN_MONTH_RE = EN_MONTHS.flat()
  .sort((a, b) => b.length - a.length)
  .join('|');
const TH_MONTH_RE = TH_MONTHS.flat()
  .sort((a, b) => b.length - a.length)
  .map(esc)
  .join('|');
const monthIndex = (name: string) =>
  [...EN_MONTHS, ...TH_MONTHS].findIndex((names) => names.includes(name)) % 12;

/** A year as written: Buddhist era (> 2400, or two digits after a Thai month) becomes Gregorian. */
function gregorian(raw: string, thai: boolean, era?: string): number {
  let y = Number(raw);
  if (raw.length === 2) y = thai && era !== 'ค.ศ.' ? 2500 + y - 543 : 2000 + y;
  else if (y > 2400 && era !== 'ค.ศ.') y -= 543;
  return y;
}

type Rule = [RegExp, (m: RegExpMatchArray, today: string) => [string, string]];

const monthRange = (y: number, m: number): [string, string] => [day(y, m, 1), day(y, m + 1, 1)];
const yearRange = (y: number): [string, string] => [day(y, 0, 1), day(y + 1, 0, 1)];
const quarterRange = (y: number, q: number): [string, string] => [day(y, (q - 1) * 3, 1), day(y, q * 3, 1)];
const parts = (today: string) => today.split('-').map(Number) as [number, number, number];
const weekStart = (today: string) => {
  const [y, m, d] = parts(today);
  const dow = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
  return addDays(today, -dow);
};

const ISO = '(\\d{4}-\\d{2}-\\d{2})';
const RULES: Rule[] = [
  [
    new RegExp(`(?:between|from|ระหว่าง|ตั้งแต่)\\s*${ISO}\\s*(?:and|to|until|-|ถึง|และ|จนถึง)\\s*${ISO}`),
    (m) => [m[1] as string, addDays(m[2] as string, 1)],
  ],
  [new RegExp(`(?:since|after|หลังจาก|ตั้งแต่)\\s*${ISO}`), (m, t) => [m[1] as string, addDays(t, 1)]],
  [new RegExp(`(?:before|ก่อน)\\s*${ISO}`), (m) => ['0000-01-01', m[1] as string]],
  [new RegExp(`(?:on|วันที่)\\s*${ISO}`), (m) => [m[1] as string, addDays(m[1] as string, 1)]],
  [
    /(?:(?:last|past|previous)\s+(\d+)\s+days|(\d+)\s*วัน(?:ที่ผ่านมา|ย้อนหลัง|ล่าสุด)|ย้อนหลัง\s*(\d+)\s*วัน)/,
    (m, t) => [addDays(t, -Number(m[1] ?? m[2] ?? m[3]) + 1), addDays(t, 1)],
  ],
  [
    new RegExp(
      `(?:(?:in|during|for|of)\\s+(${EN_MONTH_RE})(?:\\s+(\\d{4}))?|(${EN_MONTH_RE})\\s+(\\d{4}))\\b`,
    ),
    (m, t) =>
      monthRange(m[2] || m[4] ? Number(m[2] ?? m[4]) : parts(t)[0], monthIndex((m[1] ?? m[3]) as string)),
  ],
  [
    new RegExp(`(?:เดือน)?(${TH_MONTH_RE})\\s*(?:(พ\\.ศ\\.|ค\\.ศ\\.)\\s*)?(\\d{4}|\\d{2}(?!\\d))?`),
    (m, t) => monthRange(m[3] ? gregorian(m[3], true, m[2]) : parts(t)[0], monthIndex(m[1] as string)),
  ],
  [/\bq([1-4])(?:\s+(\d{4}))?\b/, (m, t) => quarterRange(m[2] ? Number(m[2]) : parts(t)[0], Number(m[1]))],
  [
    /ไตรมาส(?:ที่)?\s*([1-4])(?:\s*(?:ปี)?\s*(\d{4}))?/,
    (m, t) => quarterRange(m[2] ? gregorian(m[2], true) : parts(t)[0], Number(m[1])),
  ],
  [
    /(?:\b(?:in|during|for|of|year)\s+|ปี\s*(?:(พ\.ศ\.|ค\.ศ\.)\s*)?)(\d{4})\b/,
    (m) => yearRange(gregorian(m[2] as string, true, m[1])),
  ],
  [/\btoday\b|วันนี้/, (_m, t) => [t, addDays(t, 1)]],
  [/\byesterday\b|เมื่อวาน/, (_m, t) => [addDays(t, -1), t]],
  [/\bthis week\b|(?:สัปดาห์|อาทิตย์)นี้/, (_m, t) => [weekStart(t), addDays(weekStart(t), 7)]],
  [
    /\b(?:last|previous) week\b|(?:สัปดาห์|อาทิตย์)(?:ที่แล้ว|ก่อน|ที่ผ่านมา)/,
    (_m, t) => [addDays(weekStart(t), -7), weekStart(t)],
  ],
  [/\bthis month\b|เดือนนี้/, (_m, t) => monthRange(parts(t)[0], parts(t)[1] - 1)],
  [
    /\b(?:last|previous) month\b|เดือน(?:ที่แล้ว|ก่อน|ที่ผ่านมา)/,
    (_m, t) => monthRange(parts(t)[0], parts(t)[1] - 2),
  ],
  [/\bthis quarter\b|ไตรมาสนี้/, (_m, t) => quarterRange(parts(t)[0], Math.floor((parts(t)[1] - 1) / 3) + 1)],
  [/\bthis year\b|ปีนี้/, (_m, t) => yearRange(parts(t)[0])],
  [/\b(?:last|previous) year\b|ปี(?:ที่แล้ว|ก่อน|ที่ผ่านมา)/, (_m, t) => yearRange(parts(t)[0] - 1)],
];

/**
 * The first date range a normalized question names, relative to `today` (`YYYY-MM-DD`, UTC), and the
 * question with that phrase replaced by ` ; `.
 */
export function takeRange(q: string, today: string): { range: DayRange | null; rest: string } {
  for (const [re, fn] of RULES) {
    const m = q.match(re);
    if (!m || m.index === undefined) continue;
    const [from, to] = fn(m, today);
    const rest = `${q.slice(0, m.index)} ; ${q.slice(m.index + m[0].length)}`;
    return { range: { from, to, label: m[0].trim() }, rest };
  }
  return { range: null, rest: q };
}

/** The last day of a range (for answers: `to` is exclusive). */
export const lastDay = (r: DayRange) => addDays(r.to, -1);
