import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnyElysia } from 'elysia';
import { type Config, loadConfig } from '../../src/config.ts';
import { createOcrEngine } from '../../src/core/ocr/index.ts';
import { ProcessingPool } from '../../src/core/processing/pool.ts';
import type { DialectDefinition } from '../../src/plugin-api.ts';
import { createServer } from '../../src/server.ts';
import { openServices, type ServiceOverrides, type Services } from '../../src/services.ts';
import { fakeExtraction } from './fake-extraction.ts';
import { FakeOcrEngine } from './fake-ocr.ts';
import { freshPostgresDatabase } from './postgres.ts';

/**
 * The database test servers run on: SQLite in their data directory, or a fresh database on the test
 * run's PostgreSQL cluster when `TEST_DATABASE=postgres` (the PostgreSQL pass of `npm test`).
 */
export const testDatabase: 'sqlite' | 'postgres' =
  process.env.TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

/** A fresh temporary data directory (removed by the returned cleanup). */
export function tempDir(prefix = 'docserve-test-'): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

export interface TestServer {
  url: string;
  services: Services;
  app: AnyElysia;
  dataDir: string;
  adminKey: string;
  orgId: string;
  projectId: string;
  ocr: FakeOcrEngine;
  /** fetch against the server with the admin key unless headers say otherwise. */
  fetch(path: string, init?: RequestInit & { key?: string | null }): Promise<Response>;
  /** Creates a project in the admin's organization with a project key. */
  newProject(name?: string): Promise<{ projectId: string; key: string }>;
  /** Runs queued jobs until none is left (real OCR on a loaded machine included: waits up to 10 min). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  config?: (c: Config) => void;
  overrides?: ServiceOverrides;
  plugins?: DialectDefinition<never>[];
  /** Start the job runner (default true). */
  jobs?: boolean;
  /** Use the deterministic stand-in for extraction and exports (dialect tests). */
  fakeExtraction?: boolean;
}

/**
 * Overrides for a server over the real OCR engine (not the fake one the API tests use), built as the
 * server builds it: PDF pages read in the processing workers, recognized by `workers` OCR workers.
 */
export function realOcr(workers: number): Pick<ServiceOverrides, 'ocr' | 'processing'> {
  const processing = new ProcessingPool({ size: 2 });
  return { processing, ocr: createOcrEngine(loadConfig({ ocrWorkers: workers }, {}), processing) };
}

/** A real server on an ephemeral port over a temporary data directory, with the fake OCR engine. */
export async function startTestServer(opts: TestServerOptions = {}): Promise<TestServer> {
  const dir = tempDir();
  const config = loadConfig({ data: dir.path, port: 0 }, {});
  config.jobs.pollMs = 20;
  config.jobs.backoffMs = 20;
  config.webhooks.backoffMs = 20;
  config.webhooks.allowPrivate = true;
  config.webhooks.maxAttempts = 4;
  if (testDatabase === 'postgres') config.database = await freshPostgresDatabase();
  opts.config?.(config);
  const ocr = (opts.overrides?.ocr as FakeOcrEngine | undefined) ?? new FakeOcrEngine();
  let services: Services;
  const fakes = opts.fakeExtraction ? fakeExtraction(() => services) : {};
  services = await openServices(config, { ...fakes, ...opts.overrides, ocr });
  if (opts.jobs !== false) await services.start();
  const boot = await services.tenancy.bootstrapIfEmpty();
  if (!boot) throw new Error('bootstrap expected on a fresh data dir');
  const app = createServer(services, opts.plugins).listen({
    port: 0,
    hostname: '127.0.0.1',
    maxRequestBodySize: 2 ** 31 - 1,
  });
  const url = `http://127.0.0.1:${app.server?.port}`;
  return {
    url,
    services,
    app,
    dataDir: dir.path,
    adminKey: boot.adminKey,
    orgId: boot.org.id,
    projectId: boot.project.id,
    ocr,
    fetch(path, init = {}) {
      const headers = new Headers(init.headers);
      const key = init.key === undefined ? boot.adminKey : init.key;
      if (key && !headers.has('authorization')) headers.set('authorization', `Bearer ${key}`);
      return fetch(url + path, { ...init, headers });
    },
    async newProject(name = 'Other project') {
      const p = await services.tenancy.createProject(boot.org.id, name);
      const { key } = await services.keys.create({
        orgId: boot.org.id,
        projectId: p.id,
        label: `${name} key`,
      });
      return { projectId: p.id, key };
    },
    drain: () => services.runner.drain(600_000),
    async close() {
      await app.stop(true);
      await services.close();
      dir.cleanup();
    },
  };
}

/** A multipart body with one file field (and optional extra fields). */
export function form(
  file: { name: string; content: string | Uint8Array; type?: string },
  fields: Record<string, string | string[]> = {},
  fieldName = 'file',
): FormData {
  const fd = new FormData();
  fd.append(
    fieldName,
    new Blob([file.content as BlobPart], { type: file.type ?? 'application/octet-stream' }),
    file.name,
  );
  for (const [k, v] of Object.entries(fields))
    for (const one of Array.isArray(v) ? v : [v]) fd.append(k, one);
  return fd;
}
