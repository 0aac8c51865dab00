import { imageSize } from 'image-size';
import * as UTIF from 'utif2';
import { AppError } from '../../errors.ts';
import { type GrayImage, toGray } from './raster.ts';

/** The frames of an image file, decoded one at a time. */
export interface ImageFrames {
  count: number;
  /** Pixel size from the header, for single-frame formats. */
  size?: { width: number; height: number };
  /** Decodes 0-based frame `index` to gray. */
  frame(index: number): Promise<GrayImage>;
}

const invalid = (message: string, reason: string) =>
  new AppError('invalid_file', message, { details: { reason } });

/** Refuses an image above the pixel budget before anything is decoded. */
export function checkPixels(width: number, height: number, maxPixels: number): void {
  if (!width || !height) throw invalid('The image has no dimensions', 'corrupt_image');
  if (width * height > maxPixels)
    throw invalid(
      `The image is ${width}x${height} pixels, above the ${maxPixels.toLocaleString('en')} pixel limit`,
      'image_too_large',
    );
}

function tiffFrames(bytes: Uint8Array, maxPixels: number): ImageFrames {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  let ifds: UTIF.IFD[];
  try {
    ifds = UTIF.decode(buffer);
  } catch (err) {
    throw invalid(`The TIFF is corrupt: ${(err as Error).message}`, 'corrupt_image');
  }
  const pages = ifds.filter((ifd) => ifd.t256 && ifd.t257);
  if (!pages.length) throw invalid('The TIFF contains no image', 'corrupt_image');
  for (const ifd of pages) checkPixels(Number(ifd.t256), Number(ifd.t257), maxPixels);
  return {
    count: pages.length,
    async frame(index) {
      const ifd = pages[index] as UTIF.IFD;
      try {
        UTIF.decodeImage(buffer, ifd);
        return toGray(UTIF.toRGBA8(ifd), ifd.width, ifd.height);
      } catch (err) {
        throw invalid(`TIFF page ${index + 1} cannot be decoded: ${(err as Error).message}`, 'corrupt_image');
      }
    },
  };
}

/**
 * Whether a PNG or JPEG file stores colour (PNG colour types 2, 3 and 6; a JPEG frame of three or more
 * components), read from its header. A gray file has no coloured ink to lighten (see `toGray`).
 */
export function storesColour(bytes: Uint8Array, mime: string): boolean {
  if (mime === 'image/png') return bytes.length > 25 && (bytes[25] as number) !== 0 && bytes[25] !== 4;
  if (mime !== 'image/jpeg') return true;
  for (let i = 2; i + 9 < bytes.length; ) {
    if (bytes[i] !== 0xff) return true;
    const marker = bytes[i + 1] as number;
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
      return (bytes[i + 9] as number) >= 3;
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) i += 2;
    else i += 2 + (((bytes[i + 2] as number) << 8) | (bytes[i + 3] as number));
  }
  return true;
}

/** PNG, JPEG, WebP, BMP, GIF (first frame) through Skia; multi-page TIFF through UTIF. */
export function imageFrames(bytes: Uint8Array, mime: string, maxPixels: number): ImageFrames {
  if (mime === 'image/tiff') return tiffFrames(bytes, maxPixels);
  let dims: { width?: number; height?: number };
  try {
    dims = imageSize(bytes);
  } catch {
    throw invalid(`The ${mime} image is corrupt: its header cannot be read`, 'corrupt_image');
  }
  checkPixels(dims.width ?? 0, dims.height ?? 0, maxPixels);
  return {
    count: 1,
    size: { width: dims.width as number, height: dims.height as number },
    async frame() {
      const { createCanvas, loadImage } = await import('@napi-rs/canvas');
      let img: Awaited<ReturnType<typeof loadImage>>;
      try {
        img = await loadImage(bytes);
      } catch (err) {
        throw invalid(`The ${mime} image cannot be decoded: ${(err as Error).message}`, 'corrupt_image');
      }
      const canvas = createCanvas(img.width, img.height);
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, img.width, img.height);
      ctx.drawImage(img, 0, 0);
      return toGray(ctx.getImageData(0, 0, img.width, img.height).data, img.width, img.height);
    },
  };
}
