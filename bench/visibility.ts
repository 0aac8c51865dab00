/**
 * How soon a document uploaded through one node is found through another: two real `docserve start`
 * processes on one PostgreSQL database and one S3 bucket (s3rver in this process), as in
 * bench/drain-nodes.ts. Each text document (no OCR) is uploaded to node A, one at a time; from the moment
 * A acknowledged it (HTTP 201) node B's search API is asked for the document's own word every `--poll-ms`
 * (10 ms) until it answers with it. Prints min / median / p99 / max of that time, the same for where it goes
 * (A finishing the document's processing and index jobs, read from PostgreSQL afterwards, and B's search
 * after A's index job committed), B's `/healthz` index lag and the load average.
 *
 *   npx bun bench/visibility.ts [--docs 60] [--poll-ms 10] [--both]
 *
 * `--burst` instead uploads every document at once (8 at a time, to A and B in turn) and prints how long
 * the uploads took and the CPU each node spent until every job finished: the cost of following the other
 * node's changes during a bulk upload.
 *
 * `--both` alternates the direction (A to B, B to A). The five slowest get their job timeline. Exits 1
 * when a document is never found (30 s).
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { SQL } from 'bun';
import { type ServerProcess, startServerProcess } from '../test/helpers/cli.ts';
import { startPostgresCluster } from '../test/helpers/postgres.ts';
import { startTestS3 } from '../test/helpers/s3.ts';
import { tempDir } from '../test/helpers/server.ts';
import { treeCpuSecs } from './contenders.ts';

const { values: args } = parseArgs({
  options: {
    docs: { type: 'string', default: '60' },
    'poll-ms': { type: 'string', default: '10' },
    both: { type: 'boolean', default: false },
    burst: { type: 'boolean', default: false },
  },
});
const DOCS = Number(args.docs);
const POLL_MS = Number(args['poll-ms']);
const GIVE_UP_MS = 30_000;

const log = (s: string) => console.log(s);
const load = () => (loadavg()[0] as number).toFixed(1);

/** min / median / p99 / max of `xs` in ms, as one line. */
function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] as number;
  return `min ${s[0]?.toFixed(0)}  median ${at(0.5).toFixed(0)}  p99 ${at(0.99).toFixed(0)}  max ${s.at(-1)?.toFixed(0)} ms`;
}

interface Sample {
  id: string;
  from: number;
  ackAt: number;
  /** First search hit on the other node, ms after the acknowledgement; NaN when never. */
  visibleMs: number;
  /** The other node's `index.following.behind_ms` seen while polling (largest). */
  lagMs: number;
}

const cluster = await startPostgresCluster({ synchronous_commit: 'off' });
const s3 = await startTestS3('docserve');
const dirs = [tempDir(), tempDir()];
const nodes: ServerProcess[] = [];
let failed = false;
try {
  const admin = new SQL({ url: cluster.url, max: 1 });
  await admin.unsafe('CREATE DATABASE visibility');
  await admin.close();
  const database = `${cluster.baseUrl}/visibility`;
  const start = (i: number) =>
    startServerProcess(dirs[i]?.path as string, {
      extraArgs: ['--database', database, '--blobs', 's3://docserve/visibility', '--ocr-workers', '1'],
      env: {
        DOCSERVE_S3_ENDPOINT: s3.endpoint,
        DOCSERVE_S3_ACCESS_KEY_ID: s3.accessKeyId,
        DOCSERVE_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      },
    });
  nodes.push(await start(0));
  nodes.push(await start(1));
  const auth = { authorization: `Bearer ${nodes[0]?.adminKey}` };
  log(
    `visibility: ${DOCS} text documents, 2 nodes on PostgreSQL + s3rver, polling the other node's search every ${POLL_MS} ms${args.both ? ', directions alternating' : ', A to B'}; load ${load()}`,
  );

  const search = async (node: ServerProcess, word: string, id: string) => {
    const res = await fetch(`${node.url}/api/v1/search?q=${word}`, { headers: auth });
    const body = (await res.json()) as { data?: { id?: string; document?: { id: string } }[] };
    return (body.data ?? []).some((h) => (h.document?.id ?? h.id) === id);
  };
  const lag = async (node: ServerProcess) =>
    Number(
      (
        (await (await fetch(`${node.url}/healthz`)).json()) as {
          index?: { following?: { behind_ms: number } };
        }
      ).index?.following?.behind_ms ?? 0,
    );

  const measureVisibility = async (): Promise<void> => {
    const samples: Sample[] = [];
    const load0 = load();
    const cpu0 = nodes.map((n) => treeCpuSecs(n.proc.pid));
    for (let i = 0; i < DOCS; i++) {
      const from = args.both ? i % 2 : 0;
      const [a, b] = [nodes[from], nodes[1 - from]] as [ServerProcess, ServerProcess];
      const word = `visword${String(i).padStart(4, '0')}`;
      const form = new FormData();
      form.append('file', new Blob([`${word} ใบส่งของ\n`], { type: 'text/plain' }), `v${i}.txt`);
      const res = await fetch(`${a.url}/api/v1/documents`, { method: 'POST', headers: auth, body: form });
      if (res.status !== 201) throw new Error(`upload ${i}: HTTP ${res.status} ${await res.text()}`);
      const ackAt = Date.now();
      const id = ((await res.json()) as { data: { id: string } }).data.id;
      let lagMs = 0;
      let visibleMs = Number.NaN;
      let polls = 0;
      while (Date.now() - ackAt < GIVE_UP_MS) {
        if (await search(b, word, id)) {
          visibleMs = Date.now() - ackAt;
          break;
        }
        if (++polls % 10 === 0) lagMs = Math.max(lagMs, await lag(b));
        await Bun.sleep(POLL_MS);
      }
      samples.push({ id, from, ackAt, visibleMs, lagMs });
      if (Number.isNaN(visibleMs)) failed = true;
      // The next upload starts with both nodes idle, as a single user's would.
      await Bun.sleep(50);
    }
    const load1 = load();
    const cpu = nodes.map((n, k) => treeCpuSecs(n.proc.pid) - (cpu0[k] as number));

    const probe = new SQL({ url: database, max: 1 });
    const jobs = new Map<string, { process?: number; index?: number; timeline: string[] }>();
    for (const r of await probe`
    SELECT document_id, kind, created_at::float8 AS created, finished_at::float8 AS finished, attempts
    FROM jobs WHERE kind IN ('document.process', 'document.index') ORDER BY created_at`) {
      const j = jobs.get(r.document_id) ?? { timeline: [] };
      if (r.kind === 'document.process') j.process = Math.max(j.process ?? 0, r.finished);
      else j.index = Math.max(j.index ?? 0, r.finished);
      j.timeline.push(`${r.kind.slice(9)} ${r.created}..${r.finished} (${r.attempts})`);
      jobs.set(r.document_id, j);
    }
    await probe.close();

    const seen = samples.filter((s) => !Number.isNaN(s.visibleMs));
    const processed = seen.map((s) => (jobs.get(s.id)?.process ?? Number.NaN) - s.ackAt);
    const indexed = seen.map((s) => (jobs.get(s.id)?.index ?? Number.NaN) - s.ackAt);
    const followed = seen.map((s, k) => s.visibleMs - (indexed[k] as number));
    log(`  upload acknowledged -> found through the other node: ${stats(seen.map((s) => s.visibleMs))}`);
    log(`    of which: processing job finished on the uploading node: ${stats(processed)}`);
    log(`              index job finished (committed) there:          ${stats(indexed)}`);
    log(`              the other node's search after that commit:     ${stats(followed)}`);
    log(
      `  the other node's /healthz index.following.behind_ms, largest seen: ${stats(samples.map((s) => s.lagMs))}`,
    );
    const slowest = seen.filter((x) => x.visibleMs > 1000).sort((x, y) => y.visibleMs - x.visibleMs);
    for (const s of slowest.slice(0, 5)) {
      const rel = (jobs.get(s.id)?.timeline ?? []).map((t) =>
        t.replace(/\d{13}(\.\d+)?/g, (n) => String(Math.round(Number(n) - s.ackAt))),
      );
      log(`    slow: ${s.visibleMs} ms after the ack; jobs (ms after the ack): ${rel.join(', ')}`);
    }
    log(`  CPU during the uploads: node A ${cpu[0]?.toFixed(1)} s, node B ${cpu[1]?.toFixed(1)} s`);
    log(
      `  over 1 s: ${seen.filter((s) => s.visibleMs > 1000).length} of ${samples.length}; never found: ${samples.length - seen.length}; load ${load0} -> ${load1}`,
    );
  };

  if (args.burst) {
    const load0 = load();
    const cpu0 = nodes.map((n) => treeCpuSecs(n.proc.pid));
    const t0 = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < DOCS) {
          const i = next++;
          const form = new FormData();
          form.append('file', new Blob([`burstword${i} ใบส่งของ\n`], { type: 'text/plain' }), `b${i}.txt`);
          const node = nodes[i % 2] as ServerProcess;
          const res = await fetch(`${node.url}/api/v1/documents`, {
            method: 'POST',
            headers: auth,
            body: form,
          });
          if (res.status !== 201) throw new Error(`upload ${i}: HTTP ${res.status}`);
        }
      }),
    );
    const uploadSecs = (Date.now() - t0) / 1000;
    const probe = new SQL({ url: database, max: 1 });
    for (;;) {
      const [row] = await probe`SELECT count(*)::int AS n FROM jobs WHERE status IN ('queued', 'running')`;
      if (row.n === 0) break;
      await Bun.sleep(100);
    }
    await probe.close();
    const cpu = nodes.map((n, k) => treeCpuSecs(n.proc.pid) - (cpu0[k] as number));
    log(
      `  burst: ${DOCS} uploads in ${uploadSecs.toFixed(1)} s, every job done after ${((Date.now() - t0) / 1000).toFixed(1)} s; CPU node A ${cpu[0]?.toFixed(1)} s, node B ${cpu[1]?.toFixed(1)} s; load ${load0} -> ${load()}`,
    );
  } else await measureVisibility();
} finally {
  for (const n of nodes) if (n.proc.exitCode === null) await n.stop();
  await s3.stop();
  cluster.stop();
  for (const d of dirs) d.cleanup();
}
process.exit(failed ? 1 : 0);
