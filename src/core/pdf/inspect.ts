import { readFile } from 'node:fs/promises';
import { basicInspector, type FileInspector } from '../files/inspect.ts';
import { imageFrames } from '../ocr/images.ts';
import { openPdfFile } from './pdfjs.ts';

/**
 * The ingest inspector: {@link basicInspector}'s byte-level checks (empty, truncated, encrypted, image
 * bombs), then for PDFs a pdf.js open that reads only the cross-reference data and page tree by range,
 * which finds the page count and catches corrupt or password-protected files the byte checks miss; for
 * TIFFs, every page's header (page count, and the pixel budget for every page, not just the first).
 */
export function documentInspector(maxPixels: number): FileInspector {
  const basic = basicInspector(maxPixels);
  return async (path, mime, kind) => {
    const found = await basic(path, mime, kind);
    if (mime === 'image/tiff')
      return { ...found, pageCount: imageFrames(await readFile(path), mime, maxPixels).count };
    if (kind !== 'pdf') return found;
    const pdf = await openPdfFile(path);
    try {
      return { ...found, pageCount: pdf.doc.numPages };
    } finally {
      await pdf.close();
    }
  };
}
