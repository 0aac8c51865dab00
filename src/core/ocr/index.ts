import type { Config } from '../../config.ts';
import { AppError } from '../../errors.ts';
import type { OcrEngine } from './types.ts';

/**
 * The production OCR engine for this configuration.
 * TODO(issue 3): the tesseract.js pool replaces this placeholder, which fails every page clearly.
 */
export function createOcrEngine(_config: Config): OcrEngine {
  return {
    name: 'none',
    async recognize() {
      throw new AppError('not_implemented', 'The OCR engine is not available in this build');
    },
    status: () => ({ workers: 0, busy: 0, queued: 0 }),
    close: async () => {},
  };
}
