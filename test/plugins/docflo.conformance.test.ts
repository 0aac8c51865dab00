import { expect } from 'bun:test';
import { docflo } from '../../plugins/docflo/index.ts';
import { runConformance } from '../conformance/suite.ts';
import { form } from '../helpers/server.ts';

runConformance({
  name: 'Docflo /docs/v1',
  plugins: [docflo as never],
  headers: (t) => ({ 'x-tenant-id': t.projectId, apiKey: t.key }),
  async upload(s, t, name, content) {
    const res = await s.fetch('/docs/v1/document', {
      method: 'POST',
      body: form({ name, content }, { type: 'unclassified' }),
      key: null,
      headers: { 'x-tenant-id': t.projectId, apiKey: t.key },
    });
    expect(res.status).toBe(201);
    const id = (await res.json())._id as string;
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    return id;
  },
  listPath: (_t, page, size) => `/docs/v1/document?skip=${(page - 1) * size}&top=${size}`,
  listIds: (body) => (body as { items: { _id: string }[] }).items.map((d) => d._id),
  getPath: (_t, id) => `/docs/v1/document/byId/${id}`,
  unknownPath: () => '/docs/v1/not-an-endpoint',
  invalidRequest: () => ({
    method: 'POST',
    path: '/docs/v1/document/ai/search',
    body: JSON.stringify({ query: 'invoices' }),
  }),
  expectUnauthorized(status, body) {
    expect(status).toBe(401);
    expect(body).toMatchObject({ error: { code: 'UNAUTHORIZED', message: expect.any(String) } });
    expect(Object.keys((body as { error: object }).error).sort()).toEqual(['code', 'details', 'message']);
  },
  expectNotFound(status, body) {
    expect(status).toBe(404);
    expect(body).toMatchObject({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
  },
  expectValidation(status, body) {
    expect(status).toBe(400);
    expect(body).toMatchObject({
      error: { code: 'VALIDATION_ERROR', message: expect.stringContaining('score_threshold') },
    });
  },
  crossProjectStatuses: [404],
});
