import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { imageFrames, storesColour } from '../../../src/core/ocr/images.ts';
import { encodePgm, type GrayImage, rotateGray, toGray } from '../../../src/core/ocr/raster.ts';
import { FIXTURES } from '../../helpers/cer.ts';

/** A 24-bit bottom-up BMP of a gray image (Skia decodes BMP; nothing here encodes it). */
function bmp(img: GrayImage): Uint8Array {
  const stride = (img.width * 3 + 3) & ~3;
  const out = Buffer.alloc(54 + stride * img.height);
  out.write('BM', 0, 'latin1');
  out.writeUInt32LE(out.length, 2);
  out.writeUInt32LE(54, 10);
  out.writeUInt32LE(40, 14);
  out.writeInt32LE(img.width, 18);
  out.writeInt32LE(img.height, 22);
  out.writeUInt16LE(1, 26);
  out.writeUInt16LE(24, 28);
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) {
      const v = img.data[(img.height - 1 - y) * img.width + x] as number;
      out.fill(v, 54 + y * stride + x * 3, 54 + y * stride + x * 3 + 3);
    }
  return out;
}

const meanAbsDiff = (a: GrayImage, b: GrayImage) => {
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs((a.data[i] as number) - (b.data[i] as number));
  return sum / a.data.length;
};

describe('image decoding for OCR', () => {
  test('PNG, JPEG, WebP, GIF and BMP of one scan decode to the same gray page', async () => {
    const png = readFileSync(`${FIXTURES}/thai-scan.png`);
    const reference = await imageFrames(png, 'image/png', 1e8).frame(0);
    expect([reference.width, reference.height]).toEqual([1546, 553]);
    const { createCanvas, loadImage } = await import('@napi-rs/canvas');
    const img = await loadImage(png);
    const canvas = createCanvas(img.width, img.height);
    canvas.getContext('2d').drawImage(img, 0, 0);
    const variants: [string, Uint8Array][] = [
      ['image/jpeg', await canvas.encode('jpeg', 90)],
      ['image/webp', await canvas.encode('webp', 90)],
      ['image/gif', await canvas.encode('gif')],
      ['image/bmp', bmp(reference)],
    ];
    for (const [mime, bytes] of variants) {
      const frames = imageFrames(bytes, mime, 1e8);
      expect(frames.count).toBe(1);
      const gray = await frames.frame(0);
      expect([gray.width, gray.height]).toEqual([1546, 553]);
      expect(meanAbsDiff(gray, reference)).toBeLessThan(6);
    }
  });

  test('every page of a multi-page TIFF, and the pixel budget applies to each page', async () => {
    const tiff = readFileSync(`${FIXTURES}/multipage.tiff`);
    const frames = imageFrames(tiff, 'image/tiff', 1e8);
    expect(frames.count).toBe(2);
    const second = await frames.frame(1);
    expect([second.width, second.height]).toEqual([1538, 533]);
    expect(second.data.some((v) => v === 0)).toBe(true);
    expect(() => imageFrames(tiff, 'image/tiff', 1538 * 533 - 1)).toThrow('pixel limit');
  });

  test('quarter turns and PGM encoding', () => {
    const img: GrayImage = { width: 3, height: 2, data: Uint8Array.from([1, 2, 3, 4, 5, 6]) };
    expect(rotateGray(img, 90)).toEqual({ width: 2, height: 3, data: Uint8Array.from([4, 1, 5, 2, 6, 3]) });
    expect(rotateGray(img, 180).data).toEqual(Uint8Array.from([6, 5, 4, 3, 2, 1]));
    expect(rotateGray(rotateGray(img, 90), 270)).toEqual(img);
    expect(new TextDecoder().decode(encodePgm(img).subarray(0, 11))).toBe('P5\n3 2\n255\n');
  });

  test('strongly coloured ink on text is lightened to its brightest channel; gray, faint colour and colour away from text keep their luminance', () => {
    const rgb = (pixels: number[][]) => toGray(new Uint8Array(pixels.flat()), pixels.length, 1, 3);
    const black = [0, 0, 0];
    const white = [255, 255, 255];
    // Black, mid gray, white, a faint tint (chroma 40): luminance (0.30 R + 0.59 G + 0.11 B), nothing lightened.
    const plain = rgb([black, [128, 128, 128], white, [200, 180, 160]]);
    expect([...plain.data]).toEqual([0, 128, 255, 183]);
    expect(plain.colourInk).toBeUndefined();
    // A red stamp (#a22, luminance 74) and a blue one lying on black text take their brightest channel.
    const stamps = rgb([[170, 34, 34], [40, 60, 200], [20, 20, 20], black, black, black]);
    expect([...stamps.data]).toEqual([170, 200, 20, 0, 0, 0]);
    expect(stamps.colourInk).toBe(true);
    // The same red 64 pixels (four 16-pixel tiles) away from any text is a title or a logo: it keeps its luminance.
    const apart = rgb([
      [170, 34, 34],
      ...Array.from({ length: 63 }, () => white),
      black,
      black,
      black,
      black,
    ]);
    expect(apart.data[0]).toBe(74);
    expect(apart.colourInk).toBeUndefined();
    // One coloured pixel in 20,000 is scanner noise: the page converts as plain luminance.
    const noisy = new Uint8Array(20_000 * 3).fill(255);
    noisy.set([170, 34, 34, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const noise = toGray(noisy, 20_000, 1, 3);
    expect(noise.data[0]).toBe(74);
    expect(noise.colourInk).toBeUndefined();
  });

  test('PNG and JPEG headers say whether the file stores colour', () => {
    const png = (colourType: number) => {
      const b = new Uint8Array(33);
      b[25] = colourType;
      return b;
    };
    expect([0, 2, 3, 4, 6].map((t) => storesColour(png(t), 'image/png'))).toEqual([
      false,
      true,
      true,
      false,
      true,
    ]);
    const jpeg = (components: number) =>
      new Uint8Array([
        0xff,
        0xd8,
        0xff,
        0xe0,
        0,
        4,
        0,
        0,
        0xff,
        0xc0,
        0,
        11,
        8,
        0,
        1,
        0,
        1,
        components,
        1,
        0x11,
        0,
        0,
        0,
      ]);
    expect(storesColour(jpeg(1), 'image/jpeg')).toBe(false);
    expect(storesColour(jpeg(3), 'image/jpeg')).toBe(true);
  });
});
