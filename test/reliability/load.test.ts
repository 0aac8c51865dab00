import { afterAll, beforeAll, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type ServerProcess, startServerProcess } from '../helpers/cli.ts';
import { tinyPdf } from '../helpers/files.ts';
import { reliability } from '../helpers/reliability.ts';
import { form, tempDir } from '../helpers/server.ts';

const dir = tempDir('docserve-load-');
let server: ServerProcess;
let warmRssMb = 0;
beforeAll(async () => {
  server = await startServerProcess(dir.path);
  // One OCRed upload first, so the OCR pool and pdf.js are loaded before the burst is measured.
  const auth = { authorization: `Bearer ${server.adminKey}` };
  const res = await fetch(`${server.url}/api/v1/documents`, {
    method: 'POST',
    headers: auth,
    body: form({ name: 'warm-up.pdf', content: tinyPdf('warm up') }),
  });
  const id = (await res.json()).data.id;
  for (let status = ''; status !== 'completed' && status !== 'failed'; await Bun.sleep(100))
    status = (await (await fetch(`${server.url}/api/v1/documents/${id}`, { headers: auth })).json()).data
      .status;
  warmRssMb = rssMb('VmRSS');
}, 600_000);
afterAll(async () => {
  await server.stop();
  dir.cleanup();
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const rssMb = (field: 'VmRSS' | 'VmHWM') =>
  Number(
    readFileSync(`/proc/${server.proc.pid}/status`, 'utf8').match(new RegExp(`${field}:\\s+(\\d+)`))?.[1] ??
      0,
  ) / 1024;

/** Mixed files; every 25th is a 48 MB archive stored without processing, to measure streaming alone. */
function file(i: number): { name: string; bytes: Uint8Array; store?: boolean } {
  if (i % 25 === 0) return { name: `archive-${i}.txt`, bytes: textBlob(48 * 1024 * 1024, i), store: true };
  if (i % 3 === 0) return { name: `scan-${i}.pdf`, bytes: tinyPdf(`load ${i}`) };
  const text = `ใบแจ้งหนี้ ${i} ${'x'.repeat(1000 + (i % 7) * 20_000)}\n`;
  return { name: `note-${i}.txt`, bytes: new TextEncoder().encode(text) };
}

/** A large plain-text file (valid UTF-8) of the given size. */
function textBlob(size: number, i: number): Uint8Array {
  const head = new TextEncoder().encode(`${i}-${Math.random()}\n`);
  const line = new TextEncoder().encode(`line ${i} ${'x'.repeat(40)}\n`);
  const out = new Uint8Array(size);
  for (let o = head.length; o < out.length; o += line.length)
    out.set(line.subarray(0, Math.min(line.length, out.length - o)), o);
  out.set(head, 0);
  return out;
}

test('500 concurrent uploads of mixed files: zero lost, zero duplicated, zero 5xx, memory bounded', async () => {
  const key = server.adminKey as string;
  const files = Array.from({ length: 480 }, (_, i) => file(i));
  const same = tinyPdf(`identical ${Math.random()}`);
  const statuses: number[] = [];
  const ids = new Map<string, string>();
  const sameIds = new Set<string>();
  const totalBytes = files.reduce((n, f) => n + f.bytes.length, 0);
  const upload = async (name: string, bytes: Uint8Array, store = false) => {
    reliability.uploads++;
    const res = await fetch(`${server.url}/api/v1/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: form({ name, content: bytes }, store ? { run_ocr: 'false' } : {}),
    });
    statuses.push(res.status);
    return res.status < 300 ? (await res.json()).data : null;
  };
  await Promise.all([
    ...files.map(async (f) => {
      const doc = await upload(f.name, f.bytes, f.store);
      if (doc) ids.set(sha(f.bytes), doc.id);
    }),
    ...Array.from({ length: 20 }, async () => {
      const doc = await upload('same.pdf', same);
      if (doc) sameIds.add(doc.id);
    }),
  ]);
  expect(statuses.length).toBe(500);
  expect(statuses.filter((s) => s >= 500)).toEqual([]);
  expect(statuses.filter((s) => s !== 200 && s !== 201)).toEqual([]);
  expect(ids.size).toBe(files.length);
  expect(sameIds.size).toBe(1);
  reliability.acknowledgedUploads += 500;

  const listed = new Set<string>();
  for (let page = 1; ; page++) {
    const body = await (
      await fetch(`${server.url}/api/v1/documents?per_page=100&page=${page}`, {
        headers: { authorization: `Bearer ${key}` },
      })
    ).json();
    for (const d of body.data) listed.add(d.sha256);
    if (body.data.length < 100) break;
  }
  expect(listed.size).toBe(files.length + 2); // + the warm-up and the identical file
  for (const s of ids.keys()) if (!listed.has(s)) reliability.losses++;
  expect([...ids.keys()].every((s) => listed.has(s))).toBe(true);

  // Uploads stream to disk: the burst adds far less memory than the volume uploaded at once.
  const peak = rssMb('VmHWM');
  const uploadedMb = totalBytes / 1048576;
  console.log(
    `load: ${uploadedMb.toFixed(0)} MB uploaded by 500 concurrent requests; server RSS ${warmRssMb.toFixed(0)} MB warm, peak ${peak.toFixed(0)} MB`,
  );
  expect(peak - warmRssMb).toBeLessThan(uploadedMb * 0.4);
}, 300_000);
