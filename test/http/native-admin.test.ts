import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { tinyPdf } from '../helpers/files.ts';
import { form, startTestServer, type TestServer } from '../helpers/server.ts';

/** The native routes behind the console's jobs, keys and webhooks screens. */

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer({ config: (c) => (c.jobs.maxAttempts = 2) });
});
afterAll(() => s.close());

const post = (path: string, body: unknown, key?: string) =>
  s.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    key,
  });

describe('jobs', () => {
  test('a job that failed every attempt is listed with its error and runs again on retry', async () => {
    s.ocr.failWith = new Error('the OCR engine exploded');
    const up = await s.fetch('/api/v1/documents', {
      method: 'POST',
      body: form({ name: 'scan.pdf', content: tinyPdf('FAKE-OCR: receipt') }),
    });
    expect(up.status).toBe(201);
    const doc = (await up.json()).data;
    await s.drain();
    const dead = await (await s.fetch('/api/v1/jobs?status=dead')).json();
    const job = dead.data.find((j: { document_id: string }) => j.document_id === doc.id);
    expect(job).toMatchObject({ kind: 'document.process', status: 'dead', attempts: 2 });
    expect(job.error).toContain('the OCR engine exploded');
    expect(dead.meta.total).toBe(dead.data.length);

    s.ocr.failWith = undefined;
    const retry = await s.fetch(`/api/v1/jobs/${job.id}/retry`, { method: 'POST' });
    expect(retry.status).toBe(200);
    expect((await retry.json()).data).toMatchObject({ id: job.id, status: 'queued', attempts: 0 });
    await s.drain();
    expect((await (await s.fetch(`/api/v1/jobs/${job.id}`)).json()).data.status).toBe('done');
    expect((await (await s.fetch(`/api/v1/documents/${doc.id}`)).json()).data.status).toBe('completed');

    const again = await s.fetch(`/api/v1/jobs/${job.id}/retry`, { method: 'POST' });
    expect(again.status).toBe(409);
    expect((await again.json()).error.code).toBe('conflict');
  });

  test('jobs are scoped to the project; bad filters are a 400', async () => {
    const other = s.newProject('Jobs elsewhere');
    const mine = (await (await s.fetch('/api/v1/jobs?per_page=100')).json()).data as { id: string }[];
    expect(mine.length).toBeGreaterThan(0);
    const theirs = await (await s.fetch('/api/v1/jobs', { key: other.key })).json();
    expect(theirs.data).toEqual([]);
    const foreign = await s.fetch(`/api/v1/jobs/${mine[0]?.id}/retry`, { method: 'POST', key: other.key });
    expect(foreign.status).toBe(404);
    const bad = await s.fetch('/api/v1/jobs?status=exploded');
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain('dead');
  });
});
