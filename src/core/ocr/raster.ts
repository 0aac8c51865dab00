/** An 8-bit grayscale raster, row-major, one byte per pixel (0 black, 255 white). */
export interface GrayImage {
  width: number;
  height: number;
  data: Uint8Array;
  /** Set by {@link toGray} when strongly coloured ink was lightened. */
  colourInk?: boolean;
}

/** Quarter turns, clockwise. */
export type QuarterTurn = 0 | 90 | 180 | 270;

/** Chroma (max - min channel) at or below which a pixel is gray as before; full suppression from twice it. */
export const COLOUR_CHROMA = 48;
/** Pixels per coloured one below which a page counts as without colour (scanner noise, not ink). */
const COLOUR_INK_RARITY = 10_000;

const chromaOf = (r: number, g: number, b: number) =>
  (r > g ? (r > b ? r : b) : g > b ? g : b) - (r < g ? (r < b ? r : b) : g < b ? g : b);

/**
 * Grayscale from RGBA (or RGB when `channels` is 3), composited on white so transparent scans stay readable.
 * Strongly coloured ink (a red or blue rubber stamp, a coloured logo) is lightened to its brightest
 * channel, the way a scanner's colour dropout does, so it no longer reads as dark as the black text it
 * lies on or next to: a pixel whose chroma is at most {@link COLOUR_CHROMA} keeps its luminance, one
 * twice as colourful takes its brightest channel, in between a blend. A page with fewer than one such
 * pixel in {@link COLOUR_INK_RARITY} (gray, or colour noise only) converts exactly as plain luminance;
 * `colourInk` says whether any pixel was lightened.
 */
export function toGray(
  pixels: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  channels: 3 | 4 = 4,
): GrayImage {
  const n = width * height;
  let coloured = 0;
  for (let p = 0; p < n * channels; p += channels)
    if (chromaOf(pixels[p] as number, pixels[p + 1] as number, pixels[p + 2] as number) > COLOUR_CHROMA)
      coloured++;
  const colourInk = coloured > 0 && coloured * COLOUR_INK_RARITY >= n;
  const data = new Uint8Array(n);
  for (let i = 0, p = 0; i < n; i++, p += channels) {
    const r = pixels[p] as number;
    const g = pixels[p + 1] as number;
    const b = pixels[p + 2] as number;
    let y = (r * 77 + g * 150 + b * 29) >> 8;
    const chroma = colourInk ? chromaOf(r, g, b) : 0;
    if (chroma > COLOUR_CHROMA) {
      const max = r > g ? (r > b ? r : b) : g > b ? g : b;
      y = Math.round(y + (max - y) * Math.min(1, (chroma - COLOUR_CHROMA) / COLOUR_CHROMA));
    }
    if (channels === 4) {
      const a = pixels[p + 3] as number;
      data[i] = a === 255 ? y : (y * a + 255 * (255 - a) + 127) / 255;
    } else data[i] = y;
  }
  return colourInk ? { width, height, data, colourInk } : { width, height, data };
}

/** Expands 1-bit rows (MSB first, rows padded to whole bytes) to gray; `oneIsWhite` picks the polarity. */
export function fromBits(bits: Uint8Array, width: number, height: number, oneIsWhite: boolean): GrayImage {
  const data = new Uint8Array(width * height);
  const stride = (width + 7) >> 3;
  const on = oneIsWhite ? 255 : 0;
  const off = 255 - on;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      data[y * width + x] = ((bits[y * stride + (x >> 3)] as number) >> (7 - (x & 7))) & 1 ? on : off;
  return { width, height, data };
}

/** Rotates clockwise by a quarter-turn multiple. */
export function rotateGray(img: GrayImage, turn: QuarterTurn): GrayImage {
  if (turn === 0) return img;
  const { width: w, height: h, data } = img;
  const out = new Uint8Array(w * h);
  if (turn === 180) {
    for (let i = 0, n = w * h; i < n; i++) out[n - 1 - i] = data[i] as number;
    return { width: w, height: h, data: out };
  }
  // 90: source (x, y) lands at (h - 1 - y, x); 270: at (y, w - 1 - x). Output is h wide.
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const v = data[y * w + x] as number;
      if (turn === 90) out[x * h + (h - 1 - y)] = v;
      else out[(w - 1 - x) * h + y] = v;
    }
  return { width: h, height: w, data: out };
}

/** Binary PGM (P5): the cheapest format the OCR worker's image reader understands. */
export function encodePgm(img: GrayImage): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${img.width} ${img.height}\n255\n`);
  const out = new Uint8Array(header.length + img.data.length);
  out.set(header);
  out.set(img.data, header.length);
  return out;
}
