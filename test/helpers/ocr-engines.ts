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

/** A real Thai+English engine as the tests use it: generous page timeout for a loaded machine. */
export function testEngine(engine: EngineKind = 'embedded', workers = 1): TesseractEngine {
  return new TesseractEngine({
    workers,
    pageTimeoutMs: 120_000,
    lang: 'tha+eng',
    maxPixels: 50_000_000,
    engine,
  });
}
