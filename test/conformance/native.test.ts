import { expect } from 'bun:test';
import { form } from '../helpers/server.ts';
import { runConformance } from './suite.ts';

runConformance({
  name: 'native /api/v1',
  plugins: [],
  headers: (t) => ({ authorization: `Bearer ${t.key}` }),
  async upload(s, t, name, content) {
    const res = await s.fetch('/api/v1/documents', {
      method: 'POST',
      body: form({ name, content }),
      key: t.key,
    });
    expect(res.status).toBe(201);
    return (await res.json()).data.id;
  },
  listPath: (_t, page, size) => `/api/v1/documents?page=${page}&per_page=${size}`,
  listIds: (body) => (body as { data: { id: string }[] }).data.map((d) => d.id),
  getPath: (_t, id) => `/api/v1/documents/${id}`,
  unknownPath: () => '/api/v1/definitely/not/here',
  invalidRequest: () => ({ method: 'GET', path: '/api/v1/documents?per_page=abc' }),
  expectUnauthorized(status, body) {
    expect(status).toBe(401);
    expect(body).toMatchObject({ error: { code: 'unauthorized', message: expect.any(String) } });
  },
  expectNotFound(status, body) {
    expect(status).toBe(404);
    expect(body).toMatchObject({ error: { code: 'not_found' } });
  },
  expectValidation(status, body) {
    expect(status).toBe(400);
    expect(body).toMatchObject({
      error: { code: 'bad_request', message: expect.stringContaining('per_page') },
    });
  },
  crossProjectStatuses: [404],
});
