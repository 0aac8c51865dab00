/**
 * What an OCR worker does with one page, whichever tesseract runs it (the embedded WebAssembly build
 * in a worker thread, or the system's libtesseract in a child process): recognize the page as it is,
 * read a table that the page layout read column by column again row by row (./table.ts), read a Thai
 * line again with its marks when tesseract cut them off as a line of their own (./marks-line.ts), then,
 * from the page with its table rules painted out (./rule-free.ts), read again the bands that hold ink
 * but no confident line (./recover.ts) and a line over the ink it stopped short of (./line-ends.ts),
 * read again with the English model the codes and numbers it read unsurely (./code-words.ts), read
 * numbers in Thai digits glyph by glyph (./thai-digits.ts) and, only when the result looks like a page
 * lying on its side or upside down, run orientation detection so the engine can turn it upright. Runs
 * inside a worker, never in the main thread.
 */
import { rereadCodes } from './code-words.ts';
import { rereadThaiDigits } from './thai-digits.ts';
import type { InkImage } from './ink.ts';
import { ORIENTATION_CHECK_BELOW, PAGE_ACTION, type PageReply, type PageRequest } from './protocol.ts';
import { encodePgm, type GrayImage, type QuarterTurn } from './raster.ts';
import { readLineEnds } from './line-ends.ts';
import { rejoinMarks } from './marks-line.ts';
import { lineHeight, recoverLines } from './recover.ts';
import { pageWithoutRules } from './rule-free.ts';
import { withEngineLines } from './spacing.ts';
import { readTablesByRow } from './table.ts';
import { tsvToBlocks } from './tsv.ts';
import type { BBox, OcrBlock } from './types.ts';

/** Milliseconds per stage of one page, filled in by whoever did the work. */
export type StageTimes = Record<string, number>;

/** One page as a tesseract instance sees it. */
export interface PageInput {
  /** PGM (P5) bytes. */
  image: Uint8Array;
  /** Declared resolution, when known. */
  dpi?: number;
}

/** What recognition returns: tesseract's own text, its TSV, its mean confidence (0-100). */
export interface Recognition {
  text: string;
  tsv: string;
  confidence: number;
  /** Radians the image was turned clockwise to level its lines before recognition (0: as it was). */
  skewRadians: number;
}

/**
 * Skew below which a page is recognized as it is (2°). Tesseract's own line finding follows lines
 * that slope up to about that much, and straightening resamples the image: on `bench/fidelity.ts`'s
 * scans (turned 0.3-1.5°) it lost thin tone marks and cost more than it gained (one page's order-free
 * error 0.027 as scanned, 0.143 straightened; 3 of 4 pages above 1° worse), and at 0.7° it dropped a
 * table's total row. Above 2°, lines drift by more than their height across a wide page and tesseract's
 * layout analysis splits a label from its value onto separate lines, so the page is straightened first.
 */
export const MIN_DESKEW_RADIANS = (2 * Math.PI) / 180;

/**
 * Measures the page's skew with tesseract's own layout analysis and, when it reaches
 * {@link MIN_DESKEW_RADIANS}, has the engine turn the image level. Returns the radians turned.
 */
export function deskew(ms: StageTimes, measure: () => number, rotate: (radians: number) => void): number {
  return timed(ms, 'deskew', () => {
    const radians = measure();
    if (!Number.isFinite(radians) || Math.abs(radians) < MIN_DESKEW_RADIANS) return 0;
    rotate(radians);
    return radians;
  });
}

/** One tesseract instance owned by a worker. Calls are never concurrent. */
export interface Tesseract {
  /** Makes `lang` (e.g. `tha+eng`) the recognition language, loading its data when it is not already. */
  use(lang: string, ms: StageTimes): Promise<void>;
  /**
   * Recognizes the page, straightened first when it is skewed (see {@link deskew}). The page stays set
   * (for {@link Tesseract.binarized} and {@link Tesseract.readRegion}) until {@link Tesseract.release}.
   */
  recognize(page: PageInput, ms: StageTimes): Recognition;
  /** The page last recognized as tesseract binarized it (the coordinates of its boxes), when it can tell. */
  binarized(): InkImage | undefined;
  /** Recognizes `box` of the page last recognized on its own, as one line or one block of text. */
  readRegion(box: BBox, singleLine: boolean): Pick<Recognition, 'text' | 'tsv'>;
  /** The page last recognized as tesseract holds it, as gray, when it is gray or colour and was not straightened. */
  inputGray(): GrayImage | undefined;
  /**
   * Makes `image` (PGM bytes of the page last recognized, same size) what {@link Tesseract.readRegion}
   * and {@link Tesseract.readLatin} read from now on, until {@link Tesseract.release}.
   */
  readRegionsFrom(image: Uint8Array): void;
  /**
   * Recognizes `box` of the page last recognized with the English model alone (Latin letters, digits
   * and punctuation), as one line or one word.
   */
  readLatin(box: BBox, as: 'line' | 'word'): Pick<Recognition, 'text' | 'tsv'>;
  /** Forgets the page last recognized. */
  release(): void;
  /** Tesseract OSD: the clockwise quarter turn that makes the page upright, with its confidence. */
  orientation(page: PageInput, ms: StageTimes): Promise<PageReply['orientation']>;
  /** Memory the instance holds that never shrinks (the pool recycles above a limit). */
  heapBytes(): number;
  /** Recent diagnostics from tesseract, quoted when a page fails. */
  diagnostics(): string;
}

/** A protocol message to a worker. */
export interface Packet {
  workerId: string;
  jobId: string;
  action: string;
  payload: unknown;
}

/** Runs `fn` and adds its wall time to `ms[stage]`. */
export function timed<T>(ms: StageTimes, stage: string, fn: () => T): T {
  const started = performance.now();
  try {
    return fn();
  } finally {
    ms[stage] = (ms[stage] ?? 0) + Math.round(performance.now() - started);
  }
}

/** Like {@link timed} for async work. */
export async function timedAsync<T>(ms: StageTimes, stage: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    ms[stage] = (ms[stage] ?? 0) + Math.round(performance.now() - started);
  }
}

/** True when most text lines run top to bottom: tesseract read a page lying on its side. */
function mostlyVertical(blocks: OcrBlock[]): boolean {
  let vertical = 0;
  let total = 0;
  for (const line of blocks.flatMap((b) => b.lines)) {
    const [x0, y0, x1, y1] = line.bbox;
    total += line.words.length;
    if (y1 - y0 > (x1 - x0) * 1.5) vertical += line.words.length;
  }
  return total > 0 && vertical * 2 > total;
}

/** The page's text as the engine's lines spell them: lines on their own line, blocks apart by an empty line. */
const engineText = (blocks: OcrBlock[]) =>
  `${blocks.map((b) => b.lines.map((l) => l.text).join('\n')).join('\n\n')}\n`;

/** Recognizes one page (see the module comment). */
export async function readPage(tess: Tesseract, req: PageRequest): Promise<PageReply> {
  const ms: StageTimes = {};
  await tess.use(req.lang, ms);
  const page = { image: req.image, dpi: req.dpi };
  const rec = tess.recognize(page, ms);
  let blocks: OcrBlock[];
  let text = rec.text;
  try {
    blocks = timed(ms, 'layout', () => withEngineLines(tsvToBlocks(rec.tsv), rec.text, false));
    const ink = timed(ms, 'recover', () => tess.binarized());
    if (ink) {
      const read = (box: BBox, singleLine: boolean) => {
        const region = tess.readRegion(box, singleLine);
        return withEngineLines(tsvToBlocks(region.tsv), region.text, false);
      };
      const tables = timed(ms, 'recover', () => readTablesByRow(blocks, read, ink));
      if (tables.tables) [blocks, text] = [tables.blocks, engineText(tables.blocks)];
      const marks = timed(ms, 'recover', () => rejoinMarks(blocks, read, ink));
      if (marks.rejoined) [blocks, text] = [marks.blocks, engineText(marks.blocks)];
      // From here on regions are read from the page without its rules, made the first time one is read
      // (a page read cleanly does not pay for finding its rules).
      const lh = lineHeight(blocks.flatMap((b) => b.lines));
      let ruleFree = false;
      const withoutRules = () => {
        if (ruleFree) return;
        ruleFree = true;
        const gray = tess.inputGray();
        const clean = gray && pageWithoutRules(gray, lh);
        if (clean) tess.readRegionsFrom(encodePgm(clean));
      };
      const readClean = (box: BBox, singleLine: boolean) => {
        withoutRules();
        return read(box, singleLine);
      };
      const recovered = timed(ms, 'recover', () => recoverLines(blocks, ink, readClean));
      if (recovered.added) [blocks, text] = [recovered.blocks, engineText(recovered.blocks)];
      const ends = timed(ms, 'recover', () => readLineEnds(blocks, ink, readClean));
      if (ends.extended) [blocks, text] = [ends.blocks, engineText(ends.blocks)];
      const latin = (box: BBox, as: 'line' | 'word') => {
        withoutRules();
        return tsvToBlocks(tess.readLatin(box, as).tsv);
      };
      const codes = timed(ms, 'codes', () => rereadCodes(blocks, latin, ink));
      if (codes.changed) [blocks, text] = [codes.blocks, engineText(codes.blocks)];
      const digits = timed(ms, 'digits', () => rereadThaiDigits(blocks, ink));
      if (digits.changed) [blocks, text] = [digits.blocks, engineText(digits.blocks)];
    }
  } finally {
    tess.release();
  }
  let orientation: PageReply['orientation'];
  if (req.detectOrientation && (rec.confidence < ORIENTATION_CHECK_BELOW || mostlyVertical(blocks)))
    orientation = await tess.orientation(page, ms);
  return {
    text,
    confidence: rec.confidence,
    blocks,
    skewRadians: rec.skewRadians,
    orientation,
    heapBytes: tess.heapBytes(),
    ms,
  };
}

/** The clockwise quarter turn for tesseract's OSD orientation id (0 upright, 1 = 90° counter-clockwise...). */
export const turnOfOrientationId = (id: number): QuarterTurn => ([0, 270, 180, 90] as QuarterTurn[])[id] ?? 0;

/** Answers one protocol message with `send` (a worker thread's postMessage or a child's process.send). */
export function answer(tess: Tesseract, packet: Packet, send: (message: unknown) => void): Promise<void> {
  const { workerId, jobId, action } = packet;
  const reply = (status: 'resolve' | 'reject', data: unknown) =>
    send({ workerId, jobId, action, status, data });
  if (action !== PAGE_ACTION) {
    reply('reject', `Unknown action ${action}`);
    return Promise.resolve();
  }
  return readPage(tess, packet.payload as PageRequest).then(
    (data) => reply('resolve', data),
    (err: unknown) => {
      const detail = tess.diagnostics();
      reply('reject', `${(err as Error)?.message ?? err}${detail ? ` (tesseract: ${detail})` : ''}`);
    },
  );
}
