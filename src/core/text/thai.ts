/**
 * Thai text rules shared by OCR, search and extraction (see DESIGN.md "Thai text rules"):
 * NFC only (never NFKC/NFKD, which split SARA AM), SARA AM recomposed, spaces between two Thai
 * characters removed (OCR and PDF text layers insert them), Thai digits mapped to ASCII for matching.
 */

const THAI = '\u0E01-\u0E5B';
const SPACES_BETWEEN_THAI = new RegExp(`(?<=[${THAI}])[ \\u00A0\\u200B]+(?=[${THAI}])`, 'g');
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

/** Removes spaces (and zero-width spaces) sitting between two Thai characters. */
export function removeSpacesBetweenThai(text: string): string {
  return text.replace(SPACES_BETWEEN_THAI, '');
}

/**
 * The stored form of any extracted text: NFC, legacy private-use glyphs mapped, no spaces inside Thai
 * runs, SARA AM recomposed (after the spaces go, so an OCR-spaced NIKHAHIT + SARA AA recomposes too).
 */
export function normalizeThai(text: string): string {
  const mapped = mapThaiPrivateUse(text.normalize('NFC')).replace(ZERO_WIDTH, '');
  return recomposeSaraAm(removeSpacesBetweenThai(mapped));
}

/** Maps Thai digits ๐-๙ to ASCII 0-9. */
export function thaiDigitsToAscii(text: string): string {
  return text.replace(/[\u0E50-\u0E59]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0x0e50 + 48));
}

/** True when the string contains at least one Thai character. */
export function hasThai(text: string): boolean {
  return /[\u0E01-\u0E5B]/.test(text);
}

/**
 * Folds text for matching without changing its length (so offsets still point into the original):
 * Thai digits become ASCII digits and letters become lower case.
 */
export function foldForMatch(text: string): string {
  const digits = thaiDigitsToAscii(text);
  const lower = digits.toLowerCase();
  if (lower.length === digits.length) return lower;
  let out = '';
  for (const ch of digits) {
    const l = ch.toLowerCase();
    out += l.length === ch.length ? l : ch;
  }
  return out;
}

/** The form every indexed text and every query goes through: {@link normalizeThai} then {@link foldForMatch}. */
export function normalizeForSearch(text: string): string {
  return foldForMatch(normalizeThai(text));
}
