/**
 * Thai text rules shared by OCR, PDF text layers, search and extraction (DESIGN.md "Thai text rules").
 * Two forms, never confused:
 * - the stored form ({@link normalizeThai}) reads exactly like the document: its spaces are kept (Thai
 *   writes a space between phrases, names and sentences), NFC only (never NFKC/NFKD, which split SARA
 *   AM), legacy private-use glyphs mapped back, SARA AM recomposed and marks in typed (WTT 2.0) order;
 * - the search form ({@link normalizeForSearch}) also ignores spaces between Thai characters, so a query
 *   with or without a space finds both, and folds Thai digits and case for matching.
 */

const THAI = '\u0E01-\u0E5B';
const SPACES_BETWEEN_THAI = new RegExp(`(?<=[${THAI}])[\\s\\u200B]+(?=[${THAI}])`, 'g');
/** NIKHAHIT (U+0E4D), an optional tone mark, SARA AA (U+0E32): the decomposed SARA AM. */
const DECOMPOSED_SARA_AM = /\u0E4D([\u0E48-\u0E4B]?)\u0E32/g;
const ZERO_WIDTH = /\u200B|\u200C|\u200D|\uFEFF/g;
/**
 * The private-use glyph variants (U+F700-U+F71A) that legacy Thai fonts such as TH Sarabun put in
 * PDF text layers (shifted tone marks and vowels, ฐ and ญ without their lower parts), in order.
 */
const THAI_PUA = String.fromCharCode(
  0xe10,
  0xe34,
  0xe35,
  0xe36,
  0xe37,
  0xe48,
  0xe49,
  0xe4a,
  0xe4b,
  0xe4c,
  0xe48,
  0xe49,
  0xe4a,
  0xe4b,
  0xe4c,
  0xe0d,
  0xe31,
  0xe4d,
  0xe47,
  0xe48,
  0xe49,
  0xe4a,
  0xe4b,
  0xe4c,
  0xe38,
  0xe39,
  0xe3a,
);
const THAI_PUA_RANGE = /[\uF700-\uF71A]/g;

/** Maps the private-use Thai glyph variants of legacy fonts to the Thai characters they draw. */
export function mapThaiPrivateUse(text: string): string {
  return text.replace(THAI_PUA_RANGE, (c) => THAI_PUA[c.charCodeAt(0) - 0xf700] ?? c);
}

/** Recomposes SARA AM written as NIKHAHIT + SARA AA (tone mark kept before it). */
export function recomposeSaraAm(text: string): string {
  return text.replace(DECOMPOSED_SARA_AM, '$1\u0E33');
}

/** Removes whitespace (line breaks and zero-width spaces too) between two Thai characters: search form only. */
export function removeSpacesBetweenThai(text: string): string {
  return text.replace(SPACES_BETWEEN_THAI, '');
}

/**
 * Where a combining Thai mark sits in typed text (WTT 2.0): 1 for the vowels above and below the
 * consonant (and MAITAIKHU, PHINTHU), 2 for tone marks, THANTHAKHAT and YAMAKKAN, 3 for NIKHAHIT (the
 * first half of a decomposed SARA AM, which follows the tone mark); 0 for anything else.
 */
function markLevel(c: number): number {
  if (c === 0x0e31 || (c >= 0x0e34 && c <= 0x0e3a) || c === 0x0e47) return 1;
  if ((c >= 0x0e48 && c <= 0x0e4c) || c === 0x0e4e) return 2;
  if (c === 0x0e4d) return 3;
  return 0;
}

const MARK_RUN = /[ัิ-ฺ็-๎]{2,}/g;

/**
 * Puts every run of combining Thai marks in the order typed text has (WTT 2.0): the vowel above or
 * below first, then the tone mark or THANTHAKHAT (`ธ์ุ` -> `ธุ์`, `ก้ั` -> `กั้`). NFC does not do
 * this: THANTHAKHAT, MAI HAN-AKAT and the upper vowels have combining class 0. Marks of one level keep
 * their order.
 */
export function reorderThaiMarks(text: string): string {
  return text.replace(MARK_RUN, (run) =>
    inTypedOrder(run)
      ? run
      : Array.from(run)
          .map((ch, i) => ({ ch, i, level: markLevel(ch.charCodeAt(0)) }))
          .sort((a, b) => a.level - b.level || a.i - b.i)
          .map((m) => m.ch)
          .join(''),
  );
}

/** True when the marks of a run already go by level (sorting by level would keep the run as it is). */
function inTypedOrder(run: string): boolean {
  for (let i = 1; i < run.length; i++)
    if (markLevel(run.charCodeAt(i)) < markLevel(run.charCodeAt(i - 1))) return false;
  return true;
}

/** Spaces a text layer or OCR put before a combining mark (a mark never starts a word). */
const SPACE_BEFORE_MARK =
  /[ \u00A0]+(?=[\u0E31\u0E33-\u0E3A\u0E47-\u0E4E])|(?<=\u0E4D[\u0E48-\u0E4B]?)[ \u00A0]+(?=\u0E32)/g;

/**
 * The stored form of any extracted text: it keeps the document's spaces. NFC, legacy private-use
 * glyphs mapped, zero-width characters dropped, spaces before a combining mark dropped, marks in typed
 * order and SARA AM recomposed.
 */
export function normalizeThai(text: string): string {
  const mapped = mapThaiPrivateUse(text.normalize('NFC')).replace(ZERO_WIDTH, '');
  return recomposeSaraAm(reorderThaiMarks(mapped.replace(SPACE_BEFORE_MARK, ''))).normalize('NFC');
}

/** Maps Thai digits ๐-๙ to ASCII 0-9. */
export function thaiDigitsToAscii(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x0e50 || c > 0x0e59) continue;
    out += text.slice(from, i) + String.fromCharCode(c - 0x0e50 + 48);
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** True when the string contains at least one Thai character. */
export function hasThai(text: string): boolean {
  return /[\u0E01-\u0E5B]/.test(text);
}

/** A character outside the ranges without upper case letters (ASCII but A-Z, Latin-1 symbols, Thai, punctuation). */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the range starts at NUL on purpose (no case there)
const MAY_HAVE_CASE = /[^\x00-\x40\x5B-\xBF\u0E00-\u0E7F\u2000-\u206F]/;

/**
 * Folds text for matching without changing its length (so offsets still point into the original):
 * Thai digits become ASCII digits and letters become lower case.
 */
export function foldForMatch(text: string): string {
  const digits = thaiDigitsToAscii(text);
  if (!MAY_HAVE_CASE.test(digits)) return digits;
  const lower = digits.toLowerCase();
  if (lower.length === digits.length) return lower;
  let out = '';
  for (const ch of digits) {
    const l = ch.toLowerCase();
    out += l.length === ch.length ? l : ch;
  }
  return out;
}

/**
 * The search form every indexed text and every query goes through: {@link normalizeThai}, spaces
 * between Thai characters ignored (a query with or without a space finds both), then
 * {@link foldForMatch}. Never stored or returned.
 */
export function normalizeForSearch(text: string): string {
  return foldForMatch(removeSpacesBetweenThai(normalizeThai(text)));
}
