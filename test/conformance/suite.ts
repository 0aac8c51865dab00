import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import type { DialectDefinition } from '../../src/plugin-api.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

/** A project and a key for it, as the conformance suite hands them to a dialect target. */
export interface Tenant {
  projectId: string;
  key: string;
}

/** How the shared conformance suite talks to one dialect. */
export interface ConformanceTarget {
  /** Dialect name for test titles. */
  name: string;
  /** Plugins to mount (empty for the native API). */
  plugins: DialectDefinition<never>[];
  /** Request headers that authenticate as `tenant` (path-based tenancy goes in `path`). */
  headers(tenant: Tenant): Record<string, string>;
  /** Uploads one small text document through the dialect and returns its id as the dialect shows it. */
  upload(s: TestServer, tenant: Tenant, name: string, content: string): Promise<string>;
  /** Path (with query) of page `page` (1-based) of the document list with `size` items per page. */
  listPath(tenant: Tenant, page: number, size: number): string;
  /** Ids on a list page (as the dialect shows them). */
  listIds(body: unknown): string[];
  /** Path of one document. */
  getPath(tenant: Tenant, id: string): string;
  /** A path under the dialect's prefix that does not exist. */
  unknownPath(tenant: Tenant): string;
  /** A request that fails the dialect's validation (wrong type or missing required field). */
  invalidRequest(tenant: Tenant): { method: string; path: string; body?: string; contentType?: string };
  /** Status and body checks of the vendor's documented errors. */
  expectUnauthorized(status: number, body: unknown): void;
  expectNotFound(status: number, body: unknown): void;
  expectValidation(status: number, body: unknown): void;
  /** Status a cross-project read gets (404 for most vendors; 401/403 where they say so). */
  crossProjectStatuses: number[];
}

/**
 * The conformance suite every dialect passes: 401 body, 404 body, validation body, a full page walk
 * returns every item once, and a document of another project is never readable.
 */
export function runConformance(target: ConformanceTarget): void {
  describe(`${target.name} conformance`, () => {
    let s: TestServer;
    let a: Tenant;
    let b: Tenant;
    const ids: string[] = [];

    beforeAll(async () => {
      s = await startTestServer({ plugins: target.plugins });
      a = await s.newProject('Conformance A');
      b = await s.newProject('Conformance B');
      for (let i = 0; i < 7; i++)
        ids.push(await target.upload(s, a, `conf-${i}.txt`, `conformance document ${i} ${Math.random()}`));
      await target.upload(s, b, 'other.txt', `project b ${Math.random()}`);
    });
    afterAll(() => s.close());

    const call = (tenant: Tenant | null, path: string, init: RequestInit = {}) =>
      fetch(s.url + path, {
        ...init,
        headers: { ...(tenant ? target.headers(tenant) : {}), ...(init.headers as Record<string, string>) },
      });

    test('no credentials: the vendor 401 body', async () => {
      const res = await call(null, target.listPath(a, 1, 2));
      target.expectUnauthorized(res.status, await res.json());
    });

    test('a wrong key: the vendor 401 body', async () => {
      const bad = { ...a, key: `${a.key.slice(0, 8)}forged-key-value-that-does-not-exist` };
      const res = await call(bad, target.listPath(a, 1, 2));
      target.expectUnauthorized(res.status, await res.json());
    });

    test('unknown path: the vendor 404 body', async () => {
      const res = await call(a, target.unknownPath(a));
      target.expectNotFound(res.status, await res.json());
    });

    test('unknown document id: the vendor 404 body', async () => {
      const res = await call(a, target.getPath(a, '5f0000000000000000000000'));
      target.expectNotFound(res.status, await res.json());
    });

    test('validation failure: the vendor validation body', async () => {
      const r = target.invalidRequest(a);
      const res = await call(a, r.path, {
        method: r.method,
        body: r.body,
        headers: r.body ? { 'content-type': r.contentType ?? 'application/json' } : {},
      });
      target.expectValidation(res.status, await res.json());
    });

    test('a full page walk returns every document exactly once', async () => {
      const seen: string[] = [];
      for (let page = 1; page <= 10; page++) {
        const res = await call(a, target.listPath(a, page, 3));
        expect(res.status).toBe(200);
        const pageIds = target.listIds(await res.json());
        if (!pageIds.length) break;
        seen.push(...pageIds);
      }
      expect(seen.length).toBe(ids.length);
      expect(new Set(seen)).toEqual(new Set(ids));
    });

    test("another project's document is not readable", async () => {
      const res = await call(b, target.getPath(b, ids[0] as string));
      expect(target.crossProjectStatuses).toContain(res.status);
      const text = await res.text();
      expect(text).not.toContain('conformance document');
      const list = await call(b, target.listPath(b, 1, 50));
      expect(target.listIds(await list.json())).not.toContain(ids[0]);
    });
  });
}
