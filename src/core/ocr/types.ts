/** Pixel box `[x0, y0, x1, y1]` in the page's own coordinate space (see {@link PageResult.width}). */
export type BBox = [number, number, number, number];

export interface OcrWord {
  text: string;
  bbox: BBox;
  /** 0..1 */
  confidence: number;
}

export interface OcrLine {
  text: string;
  bbox: BBox;
  confidence: number;
  words: OcrWord[];
}

export interface OcrBlock {
  text: string;
  bbox: BBox;
  confidence: number;
  lines: OcrLine[];
}

/** Where a page's text came from. */
export type PageSource = 'ocr' | 'text-layer' | 'text' | 'none';

/** Text and layout of one page. */
export interface PageResult {
  /** 1-based page number. */
  page: number;
  source: PageSource;
  /** Size of the coordinate space of the boxes (pixels for OCR, 300 dpi units for text layers). */
  width: number;
  height: number;
  /** Normalized text (NFC, Thai rules applied): what is stored, indexed and returned. */
  text: string;
  /** Engine output before normalization. */
  rawText: string;
  /** Mean confidence 0..1; null when not applicable (text layers, plain text). */
  confidence: number | null;
  blocks: OcrBlock[];
  /** Set when this page failed while the rest of the document succeeded. */
  error?: string;
  /** Degrees the page was rotated before recognition. */
  rotation?: number;
  timings?: Record<string, number>;
}

/** OCRmyPDF-style modes: `auto` OCRs only pages without a text layer, `force` all, `skip` none. */
export type OcrMode = 'auto' | 'force' | 'skip';

export interface OcrOptions {
  /** Tesseract language string, e.g. `tha+eng`. */
  lang?: string;
  mode?: OcrMode;
  /** 1-based page numbers to process (default: all). */
  pages?: number[];
  signal?: AbortSignal;
  /** Called after each page with the count done so far and the total. */
  onPage?: (page: PageResult, done: number, total: number) => void;
}

/** A file to read: a path on disk plus its sniffed MIME type. */
export interface FileRef {
  path: string;
  mime: string;
  name?: string;
  /** The stored document this file belongs to, when it is one. */
  document?: { id: string; projectId: string };
}

/** The OCR engine behind documents and the `docserve ocr` command. */
export interface OcrEngine {
  /** Recognizes the pages of a PDF or image file. */
  recognize(file: FileRef, opts?: OcrOptions): Promise<PageResult[]>;
  /** Engine name reported to clients (e.g. DocRouter `ocr_type`). */
  readonly name: string;
  /** Pool status for /healthz. */
  status(): { workers: number; busy: number; queued: number; [k: string]: unknown };
  /** Releases workers. */
  close(): Promise<void>;
}
