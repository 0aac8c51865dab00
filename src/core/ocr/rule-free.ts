/**
 * The page without its table rules, for the regions read again. A region read again (psm 6 or 7) is
 * binarized afresh from the page as given, rules and all: a row between two rules then reads as `EE` or
 * `2020------`, and a column rule that ends inside the region becomes a `|` taller than the text that
 * makes the line look like a stamp's. Rules are strokes no glyph makes: thin and longer than two text
 * lines are high. On a scan turned a little they are staircases of short runs, so a run is measured on
 * five rows (or columns) at once; a pixel of a long run is a rule's when the stroke through it, across
 * the run, is thin (a letter's stroke crossing the rule, a shaded band, stay) or a rule too (a crossing). The rules' pixels and
 * the blur around them are painted over in the paper's tone (white would leave a brighter trace that a
 * region of blank paper binarizes into letters), the dark pixels of everything else kept, so the regions are
 * read from a page whose text keeps its soft edges and whose rules are gone.
 */
import type { GrayImage } from './raster.ts';

/** A pixel this dark (0-255) is ink to any binarization. */
const DARK = 128;
/** A rule is at least this many text lines long... */
const RULE_LENGTH_LINES = 2;
/** ...and at most this many text lines thick (at least 2 px). */
const RULE_WIDTH_LINES = 0.2;
/** The blur around a rule painted with it (px). */
const RULE_BLUR = 3;
/** A page is read again from its rule-free copy only when its rules cover this many page widths of pixels. */
const MIN_RULE_WIDTHS = 1;

/** Rows (columns) on either side of a row (column) that a run may step onto: a rule turned up to about 3°. */
const STEP_ROWS = 2;

/**
 * The ink pixels of `ink` (1 = ink, `width` × `height`) on runs along rows at least `minLength` long,
 * where a position counts as ink when its row or one of the {@link STEP_ROWS} on either side has ink
 * there.
 */
function alongRows(ink: Uint8Array, width: number, height: number, minLength: number): Uint8Array {
  const out = new Uint8Array(ink.length);
  const smeared = new Uint8Array(width);
  for (let y = 0; y < height; y++) {
    smeared.fill(0);
    for (let k = Math.max(0, y - STEP_ROWS); k <= Math.min(height - 1, y + STEP_ROWS); k++) {
      const row = k * width;
      for (let x = 0; x < width; x++) smeared[x] |= ink[row + x] as number;
    }
    const row = y * width;
    let start = -1;
    for (let x = 0; x <= width; x++) {
      const on = x < width && smeared[x] === 1;
      if (on && start < 0) start = x;
      else if (!on && start >= 0) {
        if (x - start >= minLength) for (let j = start; j < x; j++) out[row + j] = ink[row + j] as number;
        start = -1;
      }
    }
  }
  return out;
}

/** Like {@link alongRows}, along columns (visited row by row, so memory is read in order). */
function alongColumns(ink: Uint8Array, width: number, height: number, minLength: number): Uint8Array {
  const out = new Uint8Array(ink.length);
  const start = new Int32Array(width).fill(-1);
  const smeared = new Uint8Array(width);
  const close = (x: number, end: number) => {
    if (end - (start[x] as number) >= minLength)
      for (let k = start[x] as number; k < end; k++) out[k * width + x] = ink[k * width + x] as number;
    start[x] = -1;
  };
  for (let y = 0; y < height; y++) {
    const row = y * width;
    smeared.fill(0);
    for (let x = 0; x < width; x++)
      if (ink[row + x]) smeared.fill(1, Math.max(0, x - STEP_ROWS), Math.min(width, x + STEP_ROWS + 1));
    for (let x = 0; x < width; x++) {
      if (smeared[x]) {
        if ((start[x] as number) < 0) start[x] = y;
      } else if ((start[x] as number) >= 0) close(x, y);
    }
  }
  for (let x = 0; x < width; x++) if ((start[x] as number) >= 0) close(x, height);
  return out;
}

/** True when the run of ink through pixel `i` along `step` (1: a row, width: a column) is at most `max` long. */
function thinAt(ink: Uint8Array, i: number, step: number, lo: number, hi: number, max: number): boolean {
  let n = 1;
  for (let k = i - step; k >= lo && ink[k] && n <= max; k -= step) n++;
  for (let k = i + step; k <= hi && ink[k] && n <= max; k += step) n++;
  return n <= max;
}

/**
 * The pixels of `ink` (1 = ink) that belong to rules (see the module comment): on a long run (at least
 * `minLength`, see {@link alongRows}) one way, and either at most `maxWidth` thick the other way or on
 * a long run that way too (where two rules cross).
 */
export function rulePixels(
  ink: Uint8Array,
  width: number,
  height: number,
  minLength: number,
  maxWidth: number,
) {
  const rows = alongRows(ink, width, height, minLength);
  const columns = alongColumns(ink, width, height, minLength);
  const rules = new Uint8Array(ink.length);
  for (let i = 0; i < ink.length; i++) {
    if (!rows[i] && !columns[i]) continue;
    const y = (i / width) | 0;
    const rowStart = y * width;
    if (rows[i] && columns[i]) rules[i] = 1;
    else if (rows[i]) rules[i] = thinAt(ink, i, width, i % width, ink.length - 1, maxWidth) ? 1 : 0;
    else rules[i] = thinAt(ink, i, 1, rowStart, rowStart + width - 1, maxWidth) ? 1 : 0;
  }
  return rules;
}

/** `mask` grown by `r` pixels in every direction (a square window; 1 = set). */
function grow(mask: Uint8Array, width: number, height: number, r: number): Uint8Array {
  const rows = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    for (let x = 0; x < width; x++)
      if (mask[row + x]) rows.fill(1, row + Math.max(0, x - r), row + Math.min(width, x + r + 1));
  }
  const out = new Uint8Array(mask.length);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if (rows[y * width + x])
        for (let k = Math.max(0, y - r); k <= Math.min(height - 1, y + r); k++) out[k * width + x] = 1;
  return out;
}

/** The page's paper: its commonest tone lighter than {@link DARK}. */
function paperTone(data: Uint8Array): number {
  const counts = new Uint32Array(256);
  for (let i = 0; i < data.length; i++) counts[data[i] as number]++;
  let tone = 255;
  for (let v = DARK; v < 256; v++) if ((counts[v] as number) > (counts[tone] as number)) tone = v;
  return tone;
}

/**
 * `page` with its rules painted over in its paper's tone (see the module comment), for text lines `lineHeight` pixels
 * high; undefined when its rules cover less than {@link MIN_RULE_WIDTHS} page widths of pixels.
 */
export function pageWithoutRules(page: GrayImage, lineHeight: number): GrayImage | undefined {
  if (lineHeight <= 0) return undefined;
  const { width: W, height: H } = page;
  const ink = new Uint8Array(W * H);
  for (let i = 0; i < ink.length; i++) if ((page.data[i] as number) < DARK) ink[i] = 1;
  const rules = rulePixels(
    ink,
    W,
    H,
    Math.round(lineHeight * RULE_LENGTH_LINES),
    Math.max(2, Math.round(lineHeight * RULE_WIDTH_LINES)),
  );
  let count = 0;
  for (let i = 0; i < rules.length; i++) count += rules[i] as number;
  if (count < W * MIN_RULE_WIDTHS) return undefined;
  const paint = grow(rules, W, H, RULE_BLUR);
  const tone = paperTone(page.data);
  const data = page.data.slice();
  for (let i = 0; i < paint.length; i++) if (paint[i] && (rules[i] || !ink[i])) data[i] = tone;
  return { width: W, height: H, data };
}
