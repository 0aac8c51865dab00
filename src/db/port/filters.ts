/** Query shapes the repositories accept: plain data, the same on every driver. */

/** Sortable document columns. */
export const DOCUMENT_SORT_FIELDS = [
  'created_at',
  'updated_at',
  'name',
  'size',
  'ocr_status',
  'review_status',
  'mime',
] as const;
export type DocumentSortField = (typeof DOCUMENT_SORT_FIELDS)[number];

/** Filters understood by a documents list. Every list is scoped to one project. */
export interface DocumentFilter {
  projectId: string;
  /** `live` (default): not in trash; `trash`: only trashed; `any`: both. */
  state?: 'live' | 'trash' | 'any';
  ids?: string[];
  folderId?: string;
  /** Tag ids; a document must carry all of them. */
  tagIds?: string[];
  kinds?: string[];
  mimes?: string[];
  ocrStatuses?: string[];
  /** Review states; `null` in the list matches documents never reviewed. */
  reviewStatuses?: (string | null)[];
  docTypes?: string[];
  sources?: string[];
  favorite?: boolean;
  emailId?: string;
  /** Case-insensitive (ASCII) substring of the name. */
  nameContains?: string;
  /** Exact matches on metadata keys (the stored value must be this string). */
  metadata?: Record<string, string>;
  createdFrom?: number;
  /** Exclusive upper bound. */
  createdBefore?: number;
  keyId?: string;
}

/** True for the default listing (live documents of a project, newest first, no other filter): drivers answer it from stored counts. */
export function isPlainLiveList(f: DocumentFilter, opts: DocumentListOptions): boolean {
  if (opts.sort?.length || (f.state ?? 'live') !== 'live') return false;
  return Object.entries(f).every(
    ([k, v]) => k === 'projectId' || k === 'state' || v === undefined || (Array.isArray(v) && v.length === 0),
  );
}

export interface DocumentListOptions {
  offset?: number;
  limit?: number;
  /** Ties are broken by id, in the direction of the last key (default: newest first). */
  sort?: { field: DocumentSortField; dir: 'asc' | 'desc' }[];
}

/** Filters for the audit/event log. */
export interface AuditFilter {
  projectId: string;
  type?: string;
  area?: string;
  subArea?: string;
  /** Case-insensitive (ASCII) substring of the message. */
  message?: string;
  documentId?: string;
  /** Matches on metadata keys, compared as text. */
  metadata?: Record<string, string>;
  from?: number;
  before?: number;
  offset?: number;
  limit?: number;
}

/** Query for records: exact matches on top-level JSON fields (`null` matches a missing field too). */
export interface RecordQuery {
  where?: Record<string, string | number | boolean | null>;
  offset?: number;
  limit?: number;
  order?: 'asc' | 'desc';
}

/** Filters for a project's jobs. */
export interface JobFilter {
  projectId: string;
  statuses?: string[];
  kinds?: string[];
  documentId?: string;
}

/** Filters for a project's webhook deliveries. */
export interface DeliveryFilter {
  webhookId?: string;
  status?: string;
  event?: string;
  offset?: number;
  limit?: number;
}

/** Filters for API keys. */
export interface KeyFilter {
  orgId?: string;
  projectId?: string;
  createdBy?: string;
}

/** One page of a list and the number of matches over all pages. */
export interface Page<T> {
  rows: T[];
  total: number;
}
