import type { QuarterTurn } from './raster.ts';
import type { OcrBlock } from './types.ts';

/**
 * docserve's own action on top of tesseract.js's worker protocol: one page in, its text and layout out.
 * Messages keep tesseract.js's shape (`{ workerId, jobId, action, payload }` in,
 * `{ jobId, action, status: resolve | reject | progress, data }` out).
 */
export const PAGE_ACTION = 'docserve.page';

/**
 * Tesseract mean confidence (0-100) below which the worker also runs orientation detection (it also
 * does when most lines came out vertical).
 */
export const ORIENTATION_CHECK_BELOW = 75;

export interface PageRequest {
  /** A PGM (P5) image. */
  image: Uint8Array;
  /** Tesseract language string, e.g. `tha+eng`. */
  lang: string;
  /** Run orientation detection when the recognition looks poor. */
  detectOrientation: boolean;
  /** Let tesseract measure and correct small skew. */
  deskew: boolean;
  /** Resolution of the image when known (rendered PDF pages), else tesseract estimates it. */
  dpi?: number;
}

export interface PageReply {
  text: string;
  /** Tesseract mean confidence 0-100 (0 when nothing was recognized). */
  confidence: number;
  blocks: OcrBlock[];
  /** Skew tesseract corrected, in radians. */
  skewRadians: number;
  /** Set when orientation detection ran: the clockwise turn that makes the page upright. */
  orientation?: { turn: QuarterTurn; confidence: number };
  /** Size of the worker's WebAssembly heap after the page (it never shrinks: the pool recycles). */
  heapBytes: number;
  ms: { recognize: number; orientation?: number };
}
