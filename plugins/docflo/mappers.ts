import { type DocumentView, iso, type WebhookView } from '../../src/plugin-api.ts';
import type { Approver } from './approvals.ts';
import { docfloType } from './catalog.ts';
import type { Fields } from './fields.ts';

/** Docflo's status values (seed: "Document Status Values"). */
export const STATUSES = [
  'CONFIRMED',
  'REQUIRES_VALIDATION',
  'PROCESSING',
  'ANALYZING',
  'ANALYZED',
  'APPROVED',
  'FAILED',
] as const;
export type DocfloStatus = (typeof STATUSES)[number];

/** Review states as stored in the core `reviewStatus` (lower case, shared with other dialects). */
export const REVIEW_VALUE: Partial<Record<DocfloStatus, string>> = {
  APPROVED: 'approved',
  CONFIRMED: 'confirmed',
  REQUIRES_VALIDATION: 'requires_validation',
  FAILED: 'failed',
};

const FROM_REVIEW: Record<string, DocfloStatus> = {
  approved: 'APPROVED',
  confirmed: 'CONFIRMED',
  requires_validation: 'REQUIRES_VALIDATION',
  failed: 'FAILED',
};

/**
 * Docflo status of a document: the OCR state while it runs or when it failed (queued -> PROCESSING,
 * processing -> ANALYZING, failed -> FAILED), else the review state, else ANALYZED. Review values of
 * other dialects (e.g. `rejected`) and unprocessed documents show as REQUIRES_VALIDATION.
 */
export function statusOf(d: Pick<DocumentView, 'ocrStatus' | 'reviewStatus'>): DocfloStatus {
  if (d.ocrStatus === 'queued') return 'PROCESSING';
  if (d.ocrStatus === 'processing') return 'ANALYZING';
  if (d.ocrStatus === 'failed') return 'FAILED';
  if (d.reviewStatus) return FROM_REVIEW[d.reviewStatus.toLowerCase()] ?? 'REQUIRES_VALIDATION';
  return d.ocrStatus === 'completed' ? 'ANALYZED' : 'REQUIRES_VALIDATION';
}

/** The document object (spec §3 suggestion); `results` only when given. */
export function documentJson(d: DocumentView, approvers: Approver[], results?: Fields | null) {
  return {
    _id: d.id,
    type: docfloType(d.docType),
    status: statusOf(d),
    source: d.source,
    fileName: d.name,
    mimeType: d.mime,
    size: d.size,
    pages: d.pageCount,
    confidence: d.confidence === null ? null : Math.round(d.confidence * 1000) / 1000,
    emailId: d.emailId,
    favorite: d.favorite,
    approvers: approvers.map(approverJson),
    error: d.ocrStatus === 'failed' ? d.ocrError : null,
    createdAt: iso(d.createdAt),
    updatedAt: iso(d.updatedAt),
    ...(results === undefined ? {} : { results: results ? { fields: results } : null }),
  };
}

export function approverJson(a: Approver) {
  return { _id: a.approverId, status: a.status, decidedAt: iso(a.decidedAt) };
}

/** A subscription as docserve's Docflo webhook endpoints show it (the secret only on creation). */
export function webhookJson(h: WebhookView) {
  return { _id: h.id, url: h.url, events: h.events, active: h.active, createdAt: iso(h.createdAt) };
}
