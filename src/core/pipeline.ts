import type { DocumentRow, JobRow, PageRow, Storage } from '../db/port/index.ts';
import { AppError } from '../errors.ts';
import type { BlobStore } from './blobs.ts';
import type { ContentReaders } from './content.ts';
import { type DocumentStates, type DocumentView, INDEX_JOB, PROCESS_JOB } from './document-state.ts';
import { type JobContext, type JobRunner, PermanentJobError } from './jobs.ts';
import type { OcrMode, PageResult } from './ocr/types.ts';
import type { IndexedDocument, SearchIndex } from './search/types.ts';

/** Called inside the transaction that marks a document processed (e.g. to queue extraction). */
export type ProcessedHook = (doc: DocumentView) => Promise<void>;

/**
 * The background work on documents: reading content (OCR or text extraction) and keeping the search
 * index in step. Moves the OCR state queued -> processing -> completed | failed and emits the events.
 */
export class DocumentPipeline {
  private readonly processedHooks: ProcessedHook[] = [];

  constructor(
    private readonly storage: Storage,
    private readonly blobs: BlobStore,
    private readonly states: DocumentStates,
    private readonly readers: ContentReaders,
    private readonly search: SearchIndex | undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** Registers the job handlers with the runner. */
  register(runner: JobRunner, ocrConcurrency: number): void {
    runner.register(PROCESS_JOB, (job, ctx) => this.process(job, ctx), {
      concurrency: ocrConcurrency,
      onDead: (job, error) => this.markFailed(job.documentId, error),
    });
    runner.register(INDEX_JOB, (job) => this.index(job), { concurrency: 1, maxAttempts: 10 });
  }

  onProcessed(hook: ProcessedHook): void {
    this.processedHooks.push(hook);
  }

  /** Reads a document's content into pages. */
  async process(job: JobRow, ctx: JobContext): Promise<unknown> {
    const doc = job.documentId ? await this.storage.documents.getUnscoped(job.documentId) : undefined;
    if (!doc || doc.deletedAt) return { skipped: 'document is gone or in the trash' };
    const lang = String(job.payload.lang ?? doc.ocrLang ?? 'tha+eng');
    const mode = (job.payload.mode ?? doc.ocrMode ?? 'auto') as OcrMode;
    const started = this.now();
    await this.storage.documents.update(doc.id, {
      ocrStatus: 'processing',
      ocrStartedAt: started,
      ocrError: null,
    });
    let pages: PageResult[];
    try {
      pages = await this.blobs.withFile(doc.sha256, (path) =>
        this.readers.read(
          doc.kind,
          { path, mime: doc.mime, name: doc.name, document: { id: doc.id, projectId: doc.projectId } },
          {
            lang,
            mode,
            signal: ctx.signal,
            onPage: (_p, done, total) => ctx.progress({ pagesDone: done, pagesTotal: total }),
          },
        ),
      );
    } catch (err) {
      if (ctx.signal.aborted) throw err;
      if (err instanceof AppError || err instanceof PermanentJobError) {
        await this.markFailed(doc.id, err.message);
        throw new PermanentJobError(err.message, { cause: err });
      }
      await this.storage.documents.update(doc.id, { ocrStatus: 'queued', ocrError: (err as Error).message });
      throw err;
    }
    const result = { pages: pages.length, ms: this.now() - started };
    await this.store(doc, pages, started, () => ctx.complete(result));
    return result;
  }

  /** Stores the pages and marks the document completed, in one transaction with `complete` (the job's). */
  private async store(
    doc: DocumentRow,
    pages: PageResult[],
    started: number,
    complete: () => Promise<void>,
  ): Promise<void> {
    const rows: PageRow[] = pages.map((p) => ({
      documentId: doc.id,
      pageNo: p.page,
      source: p.source,
      text: p.text,
      rawText: p.rawText,
      confidence: p.confidence,
      width: p.width || null,
      height: p.height || null,
      layout: p.blocks.length ? JSON.stringify(p.blocks) : null,
      error: p.error ?? null,
    }));
    const scored = pages.filter((p) => p.confidence !== null && !p.error);
    const confidence = scored.length
      ? scored.reduce((s, p) => s + (p.confidence as number), 0) / scored.length
      : null;
    const failedPages = pages.filter((p) => p.error).map((p) => p.page);
    const now = this.now();
    await this.states.change(doc.id, {
      write: async () => {
        await complete();
        await this.storage.pages.replaceAll(doc.id, rows);
      },
      set: {
        ocrStatus: 'completed',
        ocrError: failedPages.length ? `Pages ${failedPages.join(', ')} could not be read` : null,
        pageCount: pages.length,
        confidence,
        ocrCompletedAt: now,
      },
      events: (view) => [
        {
          type: 'ocr.completed',
          projectId: doc.projectId,
          documentId: doc.id,
          data: {
            document: view,
            pages: pages.length,
            confidence,
            failedPages,
            processingTimeMs: now - started,
            sources: [...new Set(pages.map((p) => p.source))],
          },
        },
      ],
      reindex: true,
      after: async (view) => {
        for (const hook of this.processedHooks) await hook(view);
      },
    });
  }

  /** Marks a document's processing failed for good (bad file, or the last attempt died). */
  async markFailed(documentId: string | null, error: string): Promise<void> {
    const doc = documentId ? await this.storage.documents.getUnscoped(documentId) : undefined;
    if (!doc || doc.ocrStatus === 'failed') return;
    await this.states.change(doc.id, {
      set: { ocrStatus: 'failed', ocrError: error, ocrCompletedAt: this.now() },
      events: (view) => [
        { type: 'ocr.failed', projectId: doc.projectId, documentId: doc.id, data: { document: view, error } },
      ],
    });
  }

  /** Brings the search index in line with the document's current state. */
  async index(job: JobRow): Promise<unknown> {
    if (!this.search || !job.documentId) return { skipped: true };
    const doc = await this.storage.documents.getUnscoped(job.documentId);
    if (!doc || doc.deletedAt) {
      await this.search.remove(job.documentId);
      return { removed: true };
    }
    await this.search.upsert(await this.indexable(doc));
    return { indexed: true };
  }

  /** The index entry of a document. */
  async indexable(doc: DocumentRow): Promise<IndexedDocument> {
    return (await this.indexables([doc]))[0] as IndexedDocument;
  }

  /** {@link indexable} of several documents, in their order, with one read of texts and one of tags. */
  async indexables(docs: DocumentRow[]): Promise<IndexedDocument[]> {
    const ids = docs.map((d) => d.id);
    const texts = await this.storage.pages.fullTexts(ids);
    const tags = await this.storage.documents.tagsOf(ids);
    return docs.map((doc) => ({
      id: doc.id,
      projectId: doc.projectId,
      name: doc.name,
      text: texts.get(doc.id) ?? '',
      kind: doc.kind,
      mime: doc.mime,
      tags: (tags.get(doc.id) ?? []).map((t) => t.name),
      folderId: doc.folderId,
      docType: doc.docType,
      createdAt: doc.createdAt,
    }));
  }
}
