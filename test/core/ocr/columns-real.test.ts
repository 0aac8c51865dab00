import { afterAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { join } from 'node:path';
import type { PageResult } from '../../../src/core/ocr/types.ts';
import { orderKey as key } from '../../helpers/cer.ts';
import { ocrEngines, testEngine } from '../../helpers/ocr-engines.ts';
import { pangoText } from '../../helpers/pango.ts';
import { scanLike } from '../../helpers/scan-like.ts';
import { tempDir } from '../../helpers/server.ts';

/** Real tesseract on a loaded machine (see recover-real.test.ts): only this bounds the test. */
setDefaultTimeout(600_000);

/** Two columns of Thai prose, one line each, every line about as wide as its column. */
const LEFT = [
  'ประชุมคณะกรรมการบริษัทในวันจันทร์ตอนเช้า',
  'ณ ห้องประชุมใหญ่ของสำนักงานที่กรุงเทพ',
  'เริ่มเวลาเก้านาฬิกาตรงตามที่แจ้งไว้แล้ว',
  'ผู้เข้าประชุมลงชื่อที่หน้าห้องก่อนเข้าห้อง',
  'เอกสารประกอบส่งให้ทุกท่านล่วงหน้าแล้ว',
];
const RIGHT = [
  'วาระแรกรับรองรายงานการประชุมครั้งก่อน',
  'วาระสองพิจารณางบประมาณประจำปีหน้า',
  'วาระสามแผนงานของฝ่ายขายและการตลาด',
  'วาระสุดท้ายเรื่องอื่นที่ผู้ถือหุ้นเสนอมา',
  'ปิดประชุมเวลาเที่ยงวันพร้อมรับประทานอาหาร',
];
/** Left edge of each column, in pixels at 200 dpi (a gap of about 90 px between them). */
const LEFT_X = 80;
const RIGHT_X = 820;

const dir = tempDir('ocr-columns-');
afterAll(() => dir.cleanup());

/** A 200 dpi page with LEFT and RIGHT as two columns side by side (Garuda 14 pt, Pango), turned 0.8°. */
function columnsPage(): string {
  const left = join(dir.path, 'left.png');
  const right = join(dir.path, 'right.png');
  pangoText(LEFT.join('\n'), left, 12);
  pangoText(RIGHT.join('\n'), right, 12);
  return scanLike(
    [
      '-size',
      '1600x600',
      'xc:white',
      left,
      '-geometry',
      `+${LEFT_X}+80`,
      '-composite',
      right,
      '-geometry',
      `+${RIGHT_X}+80`,
      '-composite',
    ],
    join(dir.path, 'columns.png'),
    { turn: 0.8 },
  );
}

describe.each(ocrEngines())('two columns of prose, %s engine', (kind) => {
  const engine = testEngine(kind);
  afterAll(() => engine.close());

  test('are read column by column, not interleaved line by line', async () => {
    const [page] = (await engine.recognize({ path: columnsPage(), mime: 'image/png' })) as [PageResult];
    expect(page.error).toBeUndefined();
    const text = key(page.text);
    const at = [...LEFT, ...RIGHT].map((l) => text.indexOf(key(l)));
    expect(at).not.toContain(-1);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });
});
