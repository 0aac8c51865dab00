import { expect } from 'bun:test';
import { docrouter } from '../../plugins/docrouter/index.ts';
import { runConformance } from '../conformance/suite.ts';

runConformance({
  name: 'DocRouter /v0',
  plugins: [docrouter as never],
  headers: (t) => ({ authorization: `Bearer ${t.key}` }),
  async upload(s, t, name, content) {
    const res = await s.fetch(`/v0/orgs/${t.projectId}/documents`, {
      method: 'POST',
      key: t.key,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ documents: [{ name, content: Buffer.from(content).toString('base64') }] }),
    });
    expect(res.status).toBe(200);
    const id = (await res.json()).documents[0].document_id as string;
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    return id;
  },
  listPath: (t, page, size) => `/v0/orgs/${t.projectId}/documents?skip=${(page - 1) * size}&limit=${size}`,
  listIds: (body) => (body as { documents: { id: string }[] }).documents.map((d) => d.id),
  getPath: (t, id) => `/v0/orgs/${t.projectId}/documents/${id}?include_content=false`,
  unknownPath: (t) => `/v0/orgs/${t.projectId}/not-an-endpoint`,
  invalidRequest: (t) => ({
    method: 'POST',
    path: `/v0/orgs/${t.projectId}/documents`,
    body: JSON.stringify({ documents: [{ name: 'a.pdf' }] }),
  }),
  expectUnauthorized(status, body) {
    expect(status).toBe(401);
    expect(body).toEqual({ detail: expect.any(String) });
  },
  expectNotFound(status, body) {
    expect(status).toBe(404);
    expect(body).toEqual({ detail: expect.stringMatching(/^(Not Found|Document not found)$/) });
  },
  expectValidation(status, body) {
    expect(status).toBe(422);
    expect(body).toEqual({
      detail: [
        { type: 'missing', loc: ['body', 'documents', 0, 'content'], msg: 'Field required', input: null },
      ],
    });
  },
  crossProjectStatuses: [404],
});
