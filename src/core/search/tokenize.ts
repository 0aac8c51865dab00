/**
 * Tokenization for search. Text is first normalized with {@link normalizeForSearch} (NFC, SARA AM
 * recomposed, OCR spaces inside Thai removed, Thai digits folded to ASCII, lower case); then
 * `Intl.Segmenter('th', {granularity: 'word'})` splits it into word terms (dictionary words for Thai
 * runs, UAX #29 words for Latin and digits). Thai character bigrams are the recall fallback for
 * compounds and words the dictionary segments differently in context.
 */

/** Longest term kept (longer word-like segments are noise: hashes, base64, runs without breaks). */
export const MAX_TERM_LENGTH = 64;

/** Bigram codes are `keyA << 7 | keyB` with 7-bit keys (see `gramKey`): every code is below this. */
export const GRAM_SPACE = 1 << 14;

/** Stamped into snapshots: a snapshot made with another tokenizer or ICU is rebuilt. */
export function tokenizerVersion(): string {
  const v = process.versions as Record<string, string | undefined>;
  return `thai-words+bigrams/4;icu-${v.icu ?? '?'};unicode-${v.unicode ?? '?'}`;
}

/** A word token of folded text with its UTF-16 offsets. */
export interface Token {
  term: string;
  start: number;
  end: number;
}

/** Thai characters that form bigrams: letters, marks and signs (digits, folded to ASCII, excluded). */
export function isThaiGramChar(c: number): boolean {
  return c >= 0x0e01 && c <= 0x0e4f;
}

const PUNCTUATION_TERM = /^[\u0E2F\u0E46\u0E4F\u0E5A\u0E5B]+$/;

/**
 * Splits folded text into word terms. ICU keeps letters and digits together across scripts
 * (`มาตรา12` and `ที่12มกราคม2567` would be one word), so a space is put between a Thai character and
 * a Latin letter or digit before segmenting; offsets are mapped back to the original text. One
 * instance per index (the segmenter is reused).
 */
export class Tokenizer {
  private readonly words = new Intl.Segmenter('th', { granularity: 'word' });

  /** Word tokens of folded text, with offsets. */
  tokens(folded: string): Token[] {
    const out: Token[] = [];
    this.each(folded, (term, start) => out.push({ term, start, end: start + term.length }));
    return out;
  }

  /** Calls `fn` with every word term of folded text and its offset. */
  forEachTerm(folded: string, fn: (term: string, start: number) => void): void {
    this.each(folded, fn);
  }

  private each(text: string, fn: (term: string, start: number) => void): void {
    const inserted: number[] = [];
    const spaced = text.replace(SCRIPT_BOUNDARY, (_m, offset: number) => {
      inserted.push(offset + inserted.length);
      return ' ';
    });
    let shift = 0;
    for (const s of this.words.segment(spaced)) {
      if (!s.isWordLike) continue;
      const term = s.segment;
      if (term.length > MAX_TERM_LENGTH || PUNCTUATION_TERM.test(term)) continue;
      while (shift < inserted.length && (inserted[shift] as number) < s.index) shift++;
      fn(term, s.index - shift);
    }
  }
}

/** Between a Thai character and a Latin letter or digit, in either order. */
const SCRIPT_BOUNDARY =
  /(?<=[\u0E01-\u0E5B])(?=[0-9A-Za-z\u00C0-\u024F])|(?<=[0-9A-Za-z\u00C0-\u024F])(?=[\u0E01-\u0E5B])/g;

/** A character's bigram key: Thai letters and marks by their offset, a period as 0x7F, else -1. */
function gramKey(c: number): number {
  if (isThaiGramChar(c)) return c - 0x0e00;
  return c === 0x2e ? 0x7f : -1;
}

/**
 * Calls `fn` with the code of every bigram of Thai characters (and periods next to them, so
 * abbreviations such as `พ.ศ.` and `ส.` have bigrams too) in folded text, repeats included.
 */
export function forEachGram(folded: string, fn: (code: number) => void): void {
  let prev = -1;
  for (let i = 0; i < folded.length; i++) {
    const k = gramKey(folded.charCodeAt(i));
    if (k >= 0 && prev >= 0 && (k !== 0x7f || prev !== 0x7f)) fn((prev << 7) | k);
    prev = k;
  }
}

/** Trigram codes are `keyA << 14 | keyB << 7 | keyC` with the keys of bigrams: every code is below this. */
export const TRIGRAM_SPACE = 1 << 21;

/**
 * Calls `fn` with the code of every trigram of Thai characters (the same characters as bigrams, periods
 * included) in folded text, repeats included.
 */
export function forEachTrigram(folded: string, fn: (code: number) => void): void {
  let a = -1;
  let b = -1;
  for (let i = 0; i < folded.length; i++) {
    const k = gramKey(folded.charCodeAt(i));
    if (k >= 0 && a >= 0 && b >= 0) fn((a << 14) | (b << 7) | k);
    a = b;
    b = k;
  }
}

/** Bits in a document's trigram signature (a one-hash Bloom filter over its Thai trigrams). */
export const SIGNATURE_BITS = 4096;
export const SIGNATURE_WORDS = SIGNATURE_BITS / 32;

/** The signature bit of a trigram code. */
export function trigramBit(code: number): number {
  return Math.imul(code, 0x9e3779b1) >>> 20;
}

/** Calls `fn` with the signature bit of every Thai trigram of folded text. */
export function forEachTrigramBit(folded: string, fn: (bit: number) => void): void {
  let a = -1;
  let b = -1;
  for (let i = 0; i < folded.length; i++) {
    const k = gramKey(folded.charCodeAt(i));
    if (k >= 0 && a >= 0 && b >= 0) fn(trigramBit((a << 14) | (b << 7) | k));
    a = b;
    b = k;
  }
}

/** The distinct trigram codes of folded text. */
export function trigramsOf(folded: string): number[] {
  const seen = new Set<number>();
  forEachTrigram(folded, (t) => seen.add(t));
  return [...seen];
}

/** The distinct bigram codes of folded text. */
export function gramsOf(folded: string): number[] {
  const seen = new Set<number>();
  forEachGram(folded, (g) => seen.add(g));
  return [...seen];
}

/** True when a term is Latin-script (fuzzy matching applies): letters, no Thai, no digits. */
export function isLatinWord(term: string): boolean {
  return /^[\p{L}\p{M}'’._-]+$/u.test(term) && !/[\u0E00-\u0E7F]/.test(term);
}
