import { afterAll, expect, test } from 'bun:test';
import { readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { runCli, startServerProcess } from '../helpers/cli.ts';
import { reliability } from '../helpers/reliability.ts';
import { tempDir } from '../helpers/server.ts';
import { until } from '../helpers/until.ts';

const ABORTS = 200;
const dir = tempDir('docserve-abort-');
afterAll(() => dir.cleanup());

interface Route {
  name: string;
  path: string;
  headers: Record<string, string>;
  /** multipart (field name of the file) or a base64 JSON body. */
  body: 'multipart' | 'multipart:files' | 'json';
}

/** Every upload route of every dialect, with the credentials that dialect reads. */
function uploadRoutes(key: string, projectId: string): Route[] {
  const bearer = { authorization: `Bearer ${key}` };
  return [
    { name: 'native', path: '/api/v1/documents', headers: bearer, body: 'multipart' },
    { name: 'DOC.IN.TH', path: '/v2/documents/upload', headers: bearer, body: 'multipart' },
    { name: 'Ocriva upload', path: '/v1/openapi/upload', headers: { 'x-api-key': key }, body: 'multipart' },
    {
      name: 'Ocriva batch',
      path: '/v1/openapi/batch/upload',
      headers: { 'x-api-key': key },
      body: 'multipart:files',
    },
    {
      name: 'Docflo upload',
      path: '/docs/v1/document',
      headers: { 'x-tenant-id': projectId, apikey: key },
      body: 'multipart',
    },
    {
      name: 'Docflo analyze',
      path: '/docs/v1/document/analyze',
      headers: { 'x-tenant-id': projectId, apikey: key },
      body: 'multipart',
    },
    {
      name: 'DocRouter multipart',
      path: `/v0/orgs/${projectId}/documents/multipart`,
      headers: bearer,
      body: 'multipart',
    },
    { name: 'DocRouter base64', path: `/v0/orgs/${projectId}/documents`, headers: bearer, body: 'json' },
    {
      name: 'DocRouter /fastapi multipart',
      path: `/fastapi/v0/orgs/${projectId}/documents/multipart`,
      headers: bearer,
      body: 'multipart',
    },
  ];
}

/**
 * Sends an upload whose Content-Length promises more than is sent, then disconnects: while the file
 * part streams (`mid-file`), inside a part's headers (`mid-headers`) or after the whole file but before
 * the closing boundary (`before-end`).
 */
function abortedUpload(url: string, route: Route, n: number): Promise<void> {
  const { hostname, port } = new URL(url);
  const mode = (['mid-file', 'mid-headers', 'before-end'] as const)[n % 3];
  const boundary = `----abort${n}x${Math.random().toString(16).slice(2)}`;
  const filler = 'บันทึก upload that never finishes\n'.repeat(2000 + (n % 7) * 500);
  let body: string;
  let type: string;
  if (route.body === 'json') {
    type = 'application/json';
    body = `{"documents":[{"name":"a${n}.txt","content":"${Buffer.from(filler).toString('base64')}`;
  } else {
    type = `multipart/form-data; boundary=${boundary}`;
    const field = route.body === 'multipart:files' ? 'files' : 'file';
    const part = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="a${n}.txt"\r\nContent-Type: text/plain\r\n\r\n`;
    if (mode === 'mid-headers') body = `--${boundary}\r\nContent-Disposition: form-da`;
    else if (mode === 'mid-file') body = part + filler;
    else body = `${part + filler}\r\n--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\ninv`;
  }
  const bytes = Buffer.from(body);
  const head = [
    `POST ${route.path} HTTP/1.1`,
    `Host: ${hostname}:${port}`,
    `Content-Type: ${type}`,
    `Content-Length: ${bytes.length + 1_000_000}`,
    ...Object.entries(route.headers).map(([k, v]) => `${k}: ${v}`),
    '',
    '',
  ].join('\r\n');
  return new Promise<void>((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.on('error', () => {});
    socket.on('close', () => resolve());
    socket.write(head);
    socket.write(bytes);
    setTimeout(() => socket.destroy(), 50 + Math.random() * 300);
  });
}

test(`${ABORTS} aborted uploads over every upload route leave nothing behind and the server keeps serving`, async () => {
  const server = await startServerProcess(dir.path);
  const created = await runCli([
    'keys',
    'create',
    '--project',
    server.projectId as string,
    '--json',
    '--data',
    dir.path,
  ]);
  const key = JSON.parse(created.stdout).key as string;
  const routes = uploadRoutes(key, server.projectId as string);
  let exitCode: number | undefined;
  try {
    for (let sent = 0; sent < ABORTS; ) {
      const wave = Array.from({ length: Math.min(10, ABORTS - sent) }, (_, i) => sent + i);
      await Promise.all(wave.map((n) => abortedUpload(server.url, routes[n % routes.length] as Route, n)));
      sent += wave.length;
      reliability.faultsInjected += wave.length;
      expect(server.proc.exitCode, server.log()).toBeNull();
    }
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect((await health.json()).status).toBe('ok');
    const tmp = join(dir.path, 'tmp');
    await until('the temp area to be empty', async () => (readdirSync(tmp).length === 0 ? true : undefined));
    const docs = await fetch(`${server.url}/api/v1/documents`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect((await docs.json()).meta.total).toBe(0);
    const check = await runCli(['check', '--grace', '0', '--json', '--data', dir.path]);
    expect(JSON.parse(check.stdout)).toMatchObject({ healthy: true, orphanBlobs: [], missingBlobs: [] });
    expect(server.proc.exitCode, server.log()).toBeNull();
  } finally {
    exitCode = await server.stop();
  }
  expect(exitCode).toBe(0);
}, 300_000);
