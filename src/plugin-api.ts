/**
 * The plugin port: the only module a dialect plugin imports. It is written by hand and owns every type a
 * plugin sees: the use-case methods of {@link DialectApi} (all asynchronous, so storage can move to
 * asynchronous drivers without touching a plugin), plugin-facing views (never database rows), the closed
 * set of events with their payloads, the contract {@link defineDialect} checks, the typed
 * {@link dialectRouter} and the helpers every dialect needs to read requests and write responses.
 * The server adapts core services to this port (src/plugin-host/); this module imports nothing above it.
 * plugins/README.md shows how to add a dialect.
 */
import { type AnyElysia, Elysia } from 'elysia';
import type { ExportFormat } from './core/export/formats.ts';
import type { ExtractionRecord, ExtractionResult, JsonSchema } from './core/extract/types.ts';
import type { OcrBlock, PageResult } from './core/ocr/types.ts';
import type { SearchResult } from './core/search/types.ts';
import { downloadResponse } from './core/files/download.ts';
import { AppError } from './errors.ts';

export { AppError, type ErrorCode } from './errors.ts';
export { hmacHex } from './core/webhooks/service.ts';
export { hasThai, normalizeForSearch, normalizeThai, thaiDigitsToAscii } from './core/text/thai.ts';
export type { BBox, OcrBlock, OcrLine, OcrWord, PageResult } from './core/ocr/types.ts';
export type {
  ExtractedField,
  ExtractionCheck,
  ExtractionRecord,
  ExtractionResult,
  JsonSchema,
} from './core/extract/types.ts';
export type { SearchHit, SearchResult } from './core/search/types.ts';
export type { ExportFormat } from './core/export/formats.ts';

// ---------------------------------------------------------------------------------------------------
// Views: what the port returns

/** Who is calling: the API key (or a token minted from it) and the scope it grants. */
export interface Principal {
  keyId: string;
  orgId: string;
  /** The project a project key is bound to; null for an organization key. */
  projectId: string | null;
  label: string;
  readOnly: boolean;
  /** Per-key request limits by dialect id (or `*`), when the key sets its own. */
  rateLimit: Record<string, number> | null;
  expiresAt: number | null;
}

/** Why a credential was refused. */
export type KeyRejection = 'unknown' | 'revoked' | 'expired';

/** A project (a DOC.IN.TH workspace, a Docflo tenant, a DocRouter organization). */
export interface ProjectView {
  id: string;
  orgId: string;
  name: string;
  description: string;
  /** Settings of the project, one key per dialect that keeps its own (e.g. `docrouter`). */
  settings: Record<string, unknown>;
  active: boolean;
  createdAt: number;
  updatedAt: number;
}

/** An API key as it may be shown: never the key itself, only its first characters (`preview`). */
export interface ApiKeyView {
  id: string;
  orgId: string;
  projectId: string | null;
  label: string;
  preview: string;
  readOnly: boolean;
  /** What created it: `cli`, `native`, or a dialect id. */
  createdBy: string;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

/** Core OCR state of a document (each dialect maps it to its own vocabulary). */
export type DocumentStatus = 'stored' | 'queued' | 'processing' | 'completed' | 'failed';

/** A tag as documents carry it. */
export interface TagRef {
  id: string;
  name: string;
  color: string;
}

/** A tag of a project. */
export interface TagView extends TagRef {
  projectId: string;
  description: string;
  /** Label of the key that created it. */
  createdBy: string | null;
  createdAt: number;
}

/** A document: its file, processing state, review state and tags. */
export interface DocumentView {
  id: string;
  projectId: string;
  name: string;
  mime: string;
  /** `pdf`, `image`, `docx`, `xlsx`, `text`, `email` or `other`. */
  kind: string;
  size: number;
  sha256: string;
  folderId: string | null;
  /** `upload`, `email` or `api`. */
  source: string;
  /** The e-mail this document was attached to. */
  emailId: string | null;
  metadata: Record<string, unknown>;
  /** The document type (a dialect's type, or the kind extraction recognized). */
  docType: string | null;
  ocrStatus: string;
  ocrError: string | null;
  ocrLang: string | null;
  ocrMode: string | null;
  pageCount: number | null;
  confidence: number | null;
  ocrStartedAt: number | null;
  ocrCompletedAt: number | null;
  extractStatus: string;
  reviewStatus: string | null;
  favorite: boolean;
  /** Label of the key that uploaded it. */
  uploadedBy: string | null;
  /** Id of the key that uploaded it. */
  keyId: string | null;
  createdAt: number;
  updatedAt: number;
  /** When it went to the trash; null while live. */
  deletedAt: number | null;
  tags: TagRef[];
}

/** One stored page of a document: its text and OCR layout. */
export interface PageView {
  documentId: string;
  /** 1-based. */
  pageNo: number;
  /** `ocr`, `text-layer` or `text`. */
  source: string;
  text: string;
  rawText: string;
  confidence: number | null;
  width: number | null;
  height: number | null;
  error: string | null;
  blocks: OcrBlock[];
}

/** An inclusive byte range of a stored file (`bytes=start-end`). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * A stored file (an original or a PDF rendition), read only when its content is used, from wherever the
 * server keeps it (a local directory or an S3 bucket). Serve it with {@link fileResponse}.
 */
export interface StoredFile {
  name: string;
  mime: string;
  size: number;
  /** A strong entity tag (`"<sha256>"`); the bytes behind it never change. */
  etag: string;
  /** When the bytes were stored (ms since the epoch). */
  modifiedAt: number;
  /** The content, or one inclusive range of it, as a stream. */
  stream(range?: ByteRange): Promise<ReadableStream<Uint8Array>>;
  /** The whole content in memory (for small files a vendor returns inline, e.g. base64). */
  bytes(): Promise<Uint8Array>;
}

/** A background job working on a document, as a dialect may report it. */
export interface ProcessingJob {
  status: string;
  attempts: number;
  progress: Record<string, unknown> | null;
}

/** A dialect's own JSON record (templates, batches, prompts, approvals...), scoped to a project. */
export interface StoredRecord<T extends Record<string, unknown> = Record<string, unknown>> {
  id: string;
  projectId: string;
  data: T;
  createdAt: number;
  updatedAt: number;
}

/** A webhook subscription of this dialect. */
export interface WebhookView {
  id: string;
  projectId: string;
  url: string;
  events: string[];
  secret: string;
  active: boolean;
  /** The dialect's own settings of the subscription (names, custom headers, auth style...). */
  config: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

/** One delivery of an event to a subscription (the durable outbox row). */
export interface WebhookDeliveryView {
  id: string;
  webhookId: string;
  projectId: string;
  event: string;
  eventId: string;
  documentId: string | null;
  url: string;
  /** The serialized payload. */
  body: string;
  /** `pending`, `delivered` or `dead`. */
  status: string;
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: number | null;
  lastStatus: number | null;
  lastError: string | null;
  lastResponse: string | null;
  createdAt: number;
  updatedAt: number;
  deliveredAt: number | null;
  failedAt: number | null;
}

/** One entry of a project's log. */
export interface AuditLogEntry {
  id: string;
  projectId: string;
  /** `info`, `warning` or `error`. */
  type: string;
  area: string;
  subArea: string | null;
  message: string;
  metadata: Record<string, unknown>;
  documentId: string | null;
  keyId: string | null;
  createdAt: number;
}

/** A file of a multipart request, received into the server's temporary area (see {@link UploadsApi}). */
export interface Upload {
  /** The form field it came in. */
  readonly field: string;
  /** The file name the client sent (checked when the file is stored). */
  readonly filename: string;
  /** The Content-Type the client declared for the part (not trusted). */
  readonly declaredMime: string;
  readonly size: number;
}

/** A received multipart body: files in the temporary area, text fields in memory. */
export interface UploadForm {
  files: Upload[];
  /** Every value of every text field, in order. */
  fields: Record<string, string[]>;
  /** The first value of a text field. */
  field(name: string): string | undefined;
  /** The first file sent in `field`. */
  file(field: string): Upload | undefined;
  /** The first file sent in `field`; `bad_request` ("Missing file: send the document in ...") when none. */
  requireFile(field: string): Upload;
}

/** The optional OpenAI-compatible extraction endpoint as dialects may show it (never its key or URL). */
export interface LlmEndpointInfo {
  /** The model name sent to the endpoint. */
  model: string;
  /** The endpoint's host name. */
  host: string;
  /** Whether a key is configured for it. */
  hasKey: boolean;
}

// ---------------------------------------------------------------------------------------------------
// Inputs

/** Who did something (for `uploadedBy` and the log). */
export interface Actor {
  keyId?: string;
  label?: string;
}

/** Document columns a list can sort by. */
export type DocumentSortField =
  | 'created_at'
  | 'updated_at'
  | 'name'
  | 'size'
  | 'ocr_status'
  | 'review_status'
  | 'mime';

/** Which live documents of a project a list returns; every condition must hold. */
export interface DocumentQuery {
  projectId: string;
  ids?: string[];
  folderId?: string;
  /** Tag ids; a document must carry all of them. */
  tagIds?: string[];
  ocrStatuses?: string[];
  docTypes?: string[];
  sources?: string[];
  favorite?: boolean;
  /** Exact matches on metadata keys. */
  metadata?: Record<string, string>;
  createdFrom?: number;
  /** Exclusive upper bound. */
  createdBefore?: number;
}

/** Paging and order of a document list (newest first by default). */
export interface DocumentListOptions {
  offset?: number;
  limit?: number;
  sort?: { field: DocumentSortField; dir: 'asc' | 'desc' }[];
}

/** A new document from a received file. */
export interface UploadInput {
  projectId: string;
  file: Upload;
  /** The stored name (default: the file name the client sent). */
  filename?: string;
  folderId?: string | null;
  /** Tag names; created in the project when missing. */
  tags?: string[];
  /** Tag ids; each must exist in the project. */
  tagIds?: string[];
  metadata?: Record<string, unknown>;
  /** Queue OCR / text extraction (default true). */
  runOcr?: boolean;
  source?: 'upload' | 'api';
  docType?: string | null;
  reviewStatus?: string | null;
  actor?: Actor;
}

/** A new document from bytes already in memory (base64 uploads). */
export interface BytesUploadInput extends Omit<UploadInput, 'file' | 'filename'> {
  filename: string;
  bytes: Uint8Array;
}

/** Changes to a document; absent fields stay as they are. */
export interface DocumentPatch {
  name?: string;
  tags?: string[];
  tagIds?: string[];
  folderId?: string | null;
  metadata?: Record<string, unknown>;
  docType?: string | null;
  favorite?: boolean;
  reviewStatus?: string | null;
}

/** A tag's fields. */
export interface TagInput {
  name: string;
  color?: string | null;
  description?: string | null;
}

/** A new API key. */
export interface KeyInput {
  orgId: string;
  projectId?: string | null;
  label?: string;
  /** A vendor-looking prefix such as `org_` or `acc_`. */
  prefix?: string;
  expiresInDays?: number | null;
  /** What creates it (a dialect lists its own keys by it). */
  createdBy?: string;
}

/** A new webhook subscription of this dialect. */
export interface WebhookInput {
  projectId: string;
  url: string;
  events?: string[];
  /** Generated when absent. */
  secret?: string | null;
  active?: boolean;
  config?: Record<string, unknown>;
}

/** Changes to a subscription. */
export type WebhookPatch = Partial<Pick<WebhookView, 'url' | 'events' | 'secret' | 'active' | 'config'>>;

/** An entry for the project's log. */
export interface AuditInput {
  projectId: string;
  type?: 'info' | 'warning' | 'error';
  area: string;
  subArea?: string;
  message: string;
  metadata?: Record<string, unknown>;
  documentId?: string;
  keyId?: string;
}

/** Filters of the project's log (newest first). */
export interface AuditQuery {
  projectId: string;
  type?: string;
  area?: string;
  subArea?: string;
  /** Case-insensitive substring of the message. */
  message?: string;
  documentId?: string;
  metadata?: Record<string, string>;
  from?: number;
  /** Exclusive upper bound. */
  before?: number;
  offset?: number;
  limit?: number;
}

/** Filters of a record collection. */
export interface RecordQuery {
  /** Exact matches on top-level data fields. */
  where?: Record<string, string | number | boolean | null>;
  offset?: number;
  limit?: number;
  /** By creation: newest first (`desc`, default) or oldest first. */
  order?: 'asc' | 'desc';
}

/** A full-text search (Thai and English) over a project's document names and content. */
export interface SearchQuery {
  projectId: string;
  q: string;
  /** File kinds: pdf, image, docx, xlsx, text, email. */
  kinds?: string[];
  createdFrom?: number;
  /** Exclusive upper bound. */
  createdBefore?: number;
  offset?: number;
  limit?: number;
}

// ---------------------------------------------------------------------------------------------------
// Events

/** A DocRouter prompt revision as its LLM events name it. */
export interface LlmPrompt {
  prompt_revid: string;
  prompt_id: string;
  prompt_version: number;
}

/** What an Ocriva event carries: the organization and the payload of Ocriva's webhook page. */
export interface OcrivaEventData {
  organizationId: string | null;
  payload: unknown;
}

/**
 * Every event of docserve and its data. Core raises the document, OCR, extraction and review events;
 * dialects raise the ones in {@link DIALECT_EVENTS}. Events go to the project's log and to webhooks.
 */
export interface EventPayloads {
  'document.uploaded': { document: DocumentView };
  'document.updated': { document: DocumentView; changes: string[] };
  'document.deleted': { document: DocumentView };
  'document.restored': { document: DocumentView };
  'review.changed': { document: DocumentView; from: string | null; to: string | null };
  'ocr.requested': { lang?: string; mode?: string };
  'ocr.completed': {
    document: DocumentView;
    pages: number;
    confidence: number | null;
    failedPages: number[];
    processingTimeMs: number;
    sources: string[];
  };
  'ocr.failed': { document: DocumentView; error: string };
  'extraction.completed': {
    document: DocumentView;
    schemaKey: string;
    kind: string | null;
    confidence: number;
    fields: number;
  };
  'extraction.failed': { document: DocumentView; schemaKey: string; error: string };
  /**
   * Extracted fields changed: through an extraction (`schemaKey`, `isEdited`, `isVerified`) or a
   * dialect's own result (`document` with its `results`, and the changed `fields`).
   */
  'fields.updated': {
    schemaKey?: string;
    isEdited?: boolean;
    isVerified?: boolean;
    document?: DocumentView & { results?: { fields: unknown } };
    fields?: unknown;
  };
  /** Docflo: the approvers of a document were set. */
  'review.approvers': { document: DocumentView; approvers: string[] };
  /** Docflo: an approver decided. */
  'review.decision': { document: DocumentView; approverId: string; decision: 'APPROVED' | 'REJECTED' };
  /** DocRouter: a prompt produced its result. */
  'llm.completed': { document: unknown; prompt: LlmPrompt; llm_output: unknown };
  /** DocRouter: a prompt failed. */
  'llm.failed': { document: unknown; prompt: LlmPrompt; error: { stage: string; message: string } };
  /** The test delivery a subscription asked for (never raised as an event). */
  'webhook.test': Record<string, never>;
  'ocriva.document.uploaded': OcrivaEventData;
  'ocriva.document.processed': OcrivaEventData;
  'ocriva.document.failed': OcrivaEventData;
  'ocriva.batch.uploaded': OcrivaEventData;
  'ocriva.batch.completed': OcrivaEventData;
  'ocriva.template.created': OcrivaEventData;
  'ocriva.template.updated': OcrivaEventData;
  'ocriva.template.deleted': OcrivaEventData;
}

/** Every event name. */
export type EventName = keyof EventPayloads;

/** The events dialects raise (core raises the others). */
export const DIALECT_EVENTS = [
  'fields.updated',
  'review.approvers',
  'review.decision',
  'llm.completed',
  'llm.failed',
  'ocriva.document.uploaded',
  'ocriva.document.processed',
  'ocriva.document.failed',
  'ocriva.batch.uploaded',
  'ocriva.batch.completed',
  'ocriva.template.created',
  'ocriva.template.updated',
  'ocriva.template.deleted',
] as const satisfies readonly EventName[];

/** An event a dialect may raise. */
export type DialectEventName = (typeof DIALECT_EVENTS)[number];

/** An event to raise: its name, where it happened and its data. */
export type EventInput<N extends EventName = EventName> = {
  [K in N]: {
    type: K;
    projectId: string;
    documentId?: string;
    /** The key that caused it. */
    keyId?: string;
    data: EventPayloads[K];
  };
}[N];

/** An event as subscribers and webhook formatters receive it. */
export type DocserveEvent<N extends EventName = EventName> = {
  [K in N]: EventInput<K> & { id: string; at: number };
}[N];

// ---------------------------------------------------------------------------------------------------
// The use cases a dialect may call

/** API keys. */
export interface KeysApi {
  /** The principal of a raw key; `unauthorized` when it is unknown, revoked or expired. */
  require(raw: string): Promise<Principal>;
  /** The principal of a raw key, or why it is refused. */
  resolve(raw: string): Promise<Principal | KeyRejection>;
  /** The principal of a key by its id, or why it is refused. */
  resolveId(keyId: string): Promise<Principal | KeyRejection>;
  list(filter: { orgId?: string; projectId?: string; createdBy?: string }): Promise<ApiKeyView[]>;
  /** Creates a key; `key` is the only time its plaintext is seen. */
  create(input: KeyInput): Promise<{ key: string; row: ApiKeyView }>;
  revoke(keyId: string): Promise<boolean>;
}

/** Short-lived tokens minted from a key, valid in this dialect only. */
export interface TokensApi {
  /** True when the string has the shape of a token (a JWT), as opposed to a raw key. */
  looksLikeToken(value: string): boolean;
  /** Checks a token of this dialect and the key behind it; `unauthorized` otherwise. */
  verify(token: string): Promise<{ principal: Principal; projectId: string | null }>;
  /** A token for the principal (bound to a project, read-only, when asked), and its lifetime in seconds. */
  issue(
    principal: Principal,
    opts: { ttlSeconds: number; projectId?: string | null; readOnly?: boolean },
  ): Promise<{ token: string; expiresIn: number }>;
}

/** Organizations and their projects. */
export interface TenancyApi {
  /** True when the principal may act on the project. */
  canAccess(principal: Principal, projectId: string): Promise<boolean>;
  /**
   * The project a request acts on: a project key's own project, else the requested one, else the
   * organization's default. `forbidden` outside the key's scope, `bad_request` when nothing is chosen.
   */
  resolveProject(principal: Principal, requested?: string | null): Promise<ProjectView>;
  project(id: string): Promise<ProjectView | undefined>;
  /** The projects of an organization. */
  listProjects(orgId: string): Promise<ProjectView[]>;
  /** The projects a principal can reach. */
  projectsOf(principal: Principal): Promise<ProjectView[]>;
  createProject(orgId: string, name: string): Promise<ProjectView>;
  updateProject(
    id: string,
    patch: { name?: string; active?: boolean; settings?: Record<string, unknown> },
  ): Promise<ProjectView>;
}

/** Documents of a project. Every method treats a document of another project as missing (`not_found`). */
export interface DocumentsApi {
  list(query: DocumentQuery, opts?: DocumentListOptions): Promise<{ items: DocumentView[]; total: number }>;
  /** A live document; `not_found` otherwise. */
  get(projectId: string, id: string): Promise<DocumentView>;
  /** A document, trashed ones included (see `deletedAt`); undefined when there is none. */
  find(projectId: string, id: string): Promise<DocumentView | undefined>;
  /** Stores a received file as a new document and queues its processing. */
  upload(input: UploadInput): Promise<DocumentView>;
  /** Stores bytes as a new document (limited to the server's upload size). */
  uploadBytes(input: BytesUploadInput): Promise<DocumentView>;
  update(projectId: string, id: string, patch: DocumentPatch, actor?: Actor): Promise<DocumentView>;
  /** Moves a document to the trash. */
  trash(projectId: string, id: string, actor?: Actor): Promise<DocumentView>;
  /** Deletes a document for good. */
  purge(projectId: string, id: string): Promise<void>;
  /**
   * The original, or with `pdf` its PDF rendition (made on first request for images; the original for
   * documents without one). `not_found` when the stored file is gone.
   */
  file(projectId: string, id: string, variant?: 'original' | 'pdf'): Promise<StoredFile>;
  /** True when documents of this type get a PDF rendition (PDFs, and PNG, JPEG, WebP, GIF, BMP images). */
  hasPdfRendition(mime: string): boolean;
  pages(projectId: string, id: string): Promise<PageView[]>;
  /** The full text: pages joined by newlines. */
  text(projectId: string, id: string): Promise<string>;
  /** Queues OCR again, optionally in other languages (`tha+eng`). */
  reprocess(projectId: string, id: string, opts?: { lang?: string }, actor?: Actor): Promise<void>;
  /** Waits until OCR completes or fails, at most `timeoutMs`; the document as it then is. */
  waitForProcessing(projectId: string, id: string, timeoutMs: number): Promise<DocumentView>;
  /** The OCR job of a document, while there is one. */
  processingJob(projectId: string, id: string): Promise<ProcessingJob | undefined>;
}

/** Receiving multipart uploads: the one way a route reads files. */
export interface UploadsApi {
  /**
   * Streams a multipart/form-data request to the temporary area (never whole in memory; 413 past the
   * upload size or `maxFiles`, 415 when it is not multipart) and runs `use` with it. Every received file
   * `use` did not store as a document is removed when `use` returns or throws.
   */
  receive<T>(
    request: Request,
    use: (form: UploadForm) => Promise<T>,
    limits?: { maxFiles?: number },
  ): Promise<T>;
}

/** Tags of a project. */
export interface TagsApi {
  /** Every tag, by name. */
  all(projectId: string): Promise<TagView[]>;
  find(projectId: string, id: string): Promise<TagView | undefined>;
  /** `not_found` when missing. */
  get(projectId: string, id: string): Promise<TagView>;
  create(projectId: string, input: TagInput, actor?: Actor): Promise<TagView>;
  update(projectId: string, id: string, patch: Partial<TagInput>): Promise<TagView>;
  /** How many documents carry the tag (`live`: not counting the trash). */
  usage(projectId: string, id: string, opts?: { live?: boolean }): Promise<number>;
  /** Deletes a tag no live document carries (`dropFromTrashed`: trashed ones lose it). */
  delete(projectId: string, id: string, opts?: { dropFromTrashed?: boolean }): Promise<void>;
}

/** The OCR engine. */
export interface OcrApi {
  /** The engine's name (`tesseract`). */
  readonly engine: string;
  /**
   * Reads a received file without storing it: OCR for PDFs and images, a UTF-8 text file as one page.
   * Undefined for any other file.
   */
  readUpload(file: Upload): Promise<{ mime: string; pages: PageResult[] } | undefined>;
}

/** Structured field extraction (the rules engine, and the optional LLM endpoint). */
export interface ExtractionApi {
  /** Runs extraction of a document for a schema key (stored under that key) and waits for it. */
  run(
    projectId: string,
    documentId: string,
    opts?: { schemaKey?: string; schema?: JsonSchema; instructions?: string },
  ): Promise<ExtractionRecord>;
  get(projectId: string, documentId: string, schemaKey?: string): Promise<ExtractionRecord | undefined>;
  /** Saves a user's edit or verification of a stored extraction. */
  update(
    projectId: string,
    documentId: string,
    schemaKey: string,
    patch: { editedResult?: unknown; isVerified?: boolean },
  ): Promise<ExtractionRecord>;
  delete(projectId: string, documentId: string, schemaKey: string): Promise<boolean>;
  list(projectId: string, documentId: string): Promise<ExtractionRecord[]>;
  /** Extraction of pages that are not stored (analyze endpoints). */
  extractPages(pages: PageResult[], opts?: { schema?: JsonSchema; name?: string }): Promise<ExtractionResult>;
}

/** Result exports shared by every dialect. */
export interface ExportsApi {
  render(
    projectId: string,
    documentId: string,
    format: ExportFormat,
    opts?: { schemaKey?: string },
  ): Promise<{ body: Uint8Array | string; mime: string; filename: string }>;
}

/** This dialect's webhook subscriptions and their deliveries (other dialects' are never seen). */
export interface WebhooksApi {
  list(projectId: string): Promise<WebhookView[]>;
  create(input: WebhookInput): Promise<WebhookView>;
  update(projectId: string, id: string, patch: WebhookPatch): Promise<WebhookView>;
  /** False when there was no such subscription. */
  delete(projectId: string, id: string): Promise<boolean>;
  deliveries(
    projectId: string,
    filter: { webhookId?: string; status?: string; event?: string; offset?: number; limit?: number },
  ): Promise<{ rows: WebhookDeliveryView[]; total: number }>;
  /** One delivery of this dialect's subscriptions; undefined when there is none. */
  delivery(projectId: string, id: string): Promise<WebhookDeliveryView | undefined>;
  /** Queues a delivery again. */
  retry(projectId: string, id: string): Promise<WebhookDeliveryView>;
  /** Queues a `webhook.test` event to one subscription. */
  sendTest(projectId: string, id: string, keyId?: string): Promise<WebhookDeliveryView | undefined>;
}

/** A dialect's own entities, as JSON records in named collections (prefix them with the dialect id). */
export interface RecordsApi {
  /** A fresh 24-hex id. */
  newId(): string;
  get<T extends Record<string, unknown>>(
    collection: string,
    projectId: string,
    id: string,
  ): Promise<StoredRecord<T> | undefined>;
  /** Like {@link get} but `not_found` (`<what> not found`) when missing. */
  require<T extends Record<string, unknown>>(
    collection: string,
    projectId: string,
    id: string,
    what?: string,
  ): Promise<StoredRecord<T>>;
  list<T extends Record<string, unknown>>(
    collection: string,
    projectId: string,
    query?: RecordQuery,
  ): Promise<{ items: StoredRecord<T>[]; total: number }>;
  /** Creates a record (a fresh id unless given). */
  create<T extends Record<string, unknown>>(
    collection: string,
    projectId: string,
    data: T,
    id?: string,
  ): Promise<StoredRecord<T>>;
  /** Replaces the data of an existing record (`not_found` when missing). */
  update<T extends Record<string, unknown>>(
    collection: string,
    projectId: string,
    id: string,
    data: T,
  ): Promise<StoredRecord<T>>;
  /** Creates the record or replaces its data. */
  put<T extends Record<string, unknown>>(
    collection: string,
    projectId: string,
    id: string,
    data: T,
  ): Promise<StoredRecord<T>>;
  delete(collection: string, projectId: string, id: string): Promise<boolean>;
}

/** The project's log. */
export interface AuditApi {
  log(entry: AuditInput): Promise<void>;
  list(query: AuditQuery): Promise<{ rows: AuditLogEntry[]; total: number }>;
}

/** Raising and hearing events. */
export interface EventsApi {
  /** Raises a dialect event: the project's log and every matching webhook subscription get it. */
  emit(event: EventInput<DialectEventName>): Promise<void>;
  /**
   * Calls `handler` for each event of the given names, after the change that raised it is stored.
   * Errors are logged, never passed to the code that raised the event. Subscribe in `setup`; the
   * subscription ends when the server stops.
   */
  on<N extends EventName>(names: N[], handler: (event: DocserveEvent<N>) => void | Promise<void>): void;
}

/** Read results memoized until the next database write. */
export interface CacheApi {
  /** The value of `compute`, or the one computed for `key` since the last write. */
  memo(key: string, compute: () => Promise<string>): Promise<string>;
}

/** Everything a dialect may do: the port's use cases. One per dialect, built by the server. */
export interface DialectApi {
  readonly config: {
    /** Largest file an upload may carry, in bytes. */
    maxUploadBytes: number;
    /** The OpenAI-compatible endpoint extraction asks for missing fields; undefined when none is set. */
    llm?: LlmEndpointInfo;
  };
  readonly keys: KeysApi;
  readonly tokens: TokensApi;
  readonly tenancy: TenancyApi;
  readonly documents: DocumentsApi;
  readonly uploads: UploadsApi;
  readonly tags: TagsApi;
  readonly search: { search(query: SearchQuery): Promise<SearchResult> };
  readonly ocr: OcrApi;
  readonly extraction: ExtractionApi;
  readonly exports: ExportsApi;
  readonly webhooks: WebhooksApi;
  readonly records: RecordsApi;
  readonly audit: AuditApi;
  readonly events: EventsApi;
  readonly cache: CacheApi;
  /**
   * Runs `task` in the background (after the current request); the server waits for it when it stops
   * and starts none afterwards. Errors are logged.
   */
  background(task: () => Promise<void>): void;
}

/** How a dialect renders events as its own webhook payloads and signs them. */
export interface WebhookFormatter {
  /**
   * The vendor payload of an event, or null when the event has no counterpart in this dialect. `event`
   * is the vendor's event name, matched against the subscription's event list.
   */
  build(event: DocserveEvent, hook: WebhookView): { event: string; eventId: string; body: unknown } | null;
  /** Headers of one delivery attempt of a serialized body (signature, timestamp, event name...). */
  headers(
    body: string,
    hook: WebhookView,
    delivery: { id: string; event: string; eventId: string },
    attemptAt: number,
  ): Record<string, string>;
  /** True when an empty event list on a subscription means "every event" (DocRouter). */
  emptyMeansAll?: boolean;
}

// ---------------------------------------------------------------------------------------------------
// The contract

/** What a dialect's authenticate function sees of the request. */
export interface AuthRequest {
  request: Request;
  path: string;
  headers: Record<string, string | undefined>;
  params: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
}

/** The resolved caller of a dialect request. Plugins may extend it with their own fields. */
export interface DialectCaller {
  principal: Principal;
  /** The project the request acts on; null on account/organization-level routes. */
  projectId: string | null;
}

/** How a dialect renders an error: status, body and optional extra headers. */
export interface RenderedError {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** What every dialect declares about itself besides its routes: identity, paths, errors and limits. */
export interface DialectSurface {
  /** Stable id, used for rate-limit buckets, webhook subscriptions and token audiences. */
  id: string;
  /** Human name, used as the OpenAPI tag. */
  title: string;
  /** Path prefixes the dialect owns, e.g. `['/v2']`; unknown paths under them get its 404 body. */
  prefixes: string[];
  /** Renders any AppError (validation and not-found included) into the vendor's envelope and status. */
  renderError(err: AppError): RenderedError;
  /** Per-key request limit for this dialect; headers follow the vendor's style. */
  rateLimit?: {
    windowMs: number;
    defaultLimit: number;
    /** Headers to add to every rate-limited response (limit, remaining, reset epoch seconds). */
    headers?: (d: { limit: number; remaining: number; resetAt: number }) => Record<string, string>;
  };
  /** Largest JSON body accepted on a path (default 16 MB). */
  maxJsonBytes?: (path: string) => number;
  /** Mutating routes that read-only callers (guest tokens) may still call. */
  readOnlySafe?: RegExp[];
}

/** Which of its prefixes a dialect's routes are being built for. */
export interface DialectMount {
  /** The prefix, e.g. `/v0`. */
  prefix: string;
  /** True for the first prefix; routes under the others may hide from the OpenAPI document. */
  primary: boolean;
}

/** An Elysia app whose handlers receive the resolved `caller` (see {@link dialectRouter}). */
export type DialectRouter<C extends DialectCaller> = Elysia<
  '',
  {
    decorator: Record<never, never>;
    store: Record<never, never>;
    derive: { caller: C };
    resolve: Record<never, never>;
  }
>;

/**
 * A router for a group of a dialect's routes, whose handlers find the resolved caller in `ctx.caller`
 * (typed `C`). Add it to the app `routes` is given with `.use()`. Route parameters are typed from each
 * route's own path (a `prefix` only adds to the URL).
 */
export function dialectRouter<C extends DialectCaller>(options: { prefix?: string } = {}): DialectRouter<C> {
  return new Elysia(options) as unknown as DialectRouter<C>;
}

/** A dialect plugin: one vendor's REST API mounted at its native paths. `S` is what `setup` makes. */
export interface DialectDefinition<C extends DialectCaller = DialectCaller, S = undefined>
  extends DialectSurface {
  /**
   * Called once when the server starts, before any route is built: subscriptions, background work and
   * state the routes share. What it returns is given to `routes` and `close`.
   */
  setup?(api: DialectApi): S;
  /** Resolves the caller from the request's credentials; throws `unauthorized`/`forbidden` AppErrors. */
  authenticate(req: AuthRequest, api: DialectApi): C | Promise<C>;
  /** Routes that need no credentials (token exchange, ...). */
  publicRoutes?(app: Elysia, api: DialectApi, state: S): AnyElysia;
  /**
   * Authenticated routes, built once per prefix: `app.use(...)` the dialect's routers. Multipart bodies
   * are never parsed by Elysia: upload routes read them with `api.uploads.receive`.
   */
  routes(app: DialectRouter<C>, api: DialectApi, state: S, mount: DialectMount): AnyElysia;
  /** Renders events as this vendor's webhook payloads. */
  webhooks?: WebhookFormatter;
  /** Called once when the server stops (after its subscriptions ended and background work finished). */
  close?(state: S): void | Promise<void>;
}

/** Declares a dialect plugin (identity function that checks the definition's type). */
export function defineDialect<C extends DialectCaller, S = undefined>(
  def: DialectDefinition<C, S>,
): DialectDefinition<C, S> {
  return def;
}

// ---------------------------------------------------------------------------------------------------
// Request and response helpers

/**
 * Parses an integer query parameter within bounds. Empty means `fallback`; anything else that is not
 * an integer in range is a `bad_request` naming the parameter.
 */
export function intParam(
  value: string | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined || value === '') return fallback;
  if (!/^-?\d+$/.test(value.trim())) throw new AppError('bad_request', `${name} must be an integer`);
  const n = Number(value);
  if (n < min || n > max) throw new AppError('bad_request', `${name} must be between ${min} and ${max}`);
  return n;
}

/** Parses a boolean query or form value (`true/false/1/0/yes/no`); empty means `fallback`. */
export function boolParam(value: string | boolean | undefined, name: string, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (typeof value === 'boolean') return value;
  if (/^(true|1|yes|on)$/i.test(value)) return true;
  if (/^(false|0|no|off)$/i.test(value)) return false;
  throw new AppError('bad_request', `${name} must be true or false`);
}

/** Splits repeated and comma-separated values (`a,b` or `?x=a&x=b` or `x[]=a`) into a clean list. */
export function listParam(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  const values = Array.isArray(value) ? value : [value];
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** Parses a JSON object from a form field or query value; `bad_request` when it is not an object. */
export function jsonObjectParam(
  value: string | undefined,
  name: string,
): Record<string, unknown> | undefined {
  if (value === undefined || value === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new AppError('bad_request', `${name} must be a JSON object`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new AppError('bad_request', `${name} must be a JSON object`);
  return parsed as Record<string, unknown>;
}

/**
 * `Content-Disposition` value with an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987), so Thai
 * filenames survive every client.
 */
export function contentDisposition(filename: string, type: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'download';
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/**
 * A stored file as a download (streamed), named and typed as given or as stored. Pass the `request` so
 * `Range`, `If-Range` and `If-None-Match` are answered (206, 416, 304); every answer carries `ETag`,
 * `Accept-Ranges` and `Content-Length`.
 */
export function fileResponse(
  file: StoredFile,
  opts: {
    request?: Request;
    mime?: string;
    name?: string;
    disposition?: 'attachment' | 'inline';
    headers?: Record<string, string>;
  } = {},
): Promise<Response> {
  return downloadResponse(opts.request, file, {
    'content-type': opts.mime ?? file.mime,
    'content-disposition': contentDisposition(opts.name ?? file.name, opts.disposition),
    ...opts.headers,
  });
}

/** The `X-RateLimit-Limit`, `-Remaining` and `-Reset` (epoch seconds) headers of a rate-limited dialect. */
export function xRateLimitHeaders(d: {
  limit: number;
  remaining: number;
  resetAt: number;
}): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(d.limit),
    'X-RateLimit-Remaining': String(d.remaining),
    'X-RateLimit-Reset': String(Math.ceil(d.resetAt / 1000)),
  };
}

/** A JSON response with an explicit status. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

/** Reads a bearer token from an Authorization header value. */
export function bearerOf(header: string | undefined): string | undefined {
  const m = header?.match(/^\s*Bearer\s+(\S+)\s*$/i);
  return m?.[1];
}

/** ISO-8601 UTC with milliseconds (`2026-03-31T10:01:00.000Z`), or null. */
export function iso(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}

/** ISO-8601 UTC without milliseconds (`2026-01-15T09:30:00Z`), or null. */
export function isoSeconds(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?([Zz]|[+-]\d{2}:\d{2})?$/;

/** Epoch ms of a calendar date and time, or NaN when any part is out of range (`2026-02-30`, `24:00`). */
function utcMs(y: string, mo: string, d: string, h = '0', mi = '0', sec = '0'): number {
  const ms = Date.UTC(+y, +mo - 1, +d, +h, +mi, +sec);
  const t = new Date(ms);
  const same =
    t.getUTCFullYear() === +y &&
    t.getUTCMonth() === +mo - 1 &&
    t.getUTCDate() === +d &&
    t.getUTCHours() === +h &&
    t.getUTCMinutes() === +mi &&
    t.getUTCSeconds() === +sec;
  return same ? ms : Number.NaN;
}

/**
 * Parses a date filter: a real calendar date `YYYY-MM-DD`, and — only with `dateTime` (dialects whose
 * docs type the filter `date-time`) — an ISO 8601 date-time (`2026-01-15T09:30`, seconds, fraction and
 * `Z`/`±hh:mm` optional, UTC when absent). `endOfDay` gives the exclusive end of a date, or of a date-time's millisecond (upper bounds).
 * Returns undefined for empty input and throws a `bad_request` AppError for anything else
 * (`01/02/2026`, `2026-02-30`, `2026-1-5`, `yesterday`).
 */
export function parseDateParam(
  value: string | undefined,
  name: string,
  endOfDay = false,
  opts: { dateTime?: boolean } = {},
): number | undefined {
  if (value === undefined || value === '') return undefined;
  const date = DATE.exec(value);
  if (date) {
    const ms = utcMs(date[1] as string, date[2] as string, date[3] as string);
    if (Number.isFinite(ms)) return endOfDay ? ms + 86_400_000 : ms;
  }
  const dt = opts.dateTime ? DATE_TIME.exec(value) : null;
  if (dt) {
    const [, y, mo, d, h, mi, sec, frac, zone] = dt as unknown as string[];
    const local = utcMs(y as string, mo as string, d as string, h, mi, sec ?? '0');
    const offset = zone && !/^z$/i.test(zone) ? zoneMinutes(zone) : 0;
    const ms = local + Math.floor(Number(frac ?? 0) * 1000) - offset * 60_000;
    if (Number.isFinite(ms)) return endOfDay ? ms + 1 : ms;
  }
  throw new AppError(
    'bad_request',
    `Invalid date for ${name}: "${value.slice(0, 40)}" (expected YYYY-MM-DD${opts.dateTime ? ' or an ISO 8601 date-time' : ''})`,
  );
}

/** Minutes east of UTC of a `±hh:mm` offset, NaN when out of range. */
function zoneMinutes(zone: string): number {
  const h = Number(zone.slice(1, 3));
  const m = Number(zone.slice(4, 6));
  if (h > 23 || m > 59) return Number.NaN;
  return (zone[0] === '-' ? -1 : 1) * (h * 60 + m);
}
