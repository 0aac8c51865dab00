import type { QuarterTurn } from './raster.ts';
import type { BBox, OcrBlock } from './types.ts';

export type Point = [number, number];

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
