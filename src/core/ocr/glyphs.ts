/**
 * Glyphs of a binarized word: its connected pieces of ink, and a size-free description of each (the
 * share of ink in each cell of a grid laid over the glyph, and its width over its height) that a nearest
 * neighbour among known glyphs can name. Used by ./thai-digits.ts.
 */
import type { BBox } from './types.ts';

/** Columns and rows of the grid a glyph is described on. */
export const GRID_W = 8;
export const GRID_H = 12;

/** A binarized region: `ink(x, y)` is true on ink, for 0 ≤ x < width, 0 ≤ y < height. */
export interface Bitmap {
  width: number;
  height: number;
  ink: (x: number, y: number) => boolean;
}

/** One connected piece of ink: its box in the region and its pixels (as `y * width + x`). */
export interface Glyph {
  box: BBox;
  pixels: number[];
}

/** The connected pieces of ink of `bitmap` (8-connected), left to right. */
export function glyphsOf(bitmap: Bitmap): Glyph[] {
  const { width, height } = bitmap;
  const seen = new Uint8Array(width * height);
  const glyphs: Glyph[] = [];
  const stack: number[] = [];
  for (let start = 0; start < width * height; start++) {
    if (seen[start] || !bitmap.ink(start % width, Math.floor(start / width))) continue;
    const pixels: number[] = [];
    let [x0, y0, x1, y1] = [width, height, 0, 0];
    seen[start] = 1;
    stack.push(start);
    while (stack.length) {
      const p = stack.pop() as number;
      const x = p % width;
      const y = (p - x) / width;
      pixels.push(p);
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x + 1);
      y1 = Math.max(y1, y + 1);
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const q = ny * width + nx;
          if (seen[q] || !bitmap.ink(nx, ny)) continue;
          seen[q] = 1;
          stack.push(q);
        }
    }
    glyphs.push({ box: [x0, y0, x1, y1], pixels });
  }
  return glyphs.sort((a, b) => a.box[0] - b.box[0]);
}

/**
 * A glyph described without its size: the share of ink in each of the {@link GRID_W} × {@link GRID_H}
 * cells of its box (row by row), then its width over its height.
 */
export function describe(glyph: Glyph, regionWidth: number): number[] {
  const [x0, y0, x1, y1] = glyph.box;
  const w = x1 - x0;
  const h = y1 - y0;
  const cells = new Array<number>(GRID_W * GRID_H).fill(0);
  for (const p of glyph.pixels) {
    const x = p % regionWidth;
    const y = (p - x) / regionWidth;
    const cx = Math.min(GRID_W - 1, Math.floor(((x - x0) * GRID_W) / w));
    const cy = Math.min(GRID_H - 1, Math.floor(((y - y0) * GRID_H) / h));
    cells[cy * GRID_W + cx] = (cells[cy * GRID_W + cx] as number) + 1;
  }
  const perCell = (w * h) / (GRID_W * GRID_H);
  return [...cells.map((c) => Math.min(1, c / perCell)), w / h];
}

/** How unlike two descriptions are (squared differences; the width over height weighs as four cells). */
export function distance(a: readonly number[], b: readonly number[]): number {
  let d = 0;
  const n = GRID_W * GRID_H;
  for (let i = 0; i < n; i++) {
    const e = (a[i] as number) - (b[i] as number);
    d += e * e;
  }
  const aspect = (a[n] as number) - (b[n] as number);
  return d + 4 * aspect * aspect;
}
