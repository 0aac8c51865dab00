/**
 * Honest confidence on OCR pages: a value read from OCR text that shows signs of misreading gets a lower
 * confidence, so that what stays above the threshold is mostly right and the rest is withheld (null,
 * with the candidate in `checks`). The signs are ones any Thai business document allows to check:
 *
 * - the words the value was read from (not its label) were recognised with low confidence (below 0.8
 *   withholds a name or an address, below 0.6 any value);
 * - Thai text that cannot be written that way (a mark with no consonant under it, a leading vowel with
 *   no consonant after it, Latin and Thai letters inside one word, a short lower-case Latin word between
 *   Thai words of a Thai name);
 * - amounts that do not add up (subtotal + VAT ≠ total or VAT ≠ 7 % of it, a total that neither the
 *   amount in words nor subtotal + VAT confirms, a line item's
 *   amount above quantity × unit price or below half of it, line items that do not add up to the subtotal);
 * - a due date before the issue date;
 * - a tax ID read through letters OCR took for digits, or the same tax ID for both parties;
 * - a document number with a character OCR confuses (O/0, I/1) where letters meet digits, or of
 *   digits only where its letter prefix stood (`81256905-0012` for `BI256905-0012`), unless the page
 *   prints it again with its letters;
 * - a party's name read differently elsewhere on its page (one of the two readings is a misread), or
 *   whose legal form OCR read without its marks (`บรษท`: its other words likely lost theirs too).
 */
import { substringDistance } from './kind.ts';
import { displayFrom } from './find.ts';
import { type Cell, type Layout, toSkeleton } from './layout.ts';
import type { ExtractedField, ExtractionCheck } from './types.ts';
import { editDistance } from '../text/edit-distance.ts';
import { provinces } from './thai-places.ts';

/** Fields whose value is free text read from the page. */
const TEXT_FIELDS = ['sellerName', 'buyerName', 'sellerAddress', 'buyerAddress'];

/** A Thai mark (vowel above or below, tone mark, thanthakhat). */
const MARK = '\\u0E31\\u0E34-\\u0E3A\\u0E47-\\u0E4E';
const CONSONANT = '\\u0E01-\\u0E2E';
/** Thai spellings that cannot be printed: what is left of a misread. */
const IMPOSSIBLE_THAI = [
  new RegExp(`(?:^|[^${CONSONANT}${MARK}\\u0E33])[${MARK}]`),
  new RegExp(`[\\u0E40-\\u0E44](?![${CONSONANT}])`),
  /[\u0E48-\u0E4B]{2}/,
  new RegExp(`\\u0E31(?:[\\u0E48-\\u0E4B])?(?![${CONSONANT}\\u0E48-\\u0E4B])`),
  /\u0E4D/,
];
/** Symbols no Thai name or address prints (what OCR makes of specks and strokes). */
const STRAY_SYMBOL = /[¥€£©®™°§¶«»¿¡~^{}[\]<>\\|]/;
/** Latin and Thai letters inside one word (`Jadจำกัด`, `8ลลทรนลท`). */
const MIXED_WORD = /[A-Za-z0-9][\u0E01-\u0E2E\u0E40-\u0E44]|[\u0E01-\u0E4E][A-Za-z]/;
/** A short word with lower-case Latin letters standing between Thai words (`เอเชียคอมพิวเตอร์ Had จำกัด`). */
const STRAY_LATIN = /[\u0E01-\u0E4E]\s+(?=[A-Za-z]{1,4}\s+[\u0E01-\u0E4E])(?=[A-Z]?[a-z])/;

/** Letters glued before a legal form that opens a name (`นบริษัท`: a speck OCR read as a letter). */
const GLUED_BEFORE_FORM = /(?:^|\s)[\u0E01-\u0E4E]{1,2}(?=บริษัท|ห้างหุ้นส่วน)/;
/** Place-name prefixes of a Thai address (a name follows each, joined or after a space). */
const PLACE_PREFIX = /(?:ตำบล|ต\.|แขวง|อำเภอ|อ\.|เขต|จังหวัด|จ\.|ถนน|ถ\.|ซอย|ซ\.)\s?/g;
/** An address that ends on a place-name prefix with no name after it: OCR lost the rest of the line. */
const CUT_ADDRESS = /(?:ตำบล|แขวง|อำเภอ|เขต|จังหวัด|ถนน|ซอย)$/;

/**
 * Place names an address prints twice (the district and the province of the same name, a road and its
 * soi) read two ways, one character apart (two for names of ten or more: `อ.พระนครศรีอยุธยา
 * จ.พระนครศรอยุธยา`): one of the two is a misread. Different places that share a word are further apart
 * (`ตำบลคลองหนึ่ง อำเภอคลองหลวง`).
 */
function placeNamesDisagree(text: string): boolean {
  const names = text
    .split(PLACE_PREFIX)
    .slice(1)
    .map((part) => part.split(/[\s\d]/)[0] ?? '')
    .filter((n) => n.length >= 5);
  return names.some((a, i) =>
    names.slice(i + 1).some((b) => {
      if (a === b || Math.abs(a.length - b.length) > 3) return false;
      const d = editDistance(a, b);
      return d >= 1 && d <= (Math.min(a.length, b.length) >= 10 ? 2 : 1);
    }),
  );
}

/**
 * The province slot of a Thai address (after จังหวัด / จ., or the word before the postcode) holding a
 * word one or two characters away from a province but none of them (`กรงุเทพฯ`, `ระยอฺง`).
 */
function provinceMisread(text: string): boolean {
  const slots = [
    ...Array.from(text.matchAll(/(?:จังหวัด|จ\.)\s?([\u0E01-\u0E4E]+)/g), (m) => m[1] ?? ''),
    ...Array.from(text.matchAll(/(?:^|\s)([\u0E01-\u0E4E]+ฯ?)\s*\d{5}(?!\d)/g), (m) => m[1] ?? ''),
  ];
  return slots.some(
    (w) =>
      w.length >= 5 &&
      !provinces().has(w) &&
      [...provinces()].some((p) => p.length >= 5 && editDistance(w, p) <= 2),
  );
}

/** Reasons to doubt a piece of Thai text read by OCR (empty when it reads like printed Thai). */
export function misreadSigns(text: string): string[] {
  const signs: string[] = [];
  const clean = text.normalize('NFC');
  const words = clean.split(/\s+/).filter(Boolean);
  if (words.some((w) => IMPOSSIBLE_THAI.some((re) => re.test(w)))) signs.push('impossible Thai spelling');
  if (words.some((w) => MIXED_WORD.test(w))) signs.push('Latin and Thai letters in one word');
  if (STRAY_LATIN.test(text)) signs.push('a stray Latin word among Thai words');
  if (STRAY_SYMBOL.test(text)) signs.push('a symbol no name or address prints');
  if (GLUED_BEFORE_FORM.test(clean)) signs.push('letters glued before the legal form');
  if (placeNamesDisagree(clean)) signs.push('a place name read two ways');
  if (CUT_ADDRESS.test(clean.trim())) signs.push('a place-name word with no name after it');
  if (provinceMisread(clean)) signs.push('a province no map prints');
  const letters = clean.match(/[\u0E01-\u0E30\u0E32\u0E33\u0E40-\u0E44]/g)?.length ?? 0;
  if (letters >= 16 && !new RegExp(`[${MARK}]`).test(clean))
    signs.push('long Thai text without a single mark');
  return signs;
}

/**
 * The lowest OCR confidence of the words a field was read from: words inside its box that are part of
 * its text (not the label beside it). Undefined when no such word is found.
 */
function wordConfidence(layout: Layout, f: ExtractedField, skip = ''): number | undefined {
  const box = f.bbox;
  if (!box || f.page === undefined) return undefined;
  const read = (f.text ?? String(f.value)).replace(/\s+/g, '');
  let low: number | undefined;
  for (const row of layout.rows) {
    if (row.page !== f.page || row.bbox[3] < box[1] || row.bbox[1] > box[3]) continue;
    for (const cell of row.cells)
      for (const t of cell.tokens) {
        const cx = (t.bbox[0] + t.bbox[2]) / 2;
        const cy = (t.bbox[1] + t.bbox[3]) / 2;
        if (cx < box[0] - 1 || cx > box[2] + 1 || cy < box[1] - 1 || cy > box[3] + 1) continue;
        const word = t.text.replace(/\s+/g, '');
        if (!word || !read.includes(word) || word === skip) continue;
        low = Math.min(low ?? 1, t.confidence);
      }
  }
  return low;
}

/** Where `word` best fits inside `text` (edit distance over a substring) and that substring's offsets. */
function bestFit(word: string, text: string): { d: number; start: number; end: number } {
  let prev = Array.from({ length: text.length + 1 }, (_, j) => ({ d: 0, start: j }));
  for (let i = 1; i <= word.length; i++) {
    const cur = [{ d: i, start: 0 }];
    for (let j = 1; j <= text.length; j++) {
      const diag = prev[j - 1] as { d: number; start: number };
      const up = prev[j] as { d: number; start: number };
      const left = cur[j - 1] as { d: number; start: number };
      const cost = word[i - 1] === text[j - 1] ? 0 : 1;
      cur[j] =
        diag.d + cost <= up.d + 1 && diag.d + cost <= left.d + 1
          ? { d: diag.d + cost, start: diag.start }
          : up.d <= left.d
            ? { d: up.d + 1, start: up.start }
            : { d: left.d + 1, start: left.start };
    }
    prev = cur;
  }
  let best = { d: Number.POSITIVE_INFINITY, start: 0, end: 0 };
  prev.forEach((c, end) => {
    if (c.d < best.d) best = { d: c.d, start: c.start, end };
  });
  return best;
}

/** Another reading of a name on its page: the text and the cell it was read from. */
interface Reading {
  text: string;
  cell: Cell;
}

/** An e-mail address or web domain: it often spells the name (`contact@ananjaidee.co.th`), never a reading of it. */
const WEB_ADDRESS =
  /[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?:\/\/|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|co\.th|in\.th|or\.th|ac\.th|go\.th)\b/gi;

/**
 * The name read differently elsewhere on its page (a letterhead's name again in the body, at the
 * signature, in the footer, the party block and the tax-ID line): a stretch of a line that differs from
 * it by one to three characters is the same name, so one of the two readings is a misread (the lines
 * the name was read from, e-mail addresses and web domains do not count). Each such stretch, in display
 * form, when it starts and ends as the name does (the misread is inside it).
 */
function otherReadings(
  layout: Layout,
  f: ExtractedField,
): { readings: Reading[]; found: boolean; same: boolean } {
  const name = String(f.value).replace(/\s+/g, '');
  const readings: Reading[] = [];
  let found = false;
  let same = false;
  if (name.length < 8) return { readings, found, same };
  for (const row of layout.rows) {
    if (row.page !== f.page) continue;
    for (const cell of row.cells) {
      const box = f.bbox;
      const own =
        box &&
        cell.bbox[0] < box[2] &&
        cell.bbox[2] > box[0] &&
        cell.bbox[1] < box[3] &&
        cell.bbox[3] > box[1];
      if (own) continue;
      const plain = cell.compact.replace(WEB_ADDRESS, (m) => ' '.repeat(m.length));
      const text = plain.replace(/\s+/g, '');
      if (text.includes(name)) same = true;
      if (text.length < name.length - 3 || text.includes(name)) continue;
      if (substringDistance(name, text) < 1 || substringDistance(name, text) > 3) continue;
      found = true;
      const fit = bestFit(name, plain);
      const display = displayFrom(cell, fit.start, fit.end).trim();
      const compact = display.replace(/\s+/g, '');
      if (compact.slice(0, 2) === name.slice(0, 2) && compact.slice(-2) === name.slice(-2))
        readings.push({ text: display, cell });
    }
  }
  return { readings, found, same };
}

/**
 * A second reading of a name settles which of two readings is the misread: when the name as read shows
 * a sign of misreading and every other reading of it on the page is one clean spelling, that spelling
 * is the name (read from its own line); when the name reads cleanly and every other reading shows a
 * sign, the other is the misread; when the page prints exactly the name again (and nothing near it),
 * the two readings agree (`same`). Otherwise the two readings are as likely: the name is doubted.
 */
function secondReading(
  layout: Layout,
  f: ExtractedField,
): { verdict: 'other' | 'own' | 'same' | 'doubt' | 'none'; reading?: Reading } {
  const { readings, found, same } = otherReadings(layout, f);
  if (!found) return { verdict: same ? 'same' : 'none' };
  const ownSigns = misreadSigns(String(f.value)).length > 0 || formsRestored(f);
  const clean = readings.filter((r) => !misreadSigns(r.text).length);
  const spellings = new Set(clean.map((r) => r.text.replace(/\s+/g, ' ')));
  if (ownSigns && spellings.size === 1 && clean.length === readings.length)
    return { verdict: 'other', reading: clean[0] };
  if (!ownSigns && readings.length && !clean.length) return { verdict: 'own' };
  return { verdict: 'doubt' };
}

/** Thai legal forms of a name, as printed. */
const LEGAL_FORMS = ['บริษัท', 'จำกัด', 'ห้างหุ้นส่วน', 'มหาชน'];

/**
 * A legal form in the name that the line it was read from prints without its marks (`บรษท`, `จากด`,
 * given back their spelling by the rules): OCR dropped marks in that name, so its other words have
 * likely lost theirs too.
 */
function formsRestored(f: ExtractedField): boolean {
  const read = f.text ?? '';
  const value = String(f.value);
  return LEGAL_FORMS.some(
    (form) => value.includes(form) && !read.includes(form) && toSkeleton(read).includes(toSkeleton(form)),
  );
}

/**
 * How far a sign of misreading lowers a value: below the threshold from any confidence the rules give a
 * value read from OCR (0.97 × 0.6 < 0.6). A doubt that left a doubted value answered would be the
 * confident wrong value the doubt exists to prevent.
 */
const WITHHELD = 0.6;
/**
 * How far word confidence lowers a value: not below 0.8, some below it (kept unless doubted again),
 * withheld below 0.6. Names and addresses, which no checksum or sum checks, are withheld below 0.8.
 */
const byWords = (c: number | undefined) => (c === undefined || c >= 0.8 ? 1 : c >= 0.6 ? 0.85 : WITHHELD);

/** A character OCR confuses with another where a code's letters meet its digits (`Q0256907`, `INV-I023`). */
const AMBIGUOUS_CODE = /[A-Za-z][0O1Il]\d|[A-Za-z]\d?[OIl]\d/;

/** A year and month that open a code's date part (`256905`, `2026-05`, `6905`), then more digits. */
const YEAR_MONTH = '(?:25[5-9]\\d|20[2-4]\\d|6\\d|7[0-3])[-/]?(?:0[1-9]|1[0-2])[-/]?\\d';
/** Digits OCR makes of the capital letters that start a code: B→8, I→1, O/D/Q→0, S→5, Z→2, G→6. */
const LOOKALIKE_PREFIX = new RegExp(`^([0125689]{1,3})(?=${YEAR_MONTH})`);
const DIGITS_OF: Record<string, string> = {
  B: '8',
  I: '1',
  L: '1',
  O: '0',
  D: '0',
  Q: '0',
  S: '5',
  Z: '2',
  G: '6',
};

/**
 * The digits a document number starts with that stand where its letter prefix was printed: a number
 * of digits only (`81256905-0012`, `00690911-0034`) whose date part starts after one to three digits OCR
 * makes of letters (`BI`, `DO`); none when the number itself opens with its date (`256905-0012`).
 */
export function lostLetterPrefix(value: string): string | undefined {
  if (/[A-Za-z\u0E01-\u0E2E]/.test(value) || new RegExp(`^${YEAR_MONTH}`).test(value)) return undefined;
  return LOOKALIKE_PREFIX.exec(value)?.[1];
}

/**
 * The same number printed elsewhere on the pages with its letters (a second reading: the header of a
 * later page, a footer, a stub): letters whose look-alike digits are the prefix OCR read, then the
 * same digits.
 */
function printedWithLetters(layout: Layout, value: string, prefix: string): string | undefined {
  const rest = value.slice(prefix.length);
  for (const row of layout.rows)
    for (const cell of row.cells)
      for (const m of cell.compact.matchAll(/[A-Z]{1,3}[0-9][0-9\-/]*/g)) {
        const [letters, tail] = [m[0].slice(0, prefix.length), m[0].slice(prefix.length)];
        if (tail !== rest || !/^[A-Z]+$/.test(letters)) continue;
        if (Array.from(letters).every((ch, i) => DIGITS_OF[ch] === prefix[i])) return m[0];
      }
  return undefined;
}

/**
 * The year word of a date that the document's own Arabic-digit years vouch for (the date's year is one
 * of them): how surely OCR read that word says nothing more, the day and month words still count.
 * Empty when the year is not vouched for or is not a word of its own.
 */
function corroboratedYear(f: ExtractedField, years: ReadonlySet<number>): string {
  const year = Number(String(f.value).slice(0, 4));
  if (!years.has(year)) return '';
  const last = (f.text ?? '').trim().split(/\s+/).at(-1) ?? '';
  return /[\u0E01-\u0E2E]/.test(last) || last.length < 2 || last.length > 5 ? '' : last;
}

/**
 * Lowers the confidence of OCR-read fields that show signs of misreading (see the module comment) and
 * lists each doubted field in `checks` (`ocr_misread`). Fields derived from others are left alone.
 */
export function doubtOcrFields(
  fields: Partial<Record<string, ExtractedField>>,
  layout: Layout,
  checks: ExtractionCheck[],
  years: ReadonlySet<number> = new Set(),
): void {
  const reasons = new Map<string, { why: string; factor: number }[]>();
  const doubt = (name: string, why: string, factor = WITHHELD) =>
    reasons.set(name, [...(reasons.get(name) ?? []), { why, factor }]);
  for (const [name, f] of Object.entries(fields)) {
    if (!f) continue;
    if (f.source !== 'rules' || ['lineItems', 'documentType', 'currency'].includes(name)) continue;
    const words = wordConfidence(layout, f, name.endsWith('Date') ? corroboratedYear(f, years) : '');
    const factor = TEXT_FIELDS.includes(name) && byWords(words) < 1 ? WITHHELD : byWords(words);
    if (factor < 1) doubt(name, `words read at OCR confidence ${words?.toFixed(2)}`, factor);
    if (TEXT_FIELDS.includes(name)) for (const s of misreadSigns(String(f.value))) doubt(name, s);
    if (name.endsWith('Name')) {
      const second = secondReading(layout, f);
      if (second.verdict === 'other' && second.reading) {
        const { text, cell } = second.reading;
        reasons.delete(name);
        checks.push({
          name: 'second_reading',
          passed: true,
          field: name,
          detail: `${name}: ${JSON.stringify(f.value)} shows signs of misreading; the page prints it again as ${JSON.stringify(text)}`,
        });
        Object.assign(f, { value: text, text, bbox: cell.bbox, page: cell.page });
        f.confidence = Math.round(f.confidence * Math.min(1, 0.4 + cell.confidence * 0.6) * 1000) / 1000;
        const again = byWords(wordConfidence(layout, f));
        if (again < 1) doubt(name, 'the second reading was read at low OCR confidence', WITHHELD);
        continue;
      }
      if (second.verdict === 'doubt') doubt(name, 'the name is read differently elsewhere on the page');
      if (second.verdict === 'none' && formsRestored(f))
        doubt(name, 'its legal form was printed without marks');
    }
  }
  const failed = checks.filter((c) => !c.passed && !c.field).map((c) => c.name);
  const held = checks.filter((c) => c.passed).map((c) => c.name);
  const sum = failed.includes('subtotal_plus_vat_equals_total');
  if (failed.includes('vat_matches_rate') || (sum && !held.includes('vat_matches_rate')))
    for (const name of ['subtotal', 'vat'])
      if (fields[name]) doubt(name, 'subtotal, VAT and total do not agree');
  const confirmed =
    held.includes('amount_in_words_matches_total') || held.includes('subtotal_plus_vat_equals_total');
  if (fields.total && !confirmed && (sum || failed.includes('amount_in_words_matches_total')))
    doubt('total', 'the total agrees with neither the amount in words nor subtotal + VAT');
  const issue = fields.issueDate?.value;
  const due = fields.dueDate?.value;
  if (typeof issue === 'string' && typeof due === 'string' && due < issue) {
    doubt('issueDate', 'due date before issue date');
    doubt('dueDate', 'due date before issue date');
  }
  for (const name of ['sellerTaxId', 'buyerTaxId']) {
    const f = fields[name];
    if (f?.text && /[A-Za-z|]/.test(f.text)) doubt(name, 'digits read from letters');
  }
  if (fields.sellerTaxId && fields.sellerTaxId.value === fields.buyerTaxId?.value) {
    doubt('sellerTaxId', 'same tax ID for both parties');
    doubt('buyerTaxId', 'same tax ID for both parties');
  }
  const items = fields.lineItems;
  if (items?.source === 'rules' && Array.isArray(items.value)) {
    const rows = items.value as {
      quantity: number | null;
      unitPrice: number | null;
      amount: number | null;
    }[];
    const off = rows.some(
      (r) =>
        r.quantity !== null &&
        r.unitPrice !== null &&
        r.amount !== null &&
        (r.amount > r.quantity * r.unitPrice + 0.01 || r.amount < (r.quantity * r.unitPrice) / 2),
    );
    if (off) doubt('lineItems', 'a row whose amount is not quantity × unit price (less a discount)');
    if (failed.includes('line_items_sum_matches_subtotal'))
      doubt('lineItems', 'rows do not add up to the subtotal');
  }
  const number = fields.documentNumber;
  if (number && AMBIGUOUS_CODE.test(String(number.value)))
    doubt('documentNumber', 'O/0 or I/1 between letters and digits');
  const prefix = number && lostLetterPrefix(String(number.value));
  if (number && prefix) {
    const printed = printedWithLetters(layout, String(number.value), prefix);
    if (printed) number.value = printed;
    else doubt('documentNumber', `letters of its prefix read as the digits ${prefix}`);
  }
  for (const [name, list] of reasons) {
    const f = fields[name];
    if (!f) continue;
    const factor = list.reduce((p, r) => p * r.factor, 1);
    f.confidence = Math.round(f.confidence * factor * 1000) / 1000;
    const detail = `${name}: ${list.map((r) => r.why).join('; ')}`;
    checks.push({ name: 'ocr_misread', passed: false, field: name, detail });
  }
}
