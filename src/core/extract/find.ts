/**
 * Label/value lookup over a {@link Layout}: where a label is, and the text that follows it in the same
 * cell, in the next cell to the right, or in the cell below (labels above values).
 */
import type { BBox } from '../ocr/types.ts';
import { buildText, type Cell, type Layout, matchCell, type Row } from './layout.ts';

export interface LabelHit {
  row: Row;
  cell: Cell;
  /** Index of the cell in its row. */
  col: number;
  /** Compact offsets of the label in the cell. */
  start: number;
  end: number;
  /** The row of the label's first line when the label wrapped onto `row` (`cell` then joins both lines). */
  above?: Row;
}

/** A candidate value: its text and where it is. */
export interface ValueSpot {
  text: string;
  cell: Cell;
  /** How the value sits relative to its label. */
  where: 'same' | 'right' | 'below';
}

/** Every cell whose compact text matches `label` (first match per cell). */
export function findLabels(layout: Layout, label: RegExp): LabelHit[] {
  const hits: LabelHit[] = [];
  for (const row of layout.rows) {
    row.cells.forEach((cell, col) => {
      const m = matchCell(cell, label);
      if (m) hits.push({ row, cell, col, ...m });
      else {
        const wrapped = wrappedLabel(layout, row, cell, label);
        if (wrapped) hits.push(wrapped);
      }
    });
  }
  return hits;
}

/**
 * A label that wrapped inside a narrow header cell (`Valid` over `Until`, `วันครบ` over `กำหนด`): the
 * cell joined with the short line right under it, when only the two lines together match.
 */
function wrappedLabel(layout: Layout, row: Row, cell: Cell, label: RegExp): LabelHit | undefined {
  const next = layout.rows[row.index + 1];
  if (!next || next.page !== row.page || next.bbox[1] - cell.bbox[3] > layout.lineHeight * 0.6)
    return undefined;
  const col = next.cells.findIndex((c) => overlapX(c.bbox, cell.bbox) > 0 && c.compact.length <= 15);
  const below = next.cells[col];
  if (!below || Math.abs(below.bbox[0] - cell.bbox[0]) > layout.lineHeight) return undefined;
  const joined: Cell = {
    page: cell.page,
    tokens: [...cell.tokens, ...below.tokens],
    bbox: [
      Math.min(cell.bbox[0], below.bbox[0]),
      cell.bbox[1],
      Math.max(cell.bbox[2], below.bbox[2]),
      below.bbox[3],
    ],
    confidence: Math.min(cell.confidence, below.confidence),
    ...buildText([
      { text: cell.text, space: false },
      { text: below.text, space: true },
    ]),
  };
  const m = matchCell(joined, label);
  if (!m || m.end <= cell.compact.length) return undefined;
  return { row: next, cell: joined, col, ...m, above: row };
}

/** Display text of a cell from a compact offset to the end (or to another compact offset). */
export function displayFrom(cell: Cell, start: number, end = cell.compact.length): string {
  return cell.text.slice(cell.map[start] ?? cell.text.length, cell.map[end] ?? cell.text.length);
}

/** Strips the separators and repeated labels that sit between a label and its value. */
export function stripLeading(text: string, again?: RegExp): string {
  let out = text;
  for (let i = 0; i < 4; i++) {
    const before = out;
    out = out.replace(/^(?:[\s:：;.\-–—/()[\]_]|\|(?![A-Z]{2}))+/, '');
    if (again) {
      const m = new RegExp(`^(?:${again.source})`, again.flags.replace('g', '')).exec(
        out.replace(/\s+/g, ' '),
      );
      if (m?.[0]) out = out.slice(Math.min(out.length, m[0].length));
    }
    if (out === before) break;
  }
  return out.trim();
}

/**
 * How far below a value cut after a separator (`INV-2026-`, `11-Nov-`) its rest may stand, in line
 * heights: a cell with loose line spacing puts more than a line between the two.
 */
export const WRAPPED_CUT_GAP = 1.6;

const overlapX = (a: BBox, b: BBox) => Math.min(a[2], b[2]) - Math.max(a[0], b[0]);

/**
 * The first cell below (step 1) or above (step -1) `hit` that overlaps it horizontally, within `maxRows`
 * rows that print something there. Rows that leave its column empty (other columns' header cells that
 * wrapped onto more lines: `Original` / `Invoice` / `No.` beside a one-line `No.`) are passed over while
 * they stay within `maxRows + 1` line pitches (1.5 line heights each) of it.
 */
export function cellBelow(
  layout: Layout,
  hit: { row: Row; cell: Cell },
  maxRows = 2,
  step: 1 | -1 = 1,
): Cell | undefined {
  const reach = (maxRows + 1) * 1.5 * layout.lineHeight;
  let rows = 0;
  for (let i = hit.row.index + step; rows < maxRows; i += step) {
    const row = layout.rows[i];
    if (!row || row.page !== hit.row.page) return undefined;
    const c = row.cells.find((x) => overlapX(x.bbox, hit.cell.bbox) > 0);
    if (c) return c;
    const distance = step === 1 ? row.bbox[1] - hit.cell.bbox[3] : hit.cell.bbox[1] - row.bbox[3];
    if (distance > reach) rows++;
  }
  return undefined;
}

/**
 * Where the value of a label may be, best first: the rest of the label's cell, the next cells to the
 * right on the same row, then the cell below (past a line that only continues the label, such as the
 * English half of a bilingual label wrapped under the Thai one).
 */
export function valueSpots(layout: Layout, hit: LabelHit, again?: RegExp): ValueSpot[] {
  const spots: ValueSpot[] = [];
  const same = stripLeading(displayFrom(hit.cell, hit.end), again);
  if (same) spots.push({ text: same, cell: hit.cell, where: 'same' });
  for (const cell of hit.row.cells.slice(hit.col + 1, hit.col + 3)) {
    const text = stripLeading(cell.text, again);
    if (text) spots.push({ text, cell, where: 'right' });
  }
  const beside = hit.row.cells.length > hit.col + 1 ? undefined : besideBetweenRows(layout, hit);
  if (beside) spots.push({ text: stripLeading(beside.text, again), cell: beside, where: 'right' });
  let from: { row: Row; cell: Cell } = hit;
  for (let k = 0; k < 2; k++) {
    const below = cellBelow(layout, from);
    if (!below) break;
    const text = stripLeading(below.text, again);
    if (text) {
      spots.push({ text, cell: below, where: 'below' });
      break;
    }
    const row = layout.rows.find((r) => r.cells.includes(below));
    if (!row) break;
    from = { row, cell: below };
  }
  return spots;
}

/**
 * The value to the right of a label that sits between two rows: a bilingual label on two lines (Thai
 * over English) with its value centred beside them, so the value's line overlaps the label's vertically
 * but was grouped with the line above or below.
 */
function besideBetweenRows(layout: Layout, hit: LabelHit): Cell | undefined {
  const [, top, right, bottom] = hit.cell.bbox;
  let best: Cell | undefined;
  for (const k of [-1, 1]) {
    const row = layout.rows[hit.row.index + k];
    if (!row || row.page !== hit.row.page) continue;
    for (const c of row.cells)
      if (c.bbox[0] >= right && c.bbox[1] < bottom && c.bbox[3] > top && (!best || c.bbox[0] < best.bbox[0]))
        best = c;
  }
  return best;
}

/** Confidence of a value read from a spot: position relative to the label times OCR confidence. */
export function spotConfidence(spot: ValueSpot, base = 0.95): number {
  const where = { same: 1, right: 0.97, below: 0.85 }[spot.where];
  return Math.round(base * where * Math.min(1, 0.4 + spot.cell.confidence * 0.6) * 1000) / 1000;
}
