import { type DialectApi, iso, type StoredRecord } from '../../src/plugin-api.ts';
import type { History } from './history.ts';
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
export async function batchProgress(api: DialectApi, history: History, b: Batch) {
  const totalFiles = b.data.uploadIds.length;
  if (b.data.final) return progressOf(totalFiles, b.data.final.completedFiles, b.data.final.failedFiles);
  let completedFiles = 0;
  let failedFiles = 0;
  for (const id of b.data.uploadIds) {
    const doc = await api.documents.find(b.projectId, id);
    const status =
      doc && !doc.deletedAt ? history.status(doc, (await history.info(b.projectId, id))?.data) : 'failed';
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
export async function batchJson(api: DialectApi, history: History, b: Batch) {
  const p = await batchProgress(api, history, b);
  return {
    id: b.id,
    name: b.data.name,
    projectId: b.projectId,
    organizationId: (await api.tenancy.project(b.projectId))?.orgId ?? null,
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
export async function finishBatch(api: DialectApi, history: History, b: Batch): Promise<Batch> {
  if (b.data.final) return b;
  const p = await batchProgress(api, history, b);
  if (p.status === 'processing') return b;
  const final = { completedFiles: p.completedFiles, failedFiles: p.failedFiles, at: Date.now() };
  const done = await api.records.update(BATCHES, b.projectId, b.id, { ...b.data, final });
  await emitOcriva(api, 'batch.completed', b.projectId, await batchJson(api, history, done));
  return done;
}

/** {@link finishBatch} by id (when one of its records settles). */
export async function checkBatch(
  api: DialectApi,
  history: History,
  projectId: string,
  batchId: string,
): Promise<void> {
  const b = await api.records.get<BatchData>(BATCHES, projectId, batchId);
  if (b) await finishBatch(api, history, b);
}

export function requireBatch(api: DialectApi, projectId: string, id: string): Promise<Batch> {
  return api.records.require<BatchData>(BATCHES, projectId, id.toLowerCase(), 'Batch');
}
