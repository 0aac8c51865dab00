import { type EngineKind, nativeTesseractVersion } from '../../src/core/ocr/native.ts';

/**
 * The engines the real-OCR tests run against: the embedded one always, the native one when the
 * system has libtesseract 5 (CI installs it and sets REQUIRE_NATIVE_TESSERACT=1, so there it must be).
 */
export function ocrEngines(): EngineKind[] {
  const native = nativeTesseractVersion() !== null || process.env.REQUIRE_NATIVE_TESSERACT === '1';
  return native ? ['embedded', 'native'] : ['embedded'];
}
