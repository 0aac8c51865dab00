import type { Config } from '../../config.ts';
import type { Processing } from '../processing/pool.ts';
import { openPdfSourceIn } from '../processing/pdf-source.ts';
import { TesseractEngine } from './engine.ts';
import { resolveEngine } from './native.ts';
import type { OcrEngine } from './types.ts';

/**
 * The production OCR engine for this configuration: the system's libtesseract 5 in child processes when
 * it is installed (or asked for), else tesseract.js workers embedded in the binary. Nothing starts until
 * the first page is recognized, so building services stays cheap. PDF pages are parsed, decoded and
 * rendered by `processing` (the server's processing workers) when given, else in the calling thread.
 */
export function createOcrEngine(config: Config, processing?: Processing): OcrEngine {
  return new TesseractEngine({
    workers: config.ocr.workers,
    pageTimeoutMs: config.ocr.pageTimeoutMs,
    lang: config.ocr.lang,
    maxPixels: config.ocr.maxPixels,
    engine: resolveEngine(config.ocr.engine),
    openPdf: processing && ((path, maxPixels) => openPdfSourceIn(processing, path, maxPixels)),
  });
}
