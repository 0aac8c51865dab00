/**
 * Issue 16's acceptance on a real server with the real OCR engine and every dialect: the spaces of
 * Thai text (`บริษัท สยามเทค จำกัด`) survive every way a document comes in (PDF text layer, plain text,
 * DOCX, XLSX, a scan read by tesseract) and every way its text goes out (native text, DOC.IN.TH OCR
 * extract, Ocriva's processing result, Docflo's analyze, DocRouter's download/text and markdown, the
 * `docserve ocr` CLI).
 * Expected texts are the fixtures' typed lines (test/fixtures/thai-text).
 */
import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { dialects } from '../../plugins/index.ts';
import { runCli } from '../helpers/cli.ts';
import { tinyDocx, tinyXlsx } from '../helpers/office.ts';
import { form, realOcr, startTestServer, type TestServer } from '../helpers/server.ts';

// Real OCR on two shared cores: generous per-test time.
setDefaultTimeout(120_000);

const DIR = 'test/fixtures/thai-text';
const SELLER = 'บริษัท สยามเทค จำกัด';
const LETTER = 'เรียน ผู้จัดการฝ่ายบัญชี บริษัท สยามเทค จำกัด';
const DATE = 'กรุณาชำระภายในวันที่ 21 มี.ค. 69';

let s: TestServer;
let project: { projectId: string; key: string };
const ids: Record<string, string> = {};

/** The documents, each with lines its stored text must contain exactly (spaces included). */
const files: Record<string, { content: () => Promise<Uint8Array | string>; lines: string[] }> = {
  'layer.pdf': {
    content: async () => readFileSync(`${DIR}/handmade.pdf`),
    lines: ['ผู้ซื้อ', SELLER, 'ส่งของวันที่ 21 มี.ค. 69 ราคา 1,250.00 บาท', 'เมล็ดพันธุ์ผัก ก๊อกน้ำ ข้าวหอมมะลิ'],
  },
  'letter.txt': { content: async () => `${LETTER}\n${DATE}\n`, lines: [LETTER, DATE] },
  'letter.docx': { content: async () => tinyDocx([LETTER, DATE]), lines: [LETTER, DATE] },
  'sheet.xlsx': {
    content: () => tinyXlsx({ ลูกค้า: [['ผู้ขาย'], [SELLER], [DATE]] }),
    lines: [SELLER, DATE],
  },
  'scan.png': {
    content: async () => readFileSync(`${DIR}/spacing-scan.png`),
    lines: [LETTER, 'ตามที่ท่านได้สั่งซื้อสินค้า ทางร้านได้จัดส่งเรียบร้อยแล้ว'],
  },
};
const names = Object.keys(files);

beforeAll(async () => {
  s = await startTestServer({ overrides: realOcr(1), plugins: dialects as never[] });
  project = await s.newProject('Thai spaces');
  for (const [name, f] of Object.entries(files)) {
    const res = await s.fetch('/api/v1/documents', {
      method: 'POST',
      body: form({ name, content: await f.content() }),
      key: project.key,
    });
    expect(res.status).toBe(201);
    ids[name] = (await res.json()).data.id;
  }
  await s.drain();
});
afterAll(() => s.close());

const call = (path: string, init: RequestInit = {}) => s.fetch(path, { ...init, key: project.key });
const linesOf = (text: string) => text.split('\n').map((l) => l.trim());

describe.each(names)('%s: the Thai spaces of the document in every text docserve returns', (name) => {
  const expectLines = (text: string) => {
    for (const line of files[name]?.lines ?? []) expect(linesOf(text)).toContain(line);
  };

  test('native API text', async () => {
    expectLines(await (await call(`/api/v1/documents/${ids[name]}/text`)).text());
  });

  test('DOC.IN.TH OCR extract, text and JSON', async () => {
    const body = (output_format: string) => ({
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ document_id: `doc_${ids[name]}`, output_format }),
    });
    expectLines(await (await call('/v2/ocr/extract', body('text'))).text());
    expectLines((await (await call('/v2/ocr/extract', body('json'))).json()).text);
  });

  test('Ocriva processing result', async () => {
    const res = await fetch(`${s.url}/v1/openapi/processing-history/${ids[name]}`, {
      headers: { 'x-api-key': project.key },
    });
    expectLines((await res.json()).processingResult.text);
  });

  test('DocRouter download/text (and the markdown export, which DocRouter has for PDFs and images)', async () => {
    const base = `/v0/orgs/${project.projectId}/ocr`;
    expectLines(await (await call(`${base}/download/text/${ids[name]}`)).text());
    if (/\.(pdf|png)$/.test(name))
      expectLines(await (await call(`${base}/export/markdown/${ids[name]}`)).text());
  });
});

test.each(['letter.txt', 'scan.png', 'layer.pdf'])(
  "%s through Docflo's analyze: the content keeps the spaces",
  async (name) => {
    const f = files[name];
    const res = await s.fetch('/docs/v1/document/analyze', {
      method: 'POST',
      body: form({ name, content: (await f?.content()) ?? '' }, { type: 'invoice' }),
      key: null,
      headers: { 'x-tenant-id': project.projectId, apiKey: project.key },
    });
    expect(res.status).toBe(200);
    const content = (await res.json()).content as string;
    for (const line of f?.lines ?? []) expect(linesOf(content)).toContain(line);
  },
);

test('search finds the text-layer PDF by a word whose marks the PDF draws out of typed order, and the seller with or without its spaces', async () => {
  const found = async (q: string) =>
    (
      (await (await call(`/api/v1/search?q=${encodeURIComponent(q)}`)).json()).data as {
        document: { name: string };
      }[]
    ).map((h) => h.document.name);
  expect(await found('เมล็ดพันธุ์')).toContain('layer.pdf');
  expect(await found('21 มี.ค. 69')).toContain('layer.pdf');
  for (const q of [SELLER, 'บริษัทสยามเทคจำกัด'])
    expect((await found(q)).sort()).toEqual([
      'layer.pdf',
      'letter.docx',
      'letter.txt',
      'scan.png',
      'sheet.xlsx',
    ]);
});

test.each(['layer.pdf', 'scan.png'])(
  '%s through `docserve ocr`: the printed text keeps the spaces',
  async (name) => {
    const path = name === 'layer.pdf' ? `${DIR}/handmade.pdf` : `${DIR}/spacing-scan.png`;
    const { code, stdout } = await runCli(['ocr', path, '--workers', '1']);
    expect(code).toBe(0);
    for (const line of files[name]?.lines ?? []) expect(linesOf(stdout)).toContain(line);
  },
);
