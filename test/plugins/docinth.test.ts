import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { docinth } from '../../plugins/docinth/index.ts';
import { blobCount, tinyPdf, tinyPng } from '../helpers/files.ts';
import { expectedHmac } from '../helpers/hmac.ts';
import { inOneWindow } from '../helpers/rate-window.ts';
import { form, startTestServer, type TestServer } from '../helpers/server.ts';
import { webhookReceiver } from '../helpers/webhook-receiver.ts';

let s: TestServer;
let workspace: string;
beforeAll(async () => {
  s = await startTestServer({ plugins: [docinth as never] });
  workspace = `ws_${s.projectId}`;
});
afterAll(() => s.close());

const json = (body: unknown) => ({
  method: 'POST',
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json' },
});

async function upload(
  content: string | Uint8Array,
  name: string,
  fields: Record<string, string | string[]> = {},
  key?: string,
) {
  return s.fetch('/v2/documents/upload', { method: 'POST', body: form({ name, content }, fields), key });
}

describe('auth', () => {
  test('POST /v2/auth/token exchanges a key for a workspace token', async () => {
    const res = await s.fetch('/v2/auth/token', {
      ...json({ api_key: s.adminKey, workspace_id: workspace }),
      key: null,
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({
      access_token: expect.stringMatching(/^eyJ/),
      expires_in: 3600,
      token_type: 'Bearer',
    });
    const list = await s.fetch('/v2/documents', { key: body.access_token });
    expect(list.status).toBe(200);
  });

  test('bare workspace ids work; a workspace outside the key is 401; bad bodies are 400', async () => {
    const ok = await s.fetch('/v2/auth/token', {
      ...json({ api_key: s.adminKey, workspace_id: s.projectId }),
      key: null,
    });
    expect(ok.status).toBe(200);
    const other = await s.newProject('Other workspace');
    const denied = await s.fetch('/v2/auth/token', {
      ...json({ api_key: other.key, workspace_id: workspace }),
      key: null,
    });
    expect(denied.status).toBe(401);
    const bad = await s.fetch('/v2/auth/token', { ...json({ api_key: s.adminKey }), key: null });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain('workspace_id');
    const wrongKey = await s.fetch('/v2/auth/token', {
      ...json({ api_key: 'nope', workspace_id: workspace }),
      key: null,
    });
    expect(wrongKey.status).toBe(401);
  });

  test('a token works for its workspace only, and not in other dialects', async () => {
    const other = await s.newProject('Token scope');
    const { access_token } = await (
      await s.fetch('/v2/auth/token', {
        ...json({ api_key: other.key, workspace_id: `ws_${other.projectId}` }),
        key: null,
      })
    ).json();
    const doc = (await (await upload(`scoped ${Math.random()}`, 'x.txt')).json()).id;
    expect((await s.fetch(`/v2/documents/${doc}`, { key: access_token })).status).toBe(404);
    expect((await s.fetch('/api/v1/documents', { key: access_token })).status).toBe(401);
  });
});

describe('documents', () => {
  test('tags as the seed types them (string[]): a JSON array string, kept whole; bad JSON arrays are 400', async () => {
    const cases: [Record<string, string | string[]>, string[]][] = [
      [{ tags: '["ลูกค้า","vip"]' }, ['ลูกค้า', 'vip']],
      [{ tags: ' ["บริษัท ก, จำกัด", "q2"] ' }, ['q2', 'บริษัท ก, จำกัด']],
      [{ tags: ['["a","b"]', 'c'] }, ['a', 'b', 'c']],
      [{ 'tags[]': ['x', 'y'] }, ['x', 'y']],
      [{ tags: 'one, two' }, ['one', 'two']],
      [{ tags: '[]' }, []],
      [{ tags: '["", " "]' }, []],
    ];
    for (const [fields, expected] of cases) {
      const res = await upload(`tags ${Math.random()}`, 'tags.txt', fields);
      expect(res.status).toBe(201);
      expect([fields, [...(await res.json()).tags].sort()]).toEqual([fields, [...expected].sort()]);
    }
    for (const bad of ['[1,2]', '["a",', '[["a"]]']) {
      const res = await upload(`bad tags ${Math.random()}`, 'tags.txt', { tags: bad });
      expect([bad, res.status]).toEqual([bad, 400]);
      expect((await res.json()).error.message).toMatch(/tags/);
    }
  });

  test('upload with folder and tags in every form, list with the seed shape, detail, delete to trash', async () => {
    const res = await upload('FAKE-OCR: ใบเสนอราคา Q1-2026\n', 'ใบเสนอราคา Q1-2026.txt', {
      folder_id: 'fld_abc123',
      'tags[]': ['ลูกค้า', 'q1'],
      tags: 'urgent,2026',
    });
    expect(res.status).toBe(201);
    const doc = await res.json();
    const id: string = doc.id;
    expect(id).toMatch(/^doc_[0-9a-f]{24}$/);
    expect(doc).toMatchObject({
      name: 'ใบเสนอราคา Q1-2026.txt',
      mime_type: 'text/plain',
      folder_id: 'fld_abc123',
      ocr_status: 'pending',
      workspace_id: workspace,
    });
    expect(doc.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect([...doc.tags].sort()).toEqual(['2026', 'q1', 'urgent', 'ลูกค้า'].sort());
    await s.drain();

    const list = await (await s.fetch('/v2/documents?folder_id=fld_abc123')).json();
    expect(list.meta).toEqual({ total: 1, page: 1, per_page: 20 });
    expect(Object.keys(list.data[0]).sort()).toEqual(
      ['created_at', 'folder_id', 'id', 'mime_type', 'name', 'ocr_status', 'size'].sort(),
    );
    expect(list.data[0].ocr_status).toBe('completed');
    expect((await (await s.fetch('/v2/documents?folder_id=abc123')).json()).meta.total).toBe(1);

    const bareId = id.slice(4);
    const detail = await (await s.fetch(`/v2/documents/${bareId}`)).json();
    expect(detail).toMatchObject({ id, pages: 1, ocr: { status: 'completed', language: 'th+en', pages: 1 } });

    const del = await s.fetch(`/v2/documents/${id}`, { method: 'DELETE' });
    expect(await del.json()).toEqual({ id, deleted: true, status: 'trashed' });
    expect((await s.fetch(`/v2/documents/${id}`)).status).toBe(404);
    const restored = await s.fetch(`/api/v1/documents/${bareId}/restore`, { method: 'POST' });
    expect(restored.status).toBe(200);
    expect((await s.fetch(`/v2/documents/${id}`)).status).toBe(200);
  });

  test('the same bytes uploaded again are a new document with its own folder and tags', async () => {
    const bytes = `same bytes ${Math.random()}`;
    const blobs = blobCount(s.dataDir);
    const first = await upload(bytes, 'first.txt', { folder_id: 'fld_a', tags: 'one' });
    const again = await upload(bytes, 'second.txt', { folder_id: 'fld_b', tags: 'two' });
    expect([first.status, again.status]).toEqual([201, 201]);
    const [a, b] = [await first.json(), await again.json()];
    expect(b.id).not.toBe(a.id);
    expect(b).toMatchObject({ name: 'second.txt', folder_id: 'fld_b', tags: ['two'] });
    expect(await (await s.fetch(`/v2/documents/${a.id}`)).json()).toMatchObject({
      name: 'first.txt',
      folder_id: 'fld_a',
      tags: ['one'],
    });
    expect(blobCount(s.dataDir)).toBe(blobs + 1);
    // Deleting one of them for good keeps the content the other still uses.
    const purge = await s.fetch(`/api/v1/documents/${a.id.slice(4)}?permanent=true`, { method: 'DELETE' });
    expect(purge.status).toBe(200);
    expect(await (await s.fetch(`/api/v1/documents/${b.id.slice(4)}/file`)).text()).toBe(bytes);
  });

  test('run_ocr=false keeps the document unprocessed', async () => {
    const doc = await (await upload(tinyPng(), 'scan.png', { run_ocr: 'false' })).json();
    expect(doc.ocr_status).toBe('not_requested');
  });

  test('per_page above 100 and malformed pages are 400', async () => {
    expect((await s.fetch('/v2/documents?per_page=101')).status).toBe(400);
    expect((await s.fetch('/v2/documents?page=0')).status).toBe(400);
  });

  test('bad uploads: no file, empty file, unsupported type, oversize', async () => {
    const fd = new FormData();
    fd.append('folder_id', 'x');
    const noFile = await s.fetch('/v2/documents/upload', { method: 'POST', body: fd });
    expect(noFile.status).toBe(400);
    expect((await noFile.json()).error.message).toContain('file');
    expect((await upload(new Uint8Array(0), 'empty.pdf')).status).toBe(400);
    expect((await upload(Uint8Array.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0]), 'setup.exe')).status).toBe(415);
    const notMultipart = await s.fetch('/v2/documents/upload', json({ file: 'x' }));
    expect(notMultipart.status).toBe(415);
  });
});

describe('ocr/extract', () => {
  test('returns text, pages, confidence, timing and blocks; text format is plain text', async () => {
    const doc = await (
      await upload(tinyPdf('FAKE-OCR: บริษัท ตัวอย่าง จำกัด\nFAKE-OCR: page two'), 'two-pages.pdf')
    ).json();
    const res = await s.fetch(
      '/v2/ocr/extract',
      json({ document_id: doc.id, language: 'th+en', output_format: 'json' }),
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ text: 'บริษัท ตัวอย่าง จำกัด\npage two', pages: 2, confidence: 0.9 });
    expect(body.processing_time_ms).toBeGreaterThanOrEqual(0);
    expect(body.blocks[0]).toEqual({
      page: 1,
      text: 'บริษัท ตัวอย่าง จำกัด',
      bbox: [10, 10, 500, 40],
      confidence: 0.9,
    });
    const text = await s.fetch('/v2/ocr/extract', json({ document_id: doc.id, output_format: 'text' }));
    expect(text.headers.get('content-type')).toContain('text/plain');
    expect(await text.text()).toBe('บริษัท ตัวอย่าง จำกัด\npage two');
  });

  test('runs OCR on a document uploaded without it, and re-runs with another language', async () => {
    const doc = await (await upload(tinyPdf('FAKE-OCR: later'), 'later.pdf', { run_ocr: 'false' })).json();
    const calls = s.ocr.calls;
    const res = await s.fetch('/v2/ocr/extract', json({ document_id: doc.id }));
    expect(res.status).toBe(200);
    expect((await res.json()).text).toBe('later');
    expect(s.ocr.calls).toBe(calls + 1);
    const again = await s.fetch('/v2/ocr/extract', json({ document_id: doc.id, language: 'th+en' }));
    expect((await again.json()).text).toBe('later');
    expect(s.ocr.calls).toBe(calls + 1);
    const english = await s.fetch('/v2/ocr/extract', json({ document_id: doc.id, language: 'en' }));
    expect(english.status).toBe(200);
    expect(s.ocr.calls).toBe(calls + 2);
    const detail = await (await s.fetch(`/v2/documents/${doc.id}`)).json();
    expect(detail.ocr.language).toBe('en');
  });

  test('answers 202 with the job state when OCR outlasts the wait', async () => {
    const release = s.ocr.hold();
    try {
      const doc = await (
        await upload(tinyPdf(`FAKE-OCR: slow ${Math.random()}`), 'slow.pdf', { run_ocr: 'false' })
      ).json();
      const res = await s.fetch('/v2/ocr/extract', json({ document_id: doc.id, wait_seconds: 0.05 }));
      expect(res.status).toBe(202);
      expect(res.headers.get('retry-after')).toBe('5');
      const body = await res.json();
      expect(['pending', 'processing']).toContain(body.ocr_status);
      expect(body.job.status).toMatch(/queued|running/);
    } finally {
      release();
      await s.drain();
    }
  });

  test('bad requests: unknown document, unknown language, unknown format', async () => {
    expect(
      (await s.fetch('/v2/ocr/extract', json({ document_id: 'doc_000000000000000000000000' }))).status,
    ).toBe(404);
    const doc = await (await upload(`x ${Math.random()}`, 'x.txt')).json();
    expect((await s.fetch('/v2/ocr/extract', json({ document_id: doc.id, language: 'jp' }))).status).toBe(
      400,
    );
    expect(
      (await s.fetch('/v2/ocr/extract', json({ document_id: doc.id, output_format: 'xml' }))).status,
    ).toBe(400);
  });

  test('a failed OCR is a clear 422', async () => {
    s.ocr.failWith = new Error('engine exploded');
    try {
      const doc = await (
        await upload(tinyPdf(`FAKE-OCR: fail ${Math.random()}`), 'fail.pdf', { run_ocr: 'false' })
      ).json();
      const res = await s.fetch('/v2/ocr/extract', json({ document_id: doc.id, wait_seconds: 30 }));
      expect(res.status).toBe(422);
      expect((await res.json()).error.message).toContain('engine exploded');
    } finally {
      s.ocr.failWith = undefined;
    }
  });
});

describe('webhooks', () => {
  test('create, list, deliver a signed payload, delete', async () => {
    const receiver = webhookReceiver();
    const got = receiver.received;
    try {
      const created = await s.fetch(
        '/v2/webhooks',
        json({
          url: receiver.url('/hook'),
          events: ['document.uploaded', 'ocr.completed'],
          secret: 'super-secret-1',
        }),
      );
      expect(created.status).toBe(201);
      const hook = await created.json();
      expect(hook.id).toMatch(/^wh_[0-9a-f]{24}$/);
      expect(hook).toMatchObject({ active: true, secret: 'super-secret-1' });
      const listed = await (await s.fetch('/v2/webhooks')).json();
      expect(listed.data.map((h: { id: string }) => h.id)).toContain(hook.id);
      expect(JSON.stringify(listed)).not.toContain('super-secret-1');

      const doc = await (await upload(tinyPdf(`FAKE-OCR: hooked ${Math.random()}`), 'hooked.pdf')).json();
      await s.drain();
      const events = got.map((g) => JSON.parse(g.body));
      expect(events.map((e) => e.event).sort()).toEqual(['document.uploaded', 'ocr.completed']);
      const ocr = events.find((e) => e.event === 'ocr.completed');
      expect(ocr).toEqual({
        event: 'ocr.completed',
        document_id: doc.id,
        workspace_id: workspace,
        timestamp: expect.stringMatching(/Z$/),
        data: { confidence: 0.9, pages: 1, name: 'hooked.pdf' },
      });
      for (const g of got)
        expect(g.headers.get('x-docinth-signature')).toBe(`sha256=${expectedHmac('super-secret-1', g.body)}`);

      const del = await s.fetch(`/v2/webhooks/${hook.id}`, { method: 'DELETE' });
      expect(await del.json()).toEqual({ id: hook.id, deleted: true });
      expect((await s.fetch(`/v2/webhooks/${hook.id}`, { method: 'DELETE' })).status).toBe(404);
    } finally {
      receiver.stop();
    }
  });

  test('unknown events and bad URLs are refused', async () => {
    const bad = await s.fetch(
      '/v2/webhooks',
      json({ url: 'https://example.com/h', events: ['document.exploded'] }),
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toContain('document.exploded');
    expect((await s.fetch('/v2/webhooks', json({ url: 'ftp://x', events: ['ocr.completed'] }))).status).toBe(
      400,
    );
  });
});

describe('rate limits', () => {
  test('headers on every response; 429 with Retry-After past the key limit', async () => {
    const [a, c] = await inOneWindow(60_000, async () => {
      const { key } = await s.services.keys.create({
        orgId: s.orgId,
        projectId: s.projectId,
        rateLimit: { docinth: 2 },
      });
      const first = await s.fetch('/v2/documents', { key });
      await s.fetch('/v2/documents', { key });
      return [first, await s.fetch('/v2/documents/doc_000000000000000000000000', { key })] as const;
    });
    expect(a.headers.get('x-ratelimit-limit')).toBe('2');
    expect(a.headers.get('x-ratelimit-remaining')).toBe('1');
    expect(Number(a.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect(c.status).toBe(429);
    expect(Number(c.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(c.headers.get('x-ratelimit-remaining')).toBe('0');
    expect((await c.json()).error.code).toBe('rate_limited');
  });

  test('the default is plan M: 500 per minute', async () => {
    const { key } = await s.services.keys.create({ orgId: s.orgId, projectId: s.projectId });
    expect((await s.fetch('/v2/documents', { key })).headers.get('x-ratelimit-limit')).toBe('500');
  });
});
