/**
 * The system's libtesseract 5 through Bun's FFI (its C API, capi.h): the engine behind `tesseract` on
 * the command line, with the CPU's own vector instructions. Pages are read only inside the native OCR
 * child process (src/core/ocr/native-worker.ts): a crash or abort inside the library ends that child,
 * which the pool replaces. The server and CLI processes only ask for the version (`installedVersion`),
 * which binds one symbol and closes the library again.
 */
import { CString, dlopen, FFIType, type Pointer, ptr, toArrayBuffer } from 'bun:ffi';
import type { InkImage } from './ink.ts';
import { type GrayImage, pixToGray } from './raster.ts';

/** Names the libraries go by (Linux, macOS); leptonica is tesseract's image library. */
const LIBRARY_NAMES = ['libtesseract.so.5', 'libtesseract.5.dylib', 'libtesseract.so', 'libtesseract.dylib'];
const LEPTONICA_NAMES = [
  'liblept.so.5',
  'libleptonica.so.6',
  'liblept.5.dylib',
  'libleptonica.6.dylib',
  'liblept.so',
  'libleptonica.so',
];

const SYMBOLS = {
  TessVersion: { args: [], returns: FFIType.ptr },
  TessBaseAPICreate: { args: [], returns: FFIType.ptr },
  TessBaseAPIDelete: { args: [FFIType.ptr], returns: FFIType.void },
  TessBaseAPIInit2: { args: [FFIType.ptr, FFIType.ptr, FFIType.ptr, FFIType.i32], returns: FFIType.i32 },
  TessBaseAPISetVariable: { args: [FFIType.ptr, FFIType.ptr, FFIType.ptr], returns: FFIType.i32 },
  TessBaseAPISetImage2: { args: [FFIType.ptr, FFIType.ptr], returns: FFIType.void },
  TessBaseAPIRecognize: { args: [FFIType.ptr, FFIType.ptr], returns: FFIType.i32 },
  TessBaseAPIGetUTF8Text: { args: [FFIType.ptr], returns: FFIType.ptr },
  TessBaseAPIGetTsvText: { args: [FFIType.ptr, FFIType.i32], returns: FFIType.ptr },
  TessBaseAPIMeanTextConf: { args: [FFIType.ptr], returns: FFIType.i32 },
  TessBaseAPIDetectOrientationScript: {
    args: [FFIType.ptr, FFIType.ptr, FFIType.ptr, FFIType.ptr, FFIType.ptr],
    returns: FFIType.i32,
  },
  TessBaseAPIClear: { args: [FFIType.ptr], returns: FFIType.void },
  TessBaseAPIGetThresholdedImage: { args: [FFIType.ptr], returns: FFIType.ptr },
  TessBaseAPISetRectangle: {
    args: [FFIType.ptr, FFIType.i32, FFIType.i32, FFIType.i32, FFIType.i32],
    returns: FFIType.void,
  },
  TessDeleteText: { args: [FFIType.ptr], returns: FFIType.void },
} as const;

const LEPTONICA_SYMBOLS = {
  pixReadMem: { args: [FFIType.ptr, FFIType.u64], returns: FFIType.ptr },
  pixConvertTo1: { args: [FFIType.ptr, FFIType.i32], returns: FFIType.ptr },
  pixFindSkew: { args: [FFIType.ptr, FFIType.ptr, FFIType.ptr], returns: FFIType.i32 },
  pixRotate: {
    args: [FFIType.ptr, FFIType.f32, FFIType.i32, FFIType.i32, FFIType.i32, FFIType.i32],
    returns: FFIType.ptr,
  },
  pixDestroy: { args: [FFIType.ptr], returns: FFIType.void },
  pixGetWidth: { args: [FFIType.ptr], returns: FFIType.i32 },
  pixGetHeight: { args: [FFIType.ptr], returns: FFIType.i32 },
  pixGetDepth: { args: [FFIType.ptr], returns: FFIType.i32 },
  pixGetWpl: { args: [FFIType.ptr], returns: FFIType.i32 },
  pixGetData: { args: [FFIType.ptr], returns: FFIType.ptr },
  pixGetColormap: { args: [FFIType.ptr], returns: FFIType.ptr },
} as const;

type Lib = ReturnType<typeof dlopen<typeof SYMBOLS>>;
type Leptonica = ReturnType<typeof dlopen<typeof LEPTONICA_SYMBOLS>>;

function openFirst<T extends Record<string, { args: readonly FFIType[]; returns: FFIType }>>(
  names: string[],
  symbols: T,
) {
  for (const name of names) {
    try {
      return dlopen(name, symbols);
    } catch {
      // Not under this name: try the next.
    }
  }
  return undefined;
}

/** Opens the first libtesseract found, or returns undefined. */
export function openLibtesseract(): Lib | undefined {
  return openFirst(LIBRARY_NAMES, SYMBOLS);
}

/** Opens libtesseract and its leptonica together, or returns undefined when either is missing. */
export function openLibraries(): { lib: Lib; lept: Leptonica } | undefined {
  const lib = openLibtesseract();
  const lept = lib && openFirst(LEPTONICA_NAMES, LEPTONICA_SYMBOLS);
  return lib && lept ? { lib, lept } : undefined;
}

/**
 * The version of the installed libtesseract (e.g. `5.3.0`) when leptonica is there too, else null.
 * Binds one symbol of each: this runs in processes that only decide which engine to use, which need
 * no trampolines for the rest of the API.
 */
export function installedVersion(): string | null {
  const lib = openFirst(LIBRARY_NAMES, { TessVersion: SYMBOLS.TessVersion });
  const lept = lib && openFirst(LEPTONICA_NAMES, { pixDestroy: LEPTONICA_SYMBOLS.pixDestroy });
  const version = lib && lept ? String(new CString(lib.symbols.TessVersion() as Pointer)) : null;
  lib?.close();
  lept?.close();
  return version;
}

const cstr = (s: string) => Buffer.from(`${s}\0`, 'utf8');

/** leptonica's rotation by area mapping (what tesseract.js uses to deskew), white brought in at the edges. */
const L_ROTATE_AREA_MAP = 1;
const L_BRING_IN_WHITE = 1;
/** Gray level below which a pixel is ink when the page is binarized to measure skew (pixDeskew's default). */
const BINARY_THRESHOLD = 130;
/** pixFindSkew's confidence below which pixDeskew leaves a page as it is. */
const MIN_SKEW_CONFIDENCE = 3;

/** One TessBaseAPI handle. */
export class TessHandle {
  private readonly handle: Pointer;

  constructor(
    private readonly lib: Lib,
    private readonly lept: Leptonica,
  ) {
    this.handle = lib.symbols.TessBaseAPICreate() as Pointer;
  }

  /** Loads `lang` from `datapath` (a tessdata directory) with engine mode `oem`; throws when it fails. */
  init(datapath: string, lang: string, oem: number): void {
    if (this.lib.symbols.TessBaseAPIInit2(this.handle, cstr(datapath), cstr(lang), oem) !== 0)
      throw new Error(`libtesseract could not load ${lang} from ${datapath}`);
  }

  set(name: string, value: string): void {
    this.lib.symbols.TessBaseAPISetVariable(this.handle, cstr(name), cstr(value));
  }

  /** The page image as read, kept until {@link clear} so it can be deskewed. */
  private pix: Pointer | null = null;

  /** Sets the page from an image file's bytes (PNM, PNG, JPEG, TIFF...), decoded by leptonica. */
  setImage(file: Uint8Array): void {
    this.releaseImage();
    const pix = this.lept.symbols.pixReadMem(ptr(file), file.byteLength) as Pointer | null;
    if (!pix) throw new Error('The page image could not be read');
    this.pix = pix;
    this.lib.symbols.TessBaseAPISetImage2(this.handle, pix);
  }

  /**
   * The page's skew as leptonica measures it on the binarized page (`pixFindSkew`, the search
   * `pixDeskew` and OCRmyPDF's `--deskew` use): radians to turn the image clockwise for its text lines
   * to run level, 0 when the measure is not confident. (libtesseract's C API has no `GetGradient`, and
   * the first block's deskew angle from layout analysis misses skews of a few degrees.)
   */
  skew(): number {
    if (!this.pix) return 0;
    const binary = this.lept.symbols.pixConvertTo1(this.pix, BINARY_THRESHOLD) as Pointer | null;
    if (!binary) return 0;
    const found = new Float32Array(2);
    try {
      if (this.lept.symbols.pixFindSkew(binary, ptr(found, 0), ptr(found, 4)) !== 0) return 0;
    } finally {
      this.lept.symbols.pixDestroy(ptr(new BigUint64Array([BigInt(binary)])));
    }
    const [degrees, confidence] = found as unknown as [number, number];
    return confidence >= MIN_SKEW_CONFIDENCE ? (degrees * Math.PI) / 180 : 0;
  }

  /** Replaces the page with the image as read turned `radians` clockwise about its centre. */
  rotateImage(radians: number): void {
    if (!this.pix) throw new Error('No page image to rotate');
    const turned = this.lept.symbols.pixRotate(this.pix, radians, L_ROTATE_AREA_MAP, L_BRING_IN_WHITE, 0, 0);
    if (!turned) throw new Error('The page image could not be rotated');
    this.lib.symbols.TessBaseAPISetImage2(this.handle, turned);
    // tesseract holds its own reference to the image: release ours.
    this.lept.symbols.pixDestroy(ptr(new BigUint64Array([BigInt(turned as Pointer)])));
  }

  private releaseImage(): void {
    if (!this.pix) return;
    this.lept.symbols.pixDestroy(ptr(new BigUint64Array([BigInt(this.pix)])));
    this.pix = null;
  }

  recognize(): void {
    if (this.lib.symbols.TessBaseAPIRecognize(this.handle, null) !== 0)
      throw new Error('libtesseract failed to recognize the page');
  }

  /** The page as tesseract binarized it for the last recognition (straightened when it was), or undefined. */
  binarized(): InkImage | undefined {
    const lept = this.lept.symbols;
    const pix = this.lib.symbols.TessBaseAPIGetThresholdedImage(this.handle) as Pointer | null;
    if (!pix) return undefined;
    try {
      const [width, height, wpl] = [lept.pixGetWidth(pix), lept.pixGetHeight(pix), lept.pixGetWpl(pix)];
      const data = lept.pixGetData(pix) as Pointer | null;
      if (lept.pixGetDepth(pix) !== 1 || !data || width <= 0 || height <= 0) return undefined;
      const words = new Uint32Array(toArrayBuffer(data, 0, wpl * height * 4).slice(0));
      return { width, height, wpl, words };
    } finally {
      lept.pixDestroy(ptr(new BigUint64Array([BigInt(pix)])));
    }
  }

  /** The page image as set (not straightened), as gray; undefined for a 1-bit or palette image, or none. */
  inputGray(): GrayImage | undefined {
    const lept = this.lept.symbols;
    const pix = this.pix;
    const data = pix && (lept.pixGetData(pix) as Pointer | null);
    if (!pix || !data || lept.pixGetColormap(pix)) return undefined;
    const [width, height, wpl] = [lept.pixGetWidth(pix), lept.pixGetHeight(pix), lept.pixGetWpl(pix)];
    const words = new Uint32Array(toArrayBuffer(data, 0, wpl * height * 4));
    return pixToGray(words, width, height, lept.pixGetDepth(pix), wpl);
  }

  /** Limits the next recognition to a rectangle of the page (pixels of the image as set). */
  setRectangle(left: number, top: number, width: number, height: number): void {
    this.lib.symbols.TessBaseAPISetRectangle(this.handle, left, top, width, height);
  }

  private take(p: Pointer | null): string {
    if (!p) return '';
    try {
      return String(new CString(p));
    } finally {
      this.lib.symbols.TessDeleteText(p);
    }
  }

  text(): string {
    return this.take(this.lib.symbols.TessBaseAPIGetUTF8Text(this.handle) as Pointer | null);
  }

  tsv(): string {
    return this.take(this.lib.symbols.TessBaseAPIGetTsvText(this.handle, 0) as Pointer | null);
  }

  meanConfidence(): number {
    return this.lib.symbols.TessBaseAPIMeanTextConf(this.handle);
  }

  /** Orientation and script detection: the page's rotation in degrees (counter-clockwise) and its confidence. */
  detectOrientation(): { degrees: number; confidence: number } | undefined {
    const degrees = new Int32Array(1);
    const confidence = new Float32Array(1);
    const script = new BigUint64Array(1);
    const scriptConfidence = new Float32Array(1);
    const ok = this.lib.symbols.TessBaseAPIDetectOrientationScript(
      this.handle,
      ptr(degrees),
      ptr(confidence),
      ptr(script),
      ptr(scriptConfidence),
    );
    return ok ? { degrees: degrees[0] as number, confidence: confidence[0] as number } : undefined;
  }

  clear(): void {
    this.lib.symbols.TessBaseAPIClear(this.handle);
    this.releaseImage();
  }

  delete(): void {
    this.releaseImage();
    this.lib.symbols.TessBaseAPIDelete(this.handle);
  }
}
