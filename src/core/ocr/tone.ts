/**
 * Two inks of different tone on a gray page: black text and a lighter stamp printed over it (a red or
 * blue rubber stamp scanned in gray comes out mid-gray). Tesseract binarizes both as ink, and the
 * stamp's border and turned words, crossing the text, make its page layout drop or garble the lines
 * under it. When the page's ink has two tones (two peaks in its histogram, the lighter one clear of the
 * blur at the text's edges), the lighter ink can be lightened away the way a scanner's colour dropout
 * does, and the page read again with the dark ink alone (see `engine.ts`, which keeps whichever reading
 * holds more confident text: gray text that is content, not a stamp, keeps the first).
 */
import type { GrayImage } from './raster.ts';
import { confident, insertLine } from './recover.ts';
import type { BBox, OcrBlock } from './types.ts';

/** Width of the tone windows the histogram is read in (gray levels). */
const WINDOW = 8;
/** The text's tone is the darkest peak below this gray level. */
const TEXT_TONE_BELOW = 112;
/** A second ink is at least this much lighter than the text's. */
const MIN_TONE_GAP = 24;
/**
 * ...and darker than this: the middle between black and paper, about where tesseract's own (Otsu)
 * threshold falls on such a page. Lighter ink (a table's gray rules, shading) is binarized away anyway.
 */
const SECOND_TONE_BELOW = 128;
/** The valley between the two tones is at most this share of the second tone's peak. */
const VALLEY = 0.5;
/**
 * The second tone's peak is at least this share of the text's: a bump in the soft edges of black
 * text (a clean render's anti-aliasing) is far below it.
 */
const MIN_SECOND_PEAK = 0.1;
/** The cut is the lightest tone of the valley: at most this many times its floor. */
const VALLEY_FLOOR = 1.2;
/** The second tone's peak stands this many times above the tones just lighter than it (not a plateau). */
const PEAK_OVER_SHOULDER = 1.4;
/** The second ink covers at least one pixel in this many. */
const MIN_SECOND_INK = 2000;

/** Where a page's dark ink ends and its lighter second ink begins. */
export interface InkTones {
  /** The text's tone (its peak). */
  text: number;
  /** The second, lighter ink's tone (its peak). */
  second: number;
  /** The gray level between them (the valley): lighter pixels belong to the second ink or the paper. */
  cut: number;
}

/**
 * The two ink tones of `img` when it has two (see the module comment), else undefined: the darkest
 * peak of its histogram below {@link TEXT_TONE_BELOW}, and a lighter peak at least
 * {@link MIN_TONE_GAP} above it, at least {@link MIN_SECOND_PEAK} as high, with a valley between them
 * and a drop after it, covering at least one pixel in {@link MIN_SECOND_INK}.
 */
export function inkTones(img: GrayImage): InkTones | undefined {
  const h = new Float64Array(256);
  for (const v of img.data) h[v]++;
  const w = new Float64Array(256);
  for (let x = 0; x < 256; x++) {
    let s = 0;
    for (let k = x - WINDOW / 2; k < x + WINDOW / 2; k++) if (k >= 0 && k < 256) s += h[k] as number;
    w[x] = s;
  }
  let text = WINDOW / 2;
  for (let x = text; x < TEXT_TONE_BELOW; x++) if ((w[x] as number) > (w[text] as number)) text = x;
  const n = img.data.length;
  for (let s = text + MIN_TONE_GAP; s < SECOND_TONE_BELOW; s++) {
    const peak = w[s] as number;
    if (peak < (w[text] as number) * MIN_SECOND_PEAK) continue;
    let local = true;
    for (let k = s - 12; k <= s + 12 && local; k++) if ((w[k] as number) > peak) local = false;
    if (!local) continue;
    let floor = text;
    for (let x = text; x < s; x++) if ((w[x] as number) < (w[floor] as number)) floor = x;
    let cut = floor;
    for (let x = floor; x < s; x++) if ((w[x] as number) <= (w[floor] as number) * VALLEY_FLOOR) cut = x;
    let shoulder = peak;
    for (let x = s; x <= s + 40 && x < 256; x++) shoulder = Math.min(shoulder, w[x] as number);
    if ((w[floor] as number) > peak * VALLEY || peak < shoulder * PEAK_OVER_SHOULDER) continue;
    let mass = 0;
    for (let x = cut; x <= Math.min(255, 2 * s - cut); x++) mass += h[x] as number;
    if (mass * MIN_SECOND_INK < n) continue;
    return { text, second: s, cut };
  }
  return undefined;
}

/**
 * `img` with only its dark ink: pixels at or above `cut` turn white, darker ones are stretched over
 * the whole range (so the text keeps its soft edges for tesseract's own binarization).
 */
export function darkInkOnly(img: GrayImage, cut: number): GrayImage {
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) lut[v] = v >= cut ? 255 : Math.round((v * 255) / cut);
  const data = new Uint8Array(img.data.length);
  for (let i = 0; i < data.length; i++) data[i] = lut[img.data[i] as number] as number;
  return { width: img.width, height: img.height, data };
}

const overlaps = (a: BBox, b: BBox) =>
  Math.min(a[2], b[2]) > Math.max(a[0], b[0]) && Math.min(a[3], b[3]) > Math.max(a[1], b[1]);

/**
 * The reading of the dark ink alone (`dark`) with the confident lines of the whole page's reading
 * (`whole`) that lie where the dark reading has no line: gray text that was content (a gray address,
 * the stamp's own words read cleanly) is kept, each line where it reads.
 */
export function withLinesOutside(dark: OcrBlock[], whole: OcrBlock[]): OcrBlock[] {
  const boxes = dark.flatMap((b) => b.lines.map((l) => l.bbox));
  const out = dark.map((b) => ({ ...b, lines: [...b.lines] }));
  for (const line of whole.flatMap((b) => b.lines))
    if (confident(line) && !boxes.some((b) => overlaps(b, line.bbox))) insertLine(out, line);
  return out;
}
