import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { tinyPdf, tinyPng } from '../helpers/files.ts';
import { form, startTestServer, type TestServer } from '../helpers/server.ts';

/**
 * The native routes the web console's review screen uses: list filters by review state and type,
 * extracted fields (read, correct, verify), exports, and approve / reject through PATCH.
 */

let s: TestServer;
let invoiceId: string;
let noteId: string;

const INVOICE = [
  'ใบกำกับภาษี / Tax Invoice',
  'เลขที่ INV-2026-001',
  'วันที่ 15/01/2026',
  'รวมเป็นเงิน 1,000.00',
  'ภาษีมูลค่าเพิ่ม 7% 70.00',
  'จำนวนเงินรวมทั้งสิ้น 1,070.00',
].join('\n');

async function upload(name: string, content: string): Promise<string> {
  const res = await s.fetch('/api/v1/documents', { method: 'POST', body: form({ name, content }) });
  expect(res.status).toBe(201);
  return (await res.json()).data.id;
}

beforeAll(async () => {
  s = await startTestServer();
  invoiceId = await upload('ใบกำกับภาษี INV-2026-001.txt', INVOICE);
  noteId = await upload('note.txt', 'บันทึกการประชุม');
  await s.drain();
});
afterAll(() => s.close());

const listIds = async (query: string) =>
  ((await (await s.fetch(`/api/v1/documents?${query}`)).json()).data as { id: string }[]).map((d) => d.id);

describe('fields', () => {
  test('reads the extracted values with confidence, as printed on the document', async () => {
    const res = await s.fetch(`/api/v1/documents/${invoiceId}/fields`);
    expect(res.status).toBe(200);
    const { data } = await res.json();
    expect(data).toMatchObject({
      schema_key: 'generic',
      status: 'completed',
      edited: false,
      verified: false,
    });
    expect(data.values.total).toBe(1070);
    expect(data.values.documentNumber).toBe('INV-2026-001');
    expect(data.fields.total.value).toBe(1070);
    expect(data.fields.total.confidence).toBeGreaterThan(0);
  });

  test('saves corrected values, keeps what was extracted, and marks them verified', async () => {
    const current = (await (await s.fetch(`/api/v1/documents/${invoiceId}/fields`)).json()).data;
    const res = await s.fetch(`/api/v1/documents/${invoiceId}/fields`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ values: { ...current.values, total: 1080 }, verified: true }),
    });
    expect(res.status).toBe(200);
    const { data } = await res.json();
    expect(data).toMatchObject({ edited: true, verified: true });
    expect(data.values.total).toBe(1080);
    expect(data.extracted_values.total).toBe(1070);
    const csv = await (await s.fetch(`/api/v1/documents/${invoiceId}/export?format=csv`)).text();
    expect(csv).toContain('1080');
    expect(csv).not.toContain('1070');
  });

  test('refuses an empty or malformed correction and changes nothing', async () => {
    const put = (body: unknown) =>
      s.fetch(`/api/v1/documents/${invoiceId}/fields`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await put({})).status).toBe(400);
    const bad = await put({ values: 'total=5' });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.code).toBe('validation_failed');
    expect((await put({ values: {}, schema_key: '../x' })).status).toBe(400);
    const { data } = await (await s.fetch(`/api/v1/documents/${invoiceId}/fields`)).json();
    expect(data.values.total).toBe(1080);
  });

  test('another project sees neither the fields nor the exports', async () => {
    const other = await s.newProject();
    expect((await s.fetch(`/api/v1/documents/${invoiceId}/fields`, { key: other.key })).status).toBe(404);
    expect(
      (await s.fetch(`/api/v1/documents/${invoiceId}/export?format=json`, { key: other.key })).status,
    ).toBe(404);
  });
});

describe('exports', () => {
  test('every format downloads with its type and the Thai file name', async () => {
    const types: Record<string, string> = {
      json: 'application/json',
      text: 'text/plain',
      xml: 'application/xml',
      html: 'text/html',
      csv: 'text/csv',
      docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    };
    for (const [format, type] of Object.entries(types)) {
      const res = await s.fetch(`/api/v1/documents/${invoiceId}/export?format=${format}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toStartWith(type);
      expect(res.headers.get('content-disposition')).toContain(
        `filename*=UTF-8''${encodeURIComponent('ใบกำกับภาษี INV-2026-001')}`,
      );
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
  });

  test('an unknown format is a 400 naming the formats', async () => {
    const res = await s.fetch(`/api/v1/documents/${invoiceId}/export?format=exe`);
    expect(res.status).toBe(400);
    expect((await res.json()).error.message).toContain('csv');
  });
});

describe('review', () => {
  test('approve and reject set the review status; the list filters by it', async () => {
    const patch = (id: string, review_status: string | null) =>
      s.fetch(`/api/v1/documents/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ review_status }),
      });
    expect((await (await patch(invoiceId, 'approved')).json()).data.review_status).toBe('approved');
    expect((await (await patch(noteId, 'rejected')).json()).data.review_status).toBe('rejected');
    expect(await listIds('review_status=approved')).toEqual([invoiceId]);
    expect(await listIds('review_status=rejected')).toEqual([noteId]);
    expect((await listIds('review_status=approved,rejected')).sort()).toEqual([invoiceId, noteId].sort());
    expect(await listIds('review_status=none')).toEqual([]);
    await patch(noteId, null);
    expect(await listIds('review_status=none')).toEqual([noteId]);
  });

  test('the list filters by detected document type', async () => {
    expect(await listIds('doc_type=tax_invoice')).toEqual([invoiceId]);
    expect(await listIds('doc_type=receipt')).toEqual([]);
  });
});

describe('page images', () => {
  const pngSize = (b: Uint8Array) => {
    const v = new DataView(b.buffer, b.byteOffset);
    return {
      sig: Array.from(b.slice(1, 4), (c) => String.fromCharCode(c)).join(''),
      w: v.getUint32(16),
      h: v.getUint32(20),
    };
  };

  test('a PDF page is drawn as a PNG with the page aspect; repeated requests revalidate', async () => {
    const up = await s.fetch('/api/v1/documents', {
      method: 'POST',
      body: form({ name: 'letter.pdf', content: tinyPdf('FAKE-OCR: จดหมาย') }),
    });
    const id = (await up.json()).data.id;
    const res = await s.fetch(`/api/v1/documents/${id}/pages/1/image?width=600`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const png = pngSize(new Uint8Array(await res.arrayBuffer()));
    // The PDF's MediaBox is 612 x 792 points.
    expect(png).toEqual({ sig: 'PNG', w: 600, h: Math.ceil((792 * 600) / 612) });
    const etag = res.headers.get('etag') as string;
    const again = await s.fetch(`/api/v1/documents/${id}/pages/1/image?width=600`, {
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
    expect((await s.fetch(`/api/v1/documents/${id}/pages/2/image`)).status).toBe(404);
    expect((await s.fetch(`/api/v1/documents/${id}/pages/1/image?width=5`)).status).toBe(400);
    expect((await s.fetch(`/api/v1/documents/${id}/pages/x/image`)).status).toBe(400);
    const other = await s.newProject('Images elsewhere');
    expect((await s.fetch(`/api/v1/documents/${id}/pages/1/image`, { key: other.key })).status).toBe(404);
  });

  test('an image is served scaled down (never up); a text document has no page image', async () => {
    const up = await s.fetch('/api/v1/documents', {
      method: 'POST',
      body: form({ name: 'dot.png', content: tinyPng() }),
    });
    const id = (await up.json()).data.id;
    const res = await s.fetch(`/api/v1/documents/${id}/pages/1/image`);
    expect(res.status).toBe(200);
    expect(pngSize(new Uint8Array(await res.arrayBuffer()))).toEqual({ sig: 'PNG', w: 1, h: 1 });
    const text = await s.fetch(`/api/v1/documents/${noteId}/pages/1/image`);
    expect(text.status).toBe(404);
  });
});
