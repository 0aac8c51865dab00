/**
 * Thai lines whose marks tesseract read as a line of their own. On a scan turned slightly, tesseract's
 * page layout may cut the tone marks and vowels above a Thai line off as a separate, short line just
 * above it: the short line reads as junk (`a 5 a a a เว ข`) and the line under it loses every mark
 * (`มีทะเลสาบนำจดขนาดจวซงแหงหมด` for `มีทะเลสาบน้ำจืดขนาดจิ๋วซึ่งแห้งหมด`), so none of its words
 * with a mark is found. Such a pair is read again as one line (psm 7) and replaced by that reading when
 * it keeps the line's letters and gets marks back.
 */
import { GARBLED_BELOW, lineHeight, type RegionReader } from './recover.ts';
import type { BBox, OcrBlock, OcrLine } from './types.ts';

/** A line at most this fraction of the height of the line under it can be that line's marks. */
export const MARKS_LINE_HEIGHT = 0.8;
/** Most vertical gap, in typical lines, between the marks and the line they belong to. */
const MARKS_GAP = 0.5;

const THAI_MARKS = /[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/gu;
const THAI_LETTERS = /[\u0E01-\u0E30\u0E32\u0E33\u0E40-\u0E46\u0E50-\u0E59]/u;
/** Letters and digits: Thai marks are not letters (\p{Mn}). */
const LETTERS_OR_DIGITS = /[\p{L}\p{N}]/gu;
const count = (text: string, re: RegExp) => text.match(re)?.length ?? 0;
const height = (b: BBox) => b[3] - b[1];
const width = (b: BBox) => b[2] - b[0];
const union = (a: BBox, b: BBox): BBox => [
  Math.min(a[0], b[0]),
  Math.min(a[1], b[1]),
  Math.max(a[2], b[2]),
  Math.max(a[3], b[3]),
];

/**
 * True when `top` looks like the marks of `below` read apart: lower than it, starting at most
 * {@link MARKS_GAP} typical lines above it and ending well before it ends (on a turned scan the line's
 * box takes in its own marks at one end, so the two boxes overlap), over it, and read as bits.
 */
function marksOf(top: OcrLine, below: OcrLine, lh: number): boolean {
  const h = height(below.bbox);
  if (height(top.bbox) > h * MARKS_LINE_HEIGHT || !count(below.text, THAI_LETTERS)) return false;
  if (top.bbox[1] < below.bbox[1] - lh * MARKS_GAP || top.bbox[1] > below.bbox[1] + h * 0.25) return false;
  if (top.bbox[3] > below.bbox[3] - h * 0.25) return false;
  const overlap = Math.min(top.bbox[2], below.bbox[2]) - Math.max(top.bbox[0], below.bbox[0]);
  if (overlap < width(top.bbox) * 0.5) return false;
  const bits = top.text.split(/\s+/).filter(Boolean);
  return bits.length > 0 && bits.filter((w) => [...w].length <= 2).length * 2 >= bits.length;
}

/** The one line `read` finds in `box` when it keeps `below`'s letters and has more marks, else undefined. */
function rejoined(box: BBox, below: OcrLine, read: RegionReader): OcrLine | undefined {
  const lines = read(box, true).flatMap((b) => b.lines);
  if (lines.length !== 1) return undefined;
  const line = lines[0] as OcrLine;
  if (line.confidence < GARBLED_BELOW) return undefined;
  const letters = count(below.text, LETTERS_OR_DIGITS);
  const got = count(line.text, LETTERS_OR_DIGITS);
  if (got < letters * 0.9 || got > letters * 1.2) return undefined;
  return count(line.text, THAI_MARKS) > count(below.text, THAI_MARKS) ? line : undefined;
}

/**
 * The blocks with each Thai line whose marks were read as a line of their own (see the module comment)
 * read again together with them; `rejoined` counts the pairs replaced. `size` is the page's width and
 * height.
 */
export function rejoinMarks(
  blocks: OcrBlock[],
  read: RegionReader,
  size: { width: number; height: number },
): { blocks: OcrBlock[]; rejoined: number } {
  const lh = lineHeight(blocks.flatMap((b) => b.lines));
  if (lh <= 0) return { blocks, rejoined: 0 };
  let n = 0;
  const out = blocks.map((block) => {
    const lines: OcrLine[] = [];
    for (let i = 0; i < block.lines.length; i++) {
      const top = block.lines[i] as OcrLine;
      const below = block.lines[i + 1];
      if (below && marksOf(top, below, lh)) {
        const pad = Math.round(lh * 0.15);
        const [x0, y0, x1, y1] = union(top.bbox, below.bbox);
        const box: BBox = [
          Math.max(0, x0 - pad),
          Math.max(0, y0 - pad),
          Math.min(size.width, x1 + pad),
          Math.min(size.height, y1 + pad),
        ];
        const line = rejoined(box, below, read);
        if (line) {
          lines.push(line);
          i++;
          n++;
          continue;
        }
      }
      lines.push(top);
    }
    if (lines.length === block.lines.length && lines.every((l, i) => l === block.lines[i])) return block;
    return { ...block, lines, text: lines.map((l) => l.text).join('\n') };
  });
  return { blocks: out, rejoined: n };
}
