/** Complete rows with fixed example values, for the contract suite. Ids are unique per call. */
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
  Storage,
  TagRow,
  WebhookDeliveryRow,
  WebhookRow,
} from '../../../src/db/port/index.ts';

let counter = 0;
/** A 24-hex id, unique in this process, increasing with each call. */
export function nextId(): string {
  counter++;
  return `${(0x65000000 + counter).toString(16)}${process.pid.toString(16).padStart(8, '0')}${counter.toString(16).padStart(8, '0')}`.slice(
    0,
    24,
  );
}

export const T0 = 1_700_000_000_000;

export function orgRow(over: Partial<OrganizationRow> = {}): OrganizationRow {
  return {
    id: nextId(),
    name: 'บริษัท ตัวอย่าง จำกัด',
    defaultProjectId: null,
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}

export function projectRow(orgId: string, over: Partial<ProjectRow> = {}): ProjectRow {
  return {
    id: nextId(),
    orgId,
    name: 'Accounts',
    description: '',
    settings: {},
    active: true,
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}

export function keyRow(orgId: string, projectId: string | null, over: Partial<ApiKeyRow> = {}): ApiKeyRow {
  const id = nextId();
  return {
    id,
    orgId,
    projectId,
    label: 'ci',
    prefix: 'ocr_',
    hash: `hash-${id}`,
    preview: 'ocr_abcd',
    readOnly: false,
    rateLimit: null,
    createdBy: 'cli',
    createdAt: T0,
    expiresAt: null,
    revokedAt: null,
    lastUsedAt: null,
    ...over,
  };
}

export function docRow(projectId: string, over: Partial<DocumentRow> = {}): DocumentRow {
  const id = nextId();
  return {
    id,
    projectId,
    name: `invoice-${id}.pdf`,
    mime: 'application/pdf',
    kind: 'pdf',
    size: 1234,
    sha256: `sha-${id}`,
    folderId: null,
    source: 'upload',
    emailId: null,
    metadata: {},
    docType: null,
    ocrStatus: 'queued',
    ocrError: null,
    ocrLang: 'tha+eng',
    ocrMode: 'auto',
    pageCount: null,
    confidence: null,
    ocrStartedAt: null,
    ocrCompletedAt: null,
    extractStatus: 'none',
    reviewStatus: null,
    favorite: false,
    uploadedBy: null,
    keyId: null,
    pdfSha256: null,
    createdAt: T0,
    updatedAt: T0,
    deletedAt: null,
    ...over,
  };
}

export function tagRow(projectId: string, name: string, over: Partial<TagRow> = {}): TagRow {
  return {
    id: nextId(),
    projectId,
    name,
    color: '#3B82F6',
    description: '',
    createdBy: null,
    createdAt: T0,
    ...over,
  };
}

export function pageRow(
  documentId: string,
  pageNo: number,
  text: string,
  over: Partial<PageRow> = {},
): PageRow {
  return {
    documentId,
    pageNo,
    source: 'ocr',
    text,
    rawText: text,
    confidence: 0.91,
    width: 1400,
    height: 600,
    layout: null,
    error: null,
    ...over,
  };
}

export function jobRow(kind: string, over: Partial<JobRow> = {}): JobRow {
  return {
    id: nextId(),
    kind,
    projectId: null,
    documentId: null,
    payload: {},
    status: 'queued',
    priority: 0,
    attempts: 0,
    maxAttempts: 5,
    runAt: T0,
    lockedUntil: null,
    progress: null,
    lastError: null,
    result: null,
    createdAt: T0,
    updatedAt: T0,
    finishedAt: null,
    ...over,
  };
}

export function extractionRow(
  documentId: string,
  schemaKey: string,
  over: Partial<ExtractionRow> = {},
): ExtractionRow {
  return {
    documentId,
    schemaKey,
    status: 'completed',
    result: null,
    editedResult: null,
    isEdited: false,
    isVerified: false,
    error: null,
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}

export function recordRow(
  collection: string,
  projectId: string,
  data: Record<string, unknown>,
  over: Partial<RecordRow> = {},
): RecordRow {
  return { collection, id: nextId(), projectId, data, createdAt: T0, updatedAt: T0, ...over };
}

export function webhookRow(projectId: string, over: Partial<WebhookRow> = {}): WebhookRow {
  return {
    id: nextId(),
    projectId,
    dialect: 'native',
    url: 'https://hooks.example.com/docserve',
    events: ['document.uploaded'],
    secret: 's3cret',
    active: true,
    config: {},
    createdAt: T0,
    updatedAt: T0,
    ...over,
  };
}

export function deliveryRow(
  webhookId: string,
  projectId: string,
  over: Partial<WebhookDeliveryRow> = {},
): WebhookDeliveryRow {
  return {
    id: nextId(),
    webhookId,
    projectId,
    event: 'document.uploaded',
    eventId: nextId(),
    documentId: null,
    url: 'https://hooks.example.com/docserve',
    body: '{"event":"document.uploaded"}',
    headers: { 'content-type': 'application/json' },
    status: 'pending',
    attempts: 0,
    maxAttempts: 8,
    nextAttemptAt: T0,
    lastStatus: null,
    lastError: null,
    lastResponse: null,
    createdAt: T0,
    updatedAt: T0,
    deliveredAt: null,
    failedAt: null,
    ...over,
  };
}

export function auditRow(projectId: string, over: Partial<AuditLogRow> = {}): AuditLogRow {
  return {
    id: nextId(),
    projectId,
    type: 'info',
    area: 'documents',
    subArea: null,
    message: 'Document uploaded',
    metadata: {},
    documentId: null,
    keyId: null,
    createdAt: T0,
    ...over,
  };
}

/** A new organization with one project in `s`. */
export async function newProject(s: Storage): Promise<{ orgId: string; projectId: string }> {
  const org = await s.tenancy.insertOrg(orgRow());
  const project = await s.tenancy.insertProject(projectRow(org.id));
  return { orgId: org.id, projectId: project.id };
}
