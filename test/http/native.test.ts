import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { blobCount as blobCountIn, bombPng, tinyPdf, tinyPng } from '../helpers/files.ts';
import { createExpiredKey } from '../helpers/keys.ts';
import { form, startTestServer, type TestServer } from '../helpers/server.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

const sha = (b: string | Uint8Array) => createHash('sha256').update(b).digest('hex');

async function upload(
  content: string | Uint8Array,
  name: string,
  fields: Record<string, string | string[]> = {},
  key?: string,
) {
  return s.fetch('/api/v1/documents', { method: 'POST', body: form({ name, content }, fields), key });
}

const blobCount = () => blobCountIn(s.dataDir);

function tmpCount(): number {
  return readdirSync(join(s.dataDir, 'tmp')).length;
}

describe('upload', () => {
  test('stores the original byte for byte, content-addressed, and queues OCR', async () => {
    const pdf = tinyPdf('FAKE-OCR: ใบเสนอราคา quotation');
    const res = await upload(pdf, 'ใบเสนอราคา Q1.pdf', {
      tags: ['ลูกค้า', 'q1'],
      folder_id: 'fld_a',
      metadata: '{"ref":"A-1"}',
    });
    expect(res.status).toBe(201);
    const { data, duplicate } = await res.json();
    expect(duplicate).toBe(false);
    expect(data).toMatchObject({
      name: 'ใบเสนอราคา Q1.pdf',
      mime_type: 'application/pdf',
      kind: 'pdf',
      size: pdf.length,
      sha256: sha(pdf),
      folder_id: 'fld_a',
      metadata: { ref: 'A-1' },
      status: 'queued',
    });
    expect(data.tags.sort()).toEqual(['q1', 'ลูกค้า'].sort());
    await s.drain();
    const after = await (await s.fetch(`/api/v1/documents/${data.id}`)).json();
    expect(after.data.status).toBe('completed');
    expect(after.data.ocr.pages).toBe(1);
    const text = await (await s.fetch(`/api/v1/documents/${data.id}/text`)).text();
    expect(text).toBe('ใบเสนอราคา quotation');
    const file = await s.fetch(`/api/v1/documents/${data.id}/file`);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toContain("filename*=UTF-8''%E0%B9%83%E0%B8%9A");
    expect(sha(new Uint8Array(await file.arrayBuffer()))).toBe(sha(pdf));
  });

  test('the same file twice in one project returns the existing document', async () => {
    const png = tinyPng();
    const first = await (await upload(png, 'scan.png')).json();
    const blobsBefore = blobCount();
    const again = await upload(png, 'scan-copy.png');
    expect(again.status).toBe(200);
    const body = await again.json();
    expect(body.duplicate).toBe(true);
    expect(body.data.id).toBe(first.data.id);
    expect(blobCount()).toBe(blobsBefore);
    expect(tmpCount()).toBe(0);
  });

  test('another project gets its own document for the same bytes', async () => {
    const other = await s.newProject('Dedupe B');
    const png = tinyPng();
    const res = await upload(png, 'scan.png', {}, other.key);
    expect(res.status).toBe(201);
    expect((await res.json()).data.project_id).toBe(other.projectId);
  });

  test('run_ocr=false stores without processing', async () => {
    const res = await upload('FAKE-OCR: nope\nplain text body', 'note.txt', { run_ocr: 'false' });
    expect(res.status).toBe(201);
    const { data } = await res.json();
    expect(data.status).toBe('stored');
    await s.drain();
    expect((await (await s.fetch(`/api/v1/documents/${data.id}`)).json()).data.status).toBe('stored');
  });
});

describe('bad uploads change nothing', () => {
  async function expectRejected(res: Response, status: number, code: string, message?: RegExp) {
    expect(res.status).toBe(status);
    const body = await res.json();
    expect(body.error.code).toBe(code);
    if (message) expect(body.error.message).toMatch(message);
  }

  test('each bad file gets a clear error and leaves no row, blob or temp file', async () => {
    const before = (await (await s.fetch('/api/v1/documents?per_page=100')).json()).meta.total;
    const blobsBefore = blobCount();
    await expectRejected(await upload(new Uint8Array(0), 'empty.pdf'), 400, 'invalid_file', /empty/);
    await expectRejected(
      await upload(new TextEncoder().encode('%PDF-1.4\n1 0 obj'), 'cut.pdf'),
      400,
      'invalid_file',
      /truncated/,
    );
    await expectRejected(
      await upload(tinyPdf('x', '/Encrypt 9 0 R '), 'locked.pdf'),
      400,
      'invalid_file',
      /encrypted/,
    );
    await expectRejected(await upload(bombPng(), 'huge.png'), 400, 'invalid_file', /pixel limit/);
    await expectRejected(
      await upload(tinyPng(), 'invoice.pdf'),
      415,
      'unsupported_media_type',
      /name says PDF/,
    );
    await expectRejected(
      await upload(Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0]), 'prog.bin'),
      415,
      'unsupported_media_type',
    );
    const after = (await (await s.fetch('/api/v1/documents?per_page=100')).json()).meta.total;
    expect(after).toBe(before);
    expect(blobCount()).toBe(blobsBefore);
    expect(tmpCount()).toBe(0);
  });

  test('not multipart, no file, malformed multipart', async () => {
    await expectRejected(
      await s.fetch('/api/v1/documents', {
        method: 'POST',
        body: '{"a":1}',
        headers: { 'content-type': 'application/json' },
      }),
      415,
      'unsupported_media_type',
    );
    const fd = new FormData();
    fd.append('name', 'x');
    await expectRejected(
      await s.fetch('/api/v1/documents', { method: 'POST', body: fd }),
      400,
      'bad_request',
      /No file/,
    );
    await expectRejected(
      await s.fetch('/api/v1/documents', {
        method: 'POST',
        body: '--XX\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\nunterminated',
        headers: { 'content-type': 'multipart/form-data; boundary=XX' },
      }),
      400,
      'bad_request',
      /Malformed multipart/,
    );
  });

  test('oversize upload is refused with 413 and nothing is kept', async () => {
    const small = await startTestServer({ config: (c) => (c.maxUploadBytes = 64 * 1024) });
    try {
      const res = await small.fetch('/api/v1/documents', {
        method: 'POST',
        body: form({ name: 'big.txt', content: 'x'.repeat(200 * 1024) }),
      });
      expect(res.status).toBe(413);
      expect((await res.json()).error.code).toBe('payload_too_large');
      expect(readdirSync(join(small.dataDir, 'tmp'))).toEqual([]);
      expect((await (await small.fetch('/api/v1/documents')).json()).meta.total).toBe(0);
    } finally {
      await small.close();
    }
  });

  test('metadata that is not a JSON object is refused', async () => {
    await expectRejected(await upload('abc', 'm.txt', { metadata: '[1,2]' }), 400, 'bad_request', /metadata/);
  });
});

describe('list, filters and pagination', () => {
  let p: { projectId: string; key: string };
  beforeAll(async () => {
    p = await s.newProject('Listing');
    for (let i = 0; i < 23; i++) {
      const res = await upload(
        `FAKE-OCR: doc ${i}\nnumber ${i}`,
        `doc-${String(i).padStart(2, '0')}.txt`,
        { tags: i % 2 ? 'odd' : 'even' },
        p.key,
      );
      expect(res.status).toBe(201);
    }
    await upload(tinyPng(), 'pic.png', { folder_id: 'fld_pics' }, p.key);
  });

  test('a full page walk returns every document exactly once', async () => {
    const seen: string[] = [];
    for (let page = 1; ; page++) {
      const body = await (await s.fetch(`/api/v1/documents?per_page=5&page=${page}`, { key: p.key })).json();
      expect(body.meta.total).toBe(24);
      if (!body.data.length) break;
      seen.push(...body.data.map((d: { id: string }) => d.id));
    }
    expect(seen.length).toBe(24);
    expect(new Set(seen).size).toBe(24);
  });

  test('filters by tag, type, folder, name and sort', async () => {
    const odd = await (await s.fetch('/api/v1/documents?tags=odd&per_page=100', { key: p.key })).json();
    expect(odd.meta.total).toBe(11);
    const none = await (await s.fetch('/api/v1/documents?tags=missing', { key: p.key })).json();
    expect(none.meta.total).toBe(0);
    const images = await (await s.fetch('/api/v1/documents?type=image', { key: p.key })).json();
    expect(images.data.map((d: { name: string }) => d.name)).toEqual(['pic.png']);
    const folder = await (await s.fetch('/api/v1/documents?folder_id=fld_pics', { key: p.key })).json();
    expect(folder.meta.total).toBe(1);
    const named = await (await s.fetch('/api/v1/documents?q=DOC-0', { key: p.key })).json();
    expect(named.meta.total).toBe(10);
    const sorted = await (await s.fetch('/api/v1/documents?sort=name&per_page=3', { key: p.key })).json();
    expect(sorted.data.map((d: { name: string }) => d.name)).toEqual([
      'doc-00.txt',
      'doc-01.txt',
      'doc-02.txt',
    ]);
    const today = new Date().toISOString().slice(0, 10);
    const dated = await (
      await s.fetch(`/api/v1/documents?created_from=${today}&created_to=${today}`, { key: p.key })
    ).json();
    expect(dated.meta.total).toBe(24);
  });

  test('bad query values get 400 naming the parameter', async () => {
    for (const [q, name] of [
      ['per_page=0', 'per_page'],
      ['per_page=101', 'per_page'],
      ['page=abc', 'page'],
      ['created_from=yesterday', 'created_from'],
      ['sort=password', 'sort'],
      ['trashed=maybe', 'trashed'],
    ]) {
      const res = await s.fetch(`/api/v1/documents?${q}`, { key: p.key });
      expect(res.status).toBe(400);
      expect((await res.json()).error.message).toContain(name === 'sort' ? 'Cannot sort' : name);
    }
  });

  test('SQL-looking filter values are just values', async () => {
    const res = await s.fetch(
      `/api/v1/documents?q=${encodeURIComponent("' OR 1=1 --")}&tags=${encodeURIComponent('x"); DROP TABLE documents;--')}`,
      {
        key: p.key,
      },
    );
    expect(res.status).toBe(200);
    expect((await res.json()).meta.total).toBe(0);
    expect((await (await s.fetch('/api/v1/documents', { key: p.key })).json()).meta.total).toBe(24);
  });
});

describe('update, trash and restore', () => {
  test('rename, retag, trash, list trash, restore', async () => {
    const { data } = await (await upload('FAKE-OCR: x\nlifecycle', 'life.txt')).json();
    const patched = await s.fetch(`/api/v1/documents/${data.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'renamed.txt', tags: ['a'] }),
    });
    expect(patched.status).toBe(200);
    expect((await patched.json()).data).toMatchObject({ name: 'renamed.txt', tags: ['a'] });

    const del = await s.fetch(`/api/v1/documents/${data.id}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect((await del.json()).data.deleted_at).not.toBeNull();
    expect((await s.fetch(`/api/v1/documents/${data.id}`)).status).toBe(404);
    const trash = await (await s.fetch('/api/v1/documents?trashed=true&per_page=100')).json();
    expect(trash.data.map((d: { id: string }) => d.id)).toContain(data.id);

    const restored = await s.fetch(`/api/v1/documents/${data.id}/restore`, { method: 'POST' });
    expect(restored.status).toBe(200);
    expect((await restored.json()).data.deleted_at).toBeNull();
    expect((await s.fetch(`/api/v1/documents/${data.id}`)).status).toBe(200);
  });

  test('a trashed file uploaded again is a new document; restoring the old one then conflicts', async () => {
    const content = 'FAKE-OCR: twice\nsame bytes';
    const first = (await (await upload(content, 'twice.txt')).json()).data;
    await s.fetch(`/api/v1/documents/${first.id}`, { method: 'DELETE' });
    const second = await upload(content, 'twice.txt');
    expect(second.status).toBe(201);
    const res = await s.fetch(`/api/v1/documents/${first.id}/restore`, { method: 'POST' });
    expect(res.status).toBe(409);
    expect((await res.json()).error.code).toBe('conflict');
  });

  test('permanent delete removes the row and the unreferenced blob', async () => {
    const content = `FAKE-OCR: purge\n${Math.random()}`;
    const doc = (await (await upload(content, 'purge.txt')).json()).data;
    const before = blobCount();
    const res = await s.fetch(`/api/v1/documents/${doc.id}?permanent=true`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(blobCount()).toBe(before - 1);
    expect((await s.fetch(`/api/v1/documents/${doc.id}`)).status).toBe(404);
  });

  test('a document deleted for good while it is being processed is gone, every time', async () => {
    // Deleted at once or a little later: before, during and after its processing job.
    for (let i = 0; i < 20; i++) {
      const doc = (
        await (await upload(`FAKE-OCR: purge while processing ${i} ${Math.random()}`, 'p.txt')).json()
      ).data;
      await Bun.sleep((i % 5) * 5);
      const res = await s.fetch(`/api/v1/documents/${doc.id}?permanent=true`, { method: 'DELETE' });
      expect(res.status).toBe(200);
      expect((await s.fetch(`/api/v1/documents/${doc.id}`)).status).toBe(404);
    }
  });

  test('malformed JSON and wrong field types are refused; unknown fields are ignored', async () => {
    const { data } = await (await upload('FAKE-OCR: y\nupdate errors', 'u.txt')).json();
    const patch = (body: string) =>
      s.fetch(`/api/v1/documents/${data.id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body,
      });
    let res = await patch('{"name": ');
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('bad_request');
    res = await patch('{"name": 5}');
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details[0].path).toBe('name');
    res = await patch('{"owner": "me"}');
    expect(res.status).toBe(200);
    expect((await res.json()).data).not.toHaveProperty('owner');
    expect((await (await s.fetch(`/api/v1/documents/${data.id}`)).json()).data.name).toBe('u.txt');
  });
});

describe('ids, tenancy and auth', () => {
  test('unknown and malformed ids are 404', async () => {
    for (const id of ['000000000000000000000000', 'nope', '../../etc/passwd']) {
      const res = await s.fetch(`/api/v1/documents/${encodeURIComponent(id)}`);
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe('not_found');
    }
  });

  test("another project's document is invisible and untouchable", async () => {
    const { data } = await (await upload(`FAKE-OCR: secret\n${Math.random()}`, 'secret.txt')).json();
    const other = await s.newProject('Intruder');
    for (const [method, path] of [
      ['GET', `/api/v1/documents/${data.id}`],
      ['GET', `/api/v1/documents/${data.id}/file`],
      ['GET', `/api/v1/documents/${data.id}/text`],
      ['DELETE', `/api/v1/documents/${data.id}`],
      ['POST', `/api/v1/documents/${data.id}/restore`],
      ['POST', `/api/v1/documents/${data.id}/ocr`],
    ]) {
      const res = await s.fetch(path as string, { method, key: other.key });
      expect(res.status).toBe(404);
    }
    expect((await s.fetch(`/api/v1/documents/${data.id}`)).status).toBe(200);
    const list = await (await s.fetch('/api/v1/documents?per_page=100', { key: other.key })).json();
    expect(list.data.map((d: { id: string }) => d.id)).not.toContain(data.id);
  });

  test('a project key cannot pick another project; an org key can', async () => {
    const other = await s.newProject('Picker');
    const res = await s.fetch('/api/v1/documents', {
      key: other.key,
      headers: { 'x-project-id': s.projectId },
    });
    expect(res.status).toBe(403);
    const asOrg = await s.fetch(`/api/v1/documents?project_id=${other.projectId}`);
    expect(asOrg.status).toBe(200);
    const foreignOrg = await s.services.tenancy.createOrg('Elsewhere');
    const foreignProject = await s.services.tenancy.createProject(foreignOrg.id, 'P');
    const denied = await s.fetch(`/api/v1/documents?project_id=${foreignProject.id}`);
    expect(denied.status).toBe(403);
  });

  test('missing, unknown, revoked and expired keys are 401', async () => {
    expect((await s.fetch('/api/v1/documents', { key: null })).status).toBe(401);
    expect((await s.fetch('/api/v1/documents', { key: 'org_not-a-real-key' })).status).toBe(401);
    const { key, row } = await s.services.keys.create({ orgId: s.orgId, projectId: s.projectId });
    expect((await s.fetch('/api/v1/documents', { key })).status).toBe(200);
    await s.services.keys.revoke(row.id);
    const revoked = await s.fetch('/api/v1/documents', { key });
    expect(revoked.status).toBe(401);
    expect((await revoked.json()).error.message).toMatch(/revoked/);
    const expired = await createExpiredKey(s.services, { orgId: s.orgId, projectId: s.projectId });
    const old = await s.fetch('/api/v1/documents', { key: expired.key });
    expect(old.status).toBe(401);
    expect((await old.json()).error.message).toMatch(/expired/);
  });

  test('unknown routes get the native 404 envelope', async () => {
    const res = await s.fetch('/api/v1/nothing/here');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'Not found' } });
    const outside = await fetch(`${s.url}/not-an-api`);
    expect(outside.status).toBe(404);
  });
});

describe('jobs and reprocessing', () => {
  test('re-OCR with another language queues a job that reports its status', async () => {
    const { data } = await (await upload('FAKE-OCR: reocr\nagain', 'again.txt')).json();
    await s.drain();
    const res = await s.fetch(`/api/v1/documents/${data.id}/ocr`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lang: 'eng', mode: 'force' }),
    });
    expect(res.status).toBe(202);
    const job = (await res.json()).data;
    expect(job.status).toBe('queued');
    await s.drain();
    const done = (await (await s.fetch(`/api/v1/jobs/${job.id}`)).json()).data;
    expect(done.status).toBe('done');
    const doc = (await (await s.fetch(`/api/v1/documents/${data.id}`)).json()).data;
    expect(doc.ocr).toMatchObject({ status: 'completed', lang: 'eng', mode: 'force' });
    const bad = await s.fetch(`/api/v1/documents/${data.id}/ocr`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: 'sometimes' }),
    });
    expect(bad.status).toBe(400);
  });

  test("another project's job is not found", async () => {
    const { data } = await (await upload(`FAKE-OCR: j\n${Math.random()}`, 'j.txt')).json();
    const [job] = (await (await s.fetch(`/api/v1/documents/${data.id}/jobs`)).json()).data;
    const other = await s.newProject('Jobs other');
    expect((await s.fetch(`/api/v1/jobs/${job.id}`, { key: other.key })).status).toBe(404);
  });
});

describe('health and docs', () => {
  test('/healthz reports database, queue and workers', async () => {
    const h = await (await fetch(`${s.url}/healthz`)).json();
    expect(h.status).toBe('ok');
    expect(h.db.ok).toBe(true);
    expect(h.workers.running).toBe(true);
    expect(h.workers.ocr.engine).toBe('fake');
    expect(h.queue['document.process'].done).toBeGreaterThan(0);
  });

  test('/docs serves the UI with local assets only and the OpenAPI JSON lists the native API', async () => {
    const html = await (await fetch(`${s.url}/docs`)).text();
    const srcs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(srcs.length).toBeGreaterThan(0);
    for (const src of srcs) expect(src?.startsWith('/docs/assets/')).toBe(true);
    for (const src of srcs) expect((await fetch(`${s.url}${src}`)).status).toBe(200);
    const spec = await (await fetch(`${s.url}/docs/json`)).json();
    expect(Object.keys(spec.paths)).toContain('/api/v1/documents');
  });
});
