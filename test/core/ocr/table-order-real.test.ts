import { afterAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { join } from 'node:path';
import type { PageResult } from '../../../src/core/ocr/types.ts';
import { orderKey as key } from '../../helpers/cer.ts';
import { ocrEngines, testEngine } from '../../helpers/ocr-engines.ts';
import { pangoText } from '../../helpers/pango.ts';
import { scanLike } from '../../helpers/scan-like.ts';
import { tempDir } from '../../helpers/server.ts';

/** Real tesseract on a loaded machine (see recover-real.test.ts): only this bounds the test. */
const REAL_OCR_TIMEOUT_MS = 600_000;
setDefaultTimeout(REAL_OCR_TIMEOUT_MS);

/** A Thai invoice table: header and three rows of four cells (number, item, quantity, amount). */
const ROWS = [
  ['ลำดับ', 'รายการ', 'จำนวน', 'จำนวนเงิน'],
  ['1', 'ก๊อกน้ำสแตนเลส', '12', '5,400.00'],
  ['2', 'สายยางรดน้ำ', '3', '1,250.50'],
  ['3', 'ค่าติดตั้งระบบ', '1', '980.00'],
] as const;
/** Left edge of each column and the table's right edge, in pixels at 200 dpi. */
const COLUMNS = [60, 260, 900, 1160, 1500] as const;
const ROW_HEIGHT = 90;
const TOP = 60;

const dir = tempDir('ocr-table-order-');
afterAll(() => dir.cleanup());

/**
 * A 200 dpi page with ROWS as a ruled table (Garuda 14 pt, shaped by Pango; 1 px gray rules, wide gaps
 * between the item and quantity columns), turned 0.8° as a scanner leaves it.
 */
function tablePage(): string {
  const cells = ROWS.flatMap((row, r) =>
    row.flatMap((text, c) => {
      const file = join(dir.path, `cell${r}-${c}.png`);
      pangoText(r === 0 ? `<b>${text}</b>` : text, file, 14);
      return [
        file,
        '-geometry',
        `+${(COLUMNS[c] as number) + 15}+${TOP + r * ROW_HEIGHT + 12}`,
        '-composite',
      ];
    }),
  );
  const bottom = TOP + ROWS.length * ROW_HEIGHT;
  const rules = [
    ...ROWS.map((_, r) => `line ${COLUMNS[0]},${TOP + r * ROW_HEIGHT} ${COLUMNS[4]},${TOP + r * ROW_HEIGHT}`),
    `line ${COLUMNS[0]},${bottom} ${COLUMNS[4]},${bottom}`,
    ...COLUMNS.map((x) => `line ${x},${TOP} ${x},${bottom}`),
  ];
  return scanLike(
    [
      '-size',
      '1600x500',
      'xc:white',
      '-stroke',
      '#888888',
      '-strokewidth',
      '1',
      ...rules.flatMap((r) => ['-draw', r]),
      '-stroke',
      'none',
      ...cells,
    ],
    join(dir.path, 'table.png'),
    { turn: 0.8 },
  );
}

describe.each(ocrEngines())('a table read row by row, %s engine', (kind) => {
  const engine = testEngine(kind);
  afterAll(() => engine.close());

  test('each row of a ruled Thai table comes out on one line, its cells left to right, rows top to bottom', async () => {
    const [page] = (await engine.recognize({ path: tablePage(), mime: 'image/png' })) as [PageResult];
    expect(page.error).toBeUndefined();
    const lines = page.text.split('\n').map(key).filter(Boolean);
    const rowLines = ROWS.map((row) =>
      lines.findIndex((l) => l.includes(key(row[1])) && l.includes(key(row[3]))),
    );
    expect(rowLines.every((i) => i >= 0)).toBe(true);
    expect([...rowLines].sort((a, b) => a - b)).toEqual(rowLines);
    for (const [r, row] of ROWS.entries()) {
      const line = lines[rowLines[r] as number] as string;
      let from = 0;
      const at = row.map((cell) => {
        const i = line.indexOf(key(cell), from);
        if (i >= 0) from = i + key(cell).length;
        return i;
      });
      expect(at).not.toContain(-1);
    }
    // The cells layout analysis lost when it read the table column by column come back.
    expect(lines.some((l) => l.includes(key('ลำดับ')))).toBe(true);
    expect(lines.some((l) => l.includes('5,400.00'))).toBe(true);
  });
});
