import { afterAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { join } from 'node:path';
import type { PageResult } from '../../../src/core/ocr/types.ts';
import { ocrEngines, testEngine } from '../../helpers/ocr-engines.ts';
import { convert } from '../../helpers/pango.ts';
import { tempDir } from '../../helpers/server.ts';

/** Real tesseract on a loaded machine (see recover-real.test.ts): only this bounds the test. */
const REAL_OCR_TIMEOUT_MS = 600_000;
setDefaultTimeout(REAL_OCR_TIMEOUT_MS);

/**
 * A Thai letter's reference, date, amount and phone in Thai digits. Read as they are, tesseract (tha+eng,
 * checked by hand with the tesseract command line) knows only ๐ ๑ ๒ ๓ ๕ of the digits: `๒๕๖๙` comes out
 * as `๒๕๒๓`, `๑๗/๐๖` as `๑ฒ/๐อ`.
 */
const NUMBERS = ['๐๒๑/๒๕๖๙', '๑๗/๐๖/๒๕๖๙', '๔๕,๔๕๔.๖๘', '๐-๒๘๓๑-๘๖๕๑'] as const;
const LINES = [
  `ที่ ทส ${NUMBERS[0]}`,
  `วันที่ ${NUMBERS[1]}`,
  `จำนวนเงิน ${NUMBERS[2]} บาท`,
  `โทร. ${NUMBERS[3]}`,
  'พ.ศ.๒๕๖๙ มาตรา ๔๗',
];
/** Dates as a Thai letter heads them: a lone digit is read again only as a date's day, beside a month name. */
const DATES = ['๗ มิถุนายน ๒๕๖๙', '๙ สิงหาคม ๒๕๖๘'];

const dir = tempDir('ocr-thai-digits-');
afterAll(() => dir.cleanup());

/** `lines` in `font` at `points` pt and `dpi`, the page turned 0.4° and slightly blurred. */
function page(font: string, points: number, dpi: number, lines = LINES): string {
  const out = join(dir.path, `${font}-${dpi}-${lines.length}.png`);
  convert(
    ['-background', 'white', '-density', String(dpi), '-font', font, '-pointsize', String(points)].concat([
      `pango:${lines.join('\n\n')}`,
      '-bordercolor',
      'white',
      '-border',
      '60',
      '-rotate',
      '0.4',
      '-blur',
      '0x0.5',
      '-colorspace',
      'Gray',
      '-units',
      'PixelsPerInch',
      '-density',
      String(dpi),
      out,
    ]),
  );
  return out;
}

describe.each(ocrEngines())('numbers in Thai digits read glyph by glyph, %s engine', (kind) => {
  const engine = testEngine(kind);
  afterAll(() => engine.close());

  test.each([
    ['Garuda', 11, 300],
    ['Kinnari', 12, 300],
    ['Laksaman', 16, 200],
  ] as const)('%s %i pt at %i dpi: every digit as printed', async (font, points, dpi) => {
    const [result] = (await engine.recognize({ path: page(font, points, dpi), mime: 'image/png' })) as [
      PageResult,
    ];
    const words = result.blocks.flatMap((b) => b.lines.flatMap((l) => l.words.map((w) => w.text)));
    for (const number of NUMBERS) expect(words).toContain(number);
    expect(result.text).toContain('พ.ศ.');
  });

  test('a date with its month in words: the day, one digit, and the year', async () => {
    const [result] = (await engine.recognize({
      path: page('Garuda', 11, 300, DATES),
      mime: 'image/png',
    })) as [PageResult];
    for (const date of DATES) expect(result.text).toContain(date);
  });
});
