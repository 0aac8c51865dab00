import { describe, expect, test } from 'bun:test';
import type { GrayImage } from '../../../src/core/ocr/raster.ts';
import { darkInkOnly, inkTones } from '../../../src/core/ocr/tone.ts';

/** A 400 x 400 page of paper (245) with `inks` pixels of each given tone (rows of 4 px bars). */
function page(inks: [tone: number, pixels: number][]): GrayImage {
  const data = new Uint8Array(400 * 400).fill(245);
  let at = 0;
  for (const [tone, pixels] of inks) {
    data.fill(tone, at, at + pixels);
    at += pixels + 4000;
  }
  return { width: 400, height: 400, data };
}

describe('inkTones', () => {
  test('black text with a mid-gray stamp: two tones, the cut between them keeps the text and drops the stamp', () => {
    const img = page([
      [10, 6000],
      [80, 3000],
    ]);
    const tones = inkTones(img);
    expect(tones).toBeDefined();
    const dark = darkInkOnly(img, tones?.cut ?? 255);
    expect(dark.data[0]).toBeLessThan(128);
    expect(dark.data[10_000]).toBe(255);
  });

  test('black text alone, or with light gray rules (binarized away anyway): one tone', () => {
    expect(inkTones(page([[10, 6000]]))).toBeUndefined();
    expect(
      inkTones(
        page([
          [10, 6000],
          [140, 3000],
        ]),
      ),
    ).toBeUndefined();
  });

  test('a second ink too scarce to be a stamp (under one pixel in 2000) is not one', () => {
    expect(
      inkTones(
        page([
          [10, 6000],
          [80, 40],
        ]),
      ),
    ).toBeUndefined();
  });

  test('dark ink only: the lighter ink and the paper turn white, the text stays dark', () => {
    const img = page([
      [10, 6000],
      [80, 3000],
    ]);
    const dark = darkInkOnly(img, 50);
    expect(dark.data[0]).toBe(51);
    expect(dark.data[10_000]).toBe(255);
    expect(dark.data[img.data.length - 1]).toBe(255);
  });
});
