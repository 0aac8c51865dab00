/**
 * Codes read again on their own with the English model. On a Thai and English page, tesseract reads a
 * document number, a date or a phone number in the flow of a Thai line, and often unsurely (`IV-68/4346`
 * at 0.60, `TIV-2026-4264` at 0.28) or wrongly: a letter taken for a digit (`D0202601368` for
 * `DO202601368`), Latin letters taken for Thai ones (`๐4-2026-9930` for `CN-2026-9930`). Read alone, as
 * one line of Latin letters and digits, the same box is mostly read right and surely. A word that looks
 * like a code and was read unsurely is read again so; the new reading replaces it when it is sure and
 * close to the first one (a misread of the same code, not another word), and a reading that agrees
 * raises the word's confidence to its own.
 */
import { editDistance } from '../text/edit-distance.ts';
import { type InkImage, inkEdge } from './ink.ts';
import type { BBox, OcrBlock, OcrWord } from './types.ts';
import { replaceRuns, type RunRewrite } from './word-runs.ts';

/** Reads `box` of the page with the English model alone, as one line (psm 7) or one word (psm 8). */
export type LatinReader = (box: BBox, as: 'line' | 'word') => OcrBlock[];

/** Words read with a confidence below this are read again when they look like codes. */
export const REREAD_BELOW = 0.8;
/** A new reading replaces a different first one only at this confidence or above. */
export const REPLACE_FROM = 0.7;
/** The confidence a code that mixes Thai in keeps when no reading replaces it (see {@link mixedCode}). */
export const MIXED_CONFIDENCE = 0.5;
/** At most this many words per page are read again (each reading is a recognition of its own). */
export const MAX_REREADS = 40;

const DIGIT = /[0-9]/g;
const PRINTABLE_ASCII = /[!-~]/g;
const count = (text: string, re: RegExp) => text.match(re)?.length ?? 0;

/**
 * True for a word that looks like a code, a number or a date written in Latin letters and digits: five
 * characters or more, two ASCII digits or more, and at most three in ten characters outside printable
 * ASCII (what a misread leaves: `@ผ-2025-0639`).
 */
export function codeLike(text: string): boolean {
  const length = [...text].length;
  return length >= 5 && count(text, DIGIT) >= 2 && count(text, PRINTABLE_ASCII) >= length * 0.7;
}

const THAI = /[\u0E01-\u0E5B]/u;
const ASCII_ALNUM = /[A-Za-z0-9]/;

/**
 * True for a code-like word that mixes Thai characters in: no document prints a code so
 * (`0๐202601368`, `๑1-69/1658`), so it is a misread however sure tesseract was of it.
 */
export const mixedCode = (text: string) => THAI.test(text) && ASCII_ALNUM.test(text) && codeLike(text);

/** The one word a reading found, or undefined when it found none or several. */
function onlyWord(blocks: OcrBlock[]): OcrWord | undefined {
  const words = blocks.flatMap((b) => b.lines.flatMap((l) => l.words));
  return words.length === 1 ? words[0] : undefined;
}

/**
 * `word` as `reading` reads it, when that is surer and the same code; else undefined. A word that mixes
 * Thai in counts as read unsurely.
 */
function judged(word: OcrWord, reading: OcrWord | undefined): OcrWord | undefined {
  const sure = mixedCode(word.text) ? Math.min(word.confidence, MIXED_CONFIDENCE) : word.confidence;
  if (!reading || reading.confidence <= sure) return undefined;
  if (reading.text === word.text) return { ...word, confidence: reading.confidence };
  if (reading.confidence < REPLACE_FROM) return undefined;
  const allowed = Math.max(2, Math.floor([...word.text].length / 4));
  return editDistance(reading.text, word.text) <= allowed
    ? { ...word, text: reading.text, confidence: reading.confidence }
    : undefined;
}

/** Widest gap between letters of one word, in heights of its box: a space is wider. */
const LETTER_GAP = 0.2;

/**
 * The box of `word` widened to the ink of its letters that tesseract's box cut off (a misread word's box
 * may start inside its first letter), with a margin of a third of its height, inside the page.
 */
function readingBox([x0, y0, x1, y1]: BBox, ink: InkImage): BBox {
  const h = y1 - y0;
  const gap = Math.round(h * LETTER_GAP);
  const left = inkEdge(ink, [y0, y1], x0, -1, gap, h);
  const right = inkEdge(ink, [y0, y1], x1 - 1, 1, gap, h) + 1;
  const pad = Math.max(2, Math.round(h / 3));
  return [
    Math.max(0, left - pad),
    Math.max(0, y0 - pad),
    Math.min(ink.width, right + pad),
    Math.min(ink.height, y1 + pad),
  ];
}

/** `word` read again as one line and, when that is not sure, as one word: the surer accepted reading. */
function reread(word: OcrWord, read: LatinReader, ink: InkImage): OcrWord | undefined {
  const box = readingBox(word.bbox, ink);
  const asLine = judged(word, onlyWord(read(box, 'line')));
  if (asLine && asLine.confidence >= REPLACE_FROM) return asLine;
  const asWord = judged(word, onlyWord(read(box, 'word')));
  if (!asWord) return asLine;
  return !asLine || asWord.confidence > asLine.confidence ? asWord : asLine;
}

/** What {@link rereadCodes} did. */
export type CodeRereading = RunRewrite;

/** The blocks with their unsure code-like words read again (see the module comment). */
export function rereadCodes(blocks: OcrBlock[], read: LatinReader, ink: InkImage): CodeRereading {
  let budget = MAX_REREADS;
  return replaceRuns(blocks, (word) => {
    const mixed = mixedCode(word.text);
    if (!(mixed || (word.confidence < REREAD_BELOW && codeLike(word.text))) || budget <= 0) return undefined;
    budget--;
    return (
      reread(word, read, ink) ??
      (mixed && word.confidence > MIXED_CONFIDENCE ? { ...word, confidence: MIXED_CONFIDENCE } : undefined)
    );
  });
}
