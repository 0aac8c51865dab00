import {
  type DocumentView,
  iso,
  type ProjectView,
  type StoredRecord,
  type WebhookView,
} from '../../src/plugin-api.ts';
import { fileUrl, type UploadInfo } from './history.ts';
import type { TemplateData } from './templates.ts';
import { customHeaders } from './webhooks.ts';

/** The project shape of Ocriva's projects page. */
export function projectJson(p: ProjectView) {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    organizationId: p.orgId,
    isActive: p.active,
    createdAt: iso(p.createdAt),
    updatedAt: iso(p.updatedAt),
  };
}

/** The template shape of Ocriva's templates page (`templateId`, not `id`). */
export function templateJson(t: StoredRecord<TemplateData>) {
  return {
    templateId: t.id,
    name: t.data.name,
    description: t.data.description,
    templateSchema: t.data.templateSchema,
    projectId: t.projectId,
    isActive: t.data.isActive,
    resultFormat: t.data.resultFormat,
    extractionMode: t.data.extractionMode,
    instructions: t.data.instructions,
    createdAt: iso(t.createdAt),
    updatedAt: iso(t.updatedAt),
  };
}

/** The upload shape Ocriva answers with (`id` is also the processing-history record id). */
export function uploadJson(doc: DocumentView, info: UploadInfo, baseUrl: string) {
  const url = fileUrl(baseUrl, doc);
  return {
    id: doc.id,
    fileName: doc.name,
    fileUrl: url,
    publicUrl: url,
    fileSize: doc.size,
    mimeType: doc.mime,
    fileType: info.fileType ?? (doc.kind === 'pdf' || doc.kind === 'image' ? doc.kind : 'document'),
    projectId: doc.projectId,
    templateId: info.templateId,
    batchId: info.batchId,
    uploadType: info.uploadType,
    status: 'uploaded',
    processingHistoryId: doc.id,
    metadata: doc.metadata,
    createdAt: iso(doc.createdAt),
  };
}

/** A subscription as docserve's Ocriva webhook endpoints show it (the secret only on creation). */
export function webhookJson(h: WebhookView) {
  return {
    id: h.id,
    name: (h.config.name as string | undefined) ?? '',
    url: h.url,
    events: h.events,
    status: h.active ? 'active' : 'paused',
    headers: customHeaders(h),
    description: (h.config.description as string | undefined) ?? null,
    projectId: h.projectId,
    createdAt: iso(h.createdAt),
    updatedAt: iso(h.updatedAt),
  };
}
