import { afterEach, beforeEach, expect, test } from 'bun:test';
import { tempDir } from '../../helpers/server.ts';
import { doc, memoryIndex } from './helpers.ts';

let dir: ReturnType<typeof tempDir>;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => dir.cleanup());

/**
 * Each query word, the document containing it, and a document whose only near spelling of it is the
 * inside of a longer, unrelated word, cut before a vowel sign or tone mark of that word's consonant.
 */
const CASES = [
  {
    // population / democracy: ประชาธิปไตย has ประชาธ, two letters from ประชากร, but ิ belongs to ธ.
    q: 'ประชากร',
    exact: doc('census', 'ตารางจำนวนประชากรแยกตามอำเภอ'),
    cut: doc('democracy', 'การปกครองระบอบประชาธิปไตยอันมีพระมหากษัตริย์ทรงเป็นประมุข'),
  },
  {
    // far / near: ใกล้ has ใกล, a look-alike from ไกล, but ้ belongs to ล.
    q: 'ไกล',
    exact: doc('far', 'บ้านอยู่ไกลจากโรงเรียน'),
    cut: doc('near', 'บ้านอยู่ใกล้โรงเรียน'),
  },
  {
    // temple / history: ประวัติ has วัต, a look-alike from วัด, but ิ belongs to ต.
    q: 'วัด',
    exact: doc('temple', 'เที่ยววัดพระแก้วที่กรุงเทพ'),
    cut: doc('history', 'หนังสือประวัติศาสตร์ไทยสมัยอยุธยา'),
  },
];

test('a misread match does not cut a Thai cluster: a word is not found inside a longer, unrelated word', async () => {
  const m = memoryIndex(dir.path);
  await m.index.start(m.source, { wait: true });
  // OCR of a scan that read the last ร of ประชากร as its look-alike ธ: still found, after the exact match.
  const scan = doc('scan', 'รายงานสำมะโนประชากธ ปี 2563');
  await m.put(...CASES.flatMap((c) => [c.exact, c.cut]), scan);

  const got: Record<string, string[]> = {};
  for (const c of CASES) got[c.q] = await m.ids(c.q);
  expect(got).toEqual({ ประชากร: ['census', 'scan'], ไกล: ['far'], วัด: ['temple'] });
  const found = await m.index.search({ projectId: 'p1', q: 'ประชากร' });
  expect(found.hits[1]?.snippet).toContain('<mark>ประชากธ</mark>');
  await m.index.close();
});
