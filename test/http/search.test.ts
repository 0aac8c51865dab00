import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { SNAPSHOT_FILE } from '../../src/core/search/search-index.ts';
import { createServer } from '../../src/server.ts';
import { createServices } from '../../src/services.ts';
import { FakeOcrEngine } from '../helpers/fake-ocr.ts';
import { tinyPdf } from '../helpers/files.ts';
import { tinyDocx, tinyXlsx } from '../helpers/office.ts';
import { form, startTestServer, type TestServer, tempDir } from '../helpers/server.ts';
import { until } from '../helpers/until.ts';

let s: TestServer;
const ids: Record<string, string> = {};

async function upload(
  name: string,
  content: string | Uint8Array,
  fields: Record<string, string | string[]> = {},
) {
  const res = await s.fetch('/api/v1/documents', { method: 'POST', body: form({ name, content }, fields) });
  expect(res.status).toBe(201);
  return (await res.json()).data.id as string;
}

async function search(query: string, key?: string) {
  const res = await s.fetch(`/api/v1/search?${query}`, { key });
  expect(res.status).toBe(200);
  return res.json();
}

const names = async (query: string, key?: string) =>
  (await search(query, key)).data.map((d: { document: { name: string } }) => d.document.name);

beforeAll(async () => {
  s = await startTestServer();
  ids.lease = await upload(
    'สัญญาเช่า.pdf',
    tinyPdf('FAKE-OCR: สัญ ญา เช่า ที่ ดิน ใน ประเทศไทย ลงวันที่ ๑ มกราคม ๒๕๖๗'),
    {
      tags: ['ที่ดิน', 'สัญญา'],
      folder_id: 'fld_contracts',
    },
  );
  ids.docx = await upload('memo.docx', tinyDocx(['บันทึกข้อความเรื่องการจัดซื้อ', 'Purchase memo']), {
    tags: ['สัญญา'],
  });
  ids.xlsx = await upload(
    'budget.xlsx',
    await tinyXlsx({
      งบประมาณ: [
        ['รายการ', 'จำนวน'],
        ['ค่าเช่าสำนักงาน', 120000],
      ],
    }),
  );
  ids.text = await upload('notes.md', '# Meeting notes\n\nInvoice INV-2567 ส่งให้ลูกค้าแล้ว');
  ids.spaced = await upload('seller.txt', 'ผู้ขาย บริษัท สยามเทค จำกัด\nผู้ซื้อ บริษัทฟ้าใสคลีนนิ่งจำกัด\n');
  await s.drain();
});
afterAll(() => s.close());

describe('GET /api/v1/search', () => {
  test('finds OCR text, DOCX, XLSX and Markdown content with highlighted snippets', async () => {
    const body = await search(`q=${encodeURIComponent('ประเทศไทย')}`);
    expect(body.meta).toEqual({ total: 1, page: 1, per_page: 20, pages: 1, partial: false });
    const [hit] = body.data;
    expect(hit.document).toMatchObject({
      id: ids.lease,
      name: 'สัญญาเช่า.pdf',
      kind: 'pdf',
      status: 'completed',
    });
    expect(hit.score).toBeGreaterThan(0);
    expect(hit.snippet).toContain('<mark>ประเทศไทย</mark>');
    expect(hit.matched).toEqual({ fields: ['content'], terms: ['ประเทศไทย'] });
    expect(await names(`q=${encodeURIComponent('จัดซื้อ')}`)).toEqual(['memo.docx']);
    expect(await names(`q=${encodeURIComponent('ค่าเช่า')}`)).toEqual(['budget.xlsx']);
    expect(await names('q=120000')).toEqual(['budget.xlsx']);
    expect(await names('q=invoice')).toEqual(['notes.md']);
  });

  test('Thai digits, OCR spaces and mixed queries go through the same normalization', async () => {
    expect(await names('q=2567')).toEqual(expect.arrayContaining(['สัญญาเช่า.pdf', 'notes.md']));
    expect(await names(`q=${encodeURIComponent('สัญญาเช่าที่ดิน')}`)).toEqual(['สัญญาเช่า.pdf']);
    expect(await names(`q=${encodeURIComponent('inv-2567 ลูกค้า')}`)).toEqual(['notes.md']);
  });

  test('stored text keeps Thai spaces; a query with or without the space finds both spellings', async () => {
    const text = await (await s.fetch(`/api/v1/documents/${ids.spaced}/text`)).text();
    expect(text).toContain('ผู้ขาย บริษัท สยามเทค จำกัด\nผู้ซื้อ บริษัทฟ้าใสคลีนนิ่งจำกัด');
    for (const q of ['บริษัท สยามเทค', 'บริษัทสยามเทค', '"บริษัท สยามเทค"', '"บริษัทสยามเทคจำกัด"'])
      expect(await names(`q=${encodeURIComponent(q)}`)).toEqual(['seller.txt']);
    for (const q of ['"บริษัท ฟ้าใส"', 'ฟ้าใสคลีนนิ่ง', 'ฟ้าใส คลีนนิ่ง'])
      expect(await names(`q=${encodeURIComponent(q)}`)).toEqual(['seller.txt']);
  });

  test('filters: type, tags, folder_id, from/to', async () => {
    const q = `q=${encodeURIComponent('สัญญา')}`;
    expect(await names(q)).toEqual(['สัญญาเช่า.pdf']);
    expect(await names(`q=${encodeURIComponent('บันทึก')}&type=docx`)).toEqual(['memo.docx']);
    expect(await names(`q=${encodeURIComponent('บันทึก')}&type=pdf`)).toEqual([]);
    expect(await names(`q=${encodeURIComponent('ค่าเช่า')}&type=pdf,xlsx`)).toEqual(['budget.xlsx']);
    expect(await names(`q=${encodeURIComponent('บันทึก')}&tags=${encodeURIComponent('สัญญา')}`)).toEqual([
      'memo.docx',
    ]);
    expect(await names(`q=${encodeURIComponent('บันทึก')}&tags=${encodeURIComponent('ที่ดิน')}`)).toEqual([]);
    expect(await names(`${q}&folder_id=fld_contracts`)).toEqual(['สัญญาเช่า.pdf']);
    expect(await names(`${q}&folder_id=other`)).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect(await names(`${q}&from=${today}&to=${today}`)).toEqual(['สัญญาเช่า.pdf']);
    expect(await names(`${q}&to=2000-01-01`)).toEqual([]);
  });

  test('the name is searchable and a rename is reflected', async () => {
    expect(await names('q=budget')).toEqual(['budget.xlsx']);
    const res = await s.fetch(`/api/v1/documents/${ids.xlsx}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'งบประมาณปี 2568.xlsx' }),
    });
    expect(res.status).toBe(200);
    await s.drain();
    expect(await names('q=budget')).toEqual([]);
    const body = await search(`q=${encodeURIComponent('งบประมาณปี')}`);
    expect(body.data[0].document.name).toBe('งบประมาณปี 2568.xlsx');
    expect(body.data[0].matched.fields).toContain('name');
  });

  test('trash removes hits, restore brings them back, purge removes them for good', async () => {
    const q = `q=${encodeURIComponent('จัดซื้อ')}`;
    expect((await s.fetch(`/api/v1/documents/${ids.docx}`, { method: 'DELETE' })).status).toBe(200);
    await s.drain();
    expect((await search(q)).meta.total).toBe(0);
    expect((await s.fetch(`/api/v1/documents/${ids.docx}/restore`, { method: 'POST' })).status).toBe(200);
    await s.drain();
    expect(await names(q)).toEqual(['memo.docx']);
    expect((await s.fetch(`/api/v1/documents/${ids.docx}?permanent=true`, { method: 'DELETE' })).status).toBe(
      200,
    );
    await s.drain();
    expect((await search(q)).meta.total).toBe(0);
  });

  test("another project's documents never appear", async () => {
    const other = await s.newProject('Other');
    const res = await s.fetch('/api/v1/documents', {
      method: 'POST',
      body: form({ name: 'theirs.txt', content: 'สัญญาเช่าของโครงการอื่น ประเทศไทย' }),
      key: other.key,
    });
    expect(res.status).toBe(201);
    await s.drain();
    expect(await names(`q=${encodeURIComponent('ประเทศไทย')}`)).toEqual(['สัญญาเช่า.pdf']);
    expect(await names(`q=${encodeURIComponent('ประเทศไทย')}`, other.key)).toEqual(['theirs.txt']);
    expect(await names(`q=${encodeURIComponent('โครงการอื่น')}`)).toEqual([]);
  });

  test('pagination reports the total and walks every hit once', async () => {
    for (let i = 0; i < 5; i++) await upload(`page-${i}.txt`, `หนังสือเวียนฉบับที่ ${i}`);
    await s.drain();
    const seen: string[] = [];
    for (const page of [1, 2, 3]) {
      const body = await search(`q=${encodeURIComponent('หนังสือเวียน')}&per_page=2&page=${page}`);
      expect(body.meta).toMatchObject({ total: 5, page, per_page: 2, pages: 3 });
      seen.push(...body.data.map((d: { document: { id: string } }) => d.document.id));
    }
    expect(new Set(seen).size).toBe(5);
  });

  test('bad requests get 400 in the native error envelope', async () => {
    for (const query of [
      '',
      'q=',
      'q=%20%20',
      'q=x&type=video',
      'q=x&per_page=0',
      'q=x&page=abc',
      'q=x&from=yesterday',
    ]) {
      const res = await s.fetch(`/api/v1/search?${query}`);
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(body.error.code).toBe('bad_request');
    }
    expect((await s.fetch(`/api/v1/search?q=${'a'.repeat(1001)}`)).status).toBe(400);
    // 1001 Thai characters are 9009 characters percent-encoded: over the query-string guard.
    expect((await s.fetch(`/api/v1/search?q=${encodeURIComponent('ก'.repeat(1001))}`)).status).toBe(414);
    expect((await s.fetch('/api/v1/search?q=x', { key: null })).status).toBe(401);
  });

  test('/healthz reports the index', async () => {
    const health = await (await s.fetch('/healthz')).json();
    expect(health.index).toMatchObject({ ready: true, partial: false, state: 'ready' });
    expect(health.index.documents).toBeGreaterThan(3);
  });
});

describe('restarts', () => {
  test('the index survives a restart, and a deleted or corrupt snapshot is rebuilt with the same results', async () => {
    const dir = tempDir();
    const open = async () => {
      const config = loadConfig({ data: dir.path, port: 0 }, {});
      config.jobs.pollMs = 20;
      const services = createServices(config, { ocr: new FakeOcrEngine() });
      await services.start();
      const boot = await services.tenancy.bootstrapIfEmpty();
      const app = createServer(services).listen({ port: 0, hostname: '127.0.0.1' });
      return { services, app, boot, url: `http://127.0.0.1:${app.server?.port}` };
    };
    let srv = await open();
    const key = srv.boot?.adminKey as string;
    const get = async (path: string) =>
      (await fetch(srv.url + path, { headers: { authorization: `Bearer ${key}` } })).json();
    for (const [i, text] of ['สัญญาเช่าที่ดิน', 'ใบแจ้งหนี้ค่าเช่า', 'Invoice ค่าน้ำประปา', 'ประเทศไทย ๒๕๖๗'].entries()) {
      const body = form({ name: `doc${i}.txt`, content: text });
      const res = await fetch(`${srv.url}/api/v1/documents`, {
        method: 'POST',
        body,
        headers: { authorization: `Bearer ${key}` },
      });
      expect(res.status).toBe(201);
    }
    await srv.services.runner.drain();
    const queries = ['เช่า', 'ไทย', '2567', 'invoice', 'น้ำ'];
    const snapshot = async () =>
      Promise.all(queries.map((q) => get(`/api/v1/search?q=${encodeURIComponent(q)}`)));
    const waitReady = async () => {
      await until('the index to be ready', async () =>
        (await get('/healthz')).index.ready ? true : undefined,
      );
    };
    await waitReady();
    const expected = await snapshot();
    expect(expected.map((r) => r.meta.total)).toEqual([2, 1, 1, 1, 1]);
    const restart = async (whileStopped = () => {}) => {
      srv.app.stop(true);
      await srv.services.close();
      whileStopped();
      srv = await open();
      await waitReady();
    };

    await restart();
    expect(await snapshot()).toEqual(expected);

    const path = join(dir.path, 'index', SNAPSHOT_FILE);
    await restart(() => rmSync(path));
    expect(await snapshot()).toEqual(expected);

    await restart(() => writeFileSync(path, readFileSync(path).subarray(0, -10)));
    expect(await snapshot()).toEqual(expected);

    srv.app.stop(true);
    await srv.services.close();
    dir.cleanup();
  });
});
