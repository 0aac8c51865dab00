import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { docinth } from '../../plugins/docinth/index.ts';
import { ocriva } from '../../plugins/ocriva/index.ts';
import { tinyPdf } from '../helpers/files.ts';
import { inOneWindow } from '../helpers/rate-window.ts';
import { form, type TestServer } from '../helpers/server.ts';
import { ISO_MS, invoiceSchema, type OcrivaClient, ocrivaClient, ocrivaServer } from './ocriva-helpers.ts';

let s: TestServer;
/** Organization token (the bootstrap admin key). */
let org: OcrivaClient;
/** Project token of a second project. */
let proj: OcrivaClient;
let projId: string;

beforeAll(async () => {
  s = await ocrivaServer({ plugins: [ocriva as never, docinth as never] });
  org = ocrivaClient(s, s.adminKey);
  const p = await s.newProject('Invoices');
  projId = p.projectId;
  proj = ocrivaClient(s, p.key);
});
afterAll(() => s.close());

const err = (statusCode: number, error: string, message: unknown = expect.any(String)) => ({
  statusCode,
  message,
  error,
});

describe('authentication and token scope', () => {
  test('X-API-Key and Authorization: Bearer both carry the raw key', async () => {
    const viaHeader = await proj.get('/projects');
    expect(viaHeader.status).toBe(200);
    const viaBearer = await fetch(`${s.url}/v1/openapi/projects`, {
      headers: { authorization: `Bearer ${proj.key}` },
    });
    expect(await viaBearer.json()).toEqual(await viaHeader.json());
  });

  test('legacy login: the JWT works as Bearer and as X-API-Key, only in this dialect', async () => {
    const res = await fetch(`${s.url}/v1/openapi/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: proj.key }),
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({
      accessToken: expect.stringMatching(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/),
      expiresIn: 3600,
      tokenInfo: {
        id: expect.stringMatching(/^[0-9a-f]{24}$/),
        name: 'Invoices key',
        tokenType: 'project',
        organizationId: s.orgId,
        projectId: projId,
        permissions: ['read', 'write'],
        scopes: [`project:${projId}`],
        expiresAt: null,
      },
    });
    const token: string = body.accessToken;
    const bearer = await fetch(`${s.url}/v1/openapi/projects`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect((await bearer.json()).map((p: { id: string }) => p.id)).toEqual([projId]);
    expect((await ocrivaClient(s, token).get('/processing-history')).status).toBe(200);
    const docinthRes = await fetch(`${s.url}/v2/documents`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(docinthRes.status).toBe(401);
  });

  test('login refuses a wrong key (401) and a missing one (400 with a message array)', async () => {
    const login = (body: unknown) =>
      fetch(`${s.url}/v1/openapi/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const wrong = await login({ token: 'ocr_not_a_real_key' });
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual(err(401, 'Unauthorized', 'Invalid API key'));
    const missing = await login({});
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual(err(400, 'Bad Request', ['token should not be empty']));
  });

  test('an organization token needs projectId: the exact 400 of the seed', async () => {
    const res = await org.get('/processing-history');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      statusCode: 400,
      message: 'projectId is required for organization tokens',
      error: 'Bad Request',
    });
    expect((await org.get(`/processing-history?projectId=${projId}`)).status).toBe(200);
  });

  test('a projectId outside the token scope is 401, for organization and project tokens', async () => {
    const otherOrg = await s.services.tenancy.createOrg('Other org');
    const foreign = await s.services.tenancy.createProject(otherOrg.id, 'Foreign');
    const orgRes = await org.get(`/processing-history?projectId=${foreign.id}`);
    expect(orgRes.status).toBe(401);
    expect(await orgRes.json()).toEqual(err(401, 'Unauthorized'));
    const projRes = await proj.get(`/processing-history/stats?projectId=${s.projectId}`);
    expect(projRes.status).toBe(401);
    expect((await proj.get(`/processing-history/stats?projectId=${projId}`)).status).toBe(200);
    expect((await org.get('/processing-history?projectId=not-an-id')).status).toBe(401);
  });

  test('revoked keys and missing credentials are 401 in the envelope', async () => {
    const { key, row } = await s.services.keys.create({ orgId: s.orgId, projectId: projId });
    await s.services.keys.revoke(row.id);
    const revoked = await ocrivaClient(s, key).get('/projects');
    expect(await revoked.json()).toEqual(err(401, 'Unauthorized', 'API key has been revoked'));
    const none = await fetch(`${s.url}/v1/openapi/projects`);
    expect(none.status).toBe(401);
  });
});

describe('projects', () => {
  test('an organization token lists every active project; a project token gets a one-item array', async () => {
    const dormant = await s.services.tenancy.createProject(s.orgId, 'Dormant');
    await s.services.tenancy.updateProject(dormant.id, { active: false });
    const all = await (await org.get('/projects')).json();
    const ids = all.map((p: { id: string }) => p.id);
    expect(ids).toContain(s.projectId);
    expect(ids).toContain(projId);
    expect(ids).not.toContain(dormant.id);
    const mine = await (await proj.get('/projects')).json();
    expect(mine).toEqual([
      {
        id: projId,
        name: 'Invoices',
        description: '',
        organizationId: s.orgId,
        isActive: true,
        createdAt: expect.stringMatching(ISO_MS),
        updatedAt: expect.stringMatching(ISO_MS),
      },
    ]);
  });
});

describe('errors and limits', () => {
  test('unknown paths and methods are 404 in the envelope', async () => {
    expect(await (await proj.get('/nothing-here')).json()).toEqual(err(404, 'Not Found'));
    const wrongMethod = await proj.call('/processing-history', { method: 'PATCH' });
    expect(wrongMethod.status).toBe(404);
  });

  test('a read-only key may read but not write: 403', async () => {
    const { key } = await s.services.keys.create({ orgId: s.orgId, projectId: projId, readOnly: true });
    const ro = ocrivaClient(s, key);
    expect((await ro.get('/templates')).status).toBe(200);
    const res = await ro.post('/templates', { name: 'x', description: '', templateSchema: {} });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual(err(403, 'Forbidden'));
  });

  test('60 requests per minute per key by default, then 429 with Retry-After and the seed body', async () => {
    const { statuses, res } = await inOneWindow(60_000, async () => {
      const { key } = await s.services.keys.create({ orgId: s.orgId, projectId: projId });
      const c = ocrivaClient(s, key);
      const statuses: number[] = [];
      for (let i = 0; i < 60; i++) statuses.push((await c.get('/projects')).status);
      return { statuses, res: await c.get('/projects') };
    });
    expect(statuses).toEqual(Array(60).fill(200));
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await res.json()).toEqual({
      statusCode: 429,
      message: 'Too many requests. Please slow down.',
      error: 'Too Many Requests',
    });
    expect((await proj.get('/projects')).status).toBe(200);
  });

  test('a per-key limit overrides the default', async () => {
    const statuses = await inOneWindow(60_000, async () => {
      const { key } = await s.services.keys.create({
        orgId: s.orgId,
        projectId: projId,
        rateLimit: { ocriva: 2 },
      });
      const c = ocrivaClient(s, key);
      return [
        (await c.get('/projects')).status,
        (await c.get('/projects')).status,
        (await c.get('/projects')).status,
      ];
    });
    expect(statuses).toEqual([200, 200, 429]);
  });

  test('an upload over the size limit is 413', async () => {
    const small = await ocrivaServer({
      config: (c) => {
        c.maxUploadBytes = 1024;
      },
    });
    try {
      const c = ocrivaClient(
        small,
        (await small.services.keys.create({ orgId: small.orgId, projectId: small.projectId })).key,
      );
      const res = await c.upload('big.txt', 'x'.repeat(5000));
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual(err(413, 'Payload Too Large'));
    } finally {
      await small.close();
    }
  });

  test('an unexpected failure is 500 with a generic message', async () => {
    const broken = await ocrivaServer({
      overrides: {
        exports: {
          render: async () => {
            throw new Error('disk on fire at /secret/path');
          },
        },
      },
    });
    try {
      const c = ocrivaClient(
        broken,
        (await broken.services.keys.create({ orgId: broken.orgId, projectId: broken.projectId })).key,
      );
      const { id } = await (await c.upload('a.txt', 'total: 5')).json();
      await broken.drain();
      const res = await c.get(`/processing-history/${id}/result?format=csv`);
      expect(res.status).toBe(500);
      const body = await res.text();
      expect(JSON.parse(body)).toEqual(err(500, 'Internal Server Error', 'Internal server error'));
      expect(body).not.toContain('secret');
    } finally {
      await broken.close();
    }
  });
});

describe('templates', () => {
  test('create (201), list as a bare array, read, update with PATCH and PUT, delete', async () => {
    const created = await proj.post('/templates', {
      name: 'Invoice Template',
      description: 'ใบแจ้งหนี้',
      templateSchema: invoiceSchema,
      projectId: projId,
      instructions: 'Amounts in THB',
    });
    expect(created.status).toBe(201);
    const t = await created.json();
    expect(t).toEqual({
      templateId: expect.stringMatching(/^[0-9a-f]{24}$/),
      name: 'Invoice Template',
      description: 'ใบแจ้งหนี้',
      templateSchema: invoiceSchema,
      projectId: projId,
      isActive: true,
      resultFormat: 'json',
      extractionMode: 'structured',
      instructions: 'Amounts in THB',
      createdAt: expect.stringMatching(ISO_MS),
      updatedAt: expect.stringMatching(ISO_MS),
    });
    const id: string = t.templateId;
    const list = await (await proj.get('/templates')).json();
    expect(Array.isArray(list)).toBe(true);
    expect(list.find((x: { templateId: string }) => x.templateId === id)).toEqual(t);
    expect(await (await proj.get(`/templates/${id}`)).json()).toEqual(t);

    const patched = await (await proj.send('PATCH', `/templates/${id}`, { resultFormat: 'text' })).json();
    expect(patched).toMatchObject({
      name: 'Invoice Template',
      resultFormat: 'text',
      extractionMode: 'free-text',
    });
    const put = await (
      await proj.send('PUT', `/templates/${id}`, { name: 'Invoice v2', resultFormat: 'csv', isActive: false })
    ).json();
    expect(put).toMatchObject({
      name: 'Invoice v2',
      resultFormat: 'csv',
      extractionMode: 'structured',
      isActive: false,
    });

    const del = await proj.delete(`/templates/${id}`);
    expect(await del.json()).toEqual({ templateId: id, deleted: true });
    expect((await proj.get(`/templates/${id}`)).status).toBe(404);
    expect((await proj.delete(`/templates/${id}`)).status).toBe(404);
  });

  test('validation lists every problem; duplicates are 409; other projects cannot see a template', async () => {
    const bad = await proj.post('/templates', {
      name: '',
      templateSchema: { type: 'array', properties: { a: { type: 'date' } } },
      resultFormat: 'yaml',
      isActive: 'yes',
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toEqual([
      'name should not be empty',
      'description should not be empty',
      'templateSchema.type must be object',
      'templateSchema.properties.a.type must be one of the following values: string, number, integer, boolean, array, object, null',
      'resultFormat must be one of the following values: json, csv, image, text, pdf, docx, xml, html',
      'isActive must be a boolean value',
    ]);
    const body = { name: 'Receipt', description: '', templateSchema: { type: 'object' } };
    const first = await proj.post('/templates', body);
    expect(first.status).toBe(201);
    const dup = await proj.post('/templates', { ...body, name: 'receipt' });
    expect(dup.status).toBe(409);
    expect(await dup.json()).toEqual(err(409, 'Conflict'));
    const { templateId } = await first.json();
    expect((await org.get(`/templates/${templateId}?projectId=${s.projectId}`)).status).toBe(404);
    expect((await org.get(`/templates/${templateId}?projectId=${projId}`)).status).toBe(200);
  });

  test('an organization token names the project in the body', async () => {
    const body = { name: 'Org template', description: 'x', templateSchema: { type: 'object' } };
    const missing = await org.post('/templates', body);
    expect(await missing.json()).toEqual(
      err(400, 'Bad Request', 'projectId is required for organization tokens'),
    );
    const ok = await org.post('/templates', { ...body, projectId: s.projectId });
    expect(ok.status).toBe(201);
    expect((await ok.json()).projectId).toBe(s.projectId);
  });
});

describe('upload', () => {
  let templateId: string;
  beforeAll(async () => {
    const t = await proj.post('/templates', {
      name: 'Upload Invoice',
      description: '',
      templateSchema: invoiceSchema,
      projectId: projId,
    });
    templateId = (await t.json()).templateId;
  });

  test('multipart fields of the spec: 201 with the upload and a processing-history record', async () => {
    const pdf = tinyPdf('FAKE-OCR: invoiceNumber: INV-77');
    const res = await proj.upload('scan-0001.pdf', pdf, {
      fileName: 'ใบแจ้งหนี้ 77.pdf',
      fileType: 'pdf',
      fileSize: String(pdf.length),
      mimeType: 'application/pdf',
      projectId: projId,
      templateId,
      uploadType: 'api',
      metadata: JSON.stringify({ customer: 'ACME' }),
    });
    expect(res.status).toBe(201);
    const up = await res.json();
    expect(up).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      fileName: 'ใบแจ้งหนี้ 77.pdf',
      fileUrl: `${s.url}/v1/openapi/processing-history/${up.id}/file?projectId=${projId}`,
      publicUrl: up.fileUrl,
      fileSize: pdf.length,
      mimeType: 'application/pdf',
      fileType: 'pdf',
      projectId: projId,
      templateId,
      batchId: null,
      uploadType: 'api',
      status: 'uploaded',
      processingHistoryId: up.id,
      metadata: { customer: 'ACME' },
      createdAt: expect.stringMatching(ISO_MS),
    });
    const record = await (await proj.get(`/processing-history/${up.id}`)).json();
    expect(record).toMatchObject({ id: up.id, uploadId: up.id, templateId, templateName: 'Upload Invoice' });
    const file = await proj.call(`/processing-history/${up.id}/file?projectId=${projId}`);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await file.arrayBuffer()).equals(Buffer.from(pdf))).toBe(true);
  });

  test('the same document is visible through DOC.IN.TH with the same id', async () => {
    const { id } = await (await proj.upload('shared.txt', `shared ${Math.random()}`)).json();
    const res = await fetch(`${s.url}/v2/documents/doc_${id}`, {
      headers: { authorization: `Bearer ${proj.key}` },
    });
    expect(res.status).toBe(200);
    expect((await res.json()).name).toBe('shared.txt');
  });

  test('bad form fields are one 400 listing each; missing file, unknown template and foreign project', async () => {
    const bad = await proj.upload('x.txt', `x ${Math.random()}`, {
      fileType: 'spreadsheet',
      fileSize: 'big',
      metadata: '[1,2]',
      priority: 'urgent',
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toEqual([
      'fileType must be one of the following values: pdf, image, document',
      'fileSize must be a number string',
      'priority must be one of the following values: low, medium, high',
      'metadata must be a JSON object string',
    ]);
    const fd = new FormData();
    fd.append('projectId', projId);
    const noFile = await proj.call('/upload', { method: 'POST', body: fd });
    expect(noFile.status).toBe(400);
    expect((await noFile.json()).message).toContain('file');
    const unknownTemplate = await proj.upload('y.txt', `y ${Math.random()}`, {
      templateId: '5f0000000000000000000000',
    });
    expect(await unknownTemplate.json()).toEqual(err(404, 'Not Found', 'Template not found'));
    const foreign = await proj.upload('z.txt', `z ${Math.random()}`, { projectId: s.projectId });
    expect(foreign.status).toBe(401);
    const orgNoProject = await org.upload('w.txt', `w ${Math.random()}`);
    expect(await orgNoProject.json()).toEqual(
      err(400, 'Bad Request', 'projectId is required for organization tokens'),
    );
    const unsupported = await proj.upload('setup.exe', Uint8Array.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]));
    expect(unsupported.status).toBe(400);
    const stats = await (await proj.get('/processing-history/stats')).json();
    const list = await (await proj.get('/processing-history?limit=100')).json();
    expect(list.data.map((r: { fileName: string }) => r.fileName)).not.toContain('y.txt');
    expect(stats.total).toBe(list.pagination.total);
  });

  test('an inactive template is refused', async () => {
    const t = await (
      await proj.post('/templates', { name: 'Off', description: '', templateSchema: {}, isActive: false })
    ).json();
    const res = await proj.upload('off.txt', `off ${Math.random()}`, { templateId: t.templateId });
    expect(await res.json()).toEqual(err(400, 'Bad Request', 'Template is not active'));
  });

  test('the same file again is a new upload record (201), with the same or another template', async () => {
    const content = `duplicate ${Math.random()}`;
    const first = await (await proj.upload('dup.txt', content, { templateId })).json();
    const again = await proj.upload('dup-again.txt', content, { templateId });
    expect(again.status).toBe(201);
    const second = await again.json();
    expect(second.id).not.toBe(first.id);
    expect(second.fileName).toBe('dup-again.txt');
    const other = await (
      await proj.post('/templates', { name: 'Other', description: '', templateSchema: { type: 'object' } })
    ).json();
    const third = await proj.upload('dup.txt', content, { templateId: other.templateId });
    expect(third.status).toBe(201);
    const thirdId = (await third.json()).id;
    expect(new Set([first.id, second.id, thirdId]).size).toBe(3);
    expect((await (await proj.get(`/processing-history/${first.id}`)).json()).templateId).toBe(templateId);
    expect((await (await proj.get(`/processing-history/${thirdId}`)).json()).templateId).toBe(
      other.templateId,
    );
  });
});

describe('batch upload', () => {
  test('201 batch object; progress and status follow processing; list and read', async () => {
    const t = await (
      await proj.post('/templates', { name: 'Batch Invoice', description: '', templateSchema: invoiceSchema })
    ).json();
    const release = s.ocr.hold();
    const res = await proj.batch(
      [1, 2, 3].map((n) => ({
        name: `b${n}.pdf`,
        content: tinyPdf(`FAKE-OCR: invoiceNumber: B-${n} ${Math.random()}`),
      })),
      { projectId: projId, templateId: t.templateId, metadata: '{"source":"scanner"}' },
    );
    const batch = await res.json();
    release();
    expect(res.status).toBe(201);
    expect(batch).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      name: `Batch ${new Date().toISOString().slice(0, 10)}`,
      projectId: projId,
      organizationId: s.orgId,
      userId: expect.stringMatching(/^[0-9a-f]{24}$/),
      templateId: t.templateId,
      templateName: 'Batch Invoice',
      totalFiles: 3,
      completedFiles: 0,
      failedFiles: 0,
      status: 'processing',
      progress: 0,
      uploadIds: [expect.any(String), expect.any(String), expect.any(String)],
      metadata: { source: 'scanner' },
      createdAt: expect.stringMatching(ISO_MS),
      updatedAt: expect.stringMatching(ISO_MS),
      completedAt: null,
    });
    await s.drain();
    const done = await (await proj.get(`/batch/${batch.id}`)).json();
    expect(done).toMatchObject({ status: 'completed', completedFiles: 3, failedFiles: 0, progress: 100 });
    expect(done.completedAt).toMatch(ISO_MS);

    const byBatch = await (await proj.get(`/processing-history?batchId=${batch.id}`)).json();
    expect(byBatch.data.map((r: { id: string }) => r.id).sort()).toEqual([...batch.uploadIds].sort());
    expect(byBatch.data.every((r: { batchId: string }) => r.batchId === batch.id)).toBe(true);

    const named = await (
      await proj.batch([{ name: 'n.txt', content: `named ${Math.random()}` }], { name: 'Scanner run 7' })
    ).json();
    const list = await (await proj.get('/batch?limit=1')).json();
    expect(list.pagination).toEqual({ page: 1, limit: 1, total: 2, pages: 2 });
    expect(list.data[0].id).toBe(named.id);
    const processing = await (await proj.get('/batch?status=completed')).json();
    expect(processing.data.map((b: { id: string }) => b.id)).toContain(batch.id);
    expect((await proj.get('/batch?status=done')).status).toBe(400);
    expect((await proj.get('/batch/5f0000000000000000000000')).status).toBe(404);
  });

  test('POST /upload with batchId adds to a batch: a finished batch runs again', async () => {
    const batch = await (await proj.batch([{ name: 'first.txt', content: `first ${Math.random()}` }])).json();
    await s.drain();
    expect((await (await proj.get(`/batch/${batch.id}`)).json()).status).toBe('completed');
    const release = s.ocr.hold();
    try {
      const added = await (
        await proj.upload('second.pdf', tinyPdf(`FAKE-OCR: second ${Math.random()}`), { batchId: batch.id })
      ).json();
      expect(added.batchId).toBe(batch.id);
      const running = await (await proj.get(`/batch/${batch.id}`)).json();
      expect(running).toMatchObject({ status: 'processing', totalFiles: 2, completedAt: null });
      expect(running.uploadIds).toEqual([batch.uploadIds[0], added.id]);
    } finally {
      release();
    }
    await s.drain();
    expect(await (await proj.get(`/batch/${batch.id}`)).json()).toMatchObject({
      status: 'completed',
      completedFiles: 2,
    });
    const unknown = await proj.upload('third.txt', `third ${Math.random()}`, {
      batchId: '5f0000000000000000000000',
    });
    expect(await unknown.json()).toEqual(err(404, 'Not Found', 'Batch not found'));
  });

  test('a batch where OCR fails for some files is partial', async () => {
    s.ocr.failWith = new Error('scanner glare');
    try {
      const res = await proj.batch([
        { name: 'ok.txt', content: `plain text ${Math.random()}` },
        { name: 'glare.pdf', content: tinyPdf(`FAKE-OCR: unreadable ${Math.random()}`) },
      ]);
      const batch = await res.json();
      await s.drain();
      const done = await (await proj.get(`/batch/${batch.id}`)).json();
      expect(done).toMatchObject({ status: 'partial', completedFiles: 1, failedFiles: 1, progress: 100 });
    } finally {
      s.ocr.failWith = undefined;
    }
  });

  test('more than 50 files is 400; a bad file keeps nothing of the batch', async () => {
    const before = (await (await proj.get('/processing-history/stats')).json()).total;
    const many = Array.from({ length: 51 }, (_, i) => ({
      name: `f${i}.txt`,
      content: `file ${i} ${Math.random()}`,
    }));
    const tooMany = await proj.batch(many);
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toEqual(err(400, 'Bad Request', 'A batch takes at most 50 files'));
    const bad = await proj.batch([
      { name: 'good.txt', content: `good ${Math.random()}` },
      { name: 'setup.exe', content: Uint8Array.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]) },
    ]);
    expect(bad.status).toBe(400);
    const after = (await (await proj.get('/processing-history/stats')).json()).total;
    expect(after).toBe(before);
    const noFiles = await proj.call('/batch/upload', {
      method: 'POST',
      body: form({ name: 'a.txt', content: 'a' }),
    });
    expect(noFiles.status).toBe(400);
  });
});
