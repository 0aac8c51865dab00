/**
 * Tokenization for search. Text is first normalized with {@link normalizeForSearch} (NFC, SARA AM
 * recomposed, OCR spaces inside Thai removed, Thai digits folded to ASCII, lower case); then
 * `Intl.Segmenter('th', {granularity: 'word'})` splits it into word terms (dictionary words for Thai
 * runs, UAX #29 words for Latin and digits). Thai character bigrams are the recall fallback for
 * compounds and words the dictionary segments differently in context.
 */

/** Longest term kept (longer word-like segments are noise: hashes, base64, runs without breaks). */
export const MAX_TERM_LENGTH = 64;

/** Bigram codes are `(a - 0x0E00) << 7 | (b - 0x0E00)`: every code is below this. */
export const GRAM_SPACE = 1 << 14;

/** Stamped into snapshots: a snapshot made with another tokenizer or ICU is rebuilt. */
export function tokenizerVersion(): string {
  const v = process.versions as Record<string, string | undefined>;
  return `thai-words+bigrams/1;icu-${v.icu ?? '?'};unicode-${v.unicode ?? '?'}`;
}

/** A word token of folded text with its UTF-16 offsets. */
export interface Token {
  term: string;
  start: number;
  end: number;
}

/** Thai letters and marks that form bigrams (digits, ๆ, ฯ, ฿ and ๏ excluded). */
export function isThaiGramChar(c: number): boolean {
  return c >= 0x0e01 && c <= 0x0e4e && c !== 0x0e2f && c !== 0x0e3f && c !== 0x0e46;
}

/** Any Thai character (letters, marks, digits, signs). */
export function isThaiChar(c: number): boolean {
  return c >= 0x0e01 && c <= 0x0e5b;
}

const PUNCTUATION_TERM = /^[\u0E2F\u0E46\u0E4F\u0E5A\u0E5B]+$/;

/**
 * Splits folded text into word terms. ICU keeps letters and digits together across scripts
 * (`มาตรา12`, `ที่12มกราคม2567` are one segment), so such segments are split where the script changes
 * and their Thai parts segmented again. One instance per index (segmenters are reused).
 */
export class Tokenizer {
  private readonly words = new Intl.Segmenter('th', { granularity: 'word' });

  /** Word tokens of folded text, with offsets. */
  tokens(folded: string): Token[] {
    const out: Token[] = [];
    this.each(folded, 0, (term, start) => out.push({ term, start, end: start + term.length }));
    return out;
  }

  /** Calls `fn` with every word term of folded text (the indexing path). */
  forEachTerm(folded: string, fn: (term: string) => void): void {
    this.each(folded, 0, fn);
  }

  private each(text: string, base: number, fn: (term: string, start: number) => void): void {
    for (const s of this.words.segment(text)) {
      if (!s.isWordLike) continue;
      const term = s.segment;
      if (mixedScript(term)) this.splitMixed(term, base + s.index, fn);
      else if (term.length <= MAX_TERM_LENGTH && !PUNCTUATION_TERM.test(term)) fn(term, base + s.index);
    }
  }

  private splitMixed(term: string, start: number, fn: (term: string, start: number) => void): void {
    let from = 0;
    for (let i = 1; i <= term.length; i++) {
      if (i < term.length && !scriptBoundary(term.charCodeAt(i - 1), term.charCodeAt(i))) continue;
      const part = term.slice(from, i);
      if (isThaiChar(part.charCodeAt(0))) this.each(part, start + from, fn);
      else if (part.length <= MAX_TERM_LENGTH) fn(part, start + from);
      from = i;
    }
  }
}

/** A non-Thai letter or digit. */
function isOtherAlnum(c: number): boolean {
  if (c < 0x80) return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
  return !isThaiChar(c) && /[\p{L}\p{N}]/u.test(String.fromCharCode(c));
}

/** Between a Thai character and a non-Thai letter or digit (either order). */
function scriptBoundary(a: number, b: number): boolean {
  return (isThaiChar(a) && isOtherAlnum(b)) || (isOtherAlnum(a) && isThaiChar(b));
}

function mixedScript(term: string): boolean {
  for (let i = 1; i < term.length; i++)
    if (scriptBoundary(term.charCodeAt(i - 1), term.charCodeAt(i))) return true;
  return false;
}

/** Calls `fn` with the code of every Thai bigram of folded text (repeats included). */
export function forEachGram(folded: string, fn: (code: number) => void): void {
  let prev = -1;
  for (let i = 0; i < folded.length; i++) {
    const c = folded.charCodeAt(i);
    if (isThaiGramChar(c)) {
      if (prev >= 0) fn(((prev - 0x0e00) << 7) | (c - 0x0e00));
      prev = c;
    } else prev = -1;
  }
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
