/**
 * Numbers written in Thai digits read again glyph by glyph. Tesseract's Thai model knows ๐ ๑ ๒ ๓ ๕
 * but not ๔ ๖ ๗ ๘ ๙: in every Thai font, even on a clean print, it reads `๑๗/๐๖/๒๕๖๙` as
 * `๑ฒ/๐อ๑/๒๕๒๓` or the like, so every date and number a Thai letter or form writes in Thai digits comes
 * out wrong. Thai digits are each one stroke of ink, so a word tesseract read with two Thai digits or
 * more (or a date's day or year beside a Thai month name, see {@link dateSlot}) is cut into its pieces of ink on the binarized page, and each piece is named by the nearest of
 * the digits and slashes the Thai fonts print (./thai-digit-glyphs.ts, described by ./glyphs.ts); a piece
 * too wide for one glyph is cut where glyphs printed touching meet, and dots, commas and dashes are told
 * by their size and place. The new reading replaces the word only when every piece is named surely; a
 * word with a letter in it or a broken stroke keeps tesseract's reading.
 */
import {
  type Bitmap,
  describe as describeGlyph,
  distance,
  GRID_H,
  GRID_W,
  type Glyph,
  glyphsOf,
} from './glyphs.ts';
import { type InkImage, inkAt } from './ink.ts';
import { THAI_DIGIT_GLYPHS } from './thai-digit-glyphs.ts';
import type { BBox, OcrBlock, OcrWord } from './types.ts';
import { replaceRuns, type RunRewrite } from './word-runs.ts';

/** A piece is named only this near a known glyph (squared differences of their descriptions). */
export const MAX_DISTANCE = 14;
/** ...and only when the nearest other character is at least this much further. */
export const MIN_MARGIN = 1.3;
/** The confidence of a word read so. */
export const DIGITS_CONFIDENCE = 0.9;
/** At most this many words per page are read again (a page of statute text cites many sections). */
export const MAX_REREADS = 200;

const THAI_DIGIT = /[๐-๙]/g;

interface Known {
  char: string;
  description: number[];
}

let known: Known[] | undefined;

function knownGlyphs(): Known[] {
  known ??= THAI_DIGIT_GLYPHS.split('\n').map((line) => {
    const char = line[0] as string;
    const cells = line.slice(1, 1 + GRID_W * GRID_H);
    return {
      char,
      description: [
        ...[...cells].map((c) => Number.parseInt(c, 16) / 15),
        Number(line.slice(1 + cells.length)),
      ],
    };
  });
  return known;
}

/** A glyph named: the character and how far its description is from the nearest of that character's. */
interface Named {
  text: string;
  cost: number;
}

/** The character a piece of ink is, when one is near and every other character clearly further. */
export function nameGlyph(description: number[]): Named | undefined {
  let best: Known | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  const nearest = new Map<string, number>();
  for (const k of knownGlyphs()) {
    const d = distance(description, k.description);
    if (d < (nearest.get(k.char) ?? Number.POSITIVE_INFINITY)) nearest.set(k.char, d);
    if (d < bestD) [best, bestD] = [k, d];
  }
  if (!best || bestD > MAX_DISTANCE) return undefined;
  for (const [char, d] of nearest) if (char !== best.char && d < bestD * MIN_MARGIN) return undefined;
  return { text: best.char, cost: bestD };
}

/** A piece wider than this share of its height may be glyphs printed touching. */
const TOUCHING = 0.9;
/** Columns tried as the place where two touching glyphs meet: the ones with the least ink. */
const CUTS_TRIED = 8;
/** Cuts within one piece: three glyphs touching at most (`๔/๒`). */
const MAX_CUTS = 2;

/** `g` cut at column `cut` (from its left edge) into two pieces. */
function cutAt(g: Glyph, regionWidth: number, cut: number): [Glyph, Glyph] {
  const x0 = g.box[0];
  const part = (left: boolean): Glyph => {
    const pixels = g.pixels.filter((p) => (p % regionWidth) - x0 < cut === left);
    const ys = pixels.map((p) => Math.floor(p / regionWidth));
    const [from, to] = left ? [x0, x0 + cut] : [x0 + cut, g.box[2]];
    return { box: [from, Math.min(...ys), to, Math.max(...ys) + 1], pixels };
  };
  return [part(true), part(false)];
}

/** A slash printed touching a digit stands taller than the digit (a cut through one glyph makes none). */
const SLASH_OVER_DIGIT = 1.05;

/**
 * The glyphs of two pieces cut apart, each a digit at least half as wide as it is high or a slash taller
 * than the other piece, or undefined.
 */
function nameHalves(left: Glyph, right: Glyph, regionWidth: number, cuts: number): Named | undefined {
  const named: Named[] = [];
  for (const [g, other] of [
    [left, right],
    [right, left],
  ] as const) {
    if (!g.pixels.length) return undefined;
    const n = nameDigits(g, regionWidth, cuts);
    if (!n) return undefined;
    const slash = n.text === '/';
    if (slash ? height(g) < height(other) * SLASH_OVER_DIGIT : width(g) < height(g) * 0.5) return undefined;
    named.push(n);
  }
  const [a, b] = named as [Named, Named];
  return { text: a.text + b.text, cost: a.cost + b.cost };
}

/**
 * A piece of ink named as one digit or slash, or as glyphs printed touching (cut up to `cuts` times
 * where its middle has the least ink, keeping the cut whose pieces are nearest known glyphs); undefined
 * when neither surely.
 */
function nameDigits(g: Glyph, regionWidth: number, cuts = MAX_CUTS): Named | undefined {
  const one = nameGlyph(describeGlyph(g, regionWidth));
  const w = width(g);
  if (one || cuts === 0 || w < height(g) * TOUCHING) return one;
  const column = new Array<number>(w).fill(0);
  for (const p of g.pixels)
    column[(p % regionWidth) - g.box[0]] = (column[(p % regionWidth) - g.box[0]] as number) + 1;
  const tried = column
    .map((ink, x) => ({ ink, x }))
    .filter(({ x }) => x >= w / 5 && x <= (w * 4) / 5)
    .sort((a, b) => a.ink - b.ink)
    .slice(0, CUTS_TRIED);
  let best: Named | undefined;
  for (const { x } of tried) {
    const [left, right] = cutAt(g, regionWidth, x);
    const both = nameHalves(left, right, regionWidth, cuts - 1);
    if (both && (!best || both.cost < best.cost)) best = both;
  }
  return best;
}

/** The part of the page inside `box` as a bitmap. */
function region(ink: InkImage, [x0, y0, x1, y1]: BBox): Bitmap {
  return {
    width: x1 - x0,
    height: y1 - y0,
    ink: (x, y) => inkAt(ink, x0 + x, y0 + y),
  };
}

const height = (g: Glyph) => g.box[3] - g.box[1];
const width = (g: Glyph) => g.box[2] - g.box[0];

/**
 * The pieces of a word (those at least 40% between columns `from` and `to`, clear of the region's
 * top and bottom, and a digit just outside them) read as Thai digits, slashes, dots, commas and dashes,
 * or undefined when a piece is none of them surely or fewer than `minDigits` are digit-sized (see the
 * module comment).
 */
export function readDigits(
  bitmap: Bitmap,
  [from, to]: [number, number] = [0, bitmap.width],
  minDigits = 2,
): string | undefined {
  const all = glyphsOf(bitmap).filter((g) => g.box[1] > 0 && g.box[3] < bitmap.height);
  const core = all.filter((g) => Math.min(g.box[2], to) - Math.max(g.box[0], from) >= width(g) * 0.4);
  const tallest = Math.max(0, ...core.map(height));
  if (tallest < 8) return undefined;
  const digits = core.filter((g) => height(g) >= tallest * 0.5);
  if (digits.length < minDigits) return undefined;
  const top = Math.min(...digits.map((g) => g.box[1]));
  const bottom = Math.max(...digits.map((g) => g.box[3]));
  const at = (g: Glyph) => ((g.box[1] + g.box[3]) / 2 - top) / Math.max(1, bottom - top);
  const speck = (g: Glyph) =>
    g.pixels.length < 3 || (height(g) < tallest * 0.15 && width(g) < tallest * 0.15 && at(g) < 0.7);
  const pieces = core.filter((g) => !speck(g));
  let text = '';
  for (const g of pieces) {
    if (height(g) >= tallest * 0.5) {
      const named = nameDigits(g, bitmap.width);
      if (!named) return undefined;
      text += named.text;
      continue;
    }
    const where = at(g);
    if (width(g) >= height(g) * 1.5 && where > 0.3 && where < 0.75) text += '-';
    else if (width(g) < tallest * 0.45 && where >= 0.7) text += height(g) > width(g) * 1.4 ? ',' : '.';
    else return undefined;
  }
  const gaps = pieces.slice(1).map((g, i) => g.box[0] - (pieces[i] as Glyph).box[2]);
  const maxGap = Math.max(tallest * 0.25, 2 * (gaps.sort((a, b) => a - b)[Math.floor(gaps.length / 2)] ?? 0));
  const before = cutOffDigit(all, pieces[0] as Glyph, -1, bitmap.width, tallest, maxGap);
  return before + text + cutOffDigit(all, pieces.at(-1) as Glyph, 1, bitmap.width, tallest, maxGap);
}

/**
 * A digit just outside the word's box on side `side` of its piece `edge`, at most `maxGap` away (twice
 * as far as the word's own glyphs are apart, or a quarter of a digit's height: tesseract's box left out
 * a first or last digit it misread), when there is one and it is named surely; else nothing.
 */
function cutOffDigit(
  all: Glyph[],
  edge: Glyph,
  side: -1 | 1,
  regionWidth: number,
  tallest: number,
  maxGap: number,
): string {
  const gap = (g: Glyph) => (side < 0 ? edge.box[0] - g.box[2] : g.box[0] - edge.box[2]);
  const next = all
    .filter((g) => g !== edge && gap(g) >= -1 && gap(g) <= maxGap && height(g) >= tallest * 0.5)
    .sort((a, b) => gap(a) - gap(b))[0];
  const named =
    next && height(next) <= tallest * 1.2 ? nameGlyph(describeGlyph(next, regionWidth)) : undefined;
  return named && named.text !== '/' ? named.text : '';
}

/**
 * The box of a word with room around it for ink tesseract's box cut off (tails above and below, a
 * first or last digit cut in two), inside the page.
 */
function readingBox([x0, y0, x1, y1]: BBox, ink: InkImage): BBox {
  const h = y1 - y0;
  const [padX, padY] = [Math.round(h * 0.6), Math.round(h * 0.2)];
  return [
    Math.max(0, x0 - padX),
    Math.max(0, y0 - padY),
    Math.min(ink.width, x1 + padX),
    Math.min(ink.height, y1 + padY),
  ];
}

/** True for a word worth reading again: two Thai digits or more. */
export const holdsThaiDigits = (text: string) => (text.match(THAI_DIGIT)?.length ?? 0) >= 2;

/** Thai month names, in full and abbreviated, as a date prints them between its day and its year. */
const THAI_MONTHS = new Set(
  [
    'มกราคม กุมภาพันธ์ มีนาคม เมษายน พฤษภาคม มิถุนายน กรกฎาคม สิงหาคม กันยายน ตุลาคม พฤศจิกายน ธันวาคม',
    'ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค.',
  ]
    .join(' ')
    .split(' '),
);
const ONE_THAI_DIGIT = /[๐-๙]/;

/**
 * True when `line[index]` is the day or the year of a date written in Thai digits: it stands beside a
 * Thai month name whose other side holds a Thai digit, and is not a number in Arabic digits. Such a
 * word is read again even with one Thai digit or none (tesseract reads a lone ๗ as `«`, ๒๕๖๐ as `bebo`).
 */
function dateSlot(index: number, line: OcrWord[]): boolean {
  const text = (i: number) => line[i]?.text ?? '';
  if (/^[0-9]+$/.test(text(index)) || [...text(index)].length > 6) return false;
  return (
    (THAI_MONTHS.has(text(index + 1)) && ONE_THAI_DIGIT.test(text(index + 2))) ||
    (THAI_MONTHS.has(text(index - 1)) && ONE_THAI_DIGIT.test(text(index - 2)))
  );
}

/**
 * `word` read again glyph by glyph, when that reading is sure and says something else; a date's day or
 * year (`slot`) only as one to four digits.
 */
function reread(word: OcrWord, ink: InkImage, slot: boolean): OcrWord | undefined {
  const box = readingBox(word.bbox, ink);
  const span: [number, number] = [word.bbox[0] - box[0], word.bbox[2] - box[0]];
  const text = readDigits(region(ink, box), span, slot ? 1 : 2);
  if (!text || !(slot ? /^[๐-๙]{1,4}$/.test(text) : holdsThaiDigits(text))) return undefined;
  if (text === word.text)
    return word.confidence < DIGITS_CONFIDENCE ? { ...word, confidence: DIGITS_CONFIDENCE } : undefined;
  return { ...word, text, confidence: DIGITS_CONFIDENCE };
}

/** The blocks with their words in Thai digits read again (see the module comment). */
export function rereadThaiDigits(blocks: OcrBlock[], ink: InkImage): RunRewrite {
  let budget = MAX_REREADS;
  return replaceRuns(blocks, (word, index, line) => {
    const slot = !holdsThaiDigits(word.text) && dateSlot(index, line);
    if (!(slot || holdsThaiDigits(word.text)) || budget <= 0) return undefined;
    budget--;
    return reread(word, ink, slot);
  });
}
