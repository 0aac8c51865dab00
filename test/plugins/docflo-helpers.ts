import { docflo } from '../../plugins/docflo/index.ts';
import type { IndexedDocument, SearchIndex } from '../../src/core/search/types.ts';
import { form, startTestServer, type TestServer } from '../helpers/server.ts';

/**
 * A test stand-in for the search index (the real one is another branch's work): case-insensitive
 * substring match over name and text, newest first, with a plain snippet.
 */
export function substringIndex(): SearchIndex {
  const docs = new Map<string, IndexedDocument>();
  return {
    async start(source) {
      for await (const batch of source()) for (const d of batch) docs.set(d.id, d);
    },
    upsert: (d) => void docs.set(d.id, d),
    remove: (id) => void docs.delete(id),
    async search(q) {
      const needle = q.q.toLowerCase();
      const hits = [...docs.values()]
        .filter((d) => d.projectId === q.projectId && `${d.name}\n${d.text}`.toLowerCase().includes(needle))
        .sort((a, b) => b.createdAt - a.createdAt)
        .map((d) => ({
          documentId: d.id,
          score: 1,
          snippet: d.text.slice(0, 80),
          terms: [needle],
          fields: [],
        }));
      const offset = q.offset ?? 0;
      return { total: hits.length, hits: hits.slice(offset, offset + (q.limit ?? 20)), partial: false };
    },
    snapshot: async () => {},
    close: async () => {},
    status: () => ({ documents: docs.size, ready: true }),
  };
}

/** A test server with the Docflo plugin, the extraction stand-in and the substring index. */
export function startDocflo(): Promise<TestServer> {
  return startTestServer({
    plugins: [docflo as never],
    fakeExtraction: true,
    overrides: { search: substringIndex() },
  });
}

export interface Tenant {
  projectId: string;
  key: string;
}

/** Requests with Docflo's `x-tenant-id` + `apiKey` headers (or a guest token). */
export function client(s: TestServer, tenant: Tenant | { projectId: string; token: string }) {
  const headers = (extra?: HeadersInit) => {
    const h = new Headers(extra);
    h.set('x-tenant-id', tenant.projectId);
    if ('key' in tenant) h.set('apiKey', tenant.key);
    else h.set('authorization', `Bearer ${tenant.token}`);
    return h;
  };
  const call = (path: string, init: RequestInit = {}) =>
    s.fetch(path, { ...init, key: null, headers: headers(init.headers) });
  const body = (method: string, value: unknown): RequestInit => ({
    method,
    body: JSON.stringify(value),
    headers: { 'content-type': 'application/json' },
  });
  return {
    get: (path: string) => call(path),
    post: (path: string, value: unknown) => call(path, body('POST', value)),
    patch: (path: string, value: unknown) => call(path, body('PATCH', value)),
    delete: (path: string) => call(path, { method: 'DELETE' }),
    upload: (
      file: { name: string; content: string | Uint8Array },
      fields: Record<string, string> = {},
      path = '/docs/v1/document',
    ) => call(path, { method: 'POST', body: form(file, fields) }),
    async json(path: string) {
      const res = await call(path);
      return { status: res.status, body: await res.json() };
    },
  };
}

/** Polls `GET byId` (running queued jobs in between) until the document leaves PROCESSING/ANALYZING. */
export async function waitAnalyzed(s: TestServer, c: ReturnType<typeof client>, id: string) {
  for (let i = 0; i < 50; i++) {
    const { body } = await c.json(`/docs/v1/document/byId/${id}`);
    if (body.status !== 'PROCESSING' && body.status !== 'ANALYZING') return body;
    await s.drain();
  }
  throw new Error(`document ${id} was not analyzed`);
}
