import type { DocumentRow, JobRow, PageRow, Storage, TagRow } from '../db/port/index.ts';
import type { EventBus, EventInput } from './events.ts';
import type { JobQueue } from './jobs.ts';
import type { OcrBlock } from './ocr/types.ts';

export const PROCESS_JOB = 'document.process';
export const INDEX_JOB = 'document.index';

export interface TagRef {
  id: string;
  name: string;
  color: string;
}

/** A document as services return it: the stored row plus its tags. */
export type DocumentView = DocumentRow & { tags: TagRef[] };

/** A page as services return it: layout parsed back into blocks. */
export type PageView = Omit<PageRow, 'layout'> & { blocks: OcrBlock[] };

/** One change of a document's state, applied by {@link DocumentStates.change}. */
export interface DocumentChange {
  /** Writes that go with the change (the row itself, tags, pages, extraction results), run first. */
  write?: () => Promise<void>;
  /** Fields of the row to set (`updatedAt` moves with them); nothing is written when empty. */
  set?: Partial<DocumentRow>;
  /** The events of the change, given the document as it is after it. */
  events?: (view: DocumentView) => EventInput[];
  /** Follow-up work in the same transaction (queueing jobs), after the events. */
  after?: (view: DocumentView) => Promise<void>;
  /** Queue the search index update (always, or when the function says so). */
  reindex?: boolean | ((view: DocumentView) => boolean);
}

/**
 * The one owner of document state changes. Each change is one transaction: write, re-read the row, build
 * its view, emit the events (their audit rows and webhook deliveries) and queue the follow-up jobs, so
 * they commit together or not at all. Uploads, edits, trash and restore, OCR and extraction outcomes all
 * go through {@link change}.
 */
export class DocumentStates {
  constructor(
    private readonly storage: Storage,
    private readonly events: EventBus,
    private readonly jobs: JobQueue,
  ) {}

  /**
   * Applies a change to a document in one transaction (the caller's when there is one) and returns the
   * document's view after it; undefined when the document is gone (then no event fires).
   */
  change(documentId: string, change: DocumentChange): Promise<DocumentView | undefined> {
    return this.storage.transaction(async () => {
      await change.write?.();
      if (change.set && Object.keys(change.set).length)
        await this.storage.documents.update(documentId, change.set);
      const row = await this.storage.documents.getUnscoped(documentId);
      if (!row) return undefined;
      const view = await this.view(row);
      for (const event of change.events?.(view) ?? []) await this.events.emit(event);
      await change.after?.(view);
      const reindex = typeof change.reindex === 'function' ? change.reindex(view) : change.reindex;
      if (reindex) await this.reindex(row);
      return view;
    });
  }

  /** Queues the search index update of a document (once, however often it changes meanwhile). */
  reindex(doc: Pick<DocumentRow, 'id' | 'projectId'>): Promise<JobRow> {
    return this.jobs.enqueue(INDEX_JOB, { projectId: doc.projectId, documentId: doc.id, dedupe: true });
  }

  async view(row: DocumentRow): Promise<DocumentView> {
    return (await this.views([row]))[0] as DocumentView;
  }

  async views(rows: DocumentRow[]): Promise<DocumentView[]> {
    if (!rows.length) return [];
    const tags = await this.storage.documents.tagsOf(rows.map((r) => r.id));
    return rows.map((r) => ({ ...r, tags: (tags.get(r.id) ?? []).map(tagRef) }));
  }
}

function tagRef(t: TagRow): TagRef {
  return { id: t.id, name: t.name, color: t.color };
}
