import { afterAll, beforeAll, expect, setDefaultTimeout, test } from 'bun:test';
import { ocriva } from '../../plugins/ocriva/index.ts';
import { cer } from '../helpers/cer.ts';
import type { TestServer } from '../helpers/server.ts';
import { ISO_MS, invoiceSchema, type OcrivaClient, ocrivaClient } from '../plugins/ocriva-helpers.ts';
import { baht, invoiceText, pdfText, SCAN, startRealOcrServer, THAI_WORD, TRUTH, until } from './helpers.ts';

/**
 * An Ocriva Open API client against docserve with the real OCR engine, as the seed's curl examples run:
 * template -> upload the Thai invoice scan -> processing-history until completed -> stats -> record ->
 * result as JSON, CSV and PDF.
 */
// Real OCR of a full page on a busy 2-core machine: the limit only catches a hang.
setDefaultTimeout(600_000);

let s: TestServer;
let c: OcrivaClient;
beforeAll(async () => {
  s = await startRealOcrServer([ocriva as never]);
  c = ocrivaClient(s, s.adminKey);
});
afterAll(() => s.close());

/** Spaces OCR puts inside Thai words are not what the user reads; compare Thai names without them. */
const squeeze = (v: unknown) => String(v).replace(/\s+/g, '');

test('template, upload the Thai scan, history until completed, stats, result as json, csv and pdf', async () => {
  const P = s.projectId;

  // A template for Thai tax invoices: the seed's invoice schema plus the seller's tax id, date and VAT.
  const tpl = await c.post('/templates', {
    name: 'ใบกำกับภาษี',
    description: 'Thai tax invoices',
    projectId: P,
    templateSchema: {
      type: 'object',
      properties: {
        ...invoiceSchema.properties,
        vendorTaxId: { type: 'string' },
        invoiceDate: { type: 'string', format: 'date' },
        vatAmount: { type: 'number' },
      },
    },
  });
  expect(tpl.status).toBe(201);
  const { templateId } = await tpl.json();

  const fileName = `invoice-${TRUTH.documentNumber}.png`;
  const up = await c.upload(
    fileName,
    SCAN,
    {
      fileName,
      fileType: 'image',
      fileSize: String(SCAN.length),
      mimeType: 'image/png',
      projectId: P,
      templateId,
    },
    'image/png',
  );
  expect(up.status).toBe(201);
  const uploaded = await up.json();
  expect(uploaded).toMatchObject({ fileName, fileType: 'image', status: 'uploaded', templateId });
  const id: string = uploaded.id;

  // Poll the record the way a client does until it settles; it must never fail.
  const readRecord = async () => (await c.get(`/processing-history/${id}?projectId=${P}`)).json();
  await until('record completed', async () => {
    const r = await readRecord();
    expect(r.status).not.toBe('failed');
    return r.status === 'completed' ? r : undefined;
  });
  // The work that follows OCR in the background (indexing, the generic field extraction) may still touch
  // the document's updatedAt, later on a loaded machine: let it finish, so the record and the history
  // list below are read in the same state.
  await s.drain();
  const record = await readRecord();
  expect(record).toMatchObject({
    id,
    status: 'completed',
    uploadId: id,
    projectId: P,
    fileName,
    fileSize: String(SCAN.length),
    mimeType: 'image/png',
    templateId,
    templateName: 'ใบกำกับภาษี',
    startedAt: expect.stringMatching(ISO_MS),
    completedAt: expect.stringMatching(ISO_MS),
  });
  expect(record).not.toHaveProperty('errorMessage');
  // The template's fields, read from the scan.
  const result = record.processingResult;
  expect(result).toMatchObject({
    invoiceNumber: TRUTH.documentNumber,
    totalAmount: TRUTH.total,
    vendorTaxId: TRUTH.seller.taxId,
    invoiceDate: TRUTH.issueDate,
    vatAmount: TRUTH.vat,
  });
  expect(squeeze(result.vendor)).toBe(squeeze(TRUTH.seller.name));
  expect(Object.keys(result).sort()).toEqual(
    ['invoiceNumber', 'totalAmount', 'vendor', 'vendorTaxId', 'invoiceDate', 'vatAmount'].sort(),
  );

  // The history lists it as completed, and the stats count it.
  const list = await (await c.get(`/processing-history?projectId=${P}&status=completed`)).json();
  expect(list.pagination).toEqual({ page: 1, limit: 10, total: 1, pages: 1 });
  expect(list.data[0]).toEqual(record);
  const searched = await (
    await c.get(`/processing-history?projectId=${P}&search=${encodeURIComponent('ใบกำกับ')}`)
  ).json();
  expect(searched.data.map((r: { id: string }) => r.id)).toEqual([id]);
  const stats = await (await c.get(`/processing-history/stats?projectId=${P}`)).json();
  expect(stats).toEqual({ total: 1, pending: 0, processing: 0, completed: 1, failed: 0 });

  // The original file is downloadable byte for byte from fileUrl.
  const original = await fetch(record.fileUrl, { headers: { 'x-api-key': s.adminKey } });
  expect(original.status).toBe(200);
  expect(new Uint8Array(await original.arrayBuffer())).toEqual(SCAN);

  // The result as JSON (the template's data) ...
  const json = await c.get(`/processing-history/${id}/result?projectId=${P}&format=json`);
  expect(json.status).toBe(200);
  expect(JSON.stringify(await json.json())).toContain(TRUTH.documentNumber);

  // ... as CSV: a header row and the values a spreadsheet user sees ...
  const csv = await c.get(`/processing-history/${id}/result?projectId=${P}&format=csv`);
  expect(csv.status).toBe(200);
  expect(csv.headers.get('content-type')).toStartWith('text/csv');
  expect(csv.headers.get('content-disposition')).toContain(`invoice-${TRUTH.documentNumber}.csv`);
  const csvText = await csv.text();
  for (const v of [
    'invoiceNumber',
    'totalAmount',
    TRUTH.documentNumber,
    String(TRUTH.total),
    TRUTH.seller.taxId,
    TRUTH.issueDate,
  ])
    expect(csvText).toContain(v);

  // ... and as a searchable PDF: the scan with the OCR text layer behind it.
  const pdf = await c.get(`/processing-history/${id}/result?projectId=${P}&format=pdf`);
  expect(pdf.status).toBe(200);
  expect(pdf.headers.get('content-type')).toBe('application/pdf');
  const bytes = new Uint8Array(await pdf.arrayBuffer());
  expect(new TextDecoder().decode(bytes.subarray(0, 5))).toBe('%PDF-');
  const layer = await pdfText(bytes);
  for (const v of [TRUTH.documentNumber, TRUTH.seller.email, baht(TRUTH.total), THAI_WORD])
    expect(layer).toContain(v);
  expect(cer(layer, await invoiceText())).toBeLessThan(0.12);
});
