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

/** Three lines of Thai text full of marks above the letters (statute and UD Thai PUD sentences). */
const LINES = [
  'มาตรา ๑ พระราชบัญญัตินี้เรียกว่า พระราชบัญญัตินิรโทษกรรมแก่ผู้กระทำการยึดอำนาจการ',
  'เมื่อวันที่ 9 กันยายน 2002 อัลดรินถูกล่อลวงไปยังโรงแรมเบเวอร์ลีฮิลส์ ด้วยข้ออ้างว่าจะมีการ',
  'แอฟริกาตะวันออกเป็นที่ตั้งของยอดเขาคิลิมันจาโรและยอดเขาเคนยา สองยอดเขาที่สูงที่สุดใน',
] as const;

const dir = tempDir('ocr-marks-line-');
afterAll(() => dir.cleanup());

/**
 * LINES in Garuda 12.5 pt at 200 dpi, the page turned 1° and slightly blurred, as a scanner leaves it.
 * Read as it is, tesseract cuts the marks above the second line off as a line of junk of their own
 * (`ส od ๑4 ๑ = ' ๑4 ๕ส๑26 ะ เร ส`) and reads the line without them: `เมอวนท 9 กันยายน 2002 ...
 * ดวยขออางวาจะมการ` (checked by hand).
 */
function turnedPage(): string {
  const layers = LINES.flatMap((text, i) => {
    const file = join(dir.path, `line${i}.png`);
    pangoText(text, file, 12.5);
    return [file, '-geometry', `+60+${60 + i * 70}`, '-composite'];
  });
  return scanLike(['-size', '1650x330', 'xc:white', ...layers], join(dir.path, 'turned.png'), {
    turn: 1.0,
    blur: '0x0.4',
  });
}

describe.each(ocrEngines())('Thai marks read as a line of their own, %s engine', (kind) => {
  const engine = testEngine(kind);
  afterAll(() => engine.close());

  test('a line whose marks tesseract cut off comes back with its marks, and its words are whole', async () => {
    const [page] = (await engine.recognize({ path: turnedPage(), mime: 'image/png' })) as [PageResult];
    const compact = page.text.replace(/\s+/g, '');
    for (const word of ['เมื่อวันที่', 'กันยายน', 'อัลดริน', 'ด้วยข้ออ้างว่าจะมีการ', 'พระราชบัญญัตินี้'])
      expect(compact).toContain(word);
    const second = page.text.split('\n').find((l) => l.includes('2002')) ?? '';
    expect(second.replace(/\s+/g, '')).toContain('เมื่อวันที่9กันยายน2002อัลดริน');
  });
});
