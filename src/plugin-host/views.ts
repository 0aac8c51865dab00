/**
 * Core rows and views as the plugin port shows them: each field copied by name, so a column added to the
 * database reaches no plugin until the port says so.
 */
import type { DocumentView as CoreDocumentView, PageView as CorePageView } from '../core/documents.ts';
import type {
  ApiKeyRow,
  AuditLogRow,
  ProjectRow,
  TagRow,
  WebhookDeliveryRow,
  WebhookRow,
} from '../db/schema.ts';
import type {
  ApiKeyView,
  AuditLogEntry,
  DocumentView,
  PageView,
  ProjectView,
  TagView,
  WebhookDeliveryView,
  WebhookView,
} from '../plugin-api.ts';

export function documentView(d: CoreDocumentView): DocumentView {
  return {
    id: d.id,
    projectId: d.projectId,
    name: d.name,
    mime: d.mime,
    kind: d.kind,
    size: d.size,
    sha256: d.sha256,
    folderId: d.folderId,
    source: d.source,
    emailId: d.emailId,
    metadata: d.metadata,
    docType: d.docType,
    ocrStatus: d.ocrStatus,
    ocrError: d.ocrError,
    ocrLang: d.ocrLang,
    ocrMode: d.ocrMode,
    pageCount: d.pageCount,
    confidence: d.confidence,
    ocrStartedAt: d.ocrStartedAt,
    ocrCompletedAt: d.ocrCompletedAt,
    extractStatus: d.extractStatus,
    reviewStatus: d.reviewStatus,
    favorite: d.favorite,
    uploadedBy: d.uploadedBy,
    keyId: d.keyId,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    deletedAt: d.deletedAt,
    tags: d.tags,
  };
}

export function pageView(p: CorePageView): PageView {
  return {
    documentId: p.documentId,
    pageNo: p.pageNo,
    source: p.source,
    text: p.text,
    rawText: p.rawText,
    confidence: p.confidence,
    width: p.width,
    height: p.height,
    error: p.error,
    blocks: p.blocks,
  };
}

export function projectView(p: ProjectRow): ProjectView {
  return {
    id: p.id,
    orgId: p.orgId,
    name: p.name,
    description: p.description,
    settings: p.settings,
    active: p.active,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

export function keyView(k: ApiKeyRow): ApiKeyView {
  return {
    id: k.id,
    orgId: k.orgId,
    projectId: k.projectId,
    label: k.label,
    preview: k.preview,
    readOnly: k.readOnly,
    createdBy: k.createdBy,
    createdAt: k.createdAt,
    expiresAt: k.expiresAt,
    revokedAt: k.revokedAt,
    lastUsedAt: k.lastUsedAt,
  };
}

export function tagView(t: TagRow): TagView {
  return {
    id: t.id,
    projectId: t.projectId,
    name: t.name,
    color: t.color,
    description: t.description,
    createdBy: t.createdBy,
    createdAt: t.createdAt,
  };
}

export function webhookView(h: WebhookRow): WebhookView {
  return {
    id: h.id,
    projectId: h.projectId,
    url: h.url,
    events: h.events,
    secret: h.secret,
    active: h.active,
    config: h.config,
    createdAt: h.createdAt,
    updatedAt: h.updatedAt,
  };
}

export function deliveryView(d: WebhookDeliveryRow): WebhookDeliveryView {
  return {
    id: d.id,
    webhookId: d.webhookId,
    projectId: d.projectId,
    event: d.event,
    eventId: d.eventId,
    documentId: d.documentId,
    url: d.url,
    body: d.body,
    status: d.status,
    attempts: d.attempts,
    maxAttempts: d.maxAttempts,
    nextAttemptAt: d.nextAttemptAt,
    lastStatus: d.lastStatus,
    lastError: d.lastError,
    lastResponse: d.lastResponse,
    createdAt: d.createdAt,
    updatedAt: d.updatedAt,
    deliveredAt: d.deliveredAt,
    failedAt: d.failedAt,
  };
}

export function auditEntry(r: AuditLogRow): AuditLogEntry {
  return {
    id: r.id,
    projectId: r.projectId,
    type: r.type,
    area: r.area,
    subArea: r.subArea,
    message: r.message,
    metadata: r.metadata,
    documentId: r.documentId,
    keyId: r.keyId,
    createdAt: r.createdAt,
  };
}
