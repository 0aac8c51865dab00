import { basicInspector, type FileInspector } from '../files/inspect.ts';
import { openPdfFile } from './pdfjs.ts';

/**
 * The ingest inspector: {@link basicInspector}'s byte-level checks (empty, truncated, encrypted, image
 * bombs), then for PDFs a pdf.js open that reads only the cross-reference data and page tree by range,
 * which finds the page count and catches corrupt or password-protected files the byte checks miss.
 */
export function pdfInspector(maxPixels: number): FileInspector {
  const basic = basicInspector(maxPixels);
  return async (path, mime, kind) => {
    const found = await basic(path, mime, kind);
    if (kind !== 'pdf') return found;
    const pdf = await openPdfFile(path);
    try {
      return { ...found, pageCount: pdf.doc.numPages };
    } finally {
      await pdf.close();
    }
  };
}
