import type { PDFContext, PDFRef } from 'pdf-lib';

/** The parts of a PNG a PDF image needs to reuse its compressed data as it is. */
interface PngParts {
  width: number;
  height: number;
  bitDepth: number;
  /** 0 gray, 2 RGB, 3 palette (4 and 6 carry alpha and are not reused). */
  colorType: number;
  palette?: Uint8Array;
  /** The concatenated IDAT chunks: one zlib stream of filtered rows. */
  data: Uint8Array;
}

function pngParts(bytes: Uint8Array): PngParts | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 33 || view.getUint32(0) !== 0x89504e47) return undefined;
  let header: Omit<PngParts, 'data' | 'palette'> | undefined;
  let palette: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  for (let at = 8; at + 8 <= bytes.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    const body = bytes.subarray(at + 8, at + 8 + length);
    if (body.length < length) return undefined;
    if (type === 'IHDR') {
      if (body[12] !== 0) return undefined; // interlaced: rows are not in PDF order
      header = {
        width: view.getUint32(at + 8),
        height: view.getUint32(at + 12),
        bitDepth: body[8] as number,
        colorType: body[9] as number,
      };
    } else if (type === 'PLTE') palette = body;
    else if (type === 'tRNS')
      return undefined; // transparency would need a soft mask
    else if (type === 'IDAT') idat.push(body);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  if (!header || !idat.length || header.bitDepth > 8 || ![0, 2, 3].includes(header.colorType))
    return undefined;
  if (header.colorType === 3 && !palette) return undefined;
  const data = new Uint8Array(idat.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of idat) {
    data.set(c, offset);
    offset += c.length;
  }
  return { ...header, palette, data };
}

/**
 * A PNG as a PDF image XObject without decoding it: its IDAT data is already a FlateDecode stream with
 * PNG predictors, so it is written as it is (what img2pdf does for OCRmyPDF). Undefined for PNGs this
 * cannot carry over (alpha, transparency, 16 bits, interlacing): the caller decodes those.
 */
export function embedPngAsIs(
  ctx: PDFContext,
  bytes: Uint8Array,
): { ref: PDFRef; width: number; height: number } | undefined {
  const png = pngParts(bytes);
  if (!png) return undefined;
  const colors = png.colorType === 2 ? 3 : 1;
  const colorSpace =
    png.colorType === 3
      ? [
          'Indexed',
          'DeviceRGB',
          (png.palette as Uint8Array).length / 3 - 1,
          ctx.register(ctx.stream(png.palette as Uint8Array)),
        ]
      : png.colorType === 2
        ? 'DeviceRGB'
        : 'DeviceGray';
  const stream = ctx.stream(png.data, {
    Type: 'XObject',
    Subtype: 'Image',
    Width: png.width,
    Height: png.height,
    ColorSpace: colorSpace,
    BitsPerComponent: png.bitDepth,
    Filter: 'FlateDecode',
    DecodeParms: { Predictor: 15, Colors: colors, BitsPerComponent: png.bitDepth, Columns: png.width },
  });
  return { ref: ctx.register(stream), width: png.width, height: png.height };
}
