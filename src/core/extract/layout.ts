/**
 * Rebuilds the visual layout of pages from OCR / text-layer word boxes: words are deskewed, grouped
 * into rows (words side by side on the page, even across OCR blocks) and rows into cells (runs of
 * words separated by a wide gap: table columns, label/value pairs). Pages without boxes fall back to
 * their text lines.
 *
 * Each cell has two texts: `text` for display (spaces kept where the page has a real gap, so Thai
 * phrases stay apart) and `compact` for matching (no spaces between Thai characters, the stored-text
 * rule), with a map from compact offsets back to display offsets.
 */
import { lineSkew, median, union } from '../ocr/geometry.ts';
import type { BBox, PageResult } from '../ocr/types.ts';
import { recomposeSaraAm } from '../text/thai.ts';

export interface Token {
  text: string;
  bbox: BBox;
  confidence: number;
}

export interface Cell {
  page: number;
  tokens: Token[];
  bbox: BBox;
  /** Display text. */
  text: string;
  /** Matching text: display text without spaces between Thai characters. */
  compact: string;
  /** `map[i]` is the display offset of `compact[i]` (length = compact.length + 1). */
  map: number[];
  /** Compact text without Thai vowel and tone marks above/below the line (OCR often drops them). */
  skeleton: string;
  /** `skeletonMap[i]` is the compact offset of `skeleton[i]` (length = skeleton.length + 1). */
  skeletonMap: number[];
  confidence: number;
}

export interface Row {
  page: number;
  cells: Cell[];
  bbox: BBox;
  /** Index in {@link Layout.rows}. */
  index: number;
}

export interface Layout {
  rows: Row[];
  /** Width and height of each page's coordinate space, by page number. */
  pageSize: Map<number, { width: number; height: number }>;
  /** Median row height (a unit for distances). */
  lineHeight: number;
}

const THAI = /[\u0E01-\u0E5B]/;
const MARKS = /[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/;
const MARKS_G = /[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/g;

/** Text without Thai marks above and below the line (SARA AM kept as SARA AA). */
export function toSkeleton(text: string): string {
  return text.replace(/\u0E33/g, '\u0E32').replace(MARKS_G, '');
}

/** The same pattern with Thai marks removed, to run against {@link Cell.skeleton}. */
export function skeletonRe(re: RegExp): RegExp {
  const source = re.source.replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) =>
    String.fromCharCode(Number.parseInt(h, 16)),
  );
  return new RegExp(toSkeleton(source), re.flags.replace('g', ''));
}

/** Matches a label pattern against a cell, tolerant of dropped Thai marks; offsets are compact offsets. */
export function matchCell(
  cell: Pick<Cell, 'skeleton' | 'skeletonMap'>,
  re: RegExp,
): { start: number; end: number } | null {
  const m = skeletonRe(re).exec(cell.skeleton);
  if (!m) return null;
  return { start: cell.skeletonMap[m.index] ?? 0, end: cell.skeletonMap[m.index + m[0].length] ?? 0 };
}
const height = (b: BBox) => b[3] - b[1];

/** Builds display text, compact text and the offset map from words and whether a space precedes each. */
export function buildText(
  parts: { text: string; space: boolean }[],
): Pick<Cell, 'text' | 'compact' | 'map' | 'skeleton' | 'skeletonMap'> {
  const text = recomposeSaraAm(
    parts
      .map((p, i) => (i > 0 && p.space ? ' ' : '') + p.text)
      .join('')
      .replace(/\s+(?=[\u0E31\u0E33-\u0E3A\u0E47-\u0E4E])/g, '')
      .replace(/\u0E4D\s+(?=[\u0E48-\u0E4B]?\u0E32)/g, '\u0E4D'),
  ).trim();
  let compact = '';
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      const prev = text[i - 1] ?? '';
      let j = i;
      while (j < text.length && /\s/.test(text[j] as string)) j++;
      const next = text[j] ?? '';
      if (THAI.test(prev) && THAI.test(next)) continue;
      if (compact.endsWith(' ')) continue;
      compact += ' ';
      map.push(i);
      continue;
    }
    compact += ch;
    map.push(i);
  }
  map.push(text.length);
  let skeleton = '';
  const skeletonMap: number[] = [];
  for (let i = 0; i < compact.length; i++) {
    const ch = compact[i] as string;
    if (MARKS.test(ch)) continue;
    skeleton += ch === '\u0E33' ? '\u0E32' : ch;
    skeletonMap.push(i);
  }
  skeletonMap.push(compact.length);
  return { text, compact, map, skeleton, skeletonMap };
}

/**
 * Whether the page has a space before a word, from the gap to the previous word and the line height.
 * A text layer's space glyph is a quarter to a half of the font size wide while pieces of one word
 * touch; between two Thai letters the reader's piece boxes are approximate, so only a gap of about a
 * third of the height is a space there. OCR words are already the document's words (joined where
 * tesseract's text has no space, see src/core/ocr/spacing.ts), so two of them side by side are apart.
 */
function spaceBefore(gap: number, height: number, ocr: boolean, thaiBoth: boolean): boolean {
  if (ocr) return gap > 0;
  return gap > height * (thaiBoth ? 0.3 : 0.15);
}

const THAI_END = /[\u0E01-\u0E2E\u0E30-\u0E3A\u0E40-\u0E4E]$/;
const THAI_START = /^[\u0E01-\u0E2E\u0E30-\u0E3A\u0E40-\u0E4E]/;

/**
 * Words of one line as text parts, each knowing whether the page has a space before it (see
 * {@link spaceBefore}); `height` is the line's typical word height (each word's own when omitted).
 */
export function spacedParts(
  tokens: Token[],
  ocr: boolean,
  height?: number,
): { text: string; space: boolean }[] {
  let end = Number.NEGATIVE_INFINITY;
  let prev = '';
  return tokens.map((t) => {
    const gap = t.bbox[0] - end;
    end = Math.max(end, t.bbox[2]);
    const h = height ?? t.bbox[3] - t.bbox[1];
    const space = spaceBefore(gap, h, ocr, THAI_END.test(prev) && THAI_START.test(t.text));
    prev = t.text;
    return { text: t.text, space };
  });
}

/** A cell from a plain string (no boxes), for text-only pages and tests. */
export function textCell(page: number, text: string, bbox: BBox = [0, 0, 0, 0]): Cell {
  const parts = text
    .split(/\s+/)
    .filter(Boolean)
    .map((t) => ({ text: t, space: true }));
  return { page, tokens: [], bbox, confidence: 1, ...buildText(parts) };
}

function pageLines(page: PageResult): Token[][] {
  const lines: Token[][] = [];
  for (const block of page.blocks)
    for (const line of block.lines) {
      const words = line.words.length
        ? line.words
        : line.text
            .split(/\s{2,}|\t/)
            .filter(Boolean)
            .map((t) => ({ text: t, bbox: line.bbox, confidence: line.confidence }));
      const toks = words
        .map((w) => ({
          text: recomposeSaraAm(w.text.normalize('NFC')).trim(),
          bbox: w.bbox,
          confidence: w.confidence,
        }))
        .filter((t) => t.text);
      if (toks.length) lines.push(toks);
    }
  return lines;
}

function rotate(tokens: Token[], angle: number, cx: number, cy: number): Token[] {
  const cos = Math.cos(-angle);
  const sin = Math.sin(-angle);
  return tokens.map((t) => {
    const [x0, y0, x1, y1] = t.bbox;
    const mx = (x0 + x1) / 2 - cx;
    const my = (y0 + y1) / 2 - cy;
    const nx = cx + mx * cos - my * sin;
    const ny = cy + mx * sin + my * cos;
    const hw = (x1 - x0) / 2;
    const hh = (y1 - y0) / 2;
    return { ...t, bbox: [nx - hw, ny - hh, nx + hw, ny + hh] as BBox };
  });
}

/**
 * Groups OCR lines into rows by vertical overlap: lines keep their own word order (combining marks
 * stay with their base letters) and sit side by side in a row ordered by x.
 */
function groupRows(lines: Token[][]): Token[][] {
  const boxed = lines.map((toks) => ({ toks, box: union(toks.map((t) => t.bbox)) }));
  boxed.sort((a, b) => a.box[1] + a.box[3] - (b.box[1] + b.box[3]));
  const rows: { lines: typeof boxed; y0: number; y1: number }[] = [];
  for (const l of boxed) {
    const cy = (l.box[1] + l.box[3]) / 2;
    const h = height(l.box);
    const row = rows.find((r) => {
      const rc = (r.y0 + r.y1) / 2;
      return Math.abs(cy - rc) < Math.min(h, r.y1 - r.y0) * 0.5;
    });
    if (row) {
      row.lines.push(l);
      row.y0 = Math.min(row.y0, l.box[1]);
      row.y1 = Math.max(row.y1, l.box[3]);
    } else rows.push({ lines: [l], y0: l.box[1], y1: l.box[3] });
  }
  return rows
    .sort((a, b) => a.y0 - b.y0)
    .map((r) => r.lines.sort((a, b) => a.box[0] - b.box[0]).flatMap((l) => l.toks));
}

/** Splits a row into cells at wide gaps and builds their texts. */
function cellsOf(page: PageResult, row: Token[], lineHeight: number): Cell[] {
  const h = Math.max(median(row.map((t) => height(t.bbox))), lineHeight * 0.5);
  const cells: Token[][] = [];
  let right = Number.NEGATIVE_INFINITY;
  let prevHeight = 0;
  for (const t of row) {
    const gap = t.bbox[0] - right;
    if (!cells.length || gap > Math.max(h, Math.min(prevHeight, height(t.bbox))) * 1.1) cells.push([t]);
    else (cells.at(-1) as Token[]).push(t);
    right = Math.max(right, t.bbox[2]);
    prevHeight = height(t.bbox);
  }
  return cells.map((toks) => {
    const parts = spacedParts(toks, page.source === 'ocr', h);
    return {
      page: page.page,
      tokens: toks,
      bbox: union(toks.map((t) => t.bbox)),
      confidence: toks.reduce((s, t) => s + t.confidence, 0) / toks.length,
      ...buildText(parts),
    };
  });
}

/** Rows of a page without word boxes: its text lines, cells split at tabs or runs of spaces. */
function textRows(page: PageResult): Cell[][] {
  const text = page.rawText || page.text;
  return text
    .split('\n')
    .map((line, i) =>
      line
        .split(/\t|\s{3,}|\s\|\s/)
        .map((s) => s.trim())
        .filter(Boolean)
        .map((s) => textCell(page.page, s, [0, i * 10, 0, i * 10 + 8])),
    )
    .filter((cells) => cells.length);
}

/** The rows and cells of every page, in reading order. */
export function buildLayout(pages: PageResult[]): Layout {
  const rows: Row[] = [];
  const pageSize = new Map<number, { width: number; height: number }>();
  const heights: number[] = [];
  for (const page of pages) {
    if (page.error) continue;
    const lines = pageLines(page);
    const tokens = lines.flat();
    const hasBoxes = tokens.some((t) => t.bbox[2] > t.bbox[0]);
    if (!hasBoxes) {
      for (const cells of textRows(page))
        rows.push({ page: page.page, cells, bbox: union(cells.map((c) => c.bbox)), index: rows.length });
      pageSize.set(page.page, { width: 0, height: 0 });
      continue;
    }
    const width = page.width || Math.max(...tokens.map((t) => t.bbox[2]));
    const pageHeight = page.height || Math.max(...tokens.map((t) => t.bbox[3]));
    pageSize.set(page.page, { width, height: pageHeight });
    const lineHeight = median(tokens.map((t) => height(t.bbox))) || 1;
    const angle = lineSkew(lines, width);
    const straight =
      Math.abs(angle) < 0.0015 ? lines : lines.map((l) => rotate(l, angle, width / 2, pageHeight / 2));
    for (const toks of groupRows(straight)) {
      const cells = cellsOf(page, toks, lineHeight);
      heights.push(height(union(toks.map((t) => t.bbox))));
      rows.push({ page: page.page, cells, bbox: union(cells.map((c) => c.bbox)), index: rows.length });
    }
  }
  return { rows, pageSize, lineHeight: median(heights) || 10 };
}
