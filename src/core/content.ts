import { readFile } from 'node:fs/promises';
import { AppError } from '../errors.ts';
import { docxReader, xlsxReader } from './content/office.ts';
import type { FileKind } from './files/mime.ts';
import type { FileRef, OcrEngine, OcrOptions, PageResult } from './ocr/types.ts';
import { normalizeThai } from './text/thai.ts';

/** Reads the text content of one kind of file into pages. */
export type ContentReader = (file: FileRef, opts: OcrOptions) => Promise<PageResult[]>;

/** Plain text, Markdown, CSV, JSON: one page with the file's text. */
export const readPlainText: ContentReader = async (file) => {
  const raw = new TextDecoder('utf-8').decode(await readFile(file.path));
  return [
    {
      page: 1,
      source: 'text',
      width: 0,
      height: 0,
      text: normalizeThai(raw),
      rawText: raw,
      confidence: null,
      blocks: [],
    },
  ];
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
