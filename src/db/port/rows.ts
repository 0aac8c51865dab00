/**
 * The rows the storage port reads and writes: plain objects, the same on every driver. Timestamps are
 * epoch milliseconds, JSON columns are parsed values, flags are booleans. Each driver checks at compile
 * time that its own table types are exactly these (see the drivers' `rows-check.ts`).
 */

/** Per-key rate-limit override: requests per window for a dialect id (or `*`). */
export type RateLimitSetting = Record<string, number>;

export interface OrganizationRow {
  id: string;
  name: string;
  defaultProjectId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface ProjectRow {
  id: string;
  orgId: string;
  name: string;
  description: string;
  settings: Record<string, unknown>;
  active: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface ApiKeyRow {
  id: string;
  orgId: string;
  projectId: string | null;
  label: string;
  prefix: string;
  hash: string;
  preview: string;
  readOnly: boolean;
  rateLimit: RateLimitSetting | null;
  createdBy: string;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
  lastUsedAt: number | null;
}

export interface DocumentRow {
  id: string;
  projectId: string;
  name: string;
  mime: string;
  kind: string;
  size: number;
  sha256: string;
  folderId: string | null;
  source: string;
  emailId: string | null;
  metadata: Record<string, unknown>;
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
  uploadedBy: string | null;
  keyId: string | null;
  pdfSha256: string | null;
  createdAt: number;
  updatedAt: number;
  deletedAt: number | null;
}

/** Live document count per project, kept by the database itself (triggers). */
export interface ProjectCountRow {
  projectId: string;
  liveDocuments: number;
}

export interface TagRow {
  id: string;
  projectId: string;
  name: string;
  color: string;
  description: string;
  createdBy: string | null;
  createdAt: number;
}

export interface DocumentTagRow {
  documentId: string;
  tagId: string;
}

export interface PageRow {
  documentId: string;
  pageNo: number;
  source: string;
  text: string;
  rawText: string;
  confidence: number | null;
  width: number | null;
  height: number | null;
  layout: string | null;
  error: string | null;
}

export interface JobRow {
  id: string;
  kind: string;
  projectId: string | null;
  documentId: string | null;
  payload: Record<string, unknown>;
  status: string;
  priority: number;
  attempts: number;
  maxAttempts: number;
  runAt: number;
  lockedUntil: number | null;
  progress: Record<string, unknown> | null;
  lastError: string | null;
  result: unknown;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

export interface ExtractionRow {
  documentId: string;
  schemaKey: string;
  status: string;
  result: unknown;
  editedResult: unknown;
  isEdited: boolean;
  isVerified: boolean;
  error: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface RecordRow {
  collection: string;
  id: string;
  projectId: string;
  data: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

export interface WebhookRow {
  id: string;
  projectId: string;
  dialect: string;
  url: string;
  events: string[];
  secret: string;
  active: boolean;
  config: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

export interface WebhookDeliveryRow {
  id: string;
  webhookId: string;
  projectId: string;
  event: string;
  eventId: string;
  documentId: string | null;
  url: string;
  body: string;
  headers: Record<string, string>;
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

export interface AuditLogRow {
  id: string;
  projectId: string;
  type: string;
  area: string;
  subArea: string | null;
  message: string;
  metadata: Record<string, unknown>;
  documentId: string | null;
  keyId: string | null;
  createdAt: number;
}

export interface SettingRow {
  key: string;
  value: string;
}
