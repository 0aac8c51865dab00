/**
 * Every request example of DocRouter's REST API page (`../shared/seeds/docrouter-rest-api.txt`),
 * replayed as written against a real server: `Authorization: Bearer` with an account or workspace
 * token, `Content-Type: application/json` where the page sends it, its multipart fields. Where the page
 * names routes DocRouter's own server does not have (`/account/profile`, `/documents/upload`,
 * `/documents/{id}/results`, `/documents/{id}/status`; see `../shared/spec/docrouter.md`), the
 * expected answer is the one that server gives.
 */
import { afterAll, beforeAll, describe, expect } from 'bun:test';
import { docrouter } from '../../plugins/docrouter/index.ts';
import { tinyPdf } from '../helpers/files.ts';
import { multipart, replaySeed, type SeedRequest } from '../helpers/seed-replay.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

let s: TestServer;
let org: { projectId: string; key: string };
let accountToken: string;

beforeAll(async () => {
  s = await startTestServer({ plugins: [docrouter as never], fakeExtraction: true });
  org = await s.newProject('Seed workspace');
  accountToken = (await s.services.keys.create({ orgId: s.orgId, label: 'seed account', prefix: 'acc_' }))
    .key;
});
afterAll(() => s.close());

interface Ctx {
  documentId?: string;
}

const account = (): Record<string, string> => ({
  Authorization: `Bearer ${accountToken}`,
  'Content-Type': 'application/json',
});
const workspace = (json = true): Record<string, string> => ({
  Authorization: `Bearer ${org.key}`,
  ...(json ? { 'Content-Type': 'application/json' } : {}),
});
const orgPath = (path: string) => `/v0/orgs/${org.projectId}${path}`;
const get = (path: string, headers: Record<string, string>): SeedRequest => ({
  method: 'GET',
  path,
  headers,
});

const ORGANIZATION = {
  id: '68db4aa2967d9c03fa9b5e74',
  name: 'Seed workspace',
  members: [{ user_id: '68da3991c56e8b02ea1b4d60', role: 'admin' }],
  type: 'individual',
  created_at: '2026-03-31T10:00:00.000Z',
  updated_at: '2026-03-31T10:00:00.000Z',
};
const DOCUMENT = {
  id: '68dc1cc4b78f0d15ec2a7f91',
  pdf_id: '68dc1cc4b78f0d15ec2a7f91',
  document_name: 'document.pdf',
  upload_date: '2026-03-31T10:00:00.000Z',
  uploaded_by: 'ci-bot',
  state: 'ocr_completed',
  tag_ids: [],
  metadata: {},
};

describe('DocRouter REST API page examples', () => {
  replaySeed<Ctx>(() => s.url, {}, [
    {
      name: 'Get Account Information: GET /v0/account/profile (not a route of DocRouter’s server: 404)',
      request: () => get('/v0/account/profile', account()),
      status: 404,
      example: { detail: 'Not Found' },
      check: ({ body }) => expect(body).toEqual({ detail: 'Not Found' }),
    },
    {
      name: 'List All Organizations: GET /v0/account/organizations',
      request: () => get('/v0/account/organizations', account()),
      status: 200,
      example: { organizations: [ORGANIZATION], total_count: 1, skip: 0 },
      check: ({ body }) =>
        expect((body as { organizations: { id: string }[] }).organizations.map((o) => o.id)).toContain(
          org.projectId,
        ),
    },
    {
      name: 'Upload and Process Document: POST /v0/orgs/{organization_id}/documents/upload (405 on DocRouter)',
      request: () => ({
        method: 'POST',
        path: orgPath('/documents/upload'),
        headers: workspace(false),
        form: multipart([
          ['file', { file: 'document.pdf', content: tinyPdf('FAKE-OCR: Invoice 42') }],
          ['processor_type', 'invoice'],
        ]),
      }),
      status: 405,
      example: { detail: 'Method Not Allowed' },
      check: ({ body, headers }) => {
        expect(body).toEqual({ detail: 'Method Not Allowed' });
        expect(headers.get('allow')).toBe('GET, PUT, DELETE');
      },
    },
    {
      name: 'the same upload through the routes DocRouter serves: POST /documents/multipart',
      request: () => ({
        method: 'POST',
        path: orgPath('/documents/multipart'),
        headers: workspace(false),
        form: multipart([['file', { file: 'document.pdf', content: tinyPdf('FAKE-OCR: Invoice 42') }]]),
      }),
      status: 200,
      example: {
        document: { document_name: 'document.pdf', document_id: '68dc…', tag_ids: [], metadata: {} },
      },
      check: async ({ body }, ctx) => {
        ctx.documentId = (body as { document: { document_id: string } }).document.document_id;
        await s.drain();
      },
    },
    {
      name: 'Get Processing Results: GET /v0/orgs/{organization_id}/documents/{document_id}/results (404 on DocRouter)',
      request: (ctx) => get(orgPath(`/documents/${ctx.documentId}/results`), workspace()),
      status: 404,
      example: { detail: 'Not Found' },
    },
    {
      name: 'Check Status: GET /v0/orgs/{organization_id}/documents/{document_id}/status (404 on DocRouter)',
      request: (ctx) => get(orgPath(`/documents/${ctx.documentId}/status`), workspace()),
      status: 404,
      example: { detail: 'Not Found' },
    },
    {
      name: 'Async processing: poll GET /documents/{document_id} for the state',
      request: (ctx) => get(orgPath(`/documents/${ctx.documentId}?include_content=false`), workspace()),
      status: 200,
      example: { ...DOCUMENT, type: 'application/pdf', content: null },
      shape: { nullable: ['$.content'] },
      check: ({ body }) => expect((body as { state: string }).state).toMatch(/^(ocr|llm)_completed$/),
    },
    {
      name: 'Get Processing Results, as DocRouter serves them: POST /llm/run/{document_id}?prompt_revid=default',
      request: (ctx) => ({
        method: 'POST',
        path: orgPath(`/llm/run/${ctx.documentId}?prompt_revid=default`),
        headers: workspace(),
      }),
      status: 200,
      example: { status: 'success', result: {} },
    },
    {
      name: 'Get Processing Results, as DocRouter serves them: GET /llm/result/{document_id}?prompt_revid=default',
      request: (ctx) => get(orgPath(`/llm/result/${ctx.documentId}?prompt_revid=default`), workspace()),
      status: 200,
      example: {
        prompt_revid: 'default',
        prompt_id: 'default',
        prompt_version: 0,
        document_id: '68dc…',
        llm_result: {},
        updated_llm_result: {},
        is_edited: false,
        is_verified: false,
        created_at: '2026-03-31T10:00:00.000Z',
        updated_at: '2026-03-31T10:00:00.000Z',
      },
    },
    {
      name: 'Pagination: list endpoints with limit (and offset, which DocRouter ignores: it pages by skip)',
      request: () => get(orgPath('/documents?limit=1&offset=0'), workspace()),
      status: 200,
      example: { documents: [DOCUMENT], total_count: 1, skip: 0 },
      check: ({ body }) => expect((body as { documents: unknown[] }).documents).toHaveLength(1),
    },
    {
      name: 'Error Handling: standard status codes with a descriptive detail (a workspace token on /v0/account)',
      request: () => get('/v0/account/organizations', workspace()),
      status: 401,
      example: { detail: 'Invalid authentication credentials: invalid token' },
    },
  ]);
});
