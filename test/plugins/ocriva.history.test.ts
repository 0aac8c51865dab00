import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { docinth } from '../../plugins/docinth/index.ts';
import { ocriva } from '../../plugins/ocriva/index.ts';
import { tinyPdf } from '../helpers/files.ts';
import { form, type TestServer } from '../helpers/server.ts';
import { ISO_MS, invoiceSchema, type OcrivaClient, ocrivaClient, ocrivaServer } from './ocriva-helpers.ts';
import { until } from '../helpers/until.ts';

let s: TestServer;
let org: OcrivaClient;

beforeAll(async () => {
  s = await ocrivaServer({
    plugins: [ocriva as never, docinth as never],
    config: (c) => {
      c.ocr.workers = 1;
    },
  });
  org = ocrivaClient(s, s.adminKey);
});
afterAll(() => s.close());

/** A fresh project and its project token, so counts in a test are exact. */
async function project(name: string) {
  const p = await s.newProject(name);
  return { ...p, c: ocrivaClient(s, p.key) };
}

async function template(c: OcrivaClient, body: Record<string, unknown> = {}): Promise<string> {
  const res = await c.post('/templates', {
    name: `Invoice ${Math.random()}`,
    description: 'Thai invoices',
    templateSchema: invoiceSchema,
    ...body,
  });
  expect(res.status).toBe(201);
  return (await res.json()).templateId;
}

const invoicePdf = (n: string) =>
  tinyPdf(
    `FAKE-OCR: kind: invoice\nFAKE-OCR: invoiceNumber: ${n}\nFAKE-OCR: totalAmount: 1250.00\nFAKE-OCR: vendor: บริษัท เอซีเอ็ม จำกัด`,
  );

async function waitFor(check: () => Promise<boolean>): Promise<void> {
  await until('the condition', async () => ((await check()) ? true : undefined));
}

describe('end to end, as the seed curl examples', () => {
  test('upload a Thai invoice -> list completed -> stats -> get -> result as csv and as pdf', async () => {
    const P = s.projectId;
    const templateId = await template(org, { name: 'Invoice Template', projectId: P });
    const pdf = invoicePdf('INV-2026-0042');
    const up = await org.upload('ใบแจ้งหนี้-2026.pdf', pdf, {
      fileName: 'ใบแจ้งหนี้-2026.pdf',
      fileType: 'pdf',
      fileSize: String(pdf.length),
      mimeType: 'application/pdf',
      projectId: P,
      templateId,
    });
    expect(up.status).toBe(201);
    const { id } = await up.json();
    await s.drain();

    const list = await org.get(`/processing-history?projectId=${P}&status=completed&page=1&limit=10`);
    expect(list.status).toBe(200);
    const page = await list.json();
    expect(page.pagination).toEqual({ page: 1, limit: 10, total: 1, pages: 1 });
    expect(page.data[0]).toMatchObject({ id, status: 'completed', templateName: 'Invoice Template' });

    const stats = await (await org.get(`/processing-history/stats?projectId=${P}`)).json();
    expect(stats).toEqual({ total: 1, pending: 0, processing: 0, completed: 1, failed: 0 });

    const record = await (await org.get(`/processing-history/${id}?projectId=${P}`)).json();
    expect(record).toEqual({
      id,
      uploadId: id,
      projectId: P,
      userId: expect.stringMatching(/^[0-9a-f]{24}$/),
      fileName: 'ใบแจ้งหนี้-2026.pdf',
      fileUrl: `${s.url}/v1/openapi/processing-history/${id}/file?projectId=${P}`,
      filePath: `${s.orgId}/projects/${P}/ใบแจ้งหนี้-2026.pdf`,
      fileSize: String(pdf.length),
      mimeType: 'application/pdf',
      status: 'completed',
      templateId,
      templateName: 'Invoice Template',
      batchId: null,
      resultFormat: 'json',
      priority: 'medium',
      processingResult: { invoiceNumber: 'INV-2026-0042', totalAmount: 1250, vendor: 'บริษัท เอซีเอ็ม จำกัด' },
      startedAt: expect.stringMatching(ISO_MS),
      completedAt: expect.stringMatching(ISO_MS),
      createdAt: expect.stringMatching(ISO_MS),
      updatedAt: expect.stringMatching(ISO_MS),
    });
    expect(Object.keys(record)).toEqual([
      'id',
      'uploadId',
      'projectId',
      'userId',
      'fileName',
      'fileUrl',
      'filePath',
      'fileSize',
      'mimeType',
      'status',
      'templateId',
      'templateName',
      'batchId',
      'resultFormat',
      'priority',
      'processingResult',
      'startedAt',
      'completedAt',
      'createdAt',
      'updatedAt',
    ]);
    expect(page.data[0]).toEqual(record);

    const csv = await org.get(`/processing-history/${id}/result?projectId=${P}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toStartWith('text/csv');
    expect(csv.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('ใบแจ้งหนี้-2026.csv')}`,
    );
    const csvText = await csv.text();
    expect(csvText).toContain('INV-2026-0042');
    expect(csvText).toContain('1250');

    const asPdf = await org.get(`/processing-history/${id}/result?projectId=${P}&format=pdf`);
    expect(asPdf.status).toBe(200);
    expect(asPdf.headers.get('content-type')).toBe('application/pdf');
    expect(asPdf.headers.get('content-disposition')).toContain(
      `filename*=UTF-8''${encodeURIComponent('ใบแจ้งหนี้-2026.pdf')}`,
    );
    expect((await asPdf.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });
});

describe('status vocabulary and filters', () => {
  test('pending, queued, in_progress, completed and failed; stats count processing = queued + in_progress', async () => {
    const { c, projectId, key } = await project('States');
    s.ocr.failWith = new Error('torn page');
    const failed = await (await c.upload('torn.pdf', tinyPdf(`FAKE-OCR: torn ${Math.random()}`))).json();
    await s.drain();
    s.ocr.failWith = undefined;
    const completed = await (await c.upload('done.txt', `done ${Math.random()}`)).json();
    await s.drain();
    const viaDocinth = await fetch(`${s.url}/v2/documents/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: form(
        { name: 'later.pdf', content: tinyPdf(`FAKE-OCR: later ${Math.random()}`) },
        { run_ocr: 'false' },
      ),
    });
    const pending = (await viaDocinth.json()).id.replace(/^doc_/, '');

    const release = s.ocr.hold();
    try {
      const running = await (await c.upload('slow.pdf', tinyPdf(`FAKE-OCR: slow ${Math.random()}`))).json();
      const waiting = await (await c.upload('next.pdf', tinyPdf(`FAKE-OCR: next ${Math.random()}`))).json();
      await waitFor(
        async () => (await s.services.documents.get(projectId, running.id)).ocrStatus === 'processing',
      );
      const ids = async (status: string) =>
        (await (await c.get(`/processing-history?status=${status}`)).json()).data.map(
          (r: { id: string }) => r.id,
        );
      expect(await ids('pending')).toEqual([pending]);
      expect(await ids('queued')).toEqual([waiting.id]);
      expect(await ids('in_progress')).toEqual([running.id]);
      expect(await ids('completed')).toEqual([completed.id]);
      expect(await ids('failed')).toEqual([failed.id]);
      const stats = await (await c.get('/processing-history/stats')).json();
      expect(stats).toEqual({ total: 5, pending: 1, processing: 2, completed: 1, failed: 1 });
    } finally {
      release();
    }
    await s.drain();
    const record = await (await c.get(`/processing-history/${failed.id}`)).json();
    expect(record).toMatchObject({ status: 'failed', errorMessage: 'torn page', processingResult: null });
    expect(record.completedAt).toMatch(ISO_MS);
    const stats = await (await c.get('/processing-history/stats')).json();
    expect(stats).toEqual({ total: 5, pending: 1, processing: 0, completed: 3, failed: 1 });
  });

  test('templateId, search (file or template name), fromDate/toDate, paging with limit default 10', async () => {
    const { c } = await project('Filters');
    const invoices = await template(c, { name: 'ใบกำกับภาษี Template' });
    const receipts = await template(c, { name: 'Receipts' });
    for (let i = 0; i < 11; i++) {
      const res = await c.upload(`ใบเสร็จ-${i}.txt`, `receipt ${i} ${Math.random()}`, {
        templateId: receipts,
      });
      expect(res.status).toBe(201);
    }
    const inv = await (
      await c.upload('INVOICE-A.txt', `invoice ${Math.random()}`, { templateId: invoices })
    ).json();
    const bare = await (await c.upload('notes.txt', `notes ${Math.random()}`)).json();
    await s.drain();

    const all = await (await c.get('/processing-history')).json();
    expect(all.pagination).toEqual({ page: 1, limit: 10, total: 13, pages: 2 });
    expect(all.data.length).toBe(10);
    const second = await (await c.get('/processing-history?page=2')).json();
    expect(second.data.length).toBe(3);
    expect((await (await c.get('/processing-history?page=3')).json()).data).toEqual([]);

    const total = async (q: string) =>
      (await (await c.get(`/processing-history?${q}`)).json()).pagination.total;
    expect(await total(`templateId=${receipts}`)).toBe(11);
    expect(await total(`templateId=${invoices}`)).toBe(1);
    expect(await total('templateId=5f0000000000000000000000')).toBe(0);
    expect(await total(`search=${encodeURIComponent('ใบเสร็จ-1')}`)).toBe(2);
    expect(await total('search=invoice-a')).toBe(1);
    expect(await total(`search=${encodeURIComponent('ใบกำกับภาษี')}`)).toBe(1);
    expect(await total('search=RECEIPTS')).toBe(11);
    expect(await total(`search=notes&templateId=${receipts}`)).toBe(0);

    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    expect(await total(`fromDate=${day(0)}&toDate=${day(0)}`)).toBe(13);
    expect(await total(`toDate=${day(-1)}`)).toBe(0);
    expect(await total(`fromDate=${day(1)}`)).toBe(0);
    expect(await total(`fromDate=${day(-1)}&status=completed&templateId=${invoices}`)).toBe(1);

    const one = await (await c.get(`/processing-history?templateId=${invoices}`)).json();
    expect(one.data[0].id).toBe(inv.id);
    const generic = await (await c.get(`/processing-history/${bare.id}`)).json();
    expect(generic.templateId).toBeNull();
  });

  test('bad filters are 400 in the envelope', async () => {
    const { c } = await project('Bad filters');
    const status = await c.get('/processing-history?status=done');
    expect(await status.json()).toEqual({
      statusCode: 400,
      message: [
        'status must be one of the following values: pending, queued, in_progress, completed, failed',
      ],
      error: 'Bad Request',
    });
    expect((await c.get('/processing-history?fromDate=yesterday')).status).toBe(400);
    expect((await c.get('/processing-history?limit=101')).status).toBe(400);
    expect((await c.get('/processing-history?page=0')).status).toBe(400);
  });
});

describe('processing results', () => {
  test('without a template: the generic result (type, pages, text, fields), also for other dialects', async () => {
    const { c, key } = await project('Generic');
    const up = await (
      await c.upload('quote.pdf', tinyPdf('FAKE-OCR: kind: quotation\nFAKE-OCR: total: 990'))
    ).json();
    const other = await fetch(`${s.url}/v2/documents/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: form({ name: 'memo.txt', content: 'subject: ประชุม' }),
    });
    const otherId = (await other.json()).id.replace(/^doc_/, '');
    await s.drain();
    const record = await (await c.get(`/processing-history/${up.id}`)).json();
    expect(record.processingResult).toEqual({
      documentType: 'quotation',
      pages: 2,
      text: 'kind: quotation\ntotal: 990',
      fields: { kind: 'quotation', total: 990 },
      confidence: 0.8,
    });
    const fromDocinth = await (await c.get(`/processing-history/${otherId}`)).json();
    expect(fromDocinth).toMatchObject({
      status: 'completed',
      fileName: 'memo.txt',
      templateId: null,
      processingResult: { fields: { subject: 'ประชุม' }, text: 'subject: ประชุม' },
    });
  });

  test('a record keeps the template it was processed with', async () => {
    const { c } = await project('Snapshot');
    const templateId = await template(c, { name: 'Before' });
    const up = await (await c.upload('inv.pdf', invoicePdf('INV-1'))).json();
    const withTemplate = await (await c.upload('inv2.pdf', invoicePdf('INV-2'), { templateId })).json();
    await s.drain();
    await c.send('PATCH', `/templates/${templateId}`, { name: 'After', templateSchema: { type: 'object' } });
    const record = await (await c.get(`/processing-history/${withTemplate.id}`)).json();
    expect(record.templateName).toBe('Before');
    expect(record.processingResult).toEqual({
      invoiceNumber: 'INV-2',
      totalAmount: 1250,
      vendor: 'บริษัท เอซีเอ็ม จำกัด',
    });
    expect(
      (await (await c.get(`/processing-history/${up.id}`)).json()).processingResult.fields.invoiceNumber,
    ).toBe('INV-1');
  });

  test('every export format with the seed Content-Type; the default comes from the template', async () => {
    const { c } = await project('Formats');
    const csvTemplate = await template(c, { resultFormat: 'csv' });
    const up = await (await c.upload('รายงาน.pdf', invoicePdf('INV-9'), { templateId: csvTemplate })).json();
    const plain = await (await c.upload('plain.txt', `plain ${Math.random()}`)).json();
    await s.drain();
    const types: Record<string, string> = {
      json: 'application/json',
      text: 'text/plain',
      xml: 'application/xml',
      html: 'text/html',
      csv: 'text/csv',
      pdf: 'application/pdf',
      docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    };
    for (const [format, type] of Object.entries(types)) {
      const res = await c.get(`/processing-history/${up.id}/result?format=${format}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')?.split(';')[0]).toBe(type);
      expect(res.headers.get('content-disposition')).toStartWith('attachment; filename="');
    }
    const byDefault = await c.get(`/processing-history/${up.id}/result`);
    expect(byDefault.headers.get('content-type')).toStartWith('text/csv');
    expect(await byDefault.text()).toContain('INV-9');
    const json = await c.get(`/processing-history/${plain.id}/result`);
    expect(json.headers.get('content-type')).toStartWith('application/json');
    const bad = await c.get(`/processing-history/${up.id}/result?format=yaml`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).message).toEqual([
      'format must be one of the following values: json, text, xml, html, csv, pdf, docx',
    ]);
    expect((await c.get('/processing-history/5f0000000000000000000000/result')).status).toBe(404);
  });

  test('no result before processing completes (409), nor after it failed', async () => {
    const { c } = await project('Not ready');
    const release = s.ocr.hold();
    try {
      const up = await (await c.upload('slow.pdf', tinyPdf(`FAKE-OCR: slow ${Math.random()}`))).json();
      const res = await c.get(`/processing-history/${up.id}/result?format=json`);
      expect(res.status).toBe(409);
      expect((await res.json()).message).toMatch(/not ready yet \(status: (queued|in_progress)\)/);
    } finally {
      release();
    }
    s.ocr.failWith = new Error('blank scan');
    try {
      const up = await (await c.upload('blank.pdf', tinyPdf(`FAKE-OCR: blank ${Math.random()}`))).json();
      await s.drain();
      const res = await c.get(`/processing-history/${up.id}/result`);
      expect(res.status).toBe(409);
      expect((await res.json()).message).toContain('blank scan');
    } finally {
      s.ocr.failWith = undefined;
    }
    await s.drain();
  });

  test("another project's record is 404, and trashed documents leave the history", async () => {
    const a = await project('Owner');
    const b = await project('Stranger');
    const up = await (await a.c.upload('private.txt', `private ${Math.random()}`)).json();
    expect((await b.c.get(`/processing-history/${up.id}`)).status).toBe(404);
    expect((await b.c.get(`/processing-history/${up.id}/result`)).status).toBe(404);
    expect((await b.c.get(`/processing-history/${up.id}/file`)).status).toBe(404);
    await fetch(`${s.url}/v2/documents/doc_${up.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${a.key}` },
    });
    expect((await a.c.get(`/processing-history/${up.id}`)).status).toBe(404);
    expect((await (await a.c.get('/processing-history/stats')).json()).total).toBe(0);
  });
});
