import { type DialectApi, type DocumentView, iso } from '../../src/plugin-api.ts';

/** Core OCR state -> DocRouter `state` (llm_* come from the extraction record, see {@link stateOf}). */
const OCR_STATE: Record<string, string> = {
  stored: 'uploaded',
  queued: 'uploaded',
  processing: 'ocr_processing',
  completed: 'ocr_completed',
  failed: 'ocr_failed',
};

const LLM_STATE: Record<string, string | undefined> = {
  processing: 'llm_processing',
  completed: 'llm_completed',
  failed: 'llm_failed',
};

/**
 * DocRouter's document state: the OCR state, then `llm_processing/llm_completed/llm_failed` from the
 * latest extraction made since OCR last completed.
 */
export async function stateOf(doc: DocumentView, api: DialectApi): Promise<string> {
  const ocr = OCR_STATE[doc.ocrStatus] ?? 'uploaded';
  if (ocr !== 'ocr_completed' || doc.deletedAt) return ocr;
  const since = doc.ocrCompletedAt ?? 0;
  let latest: { status: string; updatedAt: number } | undefined;
  for (const r of await api.extraction.list(doc.projectId, doc.id))
    if (r.updatedAt >= since && (!latest || r.updatedAt >= latest.updatedAt)) latest = r;
  return (latest && LLM_STATE[latest.status]) ?? ocr;
}

/**
 * `pdf_id`: the document itself for PDFs and for files without a PDF rendition; for images, a stable id
 * of their rendition (made on first request).
 */
export function pdfIdOf(doc: DocumentView, api: DialectApi): string {
  if (doc.kind === 'pdf' || !api.documents.hasPdfRendition(doc.mime)) return doc.id;
  return new Bun.CryptoHasher('sha1').update(`pdf:${doc.id}`).digest('hex').slice(0, 24);
}

/** DocRouter metadata is a string map; other dialects may have stored other JSON values. */
export function stringMap(meta: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(meta ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
  );
}

/** A list item of `GET /documents` (`type` is null there). */
export function documentItem(doc: DocumentView, state: string, api: DialectApi) {
  return {
    id: doc.id,
    pdf_id: pdfIdOf(doc, api),
    document_name: doc.name,
    upload_date: iso(doc.createdAt),
    uploaded_by: doc.uploadedBy ?? '',
    state,
    tag_ids: doc.tags.map((t) => t.id),
    type: null as string | null,
    metadata: stringMap(doc.metadata),
  };
}

/** The upload answer for one document. */
export function uploadedItem(doc: DocumentView) {
  return {
    document_name: doc.name,
    document_id: doc.id,
    tag_ids: doc.tags.map((t) => t.id),
    metadata: stringMap(doc.metadata),
  };
}
