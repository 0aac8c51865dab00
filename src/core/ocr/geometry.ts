import type { QuarterTurn } from './raster.ts';
import type { BBox, OcrBlock } from './types.ts';

export type Point = [number, number];

/** The smallest box holding all of `boxes`. */
export function union(boxes: BBox[]): BBox {
  return [
    Math.min(...boxes.map((b) => b[0])),
    Math.min(...boxes.map((b) => b[1])),
    Math.max(...boxes.map((b) => b[2])),
    Math.max(...boxes.map((b) => b[3])),
  ];
}

/** True when the centre of `a` lies in `b` (edges included). */
export function centreIn(a: BBox, b: BBox): boolean {
  const x = (a[0] + a[2]) / 2;
  const y = (a[1] + a[3]) / 2;
  return x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];
}

/** The middle value of `xs` (the upper one of the two middles for an even count), 0 when empty. */
export function median(xs: number[]): number {
  if (!xs.length) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** Where a point of a `width` x `height` image lands after rotating the image clockwise by `turn`. */
export function rotatePoint([x, y]: Point, turn: QuarterTurn, width: number, height: number): Point {
  if (turn === 90) return [height - y, x];
  if (turn === 180) return [width - x, height - y];
  if (turn === 270) return [y, width - x];
  return [x, y];
}

/** The bounding box of a box's corners mapped through `fn`, rounded to whole units. */
export function mapBox(box: BBox, fn: (p: Point) => Point): BBox {
  const corners = [fn([box[0], box[1]]), fn([box[2], box[1]]), fn([box[0], box[3]]), fn([box[2], box[3]])];
  const xs = corners.map((c) => c[0]);
  const ys = corners.map((c) => c[1]);
  return [
    Math.round(Math.min(...xs)),
    Math.round(Math.min(...ys)),
    Math.round(Math.max(...xs)),
    Math.round(Math.max(...ys)),
  ];
}

/** Maps every box of a layout (blocks, lines, words) through `fn`. */
export function mapLayout(blocks: OcrBlock[], fn: (p: Point) => Point): OcrBlock[] {
  return blocks.map((b) => ({
    ...b,
    bbox: mapBox(b.bbox, fn),
    lines: b.lines.map((l) => ({
      ...l,
      bbox: mapBox(l.bbox, fn),
      words: l.words.map((w) => ({ ...w, bbox: mapBox(w.bbox, fn) })),
    })),
  }));
}

/**
 * The page's skew from the slope of word bottoms along its long lines (radians, positive when lines
 * run down to the right): the median of the lines' least-squares slopes, 0 with fewer than three long
 * lines. A line counts when it has four words or more over at least 15% of the page `width`.
 */
export function lineSkew(lines: { bbox: BBox }[][], width: number): number {
  const slopes: number[] = [];
  for (const line of lines) {
    if (line.length < 4) continue;
    const xs = line.map((t) => (t.bbox[0] + t.bbox[2]) / 2);
    const ys = line.map((t) => t.bbox[3]);
    if (Math.max(...xs) - Math.min(...xs) < width * 0.15) continue;
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
    const my = ys.reduce((a, b) => a + b, 0) / ys.length;
    let num = 0;
    let den = 0;
    xs.forEach((x, i) => {
      num += (x - mx) * ((ys[i] as number) - my);
      den += (x - mx) ** 2;
    });
    if (den > 0) slopes.push(num / den);
  }
  return slopes.length >= 3 ? Math.atan(median(slopes)) : 0;
}
