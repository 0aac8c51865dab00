import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { createServices, type Services } from '../../src/services.ts';
import type { PageRow } from '../../src/db/schema.ts';
import { FakeOcrEngine } from '../helpers/fake-ocr.ts';
import { form, startTestServer, type TestServer } from '../helpers/server.ts';

// Stored text written by an older docserve (spaces between Thai characters deleted, PDF text layers
// joined without geometry) is re-derived once by a background job after the upgrade.
const DIR = 'test/fixtures/thai-text';
setDefaultTimeout(120_000);
let s: TestServer;
let upgraded: Services | undefined;
const ids: Record<string, string> = {};

async function upload(name: string, content: string | Uint8Array) {
  const res = await s.fetch('/api/v1/documents', { method: 'POST', body: form({ name, content }) });
  expect(res.status).toBe(201);
  return (await res.json()).data.id as string;
}

/** Rewrites a document's pages the way the old rules stored them. */
function storeOld(services: Services, id: string, rows: Partial<PageRow>[]) {
  services.repos.pages.replaceAll(
    id,
    rows.map((r, i) => ({
      documentId: id,
      pageNo: i + 1,
      source: 'text',
      text: '',
      rawText: '',
      confidence: null,
      width: null,
      height: null,
      layout: null,
      error: null,
      ...r,
    })),
  );
}

const OLD_NOTE = {
  text: 'ผู้ขายบริษัทสยามเทคจำกัด\nผู้ซื้อห้างหุ้นส่วนจำกัดรุ่งเรือง',
  rawText: 'ผู้ขาย บริษัท สยามเทค จำกัด\nผู้ซื้อ ห้างหุ้นส่วนจำกัด รุ่งเรือง\n',
};
const OLD_PDF = { source: 'text-layer', text: 'บริษัทฟ้าใสคลีนนิ่งเซอร์วิสจำกัด\nเมล็ดพันธ์ุผัก', rawText: 'บริษัท ฟ' };

function forgetRevision(services: Services, cursor = '') {
  for (const key of ['text_revision', 'text_revision_cursor', 'text_revision_job'])
    services.repos.db.$client.run('DELETE FROM settings WHERE key = ?', [key]);
  if (cursor) services.repos.settings.set('text_revision_cursor', cursor);
}

async function restart(old: Services): Promise<Services> {
  await old.close();
  const next = createServices(old.config, { ocr: new FakeOcrEngine() });
  await next.start();
  await next.runner.drain(120_000);
  return next;
}

const word = (text: string, x0: number, x1: number) => ({ text, bbox: [x0, 10, x1, 40], confidence: 0.9 });

beforeAll(async () => {
  s = await startTestServer();
  ids.note = await upload('note.txt', 'ผู้ขาย บริษัท สยามเทค จำกัด\nผู้ซื้อ ห้างหุ้นส่วนจำกัด รุ่งเรือง\n');
  ids.pdf = await upload('handmade.pdf', readFileSync(`${DIR}/handmade.pdf`));
  ids.scan = await upload('scan.png', readFileSync('test/fixtures/ocr/thai-scan.png'));
  await s.drain();
  const old = s.services;
  storeOld(old, ids.note as string, [OLD_NOTE]);
  storeOld(old, ids.pdf as string, [OLD_PDF]);
  // tesseract's words (one per character cluster) with its own text; a space only before สยาม
  const words = [word('บ', 0, 20), word('ริ', 22, 40), word('ษั', 42, 62), word('ท', 64, 84)];
  words.push(word('ส', 110, 130), word('ยา', 132, 170), word('ม', 172, 192));
  storeOld(old, ids.scan as string, [
    {
      source: 'ocr',
      text: 'บริษัทสยาม',
      rawText: 'บริษัท สยาม\n',
      confidence: 0.9,
      layout: JSON.stringify([
        {
          text: 'บริษัทสยาม',
          bbox: [0, 10, 192, 40],
          confidence: 0.9,
          lines: [{ text: 'บริษัทสยาม', bbox: [0, 10, 192, 40], confidence: 0.9, words }],
        },
      ]),
    },
  ]);
  forgetRevision(old);
  upgraded = await restart(old);
});
afterAll(async () => {
  await upgraded?.close();
  await s.close();
});

describe('upgrading stored text to the revised Thai text rules', () => {
  test('plain text gets its spaces back, from the text it was extracted as', async () => {
    expect(await upgraded?.documents.text(s.projectId, ids.note as string)).toBe(OLD_NOTE.rawText);
  });

  test('a PDF text layer is read again from the original, which is left untouched', async () => {
    const text = await upgraded?.documents.text(s.projectId, ids.pdf as string);
    expect(text).toBe(readFileSync(`${DIR}/handmade.txt`, 'utf8').trimEnd());
    const doc = upgraded?.repos.documents.getUnscoped(ids.pdf as string);
    const stored = Buffer.from((await upgraded?.blobs.bytes(doc?.sha256 as string)) ?? []);
    expect(new Bun.CryptoHasher('sha256').update(stored).digest('hex')).toBe(doc?.sha256 as string);
    expect(stored.equals(readFileSync(`${DIR}/handmade.pdf`))).toBe(true);
  });

  test('OCR text is spaced again from the words and boxes the engine returned, without OCR', async () => {
    const [page] = (await upgraded?.documents.pages(s.projectId, ids.scan as string)) ?? [];
    expect(page?.text).toBe('บริษัท สยาม');
    expect(page?.rawText).toBe('บริษัท สยาม\n');
    expect(page?.blocks[0]?.lines[0]?.words.map((w) => w.text)).toEqual(['บริษัท', 'สยาม']);
  });

  test('the search index follows; the job is done once and not queued again on the next start', async () => {
    const hits =
      (await upgraded?.search.search({ projectId: s.projectId, q: 'ผู้ขายบริษัทสยามเทค' }))?.hits ?? [];
    expect(hits.map((h) => h.documentId)).toEqual([ids.note as string]);
    expect(upgraded?.repos.settings.get('text_revision')).toBe('2');
    upgraded = await restart(upgraded as Services);
    const jobs = (await upgraded.storage.jobs.counts()).filter((c) => c.kind === 'text.revise');
    expect(jobs).toEqual([{ kind: 'text.revise', status: 'done', n: 1 }]);
  });

  test('a restart resumes the job where it stopped (its place is kept in the database)', async () => {
    const before = upgraded as Services;
    storeOld(before, ids.note as string, [OLD_NOTE]);
    storeOld(before, ids.pdf as string, [OLD_PDF]);
    forgetRevision(before, ids.note as string);
    upgraded = await restart(before);
    expect(await upgraded.documents.text(s.projectId, ids.note as string)).toBe(OLD_NOTE.text);
    expect(await upgraded.documents.text(s.projectId, ids.pdf as string)).toBe(
      readFileSync(`${DIR}/handmade.txt`, 'utf8').trimEnd(),
    );
    expect(upgraded.repos.settings.get('text_revision')).toBe('2');
  });
});
