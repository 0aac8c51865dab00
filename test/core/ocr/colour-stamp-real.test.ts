import { afterAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { join } from 'node:path';
import type { PageResult } from '../../../src/core/ocr/types.ts';
import { ocrEngines, testEngine } from '../../helpers/ocr-engines.ts';
import { convert, pangoText } from '../../helpers/pango.ts';
import { scanLike } from '../../helpers/scan-like.ts';
import { tempDir } from '../../helpers/server.ts';

/** Real tesseract on a loaded machine (see recover-real.test.ts): only this bounds the test. */
const REAL_OCR_TIMEOUT_MS = 600_000;
setDefaultTimeout(REAL_OCR_TIMEOUT_MS);

const LINES = [
  'บริษัท สยามเทค จำกัด ใบแจ้งหนี้',
  'ผู้รับเงิน ได้รับสินค้าครบถ้วนแล้ว',
  'หมายเหตุ ชำระเงินภายในสามสิบวัน',
] as const;
/** The words of the second line, whose right half the stamp's ink covers. */
const STAMPED_WORDS = ['ผู้รับเงิน', 'ได้รับ', 'สินค้าครบ', 'ถ้วนแล้ว'];

const dir = tempDir('ocr-colour-stamp-');
afterAll(() => dir.cleanup());

/**
 * A 200 dpi page of LINES (Garuda 14 pt, shaped by Pango) with a bold red rubber stamp, turned 10°,
 * printed over (multiplied onto) the words `สินค้าครบถ้วนแล้ว` of the second line, scanned in colour or
 * in 8-bit gray. In colour, converted to plain luminance, the stamp is as dark as the text: native
 * `tesseract -l tha+eng` reads that part as `นค๊าครบถัจนุแล้ด` on a line of its own (checked by hand). In
 * gray the stamp is a mid-gray ink (about 80) over black text and no colour tells it apart.
 */
function stampedPage(colour: boolean): string {
  const layers = LINES.flatMap((text, i) => {
    const file = join(dir.path, `line${i}.png`);
    pangoText(text, file, 14);
    return [file, '-geometry', `+100+${80 + i * 150}`, '-composite'];
  });
  const stamp = join(dir.path, 'stamp.png');
  pangoText("<span foreground='#c02020' weight='bold'>ชำระเงินแล้ว</span>", stamp, 20);
  convert([
    stamp,
    '-bordercolor',
    'white',
    '-border',
    '14',
    '-bordercolor',
    '#c02020',
    '-border',
    '6',
    '-rotate',
    '-10',
    stamp,
  ]);
  return scanLike(
    [
      '-size',
      '1600x550',
      'xc:white',
      ...layers,
      stamp,
      '-geometry',
      '+330+185',
      '-compose',
      'multiply',
      '-composite',
    ],
    join(dir.path, colour ? 'stamped-colour.png' : 'stamped-gray.png'),
    { colour },
  );
}

/**
 * A 200 dpi colour page whose title is red (#c00000, Word's dark red) and whose company name is blue
 * (#0070c0), above a black line: the colour is content, with no text under it.
 */
function colouredHeadingsPage(): string {
  const parts: [string, number][] = [
    ["<span foreground='#c00000' weight='bold'>ใบกำกับภาษี</span>", 22],
    ["<span foreground='#0070c0'>บริษัท สยามเทค จำกัด</span>", 16],
    ['ผู้รับเงิน ได้รับสินค้าครบถ้วนแล้ว', 14],
  ];
  const layers = parts.flatMap(([markup, points], i) => {
    const file = join(dir.path, `heading${i}.png`);
    pangoText(markup, file, points);
    return [file, '-geometry', `+100+${80 + i * 150}`, '-composite'];
  });
  return scanLike(['-size', '1600x550', 'xc:white', ...layers], join(dir.path, 'headings.png'), {
    colour: true,
  });
}

/**
 * The stamp's own words clear of the text are content and may be read beside it; the covered words must
 * come back on the stamped line, in order (without the dropout they are a garbled line of their own).
 */
function expectStampedLineInOrder(text: string): void {
  const lines = text
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  const stamped = (lines.find((l) => l.startsWith('ผู้รับ')) ?? '').replace(/\s+/g, '');
  const at = STAMPED_WORDS.map((w) => stamped.indexOf(w));
  expect(at.every((i) => i >= 0)).toBe(true);
  expect(at).toEqual([...at].sort((a, b) => a - b));
}

describe.each(ocrEngines())('a coloured stamp over text, %s engine', (kind) => {
  const engine = testEngine(kind);
  afterAll(() => engine.close());

  test('the words under a red rubber stamp are read: they come back on the stamped line, in order', async () => {
    const [page] = (await engine.recognize({ path: stampedPage(true), mime: 'image/png' })) as [PageResult];
    expect(page.error).toBeUndefined();
    expectStampedLineInOrder(page.text);
  });

  test('coloured titles and letterheads away from any stamp are read like black text', async () => {
    const [page] = (await engine.recognize({ path: colouredHeadingsPage(), mime: 'image/png' })) as [
      PageResult,
    ];
    expect(page.error).toBeUndefined();
    const text = page.text.replace(/\s+/g, ' ');
    expect(text).toContain('ใบกำกับภาษี');
    expect(text).toContain('สยามเทค');
  });
});

describe.each(ocrEngines())('a stamp scanned in gray over text, %s engine', (kind) => {
  const engine = testEngine(kind);
  afterAll(() => engine.close());

  test('the words under a mid-gray stamp are read: they come back on the stamped line, in order', async () => {
    const [page] = (await engine.recognize({ path: stampedPage(false), mime: 'image/png' })) as [PageResult];
    expect(page.error).toBeUndefined();
    expectStampedLineInOrder(page.text);
    expect(page.text.replace(/\s+/g, '')).toContain('หมายเหตุชำระเงินภายในสามสิบวัน');
  });
});
