/**
 * The one-time upgrade of stored text to the current Thai text rules (DESIGN.md "Thai text rules
 * (revised)"): text stored by an older docserve had its spaces between Thai characters deleted and PDF
 * text layers joined without geometry. A background job re-derives every stored page once; originals
 * are never touched, nothing is OCRed again, no event or webhook fires, and the search index is updated
 * document by document. The job keeps its place in the settings table, so a restart resumes it.
 */
import type { DocumentRow, PageRow, Storage } from '../db/port/index.ts';
import type { BlobStore } from './blobs.ts';
import type { DocumentStates } from './document-state.ts';
import type { JobContext, JobQueue, JobRunner } from './jobs.ts';
import { blocksText, spaceBlocks, withEngineLines } from './ocr/spacing.ts';
import type { OcrBlock } from './ocr/types.ts';
import { openPdfSource } from './pdf/source.ts';
import { normalizeThai } from './text/thai.ts';

/** Version of the stored-text rules; stored text older than this is re-derived once. */
export const TEXT_REVISION = 2;
export const TEXT_REVISION_JOB = 'text.revise';
const REVISION_KEY = 'text_revision';
const CURSOR_KEY = 'text_revision_cursor';
const JOB_KEY = 'text_revision_job';
const BATCH = 20;

/** Re-derives stored page text written under older text rules, once, in the background. */
export class TextRevision {
  constructor(
    private readonly storage: Storage,
    private readonly blobs: BlobStore,
    private readonly jobs: JobQueue,
    private readonly states: DocumentStates,
    private readonly maxPixels: number,
    private readonly log: (msg: string) => void = () => {},
  ) {}

  register(runner: JobRunner): void {
    runner.register(TEXT_REVISION_JOB, (_job, ctx) => this.run(ctx), { concurrency: 1 });
  }

  /** True when every stored page follows the current rules. */
  async current(): Promise<boolean> {
    return (await this.storage.settings.get(REVISION_KEY)) === String(TEXT_REVISION);
  }

  /**
   * Queues the upgrade when stored text is older than {@link TEXT_REVISION} and it is not queued or
   * running already. A database without pages is simply marked current.
   */
  async schedule(): Promise<void> {
    if (await this.current()) return;
    if (!(await this.storage.pages.documentsAfter('', 1)).length) {
      await this.storage.settings.set(REVISION_KEY, String(TEXT_REVISION));
      return;
    }
    const previous = await this.storage.settings.get(JOB_KEY);
    const job = previous ? await this.jobs.get(previous) : undefined;
    if (job && (job.status === 'queued' || job.status === 'running')) return;
    await this.storage.transaction(async () => {
      const queued = await this.jobs.enqueue(TEXT_REVISION_JOB, {
        payload: { revision: TEXT_REVISION },
        priority: -1,
      });
      await this.storage.settings.set(JOB_KEY, queued.id);
    });
    this.log(`text: stored text predates the current Thai text rules; re-deriving it in the background`);
  }

  /** The job: every document with pages, in id order from where the last run stopped. */
  async run(ctx: JobContext): Promise<unknown> {
    let cursor = (await this.storage.settings.get(CURSOR_KEY)) ?? '';
    let revised = 0;
    let skipped = 0;
    for (;;) {
      const ids = await this.storage.pages.documentsAfter(cursor, BATCH);
      if (!ids.length) break;
      for (const id of ids) {
        ctx.signal.throwIfAborted();
        try {
          if (await this.revise(id)) revised++;
        } catch (err) {
          skipped++;
          this.log(`text: document ${id} keeps its old text: ${(err as Error).message}`);
        }
        cursor = id;
      }
      await this.storage.settings.set(CURSOR_KEY, cursor);
      ctx.progress({ cursor, revised, skipped });
      await Bun.sleep(0);
    }
    await this.storage.transaction(async () => {
      await this.storage.settings.set(REVISION_KEY, String(TEXT_REVISION));
      await this.storage.settings.set(CURSOR_KEY, '');
    });
    this.log(`text: stored text re-derived (${revised} documents, ${skipped} left as they were)`);
    return { revised, skipped };
  }

  /** Re-derives one document's pages; false when it had nothing to change or changed meanwhile. */
  private async revise(id: string): Promise<boolean> {
    const doc = await this.storage.documents.getUnscoped(id);
    if (doc?.ocrStatus !== 'completed') return false;
    const pages = await this.storage.pages.list(id);
    const layers = pages.some((p) => p.source === 'text-layer') ? await this.textLayers(doc) : new Map();
    const rows = pages.map((p) => revisePage(p, layers.get(p.pageNo)));
    if (rows.every((r, i) => r.text === pages[i]?.text && r.layout === pages[i]?.layout)) return false;
    return this.storage.transaction(async () => {
      const now = await this.storage.documents.getUnscoped(id);
      if (now?.ocrStatus !== 'completed' || now.ocrCompletedAt !== doc.ocrCompletedAt) return false;
      await this.storage.pages.replaceAll(id, rows);
      await this.states.reindex(doc);
      return true;
    });
  }

  /** The text-layer pages of the original PDF, read again with the current rules. */
  private textLayers(doc: DocumentRow): Promise<Map<number, PageRow>> {
    return this.blobs.withFile(doc.sha256, async (path) => {
      const source = await openPdfSource(path, this.maxPixels);
      const out = new Map<number, PageRow>();
      try {
        for (const p of await this.storage.pages.list(doc.id)) {
          if (p.source !== 'text-layer' || p.pageNo > source.pageCount) continue;
          const page = await source.text(p.pageNo);
          if (!page) continue;
          out.set(p.pageNo, {
            ...p,
            text: page.text,
            rawText: page.rawText,
            layout: page.blocks.length ? JSON.stringify(page.blocks) : null,
          });
        }
      } finally {
        await source.close();
      }
      return out;
    });
  }
}

/**
 * One stored page under the current rules: a text layer as read again from the PDF, OCR text re-spaced
 * from the engine's own output kept with the page (its words and boxes, and its raw text), extracted
 * text normalized again from the raw text it was extracted as.
 */
export function revisePage(page: PageRow, layer?: PageRow): PageRow {
  if (page.source === 'text-layer') return layer ?? page;
  if (page.source === 'ocr' && page.layout) {
    const blocks = spaceBlocks(withEngineLines(JSON.parse(page.layout) as OcrBlock[], page.rawText));
    return { ...page, text: blocksText(blocks), layout: JSON.stringify(blocks) };
  }
  if (page.source === 'text') return { ...page, text: normalizeThai(page.rawText) };
  return page;
}
