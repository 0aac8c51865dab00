import { describe, expect, test } from 'bun:test';
import { readLineEnds } from '../../../src/core/ocr/line-ends.ts';
import type { BBox } from '../../../src/core/ocr/types.ts';
import { block, inkPage, line, texts } from '../../helpers/ocr-layout.ts';

/** Lines 30 px high: a line's words, and the ink of a glyph the layout left out after the second. */
const first: BBox = [20, 20, 380, 50];
const cut: BBox = [20, 70, 300, 100];
const tail: BBox = [304, 72, 330, 100];
const last: BBox = [20, 120, 380, 150];

describe('readLineEnds', () => {
  test('a line that stops short of its ink is read again over it and replaced when it keeps its text and adds to it', () => {
    const ink = inkPage(400, 200, [first, cut, tail, last], 'letters');
    const asked: BBox[] = [];
    const result = readLineEnds(
      [
        block(
          line('บริษัท หนึ่ง จำกัด', first),
          line('ห้างหุ้นส่วนจำกัด ชัยเจริญก่อสร้า', cut),
          line('บริษัท สาม จำกัด', last),
        ),
      ],
      ink,
      (box) => {
        asked.push(box);
        return [block(line('ห้างหุ้นส่วนจำกัด ชัยเจริญก่อสร้าง', [20, 70, 330, 100]))];
      },
    );
    expect(asked).toHaveLength(1);
    const [x0, y0, x1, y1] = asked[0] as BBox;
    expect(x0 <= 20 && y0 <= 70 && x1 >= 330 && y1 >= 100 && y0 > 50 && y1 < 120).toBe(true);
    expect(result.extended).toBe(1);
    expect(texts(result.blocks)).toEqual(['บริษัท หนึ่ง จำกัด', 'ห้างหุ้นส่วนจำกัด ชัยเจริญก่อสร้าง', 'บริษัท สาม จำกัด']);
  });

  test('a reading that changes the text already read, or reads less, is not taken', () => {
    const ink = inkPage(400, 200, [first, cut, tail, last], 'letters');
    const lines = [line('บริษัท หนึ่ง จำกัด', first), line('ชัยเจริญก่อสร้า', cut), line('บริษัท สาม จำกัด', last)];
    for (const reading of ['ชัยเจริญก่อสร้าง'.replace('ชัย', 'ซัย'), 'ชัยเจริญ']) {
      const result = readLineEnds([block(...lines)], ink, () => [block(line(reading, [20, 70, 330, 100]))]);
      expect(result.extended).toBe(0);
      expect(texts(result.blocks)).toEqual(lines.map((l) => l.text));
    }
  });

  test('pieces of the left-out ink read as short lines of their own go with the line that takes them in', () => {
    const ink = inkPage(400, 200, [first, cut, [304, 72, 380, 100], last], 'letters');
    const result = readLineEnds(
      [
        block(line('บริษัท หนึ่ง จำกัด', first)),
        block(line('นพรัตน์กา', cut), line('(๑', [306, 74, 330, 98]), line('T=', [340, 74, 370, 98])),
        block(line('บริษัท สาม จำกัด', last)),
      ],
      ink,
      () => [block(line('นพรัตน์การบัญชี', [20, 70, 380, 100]))],
    );
    expect(texts(result.blocks)).toEqual(['บริษัท หนึ่ง จำกัด', 'นพรัตน์การบัญชี', 'บริษัท สาม จำกัด']);
  });

  test('ink further off than a word space is another word: nothing is read again', () => {
    const ink = inkPage(400, 200, [first, cut, [340, 72, 370, 100], last], 'letters');
    let reads = 0;
    const result = readLineEnds(
      [block(line('บริษัท หนึ่ง จำกัด', first), line('ชัยเจริญก่อสร้า', cut), line('บริษัท สาม จำกัด', last))],
      ink,
      () => {
        reads++;
        return [];
      },
    );
    expect(reads).toBe(0);
    expect(result.extended).toBe(0);
  });
});
