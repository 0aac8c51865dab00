import { ocriva } from '../../plugins/ocriva/index.ts';
import { form, startTestServer, type TestServer, type TestServerOptions } from '../helpers/server.ts';

/** A test server with the Ocriva dialect (and the deterministic extraction stand-in). */
export function ocrivaServer(opts: TestServerOptions = {}): Promise<TestServer> {
  return startTestServer({ fakeExtraction: true, plugins: [ocriva as never], ...opts });
}

/** Calls the Ocriva API the way its docs show: `X-API-Key`, JSON bodies, multipart uploads. */
export function ocrivaClient(s: TestServer, key: string) {
  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${s.url}/v1/openapi${path}`, {
      ...init,
      headers: { 'x-api-key': key, ...(init.headers as Record<string, string>) },
    });
  const send = (method: string, path: string, body: unknown) =>
    call(path, { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  return {
    key,
    get: (path: string) => call(path),
    send,
    post: (path: string, body: unknown) => send('POST', path, body),
    delete: (path: string) => call(path, { method: 'DELETE' }),
    upload: (
      name: string,
      content: string | Uint8Array,
      fields: Record<string, string | string[]> = {},
      type?: string,
    ) => call('/upload', { method: 'POST', body: form({ name, content, type }, fields) }),
    batch: (files: { name: string; content: string | Uint8Array }[], fields: Record<string, string> = {}) => {
      const fd = new FormData();
      for (const f of files) fd.append('files', new Blob([f.content as BlobPart]), f.name);
      for (const [k, v] of Object.entries(fields)) fd.append(k, v);
      return call('/batch/upload', { method: 'POST', body: fd });
    },
    call,
  };
}

export type OcrivaClient = ReturnType<typeof ocrivaClient>;

/** The invoice template of the seed's example record. */
export const invoiceSchema = {
  type: 'object',
  properties: {
    invoiceNumber: { type: 'string' },
    totalAmount: { type: 'number' },
    vendor: { type: 'string' },
  },
};

/** The ISO-8601 form of Ocriva timestamps: milliseconds and `Z`. */
export const ISO_MS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
