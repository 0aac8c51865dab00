import type { Repos } from '../db/index.ts';
import type { DocumentFilter, DocumentListOptions } from '../db/repos/documents.ts';
import type { DocumentRow, JobRow, PageRow, TagRow } from '../db/schema.ts';
import { AppError } from '../errors.ts';
import type { BlobStore, StagedFile } from './blobs.ts';
import type { EventBus } from './events.ts';
import type { FileInspector } from './files/inspect.ts';
import { claimedKind, type FileKind, sniffFile, validateFilename } from './files/mime.ts';
import { isObjectId, newId } from './ids.ts';
import type { JobQueue } from './jobs.ts';
import type { OcrBlock, OcrMode } from './ocr/types.ts';

/** Core OCR state of a document (each dialect maps it to its own vocabulary). */
export type DocumentStatus = 'stored' | 'queued' | 'processing' | 'completed' | 'failed';

export interface TagRef {
  id: string;
  name: string;
  color: string;
}

/** A document as services return it: the stored row plus its tags. */
export type DocumentView = DocumentRow & { tags: TagRef[] };

/** A page as services return it: layout parsed back into blocks. */
export type PageView = Omit<PageRow, 'layout'> & { blocks: OcrBlock[] };

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

export const PROCESS_JOB = 'document.process';
export const INDEX_JOB = 'document.index';

/**
 * Documents of a project: ingest (sniff, validate, store, queue processing), listing,
 * updates, trash and restore, and access to originals and derived pages. Every method takes the project
 * id and treats a document of another project as missing.
 */
export class DocumentService {
  /** Blobs committed by ingests whose row is not written yet (never garbage-collected meanwhile). */
  private readonly committing = new Map<string, number>();

  constructor(
    private readonly repos: Repos,
    private readonly blobs: BlobStore,
    private readonly jobs: JobQueue,
    private readonly events: EventBus,
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
      const existing = input.dedupe && this.repos.documents.findLiveBySha(input.projectId, staged.sha256);
      if (existing) {
        await this.blobs.discard(staged);
        return { document: this.view(existing), duplicate: true };
      }
      await this.blobs.commit(staged);
      this.committing.set(staged.sha256, (this.committing.get(staged.sha256) ?? 0) + 1);
      try {
        return this.insertIngested(input, staged, sniff, inspection.pageCount ?? null, name);
      } finally {
        const n = (this.committing.get(staged.sha256) ?? 1) - 1;
        if (n) this.committing.set(staged.sha256, n);
        else this.committing.delete(staged.sha256);
        if (!n && !this.repos.documents.isReferenced(staged.sha256)) await this.blobs.delete(staged.sha256);
      }
    } catch (err) {
      await this.blobs.discard(staged);
      throw err;
    }
  }

  /** Writes the row, tags, event and jobs of a committed upload in one transaction. */
  private insertIngested(
    input: IngestInput,
    staged: StagedFile,
    sniff: { mime: string; kind: FileKind },
    pageCount: number | null,
    name: string,
  ): IngestResult {
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
    let duplicateOf: DocumentRow | undefined;
    this.transaction(() => {
      if (input.dedupe) duplicateOf = this.repos.documents.findLiveBySha(input.projectId, staged.sha256);
      if (duplicateOf) return;
      const tagIds = this.resolveTagIdsForWrite(input.projectId, input.tags, input.tagIds, input.actor);
      this.repos.documents.insert(row);
      if (tagIds.length) this.repos.documents.setTags(row.id, tagIds);
      const view = this.view(row);
      this.events.emit({
        type: 'document.uploaded',
        projectId: row.projectId,
        documentId: row.id,
        keyId: input.actor?.keyId,
        data: { document: view },
      });
      if (runOcr) this.enqueueProcess(row);
      this.jobs.enqueue(INDEX_JOB, { projectId: row.projectId, documentId: row.id, dedupe: true });
    });
    if (duplicateOf) return { document: this.view(duplicateOf), duplicate: true };
    return { document: this.get(input.projectId, row.id), duplicate: false };
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

  list(filter: DocumentFilter, opts: DocumentListOptions = {}): { items: DocumentView[]; total: number } {
    const { rows, total } = this.repos.documents.list(filter, opts);
    return { items: this.views(rows), total };
  }

  /** A document of the project; trashed ones only when `includeTrashed`. Throws `not_found` otherwise. */
  get(projectId: string, id: string, opts: { includeTrashed?: boolean } = {}): DocumentView {
    const row = this.find(projectId, id);
    if (!row || (row.deletedAt && !opts.includeTrashed))
      throw new AppError('not_found', 'Document not found');
    return this.view(row);
  }

  /** The row or undefined (malformed ids are simply not found). */
  find(projectId: string, id: string): DocumentRow | undefined {
    return isObjectId(id) ? this.repos.documents.get(projectId, id.toLowerCase()) : undefined;
  }

  update(projectId: string, id: string, patch: DocumentPatch, actor?: Actor): DocumentView {
    const doc = this.get(projectId, id);
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
        ? this.resolveTagIdsForWrite(projectId, patch.tags ?? [], patch.tagIds ?? [], actor)
        : undefined;
    this.transaction(() => {
      if (Object.keys(set).length) this.repos.documents.update(doc.id, set);
      if (tagIds) this.repos.documents.setTags(doc.id, tagIds);
      const view = this.get(projectId, doc.id);
      this.events.emit({
        type: 'document.updated',
        projectId,
        documentId: doc.id,
        keyId: actor?.keyId,
        data: { document: view, changes: Object.keys({ ...set, ...(tagIds ? { tags: 1 } : {}) }) },
      });
      if (set.reviewStatus !== undefined && set.reviewStatus !== doc.reviewStatus)
        this.events.emit({
          type: 'review.changed',
          projectId,
          documentId: doc.id,
          keyId: actor?.keyId,
          data: { document: view, from: doc.reviewStatus, to: set.reviewStatus },
        });
      if (set.name !== undefined || tagIds || set.folderId !== undefined || set.docType !== undefined)
        this.jobs.enqueue(INDEX_JOB, { projectId, documentId: doc.id, dedupe: true });
    });
    return this.get(projectId, doc.id);
  }

  /** Moves a document to the trash (restorable). */
  trash(projectId: string, id: string, actor?: Actor): DocumentView {
    const doc = this.get(projectId, id);
    this.transaction(() => {
      this.repos.documents.update(doc.id, { deletedAt: this.now() });
      this.events.emit({
        type: 'document.deleted',
        projectId,
        documentId: doc.id,
        keyId: actor?.keyId,
        data: { document: doc },
      });
      this.jobs.enqueue(INDEX_JOB, { projectId, documentId: doc.id, dedupe: true });
    });
    return this.get(projectId, doc.id, { includeTrashed: true });
  }

  /** Brings a document back from the trash. 409 when the same file was uploaded again meanwhile. */
  restore(projectId: string, id: string, actor?: Actor): DocumentView {
    const doc = this.get(projectId, id, { includeTrashed: true });
    if (!doc.deletedAt) return doc;
    const live = this.repos.documents.findLiveBySha(projectId, doc.sha256);
    if (live)
      throw new AppError('conflict', `The same file is already in the project as document ${live.id}`, {
        details: { documentId: live.id },
      });
    this.transaction(() => {
      this.repos.documents.update(doc.id, { deletedAt: null });
      const view = this.get(projectId, doc.id);
      this.events.emit({
        type: 'document.restored',
        projectId,
        documentId: doc.id,
        keyId: actor?.keyId,
        data: { document: view },
      });
      this.jobs.enqueue(INDEX_JOB, { projectId, documentId: doc.id, dedupe: true });
    });
    return this.get(projectId, doc.id);
  }

  /** Deletes a document for good: row, derived data, and the blob when nothing else uses it. */
  async purge(projectId: string, id: string): Promise<void> {
    const doc = this.get(projectId, id, { includeTrashed: true });
    this.transaction(() => {
      this.repos.jobs.cancelForDocument(doc.id, this.now());
      this.repos.documents.purge(doc.id);
      this.jobs.enqueue(INDEX_JOB, { projectId, documentId: doc.id, dedupe: true });
    });
    const used = this.repos.documents.referencedShas();
    for (const sha of [doc.sha256, doc.pdfSha256]) if (sha && !used.has(sha)) await this.blobs.delete(sha);
  }

  /** The stored original (or derived PDF) of a document, for download. */
  file(
    projectId: string,
    id: string,
    variant: 'original' | 'pdf' = 'original',
  ): { path: string; mime: string; name: string; size: number } {
    const doc = this.get(projectId, id);
    if (variant === 'pdf') {
      if (!doc.pdfSha256) throw new AppError('not_found', 'No PDF is available for this document');
      const name = doc.kind === 'pdf' ? doc.name : `${doc.name.replace(/\.[^.]+$/, '')}.pdf`;
      return { path: this.blobs.path(doc.pdfSha256), mime: 'application/pdf', name, size: -1 };
    }
    return { path: this.blobs.path(doc.sha256), mime: doc.mime, name: doc.name, size: doc.size };
  }

  pages(projectId: string, id: string): PageView[] {
    const doc = this.get(projectId, id);
    return this.repos.pages.list(doc.id).map(pageView);
  }

  /** Full text (pages joined by newlines) or one 1-based page's text. */
  text(projectId: string, id: string, page?: number): string {
    const doc = this.get(projectId, id);
    if (page === undefined) return this.repos.pages.fullText(doc.id);
    const row = this.repos.pages.get(doc.id, page);
    if (!row) throw new AppError('not_found', `Page ${page} not found`);
    return row.text;
  }

  /** Queues OCR again, optionally with other languages or mode. */
  reprocess(
    projectId: string,
    id: string,
    opts: { lang?: string; mode?: OcrMode } = {},
    actor?: Actor,
  ): JobRow {
    const doc = this.get(projectId, id);
    if (!PROCESSABLE.includes(doc.kind as FileKind))
      throw new AppError('bad_request', `Documents of type ${doc.mime} cannot be processed`);
    let job: JobRow | undefined;
    this.transaction(() => {
      this.repos.documents.update(doc.id, {
        ocrStatus: 'queued',
        ocrError: null,
        ocrLang: opts.lang ?? doc.ocrLang,
        ocrMode: opts.mode ?? doc.ocrMode,
      });
      job = this.enqueueProcess({
        ...doc,
        ocrLang: opts.lang ?? doc.ocrLang,
        ocrMode: opts.mode ?? doc.ocrMode,
      });
      this.events.emit({
        type: 'ocr.requested',
        projectId,
        documentId: doc.id,
        keyId: actor?.keyId,
        data: { ...opts },
      });
    });
    return job as JobRow;
  }

  /** Jobs that ran or wait for a document (status, attempts, errors). */
  jobsOf(projectId: string, id: string): JobRow[] {
    const doc = this.get(projectId, id, { includeTrashed: true });
    return this.jobs.listForDocument(doc.id);
  }

  /** Polls until OCR reaches completed/failed or `timeoutMs` passes; returns the latest view. */
  async waitForProcessing(projectId: string, id: string, timeoutMs: number): Promise<DocumentView> {
    const deadline = this.now() + timeoutMs;
    for (;;) {
      const doc = this.get(projectId, id);
      if (doc.ocrStatus === 'completed' || doc.ocrStatus === 'failed' || doc.ocrStatus === 'stored')
        return doc;
      if (this.now() >= deadline) return doc;
      await Bun.sleep(Math.min(200, Math.max(10, deadline - this.now())));
    }
  }

  /** Counts of live documents by OCR status. */
  countByStatus(projectId: string): Record<string, number> {
    return this.repos.documents.countByOcrStatus(projectId);
  }

  /**
   * Ids of existing tags by name, for filtering: undefined when no names are given, null when one of
   * them does not exist (nothing can match).
   */
  findTagIds(projectId: string, names: string[]): string[] | undefined | null {
    const clean = [...new Set(names.map((n) => n.normalize('NFC').trim()).filter(Boolean))];
    if (!clean.length) return undefined;
    const found = this.repos.tags.byNames(projectId, clean);
    return found.length === clean.length ? found.map((t) => t.id) : null;
  }

  /** Tag ids for tag names (created on demand) and ids (validated). */
  resolveTagIdsForWrite(
    projectId: string,
    names: string[] = [],
    ids: string[] = [],
    actor?: Actor,
  ): string[] {
    const out: string[] = [];
    const cleanNames = [...new Set(names.map((n) => n.normalize('NFC').trim()).filter(Boolean))];
    for (const n of cleanNames)
      if (n.length > 100) throw new AppError('bad_request', 'Tag names are at most 100 characters');
    if (cleanNames.length) {
      const found = new Map(this.repos.tags.byNames(projectId, cleanNames).map((t) => [t.name, t.id]));
      for (const name of cleanNames) {
        let tagId = found.get(name);
        if (!tagId) {
          tagId = newId();
          this.repos.tags.insert({
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
      const found = new Set(this.repos.tags.byIds(projectId, valid).map((t) => t.id));
      const missing = ids.filter((i) => !found.has(i));
      if (missing.length)
        throw new AppError('bad_request', `Invalid tag IDs: ${JSON.stringify(missing)}`, {
          details: { missing },
        });
      out.push(...ids);
    }
    return [...new Set(out)];
  }

  view(row: DocumentRow): DocumentView {
    return this.views([row])[0] as DocumentView;
  }

  views(rows: DocumentRow[]): DocumentView[] {
    const tags = this.repos.documents.tagsOf(rows.map((r) => r.id));
    return rows.map((r) => ({ ...r, tags: (tags.get(r.id) ?? []).map(tagRef) }));
  }

  private enqueueProcess(doc: Pick<DocumentRow, 'id' | 'projectId' | 'ocrLang' | 'ocrMode'>): JobRow {
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

  private transaction(fn: () => void): void {
    this.repos.db.$client.transaction(fn)();
  }
}

function tagRef(t: TagRow): TagRef {
  return { id: t.id, name: t.name, color: t.color };
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
