import { open } from 'node:fs/promises';
import { AppError } from '../errors.ts';
import { docxReader, xlsxReader } from './content/office.ts';
import type { ContentReader } from './content/reader.ts';
import { textPage } from './content/text-page.ts';
import type { FileKind } from './files/mime.ts';
import type { FileRef, OcrEngine, OcrOptions, PageResult } from './ocr/types.ts';

/** Text beyond this is not extracted (a 24 MB log file must not cost gigabytes of memory). */
export const MAX_TEXT_BYTES = 8 * 1024 * 1024;

/** Plain text, Markdown, CSV, JSON: one page with the file's text (the first 8 MB). */
export const readPlainText: ContentReader = async (file) => {
  const fh = await open(file.path, 'r');
  let raw: string;
  let truncated: boolean;
  try {
    const { size } = await fh.stat();
    const buf = Buffer.alloc(Math.min(size, MAX_TEXT_BYTES));
    await fh.read(buf, 0, buf.length, 0);
    raw = new TextDecoder('utf-8').decode(buf);
    truncated = size > MAX_TEXT_BYTES;
  } finally {
    await fh.close();
  }
  const page = textPage(1, raw);
  if (truncated) page.error = `Only the first ${MAX_TEXT_BYTES / 1048576} MB of text were extracted`;
  return [page];
};

/**
 * Which reader handles which kind of file. PDFs and images go to the OCR engine (which itself uses a
 * PDF's text layer where one exists); DOCX and XLSX are read as text (zip-bomb guarded); other kinds
 * register their own readers (e-mail).
 */
export class ContentReaders {
  private readonly readers = new Map<FileKind, ContentReader>();

  constructor(ocr: OcrEngine) {
    const viaOcr: ContentReader = (file, opts) => ocr.recognize(file, opts);
    this.readers.set('pdf', viaOcr);
    this.readers.set('image', viaOcr);
    this.readers.set('text', readPlainText);
    this.register('docx', docxReader());
    this.register('xlsx', xlsxReader());
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
