/**
 * Drizzle table definitions. They mirror the embedded SQL migrations in ./migrations (the migrations
 * are the source of truth for the database; test/db/schema.test.ts checks the two agree).
 */
import { integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

const ts = (name: string) => integer(name, { mode: 'number' });
const json = <T>(name: string) => text(name, { mode: 'json' }).$type<T>();

export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

export const organizations = sqliteTable('organizations', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  defaultProjectId: text('default_project_id'),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

export const projects = sqliteTable('projects', {
  id: text('id').primaryKey(),
  orgId: text('org_id').notNull(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  settings: json<Record<string, unknown>>('settings').notNull().default({}),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

export const apiKeys = sqliteTable('api_keys', {
  id: text('id').primaryKey(),
  orgId: text('org_id').notNull(),
  projectId: text('project_id'),
  label: text('label').notNull().default(''),
  prefix: text('prefix').notNull(),
  hash: text('hash').notNull().unique(),
  preview: text('preview').notNull(),
  readOnly: integer('read_only', { mode: 'boolean' }).notNull().default(false),
  rateLimit: json<RateLimitSetting>('rate_limit'),
  createdBy: text('created_by').notNull().default('cli'),
  createdAt: ts('created_at').notNull(),
  expiresAt: ts('expires_at'),
  revokedAt: ts('revoked_at'),
  lastUsedAt: ts('last_used_at'),
});

/** Per-key rate-limit override: requests per window for a dialect id (or `*`). */
export type RateLimitSetting = Record<string, number>;

export const documents = sqliteTable('documents', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull(),
  name: text('name').notNull(),
  mime: text('mime').notNull(),
  kind: text('kind').notNull(),
  size: integer('size').notNull(),
  sha256: text('sha256').notNull(),
  folderId: text('folder_id'),
  source: text('source').notNull().default('upload'),
  emailId: text('email_id'),
  metadata: json<Record<string, unknown>>('metadata').notNull().default({}),
  docType: text('doc_type'),
  ocrStatus: text('ocr_status').notNull(),
  ocrError: text('ocr_error'),
  ocrLang: text('ocr_lang'),
  ocrMode: text('ocr_mode'),
  pageCount: integer('page_count'),
  confidence: real('confidence'),
  ocrStartedAt: ts('ocr_started_at'),
  ocrCompletedAt: ts('ocr_completed_at'),
  extractStatus: text('extract_status').notNull().default('none'),
  reviewStatus: text('review_status'),
  favorite: integer('favorite', { mode: 'boolean' }).notNull().default(false),
  uploadedBy: text('uploaded_by'),
  keyId: text('key_id'),
  pdfSha256: text('pdf_sha256'),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
  deletedAt: ts('deleted_at'),
});

/** Live document count per project, maintained by triggers (see the migration). */
export const projectCounts = sqliteTable('project_counts', {
  projectId: text('project_id').primaryKey(),
  liveDocuments: integer('live_documents').notNull().default(0),
});

export const tags = sqliteTable('tags', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull(),
  name: text('name').notNull(),
  color: text('color').notNull().default('#3B82F6'),
  description: text('description').notNull().default(''),
  createdBy: text('created_by'),
  createdAt: ts('created_at').notNull(),
});

export const documentTags = sqliteTable(
  'document_tags',
  {
    documentId: text('document_id').notNull(),
    tagId: text('tag_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.tagId] })],
);

export const pages = sqliteTable(
  'pages',
  {
    documentId: text('document_id').notNull(),
    pageNo: integer('page_no').notNull(),
    source: text('source').notNull(),
    text: text('text').notNull().default(''),
    rawText: text('raw_text').notNull().default(''),
    confidence: real('confidence'),
    width: integer('width'),
    height: integer('height'),
    layout: text('layout'),
    error: text('error'),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.pageNo] })],
);

export const jobs = sqliteTable('jobs', {
  id: text('id').primaryKey(),
  kind: text('kind').notNull(),
  projectId: text('project_id'),
  documentId: text('document_id'),
  payload: json<Record<string, unknown>>('payload').notNull().default({}),
  status: text('status').notNull(),
  priority: integer('priority').notNull().default(0),
  attempts: integer('attempts').notNull().default(0),
  maxAttempts: integer('max_attempts').notNull(),
  runAt: ts('run_at').notNull(),
  lockedUntil: ts('locked_until'),
  progress: json<Record<string, unknown>>('progress'),
  lastError: text('last_error'),
  result: json<unknown>('result'),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
  finishedAt: ts('finished_at'),
});

export const extractions = sqliteTable(
  'extractions',
  {
    documentId: text('document_id').notNull(),
    schemaKey: text('schema_key').notNull(),
    status: text('status').notNull(),
    result: json<unknown>('result'),
    editedResult: json<unknown>('edited_result'),
    isEdited: integer('is_edited', { mode: 'boolean' }).notNull().default(false),
    isVerified: integer('is_verified', { mode: 'boolean' }).notNull().default(false),
    error: text('error'),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.schemaKey] })],
);

export const records = sqliteTable(
  'records',
  {
    collection: text('collection').notNull(),
    id: text('id').notNull(),
    projectId: text('project_id').notNull(),
    data: json<Record<string, unknown>>('data').notNull(),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.collection, t.id] })],
);

export const webhooks = sqliteTable('webhooks', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull(),
  dialect: text('dialect').notNull(),
  url: text('url').notNull(),
  events: json<string[]>('events').notNull().default([]),
  secret: text('secret').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  config: json<Record<string, unknown>>('config').notNull().default({}),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

export const webhookDeliveries = sqliteTable('webhook_deliveries', {
  id: text('id').primaryKey(),
  webhookId: text('webhook_id').notNull(),
  projectId: text('project_id').notNull(),
  event: text('event').notNull(),
  eventId: text('event_id').notNull(),
  documentId: text('document_id'),
  url: text('url').notNull(),
  body: text('body').notNull(),
  headers: json<Record<string, string>>('headers').notNull().default({}),
  status: text('status').notNull(),
  attempts: integer('attempts').notNull().default(0),
  maxAttempts: integer('max_attempts').notNull(),
  nextAttemptAt: ts('next_attempt_at'),
  lastStatus: integer('last_status'),
  lastError: text('last_error'),
  lastResponse: text('last_response'),
  createdAt: ts('created_at').notNull(),
  updatedAt: ts('updated_at').notNull(),
  deliveredAt: ts('delivered_at'),
  failedAt: ts('failed_at'),
});

export const auditLog = sqliteTable('audit_log', {
  id: text('id').primaryKey(),
  projectId: text('project_id').notNull(),
  type: text('type').notNull(),
  area: text('area').notNull(),
  subArea: text('sub_area'),
  message: text('message').notNull(),
  metadata: json<Record<string, unknown>>('metadata').notNull().default({}),
  documentId: text('document_id'),
  keyId: text('key_id'),
  createdAt: ts('created_at').notNull(),
});

export type OrganizationRow = typeof organizations.$inferSelect;
export type ProjectRow = typeof projects.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type DocumentRow = typeof documents.$inferSelect;
export type TagRow = typeof tags.$inferSelect;
export type PageRow = typeof pages.$inferSelect;
export type JobRow = typeof jobs.$inferSelect;
export type ExtractionRow = typeof extractions.$inferSelect;
export type RecordRow = typeof records.$inferSelect;
export type WebhookRow = typeof webhooks.$inferSelect;
export type WebhookDeliveryRow = typeof webhookDeliveries.$inferSelect;
export type AuditLogRow = typeof auditLog.$inferSelect;

/** Request counts per rate-limit window, shared by the nodes of one database (see the migration). */
export const rateWindows = sqliteTable(
  'rate_windows',
  {
    bucket: text('bucket').notNull(),
    windowStart: ts('window_start').notNull(),
    count: integer('count').notNull(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.bucket, t.windowStart] })],
);
