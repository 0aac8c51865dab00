/**
 * Blob store benchmark: what an S3-compatible object store adds to uploads and reads, against the local
 * data directory, through the same blob port (`src/core/blobs/`).
 *
 *   npx bun bench/blobs.ts [--rounds 5] [--small 200] [--large 4]
 *
 * Workloads, each a fixed amount of work timed per operation (milliseconds, lower is better):
 * - put small: `--small` 60 KB files (a phone photo of a receipt, a one-page PDF), staged then stored
 * - get small: reading each of them back whole
 * - put large / get large: `--large` 24 MB files (a long scanned PDF; a multipart upload on S3)
 * The S3 server is `s3rver` (the test suite's S3 server, a Node program over a directory) on this
 * machine, so the ratio measures the protocol and verification overhead (S3 reads every object back to
 * check its SHA-256), not a network; a remote bucket adds its round trips. Rounds alternate the
 * contenders (rotating who goes first); figures are min and median over rounds, with this process's CPU
 * time per operation and the load average.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LocalBlobs } from '../src/core/blobs/local.ts';
import type { BlobStorage, StagedFile } from '../src/core/blobs/port.ts';
import { S3Blobs } from '../src/core/blobs/s3.ts';
import { startTestS3 } from '../test/helpers/s3.ts';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    small: { type: 'string', default: '200' },
    large: { type: 'string', default: '4' },
  },
});
const rounds = Number(values.rounds);
const SMALL = Number(values.small);
const LARGE = Number(values.large);

const dir = mkdtempSync(join(tmpdir(), 'docserve-bench-blobs-'));
const s3 = await startTestS3();
let seq = 0;

/** Distinct files of `size` bytes (each round stores new blobs: no de-duplication shortcut). */
function files(count: number, size: number): StagedFile[] {
  return Array.from({ length: count }, () => {
    const bytes = new Uint8Array(size);
    crypto.getRandomValues(bytes.subarray(0, Math.min(size, 65_536)));
    new DataView(bytes.buffer).setFloat64(size - 8, ++seq);
    const tmpPath = join(dir, 'staged', `s${seq}`);
    writeFileSync(tmpPath, bytes);
    return { tmpPath, sha256: createHash('sha256').update(bytes).digest('hex'), size };
  });
}

type Timing = { ms: number; cpuMs: number };

async function timed(ops: number, fn: () => Promise<void>): Promise<Timing> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  await fn();
  const used = process.cpuUsage(cpu);
  return { ms: (performance.now() - t) / ops, cpuMs: (used.user + used.system) / 1000 / ops };
}

async function round(store: BlobStorage): Promise<Record<string, Timing>> {
  const out: Record<string, Timing> = {};
  for (const [name, count, size] of [
    ['small', SMALL, 60 * 1024],
    ['large', LARGE, 24 * 1024 * 1024],
  ] as const) {
    const batch = files(count, size);
    out[`put ${name}`] = await timed(count, async () => {
      for (const f of batch) await store.put(f);
    });
    out[`get ${name}`] = await timed(count, async () => {
      for (const f of batch) await store.bytes(f.sha256);
    });
  }
  return out;
}

mkdirSync(join(dir, 'staged'));
mkdirSync(join(dir, 'copies'));
const contenders: Record<string, BlobStorage> = {
  local: new LocalBlobs(join(dir, 'blobs')),
  s3: new S3Blobs({ ...s3, prefix: 'bench', tmpDir: join(dir, 'copies') }),
};
const results: Record<string, Record<string, Timing[]>> = { local: {}, s3: {} };
try {
  for (const store of Object.values(contenders)) await round(store);
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 ? ['s3', 'local'] : ['local', 's3'];
    for (const name of order) {
      const got = await round(contenders[name] as BlobStorage);
      const into = results[name] as Record<string, Timing[]>;
      for (const [k, v] of Object.entries(got)) {
        into[k] ??= [];
        into[k].push(v);
      }
    }
  }
} finally {
  await s3.stop();
  rmSync(dir, { recursive: true, force: true });
}

const min = (xs: number[]) => Math.min(...xs);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const f = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
console.log(
  `rounds ${rounds}, ${SMALL} x 60 KB and ${LARGE} x 24 MB per round; load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
console.log('workload      local ms/op (min/median, cpu)   s3 ms/op (min/median, cpu)   s3/local (median)');
for (const k of Object.keys(results.local ?? {})) {
  const l = results.local?.[k] ?? [];
  const s = results.s3?.[k] ?? [];
  const lm = median(l.map((x) => x.ms));
  const sm = median(s.map((x) => x.ms));
  console.log(
    `${k.padEnd(12)}  ${f(min(l.map((x) => x.ms)))} / ${f(lm)} (cpu ${f(median(l.map((x) => x.cpuMs)))})`.padEnd(
      46,
    ) +
      `${f(min(s.map((x) => x.ms)))} / ${f(sm)} (cpu ${f(median(s.map((x) => x.cpuMs)))})`.padEnd(29) +
      `${(sm / lm).toFixed(2)}x`,
  );
}
