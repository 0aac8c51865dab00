import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createCanvas } from '@napi-rs/canvas';
import { PDFDocument } from 'pdf-lib';
import { imageToPdf } from '../../src/core/derived-pdf.ts';
import { tinyPdf, tinyPng } from '../helpers/files.ts';
import { form, startTestServer, type TestServer } from '../helpers/server.ts';

/** A 300x150 image in the given format, drawn in memory. */
function drawn(format: 'png' | 'jpeg' | 'webp' | 'gif'): Uint8Array {
  const canvas = createCanvas(300, 150);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, 300, 150);
  ctx.fillStyle = '#000';
  ctx.fillRect(20, 20, 100, 40);
  return format === 'png' ? canvas.encodeSync('png') : canvas.encodeSync(format as 'jpeg');
}

async function pageSize(pdf: Uint8Array): Promise<[number, number]> {
  const doc = await PDFDocument.load(pdf);
  expect(doc.getPageCount()).toBe(1);
  const { width, height } = (doc.getPage(0) as ReturnType<typeof doc.getPage>).getSize();
  return [Math.round(width), Math.round(height)];
}

describe('imageToPdf', () => {
  test.each([
    ['image/png', 'png'],
    ['image/jpeg', 'jpeg'],
    ['image/webp', 'webp'],
    ['image/gif', 'gif'],
  ] as const)('%s becomes a one-page PDF with the image aspect ratio', async (mime, format) => {
    const pdf = await imageToPdf(drawn(format), mime);
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-');
    expect(await pageSize(pdf)).toEqual([842, 421]);
  });

  test('TIFF has no converter', async () => {
    await expect(imageToPdf(Uint8Array.from([0x49, 0x49, 0x2a, 0]), 'image/tiff')).rejects.toThrow(
      'No PDF conversion for image/tiff',
    );
  });
});

describe('derived PDFs of uploads', () => {
  let s: TestServer;
  beforeAll(async () => {
    s = await startTestServer();
  });
  afterAll(() => s.close());

  const upload = async (name: string, content: Uint8Array) =>
    (await (await s.fetch('/api/v1/documents', { method: 'POST', body: form({ name, content }) })).json())
      .data;

  test('an image gets its PDF rendition on first request, once; PDFs are their own; text has none', async () => {
    const pdfs = s.services.pdfs;
    const png = await upload('scan.png', tinyPng());
    const pdf = await upload('doc.pdf', tinyPdf('derived'));
    const txt = await upload('note.txt', new TextEncoder().encode(`plain ${Math.random()}`));
    expect(s.services.repos.documents.get(s.projectId, png.id)?.pdfSha256).toBeNull();
    const [a, b] = await Promise.all([pdfs.ensure(s.projectId, png.id), pdfs.ensure(s.projectId, png.id)]);
    expect(a?.pdfSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(b?.pdfSha256).toBe(a?.pdfSha256 as string);
    const file = await s.services.documents.file(s.projectId, png.id, 'pdf');
    expect(file.name).toBe('scan.pdf');
    expect(await pageSize(await file.bytes())).toEqual([842, 842]);
    expect((await pdfs.ensure(s.projectId, pdf.id))?.pdfSha256).toBe(pdf.sha256);
    expect((await pdfs.ensure(s.projectId, txt.id))?.pdfSha256).toBeNull();
    expect(await pdfs.ensure((await s.newProject('elsewhere')).projectId, png.id)).toBeUndefined();
    expect(pdfs.canConvert('image/tiff')).toBe(false);
    const res = await s.fetch(`/api/v1/documents/${png.id}/file?variant=pdf`);
    expect(res.status).toBe(200);
  });

  test('the same image always gives the same PDF bytes', async () => {
    const png = drawn('png');
    expect(
      Buffer.from(await imageToPdf(png, 'image/png')).equals(Buffer.from(await imageToPdf(png, 'image/png'))),
    ).toBe(true);
  });
});
