import type { Config } from '../../config.ts';
import { TesseractEngine } from './engine.ts';
import { resolveEngine } from './native.ts';
import type { OcrEngine } from './types.ts';

/**
 * The production OCR engine for this configuration: the system's libtesseract 5 in child processes when
 * it is installed (or asked for), else tesseract.js workers embedded in the binary. Nothing starts until
 * the first page is recognized, so building services stays cheap.
 */
export function createOcrEngine(config: Config): OcrEngine {
  return new TesseractEngine({
    workers: config.ocr.workers,
    pageTimeoutMs: config.ocr.pageTimeoutMs,
    lang: config.ocr.lang,
    maxPixels: config.ocr.maxPixels,
    engine: resolveEngine(config.ocr.engine),
  });
}
