import { AppError } from '../errors.ts';
import type { FileKind } from './files/mime.ts';
import type { ContentReader } from './content/reader.ts';
import type { FileRef, OcrEngine, OcrOptions, PageResult } from './ocr/types.ts';
import type { Processing } from './processing/pool.ts';

/**
 * Which reader handles which kind of file. PDFs and images go to the OCR engine (which itself uses a
 * PDF's text layer where one exists); plain text, DOCX and XLSX (zip-bomb guarded) are read by the
 * processing tasks — in worker threads in the server, so a large file never holds the event loop;
 * other kinds register their own readers (e-mail).
 */
export class ContentReaders {
  private readonly readers = new Map<FileKind, ContentReader>();

  constructor(ocr: OcrEngine, processing: Processing) {
    const viaOcr: ContentReader = (file, opts) => ocr.recognize(file, opts);
    this.readers.set('pdf', viaOcr);
    this.readers.set('image', viaOcr);
    this.readers.set('text', (file, opts) => processing.run('text', { path: file.path }, opts.signal));
    this.readers.set('docx', (file, opts) => processing.run('docx', { path: file.path }, opts.signal));
    this.readers.set('xlsx', (file, opts) => processing.run('xlsx', { path: file.path }, opts.signal));
  }

  register(kind: FileKind, reader: ContentReader): void {
    this.readers.set(kind, reader);
  }

  has(kind: string): boolean {
    return this.readers.has(kind as FileKind);
  }

  read(kind: string, file: FileRef, opts: OcrOptions = {}): Promise<PageResult[]> {
    const reader = this.readers.get(kind as FileKind);
    if (!reader) throw new AppError('unsupported_media_type', `No reader for ${kind} files`);
    return reader(file, opts);
  }
}
