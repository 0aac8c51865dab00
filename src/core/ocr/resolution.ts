/**
 * The resolution an image file declares (PNG pHYs, JPEG JFIF or EXIF, BMP, TIFF), which tesseract's
 * page layout depends on: without it tesseract guesses from the text size, and on table-heavy pages the
 * guess can drop whole tables. Native `tesseract` reads the same fields through leptonica.
 */

/** Resolutions tesseract itself accepts (it ignores a declared resolution outside this range). */
const CREDIBLE = { min: 70, max: 2400 };

const credible = (dpi: number | undefined) =>
  dpi !== undefined && Number.isFinite(dpi) && dpi >= CREDIBLE.min && dpi <= CREDIBLE.max
    ? Math.round(dpi)
    : undefined;

const INCH_PER_METER = 0.0254;

function pngDpi(b: Uint8Array): number | undefined {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let at = 8; at + 12 <= b.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...b.subarray(at + 4, at + 8));
    if (type === 'pHYs' && length >= 9 && b[at + 16] === 1) return view.getUint32(at + 8) * INCH_PER_METER;
    if (type === 'IDAT' || type === 'IEND') return undefined;
    at += 12 + length;
  }
  return undefined;
}

/** A TIFF-structured block (EXIF or a TIFF file) starting at `base`: XResolution in dots per inch. */
function tiffDpi(view: DataView, base: number): number | undefined {
  const little = view.getUint16(base) === 0x4949;
  const u16 = (at: number) => view.getUint16(base + at, little);
  const u32 = (at: number) => view.getUint32(base + at, little);
  const ifd = u32(4);
  let x: number | undefined;
  let unit = 2;
  for (let i = 0, n = u16(ifd); i < n; i++) {
    const entry = ifd + 2 + i * 12;
    const tag = u16(entry);
    if (tag === 0x011a) {
      const at = u32(entry + 8);
      const den = u32(at + 4);
      x = den ? u32(at) / den : undefined;
    } else if (tag === 0x0128) unit = u16(entry + 8);
  }
  if (x === undefined || unit === 1) return undefined;
  return unit === 3 ? x * 2.54 : x;
}

function jpegDpi(b: Uint8Array): number | undefined {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let exif: number | undefined;
  for (let at = 2; at + 4 <= b.length && b[at] === 0xff; ) {
    const marker = b[at + 1] as number;
    const length = view.getUint16(at + 2);
    const body = at + 4;
    if (marker === 0xe0 && String.fromCharCode(...b.subarray(body, body + 5)) === 'JFIF\0') {
      const unit = b[body + 7];
      const x = view.getUint16(body + 8);
      if (unit === 1) return x;
      if (unit === 2) return x * 2.54;
    } else if (marker === 0xe1 && String.fromCharCode(...b.subarray(body, body + 6)) === 'Exif\0\0')
      exif = body + 6;
    if (marker === 0xda) break;
    at += 2 + length;
  }
  return exif === undefined ? undefined : tiffDpi(view, exif);
}

function bmpDpi(b: Uint8Array): number | undefined {
  if (b.length < 46) return undefined;
  const ppm = new DataView(b.buffer, b.byteOffset, b.byteLength).getInt32(38, true);
  return ppm > 0 ? ppm * INCH_PER_METER : undefined;
}

/**
 * The horizontal resolution `bytes` declares, in dots per inch, when tesseract would believe it
 * (70-2400); undefined when the file says nothing usable. Never throws: a damaged header just declares
 * nothing.
 */
export function declaredDpi(bytes: Uint8Array, mime: string): number | undefined {
  try {
    if (mime === 'image/png') return credible(pngDpi(bytes));
    if (mime === 'image/jpeg') return credible(jpegDpi(bytes));
    if (mime === 'image/bmp') return credible(bmpDpi(bytes));
    if (mime === 'image/tiff')
      return credible(tiffDpi(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), 0));
  } catch {
    // A header too short for the offsets it claims declares nothing.
  }
  return undefined;
}

/** The long side of the largest paper a document scan is taken to be (A3 is 16.5 in, tabloid 17 in). */
const LARGEST_PAGE_INCHES = 17;
/** An A4 or Letter page, which a scan without a believable resolution is taken to be: long and short side. */
const PAGE_INCHES = { long: 11.69, short: 8.5 };

/**
 * The resolution to tell tesseract for a scanned image of `width` x `height` pixels declaring `declared`
 * dpi. A declared resolution is kept when the page it implies fits on paper. A missing one, or one that
 * makes the page larger than any paper (the 72 dpi many programs write whatever the scan), is replaced by
 * the resolution at which the image is an A4 or Letter page: tesseract's layout falls back to 70 dpi and
 * loses tables and columns, while its reading barely changes anywhere from 150 to 400 dpi. Undefined when
 * even that is not credible (a small image): tesseract then estimates it from the text size.
 */
export function scanDpi(declared: number | undefined, width: number, height: number): number | undefined {
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  if (declared !== undefined && long / declared <= LARGEST_PAGE_INCHES) return declared;
  return credible(Math.max(long / PAGE_INCHES.long, short / PAGE_INCHES.short));
}
