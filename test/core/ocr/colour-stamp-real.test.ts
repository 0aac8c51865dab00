import { afterAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { join } from 'node:path';
import type { PageResult } from '../../../src/core/ocr/types.ts';
import { ocrEngines, testEngine } from '../../helpers/ocr-engines.ts';
import { tempDir } from '../../helpers/server.ts';

/** Real tesseract on a loaded machine (see recover-real.test.ts): only this bounds the test. */
const REAL_OCR_TIMEOUT_MS = 600_000;
setDefaultTimeout(REAL_OCR_TIMEOUT_MS);

const LINES = [
  'บริษัท สยามเทค จำกัด ใบแจ้งหนี้',
  'ผู้รับเงิน ได้รับสินค้าครบถ้วนแล้ว',
  'หมายเหตุ ชำระเงินภายในสามสิบวัน',
] as const;
/** The second line, whose right half the stamp's ink covers. */
const STAMPED_LINE = 'ผู้รับเงิน ได้รับสินค้าครบถ้วนแล้ว';

const dir = tempDir('ocr-colour-stamp-');
afterAll(() => dir.cleanup());

function run(args: string[]): void {
  const p = Bun.spawnSync(['convert', ...args]);
  if (p.exitCode !== 0) throw new Error(`convert failed: ${p.stderr.toString()}`);
}

/**
 * A 200 dpi colour page of LINES (Garuda 14 pt, shaped by Pango) with a bold red rubber stamp, turned
 * 10°, printed over (multiplied onto) the words `สินค้าครบถ้วนแล้ว` of the second line. Converted to
 * plain luminance the stamp is as dark as the text: native `tesseract -l tha+eng` reads that part as
 * `นค๊าครบถัจนุแล้ด` on a line of its own (checked by hand).
 */
function colourStampedPage(): string {
  const pango = (markup: string, out: string, points: number) =>
    run([
      '-background',
      'white',
      '-density',
      '200',
      '-font',
      'Garuda',
      '-pointsize',
      String(points),
      `pango:${markup}`,
      out,
    ]);
  const layers = LINES.flatMap((text, i) => {
    const file = join(dir.path, `line${i}.png`);
    pango(text, file, 14);
    return [file, '-geometry', `+100+${80 + i * 150}`, '-composite'];
  });
  const stamp = join(dir.path, 'stamp.png');
  pango("<span foreground='#c02020' weight='bold'>ชำระเงินแล้ว</span>", stamp, 20);
  run([
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
  run([
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

describe.each(ocrEngines())('a coloured stamp over text, %s engine', (kind) => {
  const engine = testEngine(kind);
  afterAll(() => engine.close());

  test('the words under a red rubber stamp are read: the stamped line comes back whole', async () => {
    const [page] = (await engine.recognize({ path: colourStampedPage(), mime: 'image/png' })) as [PageResult];
    expect(page.error).toBeUndefined();
    const lines = page.text
      .split('\n')
      .map((l) => l.replace(/\s+/g, ' ').trim())
      .filter(Boolean);
    expect(lines).toContain(STAMPED_LINE);
  });
});
