import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { declaredDpi, scanDpi } from '../../../src/core/ocr/resolution.ts';
import { FIXTURES } from '../../helpers/cer.ts';

/** A PNG chunk (CRC left zero: the reader does not check it). */
function chunk(type: string, body: number[]): number[] {
  const n = body.length;
  return [
    n >>> 24,
    (n >>> 16) & 255,
    (n >>> 8) & 255,
    n & 255,
    ...Buffer.from(type, 'latin1'),
    ...body,
    0,
    0,
    0,
    0,
  ];
}
const be32 = (n: number) => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const le16 = (n: number) => [n & 255, n >>> 8];
const le32 = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24];

/** PNG signature, IHDR, then pHYs in pixels per unit (unit 1 = metre). */
function png(ppu: number, unit: number): Uint8Array {
  return Uint8Array.from([
    0x89,
    0x50,
    0x4e,
    0x47,
    0x0d,
    0x0a,
    0x1a,
    0x0a,
    ...chunk('IHDR', [...be32(100), ...be32(50), 8, 0, 0, 0, 0]),
    ...chunk('pHYs', [...be32(ppu), ...be32(ppu), unit]),
    ...chunk('IDAT', []),
  ]);
}

/** JPEG SOI and a JFIF APP0 segment with density units (1 = inch, 2 = cm). */
function jfif(density: number, units: number): Uint8Array {
  const body = [
    ...Buffer.from('JFIF\0', 'latin1'),
    1,
    2,
    units,
    density >> 8,
    density & 255,
    density >> 8,
    density & 255,
    0,
    0,
  ];
  return Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, body.length + 2, ...body, 0xff, 0xda, 0, 2]);
}

/** A little-endian TIFF header whose first IFD holds XResolution (rational) and ResolutionUnit. */
function tiff(num: number, den: number, unit: number): Uint8Array {
  const ifd = 8;
  const entries = 2;
  const rational = ifd + 2 + entries * 12 + 4;
  return Uint8Array.from([
    0x49,
    0x49,
    42,
    0,
    ...le32(ifd),
    ...le16(entries),
    ...le16(0x011a),
    ...le16(5),
    ...le32(1),
    ...le32(rational),
    ...le16(0x0128),
    ...le16(3),
    ...le32(1),
    ...le16(unit),
    0,
    0,
    ...le32(0),
    ...le32(num),
    ...le32(den),
  ]);
}

describe('the resolution an image declares', () => {
  test('PNG pHYs in pixels per metre', () => {
    expect(declaredDpi(png(11811, 1), 'image/png')).toBe(300);
    expect(declaredDpi(png(7874, 1), 'image/png')).toBe(200);
    expect(declaredDpi(png(1, 0), 'image/png')).toBeUndefined(); // aspect ratio only
  });

  test('JPEG JFIF density per inch or per centimetre; the table fixture declares 300', () => {
    expect(declaredDpi(jfif(200, 1), 'image/jpeg')).toBe(200);
    expect(declaredDpi(jfif(118, 2), 'image/jpeg')).toBe(300);
    expect(declaredDpi(jfif(1, 0), 'image/jpeg')).toBeUndefined();
    expect(declaredDpi(readFileSync(`${FIXTURES}/thai-table.jpg`), 'image/jpeg')).toBe(300);
  });

  test('TIFF XResolution with its unit', () => {
    expect(declaredDpi(tiff(600, 2, 2), 'image/tiff')).toBe(300);
    expect(declaredDpi(tiff(118, 1, 3), 'image/tiff')).toBe(300);
    expect(declaredDpi(tiff(300, 1, 1), 'image/tiff')).toBeUndefined();
  });

  test('values tesseract would not believe, damaged headers and other formats declare nothing', () => {
    expect(declaredDpi(png(100, 1), 'image/png')).toBeUndefined(); // 2.5 dpi
    expect(declaredDpi(jfif(5000, 1), 'image/jpeg')).toBeUndefined();
    expect(declaredDpi(png(11811, 1).subarray(0, 40), 'image/png')).toBeUndefined();
    expect(declaredDpi(Uint8Array.from([0x49, 0x49, 42, 0, 255, 255, 0, 0]), 'image/tiff')).toBeUndefined();
    expect(declaredDpi(new Uint8Array(10), 'image/webp')).toBeUndefined();
  });
});

describe('scanDpi: the resolution tesseract is told for a scan', () => {
  test('a declared resolution is kept when the page it implies fits on paper', () => {
    // An A4 page at 200 dpi: 1654 x 2339 pixels, 8.3 x 11.7 in.
    expect(scanDpi(200, 1654, 2339)).toBe(200);
    // A receipt strip at 300 dpi: 3 x 10 in.
    expect(scanDpi(300, 900, 3000)).toBe(300);
  });

  test('72 dpi on a page-sized scan (a 33 in page) or no resolution: the image is taken as A4/Letter', () => {
    // 2480 x 3508 is A4 at 300 dpi: 3508 / 11.69 in = 300.
    expect(scanDpi(72, 2480, 3508)).toBe(300);
    expect(scanDpi(undefined, 2480, 3508)).toBe(300);
    // Landscape: the long side is the A4 long side.
    expect(scanDpi(undefined, 3508, 2480)).toBe(300);
  });

  test('a small image without a believable resolution is left to tesseract', () => {
    expect(scanDpi(undefined, 400, 300)).toBeUndefined();
  });
});
