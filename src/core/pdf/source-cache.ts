import { statSync } from 'node:fs';
import type { DocumentSource } from '../ocr/source.ts';
import { openPdfSource } from './source.ts';

interface Entry {
  source: Promise<DocumentSource>;
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * PDFs kept open between the page requests of one thread, so a document read one page per request (by
 * the processing workers) is parsed once rather than once per page. A file is known by its path, size
 * and modification time; at most `keep` stay open, each closed after `idleMs` without a request. Meant
 * for a thread that serves one request at a time (a source may be closed once the next request starts).
 */
export class PdfSourceCache {
  private readonly open = new Map<string, Entry>();

  constructor(
    private readonly keep = 2,
    private readonly idleMs = 10_000,
  ) {}

  /** Runs `fn` on the open PDF at `path`, opening it first when needed. */
  async use<T>(path: string, maxPixels: number, fn: (source: DocumentSource) => Promise<T>): Promise<T> {
    const { size, mtimeMs } = statSync(path);
    const key = `${path}\0${size}\0${mtimeMs}\0${maxPixels}`;
    let entry = this.open.get(key);
    if (entry) {
      clearTimeout(entry.timer);
      this.open.delete(key);
    } else {
      entry = { source: openPdfSource(path, maxPixels) };
    }
    this.open.set(key, entry);
    for (const old of [...this.open.keys()].slice(0, Math.max(0, this.open.size - this.keep)))
      this.close(old);
    let source: DocumentSource;
    try {
      source = await entry.source;
    } catch (err) {
      this.open.delete(key);
      throw err;
    }
    try {
      return await fn(source);
    } finally {
      if (this.open.get(key) === entry) {
        entry.timer = setTimeout(() => this.close(key), this.idleMs);
        entry.timer.unref?.();
      }
    }
  }

  private close(key: string): void {
    const entry = this.open.get(key);
    if (!entry) return;
    this.open.delete(key);
    clearTimeout(entry.timer);
    void entry.source.then((s) => s.close()).catch(() => {});
  }
}
