import type {
  AuditFilter,
  DeliveryFilter,
  DocumentFilter,
  DocumentListOptions,
  JobFilter,
  KeyFilter,
  Page,
  RecordQuery,
} from './filters.ts';
import type {
  ApiKeyRow,
  AuditLogRow,
  DocumentRow,
  ExtractionRow,
  JobRow,
  OrganizationRow,
  PageRow,
  ProjectRow,
  RecordRow,
  TagRow,
  WebhookDeliveryRow,
  WebhookRow,
} from './rows.ts';

/** Key/value settings (server secret, index stamps, ...). */
export interface SettingsRepository {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  /** The stored value, or `make()` stored and returned when absent; atomic across processes. */
  getOrCreate(key: string, make: () => string): Promise<string>;
}

/** Organizations and their projects. */
export interface TenancyRepository {
  insertOrg(row: OrganizationRow): Promise<OrganizationRow>;
  getOrg(id: string): Promise<OrganizationRow | undefined>;
  /** Oldest first. */
  listOrgs(): Promise<OrganizationRow[]>;
  setDefaultProject(orgId: string, projectId: string): Promise<void>;
  insertProject(row: ProjectRow): Promise<ProjectRow>;
  getProject(id: string): Promise<ProjectRow | undefined>;
  /** Oldest first; every project, or those of one organization. */
  listProjects(orgId?: string): Promise<ProjectRow[]>;
  updateProject(
    id: string,
    patch: Partial<Pick<ProjectRow, 'name' | 'description' | 'settings' | 'active'>>,
  ): Promise<void>;
  countOrgs(): Promise<number>;
}

/** API keys, stored by hash only. */
export interface KeysRepository {
  insert(row: ApiKeyRow): Promise<void>;
  byHash(hash: string): Promise<ApiKeyRow | undefined>;
  byId(id: string): Promise<ApiKeyRow | undefined>;
  /** Newest first. */
  list(filter?: KeyFilter): Promise<ApiKeyRow[]>;
  /** False when the key does not exist or was revoked already. */
  revoke(id: string, at: number): Promise<boolean>;
  touch(id: string, at: number): Promise<void>;
}

/** Documents, their tags and their trash state. Every read a client can reach takes the project id. */
export interface DocumentsRepository {
  insert(row: DocumentRow): Promise<void>;
  /** A document of the project (trashed ones included). */
  get(projectId: string, id: string): Promise<DocumentRow | undefined>;
  /** A document by id alone: only for background work that already holds a trusted id. */
  getUnscoped(id: string): Promise<DocumentRow | undefined>;
  /** Documents by id alone (trashed ones included; unknown ids left out, any order): background work only. */
  getManyUnscoped(ids: string[]): Promise<DocumentRow[]>;
  /** A live document of the project with this content. */
  findLiveBySha(projectId: string, sha256: string): Promise<DocumentRow | undefined>;
  list(filter: DocumentFilter, opts?: DocumentListOptions): Promise<Page<DocumentRow>>;
  /** Live documents of a project by OCR status. */
  countByOcrStatus(projectId: string): Promise<Record<string, number>>;
  /** Sets the given fields; `updatedAt` defaults to now. */
  update(id: string, patch: Partial<DocumentRow>): Promise<void>;
  /** Tags of each given document (by name), keyed by document id; every id is a key. */
  tagsOf(documentIds: string[]): Promise<Map<string, TagRow[]>>;
  /** Replaces the tags of a document. */
  setTags(documentId: string, tagIds: string[]): Promise<void>;
  /** Ids of live documents of every project after `after`, in id order (a keyset page). */
  liveIdsAfter(after: string, limit: number): Promise<string[]>;
  countAllLive(): Promise<number>;
  /** True when any document (any project, trash included) uses the blob as original or derived PDF. */
  isReferenced(sha256: string): Promise<boolean>;
  /** Every blob hash referenced by a document. */
  referencedShas(): Promise<Set<string>>;
  /** Removes a document and everything derived from it (tags, pages, extractions). */
  purge(id: string): Promise<void>;
}

/** Per-project tags. */
export interface TagsRepository {
  insert(row: TagRow): Promise<void>;
  get(projectId: string, id: string): Promise<TagRow | undefined>;
  byNames(projectId: string, names: string[]): Promise<TagRow[]>;
  byIds(projectId: string, ids: string[]): Promise<TagRow[]>;
  /** By name, then id. */
  list(
    projectId: string,
    opts?: { nameContains?: string; offset?: number; limit?: number },
  ): Promise<Page<TagRow>>;
  update(id: string, patch: Partial<Pick<TagRow, 'name' | 'color' | 'description'>>): Promise<void>;
  /** Documents carrying the tag; trashed ones too unless `liveOnly`. */
  usageCount(id: string, liveOnly?: boolean): Promise<number>;
  /** Takes the tag off every trashed document. */
  detachFromTrashed(id: string): Promise<void>;
  delete(id: string): Promise<void>;
}

/** Per-page text and layout. */
export interface PagesRepository {
  /** Replaces every page of a document (atomically). */
  replaceAll(documentId: string, rows: PageRow[]): Promise<void>;
  /** In page order. */
  list(documentId: string): Promise<PageRow[]>;
  get(documentId: string, pageNo: number): Promise<PageRow | undefined>;
  /** Ids of documents that have pages (any project, trash included) after `after`, in id order. */
  documentsAfter(after: string, limit: number): Promise<string[]>;
  /** Every page's text joined with newlines, in page order. */
  fullText(documentId: string): Promise<string>;
  /** {@link fullText} of each given document in one read, keyed by id; every id is a key ('' without pages). */
  fullTexts(documentIds: string[]): Promise<Map<string, string>>;
}

/** What a worker holds after a claim: the job id and the attempt it claimed (the fencing token). */
export type JobLease = Pick<JobRow, 'id' | 'attempts'>;

/**
 * Durable jobs shared by every process on the database. A claim takes one runnable job atomically
 * (no job is claimed twice), marks it running, counts the attempt and leases it until a time. The
 * holder keeps the lease alive with {@link heartbeat}; a lease that expires (the holder hung or died)
 * is given back by {@link requeueExpired}, and the next claim counts another attempt. Every call that
 * acts on a claimed job takes the {@link JobLease} and does nothing (returns false) once the job was
 * taken over, so a holder that lost its lease cannot finish someone else's attempt.
 */
export interface JobsRepository {
  insert(row: JobRow): Promise<void>;
  get(id: string): Promise<JobRow | undefined>;
  /** A queued job of this kind for this document. */
  findQueued(kind: string, documentId: string): Promise<JobRow | undefined>;
  /** Takes the next runnable job of these kinds (highest priority, then earliest), or undefined. */
  claim(kinds: string[], now: number, leaseUntil: number): Promise<JobRow | undefined>;
  /** Extends the lease (and stores progress); false when the lease was lost. */
  heartbeat(lease: JobLease, leaseUntil: number, progress?: Record<string, unknown>): Promise<boolean>;
  /** Marks the attempt done; false when the lease was lost. */
  complete(lease: JobLease, result: unknown, now: number): Promise<boolean>;
  /** Records a failed attempt: queued again at `retryAt`, or dead when it is null. */
  fail(lease: JobLease, error: string, retryAt: number | null, now: number): Promise<boolean>;
  /** Gives the job back without counting the attempt (graceful shutdown). */
  release(lease: JobLease, now: number): Promise<boolean>;
  /** Running jobs whose lease ended before `now` go back to the queue (the attempt stays counted). */
  requeueExpired(now: number): Promise<number>;
  /**
   * Recovery when a runner starts. SQLite (one runner per data directory, guarded by a lock file):
   * every running job was cut short by the previous process, so it is queued again and the attempt is
   * not counted. PostgreSQL (other processes may be running jobs right now): only expired leases are
   * given back, as {@link requeueExpired} does.
   */
  recoverOnStart(now: number): Promise<number>;
  /** Cancels the queued jobs of a document. */
  cancelForDocument(documentId: string, now: number): Promise<number>;
  /** A project's jobs, most recently updated first. */
  list(filter: JobFilter, page: { offset: number; limit: number }): Promise<Page<JobRow>>;
  /**
   * Queues a dead or cancelled job again with fresh attempts and returns it as queued (a runner may
   * claim it right after); undefined in any other state.
   */
  retry(id: string, now: number): Promise<JobRow | undefined>;
  /** Newest first. */
  listForDocument(documentId: string): Promise<JobRow[]>;
  /**
   * Documents with a job of `kind` that is pending, or finished at or after `since`, each with a version
   * of those jobs (their ids and statuses): it changes when one of them is added or changes status.
   */
  documentsTouchedSince(kind: string, since: number): Promise<Map<string, string>>;
  counts(): Promise<{ kind: string; status: string; n: number }[]>;
  /** Earliest `runAt` of a queued job of these kinds. */
  nextRunAt(kinds: string[]): Promise<number | undefined>;
  /** Deletes done and cancelled jobs that finished before `before` (dead ones stay). */
  prune(before: number): Promise<number>;
}

/** Structured extraction results per document and schema key. */
export interface ExtractionsRepository {
  upsert(row: ExtractionRow): Promise<void>;
  get(documentId: string, schemaKey: string): Promise<ExtractionRow | undefined>;
  /** Oldest first. */
  list(documentId: string): Promise<ExtractionRow[]>;
  delete(documentId: string, schemaKey: string): Promise<boolean>;
}

/** A small JSON document store, one collection per kind of dialect-specific entity. */
export interface RecordsRepository {
  /** Inserts, or replaces `data` and `updatedAt` of the record with this collection and id. */
  put(row: RecordRow): Promise<void>;
  get(collection: string, projectId: string, id: string): Promise<RecordRow | undefined>;
  list(collection: string, projectId: string, q?: RecordQuery): Promise<Page<RecordRow>>;
  delete(collection: string, projectId: string, id: string): Promise<boolean>;
}

/** Webhook subscriptions and their delivery log (the durable outbox). */
export interface WebhooksRepository {
  insert(row: WebhookRow): Promise<void>;
  get(projectId: string, id: string): Promise<WebhookRow | undefined>;
  /** Oldest first, optionally of one dialect. */
  list(projectId: string, dialect?: string): Promise<WebhookRow[]>;
  /** Active subscriptions of a project (every dialect). */
  active(projectId: string): Promise<WebhookRow[]>;
  update(id: string, patch: Partial<WebhookRow>): Promise<void>;
  /** Deletes the subscription and its deliveries; false when it was not there. */
  delete(projectId: string, id: string): Promise<boolean>;
  insertDelivery(row: WebhookDeliveryRow): Promise<void>;
  getDelivery(projectId: string, id: string): Promise<WebhookDeliveryRow | undefined>;
  getDeliveryUnscoped(id: string): Promise<WebhookDeliveryRow | undefined>;
  updateDelivery(id: string, patch: Partial<WebhookDeliveryRow>): Promise<void>;
  /** Newest first. */
  listDeliveries(projectId: string, f?: DeliveryFilter): Promise<Page<WebhookDeliveryRow>>;
  /** Deliveries left `processing` (their process died) go back to pending. */
  resetProcessing(now: number): Promise<number>;
  countByStatus(statuses: string[]): Promise<number>;
}

/** Append-only log of what happened in a project. */
export interface AuditRepository {
  insert(row: AuditLogRow): Promise<void>;
  /** Newest first. */
  list(f: AuditFilter): Promise<Page<AuditLogRow>>;
}

/** Database-wide checks and repairs used by `docserve check`. */
export interface MaintenanceRepository {
  /** The driver's own structural check: `['ok']` when healthy. */
  integrityCheck(): Promise<string[]>;
  /** Every document's original and derived-PDF hash. */
  documentBlobs(): Promise<{ id: string; projectId: string; sha256: string; pdfSha256: string | null }[]>;
  liveDocuments(): Promise<number>;
  /** Running jobs whose lease ended before `now`. */
  expiredRunningJobs(now: number): Promise<number>;
  /** Projects whose stored live-document count differs from a fresh count. */
  countDrift(): Promise<{ projectId: string; stored: number; actual: number }[]>;
  /** Recomputes the stored live-document counts. */
  recount(): Promise<void>;
}

/** Every repository, over one connection or one transaction. */
export interface Repositories {
  settings: SettingsRepository;
  tenancy: TenancyRepository;
  keys: KeysRepository;
  documents: DocumentsRepository;
  tags: TagsRepository;
  pages: PagesRepository;
  jobs: JobsRepository;
  extractions: ExtractionsRepository;
  records: RecordsRepository;
  webhooks: WebhooksRepository;
  audit: AuditRepository;
  maintenance: MaintenanceRepository;
}
