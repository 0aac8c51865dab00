import { afterAll, beforeAll, describe, expect, setDefaultTimeout, test } from 'bun:test';
import { readFileSync } from 'node:fs';
import { cer, FIXTURES, truth } from '../helpers/cer.ts';
import { xrefLoopPdf } from '../helpers/files.ts';
import { form, realOcr, startTestServer, type TestServer } from '../helpers/server.ts';

// Real OCR on a busy 2-core machine: the limit only catches a hang.
setDefaultTimeout(600_000);

let s: TestServer;
beforeAll(async () => {
  // The real tesseract pool behind the real server (not the fake engine the API tests use).
  s = await startTestServer({ overrides: realOcr(2) });
});
afterAll(() => s.close());

describe('uploading a real Thai scan through the native API', () => {
  test('stores the OCR text, per-page results and confidence; re-OCR with another language', async () => {
    const res = await s.fetch('/api/v1/documents', {
      method: 'POST',
      body: form({
        name: 'ใบแจ้งหนี้.png',
        content: readFileSync(`${FIXTURES}/thai-scan.png`),
        type: 'image/png',
      }),
    });
    expect(res.status).toBe(201);
    const { data } = await res.json();
    expect(data.status).toBe('queued');
    await s.drain();

    const doc = (await (await s.fetch(`/api/v1/documents/${data.id}`)).json()).data;
    expect(doc.status).toBe('completed');
    expect(doc.ocr.pages).toBe(1);
    expect(doc.ocr.confidence).toBeGreaterThan(0.7);
    const expected = truth('thai-scan.png')[0] as string;
    const text = await (await s.fetch(`/api/v1/documents/${data.id}/text`)).text();
    expect(cer(text, expected)).toBeLessThan(0.05);

    const pages = (await (await s.fetch(`/api/v1/documents/${data.id}/pages`)).json()).data;
    expect(pages[0]).toMatchObject({ page: 1, source: 'ocr', width: 1546, height: 553, error: null });
    expect(pages[0].raw_text.length).toBeGreaterThan(0);
    expect(pages[0].blocks[0].lines[0].words[0].bbox).toHaveLength(4);

    const again = await s.fetch(`/api/v1/documents/${data.id}/ocr`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ lang: 'eng' }),
    });
    expect(again.status).toBe(202);
    await s.drain();
    const redone = (await (await s.fetch(`/api/v1/documents/${data.id}`)).json()).data;
    expect(redone.status).toBe('completed');
    expect(redone.ocr.lang).toBe('eng');
    const english = await (await s.fetch(`/api/v1/documents/${data.id}/text`)).text();
    expect(english).toContain('Total amount due');
    // English-only data cannot read the Thai lines: the stored text really changed.
    expect(cer(english, expected)).toBeGreaterThan(0.3);
  });

  test('a corrupt PDF is refused at upload with a clear error', async () => {
    const res = await s.fetch('/api/v1/documents', {
      method: 'POST',
      body: form({ name: 'broken.pdf', content: readFileSync(`${FIXTURES}/corrupt.pdf`) }),
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('corrupt');
  });

  test('a PDF only a parser can find broken is acknowledged, then failed by its job with the reason', async () => {
    // Header, cross-reference pointer and end-of-file marker are there (the byte checks at upload
    // pass); the objects are garbage. Parsing it belongs to the job, not to the acknowledgement.
    const garbage = `%PDF-1.4\n${'garbage '.repeat(50)}\nstartxref\n12\n%%EOF\n`;
    const res = await s.fetch('/api/v1/documents', {
      method: 'POST',
      body: form({ name: 'garbage.pdf', content: garbage }),
    });
    expect(res.status).toBe(201);
    const { data } = await res.json();
    await s.drain();
    const doc = (await (await s.fetch(`/api/v1/documents/${data.id}`)).json()).data;
    expect(doc.status).toBe('failed');
    expect(JSON.stringify(doc)).toContain('The PDF is corrupt');
  });

  test('a PDF whose cross-reference sections loop is repaired (as qpdf and poppler do), not refused', async () => {
    for (const kind of ['self', 'two'] as const) {
      const pdf = xrefLoopPdf(kind);
      const res = await s.fetch('/api/v1/documents', {
        method: 'POST',
        body: form({ name: `xref-loop-${kind}.pdf`, content: pdf.bytes }),
      });
      expect(res.status).toBe(201);
      const { data } = await res.json();
      await s.drain();
      const doc = (await (await s.fetch(`/api/v1/documents/${data.id}`)).json()).data;
      expect([kind, doc.status, doc.ocr?.pages]).toEqual([kind, 'completed', 1]);
      expect((await (await s.fetch(`/api/v1/documents/${data.id}/text`)).text()).trim()).toBe(pdf.text);
      const original = new Uint8Array(
        await (await s.fetch(`/api/v1/documents/${data.id}/file`)).arrayBuffer(),
      );
      expect(Buffer.compare(Buffer.from(original), Buffer.from(pdf.bytes))).toBe(0);
    }
  });
});
