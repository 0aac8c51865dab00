import { afterAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { join } from 'node:path';
import type { PageResult } from '../../../src/core/ocr/types.ts';
import { ocrEngines, testEngine } from '../../helpers/ocr-engines.ts';
import { convert, pangoText } from '../../helpers/pango.ts';
import { scanLike } from '../../helpers/scan-like.ts';
import { tempDir } from '../../helpers/server.ts';

/**
 * Real tesseract on a loaded machine: the embedded worker runs at nice +10, and this page (3 s idle) took
 * 36-42 s at load 7-16. The engine has no page timeout (testEngine), so only this bounds the test.
 */
const REAL_OCR_TIMEOUT_MS = 600_000;
setDefaultTimeout(REAL_OCR_TIMEOUT_MS);

/** The page's lines, top to bottom. The third is the one a stamp lies on. */
const LINES = [
  'บริษัท สยามเทค จำกัด ใบแจ้งหนี้',
  'ก๊อกน้ำ 12 ชิ้น ราคา 450 บาท',
  'ผู้รับเงิน ได้รับสินค้าครบถ้วนแล้ว',
  'หมายเหตุ ชำระเงินภายในสามสิบวัน',
] as const;
const STAMPED = 2;
/** The words of the stamped line left of the stamp: they are on the page, clear of it. */
const CLEAR_OF_STAMP = ['ผู้รับเงิน', 'ได้รับสินค้า'];

const dir = tempDir('ocr-recover-');
afterAll(() => dir.cleanup());

/**
 * A 200 dpi page of LINES (Garuda 14 pt, shaped by Pango) with a red rubber stamp, turned 10°, over the
 * right half of the third line: tesseract's automatic page segmentation takes that line for part of
 * the stamp's graphic and leaves it out of the page's text (checked with `tesseract --psm 3`).
 */
function stampedPage(): string {
  const layers = LINES.flatMap((text, i) => {
    const file = join(dir.path, `line${i}.png`);
    pangoText(text, file, 14);
    return [file, '-geometry', `+100+${80 + i * 150}`, '-composite'];
  });
  const stamp = join(dir.path, 'stamp.png');
  pangoText("<span foreground='#a22'>ชำระเงินแล้ว</span>", stamp, 16);
  convert([
    stamp,
    '-bordercolor',
    'white',
    '-border',
    '14',
    '-bordercolor',
    '#a22',
    '-border',
    '5',
    '-rotate',
    '-10',
    stamp,
  ]);
  return scanLike(
    [
      '-size',
      '1600x700',
      'xc:white',
      ...layers,
      stamp,
      '-geometry',
      `+300+${80 + STAMPED * 150 - 35}`,
      '-compose',
      'multiply',
      '-composite',
    ],
    join(dir.path, 'stamped.png'),
    { depth: null },
  );
}

describe.each(ocrEngines())('text the page segmentation drops, %s engine', (kind) => {
  const engine = testEngine(kind);
  afterAll(() => engine.close());

  test(
    'a line under a rubber stamp is read again: its words clear of the stamp are in the text, in reading order',
    async () => {
      const [page] = (await engine.recognize({ path: stampedPage(), mime: 'image/png' })) as [PageResult];
      // A page the engine gave up on says why (it would otherwise only show as missing lines).
      expect(page.error).toBeUndefined();
      const lines = page.text
        .split('\n')
        .map((l) => l.replace(/\s+/g, ' ').trim())
        .filter(Boolean);
      const at = lines.findIndex((l) => l.startsWith(CLEAR_OF_STAMP.join(' ')));
      expect(lines[at]).toStartWith(CLEAR_OF_STAMP.join(' '));
      // Between the lines printed above and below it.
      expect(lines.findIndex((l) => l.endsWith('450 บาท'))).toBe(at - 1);
      expect(lines.findIndex((l) => l.startsWith('หมายเหตุ'))).toBe(at + 1);
    },
    REAL_OCR_TIMEOUT_MS,
  );
});
