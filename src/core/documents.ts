import type {
  DocumentFilter,
  DocumentListOptions,
  DocumentRow,
  JobRow,
  PageRow,
  Storage,
} from '../db/port/index.ts';
import { AppError } from '../errors.ts';
import type { BlobFile, BlobStore, StagedFile } from './blobs.ts';
import { type DocumentStates, type DocumentView, PROCESS_JOB, type PageView } from './document-state.ts';
import type { FileInspector } from './files/inspect.ts';
import { claimedKind, type FileKind, sniffFile, validateFilename } from './files/mime.ts';
import { isObjectId, newId } from './ids.ts';
import type { JobQueue } from './jobs.ts';
import type { OcrBlock, OcrMode } from './ocr/types.ts';

/** Core OCR state of a document (each dialect maps it to its own vocabulary). */
export type DocumentStatus = 'stored' | 'queued' | 'processing' | 'completed' | 'failed';

export type { DocumentView, PageView, TagRef } from './document-state.ts';
export { INDEX_JOB, PROCESS_JOB } from './document-state.ts';

/** Who did something (for `uploaded_by` and the audit log). */
export interface Actor {
  keyId?: string;
  label?: string;
}

export interface IngestInput {
  projectId: string;
  filename: string;
  staged: StagedFile;
  folderId?: string | null;
  /** Tag names; created in the project when missing. */
  tags?: string[];
  /** Tag ids; each must exist in the project. */
  tagIds?: string[];
  metadata?: Record<string, unknown>;
  /** Queue OCR / text extraction (default true). */
  runOcr?: boolean;
  ocr?: { lang?: string; mode?: OcrMode };
  source?: 'upload' | 'email' | 'api';
  emailId?: string | null;
  docType?: string | null;
  reviewStatus?: string | null;
  actor?: Actor;
  /**
   * Return the project's live document with the same content instead of creating one (the native API's
   * rule). Without it every upload is a new document; identical content is still stored once.
   */
  dedupe?: boolean;
}

export interface IngestResult {
  document: DocumentView;
  /** True when `dedupe` found this exact file in the project: the existing document is returned. */
  duplicate: boolean;
}

export interface DocumentPatch {
  name?: string;
  tags?: string[];
  tagIds?: string[];
  folderId?: string | null;
  metadata?: Record<string, unknown>;
  docType?: string | null;
  favorite?: boolean;
  reviewStatus?: string | null;
}

/** Kinds whose content docserve can read (OCR or text extraction). */
const PROCESSABLE: FileKind[] = ['pdf', 'image', 'docx', 'xlsx', 'text', 'email'];

/**
 * Documents of a project: ingest (sniff, validate, store, queue processing), listing,
 * updates, trash and restore, and access to originals and derived pages. Every method takes the project
 * id and treats a document of another project as missing.
 */
export class DocumentService {
  /** Blobs committed by ingests whose row is not written yet (never garbage-collected meanwhile). */
  private readonly committing = new Map<string, number>();

  constructor(
    private readonly storage: Storage,
    private readonly blobs: BlobStore,
    private readonly jobs: JobQueue,
    private readonly states: DocumentStates,
    private readonly inspect: FileInspector,
    private readonly defaults: { lang: string },
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Stores an uploaded file as a document. The staged temp file is consumed: moved into the blob store
   * (where identical content is kept once) or deleted. Validation failures throw before anything is
   * stored.
   */
  async ingest(input: IngestInput): Promise<IngestResult> {
    const { staged } = input;
    try {
      const name = validateFilename(input.filename);
      if (staged.size === 0)
        throw new AppError('invalid_file', 'The file is empty (0 bytes)', { details: { reason: 'empty' } });
      const sniff = await sniffFile(staged.tmpPath, name);
      if (sniff.kind === 'other')
        throw new AppError(
          'unsupported_media_type',
          `Unsupported file type (${sniff.mime}). Supported: PDF, PNG, JPEG, TIFF, WebP, BMP, GIF, DOCX, XLSX, plain text, Markdown, CSV, EML`,
        );
      const claimed = claimedKind(name);
      if (claimed && claimed !== sniff.kind && !(claimed === 'text' && sniff.kind === 'text'))
        throw new AppError(
          'unsupported_media_type',
          `The file name says ${claimed.toUpperCase()} but the content is ${sniff.mime}; rename the file or upload the right one`,
          { details: { reason: 'extension_mismatch', detected: sniff.mime } },
        );
      const inspection = await this.inspect(staged.tmpPath, sniff.mime, sniff.kind);
      this.validateFolder(input.folderId);
      const existing =
        input.dedupe && (await this.storage.documents.findLiveBySha(input.projectId, staged.sha256));
      if (existing) {
        await this.blobs.discard(staged);
        return { document: await this.view(existing), duplicate: true };
      }
      await this.blobs.commit(staged);
      this.committing.set(staged.sha256, (this.committing.get(staged.sha256) ?? 0) + 1);
      try {
        return await this.insertIngested(input, staged, sniff, inspection.pageCount ?? null, name);
      } finally {
        const n = (this.committing.get(staged.sha256) ?? 1) - 1;
        if (n) this.committing.set(staged.sha256, n);
        else this.committing.delete(staged.sha256);
        if (!n && !(await this.storage.documents.isReferenced(staged.sha256)))
          await this.blobs.delete(staged.sha256);
      }
    } catch (err) {
      await this.blobs.discard(staged);
      throw err;
    }
  }

  /** Writes the row, tags, event and jobs of a committed upload in one transaction. */
  private async insertIngested(
    input: IngestInput,
    staged: StagedFile,
    sniff: { mime: string; kind: FileKind },
    pageCount: number | null,
    name: string,
  ): Promise<IngestResult> {
    const now = this.now();
    const runOcr = input.runOcr !== false && PROCESSABLE.includes(sniff.kind);
    const row: DocumentRow = {
      id: newId(now),
      projectId: input.projectId,
      name,
      mime: sniff.mime,
      kind: sniff.kind,
      size: staged.size,
      sha256: staged.sha256,
      folderId: input.folderId ?? null,
      source: input.source ?? 'upload',
      emailId: input.emailId ?? null,
      metadata: input.metadata ?? {},
      docType: input.docType ?? null,
      ocrStatus: runOcr ? 'queued' : 'stored',
      ocrError: null,
      ocrLang: input.ocr?.lang ?? null,
      ocrMode: input.ocr?.mode ?? null,
      pageCount,
      confidence: null,
      ocrStartedAt: null,
      ocrCompletedAt: null,
      extractStatus: 'none',
      reviewStatus: input.reviewStatus ?? null,
      favorite: false,
      uploadedBy: input.actor?.label ?? null,
      keyId: input.actor?.keyId ?? null,
      pdfSha256: sniff.kind === 'pdf' ? staged.sha256 : null,
      createdAt: now,
      updatedAt: now,
      deletedAt: null,
    };
    return this.storage.transaction(async () => {
      const duplicateOf = input.dedupe
        ? await this.storage.documents.findLiveBySha(input.projectId, staged.sha256)
        : undefined;
      if (duplicateOf) return { document: await this.view(duplicateOf), duplicate: true };
      const tagIds = await this.resolveTagIdsForWrite(input.projectId, input.tags, input.tagIds, input.actor);
      const document = await this.states.change(row.id, {
        write: async () => {
          await this.storage.documents.insert(row);
          if (tagIds.length) await this.storage.documents.setTags(row.id, tagIds);
        },
        events: (view) => [
          {
            type: 'document.uploaded',
            projectId: row.projectId,
            documentId: row.id,
            keyId: input.actor?.keyId,
            data: { document: view },
          },
        ],
        after: async () => {
          if (runOcr) await this.enqueueProcess(row);
        },
        reindex: true,
      });
      return { document: document as DocumentView, duplicate: false };
    });
  }

  /** Ingests bytes already in memory (base64 uploads, e-mail attachments). */
  async ingestBytes(
    input: Omit<IngestInput, 'staged'> & { bytes: Uint8Array },
    maxBytes?: number,
  ): Promise<IngestResult> {
    const { bytes, ...rest } = input;
    const staged = await this.blobs.stageBytes(bytes, maxBytes);
    return this.ingest({ ...rest, staged });
  }

  async list(
    filter: DocumentFilter,
    opts: DocumentListOptions = {},
  ): Promise<{ items: DocumentView[]; total: number }> {
    const { rows, total } = await this.storage.documents.list(filter, opts);
    return { items: await this.views(rows), total };
  }

  /** A document of the project; trashed ones only when `includeTrashed`. Throws `not_found` otherwise. */
  async get(projectId: string, id: string, opts: { includeTrashed?: boolean } = {}): Promise<DocumentView> {
    const row = await this.find(projectId, id);
    if (!row || (row.deletedAt && !opts.includeTrashed))
      throw new AppError('not_found', 'Document not found');
    return this.view(row);
  }

  /** The row or undefined (malformed ids are simply not found). */
  async find(projectId: string, id: string): Promise<DocumentRow | undefined> {
    return isObjectId(id) ? this.storage.documents.get(projectId, id.toLowerCase()) : undefined;
  }

  /**
   * Applies a patch; answers with the document as the change wrote it (read again afterwards, a job
   * could already have moved its processing status on).
   */
  async update(projectId: string, id: string, patch: DocumentPatch, actor?: Actor): Promise<DocumentView> {
    const doc = await this.get(projectId, id);
    const set: Partial<DocumentRow> = {};
    if (patch.name !== undefined) {
      const name = validateFilename(patch.name, '');
      if (!name) throw new AppError('bad_request', 'Document name must not be empty');
      set.name = name;
    }
    if (patch.folderId !== undefined) {
      this.validateFolder(patch.folderId);
      set.folderId = patch.folderId;
    }
    if (patch.metadata !== undefined) set.metadata = patch.metadata;
    if (patch.docType !== undefined) set.docType = patch.docType;
    if (patch.favorite !== undefined) set.favorite = patch.favorite;
    if (patch.reviewStatus !== undefined) set.reviewStatus = patch.reviewStatus;
    const tagIds =
      patch.tags !== undefined || patch.tagIds !== undefined
        ? await this.resolveTagIdsForWrite(projectId, patch.tags ?? [], patch.tagIds ?? [], actor)
        : undefined;
    const changed = await this.states.change(doc.id, {
      write: async () => {
        if (tagIds) await this.storage.documents.setTags(doc.id, tagIds);
      },
      set,
      events: (view) => [
        {
          type: 'document.updated',
          projectId,
          documentId: doc.id,
          keyId: actor?.keyId,
          data: { document: view, changes: Object.keys({ ...set, ...(tagIds ? { tags: 1 } : {}) }) },
        },
        ...(set.reviewStatus !== undefined && set.reviewStatus !== doc.reviewStatus
          ? [
              {
                type: 'review.changed',
                projectId,
                documentId: doc.id,
                keyId: actor?.keyId,
                data: { document: view, from: doc.reviewStatus, to: set.reviewStatus },
              },
            ]
          : []),
      ],
      reindex: set.name !== undefined || !!tagIds || set.folderId !== undefined || set.docType !== undefined,
    });
    return changed ?? this.get(projectId, doc.id);
  }

  /** Moves a document to the trash (restorable). */
  async trash(projectId: string, id: string, actor?: Actor): Promise<DocumentView> {
    const doc = await this.get(projectId, id);
    const trashed = await this.states.change(doc.id, {
      set: { deletedAt: this.now() },
      events: () => [
        {
          type: 'document.deleted',
          projectId,
          documentId: doc.id,
          keyId: actor?.keyId,
          data: { document: doc },
        },
      ],
      reindex: true,
    });
    return trashed ?? this.get(projectId, doc.id, { includeTrashed: true });
  }

  /** Brings a document back from the trash. 409 when the same file was uploaded again meanwhile. */
  async restore(projectId: string, id: string, actor?: Actor): Promise<DocumentView> {
    const doc = await this.get(projectId, id, { includeTrashed: true });
    if (!doc.deletedAt) return doc;
    const live = await this.storage.documents.findLiveBySha(projectId, doc.sha256);
    if (live)
      throw new AppError('conflict', `The same file is already in the project as document ${live.id}`, {
        details: { documentId: live.id },
      });
    const restored = await this.states.change(doc.id, {
      set: { deletedAt: null },
      events: (view) => [
        {
          type: 'document.restored',
          projectId,
          documentId: doc.id,
          keyId: actor?.keyId,
          data: { document: view },
        },
      ],
      reindex: true,
    });
    return restored ?? this.get(projectId, doc.id);
  }

  /** Deletes a document for good: row, derived data, and the blob when nothing else uses it. */
  async purge(projectId: string, id: string): Promise<void> {
    const doc = await this.get(projectId, id, { includeTrashed: true });
    // Rows in the order every change of a document takes them (its pages and row, then its jobs):
    // the other order deadlocks on PostgreSQL with a job finishing on this document.
    await this.storage.transaction(async () => {
      await this.storage.documents.purge(doc.id);
      await this.storage.jobs.cancelForDocument(doc.id, this.now());
      await this.states.reindex(doc);
    });
    const used = await this.storage.documents.referencedShas();
    for (const sha of [doc.sha256, doc.pdfSha256]) if (sha && !used.has(sha)) await this.blobs.delete(sha);
  }

  /** The stored original (or derived PDF) of a document, for download. */
  async file(projectId: string, id: string, variant: 'original' | 'pdf' = 'original'): Promise<BlobFile> {
    const doc = await this.get(projectId, id);
    if (variant === 'pdf') {
      if (!doc.pdfSha256) throw new AppError('not_found', 'No PDF is available for this document');
      const name = doc.kind === 'pdf' ? doc.name : `${doc.name.replace(/\.[^.]+$/, '')}.pdf`;
      return this.blobs.file(doc.pdfSha256, { mime: 'application/pdf', name });
    }
    return this.blobs.file(doc.sha256, { mime: doc.mime, name: doc.name });
  }

  async pages(projectId: string, id: string): Promise<PageView[]> {
    const doc = await this.get(projectId, id);
    return (await this.storage.pages.list(doc.id)).map(pageView);
  }

  /** Full text (pages joined by newlines) or one 1-based page's text. */
  async text(projectId: string, id: string, page?: number): Promise<string> {
    const doc = await this.get(projectId, id);
    if (page === undefined) return this.storage.pages.fullText(doc.id);
    const row = await this.storage.pages.get(doc.id, page);
    if (!row) throw new AppError('not_found', `Page ${page} not found`);
    return row.text;
  }

  /** Queues OCR again, optionally with other languages or mode. */
  async reprocess(
    projectId: string,
    id: string,
    opts: { lang?: string; mode?: OcrMode } = {},
    actor?: Actor,
  ): Promise<JobRow> {
    const doc = await this.get(projectId, id);
    if (!PROCESSABLE.includes(doc.kind as FileKind))
      throw new AppError('bad_request', `Documents of type ${doc.mime} cannot be processed`);
    const set = { ocrLang: opts.lang ?? doc.ocrLang, ocrMode: opts.mode ?? doc.ocrMode };
    let job: JobRow | undefined;
    await this.states.change(doc.id, {
      set: { ocrStatus: 'queued', ocrError: null, ...set },
      events: () => [
        { type: 'ocr.requested', projectId, documentId: doc.id, keyId: actor?.keyId, data: { ...opts } },
      ],
      after: async () => {
        job = await this.enqueueProcess({ ...doc, ...set });
      },
    });
    return job as JobRow;
  }

  /** Jobs that ran or wait for a document (status, attempts, errors). */
  async jobsOf(projectId: string, id: string): Promise<JobRow[]> {
    const doc = await this.get(projectId, id, { includeTrashed: true });
    return this.jobs.listForDocument(doc.id);
  }

  /** Polls until OCR reaches completed/failed or `timeoutMs` passes; returns the latest view. */
  async waitForProcessing(projectId: string, id: string, timeoutMs: number): Promise<DocumentView> {
    const deadline = this.now() + timeoutMs;
    for (;;) {
      const doc = await this.get(projectId, id);
      if (doc.ocrStatus === 'completed' || doc.ocrStatus === 'failed' || doc.ocrStatus === 'stored')
        return doc;
      if (this.now() >= deadline) return doc;
      await Bun.sleep(Math.min(200, Math.max(10, deadline - this.now())));
    }
  }

  /** Counts of live documents by OCR status. */
  countByStatus(projectId: string): Promise<Record<string, number>> {
    return this.storage.documents.countByOcrStatus(projectId);
  }

  /**
   * Ids of existing tags by name, for filtering: undefined when no names are given, null when one of
   * them does not exist (nothing can match).
   */
  async findTagIds(projectId: string, names: string[]): Promise<string[] | undefined | null> {
    const clean = [...new Set(names.map((n) => n.normalize('NFC').trim()).filter(Boolean))];
    if (!clean.length) return undefined;
    const found = await this.storage.tags.byNames(projectId, clean);
    return found.length === clean.length ? found.map((t) => t.id) : null;
  }

  /** Tag ids for tag names (created on demand) and ids (validated). */
  async resolveTagIdsForWrite(
    projectId: string,
    names: string[] = [],
    ids: string[] = [],
    actor?: Actor,
  ): Promise<string[]> {
    const out: string[] = [];
    const cleanNames = [...new Set(names.map((n) => n.normalize('NFC').trim()).filter(Boolean))];
    for (const n of cleanNames)
      if (n.length > 100) throw new AppError('bad_request', 'Tag names are at most 100 characters');
    if (cleanNames.length) {
      const found = new Map(
        (await this.storage.tags.byNames(projectId, cleanNames)).map((t) => [t.name, t.id]),
      );
      for (const name of cleanNames) {
        let tagId = found.get(name);
        if (!tagId) {
          tagId = newId();
          await this.storage.tags.insert({
            id: tagId,
            projectId,
            name,
            color: '#3B82F6',
            description: '',
            createdBy: actor?.label ?? null,
            createdAt: this.now(),
          });
        }
        out.push(tagId);
      }
    }
    if (ids.length) {
      const valid = ids.filter(isObjectId);
      const found = new Set((await this.storage.tags.byIds(projectId, valid)).map((t) => t.id));
      const missing = ids.filter((i) => !found.has(i));
      if (missing.length)
        throw new AppError('bad_request', `Invalid tag IDs: ${JSON.stringify(missing)}`, {
          details: { missing },
        });
      out.push(...ids);
    }
    return [...new Set(out)];
  }

  view(row: DocumentRow): Promise<DocumentView> {
    return this.states.view(row);
  }

  views(rows: DocumentRow[]): Promise<DocumentView[]> {
    return this.states.views(rows);
  }

  private enqueueProcess(
    doc: Pick<DocumentRow, 'id' | 'projectId' | 'ocrLang' | 'ocrMode'>,
  ): Promise<JobRow> {
    return this.jobs.enqueue(PROCESS_JOB, {
      projectId: doc.projectId,
      documentId: doc.id,
      payload: { lang: doc.ocrLang ?? this.defaults.lang, mode: doc.ocrMode ?? 'auto' },
      dedupe: true,
    });
  }

  private validateFolder(folderId: string | null | undefined): void {
    if (folderId === undefined || folderId === null) return;
    if (
      typeof folderId !== 'string' ||
      !folderId.trim() ||
      folderId.length > 200 ||
      // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
      /[\u0000-\u001f]/.test(folderId)
    )
      throw new AppError('bad_request', 'Invalid folder id');
  }
}

function pageView(p: PageRow): PageView {
  const { layout, ...rest } = p;
  let blocks: OcrBlock[] = [];
  if (layout)
    try {
      blocks = JSON.parse(layout);
    } catch {
      blocks = [];
    }
  return { ...rest, blocks };
}
