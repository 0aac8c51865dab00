import { expect } from 'bun:test';
import { docinth } from '../../plugins/docinth/index.ts';
import { form } from '../helpers/server.ts';
import { runConformance } from '../conformance/suite.ts';

runConformance({
  name: 'DOC.IN.TH /v2',
  plugins: [docinth as never],
  headers: (t) => ({ authorization: `Bearer ${t.key}` }),
  async upload(s, t, name, content) {
    const res = await s.fetch('/v2/documents/upload', {
      method: 'POST',
      body: form({ name, content }),
      key: t.key,
    });
    expect(res.status).toBe(201);
    const id = (await res.json()).id as string;
    expect(id).toStartWith('doc_');
    return id;
  },
  listPath: (_t, page, size) => `/v2/documents?page=${page}&per_page=${size}`,
  listIds: (body) => (body as { data: { id: string }[] }).data.map((d) => d.id),
  getPath: (_t, id) => `/v2/documents/${id}`,
  unknownPath: () => '/v2/not-an-endpoint',
  invalidRequest: () => ({
    method: 'POST',
    path: '/v2/ocr/extract',
    body: JSON.stringify({ language: 'th+en' }),
  }),
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
      error: { code: 'validation_failed', message: expect.stringContaining('document_id') },
    });
  },
  crossProjectStatuses: [404],
});
