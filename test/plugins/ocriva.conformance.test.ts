import { expect } from 'bun:test';
import { ocriva } from '../../plugins/ocriva/index.ts';
import { runConformance } from '../conformance/suite.ts';
import { form } from '../helpers/server.ts';

runConformance({
  name: 'Ocriva /v1/openapi',
  plugins: [ocriva as never],
  headers: (t) => ({ 'x-api-key': t.key }),
  async upload(s, t, name, content) {
    const res = await s.fetch('/v1/openapi/upload', {
      method: 'POST',
      body: form({ name, content }, { projectId: t.projectId, fileName: name, fileType: 'document' }),
      key: null,
      headers: { 'x-api-key': t.key },
    });
    expect(res.status).toBe(201);
    const id = (await res.json()).id as string;
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    return id;
  },
  listPath: (_t, page, size) => `/v1/openapi/processing-history?page=${page}&limit=${size}`,
  listIds: (body) => (body as { data: { id: string }[] }).data.map((d) => d.id),
  getPath: (_t, id) => `/v1/openapi/processing-history/${id}`,
  unknownPath: () => '/v1/openapi/not-an-endpoint',
  invalidRequest: () => ({
    method: 'POST',
    path: '/v1/openapi/templates',
    body: JSON.stringify({ description: 'no name', templateSchema: { type: 'object' } }),
  }),
  expectUnauthorized(status, body) {
    expect(status).toBe(401);
    expect(body).toEqual({ statusCode: 401, message: expect.any(String), error: 'Unauthorized' });
  },
  expectNotFound(status, body) {
    expect(status).toBe(404);
    expect(body).toEqual({ statusCode: 404, message: expect.any(String), error: 'Not Found' });
  },
  expectValidation(status, body) {
    expect(status).toBe(400);
    expect(body).toEqual({ statusCode: 400, message: ['name should not be empty'], error: 'Bad Request' });
  },
  crossProjectStatuses: [404],
});
