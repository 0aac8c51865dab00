import { describe, expect, test } from 'bun:test';
import { confident, recoverLines, thickness } from '../../../src/core/ocr/recover.ts';
import type { BBox, OcrLine, OcrWord } from '../../../src/core/ocr/types.ts';
import { block, inkPage, line, texts } from '../../helpers/ocr-layout.ts';

describe('recoverLines', () => {
  const first: BBox = [20, 20, 380, 50];
  const dropped: BBox = [20, 70, 380, 100];
  const last: BBox = [20, 120, 380, 150];
  const ink = inkPage(400, 200, [first, dropped, last], 'letters');

  test('reads again a band of ink no line covers and puts its line between its neighbours', () => {
    const asked: BBox[] = [];
    const result = recoverLines([block(line('หนึ่ง', first), line('สาม', last))], ink, (box) => {
      asked.push(box);
      return [block(line('สอง', dropped))];
    });
    expect(asked).toHaveLength(1);
    const [x0, y0, x1, y1] = asked[0] as BBox;
    expect(x0 <= 20 && y0 <= 70 && x1 >= 379 && y1 >= 100 && y0 > 50 && y1 < 120).toBe(true);
    expect(texts(result.blocks)).toEqual(['หนึ่ง', 'สอง', 'สาม']);
  });

  test('replaces a garbled line when the band reads with more confidence, keeps it otherwise', () => {
    const blocks = [block(line('หนึ่ง', first), line('ส ฮ', dropped, 0.3), line('สาม', last))];
    const better = recoverLines(blocks, ink, () => [block(line('สอง', dropped, 0.9))]);
    expect(texts(better.blocks)).toEqual(['หนึ่ง', 'สอง', 'สาม']);
    const worse = recoverLines(blocks, ink, () => [block(line('สอ', dropped, 0.2))]);
    expect(texts(worse.blocks)).toEqual(['หนึ่ง', 'ส ฮ', 'สาม']);
  });

  test('a garbled line read again in two pieces (a table row split at a wide gap) is replaced, not kept beside them, and reads left to right', () => {
    // A skewed row: its right cell sits higher than its left one.
    const left: BBox = [20, 72, 100, 102];
    const right: BBox = [300, 64, 380, 94];
    const row: OcrLine = {
      text: '1 ปัจจุบัน 39',
      // Its first word runs into a rule: thicker than 1.45 lines, garbled though read with confidence.
      bbox: [20, 62, 380, 108],
      confidence: 0.9,
      words: [
        { text: '1', bbox: [20, 62, 30, 108], confidence: 0.9 },
        { text: 'ปัจจุบัน', bbox: [40, 70, 100, 100], confidence: 0.9 },
        { text: '39', bbox: [300, 70, 380, 100], confidence: 0.9 },
      ],
    };
    const wide = inkPage(400, 200, [first, left, right, last], 'letters');
    const result = recoverLines([block(line('หนึ่ง', first), row, line('สาม', last))], wide, (box) =>
      box[0] < 200 ? [block(line('1 ปัจจุบัน', left))] : [block(line('39', right))],
    );
    const all = texts(result.blocks);
    expect(all[0]).toBe('หนึ่ง');
    expect(all.at(-1)).toBe('สาม');
    expect(all.slice(1, -1)).toEqual(['1 ปัจจุบัน 39']);
  });

  /** A line tesseract garbled by reading its letters one by one: each letter a word 50 px wide on the `dropped` row. */
  const scatteredLine = (letters: string[], confidence: number): OcrLine => {
    const words: OcrWord[] = letters.map((text, i) => ({
      text,
      bbox: [20 + i * 60, 70, 70 + i * 60, 100],
      confidence,
    }));
    return { text: letters.join(' '), bbox: [20, 70, 370, 100], confidence, words };
  };

  test("a garbled line's confident words stay where the band's reading has no line over them", () => {
    const garbled = scatteredLine(['ก', 'ข', 'ค', 'ง', 'จ', 'ฉ'], 0.93);
    const blocks = [block(line('หนึ่ง', first), garbled, line('สาม', last))];
    const result = recoverLines(blocks, ink, () => [block(line('กขค', [20, 70, 190, 100], 0.97))]);
    expect(texts(result.blocks)).toEqual(['หนึ่ง', 'กขค', 'ง จ ฉ', 'สาม']);
  });

  test('a word read again far less confidently than the letters under it is dropped, and they stay', () => {
    const garbled = scatteredLine(['ก', 'ข', 'ค', 'ง', 'จ', 'ฉ'], 0.93);
    const blocks = [block(line('หนึ่ง', first), garbled, line('สาม', last))];
    const reread: OcrLine = {
      text: '& งจฉ',
      bbox: [20, 70, 370, 100],
      confidence: 0.79,
      words: [
        { text: '&', bbox: [20, 70, 190, 100], confidence: 0.6 },
        { text: 'งจฉ', bbox: [200, 70, 370, 100], confidence: 0.97 },
      ],
    };
    const result = recoverLines(blocks, ink, () => [block(reread)]);
    expect(texts(result.blocks)).toEqual(['หนึ่ง', 'ก ข ค', 'งจฉ', 'สาม']);
  });

  /** Two table rows no line covers, close enough to make one band taller than 1.6 lines, read as a block. */
  const rowA: BBox = [20, 70, 380, 100];
  const rowB: BBox = [20, 104, 380, 134];
  const rows = inkPage(400, 260, [first, rowA, rowB, [20, 220, 380, 250]], 'letters');
  const around = [block(line('หนึ่ง', first), line('สาม', [20, 220, 380, 250]))];

  test('a block band whose reading stops after its first row has the rows left unread read again as a line', () => {
    const asked: [BBox, boolean][] = [];
    const result = recoverLines(around, rows, (box, single) => {
      asked.push([box, single]);
      if (!single) return [block(line('1 ค่าบริการ 4,550.05', rowA))];
      return box[1] >= 100 && box[3] <= 230 ? [block(line('2 ค่าบำรุงรักษา 871.36', rowB))] : [];
    });
    expect(asked[0]?.[1]).toBe(false);
    expect(asked.slice(1).map(([, single]) => single)).toEqual([true]);
    expect(texts(result.blocks)).toEqual(['หนึ่ง', '1 ค่าบริการ 4,550.05', '2 ค่าบำรุงรักษา 871.36', 'สาม']);
  });

  test('a table row read with its rules keeps its words: what runs across the region (bars, junk over a rule) is dropped, not the row', () => {
    const bar = (x: number): OcrWord => ({ text: '|', bbox: [x, 60, x + 4, 110], confidence: 0.97 });
    const row: OcrLine = {
      text: '| 2 | ค่าบำรุงรักษา',
      bbox: [20, 60, 380, 110],
      confidence: 0.95,
      words: [
        bar(20),
        { text: '2', bbox: [40, 72, 52, 98], confidence: 0.97 },
        bar(70),
        { text: 'ค่าบำรุงรักษา', bbox: [90, 70, 300, 100], confidence: 0.93 },
        { text: 'wma', bbox: [310, 60, 370, 110], confidence: 0.5 },
      ],
    };
    const result = recoverLines([block(line('หนึ่ง', first), line('สาม', last))], ink, () => [block(row)]);
    expect(texts(result.blocks)).toEqual(['หนึ่ง', '2 ค่าบำรุงรักษา', 'สาม']);
  });

  test('a column rule read as `|` that ends inside the region (the last row of a table) is dropped, not the row', () => {
    // The band is read from 61 to 109: the rules run from its top to the table's bottom line at 106.
    const bar = (x: number): OcrWord => ({ text: '|', bbox: [x, 61, x + 4, 106], confidence: 0.97 });
    const row: OcrLine = {
      text: '| 10 | 219.88 | 2,198.80 |',
      bbox: [20, 61, 380, 106],
      confidence: 0.97,
      words: [
        bar(20),
        { text: '10', bbox: [60, 72, 90, 98], confidence: 0.97 },
        bar(120),
        { text: '219.88', bbox: [160, 70, 240, 98], confidence: 0.97 },
        bar(260),
        { text: '2,198.80', bbox: [280, 70, 370, 98], confidence: 0.96 },
        bar(376),
      ],
    };
    const asked: BBox[] = [];
    const result = recoverLines([block(line('หนึ่ง', first), line('สาม', last))], ink, (box) => {
      asked.push(box);
      return [block(row)];
    });
    expect(asked.map((b) => [b[1], b[3]])).toEqual([[61, 109]]);
    expect(texts(result.blocks)).toEqual(['หนึ่ง', '10 219.88 2,198.80', 'สาม']);
  });

  test('reads nothing again when every line of ink is covered', () => {
    let reads = 0;
    const blocks = [block(line('หนึ่ง', first), line('สอง', dropped), line('สาม', last))];
    const result = recoverLines(blocks, ink, () => {
      reads++;
      return [];
    });
    expect(reads).toBe(0);
    expect(result.blocks).toBe(blocks);
  });
});

describe('a line as thick as its words, whatever the skew', () => {
  /** Words 30 px high along a line that climbs `drift` px from its left end to its right one. */
  const slanted = (drift: number, lift: (i: number) => number = () => 0): OcrLine => {
    const words: OcrWord[] = Array.from({ length: 8 }, (_, i) => {
      const y = 100 - (drift * i) / 7 + lift(i);
      return { text: 'คำ', bbox: [i * 150, y, i * 150 + 100, y + 30], confidence: 0.95 };
    });
    const top = Math.min(...words.map((w) => w.bbox[1]));
    const bottom = Math.max(...words.map((w) => w.bbox[3]));
    return { text: 'คำ '.repeat(8).trim(), bbox: [0, top, 1150, bottom], confidence: 0.95, words };
  };

  test('a long line of a page turned 1° is as thick as one word, and reads with confidence', () => {
    const line = slanted(20);
    expect(line.bbox[3] - line.bbox[1]).toBe(50);
    expect(thickness(line)).toBeCloseTo(30, 5);
    expect(confident(line, 30)).toBe(true);
  });

  test('two lines read as one stay twice as thick: not confident', () => {
    const line = slanted(0, (i) => (i % 2 ? 40 : 0));
    expect(thickness(line)).toBeGreaterThanOrEqual(70);
    expect(confident(line, 30)).toBe(false);
  });

  test('a slope steeper than a page read as it is (2°) is not taken out in full', () => {
    expect(thickness(slanted(120))).toBeGreaterThan(100);
  });
});
