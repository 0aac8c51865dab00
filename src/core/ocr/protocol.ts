import type { QuarterTurn } from './raster.ts';
import type { OcrBlock } from './types.ts';

/**
 * The one action an OCR worker answers: one page in, its text and layout out. Messages keep
 * tesseract.js's worker shape (`{ workerId, jobId, action, payload }` in,
 * `{ jobId, action, status: resolve | reject | progress, data }` out), for worker threads and child
 * processes alike.
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
  /** Resolution of the image when known (rendered PDF pages), else tesseract estimates it. */
  dpi?: number;
}

export interface PageReply {
  text: string;
  /** Tesseract mean confidence 0-100 (0 when nothing was recognized). */
  confidence: number;
  /** Layout from tesseract's TSV, each line's text as tesseract's own text spells it (its spaces kept). */
  blocks: OcrBlock[];
  /** Radians the worker turned the page clockwise to straighten it (0 when it was level enough). */
  skewRadians: number;
  /** Set when orientation detection ran: the clockwise turn that makes the page upright. */
  orientation?: { turn: QuarterTurn; confidence: number };
  /** Size of the worker's WebAssembly heap after the page (it never shrinks: the pool recycles). */
  heapBytes: number;
  /** Milliseconds per stage: start (engine start), languages (traineddata), image, recognize,
   * layout (text and boxes out), orientation; only the stages that ran. */
  ms: Record<string, number>;
}
