import { readFile } from 'node:fs/promises';
import { AppError } from '../../errors.ts';
import type { Point } from './geometry.ts';
import { imageFrames, storesColour } from './images.ts';
import type { GrayImage } from './raster.ts';
import { declaredDpi, scanDpi } from './resolution.ts';
import type { FileRef, PageResult } from './types.ts';

/** A page ready for OCR and how its pixels relate to the page's coordinate space. */
export interface PageImage {
  /** The page's pixels, or how to decode them (an image file is decoded only when it must be). */
  gray: GrayImage | (() => Promise<GrayImage>);
  /**
   * The image file as it is, when tesseract decodes that format itself (PNG, JPEG): nothing is decoded
   * in this process, as with native `tesseract file.png`. Its pixels are page space.
   */
  encoded?: Uint8Array;
  /** Size of the page's coordinate space (see {@link PageResult.width}). */
  width: number;
  height: number;
  /** Maps a point of `gray` into page space; absent when both coincide. */
  toPage?: PixelsToPage;
  /** Resolution of `gray` when known. */
  dpi?: number;
}

/**
 * How an image's pixels lie on its page: page point = (`x` * `sx` + `tx`, `y` * `sy` + `ty`). Plain data,
 * so a page image can come from a worker thread.
 */
export interface PixelsToPage {
  sx: number;
  sy: number;
  tx: number;
  ty: number;
}

/** A point of an image in its page's space. */
export function pixelToPage(map: PixelsToPage, [x, y]: Point): Point {
  return [x * map.sx + map.tx, y * map.sy + map.ty];
}

/** The pages of one file, read on demand. */
export interface DocumentSource {
  pageCount: number;
  /** The page's own text (a PDF text layer), or null when it has none. */
  text(page: number): Promise<PageResult | null>;
  /** The page as an image for OCR; throws `invalid_file` when it cannot be decoded. */
  image(page: number): Promise<PageImage>;
  close(): Promise<void>;
}

/**
 * Image formats tesseract (leptonica) reads as well as this process does: passed to it undecoded, unless
 * the file has strongly coloured ink, which is lightened here first (see `toGray`).
 */
const TESSERACT_READS = ['image/png', 'image/jpeg'];

/** Opens the pages of an image file (several for a multi-page TIFF). */
export async function openImageSource(file: FileRef, maxPixels: number): Promise<DocumentSource> {
  const bytes = await readFile(file.path);
  const frames = imageFrames(bytes, file.mime, maxPixels);
  const declared = declaredDpi(bytes, file.mime);
  const withDpi = <T extends { width: number; height: number }>(image: T) => {
    const dpi = scanDpi(declared, image.width, image.height);
    return dpi ? { ...image, dpi } : image;
  };
  return {
    pageCount: frames.count,
    text: async () => null,
    async image(page) {
      if (frames.size && TESSERACT_READS.includes(file.mime)) {
        const decoded = storesColour(bytes, file.mime) ? await frames.frame(0) : undefined;
        if (!decoded?.colourInk)
          return withDpi({ gray: () => frames.frame(0), encoded: bytes, ...frames.size });
        return withDpi({ gray: decoded, width: decoded.width, height: decoded.height });
      }
      const gray = await frames.frame(page - 1);
      return withDpi({ gray, width: gray.width, height: gray.height });
    },
    close: async () => {},
  };
}

/** Refuses files that are neither PDF nor a supported image. */
export function unsupported(mime: string): AppError {
  return new AppError(
    'unsupported_media_type',
    `OCR reads PDF, PNG, JPEG, TIFF, WebP, BMP and GIF files, not ${mime}`,
  );
}
