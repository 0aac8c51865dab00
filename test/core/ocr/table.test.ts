import { describe, expect, test } from 'bun:test';
import type { RegionReader } from '../../../src/core/ocr/recover.ts';
import { readTablesByRow, tableGroups, widenToInk } from '../../../src/core/ocr/table.ts';
import { block, inkPage, line, texts } from '../../helpers/ocr-layout.ts';
import type { BBox, OcrLine } from '../../../src/core/ocr/types.ts';

/** A reader that answers `lines` as one block and records the boxes asked for. */
function reader(lines: OcrLine[]): RegionReader & { boxes: BBox[] } {
  const boxes: BBox[] = [];
  const read: RegionReader = (box) => {
    boxes.push(box);
    return [block(...lines)];
  };
  return Object.assign(read, { boxes });
}

/** Two columns of prose, their lines side by side at the same heights (tesseract: one block per column). */
const prose = [
  block(
    line('left column first line', [50, 100, 450, 130]),
    line('left column second line', [50, 140, 450, 170]),
    line('left column third line', [50, 180, 450, 210]),
  ),
  block(
    line('right column first line', [550, 100, 950, 130]),
    line('right column second line', [550, 140, 950, 170]),
    line('right column third line', [550, 180, 950, 210]),
  ),
];

/**
 * A table as tesseract's page layout read it (the ruled Thai table of table-order-real.test.ts): the
 * item column as blocks of one line each, the quantity and amount columns as one block beside them.
 */
const columnByColumn = [
  block(line('รายการ', [266, 93, 412, 139])),
  block(line('ก๊อกน้ำ', [282, 160, 547, 229])),
  block(line('สายยาง', [280, 258, 486, 321])),
  block(
    line('จำนวน จำนวนเงิน', [776, 92, 1372, 150]),
    line('12', [870, 163, 920, 226]),
    line('3 1,250.50', [920, 287, 1330, 325]),
  ),
];
const rows = [
  line('ลำดับ รายการ จำนวน จำนวนเงิน', [66, 80, 1367, 151]),
  line('1 ก๊อกน้ำ 12 5,400.00', [65, 164, 1506, 235]),
  line('2 สายยาง 3 1,250.50', [79, 275, 1330, 325]),
];

describe('tableGroups', () => {
  test('two columns of prose, lines side by side, are no table', () => {
    expect(tableGroups(prose)).toEqual([]);
  });

  test('a column of one-line blocks beside the lines of another block is a table with that block', () => {
    expect(tableGroups(columnByColumn)).toEqual([[0, 1, 2, 3]]);
  });
});

describe('readTablesByRow', () => {
  const ink = inkPage(1600, 500, [[60, 240, 1500, 242]]);

  test('two columns of prose are left as they are and nothing is read again', () => {
    const read = reader(rows);
    const out = readTablesByRow(prose, read, ink);
    expect(out.tables).toBe(0);
    expect(out.blocks).toBe(prose);
    expect(read.boxes).toEqual([]);
  });

  test("a table read column by column is read again as one block, widened to its rows' ink, row by row", () => {
    const read = reader(rows);
    const out = readTablesByRow(columnByColumn, read, ink);
    expect(out.tables).toBe(1);
    expect(texts(out.blocks)).toEqual(rows.map((l) => l.text));
    const [box] = read.boxes as [BBox];
    expect(box[0]).toBeLessThanOrEqual(60);
    expect(box[2]).toBeGreaterThanOrEqual(1500);
  });

  test("a column the table's blocks missed, inside the region read, goes with them (read in its rows)", () => {
    const missed = block(line('Total', [1400, 235, 1500, 255]));
    const read = reader(rows);
    const out = readTablesByRow([...columnByColumn, missed], read, ink);
    expect(out.tables).toBe(1);
    expect(texts(out.blocks)).toEqual(rows.map((l) => l.text));
  });

  test('a reading with fewer letters than the blocks keeps the blocks', () => {
    const out = readTablesByRow(columnByColumn, reader([line('12', [870, 163, 920, 226])]), ink);
    expect(out.tables).toBe(0);
    expect(texts(out.blocks)).toEqual(texts(columnByColumn));
  });
});

describe('widenToInk', () => {
  test('follows ink on the rows of the box sideways across gaps up to `gap`, no further', () => {
    const ink = inkPage(1000, 100, [
      [100, 10, 110, 40],
      [300, 10, 400, 40],
      [480, 10, 490, 40],
      [900, 10, 910, 40],
      [0, 80, 1000, 90],
    ]);
    expect(widenToInk(ink, [300, 10, 400, 40], 100)).toEqual([300, 10, 490, 40]);
    expect(widenToInk(ink, [300, 10, 400, 40], 200)).toEqual([100, 10, 490, 40]);
  });
});
