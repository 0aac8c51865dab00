import type { DocumentView } from '../../core/documents.ts';
import type { JobRow } from '../../db/schema.ts';
import { iso } from '../../plugin-api.ts';
import { listParam } from '../../plugin-api.ts';

/** All values of a repeated query parameter (`?tags=a&tags=b`, `tags[]=`, or `tags=a,b`). */
export function queryAll(request: Request, name: string): string[] {
  const sp = new URL(request.url, 'http://localhost').searchParams;
  return listParam([...sp.getAll(name), ...sp.getAll(`${name}[]`)]);
}

/** Native JSON shape of a document. */
export function documentJson(d: DocumentView) {
  return {
    id: d.id,
    project_id: d.projectId,
    name: d.name,
    mime_type: d.mime,
    kind: d.kind,
    size: d.size,
    sha256: d.sha256,
    folder_id: d.folderId,
    tags: d.tags.map((t) => t.name),
    metadata: d.metadata,
    source: d.source,
    email_id: d.emailId,
    doc_type: d.docType,
    status: d.ocrStatus,
    ocr: {
      status: d.ocrStatus,
      error: d.ocrError,
      lang: d.ocrLang,
      mode: d.ocrMode,
      pages: d.pageCount,
      confidence: d.confidence,
      started_at: iso(d.ocrStartedAt),
      completed_at: iso(d.ocrCompletedAt),
    },
    extraction_status: d.extractStatus,
    review_status: d.reviewStatus,
    favorite: d.favorite,
    uploaded_by: d.uploadedBy,
    created_at: iso(d.createdAt),
    updated_at: iso(d.updatedAt),
    deleted_at: iso(d.deletedAt),
  };
}

/** Native JSON shape of a job. */
export function jobJson(j: JobRow) {
  return {
    id: j.id,
    kind: j.kind,
    document_id: j.documentId,
    status: j.status,
    attempts: j.attempts,
    max_attempts: j.maxAttempts,
    progress: j.progress,
    error: j.lastError,
    result: j.result,
    run_at: iso(j.runAt),
    created_at: iso(j.createdAt),
    updated_at: iso(j.updatedAt),
    finished_at: iso(j.finishedAt),
  };
}
