import { afterAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openLibraries, TessHandle } from '../../../src/core/ocr/libtesseract.ts';
import { nativeTesseractVersion } from '../../../src/core/ocr/native.ts';
import { encodePgm, type GrayImage } from '../../../src/core/ocr/raster.ts';
import { pageWithoutRules } from '../../../src/core/ocr/rule-free.ts';
import { tessdataDir } from '../../../src/core/ocr/traineddata.ts';
import { convert, pangoText } from '../../helpers/pango.ts';
import { scanLike } from '../../helpers/scan-like.ts';
import { tempDir } from '../../helpers/server.ts';

setDefaultTimeout(300_000);

/** A ruled table as invoices print it: header and two rows of five cells. */
const ROWS = [
  ['#', 'Description', 'Qty', 'Unit Price', 'Amount'],
  ['1', 'ค่าขนส่งสินค้า', '5', '5,232.33', '26,161.65'],
  ['2', 'Office chair', '10', '219.88', '2,198.80'],
] as const;
const COLUMNS = [60, 170, 760, 900, 1180, 1480] as const;
const ROW_HEIGHT = 80;
const TOP = 60;

const dir = tempDir('ocr-rule-free-');
afterAll(() => dir.cleanup());

/** The table at 200 dpi (Garuda 12 pt, 3 px dark rules), turned 0.6° and softened as a scanner leaves it. */
function tablePage(): string {
  const cells = ROWS.flatMap((row, r) =>
    row.flatMap((text, c) => {
      const file = join(dir.path, `cell${r}-${c}.png`);
      pangoText(r === 0 ? `<b>${text}</b>` : text, file, 12);
      return [
        file,
        '-geometry',
        `+${(COLUMNS[c] as number) + 14}+${TOP + r * ROW_HEIGHT + 14}`,
        '-composite',
      ];
    }),
  );
  const bottom = TOP + ROWS.length * ROW_HEIGHT;
  const rules = [
    ...[0, 1, 2, 3].map(
      (r) => `line ${COLUMNS[0]},${TOP + r * ROW_HEIGHT} ${COLUMNS[5]},${TOP + r * ROW_HEIGHT}`,
    ),
    ...COLUMNS.map((x) => `line ${x},${TOP} ${x},${bottom}`),
  ];
  const draw = rules.flatMap((r) => ['-draw', r]);
  return scanLike(
    [
      '-size',
      '1560x400',
      'xc:white',
      ...cells,
      '-fill',
      'none',
      '-stroke',
      '#222222',
      '-strokewidth',
      '3',
      ...draw,
    ],
    join(dir.path, 'table.png'),
    { turn: 0.6, blur: '0x0.5' },
  );
}

/** The page as 8-bit gray pixels. */
function grayOf(png: string): GrayImage {
  const raw = join(dir.path, 'page.gray');
  convert([png, '-depth', '8', `gray:${raw}`]);
  const size = Bun.spawnSync(['identify', '-format', '%w %h', png]).stdout.toString().split(' ').map(Number);
  return { width: size[0] as number, height: size[1] as number, data: new Uint8Array(readFileSync(raw)) };
}

const native = nativeTesseractVersion() !== null || process.env.REQUIRE_NATIVE_TESSERACT === '1';

describe.if(native)('regions read again from the page without its rules (libtesseract)', () => {
  test('each row of a ruled table, read again as a block from rule to rule, gives its cells without rule glyphs', async () => {
    const page = grayOf(tablePage());
    const clean = pageWithoutRules(page, 40) as GrayImage;
    expect(clean).toBeDefined();
    const libs = openLibraries();
    if (!libs) throw new Error('libtesseract 5 and leptonica are not installed');
    const api = new TessHandle(libs.lib, libs.lept);
    try {
      api.init(await tessdataDir(['tha', 'eng']), 'tha+eng', 1);
      api.set('tessedit_pageseg_mode', '6');
      api.set('user_defined_dpi', '200');
      api.setImage(encodePgm(clean));
      for (const [r, row] of ROWS.entries()) {
        // From just above the row's top rule to just below its bottom one, the table's width and more.
        const y0 = TOP + r * ROW_HEIGHT - 12;
        api.setRectangle(40, y0, 1500, ROW_HEIGHT + 24);
        api.recognize();
        const text = api.text().replace(/\s+/g, ' ').trim();
        expect(text).not.toMatch(/[|[\]]/);
        let from = 0;
        for (const cell of row) {
          const at = text.indexOf(cell, from);
          expect({ cell, text, found: at >= 0 }).toEqual({ cell, text, found: true });
          from = at + cell.length;
        }
      }
    } finally {
      api.delete();
    }
  });
});
