import type { FileRef, OcrOptions, PageResult } from '../ocr/types.ts';

/** Reads the text content of one kind of file into pages. */
export type ContentReader = (file: FileRef, opts: OcrOptions) => Promise<PageResult[]>;
