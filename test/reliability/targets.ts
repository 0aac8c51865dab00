import { expect } from 'bun:test';
import { form, type TestServer } from '../helpers/server.ts';

/** How the bad-input suite reaches one dialect: upload, list filters, JSON routes and its envelope. */
export interface BadInputTarget {
  name: string;
  context(s: TestServer): Promise<{ key: string; projectId: string }>;
  headers(t: { key: string; projectId: string }): Record<string, string>;
  uploadPath(t: { key: string; projectId: string }): string;
  upload(
    s: TestServer,
    t: { key: string; projectId: string },
    name: string,
    bytes: Uint8Array,
  ): Promise<Response>;
  nameOf(body: unknown): string;
  expectEnvelope(status: number, body: unknown): void;
  /** POST routes taking a JSON body. */
  jsonPaths(t: { key: string; projectId: string }): string[];
  /** A list path that already has a query (`?…`), so filters append with `&`. */
  listPath(t: { key: string; projectId: string }): string;
  filters: string[];
  listCount(body: unknown): number;
  /**
   * Every date filter: a path that already has a query and a function putting a date into it. The
   * dialect documents `YYYY-MM-DD` dates, and ISO date-times too when `dateTimes` is set.
   */
  dateFilters(t: { key: string; projectId: string }): [path: string, param: (date: string) => string][];
  dateTimes: boolean;
  /** Integer query parameters: a path that already has a query, and the parameter's name. */
  intParams(t: { key: string; projectId: string }): [path: string, name: string][];
  /** The status this dialect gives an integer out of range (FastAPI's 422 for DocRouter, else 400). */
  intStatus: number;
}

/** A date filter passed as a plain query parameter. */
const dateParam =
  (name: string) =>
  (date: string): string =>
    `${name}=${encodeURIComponent(date)}`;

const multipartUpload =
  (
    path: (t: { key: string; projectId: string }) => string,
    headers: BadInputTarget['headers'],
    field = 'file',
  ) =>
  (s: TestServer, t: { key: string; projectId: string }, name: string, bytes: Uint8Array) =>
    fetch(s.url + path(t), {
      method: 'POST',
      headers: headers(t),
      body: form({ name, content: bytes }, {}, field),
    });

const nativeHeaders = (t: { key: string }) => ({ authorization: `Bearer ${t.key}` });

export const badInputTargets: BadInputTarget[] = [
  {
    name: 'native /api/v1',
    context: (s) => s.newProject('bad input native'),
    headers: nativeHeaders,
    uploadPath: () => '/api/v1/documents',
    upload: multipartUpload(() => '/api/v1/documents', nativeHeaders),
    nameOf: (b) => (b as { data: { name: string } }).data.name,
    expectEnvelope(status, body) {
      expect(body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
      expect(status).toBeGreaterThanOrEqual(400);
    },
    jsonPaths: () => ['/api/v1/documents/5f0000000000000000000000/ocr'],
    listPath: () => '/api/v1/documents?per_page=100',
    filters: ['q', 'tags', 'type', 'status', 'folder_id', 'created_from', 'created_to', 'sort'],
    listCount: (b) => (b as { meta: { total: number } }).meta.total,
    dateFilters: () => [
      ['/api/v1/documents?per_page=1', dateParam('created_from')],
      ['/api/v1/documents?per_page=1', dateParam('created_to')],
      ['/api/v1/search?q=x', dateParam('from')],
      ['/api/v1/search?q=x', dateParam('to')],
    ],
    dateTimes: false,
    intParams: () => [
      ['/api/v1/documents?x=1', 'page'],
      ['/api/v1/documents?x=1', 'per_page'],
      ['/api/v1/search?q=x', 'page'],
      ['/api/v1/search?q=x', 'per_page'],
    ],
    intStatus: 400,
  },
  {
    name: 'DOC.IN.TH /v2',
    context: (s) => s.newProject('bad input docinth'),
    headers: nativeHeaders,
    uploadPath: () => '/v2/documents/upload',
    upload: multipartUpload(() => '/v2/documents/upload', nativeHeaders),
    nameOf: (b) => (b as { name: string }).name,
    expectEnvelope(status, body) {
      expect(body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
      expect(status).toBeGreaterThanOrEqual(400);
    },
    jsonPaths: () => ['/v2/ocr/extract', '/v2/webhooks', '/v2/auth/token'],
    listPath: () => '/v2/documents?per_page=100',
    filters: ['folder_id', 'page'],
    listCount: (b) => (b as { meta: { total: number } }).meta.total,
    dateFilters: () => [
      ['/v2/search?q=x', dateParam('from')],
      ['/v2/search?q=x', dateParam('to')],
    ],
    dateTimes: false,
    intParams: () => [
      ['/v2/documents?x=1', 'page'],
      ['/v2/documents?x=1', 'per_page'],
      ['/v2/search?q=x', 'page'],
      ['/v2/search?q=x', 'per_page'],
    ],
    intStatus: 400,
  },
  {
    name: 'Docflo',
    context: (s) => s.newProject('bad input docflo'),
    headers: (t) => ({ 'x-tenant-id': t.projectId, apiKey: t.key }),
    uploadPath: () => '/docs/v1/document',
    upload: multipartUpload(
      () => '/docs/v1/document',
      (t) => ({ 'x-tenant-id': t.projectId, apiKey: t.key }),
    ),
    nameOf: (b) => (b as { fileName: string }).fileName,
    expectEnvelope(status, body) {
      expect(body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
      expect(status).toBeGreaterThanOrEqual(400);
    },
    jsonPaths: () => ['/docs/v1/document/ai/search', '/docs/v1/document/ai/ask', '/docs/v1/webhooks'],
    listPath: () => '/docs/v1/document?top=100',
    filters: [
      'search',
      'type',
      'source',
      'status',
      'sortBy',
      'sortOrder',
      'createdFrom',
      'createdTo',
      'favorite',
      'myApprovals',
      'approverId',
      'includeResults',
      'skip',
    ],
    listCount: (b) => (b as { total: number }).total,
    dateFilters: () => [
      ['/docs/v1/document?top=1', dateParam('createdFrom')],
      ['/docs/v1/document?top=1', dateParam('createdTo')],
      ['/logs/v1/log?top=1', dateParam('createdFrom')],
      ['/logs/v1/log?top=1', dateParam('createdTo')],
    ],
    dateTimes: true,
    intParams: () => [
      ['/docs/v1/document?x=1', 'skip'],
      ['/docs/v1/document?x=1', 'top'],
      ['/logs/v1/log?x=1', 'skip'],
      ['/logs/v1/log?x=1', 'top'],
    ],
    intStatus: 400,
  },
  {
    name: 'DocRouter',
    context: (s) => s.newProject('bad input docrouter'),
    headers: nativeHeaders,
    uploadPath: (t) => `/v0/orgs/${t.projectId}/documents/multipart`,
    upload: multipartUpload((t) => `/v0/orgs/${t.projectId}/documents/multipart`, nativeHeaders),
    nameOf: (b) => (b as { document: { document_name: string } }).document.document_name,
    expectEnvelope(status, body) {
      expect(body).toHaveProperty('detail');
      expect(status).toBeGreaterThanOrEqual(400);
    },
    jsonPaths: (t) => [
      `/v0/orgs/${t.projectId}/documents`,
      `/v0/orgs/${t.projectId}/tags`,
      `/v0/orgs/${t.projectId}/schemas`,
    ],
    listPath: (t) => `/v0/orgs/${t.projectId}/documents?limit=100`,
    filters: ['name_search', 'tag_ids', 'metadata_search', 'sort', 'filters', 'skip'],
    listCount: (b) => (b as { total_count: number }).total_count,
    dateFilters: (t) => [
      [
        `/v0/orgs/${t.projectId}/documents?limit=1`,
        (date) =>
          `filters=${encodeURIComponent(JSON.stringify({ items: [{ field: 'upload_date', operator: 'after', value: date }] }))}`,
      ],
    ],
    dateTimes: true,
    intParams: (t) => [
      [`/v0/orgs/${t.projectId}/documents?x=1`, 'skip'],
      [`/v0/orgs/${t.projectId}/documents?x=1`, 'limit'],
      [`/v0/orgs/${t.projectId}/tags?x=1`, 'skip'],
      [`/v0/orgs/${t.projectId}/prompts?x=1`, 'skip'],
      [`/v0/orgs/${t.projectId}/schemas?x=1`, 'skip'],
      [`/v0/orgs/${t.projectId}/webhooks/deliveries?x=1`, 'skip'],
      [`/fastapi/v0/orgs/${t.projectId}/documents?x=1`, 'skip'],
    ],
    intStatus: 422,
  },
  {
    name: 'Ocriva',
    context: (s) => s.newProject('bad input ocriva'),
    headers: (t) => ({ 'x-api-key': t.key }),
    uploadPath: () => '/v1/openapi/upload',
    upload: multipartUpload(
      () => '/v1/openapi/upload',
      (t) => ({ 'x-api-key': t.key }),
    ),
    nameOf: (b) => (b as { fileName: string }).fileName,
    expectEnvelope(status, body) {
      expect(body).toMatchObject({
        statusCode: status,
        message: expect.anything(),
        error: expect.any(String),
      });
    },
    jsonPaths: () => ['/v1/openapi/templates', '/v1/openapi/webhooks', '/v1/openapi/auth/login'],
    listPath: () => '/v1/openapi/processing-history?limit=100',
    filters: ['search', 'status', 'templateId', 'fromDate', 'toDate', 'batchId', 'page'],
    listCount: (b) => (b as { pagination: { total: number } }).pagination.total,
    dateFilters: () => [
      ['/v1/openapi/processing-history?limit=1', dateParam('fromDate')],
      ['/v1/openapi/processing-history?limit=1', dateParam('toDate')],
    ],
    dateTimes: false,
    intParams: () => [
      ['/v1/openapi/processing-history?x=1', 'page'],
      ['/v1/openapi/processing-history?x=1', 'limit'],
      ['/v1/openapi/batch?x=1', 'page'],
      ['/v1/openapi/batch?x=1', 'limit'],
    ],
    intStatus: 400,
  },
];
