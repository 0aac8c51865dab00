import type { InkImage } from '../../src/core/ocr/ink.ts';
import type { BBox, OcrBlock, OcrLine } from '../../src/core/ocr/types.ts';

/**
 * A 1-bit page of `width` x `height` with ink in the given boxes: solid, or letter-like (ink in every
 * other column) when `fill` is `'letters'`.
 */
export function inkPage(
  width: number,
  height: number,
  boxes: BBox[],
  fill: 'solid' | 'letters' = 'solid',
): InkImage {
  const wpl = Math.ceil(width / 32);
  const words = new Uint32Array(wpl * height);
  const step = fill === 'letters' ? 2 : 1;
  for (const [x0, y0, x1, y1] of boxes)
    for (let y = y0; y < y1; y++)
      for (let x = x0; x < x1; x += step) words[y * wpl + (x >> 5)] |= 1 << (31 - (x & 31));
  return { width, height, wpl, words };
}

/** A line of OCR output as tesseract gives it: `text` as one word filling `bbox`. */
export const line = (text: string, bbox: BBox, confidence = 0.95): OcrLine => ({
  text,
  bbox,
  confidence,
  words: [{ text, bbox, confidence }],
});

/** A block of `lines`, its box the union of theirs. */
export const block = (...lines: OcrLine[]): OcrBlock => ({
  text: lines.map((l) => l.text).join('\n'),
  bbox: [
    Math.min(...lines.map((l) => l.bbox[0])),
    Math.min(...lines.map((l) => l.bbox[1])),
    Math.max(...lines.map((l) => l.bbox[2])),
    Math.max(...lines.map((l) => l.bbox[3])),
  ],
  confidence: 0.95,
  lines,
});

/** The text of every line of `blocks`, in order. */
export const texts = (blocks: OcrBlock[]): string[] => blocks.flatMap((b) => b.lines.map((l) => l.text));
