/**
 * Every request example of the DOC.IN.TH v2 page (`../shared/seeds/docinth-api-v2.txt`), replayed as
 * written against a real server: `Authorization: Bearer YOUR_API_KEY` and `Content-Type:
 * application/json` on every request, the page's field names and bodies, and its example responses'
 * shapes.
 */
import { afterAll, beforeAll, describe, expect } from 'bun:test';
import { docinth } from '../../plugins/docinth/index.ts';
import { tinyPdf } from '../helpers/files.ts';
import { multipart, replaySeed } from '../helpers/seed-replay.ts';
import { shapeMismatches } from '../helpers/seed-shape.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let s: TestServer;
let receiver: ReturnType<typeof Bun.serve>;
const delivered: Record<string, unknown>[] = [];

beforeAll(async () => {
  s = await startTestServer({ plugins: [docinth as never] });
  receiver = Bun.serve({
    port: 0,
    async fetch(req) {
      delivered.push(await req.json());
      return new Response('ok');
    },
  });
});
afterAll(async () => {
  receiver.stop(true);
  await s.close();
});

interface Ctx {
  token?: string;
  documentId?: string;
}

/** The page's headers: the key (or the token from /auth/token) and the JSON content type. */
const headers = (ctx: Ctx, json = true): Record<string, string> => ({
  Authorization: `Bearer ${ctx.token ?? s.adminKey}`,
  ...(json ? { 'Content-Type': 'application/json' } : {}),
});

/** The list item of the page's `GET /documents` example. */
const ITEM = {
  id: 'doc_xyz789',
  name: 'ใบเสนอราคา Q1-2026.pdf',
  size: 245678,
  mime_type: 'application/pdf',
  created_at: '2026-01-15T09:30:00Z',
  folder_id: 'fld_abc123',
  ocr_status: 'completed',
};

describe('DOC.IN.TH v2 page examples', () => {
  replaySeed<Ctx>(() => `${s.url}/v2`, {}, [
    {
      name: 'POST /auth/token {api_key, workspace_id}',
      request: (ctx) => ({
        method: 'POST',
        path: '/auth/token',
        headers: headers(ctx),
        json: { api_key: s.adminKey, workspace_id: `ws_${s.projectId}` },
      }),
      status: 200,
      example: { access_token: 'eyJhbGciOiJIUzI1NiJ9...', expires_in: 3600, token_type: 'Bearer' },
      shape: { exact: ['$'] },
      check: ({ body }, ctx) => {
        const b = body as { access_token: string; expires_in: number; token_type: string };
        expect([b.expires_in, b.token_type]).toEqual([3600, 'Bearer']);
        ctx.token = b.access_token;
      },
    },
    {
      name: 'POST /webhooks with the page events',
      request: (ctx) => ({
        method: 'POST',
        path: '/webhooks',
        headers: headers(ctx),
        json: {
          url: `http://127.0.0.1:${receiver.port}/hook`,
          events: ['document.uploaded', 'document.deleted', 'ocr.completed'],
        },
      }),
      status: 201,
    },
    {
      name: 'POST /documents/upload multipart: file, folder_id, run_ocr, tags (string[])',
      request: (ctx) => ({
        method: 'POST',
        path: '/documents/upload',
        headers: headers(ctx, false),
        form: multipart([
          ['file', { file: 'ใบเสนอราคา Q1-2026.pdf', content: tinyPdf('FAKE-OCR: ใบเสนอราคา Q1-2026') }],
          ['folder_id', 'fld_abc123'],
          ['run_ocr', 'true'],
          ['tags', 'ใบเสนอราคา'],
          ['tags', 'Q1'],
        ]),
      }),
      status: 201,
      example: ITEM,
      check: async ({ body }, ctx) => {
        const doc = body as typeof ITEM & { tags: string[] };
        expect(doc).toMatchObject({ name: 'ใบเสนอราคา Q1-2026.pdf', folder_id: 'fld_abc123' });
        expect(doc.tags.sort()).toEqual(['Q1', 'ใบเสนอราคา'].sort());
        ctx.documentId = doc.id;
        await s.drain();
      },
    },
    {
      name: 'POST /documents/upload with tags as a JSON string[] (one field, elements kept whole)',
      request: (ctx) => ({
        method: 'POST',
        path: '/documents/upload',
        headers: headers(ctx, false),
        form: multipart([
          ['file', { file: 'บันทึกลูกค้า.txt', content: 'บันทึกการประชุมกับลูกค้า' }],
          ['folder_id', 'fld_customers'],
          ['tags', '["ลูกค้า","vip","บริษัท ก, จำกัด"]'],
        ]),
      }),
      status: 201,
      example: ITEM,
      check: async ({ body }, ctx) => {
        const doc = body as typeof ITEM & { tags: string[] };
        const expected = ['ลูกค้า', 'vip', 'บริษัท ก, จำกัด'].sort();
        expect([...doc.tags].sort()).toEqual(expected);
        const again = await s.fetch(`/v2/documents/${doc.id}`, { headers: headers(ctx) });
        expect([...(await again.json()).tags].sort()).toEqual(expected);
      },
    },
    {
      name: 'GET /documents?folder_id&page&per_page',
      request: (ctx) => ({
        method: 'GET',
        path: '/documents?folder_id=fld_abc123&page=1&per_page=20',
        headers: headers(ctx),
      }),
      status: 200,
      example: { data: [ITEM], meta: { total: 142, page: 1, per_page: 20 } },
      shape: { exact: ['$', '$.data[]', '$.meta'] },
      check: ({ body }, ctx) => {
        const b = body as { data: (typeof ITEM)[]; meta: unknown };
        expect(b.meta).toEqual({ total: 1, page: 1, per_page: 20 });
        expect(b.data[0]).toMatchObject({ id: ctx.documentId, ocr_status: 'completed' });
      },
    },
    {
      name: 'GET /documents/{id}',
      request: (ctx) => ({ method: 'GET', path: `/documents/${ctx.documentId}`, headers: headers(ctx) }),
      status: 200,
      example: ITEM,
      check: ({ body }, ctx) => expect((body as typeof ITEM).id).toBe(ctx.documentId as string),
    },
    {
      name: 'GET /search?q&type&from&to',
      request: (ctx) => ({
        method: 'GET',
        path: `/search?q=${encodeURIComponent('ใบเสนอราคา')}&type=pdf&from=2026-01-01&to=2999-12-31`,
        headers: headers(ctx),
      }),
      status: 200,
      example: { data: [ITEM], meta: { total: 142, page: 1, per_page: 20 } },
      check: ({ body }, ctx) =>
        expect((body as { data: { id: string }[] }).data.map((d) => d.id)).toEqual([
          ctx.documentId as string,
        ]),
    },
    {
      name: 'POST /ocr/extract {document_id, language, output_format}',
      request: (ctx) => ({
        method: 'POST',
        path: '/ocr/extract',
        headers: headers(ctx),
        json: { document_id: ctx.documentId, language: 'th+en', output_format: 'json' },
      }),
      status: 200,
      example: {
        text: 'ใบเสนอราคา\nบริษัท ตัวอย่าง จำกัด\n...',
        pages: 3,
        confidence: 0.997,
        processing_time_ms: 1240,
        blocks: [{ page: 1, text: 'ใบเสนอราคา', bbox: [100, 80, 400, 120], confidence: 0.999 }],
      },
      check: ({ body }) => {
        const b = body as { text: string; pages: number; blocks: { bbox: number[] }[] };
        expect([b.text, b.pages]).toEqual(['ใบเสนอราคา Q1-2026', 1]);
        for (const block of b.blocks) expect(block.bbox).toHaveLength(4);
      },
    },
    {
      name: 'webhook payload {event, document_id, workspace_id, timestamp, data}',
      request: (ctx) => ({ method: 'GET', path: `/documents/${ctx.documentId}`, headers: headers(ctx) }),
      status: 200,
      check: async (_res, ctx) => {
        await s.drain();
        const ocr = delivered.find((e) => e.event === 'ocr.completed' && e.document_id === ctx.documentId);
        expect(
          shapeMismatches(ocr, {
            event: 'ocr.completed',
            document_id: 'doc_xyz789',
            workspace_id: 'ws_abc123',
            timestamp: '2026-04-23T10:30:00Z',
            data: { confidence: 0.997, pages: 3 },
          }),
        ).toEqual([]);
        expect(ocr?.workspace_id).toBe(`ws_${s.projectId}`);
      },
    },
    {
      name: 'rate limit headers X-RateLimit-Limit / -Remaining / -Reset',
      request: (ctx) => ({ method: 'GET', path: '/documents', headers: headers(ctx) }),
      status: 200,
      check: ({ headers: h }) => {
        expect(h.get('x-ratelimit-limit')).toBe('500');
        expect(Number(h.get('x-ratelimit-remaining'))).toBeLessThan(500);
        expect(h.get('x-ratelimit-reset')).toMatch(/^\d{10}$/);
      },
    },
    {
      name: 'DELETE /documents/{id} (to the trash)',
      request: (ctx) => ({ method: 'DELETE', path: `/documents/${ctx.documentId}`, headers: headers(ctx) }),
      status: 200,
      check: async (_res, ctx) => {
        const after = await s.fetch(`/v2/documents/${ctx.documentId}`);
        expect(after.status).toBe(404);
        await s.drain();
        expect(
          delivered.some((e) => e.event === 'document.deleted' && e.document_id === ctx.documentId),
        ).toBe(true);
      },
    },
  ]);
});
