import { readFile } from 'node:fs/promises';
import type { FileRef, OcrEngine, OcrOptions, PageResult } from '../../src/core/ocr/types.ts';
import { normalizeThai } from '../../src/core/text/thai.ts';

/**
 * A fast stand-in for the tesseract pool in API tests: each "page" of a file is the text after
 * `FAKE-OCR:` markers found in its bytes (so tests control what OCR "reads"), else a fixed line.
 * The real engine has its own tests.
 */
export class FakeOcrEngine implements OcrEngine {
  readonly name = 'fake';
  calls = 0;
  /** When set, recognize() throws this error. */
  failWith: Error | undefined;
  private gate: Promise<void> | undefined;

  /**
   * Holds every recognize() call (running and later ones) until the returned release() is called, so a
   * test sees documents "still processing" however slow or fast the machine is.
   */
  hold(): () => void {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    this.gate = gate;
    return () => {
      if (this.gate === gate) this.gate = undefined;
      release();
    };
  }

  async recognize(file: FileRef, opts: OcrOptions = {}): Promise<PageResult[]> {
    this.calls++;
    while (this.gate) await this.gate;
    if (this.failWith) throw this.failWith;
    const bytes = await readFile(file.path);
    const found = bytes
      .toString('utf8')
      .split('FAKE-OCR:')
      .slice(1)
      .map((s) => s.split(/[\n)]/)[0]?.trim() ?? '');
    const texts = found.length ? found : [`text of ${file.name ?? 'file'}`];
    const pages: PageResult[] = [];
    for (const [i, raw] of texts.entries()) {
      if (opts.signal?.aborted) throw new Error('aborted');
      const page: PageResult = {
        page: i + 1,
        source: 'ocr',
        width: 1000,
        height: 1400,
        text: normalizeThai(raw),
        rawText: raw,
        confidence: 0.9,
        blocks: [
          {
            text: raw,
            bbox: [10, 10, 500, 40],
            confidence: 0.9,
            lines: [{ text: raw, bbox: [10, 10, 500, 40], confidence: 0.9, words: [] }],
          },
        ],
      };
      pages.push(page);
      opts.onPage?.(page, i + 1, texts.length);
    }
    return pages;
  }

  status() {
    return { workers: 1, busy: 0, queued: 0 };
  }

  async close() {}
}
