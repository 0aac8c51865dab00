import type { BBox } from './types.ts';

/**
 * A binarized page as tesseract sees it (leptonica's 1-bit image: rows of 32-bit words, the leftmost
 * pixel in the highest bit, 1 = ink), in the coordinates of the boxes tesseract reports.
 */
export interface InkImage {
  width: number;
  height: number;
  /** 32-bit words per row. */
  wpl: number;
  words: Uint32Array;
}

/** One byte per pixel (1 = ink), row-major: the form the band search edits. */
export interface InkMask {
  width: number;
  height: number;
  data: Uint8Array;
}

/** True when pixel (`x`, `y`) of `ink` is ink. */
export const inkAt = (ink: InkImage, x: number, y: number): boolean =>
  ((ink.words[y * ink.wpl + (x >> 5)] as number) & (1 << (31 - (x & 31)))) !== 0;

/** True when column `x` of `ink` (packed, or one byte per pixel) has ink between rows `y0` and `y1`. */
function inkInColumn(ink: InkImage | InkMask, x: number, y0: number, y1: number): boolean {
  if ('data' in ink) {
    for (let y = y0; y < y1; y++) if (ink.data[y * ink.width + x]) return true;
    return false;
  }
  const bit = 1 << (31 - (x & 31));
  for (let y = y0; y < y1; y++) if ((ink.words[y * ink.wpl + (x >> 5)] as number) & bit) return true;
  return false;
}

/**
 * How far ink runs from column `from` in direction `step` (-1 left, 1 right) on rows `y0` to `y1`: the
 * last column with ink reached over gaps of at most `maxGap` empty columns, at most `limit` columns
 * away (`from` when there is none).
 */
export function inkEdge(
  ink: InkImage | InkMask,
  [y0, y1]: [number, number],
  from: number,
  step: 1 | -1,
  maxGap: number,
  limit = Number.POSITIVE_INFINITY,
): number {
  const rows: [number, number] = [Math.max(0, y0), Math.min(ink.height, y1)];
  let edge = from;
  let gap = 0;
  for (
    let at = from + step, moved = 1;
    at >= 0 && at < ink.width && moved <= limit && gap <= maxGap;
    at += step, moved++
  ) {
    if (inkInColumn(ink, at, rows[0], rows[1])) [edge, gap] = [at, 0];
    else gap++;
  }
  return edge;
}

/** The ink pixels of `mask` inside `box` (clipped to the mask). */
export function inkIn(mask: InkMask, [x0, y0, x1, y1]: BBox): number {
  let n = 0;
  const [left, right] = [Math.max(0, Math.floor(x0)), Math.min(mask.width, Math.ceil(x1))];
  for (let y = Math.max(0, Math.floor(y0)); y < Math.min(mask.height, Math.ceil(y1)); y++)
    for (let x = left; x < right; x++) n += mask.data[y * mask.width + x] as number;
  return n;
}

/** Expands a 1-bit image to one byte per pixel. */
export function unpackInk(ink: InkImage): InkMask {
  const { width, height, wpl, words } = ink;
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * wpl;
    const out = y * width;
    for (let w = 0; w < wpl; w++) {
      const word = words[row + w] as number;
      if (!word) continue;
      const x0 = w * 32;
      for (let b = 0; b < 32 && x0 + b < width; b++) if ((word >>> (31 - b)) & 1) data[out + x0 + b] = 1;
    }
  }
  return { width, height, data };
}

/** Clears the pixels of `box` (clipped to the mask). */
export function eraseBox(mask: InkMask, [x0, y0, x1, y1]: BBox): void {
  const left = Math.max(0, Math.floor(x0));
  const right = Math.min(mask.width, Math.ceil(x1));
  for (let y = Math.max(0, Math.floor(y0)); y < Math.min(mask.height, Math.ceil(y1)); y++)
    if (right > left) mask.data.fill(0, y * mask.width + left, y * mask.width + right);
}

/**
 * Clears straight strokes longer than any glyph's: horizontal runs over `maxRun` pixels (rules,
 * underlines) and vertical runs over `maxRun` pixels (table borders), so only letters are left.
 */
export function eraseRules(mask: InkMask, maxRun: number): void {
  const { width: W, height: H, data } = mask;
  const long: number[] = [];
  for (let y = 0; y < H; y++) {
    let start = -1;
    for (let x = 0; x <= W; x++) {
      const on = x < W && data[y * W + x] === 1;
      if (on && start < 0) start = x;
      else if (!on && start >= 0) {
        if (x - start > maxRun) long.push(y * W + start, x - start);
        start = -1;
      }
    }
  }
  for (let x = 0; x < W; x++) {
    let start = -1;
    for (let y = 0; y <= H; y++) {
      const on = y < H && data[y * W + x] === 1;
      if (on && start < 0) start = y;
      else if (!on && start >= 0) {
        if (y - start > maxRun) for (let k = start; k < y; k++) data[k * W + x] = 0;
        start = -1;
      }
    }
  }
  for (let i = 0; i < long.length; i += 2)
    data.fill(0, long[i] as number, (long[i] as number) + (long[i + 1] as number));
}
