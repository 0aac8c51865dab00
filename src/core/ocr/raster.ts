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
/** Luminance below which a colourless, opaque pixel is text ink. */
const TEXT_INK = 96;

const chromaOf = (r: number, g: number, b: number) =>
  (r > g ? (r > b ? r : b) : g > b ? g : b) - (r < g ? (r < b ? r : b) : g < b ? g : b);

/**
 * The coloured pixels (chroma above {@link COLOUR_CHROMA}) of the connected patches of coloured ink that
 * touch dark colourless (text) ink somewhere: a stamp printed over a line. Patches touching no text (a
 * red title, a blue letterhead, a stamp's own words clear of the text) are not marked.
 */
function colourOnText(
  pixels: Uint8Array | Uint8ClampedArray,
  width: number,
  height: number,
  channels: 3 | 4,
): Uint8Array {
  const n = width * height;
  const COLOUR = 1;
  const TEXT = 2;
  const kind = new Uint8Array(n);
  for (let i = 0, p = 0; i < n; i++, p += channels) {
    const r = pixels[p] as number;
    const g = pixels[p + 1] as number;
    const b = pixels[p + 2] as number;
    if (chromaOf(r, g, b) > COLOUR_CHROMA) kind[i] = COLOUR;
    else if (
      (channels === 3 || (pixels[p + 3] as number) >= 128) &&
      (r * 77 + g * 150 + b * 29) >> 8 < TEXT_INK
    )
      kind[i] = TEXT;
  }
  const marked = new Uint8Array(n);
  const patch = new Int32Array(n);
  for (let start = 0; start < n; start++) {
    if (kind[start] !== COLOUR) continue;
    let size = 0;
    let touches = false;
    patch[size++] = start;
    kind[start] = 0;
    for (let k = 0; k < size; k++) {
      const i = patch[k] as number;
      const x = i % width;
      const y = (i / width) | 0;
      for (let ny = Math.max(0, y - 1); ny <= Math.min(height - 1, y + 1); ny++)
        for (let nx = Math.max(0, x - 1); nx <= Math.min(width - 1, x + 1); nx++) {
          const j = ny * width + nx;
          if (kind[j] === TEXT) touches = true;
          else if (kind[j] === COLOUR) {
            kind[j] = 0;
            patch[size++] = j;
          }
        }
    }
    if (touches) for (let k = 0; k < size; k++) marked[patch[k] as number] = 1;
  }
  return marked;
}

/**
 * Grayscale from RGBA (or RGB when `channels` is 3), composited on white so transparent scans stay readable.
 * Strongly coloured ink in a patch that touches dark colourless text (a red or blue rubber stamp printed
 * over a line) is lightened to its brightest channel, the way a scanner's colour dropout does, so it no
 * longer reads as dark as the text under it: a pixel whose chroma is at most {@link COLOUR_CHROMA} keeps
 * its luminance, one twice as colourful takes its brightest channel, in between a blend. Coloured ink
 * clear of text (a red title, a blue letterhead, a stamp's own words) is content and keeps its
 * luminance. A page with fewer than one coloured pixel in {@link COLOUR_INK_RARITY} (gray, or colour
 * noise only) converts exactly as plain luminance; `colourInk` says whether any pixel was lightened.
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
  const onText =
    coloured > 0 && coloured * COLOUR_INK_RARITY >= n
      ? colourOnText(pixels, width, height, channels)
      : undefined;
  let colourInk = false;
  const data = new Uint8Array(n);
  for (let i = 0, p = 0; i < n; i++, p += channels) {
    const r = pixels[p] as number;
    const g = pixels[p + 1] as number;
    const b = pixels[p + 2] as number;
    let y = (r * 77 + g * 150 + b * 29) >> 8;
    if (onText?.[i]) {
      const max = r > g ? (r > b ? r : b) : g > b ? g : b;
      y = Math.round(y + (max - y) * Math.min(1, (chromaOf(r, g, b) - COLOUR_CHROMA) / COLOUR_CHROMA));
      colourInk = true;
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

/**
 * A leptonica image's pixels as gray: `words` are its rows of 32-bit words (`wpl` a row) as they lie in
 * memory on a little-endian machine; 8-bit pixels are taken as they are, 32-bit RGB ones as luminance.
 * Undefined for other depths (a 1-bit page has no gray to give).
 */
export function pixToGray(words: Uint32Array, width: number, height: number, depth: number, wpl: number) {
  if (depth !== 8 && depth !== 32) return undefined;
  const data = new Uint8Array(width * height);
  const bytes = new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      if (depth === 8) {
        data[y * width + x] = bytes[(y * wpl * 4 + x) ^ 3] as number;
        continue;
      }
      const v = words[y * wpl + x] as number;
      data[y * width + x] =
        (((v >>> 24) & 255) * 77 + ((v >>> 16) & 255) * 150 + ((v >>> 8) & 255) * 29) >> 8;
    }
  return { width, height, data } satisfies GrayImage;
}

/** Binary PGM (P5): the cheapest format the OCR worker's image reader understands. */
export function encodePgm(img: GrayImage): Uint8Array {
  const header = new TextEncoder().encode(`P5\n${img.width} ${img.height}\n255\n`);
  const out = new Uint8Array(header.length + img.data.length);
  out.set(header);
  out.set(img.data, header.length);
  return out;
}
