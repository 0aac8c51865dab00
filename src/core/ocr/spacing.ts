/**
 * OCR text in the stored form, spaced the way the document is. Tesseract returns Thai as many small
 * "words" (often one per character), so its words cannot be joined with spaces; deleting every space
 * between Thai characters is wrong too (Thai writes a space between phrases, names and sentences).
 * The words of a line are joined into the document's words: two neighbours stay apart where tesseract's
 * own text of the line has a space between them, and are one word (boxes united) where it has none.
 * Where a word cannot be found in that text, its box decides: a gap wider than
 * {@link FALLBACK_GAP} of the line's typical character width is a space.
 *
 * Measured by `scripts/calibrate-ocr-spacing.ts` (docserve's own tesseract output for corpus text with
 * known spaces, eight Thai fonts, clean and scanned, 200 and 300 dpi; figures in the README): the
 * spaces of tesseract's text are right at all but 16 of 44,389 word gaps, while the best rule from the
 * boxes alone (a gap over 0.95 character widths) misplaces 304 and no gap threshold improves on
 * tesseract's spaces (they are real even where boxes touch). So the text decides and boxes are the fallback.
 */
import { normalizeThai } from '../text/thai.ts';
import type { BBox, OcrBlock, OcrLine, OcrWord } from './types.ts';

/** Fraction of the line's typical character width above which a gap is a space, for unmatched words. */
export const FALLBACK_GAP = 0.95;

/** Characters that take no width of their own: Thai marks above and below the line. */
const ZERO_WIDTH = /[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/g;

const union = (a: BBox, b: BBox): BBox => [
  Math.min(a[0], b[0]),
  Math.min(a[1], b[1]),
  Math.max(a[2], b[2]),
  Math.max(a[3], b[3]),
];

const join = (a: OcrWord, b: OcrWord): OcrWord => ({
  text: a.text + b.text,
  bbox: union(a.bbox, b.bbox),
  confidence: Math.min(a.confidence, b.confidence),
});

/** Characters of a word that take width on the line. */
export const spacingLength = (text: string) => Array.from(text.replace(ZERO_WIDTH, '')).length;

/** Characters other than white space that a word may be found after (text the boxes did not give). */
const MAX_SKIPPED = 8;

/**
 * Where `word` is in `text` at or after `from`, past any white space (a table row's columns are apart by
 * runs of spaces) and at most {@link MAX_SKIPPED} other characters, else -1.
 */
function find(text: string, word: string, from: number): number {
  const at = text.indexOf(word, from);
  if (at < 0) return -1;
  let skipped = 0;
  for (let i = from; i < at; i++) if (!/\s/.test(text[i] as string) && ++skipped > MAX_SKIPPED) return -1;
  return at;
}

/** A word and whether tesseract's text puts a space before it (null: the word is not in the text). */
export interface LineWord extends OcrWord {
  spaced: boolean | null;
}

/**
 * Marks each word with whether the line's text (tesseract's own output) has a space before it: the
 * words spell the line in order, so the line is walked word by word.
 */
export function markSpaces(lineText: string, words: OcrWord[]): LineWord[] {
  let pos = 0;
  return words.map((w) => {
    const at = find(lineText, w.text, pos);
    const skipped = at < 0 ? '' : lineText.slice(pos, at);
    if (at >= 0) pos = at + w.text.length;
    return { ...w, spaced: at < 0 ? null : /\s/.test(skipped) };
  });
}

/**
 * A line's words in the stored form. Tesseract splits Thai into tiny "words", SARA AM often into
 * NIKHAHIT and SARA AA; words that only normalize correctly together are merged (boxes united, lowest
 * confidence, the first one's space), so the words still spell their line's text (`จ`,`ํ`,`า` -> `จ`,`ำ`).
 */
export function normalizeWords<W extends OcrWord>(words: W[]): W[] {
  const merged: W[] = [];
  for (const w of words) {
    const prev = merged.at(-1);
    if (prev && normalizeThai(prev.text + w.text) !== normalizeThai(prev.text) + normalizeThai(w.text))
      merged[merged.length - 1] = { ...prev, ...join(prev, w) };
    else merged.push(w);
  }
  return merged.map((w) => ({ ...w, text: normalizeThai(w.text) })).filter((w) => w.text.trim());
}

/** The typical width of one character on a line: the words' widths over the characters they hold. */
export function charWidth(words: OcrWord[]): number {
  let width = 0;
  let chars = 0;
  for (const w of words) {
    const n = spacingLength(w.text);
    if (!n) continue;
    width += Math.max(0, w.bbox[2] - w.bbox[0]);
    chars += n;
  }
  return chars ? width / chars : 0;
}

/**
 * The words of a line as the document spells them (`lineText` is tesseract's text of the line):
 * neighbours closer than a space are joined into one word, the others keep a space between them.
 */
export function spaceWords(words: OcrWord[], lineText: string): OcrWord[] {
  const marked = normalizeWords(markSpaces(lineText, words));
  const width = charWidth(marked);
  const out: OcrWord[] = [];
  let prev: LineWord | undefined;
  for (const w of marked) {
    const gap = prev ? w.bbox[0] - prev.bbox[2] : 0;
    const last = out.at(-1);
    const apart = w.spaced ?? gap > FALLBACK_GAP * width;
    if (last && !apart) out[out.length - 1] = join(last, w);
    else out.push({ text: w.text, bbox: w.bbox, confidence: w.confidence });
    prev = w;
  }
  return out.map((w) => ({ ...w, text: normalizeThai(w.text) }));
}

/** A line in the stored form: its words spaced by {@link spaceWords}, its text those words. */
export function spaceLine(line: OcrLine): OcrLine {
  if (!line.words.length) return { ...line, text: normalizeThai(line.text).replace(/\s+/g, ' ').trim() };
  const words = spaceWords(line.words, line.text);
  return { ...line, text: words.map((w) => w.text).join(' '), words };
}

/** Blocks in the stored form: every line spaced from its word boxes, empty lines and blocks dropped. */
export function spaceBlocks(blocks: OcrBlock[]): OcrBlock[] {
  const out: OcrBlock[] = [];
  for (const b of blocks) {
    const lines = b.lines.map(spaceLine).filter((l) => l.text);
    if (lines.length) out.push({ ...b, text: lines.map((l) => l.text).join('\n'), lines });
  }
  return out;
}

/** The page text of spaced blocks: lines on their own line, blocks apart by an empty line. */
export function blocksText(blocks: OcrBlock[]): string {
  return blocks.map((b) => b.text).join('\n\n');
}

/**
 * Blocks stored by an older docserve (line texts without their spaces) with each line's text taken
 * again from the engine's raw text of the page, so {@link spaceBlocks} sees tesseract's spaces: the
 * words spell the raw text in order, so it is walked word by word. `stored: false` for blocks fresh from
 * the engine (words as tesseract spells them, matched against its text as it is).
 */
export function withEngineLines(blocks: OcrBlock[], rawText: string, stored = true): OcrBlock[] {
  const raw = stored ? normalizeThai(rawText) : rawText;
  let pos = 0;
  return blocks.map((b) => ({
    ...b,
    lines: b.lines.map((l) => {
      if (!l.words.length) return l;
      let start = -1;
      for (const w of l.words) {
        const at = find(raw, w.text, pos);
        if (at < 0) continue;
        if (start < 0) start = at;
        pos = at + w.text.length;
      }
      return start < 0 ? l : { ...l, text: raw.slice(start, pos) };
    }),
  }));
}
