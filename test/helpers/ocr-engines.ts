import { TesseractEngine } from '../../src/core/ocr/engine.ts';
import { type EngineKind, nativeTesseractVersion } from '../../src/core/ocr/native.ts';

/**
 * The engines the real-OCR tests run against: the embedded one always, the native one when the
 * system has libtesseract 5 (CI installs it and sets REQUIRE_NATIVE_TESSERACT=1, so there it must be).
 */
export function ocrEngines(): EngineKind[] {
  const native = nativeTesseractVersion() !== null || process.env.REQUIRE_NATIVE_TESSERACT === '1';
  return native ? ['embedded', 'native'] : ['embedded'];
}

/**
 * A real Thai+English engine as the tests use it, with no page timeout: on a loaded machine a page
 * the embedded worker (nice +10) reads in 3 s idle took 36-42 s at load 7-16, and a page abandoned
 * after a timeout comes back empty, so a test's outcome would depend on the load. Only the test's
 * own timeout bounds it.
 */
export function testEngine(engine: EngineKind = 'embedded', workers = 1): TesseractEngine {
  return new TesseractEngine({
    workers,
    pageTimeoutMs: 0,
    lang: 'tha+eng',
    maxPixels: 50_000_000,
    engine,
  });
}
