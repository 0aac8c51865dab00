/**
 * The CPU-heavy steps of processing a document, as named tasks with serializable arguments and results:
 * reading plain text, DOCX, XLSX and e-mail, normalizing extracted text, the field-extraction rules, and
 * reading PDF pages (pdf.js parsing, image decoding and rendering) for OCR and for viewing.
 * The processing workers run them (./worker.ts); {@link runTaskHere} runs one in the calling thread
 * (command-line tools, tests).
 */
import { docxReader, xlsxReader } from '../content/office.ts';
import { type ParsedEmail, parseEmailFile } from '../content/email.ts';
import { readPlainText } from '../content/plain-text.ts';
import { textPage } from '../content/text-page.ts';
import { extractGeneric } from '../extract/rules.ts';
import type { ExtractionResult } from '../extract/types.ts';
import type { GrayImage } from '../ocr/raster.ts';
import type { PageImage } from '../ocr/source.ts';
import type { FileRef, PageResult } from '../ocr/types.ts';
import { type RenderedPage, renderPageImage } from '../page-render.ts';
import { PdfSourceCache } from '../pdf/source-cache.ts';

/** Every task: its arguments and its result. */
export interface ProcessingTasks {
  /** Plain text, Markdown, CSV, JSON: one normalized page (the first 8 MB). */
  text: { args: { path: string }; result: PageResult[] };
  docx: { args: { path: string }; result: PageResult[] };
  xlsx: { args: { path: string }; result: PageResult[] };
  email: { args: { path: string }; result: ParsedEmail };
  /** One page of extracted text, normalized per the Thai text rules. */
  page: { args: { raw: string }; result: PageResult };
  /** The generic field extraction (rules engine) over a document's pages. */
  extract: { args: { pages: PageResult[] }; result: ExtractionResult };
  /** A PDF's page count (pdf.js refusing the file answers `invalid_file`). */
  pdfPages: { args: PdfArgs; result: number };
  /** A PDF page's text layer, or null when it has none. */
  pdfText: { args: PdfArgs & { page: number }; result: PageResult | null };
  /** A PDF page as an image for OCR: its one embedded image, or a 300 dpi render. */
  pdfImage: { args: PdfArgs & { page: number }; result: PageImage & { gray: GrayImage } };
  /** A page drawn as a PNG for people to look at (the console's page view). */
  pageImage: {
    args: { file: FileRef; page: number; maxWidth: number; maxPixels: number };
    result: RenderedPage;
  };
}

/** A PDF file and the largest page image it may produce. */
interface PdfArgs {
  path: string;
  maxPixels: number;
}

const pdfs = new PdfSourceCache();

export type TaskName = keyof ProcessingTasks;
export type TaskArgs<K extends TaskName> = ProcessingTasks[K]['args'];
export type TaskResult<K extends TaskName> = ProcessingTasks[K]['result'];

const handlers: { [K in TaskName]: (args: TaskArgs<K>) => Promise<TaskResult<K>> } = {
  text: (a) => readPlainText(a),
  docx: (a) => docxReader()({ path: a.path, mime: '' }, {}),
  xlsx: (a) => xlsxReader()({ path: a.path, mime: '' }, {}),
  email: (a) => parseEmailFile(a.path),
  page: async (a) => textPage(1, a.raw),
  extract: async (a) => extractGeneric(a.pages),
  pdfPages: (a) => pdfs.use(a.path, a.maxPixels, async (s) => s.pageCount),
  pdfText: (a) => pdfs.use(a.path, a.maxPixels, (s) => s.text(a.page)),
  pageImage: (a) => renderPageImage(a.file, a.page, a.maxWidth, a.maxPixels),
  pdfImage: (a) =>
    pdfs.use(a.path, a.maxPixels, async (s) => {
      const image = await s.image(a.page);
      return { ...image, gray: typeof image.gray === 'function' ? await image.gray() : image.gray };
    }),
};

/** Runs a task in the calling thread. */
export function runTaskHere<K extends TaskName>(task: K, args: TaskArgs<K>): Promise<TaskResult<K>> {
  const handler = handlers[task] as ((args: TaskArgs<K>) => Promise<TaskResult<K>>) | undefined;
  if (!handler) return Promise.reject(new Error(`Unknown processing task ${String(task)}`));
  return handler(args);
}
