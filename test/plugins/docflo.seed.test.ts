/**
 * Every request example of Docflo's integration page (`../shared/seeds/docflo-api.txt`), replayed as
 * written against a real server: the `x-tenant-id` and `apiKey` headers, the page's paths, query
 * parameters, multipart fields and JSON bodies. The page shows no success bodies, so those are checked
 * against the shapes docserve documents for them (README, Docflo section); the error envelope and the
 * rate-limit headers are the page's own.
 */
import { afterAll, beforeAll, describe, expect } from 'bun:test';
import { sampleEml } from '../core/email-fixture.ts';
import { tinyPdf } from '../helpers/files.ts';
import { multipart, replaySeed, type SeedRequest } from '../helpers/seed-replay.ts';
import type { TestServer } from '../helpers/server.ts';
import { startDocflo } from './docflo-helpers.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startDocflo();
});
afterAll(() => s.close());

interface Ctx {
  documentId?: string;
  emailId?: string;
  attachmentId?: string;
  items?: string[];
  eml?: string;
}

/** `-H "x-tenant-id: your-tenant-id" -H "apiKey: your-api-key"`. */
const auth = (): Record<string, string> => ({ 'x-tenant-id': s.projectId, apiKey: s.adminKey });
const withJson = () => ({ ...auth(), 'Content-Type': 'application/json' });
const get = (path: string): SeedRequest => ({ method: 'GET', path, headers: auth() });

/** docserve's document object (README); the page documents none. */
const DOCUMENT = {
  _id: '68befa1fe9a9f9a3327627c9',
  type: 'invoice',
  status: 'ANALYZED',
  source: 'api',
  fileName: 'invoice.pdf',
  mimeType: 'application/pdf',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  favorite: false,
  approvers: [],
};
const LIST = { items: [DOCUMENT], total: 1, skip: 0, top: 10 };
const ERROR = {
  error: { code: 'INVALID_DOCUMENT_TYPE', message: 'The specified document type is not supported' },
};

const invoicePdf = tinyPdf('FAKE-OCR: InvoiceId: INV-1\nFAKE-OCR: VendorName: Microsoft');

describe('Docflo integration page examples', () => {
  replaySeed<Ctx>(() => s.url, {}, [
    {
      name: 'Create Document: POST /docs/v1/document -F file=@invoice.pdf -F type=invoice',
      request: () => ({
        method: 'POST',
        path: '/docs/v1/document',
        headers: auth(),
        form: multipart([
          ['file', { file: 'invoice.pdf', content: invoicePdf }],
          ['type', 'invoice'],
        ]),
      }),
      status: 201,
      example: DOCUMENT,
      check: async ({ body }, ctx) => {
        ctx.documentId = (body as { _id: string })._id;
        await s.drain();
      },
    },
    {
      name: 'Authentication: GET /docs/v1/document',
      request: () => get('/docs/v1/document'),
      status: 200,
      example: LIST,
    },
    {
      name: 'Get Documents: GET /docs/v1/document?type=invoice&top=10&skip=0',
      request: () => get('/docs/v1/document?type=invoice&top=10&skip=0'),
      status: 200,
      example: LIST,
      check: ({ body }, ctx) => {
        const b = body as typeof LIST;
        expect([b.total, b.top, b.skip, b.items[0]?._id]).toEqual([1, 10, 0, ctx.documentId as string]);
      },
    },
    {
      name: 'Get Document by ID: GET /docs/v1/document/byId/12345',
      request: (ctx) => get(`/docs/v1/document/byId/${ctx.documentId}`),
      status: 200,
      example: { ...DOCUMENT, results: { fields: {} } },
    },
    {
      name: 'Analyze Document: POST /docs/v1/document/analyze -F type=invoice -F file=@document.pdf',
      request: () => ({
        method: 'POST',
        path: '/docs/v1/document/analyze',
        headers: auth(),
        form: multipart([
          ['type', 'invoice'],
          ['file', { file: 'document.pdf', content: invoicePdf }],
        ]),
      }),
      status: 200,
      example: { results: { fields: {} } },
    },
    {
      name: 'Get Original File: GET /docs/v1/document/download/12345/original',
      request: (ctx) => get(`/docs/v1/document/download/${ctx.documentId}/original`),
      status: 200,
      contentType: 'application/pdf',
      check: ({ bytes }) => expect(Buffer.from(bytes).equals(Buffer.from(invoicePdf))).toBe(true),
    },
    {
      name: 'Get Original Email: GET /docs/v1/document/download/12345/email (a mailbox document)',
      request: async (ctx) => {
        ctx.eml = sampleEml('SEED');
        const up = await fetch(`${s.url}/docs/v1/document`, {
          method: 'POST',
          headers: auth(),
          body: multipart([['file', { file: 'mail.eml', content: ctx.eml }]]),
        });
        ctx.emailId = (await up.json())._id;
        await s.drain();
        const list = await (
          await fetch(`${s.url}/docs/v1/document?source=email`, { headers: auth() })
        ).json();
        ctx.attachmentId = list.items.find((d: { emailId: string }) => d.emailId === ctx.emailId)._id;
        return get(`/docs/v1/document/download/${ctx.attachmentId}/email`);
      },
      status: 200,
      contentType: 'message/rfc822',
      check: ({ body }, ctx) => expect(body).toBe(ctx.eml as string),
    },
    // The page's endpoint, then the path of its own curl example; both with the example's body.
    ...[
      [
        'Update Model Fields: PATCH /docs/v1/fields?documentType&name',
        '/docs/v1/fields?documentType=invoice&name=YourFieldName',
      ],
      [
        'Update Model Fields example: PATCH /docs/types/invoice/field/YourFieldName',
        '/docs/types/invoice/field/YourFieldName',
      ],
    ].map(([name, path]) => ({
      name: `${name} {type, visible, extractionMethod}`,
      request: () => ({
        method: 'PATCH',
        path: path as string,
        headers: withJson(),
        json: { type: 'currency', visible: true, extractionMethod: 'ai' },
      }),
      status: 200,
    })),
    {
      name: 'Update Document Fields: PATCH /docs/v1/document/fields/12345 (create, update, delete items)',
      request: async (ctx) => {
        // The page's update and delete name items by `_id`: make two, whose ids stand in for its
        // "item-1" and "68befa1fe9a9f9a3327627c9".
        const made = await fetch(`${s.url}/docs/v1/document/fields/${ctx.documentId}`, {
          method: 'PATCH',
          headers: withJson(),
          body: JSON.stringify({
            fields: {
              Items: [
                { operation: 'create', Description: 'one' },
                { operation: 'create', Description: 'two' },
              ],
            },
          }),
        });
        const items = (await made.json()).results.fields.Items.value as { _id: string }[];
        ctx.items = items.map((i) => i._id);
        return {
          method: 'PATCH',
          path: `/docs/v1/document/fields/${ctx.documentId}`,
          headers: withJson(),
          json: {
            fields: {
              InvoiceId: '12345',
              InvoiceTotal: { Amount: 12345, CurrencyCode: 'USD' },
              Items: [
                {
                  operation: 'create',
                  Description: 'API Item 3',
                  amount: { amount: 12345, currencyCode: 'USD' },
                },
                {
                  operation: 'update',
                  _id: ctx.items[0],
                  Description: 'API Item 1',
                  amount: { amount: 234, currencyCode: 'ILS' },
                },
                { operation: 'delete', _id: ctx.items[1] },
              ],
            },
          },
        };
      },
      status: 200,
      example: { ...DOCUMENT, results: { fields: {} } },
      check: ({ body }, ctx) => {
        const fields = (body as { results: { fields: Record<string, { value: unknown }> } }).results.fields;
        expect(fields.InvoiceId?.value).toBe('12345');
        expect(fields.InvoiceTotal?.value).toEqual({ amount: 12345, currencyCode: 'USD' });
        const items = fields.Items?.value as { _id: string; Description: { value: string } }[];
        expect(items.map((i) => i.Description.value).sort()).toEqual(['API Item 1', 'API Item 3']);
        expect(items.map((i) => i._id)).not.toContain(ctx.items?.[1] as string);
      },
    },
    {
      name: 'Update Document Status: PATCH /docs/v1/document/info/12345 {"status": "APPROVED"}',
      request: (ctx) => ({
        method: 'PATCH',
        path: `/docs/v1/document/info/${ctx.documentId}`,
        headers: withJson(),
        json: { status: 'APPROVED' },
      }),
      status: 200,
      example: DOCUMENT,
      check: ({ body }) => expect((body as { status: string }).status).toBe('APPROVED'),
    },
    {
      name: 'Get Document Information: GET /docs/v1/document/info/12345',
      request: (ctx) => get(`/docs/v1/document/info/${ctx.documentId}`),
      status: 200,
      example: DOCUMENT,
      check: ({ body }) => expect((body as { status: string }).status).toBe('APPROVED'),
    },
    {
      name: 'Get Enabled Document Types: GET /docs/v1/types/enabled',
      request: () => get('/docs/v1/types/enabled'),
      status: 200,
    },
    {
      name: 'Get Document Type Configuration: GET /docs/v1/types/invoice',
      request: () => get('/docs/v1/types/invoice'),
      status: 200,
    },
    {
      name: 'AI Document Search: POST /docs/v1/document/ai/search {query, score_threshold, model_ids}',
      request: () => ({
        method: 'POST',
        path: '/docs/v1/document/ai/search',
        headers: withJson(),
        json: {
          query: 'Find all invoices from Microsoft',
          score_threshold: 0.7,
          model_ids: 'invoice,receipt',
        },
      }),
      status: 200,
      example: [{ documentId: '68befa1fe9a9f9a3327627c9', score: 0.9, type: 'invoice' }],
      check: ({ body }, ctx) =>
        expect((body as { documentId: string }[]).map((h) => h.documentId)).toContain(
          ctx.documentId as string,
        ),
    },
    {
      name: 'AI Assistant: POST /docs/v1/document/ai/ask {query, types}',
      request: () => ({
        method: 'POST',
        path: '/docs/v1/document/ai/ask',
        headers: withJson(),
        json: { query: 'What is the total amount of all invoices this month?', types: ['invoice'] },
      }),
      status: 200,
      example: { query: 'What is the total amount of all invoices this month?', answer: '…', sources: [] },
    },
    {
      name: 'Get Logs: GET /logs/v1/log?type=error&area=document-processing',
      request: () => get('/logs/v1/log?type=error&area=document-processing'),
      status: 200,
      example: { items: [], total: 0, skip: 0, top: 50 },
    },
    {
      name: 'Create Guest Token: POST /auth/v1/guest-token',
      request: () => ({ method: 'POST', path: '/auth/v1/guest-token', headers: auth() }),
      status: 200,
      example: { token: 'eyJ…', expiresIn: 900, tokenType: 'Bearer', tenantId: '…' },
    },
    {
      name: 'Error Handling: {error: {code, message, details}} (an unsupported document type)',
      request: () => ({
        method: 'POST',
        path: '/docs/v1/document',
        headers: auth(),
        form: multipart([
          ['file', { file: 'invoice.pdf', content: invoicePdf }],
          ['type', 'notAType'],
        ]),
      }),
      status: 400,
      example: ERROR,
      check: ({ body }) => {
        const e = (body as { error: { code: string; details: unknown } }).error;
        expect(e.code).toBe('INVALID_DOCUMENT_TYPE');
        expect(String(e.details)).toContain('invoice');
      },
    },
    {
      name: 'Rate Limits: X-RateLimit-Limit / -Remaining / -Reset (UTC epoch seconds)',
      request: () => get('/docs/v1/document?top=1'),
      status: 200,
      check: ({ headers }) => {
        expect(headers.get('x-ratelimit-limit')).toBe('1000');
        expect(Number(headers.get('x-ratelimit-remaining'))).toBeLessThan(1000);
        expect(headers.get('x-ratelimit-reset')).toMatch(/^\d{10}$/);
      },
    },
  ]);
});
