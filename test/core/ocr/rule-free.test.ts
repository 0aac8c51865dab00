import { describe, expect, test } from 'bun:test';
import type { GrayImage } from '../../../src/core/ocr/raster.ts';
import { pageWithoutRules } from '../../../src/core/ocr/rule-free.ts';

const W = 400;
const H = 200;
const PAPER = 250;
/** Text lines 30 px high: a rule is at least 60 px long and at most 6 px thick. */
const LINE_HEIGHT = 30;

function page(): GrayImage & { fill(x0: number, y0: number, x1: number, y1: number, v: number): void } {
  const data = new Uint8Array(W * H).fill(PAPER);
  return {
    width: W,
    height: H,
    data,
    fill(x0, y0, x1, y1, v) {
      for (let y = y0; y < y1; y++) data.fill(v, y * W + x0, y * W + x1);
    },
  };
}

/** A horizontal rule 2 px thick across x 10-390 that climbs one pixel every 33 px (a page turned 1.7°). */
const ruleY = (x: number) => 100 - Math.floor((x - 10) / 33);

function ruledPage() {
  const p = page();
  for (let x = 10; x < 390; x++) p.fill(x, ruleY(x), x + 1, ruleY(x) + 2, 70);
  p.fill(300, 20, 302, 180, 70); // a column rule
  p.fill(40, 30, 52, 52, 40); // a glyph's stroke, clear of the rules
  p.fill(150, 80, 153, 105, 40); // a letter's stem crossing the rule
  p.fill(20, 140, 220, 152, 90); // a shaded band 12 px thick
  return p;
}

const at = (img: GrayImage, x: number, y: number) => img.data[y * W + x];

describe('the page without its rules', () => {
  test("a rule turned a little, as a staircase of runs shorter than its length, is painted over in the paper's tone", () => {
    const out = pageWithoutRules(ruledPage(), LINE_HEIGHT) as GrayImage;
    expect(out).toBeDefined();
    for (const x of [10, 42, 43, 120, 260, 389]) {
      expect(at(out, x, ruleY(x))).toBe(PAPER);
      expect(at(out, x, ruleY(x) + 1)).toBe(PAPER);
    }
    expect(at(out, 301, 60)).toBe(PAPER);
  });

  test('the blur three pixels around a rule goes with it', () => {
    const p = ruledPage();
    p.fill(300, 20, 302, 180, 70);
    p.fill(297, 20, 300, 180, 200);
    p.fill(302, 20, 305, 180, 200);
    const out = pageWithoutRules(p, LINE_HEIGHT) as GrayImage;
    for (const x of [297, 298, 299, 302, 303, 304]) expect(at(out, x, 60)).toBe(PAPER);
  });

  test('glyph strokes, a stem crossing a rule and a shaded band keep their pixels', () => {
    const p = ruledPage();
    const out = pageWithoutRules(p, LINE_HEIGHT) as GrayImage;
    for (let y = 30; y < 52; y++) for (let x = 40; x < 52; x++) expect(at(out, x, y)).toBe(40);
    for (let y = 80; y < 105; y++) for (let x = 150; x < 153; x++) expect(at(out, x, y)).toBe(40);
    for (const x of [20, 100, 219]) for (const y of [140, 145, 151]) expect(at(out, x, y)).toBe(90);
    expect(out.data.filter((v) => v !== PAPER).length).toBe(12 * 22 + 3 * 25 + 200 * 12);
  });

  test('a page without rules is left as it is', () => {
    const p = page();
    p.fill(40, 30, 52, 52, 40);
    p.fill(60, 30, 100, 34, 40); // a stroke shorter than two lines
    expect(pageWithoutRules(p, LINE_HEIGHT)).toBeUndefined();
  });
});
