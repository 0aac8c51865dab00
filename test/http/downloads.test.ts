/**
 * Downloads through every driver: the native file route and a dialect's (Docflo) answer Range, If-Range
 * and If-None-Match the same way, with ETag and Content-Length, whether the blob is a local file or an
 * object in an S3 bucket (s3rver). Expected bytes are slices of the uploaded buffer, expected tags its hash.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { IN_MEMORY_BODY } from '../../src/core/blobs.ts';
import { S3Blobs } from '../../src/core/blobs/s3.ts';
import { tinyPdf } from '../helpers/files.ts';
import { startTestS3, type TestS3 } from '../helpers/s3.ts';
import { form, startTestServer, type TestServer } from '../helpers/server.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

for (const driver of ['local', 's3'] as const) {
  describe(`downloads from the ${driver} blob driver`, () => {
    let s: TestServer;
    let s3: TestS3 | undefined;
    let pdf: Uint8Array<ArrayBuffer>;
    let id: string;
    const routes = () => [
      {
        name: 'native',
        get: (h: HeadersInit = {}) => s.fetch(`/api/v1/documents/${id}/file`, { headers: h }),
      },
      {
        name: 'docflo',
        get: (h: HeadersInit = {}) =>
          s.fetch(`/docs/v1/document/download/${id}/original`, {
            key: null,
            headers: { ...h, 'x-tenant-id': s.projectId, apiKey: s.adminKey } as HeadersInit,
          }),
      },
    ];

    beforeAll(async () => {
      if (driver === 's3') s3 = await startTestS3();
      s = await startTestServer({
        overrides: s3
          ? {
              blobs: new S3Blobs({
                endpoint: s3.endpoint,
                bucket: s3.bucket,
                accessKeyId: s3.accessKeyId,
                secretAccessKey: s3.secretAccessKey,
                prefix: 'dl',
                tmpDir: tmpdir(),
              }),
            }
          : {},
      });
      pdf = new Uint8Array(tinyPdf('ดาวน์โหลด download'));
      const body = form({ name: 'ใบแจ้งหนี้.pdf', content: pdf, type: 'application/pdf' });
      const res = await s.fetch('/api/v1/documents', { method: 'POST', body });
      expect(res.status).toBe(201);
      id = (await res.json()).data.id;
    });
    afterAll(async () => {
      await s.close();
      await s3?.stop();
    });

    test('the whole file: 200 with its length, a strong ETag of its hash and Accept-Ranges', async () => {
      for (const r of routes()) {
        const res = await r.get();
        expect(res.status).toBe(200);
        expect(res.headers.get('content-length')).toBe(String(pdf.length));
        expect(res.headers.get('etag')).toBe(`"${sha(pdf)}"`);
        expect(res.headers.get('accept-ranges')).toBe('bytes');
        expect(res.headers.get('content-type')).toBe('application/pdf');
        expect(sha(new Uint8Array(await res.arrayBuffer()))).toBe(sha(pdf));
      }
    });

    test('one range: 206 with Content-Range and exactly those bytes (first byte, middle, suffix, open end)', async () => {
      const n = pdf.length;
      const cases: [string, number, number][] = [
        ['bytes=0-0', 0, 0],
        ['bytes=10-19', 10, 19],
        ['bytes=-7', n - 7, n - 1],
        [`bytes=${n - 3}-`, n - 3, n - 1],
        [`bytes=5-${n + 100}`, 5, n - 1],
      ];
      for (const r of routes())
        for (const [range, start, end] of cases) {
          const res = await r.get({ range });
          expect(res.status).toBe(206);
          expect(res.headers.get('content-range')).toBe(`bytes ${start}-${end}/${n}`);
          expect(res.headers.get('content-length')).toBe(String(end - start + 1));
          expect(new Uint8Array(await res.arrayBuffer())).toEqual(pdf.slice(start, end + 1));
        }
    });

    test('a range past the end is 416 with the size; several ranges get the whole file', async () => {
      for (const r of routes()) {
        const past = await r.get({ range: `bytes=${pdf.length}-` });
        expect(past.status).toBe(416);
        expect(past.headers.get('content-range')).toBe(`bytes */${pdf.length}`);
        const multi = await r.get({ range: 'bytes=0-1,5-6' });
        expect(multi.status).toBe(200);
        expect((await multi.arrayBuffer()).byteLength).toBe(pdf.length);
      }
    });

    test('If-None-Match with the ETag is 304 without a body; another tag gets the file', async () => {
      for (const r of routes()) {
        const same = await r.get({ 'if-none-match': `"x", "${sha(pdf)}"` });
        expect(same.status).toBe(304);
        expect(same.headers.get('etag')).toBe(`"${sha(pdf)}"`);
        expect(await same.text()).toBe('');
        expect((await r.get({ 'if-none-match': '"other"' })).status).toBe(200);
      }
    });

    test.if(driver === 's3')(
      'a file above the in-memory limit (32 MiB) comes whole, with its length, from a spooled copy',
      async () => {
        const big = new Uint8Array(IN_MEMORY_BODY + 1024).fill(0x61);
        big.set(new TextEncoder().encode('ไฟล์ใหญ่ large file\n'));
        const up = await s.fetch('/api/v1/documents', {
          method: 'POST',
          body: form({ name: 'big.txt', content: big, type: 'text/plain' }),
        });
        expect(up.status).toBe(201);
        const bigId = (await up.json()).data.id;
        const res = await s.fetch(`/api/v1/documents/${bigId}/file`);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-length')).toBe(String(big.length));
        expect(sha(new Uint8Array(await res.arrayBuffer()))).toBe(sha(big));
      },
    );

    test('If-Range: the current ETag resumes with 206; a stale one restarts with the whole file', async () => {
      for (const r of routes()) {
        const resumed = await r.get({ range: 'bytes=4-', 'if-range': `"${sha(pdf)}"` });
        expect(resumed.status).toBe(206);
        expect(new Uint8Array(await resumed.arrayBuffer())).toEqual(pdf.slice(4));
        const stale = await r.get({ range: 'bytes=4-', 'if-range': `"${'0'.repeat(64)}"` });
        expect(stale.status).toBe(200);
        expect(new Uint8Array(await stale.arrayBuffer())).toEqual(pdf);
      }
    });
  });
}
