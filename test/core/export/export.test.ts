import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { parse as parseCsv } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import JSZip from 'jszip';
import type { FileRef, PageResult } from '../../../src/core/ocr/types.ts';
import { contentDisposition } from '../../../src/plugin-api.ts';
import { TEXT_INVOICE } from '../extract/helpers.ts';
import { form, startTestServer, type TestServer } from '../../helpers/server.ts';

const built: { file: FileRef; pages: PageResult[] }[] = [];
/** Stand-in for the OCR engine's buildSearchablePdf (the real one lives on the OCR branch). */
async function standInPdf(file: FileRef, pages: PageResult[]): Promise<Uint8Array> {
  built.push({ file, pages });
  return new TextEncoder().encode(`%PDF-1.7 stand-in with ${pages.length} page(s)`);
}

let s: TestServer;
let id: string;
beforeAll(async () => {
  s = await startTestServer({ overrides: { searchablePdf: standInPdf } });
  const res = await s.fetch('/api/v1/documents', {
    method: 'POST',
    body: form({ name: 'ใบกำกับภาษี 42 & co.txt', content: TEXT_INVOICE }),
  });
  id = (await res.json()).data.id;
  await s.drain();
});
afterAll(() => s.close());

const render = (format: Parameters<TestServer['services']['exports']['render']>[2], schemaKey?: string) =>
  s.services.exports.render(s.projectId, id, format, { schemaKey });
const asText = (b: Uint8Array | string) => (typeof b === 'string' ? b : new TextDecoder().decode(b));

describe('exports', () => {
  test('json: the extracted values with kind and checks', async () => {
    const out = await render('json');
    expect(out.mime).toBe('application/json');
    expect(out.filename).toBe('ใบกำกับภาษี 42 & co.json');
    const body = JSON.parse(asText(out.body));
    expect(body).toMatchObject({
      documentId: id,
      schemaKey: 'generic',
      kind: 'tax_invoice',
      data: { documentNumber: 'INV-2569-0042', total: 1070, buyerName: 'บริษัท ลูกค้าดี จำกัด' },
    });
    expect(body.checks.every((c: { passed: boolean }) => c.passed)).toBe(true);
  });

  test('text: the page text', async () => {
    const out = await render('text');
    expect(out).toMatchObject({ mime: 'text/plain', filename: 'ใบกำกับภาษี 42 & co.txt' });
    expect(asText(out.body)).toContain('จำนวนเงินรวมทั้งสิ้น');
  });

  test('xml: well-formed, every field and the line items, Thai intact', async () => {
    const out = await render('xml');
    expect(out.mime).toBe('application/xml');
    const xml = asText(out.body);
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml).extraction;
    expect(parsed.documentId).toBe(id);
    const field = (name: string) => parsed.field.find((f: { name: string }) => f.name === name);
    expect(field('total')['#text']).toBe(1070);
    expect(field('buyerName')['#text']).toBe('บริษัท ลูกค้าดี จำกัด');
    expect(field('dueDate').null).toBe('true');
    const item = [field('lineItems').item].flat()[0];
    expect(item.field.find((f: { name: string }) => f.name === 'description')['#text']).toBe('ค่าบริการ');
  });

  test('html: a page with the fields, items and text, escaped', async () => {
    const out = await render('html');
    expect(out.mime).toBe('text/html');
    const html = asText(out.body);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<title>ใบกำกับภาษี 42 &amp; co.txt</title>');
    expect(html).toContain('<th>documentNumber</th><td>INV-2569-0042</td>');
    expect(html).toContain('<td>ค่าบริการ</td>');
  });

  test('csv: one row per line item with the document fields, parseable with Thai', async () => {
    const out = await render('csv');
    expect(out.mime).toBe('text/csv');
    const rows = parseCsv(asText(out.body), { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      documentNumber: 'INV-2569-0042',
      issueDate: '2026-01-15',
      sellerName: 'บริษัท สยามทดสอบ จำกัด',
      total: '1070',
      'lineItems.description': 'ค่าบริการ',
      'lineItems.quantity': '2',
      'lineItems.amount': '1000',
    });
  });

  test('docx: a zip whose document.xml holds the Thai text and the fields', async () => {
    const out = await render('docx');
    expect(out.mime).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(out.filename).toBe('ใบกำกับภาษี 42 & co.docx');
    const zip = await JSZip.loadAsync(out.body as Uint8Array);
    const xml = await zip.file('word/document.xml')?.async('string');
    expect(xml).toContain('ใบกำกับภาษี');
    expect(xml).toContain('INV-2569-0042');
    expect(xml).toContain('ค่าบริการ');
  });

  test('pdf: built by the injected searchable-PDF builder from the original and its pages', async () => {
    const out = await render('pdf');
    expect(out.mime).toBe('application/pdf');
    expect(out.filename).toBe('ใบกำกับภาษี 42 & co.pdf');
    expect(asText(out.body)).toBe('%PDF-1.7 stand-in with 1 page(s)');
    expect(built.at(-1)?.file.document).toEqual({ id, projectId: s.projectId });
    expect(built.at(-1)?.pages[0]?.text).toContain('ใบกำกับภาษี');
  });

  test('a user-edited result is what gets exported; unknown formats and schema keys are refused', async () => {
    const edited = { documentNumber: 'INV-2569-0042', total: 1070.5 };
    await s.services.extraction.update(s.projectId, id, 'generic', { editedResult: edited });
    expect(JSON.parse(asText((await render('json')).body)).data).toEqual(edited);
    await expect(render('yaml' as never)).rejects.toMatchObject({ code: 'bad_request' });
    await expect(render('json', 'tpl_missing')).rejects.toMatchObject({ code: 'not_found' });
  });

  test('Content-Disposition for Thai file names (RFC 5987) is available to plugins', () => {
    expect(contentDisposition('ใบกำกับภาษี.pdf')).toBe(
      `attachment; filename="___________.pdf"; filename*=UTF-8''${encodeURIComponent('ใบกำกับภาษี.pdf')}`,
    );
  });
});
