import { afterAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { join } from 'node:path';
import type { PageResult } from '../../../src/core/ocr/types.ts';
import { ocrEngines, testEngine } from '../../helpers/ocr-engines.ts';
import { pangoText } from '../../helpers/pango.ts';
import { scanLike } from '../../helpers/scan-like.ts';
import { tempDir } from '../../helpers/server.ts';

/** Real tesseract on a loaded machine (see recover-real.test.ts): only this bounds the test. */
const REAL_OCR_TIMEOUT_MS = 600_000;
setDefaultTimeout(REAL_OCR_TIMEOUT_MS);

/** Thai lines with document numbers, a tax ID and an amount in them, as Thai invoices print them. */
const LINES = [
  'เลขที่เอกสาร CN-2026-9930 วันที่ 5 ตุลาคม 2569',
  'เลขที่ใบกำกับ DO202601368 อ้างอิง IV-68/4346',
  'ผู้ซื้อ บริษัท ไทยเทคโนโลยี จำกัด เลขประจำตัวผู้เสียภาษี 0105582279058',
  'เล่มที่/เลขที่ QT-69/1658 ยอดรวม 20,148.30 บาท',
] as const;

const dir = tempDir('ocr-code-words-');
afterAll(() => dir.cleanup());

/**
 * LINES in Garuda 10 pt at 200 dpi, the page turned 0.6° and slightly blurred. Read as it is, tesseract
 * (tha+eng) takes `QT` for Thai (`๑1-69/1658`) and reads `DO202601368` as `0๐202601368` with confidence
 * 0.92 (checked by hand with the tesseract command line).
 */
function page(): string {
  const text = join(dir.path, 'lines.png');
  pangoText(LINES.join('\n'), text, 10);
  return scanLike(
    ['-size', '1650x400', 'xc:white', text, '-geometry', '+60+60', '-composite'],
    join(dir.path, 'page.png'),
    {
      turn: 0.6,
      blur: '0x0.5',
    },
  );
}

const THAI = /[\u0E00-\u0E7F]/;

describe.each(ocrEngines())('codes in Thai lines read again with the English model, %s engine', (kind) => {
  const engine = testEngine(kind);
  afterAll(() => engine.close());

  test('a code taken for Thai letters comes back in Latin, and a code still mixed with Thai is not reported as sure', async () => {
    const [result] = (await engine.recognize({ path: page(), mime: 'image/png' })) as [PageResult];
    expect(result.text).toContain('QT-69/1658');
    expect(result.text).toContain('0105582279058');
    const words = result.blocks.flatMap((b) => b.lines.flatMap((l) => l.words));
    const mixed = words.filter((w) => /\d{4}/.test(w.text) && THAI.test(w.text));
    for (const w of mixed) expect(w.confidence).toBeLessThanOrEqual(0.5);
  });
});
