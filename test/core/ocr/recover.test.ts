import { describe, expect, test } from 'bun:test';
import type { InkImage } from '../../../src/core/ocr/ink.ts';
import { recoverLines } from '../../../src/core/ocr/recover.ts';
import type { BBox, OcrBlock, OcrLine } from '../../../src/core/ocr/types.ts';

/** A 1-bit page of `width` x `height` with ink in the given boxes (letter-like: every other column). */
function page(width: number, height: number, boxes: BBox[]): InkImage {
  const wpl = Math.ceil(width / 32);
  const words = new Uint32Array(wpl * height);
  for (const [x0, y0, x1, y1] of boxes)
    for (let y = y0; y < y1; y++)
      for (let x = x0; x < x1; x += 2) words[y * wpl + (x >> 5)] |= 1 << (31 - (x & 31));
  return { width, height, wpl, words };
}

const line = (text: string, bbox: BBox, confidence = 0.95): OcrLine => ({
  text,
  bbox,
  confidence,
  words: [{ text, bbox, confidence }],
});
const block = (...lines: OcrLine[]): OcrBlock => ({
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
const texts = (blocks: OcrBlock[]) => blocks.flatMap((b) => b.lines.map((l) => l.text));

describe('recoverLines', () => {
  const first: BBox = [20, 20, 380, 50];
  const dropped: BBox = [20, 70, 380, 100];
  const last: BBox = [20, 120, 380, 150];
  const ink = page(400, 200, [first, dropped, last]);

  test('reads again a band of ink no line covers and puts its line between its neighbours', () => {
    const asked: BBox[] = [];
    const result = recoverLines([block(line('หนึ่ง', first), line('สาม', last))], ink, (box) => {
      asked.push(box);
      return [block(line('สอง', dropped))];
    });
    expect(asked).toHaveLength(1);
    const [x0, y0, x1, y1] = asked[0] as BBox;
    expect(x0 <= 20 && y0 <= 70 && x1 >= 379 && y1 >= 100 && y0 > 50 && y1 < 120).toBe(true);
    expect(texts(result.blocks)).toEqual(['หนึ่ง', 'สอง', 'สาม']);
  });

  test('replaces a garbled line when the band reads with more confidence, keeps it otherwise', () => {
    const blocks = [block(line('หนึ่ง', first), line('ส ฮ', dropped, 0.3), line('สาม', last))];
    const better = recoverLines(blocks, ink, () => [block(line('สอง', dropped, 0.9))]);
    expect(texts(better.blocks)).toEqual(['หนึ่ง', 'สอง', 'สาม']);
    const worse = recoverLines(blocks, ink, () => [block(line('สอ', dropped, 0.2))]);
    expect(texts(worse.blocks)).toEqual(['หนึ่ง', 'ส ฮ', 'สาม']);
  });

  test('a garbled line read again in two pieces (a table row split at a wide gap) is replaced, not kept beside them, and reads left to right', () => {
    // A skewed row: its right cell sits higher than its left one.
    const left: BBox = [20, 72, 100, 102];
    const right: BBox = [300, 64, 380, 94];
    const row: OcrLine = {
      text: '1 ปัจจุบัน 39',
      // Taller than 1.45 lines (a skewed row): garbled, though read with confidence.
      bbox: [20, 62, 380, 108],
      confidence: 0.9,
      words: [
        { text: '1', bbox: [20, 70, 30, 100], confidence: 0.9 },
        { text: 'ปัจจุบัน', bbox: [40, 70, 100, 100], confidence: 0.9 },
        { text: '39', bbox: [300, 70, 380, 100], confidence: 0.9 },
      ],
    };
    const wide = page(400, 200, [first, left, right, last]);
    const result = recoverLines([block(line('หนึ่ง', first), row, line('สาม', last))], wide, (box) =>
      box[0] < 200 ? [block(line('1 ปัจจุบัน', left))] : [block(line('39', right))],
    );
    const all = texts(result.blocks);
    expect(all[0]).toBe('หนึ่ง');
    expect(all.at(-1)).toBe('สาม');
    expect(all.slice(1, -1)).toEqual(['1 ปัจจุบัน 39']);
  });

  test('reads nothing again when every line of ink is covered', () => {
    let reads = 0;
    const blocks = [block(line('หนึ่ง', first), line('สอง', dropped), line('สาม', last))];
    const result = recoverLines(blocks, ink, () => {
      reads++;
      return [];
    });
    expect(reads).toBe(0);
    expect(result.blocks).toBe(blocks);
  });
});
