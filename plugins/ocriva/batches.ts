import { Elysia } from 'elysia';
import { type DialectServices, intParam, iso, type StoredRecord } from '../../src/plugin-api.ts';
import { type OcrivaCaller, projectOf } from './auth.ts';
import type { History } from './history.ts';
import { Validator } from './validate.ts';
import { emitOcriva } from './webhooks.ts';

export const BATCHES = 'ocriva.batches';

/** `processing` until every file is final, then `completed`, `failed` (all failed) or `partial`. */
export const BATCH_STATUSES = ['processing', 'completed', 'partial', 'failed'] as const;
export type BatchStatus = (typeof BATCH_STATUSES)[number];

/** Most files one batch upload takes (Ocriva's limit). */
export const MAX_BATCH_FILES = 50;

export interface BatchData {
  [key: string]: unknown;
  name: string;
  templateId: string | null;
  templateName: string | null;
  userId: string;
  /** Processing-history (= document) ids, in upload order. */
  uploadIds: string[];
  metadata: Record<string, unknown> | null;
  /** The counts when the last file finished and `batch.completed` was raised (cleared when a file is added). */
  final: { completedFiles: number; failedFiles: number; at: number } | null;
}

type Batch = StoredRecord<BatchData>;

/**
 * Counts of a batch: live from its records' statuses while it runs (a file removed from the store counts
 * as failed), then the counts it finished with.
 */
export function batchProgress(api: DialectServices, history: History, b: Batch) {
  const totalFiles = b.data.uploadIds.length;
  if (b.data.final) return progressOf(totalFiles, b.data.final.completedFiles, b.data.final.failedFiles);
  let completedFiles = 0;
  let failedFiles = 0;
  for (const id of b.data.uploadIds) {
    const doc = api.documents.find(b.projectId, id);
    const status =
      doc && !doc.deletedAt ? history.status(doc, history.info(b.projectId, id)?.data) : 'failed';
    if (status === 'completed') completedFiles++;
    else if (status === 'failed') failedFiles++;
  }
  return progressOf(totalFiles, completedFiles, failedFiles);
}

function progressOf(totalFiles: number, completedFiles: number, failedFiles: number) {
  const done = completedFiles + failedFiles;
  const status: BatchStatus =
    done < totalFiles
      ? 'processing'
      : failedFiles === 0
        ? 'completed'
        : completedFiles === 0
          ? 'failed'
          : 'partial';
  return {
    totalFiles,
    completedFiles,
    failedFiles,
    status,
    progress: totalFiles ? Math.round((done / totalFiles) * 100) : 100,
  };
}

/** The batch shape of Ocriva's batch page plus `progress`, `metadata` and timestamps. */
export function batchJson(api: DialectServices, history: History, b: Batch) {
  const p = batchProgress(api, history, b);
  return {
    id: b.id,
    name: b.data.name,
    projectId: b.projectId,
    organizationId: api.tenancy.project(b.projectId)?.orgId ?? null,
    userId: b.data.userId,
    templateId: b.data.templateId,
    templateName: b.data.templateName,
    totalFiles: p.totalFiles,
    completedFiles: p.completedFiles,
    failedFiles: p.failedFiles,
    status: p.status,
    progress: p.progress,
    uploadIds: b.data.uploadIds,
    metadata: b.data.metadata,
    createdAt: iso(b.createdAt),
    updatedAt: iso(b.updatedAt),
    completedAt: iso(b.data.final?.at),
  };
}

/** Raises `batch.completed` once, when the last file reaches a final state; returns the batch as it is now. */
export function finishBatch(api: DialectServices, history: History, b: Batch): Batch {
  if (b.data.final) return b;
  const p = batchProgress(api, history, b);
  if (p.status === 'processing') return b;
  const final = { completedFiles: p.completedFiles, failedFiles: p.failedFiles, at: Date.now() };
  const done = api.records.update(BATCHES, b.projectId, b.id, { ...b.data, final });
  emitOcriva(api, 'batch.completed', b.projectId, batchJson(api, history, done));
  return done;
}

/** {@link finishBatch} by id (when one of its records settles). */
export function checkBatch(api: DialectServices, history: History, projectId: string, batchId: string): void {
  const b = api.records.get<BatchData>(BATCHES, projectId, batchId);
  if (b) finishBatch(api, history, b);
}

export function requireBatch(api: DialectServices, projectId: string, id: string): Batch {
  return api.records.require<BatchData>(BATCHES, projectId, id.toLowerCase(), 'Batch');
}

/** `GET /batch` (paginated, `status` filter) and `GET /batch/:id`. */
export function batchRoutes(api: DialectServices, history: History) {
  return new Elysia()
    .get('/batch', async (ctx) => {
      const { caller, query } = ctx as typeof ctx & { caller: OcrivaCaller };
      const projectId = projectOf(api, caller);
      const v = new Validator(query);
      const status = v.string('status', { oneOf: BATCH_STATUSES });
      v.done();
      const page = intParam(query.page, 'page', 1, 1, 1_000_000);
      const limit = intParam(query.limit, 'limit', 10, 1, 100);
      await history.settleAwaiting(projectId);
      const data = api.records
        .list<BatchData>(BATCHES, projectId, { limit: 1_000_000_000 })
        .items.map((b) => batchJson(api, history, finishBatch(api, history, b)))
        .filter((b) => !status || b.status === status);
      return {
        data: data.slice((page - 1) * limit, page * limit),
        pagination: { page, limit, total: data.length, pages: Math.ceil(data.length / limit) },
      };
    })
    .get('/batch/:id', async (ctx) => {
      const { caller, params } = ctx as typeof ctx & { caller: OcrivaCaller };
      const projectId = projectOf(api, caller);
      await history.settleAwaiting(projectId);
      return batchJson(api, history, finishBatch(api, history, requireBatch(api, projectId, params.id)));
    });
}
