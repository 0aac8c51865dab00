import type { FileRef } from './ocr/types.ts';
import type { RenderedPage } from './page-render.ts';
import type { Processing } from './processing/pool.ts';

/**
 * Draws document pages as PNG images for viewing (the console's page view), at most `maxWidth` pixels
 * wide, in the processing workers. At most `concurrency` renders run at once; the rest wait their turn,
 * so a burst of requests cannot exhaust memory or CPU.
 */
export class PageImageRenderer {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    private readonly maxPixels: number,
    private readonly processing: Processing,
    private readonly concurrency = 2,
  ) {}

  async render(file: FileRef, page: number, maxWidth: number): Promise<RenderedPage> {
    if (this.running >= this.concurrency) await new Promise<void>((go) => this.waiting.push(go));
    this.running++;
    try {
      return await this.processing.run('pageImage', { file, page, maxWidth, maxPixels: this.maxPixels });
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
