import type { DocumentSource } from '../ocr/source.ts';
import type { Processing } from './pool.ts';

/**
 * A PDF's pages read by the processing workers: pdf.js parsing, decoding embedded images and rendering
 * pages run there (seconds of CPU for a scanned page), never on the thread that serves requests. Only
 * the page text and the gray pixels (moved, not copied) come back.
 */
export async function openPdfSourceIn(
  processing: Processing,
  path: string,
  maxPixels: number,
): Promise<DocumentSource> {
  const pageCount = await processing.run('pdfPages', { path, maxPixels });
  return {
    pageCount,
    text: (page) => processing.run('pdfText', { path, maxPixels, page }),
    image: (page) => processing.run('pdfImage', { path, maxPixels, page }),
    close: async () => {},
  };
}
