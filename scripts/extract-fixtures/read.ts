/**
 * Pages of labelled documents as docserve itself reads them: PDFs through the OCR engine in `auto`
 * mode (the text layer from src/core/pdf when a page has one, OCR otherwise), scan images through the
 * same engine (src/core/ocr, tesseract.js). This is what an upload gets, so the extraction benchmark
 * measures what docserve answers. Results are cached per file content and per version of the reader
 * code, so a change to the PDF reader or the OCR engine reads every file again.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TesseractEngine } from '../../src/core/ocr/engine.ts';
import type { PageResult } from '../../src/core/ocr/types.ts';

const READER_DIRS = ['src/core/pdf', 'src/core/ocr', 'src/core/text', 'src/core/files'];

/** A hash of the reader's source files: cached pages are only reused for the same reader code. */
function readerVersion(root: string): string {
  const h = createHash('sha256');
  for (const dir of READER_DIRS) {
    const abs = join(root, dir);
    if (!existsSync(abs)) continue;
    for (const f of readdirSync(abs).sort())
      if (f.endsWith('.ts')) h.update(f).update(readFileSync(join(abs, f)));
  }
  return h.digest('hex').slice(0, 12);
}

const mimeOf = (path: string) =>
  path.endsWith('.pdf')
    ? 'application/pdf'
    : /\.jpe?g$/i.test(path)
      ? 'image/jpeg'
      : /\.tiff?$/i.test(path)
        ? 'image/tiff'
        : 'image/png';

/** Reads files the way docserve does, with a content-addressed cache of the page results. */
export class DocserveReader {
  private readonly engine: TesseractEngine;
  private readonly cache: string;

  constructor(cacheDir: string, workers = 2) {
    this.engine = new TesseractEngine({ workers, pageTimeoutMs: 600_000, lang: 'tha+eng', maxPixels: 2e8 });
    this.cache = join(cacheDir, readerVersion(resolve(import.meta.dir, '../..')));
    mkdirSync(this.cache, { recursive: true });
  }

  /** The pages of one file (a PDF, or an image of one page). */
  async file(path: string): Promise<PageResult[]> {
    const key = createHash('sha256').update(readFileSync(path)).digest('hex').slice(0, 24);
    const cached = join(this.cache, `${key}.json`);
    if (existsSync(cached)) return JSON.parse(readFileSync(cached, 'utf8'));
    const pages = await this.engine.recognize({ path, mime: mimeOf(path) }, { mode: 'auto' });
    writeFileSync(cached, JSON.stringify(pages));
    return pages;
  }

  /** The pages of a document scanned as one image per page, numbered 1..n in the given order. */
  async images(paths: string[]): Promise<PageResult[]> {
    const pages = await Promise.all(paths.map((p) => this.file(p)));
    return pages.map((p, i) => ({ ...(p[0] as PageResult), page: i + 1 }));
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}
