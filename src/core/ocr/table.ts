/**
 * A table that tesseract's page layout (psm 3) read column by column, read again row by row. On a ruled
 * table, layout analysis takes the rules for separators and makes blocks of pieces of the grid: one cell
 * column becomes blocks of its own while a block around them holds lines that run across the whole
 * table, so the page reads column by column and cells between rules (a header cell, an amount) are
 * lost. Blocks of prose never overlap each other (two columns of text are two blocks side by side), so
 * blocks that overlap mark such a table: the region they cover (with the blocks inside it) is read
 * again as one block (psm 6), which reads each row across the page left to right and rows top to
 * bottom, and its confident lines replace those blocks when they hold at least as much text.
 */
import { centreIn, union } from './geometry.ts';
import { type InkImage, inkEdge } from './ink.ts';
import { confident, lineHeight, type RegionReader } from './recover.ts';
import type { BBox, OcrBlock, OcrLine } from './types.ts';

/** One-line blocks stacked in a column, each beside a line of another block, that make a table. */
const MIN_ROWS = 2;

const letters = (lines: OcrLine[]) =>
  lines.reduce((n, l) => n + (l.text.match(/[\p{L}\p{N}]/gu)?.length ?? 0), 0);

/** True when `a` and `b` lie side by side on one row: they share half the shorter one's height, not its width. */
const sameRow = (a: BBox, b: BBox) =>
  Math.min(a[2], b[2]) <= Math.max(a[0], b[0]) &&
  Math.min(a[3], b[3]) - Math.max(a[1], b[1]) >= Math.min(a[3] - a[1], b[3] - b[1]) * 0.5;
const overlapX = (a: BBox, b: BBox) => Math.min(a[2], b[2]) > Math.max(a[0], b[0]);

/**
 * The blocks (indices) that a one-line block `i` shares a row with: blocks with a line beside its line.
 */
function rowPartners(blocks: OcrBlock[], i: number): number[] {
  const line = (blocks[i] as OcrBlock).lines[0] as OcrLine;
  return blocks.flatMap((b, j) => (j !== i && b.lines.some((l) => sameRow(l.bbox, line.bbox)) ? [j] : []));
}

/**
 * The groups of blocks (indices in page order) that hold a table read column by column: a column of
 * one-line blocks (cells, at least {@link MIN_ROWS} stacked one under another) each beside a line of
 * another block, with those blocks, and then every block whose centre lies in the group's region,
 * until no more join. Two columns of prose are two blocks of many lines each: no group.
 */
export function tableGroups(blocks: OcrBlock[]): number[][] {
  const cells = blocks.flatMap((b, i) => {
    if (b.lines.length !== 1) return [];
    const partners = rowPartners(blocks, i);
    return partners.length ? [{ i, partners }] : [];
  });
  const groups: number[][] = [];
  const taken = new Set<number>();
  for (const cell of cells) {
    if (taken.has(cell.i)) continue;
    const column = cells.filter(
      (c) => !taken.has(c.i) && overlapX((blocks[c.i] as OcrBlock).bbox, (blocks[cell.i] as OcrBlock).bbox),
    );
    if (column.length < MIN_ROWS) continue;
    const group = [...new Set(column.flatMap((c) => [c.i, ...c.partners]))].filter((g) => !taken.has(g));
    let grew = true;
    while (grew) {
      grew = false;
      const region = union(group.map((g) => (blocks[g] as OcrBlock).bbox));
      for (let j = 0; j < blocks.length; j++) {
        if (taken.has(j) || group.includes(j) || !centreIn((blocks[j] as OcrBlock).bbox, region)) continue;
        group.push(j);
        grew = true;
      }
    }
    for (const g of group) taken.add(g);
    groups.push(group.sort((a, b) => a - b));
  }
  return groups;
}

/** Gap without ink, in line heights, that ends a table's row sideways (as where ./recover.ts splits a band). */
const SIDE_GAP = 6;

/**
 * `box` widened to the ink of the page around it on its rows: left and right as long as ink continues
 * with no gap wider than `gap` (a table's rules and its first and last columns, which the blocks may miss).
 */
export function widenToInk(ink: InkImage, box: BBox, gap: number): BBox {
  const rows: [number, number] = [box[1], box[3]];
  // Leftwards a gap of `gap` empty columns ends the run, rightwards one of `gap + 1` (as it always has).
  const x0 = inkEdge(ink, rows, box[0], -1, gap - 1);
  const x1 = inkEdge(ink, rows, box[2] - 1, 1, gap) + 1;
  return [x0, box[1], x1, box[3]];
}

/**
 * The region read again for `members`: their blocks' union widened to the ink on its rows (see
 * {@link widenToInk}) and padded, within the page.
 */
function regionOf(blocks: OcrBlock[], members: Set<number>, ink: InkImage, lh: number): BBox {
  const pad = Math.round(lh * 0.3);
  const [x0, y0, x1, y1] = widenToInk(
    ink,
    union([...members].map((i) => (blocks[i] as OcrBlock).bbox)),
    lh * SIDE_GAP,
  );
  return [
    Math.max(0, x0 - pad),
    Math.max(0, y0 - pad),
    Math.min(ink.width, x1 + pad),
    Math.min(ink.height, y1 + pad),
  ];
}

/** What {@link readTablesByRow} did. */
export interface TableReading {
  blocks: OcrBlock[];
  /** Tables read again row by row (their blocks replaced). */
  tables: number;
}

/**
 * Reads again, as one block, the region of each table read column by column (see {@link tableGroups}):
 * the group's blocks widened to the ink beside them on their rows (see {@link widenToInk}); blocks whose
 * centre lies in that region join the group (a column the group missed, which the region reads), and
 * the region grows with them. Returns the blocks with each group replaced by one block of the region's
 * confident lines, in the place of its first block, unless that reads fewer letters and digits than the
 * group's confident lines. Confident without the page's height limit: a row read across the table is
 * taller than the single cells the page's line height comes from. `ink` is the page as tesseract
 * binarized it.
 */
export function readTablesByRow(blocks: OcrBlock[], read: RegionReader, ink: InkImage): TableReading {
  const groups = tableGroups(blocks);
  if (!groups.length) return { blocks, tables: 0 };
  const lh = lineHeight(blocks.flatMap((b) => b.lines));
  if (lh <= 0) return { blocks, tables: 0 };
  const replaced = new Map<number, OcrBlock | null>();
  for (const group of groups) {
    const members = new Set(group);
    let box = regionOf(blocks, members, ink, lh);
    for (let grew = true; grew; ) {
      grew = false;
      for (const [i, b] of blocks.entries())
        if (!members.has(i) && !replaced.has(i) && centreIn(b.bbox, box)) {
          members.add(i);
          grew = true;
        }
      if (grew) box = regionOf(blocks, members, ink, lh);
    }
    const own = [...members].sort((a, b) => a - b);
    const lines = read(box, false)
      .flatMap((b) => b.lines)
      .filter((l) => confident(l));
    const before = own.flatMap((i) => (blocks[i] as OcrBlock).lines).filter((l) => confident(l));
    if (!lines.length || letters(lines) < letters(before)) continue;
    const words = lines.flatMap((l) => l.words);
    const table: OcrBlock = {
      text: lines.map((l) => l.text).join('\n'),
      bbox: union(lines.map((l) => l.bbox)),
      confidence: Math.round((words.reduce((s, w) => s + w.confidence, 0) / words.length) * 100) / 100,
      lines,
    };
    for (const [k, i] of own.entries()) replaced.set(i, k === 0 ? table : null);
  }
  if (!replaced.size) return { blocks, tables: 0 };
  const out: OcrBlock[] = [];
  blocks.forEach((b, i) => {
    const r = replaced.get(i);
    if (r === undefined) out.push(b);
    else if (r) out.push(r);
  });
  return { blocks: out, tables: [...replaced.values()].filter(Boolean).length };
}
