import { afterAll, beforeAll, expect, test } from 'bun:test';
import { tinyPdf } from '../helpers/files.ts';
import { form, startTestServer, type TestServer } from '../helpers/server.ts';

let s: TestServer;

async function upload(name: string, content: string | Uint8Array) {
  const res = await s.fetch('/api/v1/documents', { method: 'POST', body: form({ name, content }) });
  expect(res.status).toBe(201);
}

async function search(q: string) {
  const res = await s.fetch(`/api/v1/search?q=${encodeURIComponent(q)}`);
  expect(res.status).toBe(200);
  return res.json();
}

beforeAll(async () => {
  s = await startTestServer();
  await upload('typed.txt', 'ใบเสนอราคา เลขที่ QT-0042 งานทาสีอาคาร');
  // A scan whose OCR read ค as ด and dropped the tone mark of ค่า (fake OCR: the text after the marker).
  await upload('scan.pdf', tinyPdf('FAKE-OCR: ใบเสนอราดา เลขที่ QT-0043 คาติดตั้งระบบไฟฟ้า'));
  await upload('other.txt', 'สัญญาจ้างงานก่อสร้างอาคารสำนักงาน');
  await s.drain();
});
afterAll(() => s.close());

test('a word OCR misread in a scan is found by the correct spelling, after the exact match, marked in the snippet', async () => {
  const body = await search('ใบเสนอราคา');
  expect(body.meta.total).toBe(2);
  expect(body.data.map((d: { document: { name: string } }) => d.document.name)).toEqual([
    'typed.txt',
    'scan.pdf',
  ]);
  expect(body.data[1].snippet).toContain('<mark>ใบเสนอราดา</mark>');
  expect(body.data[1].score).toBeLessThan(body.data[0].score);
  const dropped = await search('ค่าติดตั้ง');
  expect(dropped.data.map((d: { document: { name: string } }) => d.document.name)).toEqual(['scan.pdf']);
});

test('a quoted phrase and an unrelated word do not match misreads', async () => {
  expect((await search('"ใบเสนอราคา"')).meta.total).toBe(1);
  expect((await search('ใบกำกับภาษี')).meta.total).toBe(0);
  expect((await search('ใบเสร็จรับเงิน')).meta.total).toBe(0);
});
