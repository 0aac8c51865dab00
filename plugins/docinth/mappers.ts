import {
  type DocumentStatus,
  type DocumentView,
  isoSeconds,
  type WebhookView,
} from '../../src/plugin-api.ts';
import { show } from './ids.ts';

/** Core OCR state -> DOC.IN.TH `ocr_status`. */
export const OCR_STATUS: Record<DocumentStatus, string> = {
  stored: 'not_requested',
  queued: 'pending',
  processing: 'processing',
  completed: 'completed',
  failed: 'failed',
};

/** The list item shape of the seed. */
export function documentItem(d: DocumentView) {
  return {
    id: show('document', d.id),
    name: d.name,
    size: d.size,
    mime_type: d.mime,
    created_at: isoSeconds(d.createdAt),
    folder_id: show('folder', d.folderId),
    ocr_status: OCR_STATUS[d.ocrStatus as DocumentStatus] ?? d.ocrStatus,
  };
}

/** The detail shape: the list item plus tags, pages and an OCR summary. */
export function documentDetail(d: DocumentView) {
  return {
    ...documentItem(d),
    updated_at: isoSeconds(d.updatedAt),
    tags: d.tags.map((t) => t.name),
    pages: d.pageCount,
    workspace_id: show('workspace', d.projectId),
    ocr: {
      status: OCR_STATUS[d.ocrStatus as DocumentStatus] ?? d.ocrStatus,
      language: toDocinthLanguage(d.ocrLang ?? 'tha+eng'),
      confidence: d.confidence === null ? null : round3(d.confidence),
      pages: d.pageCount,
      started_at: isoSeconds(d.ocrStartedAt),
      completed_at: isoSeconds(d.ocrCompletedAt),
      error: d.ocrError,
    },
    review_status: d.reviewStatus,
  };
}

/** A subscription as the DOC.IN.TH extension endpoints show it (the secret only on creation). */
export function webhookJson(h: WebhookView) {
  return {
    id: show('webhook', h.id),
    url: h.url,
    events: h.events,
    active: h.active,
    created_at: isoSeconds(h.createdAt),
  };
}

export const round3 = (n: number) => Math.round(n * 1000) / 1000;

const TO_TESSERACT: Record<string, string> = { th: 'tha', en: 'eng', tha: 'tha', eng: 'eng' };

/** `th+en` -> `tha+eng`; undefined when a part is not supported. */
export function toTesseractLanguage(lang: string): string | undefined {
  const parts = lang
    .toLowerCase()
    .split(/[+,]/)
    .map((p) => TO_TESSERACT[p.trim()]);
  return parts.every(Boolean) && parts.length ? [...new Set(parts)].join('+') : undefined;
}

/** `tha+eng` -> `th+en`. */
export function toDocinthLanguage(lang: string): string {
  return lang
    .split('+')
    .map((p) => (p === 'tha' ? 'th' : p === 'eng' ? 'en' : p))
    .join('+');
}
