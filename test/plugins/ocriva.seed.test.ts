/**
 * Every request example of Ocriva's Open API pages (`../shared/seeds/ocriva-openapi-overview.txt` and
 * `ocriva-processing-history.txt`), replayed as written against a real server: `X-API-Key` (or
 * `Authorization: Bearer`), the `projectId` query of organization tokens, the page's query parameters,
 * and the shapes of its example responses and error envelope.
 */
import { afterAll, beforeAll, describe, expect } from 'bun:test';
import { tinyPdf } from '../helpers/files.ts';
import { multipart, replaySeed, type SeedCase, type SeedRequest } from '../helpers/seed-replay.ts';
import type { TestServer } from '../helpers/server.ts';
import { invoiceSchema, ocrivaClient, ocrivaServer } from './ocriva-helpers.ts';

let s: TestServer;
let limited: string;
let other: { projectId: string; key: string };

beforeAll(async () => {
  s = await ocrivaServer();
  limited = (
    await s.services.keys.create({
      orgId: s.orgId,
      projectId: s.projectId,
      label: 'limited',
      prefix: 'ocr_',
      rateLimit: { ocriva: 2 },
    })
  ).key;
  other = await s.newProject('Another Ocriva project');
});
afterAll(() => s.close());

interface Ctx {
  jwt?: string;
  templateId?: string;
  recordId?: string;
}

/** `-H "X-API-Key: ocr_your_api_key"` with the organization key (the page's curl examples). */
const apiKey = (key = s.adminKey) => ({ 'X-API-Key': key });
const get = (path: string, headers: Record<string, string> = apiKey()): SeedRequest => ({
  method: 'GET',
  path,
  headers,
});

const PROJECT = {
  id: '68db4aa2967d9c03fa9b5e74',
  name: 'Invoices',
  description: 'Thai invoices',
  organizationId: '68da3991c56e8b02ea1b4d60',
  isActive: true,
  createdAt: '2026-03-31T10:00:00.000Z',
  updatedAt: '2026-03-31T10:00:00.000Z',
};

/** The record of the processing-history page's list example. */
const RECORD = {
  id: '68dc1cc4b78f0d15ec2a7f91',
  uploadId: '68dc1bb3a67e0c14eb1b6e80',
  projectId: '68db4aa2967d9c03fa9b5e74',
  userId: '68da3991c56e8b02ea1b4d60',
  fileName: 'invoice-2026.pdf',
  fileUrl: 'https://storage.ocriva.com/org-abc/invoice-2026.pdf',
  filePath: 'org-abc/projects/proj-xyz/invoice-2026.pdf',
  fileSize: '204800',
  mimeType: 'application/pdf',
  status: 'completed',
  templateId: '68db4bb3a67e9c04fb0c6f85',
  templateName: 'Invoice Template',
  resultFormat: 'json',
  priority: 'medium',
  processingResult: { invoiceNumber: 'INV-2026-0042', totalAmount: 1250.0, vendor: 'Acme Corp' },
  startedAt: '2026-03-31T10:01:00.000Z',
  completedAt: '2026-03-31T10:01:15.000Z',
  createdAt: '2026-03-31T10:00:00.000Z',
  updatedAt: '2026-03-31T10:01:15.000Z',
};

const RESULT_TYPES: [format: string, contentType: string][] = [
  ['json', 'application/json'],
  ['text', 'text/plain'],
  ['xml', 'application/xml'],
  ['html', 'text/html'],
  ['csv', 'text/csv'],
  ['pdf', 'application/pdf'],
  ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
];

describe('Ocriva Open API overview page examples', () => {
  replaySeed<Ctx>(() => s.url, {}, [
    {
      name: 'GET /v1/openapi/projects with X-API-Key',
      request: () => get('/v1/openapi/projects'),
      status: 200,
      example: [PROJECT],
      check: ({ body }) =>
        expect((body as { id: string }[]).map((p) => p.id)).toEqual(
          expect.arrayContaining([s.projectId, other.projectId]),
        ),
    },
    {
      name: 'GET /v1/openapi/projects with Authorization: Bearer',
      request: () => get('/v1/openapi/projects', { Authorization: `Bearer ${s.adminKey}` }),
      status: 200,
      example: [PROJECT],
    },
    {
      name: 'POST /v1/openapi/auth/login {token} (JWT, legacy)',
      request: () => ({
        method: 'POST',
        path: '/v1/openapi/auth/login',
        headers: { 'Content-Type': 'application/json' },
        json: { token: s.adminKey },
      }),
      status: 200,
      example: { accessToken: 'eyJhbGciOiJIUzI1NiIs...', expiresIn: 3600, tokenInfo: {} },
      check: ({ body }, ctx) => {
        ctx.jwt = (body as { accessToken: string }).accessToken;
      },
    },
    {
      name: 'GET /v1/openapi/projects with Authorization: Bearer <accessToken>',
      request: (ctx) => get('/v1/openapi/projects', { Authorization: `Bearer ${ctx.jwt}` }),
      status: 200,
      example: [PROJECT],
    },
    {
      name: 'error envelope: an organization token without projectId is 400',
      request: () => get('/v1/openapi/processing-history'),
      status: 400,
      example: {
        statusCode: 400,
        message: 'projectId is required for organization tokens',
        error: 'Bad Request',
      },
      shape: { exact: ['$'] },
      check: ({ body }) =>
        expect(body).toEqual({
          statusCode: 400,
          message: 'projectId is required for organization tokens',
          error: 'Bad Request',
        }),
    },
    {
      name: 'token types: a project token with another project’s projectId is 401',
      request: () => get(`/v1/openapi/processing-history?projectId=${s.projectId}`, apiKey(other.key)),
      status: 401,
      example: { statusCode: 401, message: 'Unauthorized', error: 'Unauthorized' },
    },
    {
      name: 'rate limiting: 429 with Retry-After past the key’s limit',
      request: async () => {
        for (let i = 0; i < 2; i++) await fetch(`${s.url}/v1/openapi/projects`, { headers: apiKey(limited) });
        return get('/v1/openapi/projects', apiKey(limited));
      },
      status: 429,
      example: {
        statusCode: 429,
        message: 'Too many requests. Please slow down.',
        error: 'Too Many Requests',
      },
      check: ({ body, headers }) => {
        expect(body).toEqual({
          statusCode: 429,
          message: 'Too many requests. Please slow down.',
          error: 'Too Many Requests',
        });
        expect(Number(headers.get('retry-after'))).toBeGreaterThan(0);
      },
    },
  ]);
});

/**
 * The setup of a processing-history replay: the "Invoice Template" (open-api-templates) and an upload of
 * a one-page PDF of `text` to it (open-api-upload), as the server's organization key; stores both ids.
 */
function templateUpload(server: () => TestServer, fileName: string, text: string): SeedCase<Ctx> {
  return {
    name: `setup: the "Invoice Template" and an upload of ${fileName} (open-api-templates, open-api-upload)`,
    request: async (ctx) => {
      const srv = server();
      const t = await ocrivaClient(srv, srv.adminKey).post('/templates', {
        name: 'Invoice Template',
        description: 'ใบแจ้งหนี้',
        templateSchema: invoiceSchema,
        projectId: srv.projectId,
      });
      ctx.templateId = (await t.json()).templateId;
      const pdf = tinyPdf(text);
      return {
        method: 'POST',
        path: '/v1/openapi/upload',
        headers: apiKey(srv.adminKey),
        form: multipart([
          ['file', { file: fileName, content: pdf }],
          ['fileName', fileName],
          ['fileType', 'pdf'],
          ['fileSize', String(pdf.length)],
          ['mimeType', 'application/pdf'],
          ['projectId', srv.projectId],
          ['templateId', ctx.templateId as string],
        ]),
      };
    },
    status: 201,
    check: async ({ body }, ctx) => {
      ctx.recordId = (body as { id: string }).id;
      await server().drain();
    },
  };
}

describe('Ocriva processing history page examples', () => {
  const P = () => s.projectId;
  replaySeed<Ctx>(() => s.url, {}, [
    templateUpload(
      () => s,
      'invoice-2026.pdf',
      'FAKE-OCR: invoiceNumber: INV-2026-0042\nFAKE-OCR: totalAmount: 1250.00\nFAKE-OCR: vendor: Acme Corp',
    ),
    {
      name: 'GET /v1/openapi/processing-history?projectId&status=completed&page=1&limit=10',
      request: () => get(`/v1/openapi/processing-history?projectId=${P()}&status=completed&page=1&limit=10`),
      status: 200,
      example: { data: [RECORD], pagination: { page: 1, limit: 10, total: 42, pages: 5 } },
      shape: { exact: ['$.pagination'] },
      check: ({ body }, ctx) => {
        const b = body as { data: (typeof RECORD)[]; pagination: unknown };
        expect(b.pagination).toEqual({ page: 1, limit: 10, total: 1, pages: 1 });
        expect(b.data[0]).toMatchObject({
          id: ctx.recordId,
          uploadId: ctx.recordId,
          projectId: P(),
          fileName: 'invoice-2026.pdf',
          status: 'completed',
          templateId: ctx.templateId,
          templateName: 'Invoice Template',
          resultFormat: 'json',
          priority: 'medium',
          processingResult: { invoiceNumber: 'INV-2026-0042', totalAmount: 1250, vendor: 'Acme Corp' },
        });
      },
    },
    {
      name: 'GET /v1/openapi/processing-history/stats?projectId',
      request: () => get(`/v1/openapi/processing-history/stats?projectId=${P()}`),
      status: 200,
      example: { total: 150, pending: 5, processing: 3, completed: 138, failed: 4 },
      shape: { exact: ['$'] },
      check: ({ body }) =>
        expect(body).toEqual({ total: 1, pending: 0, processing: 0, completed: 1, failed: 0 }),
    },
    {
      name: 'GET /v1/openapi/processing-history/:id?projectId',
      request: (ctx) => get(`/v1/openapi/processing-history/${ctx.recordId}?projectId=${P()}`),
      status: 200,
      example: {
        ...RECORD,
        processingResult: {
          ...RECORD.processingResult,
          lineItems: [{ description: 'Consulting Services', quantity: 1, unitPrice: 1250.0 }],
        },
      },
      // This test's template has no lineItems property, so its result has none.
      shape: { optional: ['$.processingResult.lineItems'] },
      check: ({ body }, ctx) => expect((body as { id: string }).id).toBe(ctx.recordId as string),
    },
    ...RESULT_TYPES.map(([format, contentType]) => ({
      name: `GET /v1/openapi/processing-history/:id/result?projectId&format=${format}`,
      request: (ctx: Ctx) =>
        get(`/v1/openapi/processing-history/${ctx.recordId}/result?projectId=${P()}&format=${format}`),
      status: 200,
      contentType,
      check: ({ headers, bytes }: { headers: Headers; bytes: Uint8Array }) => {
        expect(headers.get('content-disposition')).toStartWith('attachment');
        expect(bytes.length).toBeGreaterThan(0);
      },
    })),
    {
      name: 'GET /v1/openapi/processing-history/:id/result without format: the template’s resultFormat (json)',
      request: (ctx) => get(`/v1/openapi/processing-history/${ctx.recordId}/result?projectId=${P()}`),
      status: 200,
      contentType: 'application/json',
      check: ({ body }) => expect(body).toMatchObject({ invoiceNumber: 'INV-2026-0042' }),
    },
    {
      name: 'common errors: 401 when the record is outside the token’s scope',
      request: (ctx) =>
        get(`/v1/openapi/processing-history/${ctx.recordId}?projectId=${s.projectId}`, apiKey(other.key)),
      status: 401,
      example: { statusCode: 401, message: 'Unauthorized', error: 'Unauthorized' },
    },
    {
      name: 'common errors: 404 when there is no such record',
      request: () => get(`/v1/openapi/processing-history/68dc1cc4b78f0d15ec2a7f91?projectId=${P()}`),
      status: 404,
      example: { statusCode: 404, message: 'Not Found', error: 'Not Found' },
    },
  ]);
});

describe('Ocriva processing history page examples on the real extraction engine', () => {
  let real: TestServer;
  beforeAll(async () => {
    real = await ocrivaServer({ fakeExtraction: false });
  });
  afterAll(() => real.close());
  const P = () => real.projectId;

  replaySeed<Ctx>(() => real.url, {}, [
    templateUpload(
      () => real,
      'ใบแจ้งหนี้.pdf',
      'FAKE-OCR: ใบแจ้งหนี้\nFAKE-OCR: เลขที่ IV6908-0042\nFAKE-OCR: จำนวนเงินรวมทั้งสิ้น 1,250.00',
    ),
    {
      name: 'GET /v1/openapi/processing-history/:id?projectId: processingResult holds every templateSchema property, null when not found',
      request: (ctx) =>
        get(`/v1/openapi/processing-history/${ctx.recordId}?projectId=${P()}`, apiKey(real.adminKey)),
      status: 200,
      example: RECORD,
      shape: { nullable: ['$.processingResult.vendor'] },
      check: ({ body }) =>
        expect(body).toMatchObject({
          status: 'completed',
          processingResult: { invoiceNumber: 'IV6908-0042', totalAmount: 1250, vendor: null },
        }),
    },
    {
      name: 'GET /v1/openapi/processing-history/:id/result?projectId&format=json: its data has the same keys, vendor null',
      request: (ctx) =>
        get(
          `/v1/openapi/processing-history/${ctx.recordId}/result?projectId=${P()}&format=json`,
          apiKey(real.adminKey),
        ),
      status: 200,
      contentType: 'application/json',
      check: ({ body }) =>
        expect((body as { data: unknown }).data).toEqual({
          invoiceNumber: 'IV6908-0042',
          totalAmount: 1250,
          vendor: null,
        }),
    },
  ]);
});
