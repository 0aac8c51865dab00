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
  /** When `batch.completed` was raised (reset when a file is added). */
  completedAt: number | null;
}

type Batch = StoredRecord<BatchData>;

/** Live counts of a batch from its records' statuses (a file removed from the store counts as failed). */
export function batchProgress(api: DialectServices, history: History, b: Batch) {
  let completedFiles = 0;
  let failedFiles = 0;
  for (const id of b.data.uploadIds) {
    const doc = api.documents.find(b.projectId, id);
    const status =
      doc && !doc.deletedAt ? history.status(doc, history.info(b.projectId, id)?.data) : 'failed';
    if (status === 'completed') completedFiles++;
    else if (status === 'failed') failedFiles++;
  }
  const totalFiles = b.data.uploadIds.length;
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
    completedAt: iso(b.data.completedAt),
  };
}

/** Raises `batch.completed` once, when the last file of a batch reaches a final state. */
export function checkBatch(api: DialectServices, history: History, projectId: string, batchId: string): void {
  const b = api.records.get<BatchData>(BATCHES, projectId, batchId);
  if (!b || b.data.completedAt) return;
  if (batchProgress(api, history, b).status === 'processing') return;
  const done = api.records.update(BATCHES, projectId, b.id, { ...b.data, completedAt: Date.now() });
  emitOcriva(api, 'batch.completed', projectId, batchJson(api, history, done));
}

export function requireBatch(api: DialectServices, projectId: string, id: string): Batch {
  return api.records.require<BatchData>(BATCHES, projectId, id.toLowerCase(), 'Batch');
}

/** `GET /batch` (paginated, `status` filter) and `GET /batch/:id`. */
export function batchRoutes(api: DialectServices, history: History) {
  const settled = async (projectId: string, batches: Batch[]) => {
    await history.settleAwaiting(projectId);
    for (const b of batches) checkBatch(api, history, projectId, b.id);
    return batches.map((b) => requireBatch(api, projectId, b.id));
  };

  return new Elysia()
    .get('/batch', async (ctx) => {
      const { caller, query } = ctx as typeof ctx & { caller: OcrivaCaller };
      const projectId = projectOf(api, caller);
      const v = new Validator(query);
      const status = v.string('status', { oneOf: BATCH_STATUSES });
      v.done();
      const page = intParam(query.page, 'page', 1, 1, 1_000_000);
      const limit = intParam(query.limit, 'limit', 10, 1, 100);
      const all = api.records.list<BatchData>(BATCHES, projectId, { limit: 1_000_000_000 }).items;
      const data = (await settled(projectId, all))
        .map((b) => batchJson(api, history, b))
        .filter((b) => !status || b.status === status);
      return {
        data: data.slice((page - 1) * limit, page * limit),
        pagination: { page, limit, total: data.length, pages: Math.ceil(data.length / limit) },
      };
    })
    .get('/batch/:id', async (ctx) => {
      const { caller, params } = ctx as typeof ctx & { caller: OcrivaCaller };
      const projectId = projectOf(api, caller);
      const [b] = await settled(projectId, [requireBatch(api, projectId, params.id)]);
      return batchJson(api, history, b as Batch);
    });
}
