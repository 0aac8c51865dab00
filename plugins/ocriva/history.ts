import {
  AppError,
  type DialectApi,
  type DocserveEvent,
  type DocumentView,
  type ExtractionRecord,
  iso,
  type JsonSchema,
  type StoredRecord,
} from '../../src/plugin-api.ts';
import { emitOcriva } from './webhooks.ts';

/** Collection of what Ocriva adds to a document it uploaded; the record id is the document id. */
export const HISTORY = 'ocriva.history';
/** Ocriva uploads whose extraction has not settled yet (small: only work in flight). */
const AWAITING = 'ocriva.awaiting';

/** The processing-history states of the Ocriva docs (also the list filter values). */
export const STATUSES = ['pending', 'queued', 'in_progress', 'completed', 'failed'] as const;
export type OcrivaStatus = (typeof STATUSES)[number];

/** The outcome of extraction for one OCR run of a document. */
export interface Settlement {
  /** The `ocrCompletedAt` of the OCR run the extraction read. */
  ocrCompletedAt: number;
  outcome: 'completed' | 'failed';
  error: string | null;
  at: number;
}

/** An Ocriva upload: template (snapshot at upload time), batch, uploader and extraction state. */
export interface UploadInfo {
  [key: string]: unknown;
  templateId: string | null;
  templateName: string | null;
  resultFormat: string;
  extractionMode: string | null;
  /** The template's schema when it extracts structured data, else null (generic result). */
  schema: JsonSchema | null;
  instructions: string | null;
  /** Extraction schema key: `generic` or the template id and revision. */
  schemaKey: string;
  batchId: string | null;
  userId: string | null;
  priority: string;
  uploadType: string | null;
  fileType: string | null;
  /** Origin of the upload request, for `fileUrl` in webhook payloads. */
  baseUrl: string;
  settled: Settlement | null;
}

/** Filters of `GET /processing-history`. */
export interface HistoryFilter {
  status?: OcrivaStatus;
  templateId?: string;
  batchId?: string;
  search?: string;
  createdFrom?: number;
  createdBefore?: number;
}

type Info = StoredRecord<UploadInfo>;
type OcrState = Pick<DocumentView, 'ocrStatus' | 'ocrCompletedAt'>;

/** Core OCR states a filter status can come from (completed OCR may still await extraction). */
const OCR_STATES: Record<OcrivaStatus, string[]> = {
  pending: ['stored'],
  queued: ['queued'],
  in_progress: ['processing', 'completed'],
  completed: ['completed'],
  failed: ['failed', 'completed'],
};

const ALL = 1_000_000_000;

/**
 * Processing history over the document store: every live document of a project is a record (id =
 * document id); Ocriva uploads add template, batch and uploader. A record is `completed` once the
 * extraction for its schema exists: it runs right after OCR for Ocriva uploads and otherwise lazily
 * when a record is read, so no pipeline hook is needed. Documents uploaded through other dialects
 * follow their OCR state and get the generic result when read.
 */
export class History {
  private readonly inflight = new Map<string, Promise<void>>();

  constructor(private readonly api: DialectApi) {}

  info(projectId: string, documentId: string): Promise<Info | undefined> {
    return this.api.records.get<UploadInfo>(HISTORY, projectId, documentId);
  }

  /** The Ocriva status of a document. */
  status(doc: OcrState, info: UploadInfo | undefined): OcrivaStatus {
    switch (doc.ocrStatus) {
      case 'stored':
        return 'pending';
      case 'queued':
        return 'queued';
      case 'processing':
        return 'in_progress';
      case 'failed':
        return 'failed';
    }
    if (!info) return 'completed';
    return settledFor(doc, info)?.outcome ?? 'in_progress';
  }

  /** A live document of the project as a record, or 404. */
  async document(projectId: string, id: string): Promise<DocumentView> {
    const doc = await this.api.documents.find(projectId, id);
    if (!doc || doc.deletedAt) throw new AppError('not_found', 'Processing history record not found');
    return doc;
  }

  /** The full record of one document (its extraction runs first when it is due). */
  async get(projectId: string, id: string, baseUrl: string) {
    const doc = await this.document(projectId, id);
    await this.settle(projectId, doc.id);
    return this.view(projectId, await this.document(projectId, id), baseUrl);
  }

  /**
   * One page of records matching `f`, newest first, and the total. Without status, template, batch or
   * search filters the page comes straight from the document list; otherwise from {@link matches}.
   */
  async list(projectId: string, f: HistoryFilter, page: number, limit: number, baseUrl: string) {
    await this.settleAwaiting(projectId);
    const offset = (page - 1) * limit;
    let docs: DocumentView[] = [];
    let total: number;
    if (f.status || f.templateId || f.batchId || f.search) {
      const ids = (await this.matches(projectId, f)).map(([id]) => id);
      total = ids.length;
      const pageIds = ids.slice(offset, offset + limit);
      if (pageIds.length)
        docs = (await this.api.documents.list({ projectId, ids: pageIds }, { limit })).items;
    } else {
      const filter = { projectId, createdFrom: f.createdFrom, createdBefore: f.createdBefore };
      ({ items: docs, total } = await this.api.documents.list(filter, { offset, limit }));
    }
    const data = [];
    for (const doc of docs) data.push(await this.view(projectId, doc, baseUrl));
    return { data, total };
  }

  /** Record counts by status (`processing` = queued + in_progress). */
  async stats(projectId: string) {
    await this.settleAwaiting(projectId);
    const counts = { total: 0, pending: 0, processing: 0, completed: 0, failed: 0 };
    for (const [, status] of await this.matches(projectId, {})) {
      counts.total++;
      if (status === 'queued' || status === 'in_progress') counts.processing++;
      else counts[status]++;
    }
    return counts;
  }

  /** Ids and statuses of the records matching `f`, newest first; memoized until the database changes. */
  private async matches(projectId: string, f: HistoryFilter): Promise<[string, OcrivaStatus][]> {
    const json = await this.api.cache.memo(`ocriva:history:${projectId}:${JSON.stringify(f)}`, async () =>
      JSON.stringify((await this.scan(projectId, f)).map((m) => [m.doc.id, m.status])),
    );
    return JSON.parse(json);
  }

  /** The documents of a project matching a filter, with their upload info and status. */
  private async scan(projectId: string, f: HistoryFilter) {
    const { items: docs } = await this.api.documents.list(
      {
        projectId,
        createdFrom: f.createdFrom,
        createdBefore: f.createdBefore,
        ocrStatuses: f.status ? OCR_STATES[f.status] : undefined,
      },
      { offset: 0, limit: ALL },
    );
    const where: Record<string, string> = {};
    if (f.templateId) where.templateId = f.templateId;
    if (f.batchId) where.batchId = f.batchId;
    const { items } = await this.api.records.list<UploadInfo>(HISTORY, projectId, { where, limit: ALL });
    const infos = new Map(items.map((r) => [r.id, r.data]));
    const needle = f.search?.normalize('NFC').trim().toLowerCase();
    const out: { doc: DocumentView; info: UploadInfo | undefined; status: OcrivaStatus }[] = [];
    for (const doc of docs) {
      const info = infos.get(doc.id);
      if ((f.templateId || f.batchId) && !info) continue;
      const status = this.status(doc, info);
      if (f.status && status !== f.status) continue;
      if (
        needle &&
        !doc.name.normalize('NFC').toLowerCase().includes(needle) &&
        !info?.templateName?.normalize('NFC').toLowerCase().includes(needle)
      )
        continue;
      out.push({ doc, info, status });
    }
    return out;
  }

  /** A record as Ocriva shows it, with `processingResult` from the extraction engine. */
  async view(projectId: string, doc: DocumentView, baseUrl: string, info?: UploadInfo) {
    info ??= (await this.info(projectId, doc.id))?.data;
    let status = this.status(doc, info);
    let error = status === 'failed' ? (settledFor(doc, info)?.error ?? doc.ocrError) : null;
    let result: unknown = null;
    let completedAt = status === 'failed' ? doc.ocrCompletedAt : null;
    if (status === 'completed') {
      completedAt = settledFor(doc, info)?.at ?? doc.ocrCompletedAt;
      let extracted: ExtractionRecord | undefined;
      try {
        extracted = await this.extract(projectId, doc, info);
      } catch (err) {
        status = 'failed';
        error = errorText(err);
      }
      if (extracted?.status === 'completed')
        result = await processingResult(this.api, projectId, doc, info, extracted);
      else if (extracted?.status === 'failed') {
        status = 'failed';
        error = extracted.error ?? 'Extraction failed';
      } else if (extracted) status = 'in_progress';
    }
    return recordJson(doc, info, {
      status,
      result,
      error,
      completedAt,
      baseUrl,
      orgId: await this.orgOf(doc),
    });
  }

  private async orgOf(doc: DocumentView): Promise<string> {
    return (await this.api.tenancy.project(doc.projectId))?.orgId ?? '';
  }

  /** Runs the extraction an Ocriva upload is waiting for (once per OCR run, shared by callers). */
  settle(projectId: string, documentId: string): Promise<void> {
    const running = this.inflight.get(documentId);
    if (running) return running;
    const p = this.settleNow(projectId, documentId).finally(() => this.inflight.delete(documentId));
    this.inflight.set(documentId, p);
    return p;
  }

  /** Marks an Ocriva upload as waiting for its extraction and settles it in the background. */
  async track(projectId: string, documentId: string): Promise<void> {
    await this.api.records.put(AWAITING, projectId, documentId, {});
    this.api.background(() => this.settle(projectId, documentId));
  }

  /** Settles every Ocriva upload of the project whose OCR finished but whose extraction is missing. */
  async settleAwaiting(projectId: string): Promise<void> {
    const { items: waiting } = await this.api.records.list(AWAITING, projectId, { limit: ALL });
    for (const r of waiting) await this.settle(projectId, r.id);
  }

  /**
   * Event handler: an Ocriva upload's finished OCR starts its extraction at once (so `document.processed`
   * fires without polling); a failed OCR raises `document.failed`. When it fails, the record settles on
   * its next read.
   */
  readonly onEvent = async (e: DocserveEvent<'ocr.completed' | 'ocr.failed'>): Promise<void> => {
    if (!e.documentId) return;
    const { projectId, documentId } = e;
    const info = await this.info(projectId, documentId);
    if (!info) return;
    if (e.type === 'ocr.completed') {
      await this.track(projectId, documentId);
      return;
    }
    await this.api.records.delete(AWAITING, projectId, documentId);
    const doc = await this.document(projectId, documentId);
    const payload = recordJson(doc, info.data, {
      status: 'failed',
      result: null,
      error: doc.ocrError,
      completedAt: doc.ocrCompletedAt,
      baseUrl: info.data.baseUrl,
      orgId: await this.orgOf(doc),
    });
    await emitOcriva(this.api, 'document.failed', projectId, payload, { documentId });
    if (info.data.batchId) await this.onBatchProgress?.(projectId, info.data.batchId);
  };

  /** Called when a record of a batch reaches a final state (set by the batch module). */
  onBatchProgress?: (projectId: string, batchId: string) => Promise<void>;

  private async settleNow(projectId: string, documentId: string): Promise<void> {
    const doc = await this.api.documents.find(projectId, documentId);
    const info = (await this.info(projectId, documentId))?.data;
    if (doc?.ocrStatus === 'queued' || doc?.ocrStatus === 'processing') return;
    if (!doc || doc.deletedAt || !info || doc.ocrStatus !== 'completed' || settledFor(doc, info)) {
      await this.api.records.delete(AWAITING, projectId, documentId);
      return;
    }
    let extracted: ExtractionRecord | undefined;
    let error: string | null = null;
    try {
      extracted = await this.extract(projectId, doc, info);
    } catch (err) {
      error = errorText(err);
    }
    if (extracted && extracted.status !== 'completed' && extracted.status !== 'failed') return;
    const now = await this.api.documents.find(projectId, documentId);
    const current = await this.info(projectId, documentId);
    if (!now || now.deletedAt || !current || now.ocrCompletedAt !== doc.ocrCompletedAt) return;
    const outcome = extracted?.status === 'completed' ? 'completed' : 'failed';
    const settled: Settlement = {
      ocrCompletedAt: doc.ocrCompletedAt as number,
      outcome,
      error: outcome === 'failed' ? (extracted?.error ?? error ?? 'Extraction failed') : null,
      at: Date.now(),
    };
    const next = { ...current.data, settled };
    const payload = await this.view(projectId, doc, next.baseUrl, next);
    const type = outcome === 'completed' ? 'document.processed' : 'document.failed';
    await emitOcriva(this.api, type, projectId, payload, { documentId });
    await this.api.records.update(HISTORY, projectId, documentId, next);
    await this.api.records.delete(AWAITING, projectId, documentId);
    if (next.batchId) await this.onBatchProgress?.(projectId, next.batchId);
  }

  /** The extraction of a document for its schema: the stored one when it read the latest OCR, else a new run. */
  private async extract(
    projectId: string,
    doc: DocumentView,
    info: UploadInfo | undefined,
  ): Promise<ExtractionRecord | undefined> {
    const ex = this.api.extraction;
    const schemaKey = info?.schemaKey ?? 'generic';
    const have = await ex.get(projectId, doc.id, schemaKey);
    if (have && have.status !== 'queued' && have.updatedAt >= (doc.ocrCompletedAt ?? 0)) return have;
    return ex.run(projectId, doc.id, {
      schemaKey,
      schema: info?.schema ?? undefined,
      instructions: info?.instructions ?? undefined,
    });
  }
}

/** A message safe to show: an AppError's own, else a generic one. */
function errorText(err: unknown): string {
  return err instanceof AppError ? err.message : 'Extraction failed';
}

function settledFor(doc: OcrState, info: UploadInfo | undefined): Settlement | undefined {
  const s = info?.settled;
  return s && s.ocrCompletedAt === doc.ocrCompletedAt ? s : undefined;
}

/** Schema-shaped values for a structured template, else the generic result (type, pages, text, fields). */
async function processingResult(
  api: DialectApi,
  projectId: string,
  doc: DocumentView,
  info: UploadInfo | undefined,
  rec: ExtractionRecord,
): Promise<unknown> {
  if (!rec.result) return null;
  const data = rec.isEdited ? rec.editedResult : rec.result.data;
  if (info?.schema) return data;
  return {
    documentType: rec.result.kind,
    pages: doc.pageCount,
    text: await api.documents.text(projectId, doc.id),
    fields: data,
    confidence: Math.round(rec.result.confidence * 1000) / 1000,
  };
}

/** The record shape of the Ocriva processing-history page. */
export function recordJson(
  doc: DocumentView,
  info: UploadInfo | undefined,
  r: {
    status: OcrivaStatus;
    result: unknown;
    error: string | null;
    completedAt: number | null;
    baseUrl: string;
    /** The organization of the document's project. */
    orgId: string;
  },
) {
  const { orgId } = r;
  const updatedAt = Math.max(doc.updatedAt, info?.settled?.at ?? 0);
  return {
    id: doc.id,
    uploadId: doc.id,
    projectId: doc.projectId,
    userId: info?.userId ?? doc.keyId,
    fileName: doc.name,
    fileUrl: fileUrl(r.baseUrl, doc),
    filePath: `${orgId}/projects/${doc.projectId}/${doc.name}`,
    fileSize: String(doc.size),
    mimeType: doc.mime,
    status: r.status,
    templateId: info?.templateId ?? null,
    templateName: info?.templateName ?? null,
    batchId: info?.batchId ?? null,
    resultFormat: info?.resultFormat ?? 'json',
    priority: info?.priority ?? 'medium',
    processingResult: r.result,
    ...(r.status === 'failed' ? { errorMessage: r.error ?? 'Processing failed' } : {}),
    startedAt: iso(doc.ocrStartedAt),
    completedAt: iso(r.completedAt),
    createdAt: iso(doc.createdAt),
    updatedAt: iso(updatedAt),
  };
}

/** Where the original can be downloaded (docserve's `/processing-history/:id/file` extension). */
export function fileUrl(baseUrl: string, doc: Pick<DocumentView, 'id' | 'projectId'>): string {
  return `${baseUrl}/v1/openapi/processing-history/${doc.id}/file?projectId=${doc.projectId}`;
}

/**
 * The origin (`scheme://host:port`) a request was sent to, for absolute URLs in responses
 * (`http://localhost` when the Host header was empty or invalid: Bun then gives only the path).
 */
export function originOf(request: Request): string {
  return new URL(request.url, 'http://localhost').origin;
}
