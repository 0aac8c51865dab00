import { describe, expect, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { imageFrames } from '../../../src/core/ocr/images.ts';
import { encodePgm, type GrayImage, rotateGray } from '../../../src/core/ocr/raster.ts';
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
});
