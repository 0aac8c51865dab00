/**
 * The ends of lines that tesseract's page layout cut short. A confident line sometimes stops a glyph or
 * a syllable before the ink does (`ชัยเจริญก่อสร้า` for `ชัยเจริญก่อสร้าง`, `นพรัตน์กา` for
 * `นพรัตน์การบัญชี`): the rest is left out of every line, and is too small, or too close to the line, to
 * be a band of its own (./recover.ts). When ink no line covers starts right where a confident line ends
 * (or ends right where it starts), the line is read again as one line (psm 7) over the line and that
 * ink, and the reading replaces it when it keeps the line's text and adds to it.
 */
import { centreIn, union } from './geometry.ts';
import { eraseBox, eraseRules, type InkImage, inkEdge, inkIn, unpackInk } from './ink.ts';
import { confident, GARBLED_BELOW, lineHeight, type RegionReader } from './recover.ts';
import type { BBox, OcrBlock, OcrLine } from './types.ts';

/** Lines read again per page at most. */
export const MAX_LINE_ENDS = 8;
/** Ink starting this many line heights or less from a line's end continues it; further off is another word. */
const REACH = 0.6;
/** Ink left out is at least this share of a line height squared (a `ง`, a `1`; not a speck). */
const GLYPH_INK = 0.04;

/**
 * A line of fewer letters and digits is not extended and does not hide the ink it covers: it may be a
 * piece of the left-out ink read as a line of its own (`(๑` for the tail of `การบัญชี`), and goes
 * when a line read again takes in its place.
 */
const MIN_LETTERS = 3;

const compact = (text: string) => text.replace(/\s+/g, '');
const letters = (l: OcrLine) => l.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0;

/** The line `read` finds over `box` when it is `line` with more text after (`after`) or before it. */
function longer(box: BBox, line: OcrLine, after: boolean, read: RegionReader): OcrLine | undefined {
  const lines = read(box, true).flatMap((b) => b.lines);
  if (lines.length !== 1) return undefined;
  const found = lines[0] as OcrLine;
  const [was, now] = [compact(line.text), compact(found.text)];
  if (found.confidence < GARBLED_BELOW || now.length <= was.length) return undefined;
  return (after ? now.startsWith(was) : now.endsWith(was)) ? found : undefined;
}

/**
 * The blocks with each confident line that ink left out continues (see the module comment) replaced by
 * its reading over that ink, at most {@link MAX_LINE_ENDS} lines; `ink` is the page tesseract read.
 */
export function readLineEnds(
  blocks: OcrBlock[],
  ink: InkImage,
  read: RegionReader,
): { blocks: OcrBlock[]; extended: number } {
  const lines = blocks.flatMap((b) => b.lines);
  const lh = lineHeight(lines);
  if (lh <= 0) return { blocks, extended: 0 };
  const kept = lines.filter((l) => confident(l, lh) && letters(l) >= MIN_LETTERS);
  const mask = unpackInk(ink);
  for (const l of kept) eraseBox(mask, l.bbox);
  eraseRules(mask, Math.max(4, Math.round(lh * 1.6)));
  const replaced = new Map<OcrLine, OcrLine>();
  for (const line of [...kept].sort((a, b) => letters(b) - letters(a))) {
    if (replaced.size >= MAX_LINE_ENDS) break;
    const rows: [number, number] = [
      Math.max(0, Math.round(line.bbox[1])),
      Math.min(ink.height, Math.round(line.bbox[3])),
    ];
    for (const after of [true, false]) {
      const from = after ? Math.ceil(line.bbox[2]) - 1 : Math.floor(line.bbox[0]);
      const edge = inkEdge(mask, rows, from, after ? 1 : -1, Math.round(lh * REACH));
      const leftOut: BBox = after ? [from + 1, rows[0], edge + 1, rows[1]] : [edge, rows[0], from, rows[1]];
      if (edge === from || inkIn(mask, leftOut) < lh * lh * GLYPH_INK) continue;
      const pad = Math.round(lh * 0.2);
      const box: BBox = after
        ? [
            line.bbox[0],
            Math.max(0, line.bbox[1] - pad),
            Math.min(ink.width, edge + pad),
            Math.min(ink.height, line.bbox[3] + pad),
          ]
        : [
            Math.max(0, edge - pad),
            Math.max(0, line.bbox[1] - pad),
            line.bbox[2],
            Math.min(ink.height, line.bbox[3] + pad),
          ];
      const found = longer(box, replaced.get(line) ?? line, after, read);
      if (found) replaced.set(line, found);
    }
  }
  if (!replaced.size) return { blocks, extended: 0 };
  const longerLines = [...replaced.values()];
  const swallowed = (l: OcrLine) =>
    letters(l) < MIN_LETTERS && longerLines.some((n) => centreIn(l.bbox, n.bbox));
  const out = blocks.flatMap((b) => {
    if (!b.lines.some((l) => replaced.has(l) || swallowed(l))) return [b];
    const bl = b.lines.filter((l) => !swallowed(l)).map((l) => replaced.get(l) ?? l);
    if (!bl.length) return [];
    return {
      ...b,
      lines: bl,
      bbox: union([b.bbox, ...bl.map((l) => l.bbox)]),
      text: bl.map((l) => l.text).join('\n'),
    };
  });
  return { blocks: out, extended: replaced.size };
}
