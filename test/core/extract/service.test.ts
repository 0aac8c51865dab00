import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { AppError } from '../../../src/errors.ts';
import { tinyPng } from '../../helpers/files.ts';
import { form, startTestServer, type TestServer } from '../../helpers/server.ts';
import { TEXT_INVOICE } from './helpers.ts';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(() => s.close());

async function upload(name: string, content: string, key?: string): Promise<string> {
  const res = await s.fetch('/api/v1/documents', { method: 'POST', body: form({ name, content }), key });
  expect(res.status).toBe(201);
  return (await res.json()).data.id;
}

describe('document.extract job', () => {
  test('runs after processing: sets doc_type and extraction_status, stores the generic result, emits the event', async () => {
    const id = await upload('ใบกำกับภาษี-42.txt', TEXT_INVOICE);
    await s.drain();
    const doc = (await (await s.fetch(`/api/v1/documents/${id}`)).json()).data;
    expect(doc.status).toBe('completed');
    expect(doc.extraction_status).toBe('completed');
    expect(doc.doc_type).toBe('tax_invoice');

    const rec = await s.services.extraction.get(s.projectId, id);
    expect(rec?.status).toBe('completed');
    expect(rec?.result?.data).toMatchObject({
      documentNumber: 'INV-2569-0042',
      issueDate: '2026-01-15',
      sellerTaxId: '0105537000015',
      total: 1070,
    });
    const jobs = (await s.services.documents.jobsOf(s.projectId, id)).map((j) => [j.kind, j.status]);
    expect(jobs).toContainEqual(['document.extract', 'done']);
    const audit = (await s.services.audit.list({ projectId: s.projectId })).rows.filter(
      (r) => r.documentId === id,
    );
    expect(audit.map((r) => r.metadata.event)).toContain('extraction.completed');
    expect(audit.find((r) => r.metadata.event === 'extraction.completed')?.metadata).toMatchObject({
      kind: 'tax_invoice',
      schemaKey: 'generic',
    });
  });

  test('a document whose processing failed is never extracted', async () => {
    s.ocr.failWith = new AppError('invalid_file', 'unreadable');
    const res = await s.fetch('/api/v1/documents', {
      method: 'POST',
      body: form({ name: 'broken.png', content: tinyPng() }),
    });
    const id = (await res.json()).data.id;
    await s.drain();
    s.ocr.failWith = undefined;
    const doc = await s.services.documents.get(s.projectId, id);
    expect(doc.extractStatus).toBe('none');
    expect(await s.services.extraction.list(s.projectId, id)).toEqual([]);
  });
});

describe('ExtractionService', () => {
  test('run with a schema key stores a second result; update, list and delete', async () => {
    const id = await upload('inv-43.txt', TEXT_INVOICE.replace('0042', '0043'));
    await s.drain();
    const schema = {
      type: 'object',
      properties: { invoiceNumber: { type: 'string' }, totalAmount: { type: 'number' } },
    };
    const rec = await s.services.extraction.run(s.projectId, id, { schemaKey: 'tpl_1', schema });
    expect(rec).toMatchObject({
      schemaKey: 'tpl_1',
      status: 'completed',
      isEdited: false,
      isVerified: false,
    });
    expect(rec.result?.data).toEqual({ invoiceNumber: 'INV-2569-0043', totalAmount: 1070 });
    expect((await s.services.extraction.list(s.projectId, id)).map((r) => r.schemaKey).sort()).toEqual([
      'generic',
      'tpl_1',
    ]);

    const edited = await s.services.extraction.update(s.projectId, id, 'tpl_1', {
      editedResult: { invoiceNumber: 'INV-2569-0043', totalAmount: 1071 },
      isVerified: true,
    });
    expect(edited).toMatchObject({ isEdited: true, isVerified: true, editedResult: { totalAmount: 1071 } });
    const again = await s.services.extraction.run(s.projectId, id, { schemaKey: 'tpl_1', schema });
    expect(again).toMatchObject({ isEdited: true, isVerified: true, editedResult: { totalAmount: 1071 } });

    expect(await s.services.extraction.delete(s.projectId, id, 'tpl_1')).toBe(true);
    expect(await s.services.extraction.delete(s.projectId, id, 'tpl_1')).toBe(false);
    expect(await s.services.extraction.get(s.projectId, id, 'tpl_1')).toBeUndefined();
    await expect(s.services.extraction.update(s.projectId, id, 'nope', { isVerified: true })).rejects.toThrow(
      'No extraction',
    );
  });

  test("another project's document is not found", async () => {
    const id = await upload('inv-44.txt', TEXT_INVOICE.replace('0042', '0044'));
    await s.drain();
    const other = await s.newProject('Other');
    const notFound = { code: 'not_found' };
    await expect(s.services.extraction.get(other.projectId, id)).rejects.toThrow(
      expect.objectContaining(notFound),
    );
    await expect(s.services.extraction.list(other.projectId, id)).rejects.toThrow(
      expect.objectContaining(notFound),
    );
    await expect(s.services.extraction.run(other.projectId, id)).rejects.toMatchObject(notFound);
    await expect(s.services.exports.render(other.projectId, id, 'json')).rejects.toMatchObject(notFound);
  });

  test('running before processing is a conflict', async () => {
    const s2 = await startTestServer({ jobs: false });
    try {
      const res = await s2.fetch('/api/v1/documents', {
        method: 'POST',
        body: form({ name: 'late.txt', content: TEXT_INVOICE }),
      });
      const id = (await res.json()).data.id;
      await expect(s2.services.extraction.run(s2.projectId, id)).rejects.toMatchObject({ code: 'conflict' });
    } finally {
      await s2.close();
    }
  });
});
