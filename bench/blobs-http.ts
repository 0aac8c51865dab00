/**
 * What an S3 bucket adds to uploads and downloads as a client sees them: the native API over HTTP
 * (`POST /api/v1/documents`, `GET /api/v1/documents/:id/file`) on a server whose files live in the data
 * directory against the same server with `--blobs s3://…` (s3rver, the test suite's S3 server, on this
 * machine: the ratio is the protocol and the read-back verification, not a network).
 *
 *   npx bun bench/blobs-http.ts [--rounds 4] [--files 40] [--kb 60]
 *
 * Each round uploads `--files` distinct files of `--kb` KB to each server in turn (alternating who goes
 * first), then downloads each; figures are the median over rounds of the mean ms per request. OCR runs
 * on the fake engine and the job runner is off, so only storage and HTTP are measured.
 */
import { loadavg, tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { S3Blobs } from '../src/core/blobs/s3.ts';
import { startTestS3 } from '../test/helpers/s3.ts';
import { form, startTestServer, type TestServer } from '../test/helpers/server.ts';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '4' },
    files: { type: 'string', default: '40' },
    kb: { type: 'string', default: '60' },
  },
});
const rounds = Number(values.rounds);
const files = Number(values.files);
const bytes = Number(values.kb) * 1024;

const s3 = await startTestS3();
const servers: Record<'local' | 's3', TestServer> = {
  local: await startTestServer({ jobs: false }),
  s3: await startTestServer({
    jobs: false,
    overrides: {
      blobs: new S3Blobs({
        endpoint: s3.endpoint,
        bucket: s3.bucket,
        accessKeyId: s3.accessKeyId,
        secretAccessKey: s3.secretAccessKey,
        prefix: 'bench',
        tmpDir: tmpdir(),
      }),
    },
  }),
};
let seq = 0;
/** A distinct plain-text file of `bytes` bytes (random ASCII words; plain text is an accepted upload). */
const payload = () => {
  const b = new Uint8Array(bytes);
  crypto.getRandomValues(b);
  for (let i = 0; i < b.length; i++) b[i] = i % 8 === 7 ? 32 : 97 + ((b[i] as number) % 26);
  b.set(new TextEncoder().encode(`file ${++seq} `));
  return b;
};

async function round(s: TestServer): Promise<{ up: number; down: number }> {
  const ids: string[] = [];
  let t = performance.now();
  for (let i = 0; i < files; i++) {
    const res = await s.fetch('/api/v1/documents', {
      method: 'POST',
      body: form({ name: `b${seq}.txt`, content: payload(), type: 'text/plain' }),
    });
    if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
    ids.push((await res.json()).data.id);
  }
  const up = (performance.now() - t) / files;
  t = performance.now();
  for (const id of ids) {
    const res = await s.fetch(`/api/v1/documents/${id}/file`);
    if ((await res.arrayBuffer()).byteLength !== bytes) throw new Error('short download');
  }
  return { up, down: (performance.now() - t) / files };
}

const results: Record<'local' | 's3', { up: number[]; down: number[] }> = {
  local: { up: [], down: [] },
  s3: { up: [], down: [] },
};
for (let r = 0; r < rounds; r++) {
  const order = r % 2 ? (['s3', 'local'] as const) : (['local', 's3'] as const);
  for (const k of order) {
    const { up, down } = await round(servers[k]);
    results[k].up.push(up);
    results[k].down.push(down);
  }
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? (s[(s.length - 1) / 2] as number)
    : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};
const f = (n: number) => n.toFixed(2);
console.log(
  `blobs over HTTP: ${rounds} rounds x ${files} files of ${values.kb} KB, load ${loadavg()[0]?.toFixed(2)}`,
);
for (const k of ['up', 'down'] as const) {
  const l = median(results.local[k]);
  const s = median(results.s3[k]);
  console.log(
    `${k === 'up' ? 'upload  ' : 'download'}  local ${f(l)} ms  s3 ${f(s)} ms  ratio s3/local ${(s / l).toFixed(2)}x  (+${f(s - l)} ms per request)`,
  );
}
await servers.local.close();
await servers.s3.close();
await s3.stop();
