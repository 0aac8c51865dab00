import { afterAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { join } from 'node:path';
import type { PageResult } from '../../../src/core/ocr/types.ts';
import { ocrEngines, testEngine } from '../../helpers/ocr-engines.ts';
import { convert, pangoText } from '../../helpers/pango.ts';
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

const dir = tempDir('ocr-gray-stamp-');
afterAll(() => dir.cleanup());

/**
 * The page of colour-stamp-real.test.ts scanned in gray: LINES (Garuda 14 pt, shaped by Pango) at 200
 * dpi with a bold red rubber stamp, turned 10°, printed over the words `สินค้าครบถ้วนแล้ว` of the
 * second line, then converted to 8-bit gray, so the stamp is a mid-gray ink (about 80) over black text
 * and no colour tells it apart.
 */
function grayStampedPage(): string {
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
  const out = join(dir.path, 'stamped.png');
  convert([
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
    '-colorspace',
    'Gray',
    '-depth',
    '8',
    '-units',
    'PixelsPerInch',
    '-density',
    '200',
    out,
  ]);
  return out;
}

describe.each(ocrEngines())('a stamp scanned in gray over text, %s engine', (kind) => {
  const engine = testEngine(kind);
  afterAll(() => engine.close());

  test('the words under a mid-gray stamp are read: they come back on the stamped line, in order', async () => {
    const [page] = (await engine.recognize({ path: grayStampedPage(), mime: 'image/png' })) as [PageResult];
    expect(page.error).toBeUndefined();
    const lines = page.text
      .split('\n')
      .map((l) => l.replace(/\s+/g, ' ').trim())
      .filter(Boolean);
    const stamped = (lines.find((l) => l.startsWith('ผู้รับ')) ?? '').replace(/\s+/g, '');
    const at = STAMPED_WORDS.map((w) => stamped.indexOf(w));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect(at).toEqual([...at].sort((a, b) => a - b));
    expect(page.text.replace(/\s+/g, '')).toContain('หมายเหตุชำระเงินภายในสามสิบวัน');
  });
});
