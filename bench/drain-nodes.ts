/**
 * The backlog drain of `bench/drain.ts --nodes …`: the same page images uploaded to 1 or N real
 * `docserve start` processes on one PostgreSQL database and one S3 bucket (s3rver in this process, as
 * the multi-node test uses), uploads spread over the nodes in turn, drained by every node's OCR workers.
 * Jobs lost and run twice are counted outside docserve: rows in PostgreSQL (one completed document, one
 * page and one finished `document.process` job per upload; no job claimed more than once) and the
 * `ocr.completed` webhook deliveries a receiver in this process gets (one per document).
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { SQL } from 'bun';
import { type ServerProcess, startServerProcess } from '../test/helpers/cli.ts';
import type { PostgresCluster } from '../test/helpers/postgres.ts';
import type { TestS3 } from '../test/helpers/s3.ts';
import { treeCpuSecs } from './contenders.ts';

/** One drain of the backlog on `nodes` nodes. */
export interface NodesRun {
  nodes: number;
  pages: number;
  /** First upload to the last page's `ocr_completed_at`. */
  secs: number;
  pagesPerSec: number;
  uploadSecs: number;
  /** CPU seconds during the drain: the nodes (OCR workers included), PostgreSQL, this process (uploads, s3rver, receiver). */
  cpu: { nodes: number; postgres: number; bench: number };
  /** 1-minute load average before and after. */
  load: [number, number];
  /** Uploads each node took. */
  uploadsPerNode: number[];
  lost: string[];
  duplicated: string[];
  jobs: Record<string, Record<string, number>>;
}

export interface NodesOptions {
  images: string[];
  nodes: number;
  workers: number;
  uploaders: number;
  cluster: PostgresCluster;
  /** The bucket, or none for the local data directory (one node only). */
  s3?: TestS3;
  /** Names this run's database, bucket prefix and data directories. */
  run: number;
  work: string;
  log(s: string): void;
}

const PROCESS_JOB = 'document.process';

/** The CPU seconds of the PostgreSQL cluster: the postmaster and its backends (live and exited). */
function postgresCpuSecs(cluster: PostgresCluster): number {
  const pid = Number(
    Bun.spawnSync(['head', '-1', join(cluster.dir, 'data', 'postmaster.pid')]).stdout.toString(),
  );
  return pid > 0 ? treeCpuSecs(pid) : Number.NaN;
}

const selfCpuSecs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** Uploads every image to the nodes in turn, waits for the drain, and counts what the database holds. */
export async function drainOnNodes(o: NodesOptions): Promise<NodesRun> {
  const dbName = `drain_${o.run}`;
  const admin = new SQL({ url: o.cluster.url, max: 1 });
  await admin.unsafe(`CREATE DATABASE ${dbName}`);
  await admin.close();
  const database = `${o.cluster.baseUrl}/${dbName}`;
  const deliveries: string[] = [];
  const receiver = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    async fetch(req) {
      deliveries.push(String(((await req.json()) as { document_id?: string }).document_id));
      return new Response('ok');
    },
  });
  const env: Record<string, string> = {
    DOCSERVE_WEBHOOK_ALLOW_PRIVATE: '1',
    ...(o.s3
      ? {
          DOCSERVE_S3_ENDPOINT: o.s3.endpoint,
          DOCSERVE_S3_ACCESS_KEY_ID: o.s3.accessKeyId,
          DOCSERVE_S3_SECRET_ACCESS_KEY: o.s3.secretAccessKey,
        }
      : {}),
  };
  const extraArgs = [
    '--database',
    database,
    '--ocr-workers',
    String(o.workers),
    ...(o.s3 ? ['--blobs', `s3://${o.s3.bucket}/drain-${o.run}`] : []),
  ];
  const nodes: ServerProcess[] = [];
  const probe = new SQL({ url: database, max: 2 });
  try {
    // The first node bootstraps the database alone; the others find it bootstrapped.
    for (let i = 0; i < o.nodes; i++)
      nodes.push(await startServerProcess(join(o.work, `run-${o.run}-node-${i}`), { extraArgs, env }));
    const key = nodes[0]?.adminKey;
    if (!key) throw new Error('the first node printed no admin key');
    const auth = { authorization: `Bearer ${key}` };
    const hook = await fetch(`${nodes[0]?.url}/api/v1/webhooks`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ url: `http://127.0.0.1:${receiver.port}/hook`, events: ['ocr.completed'] }),
    });
    if (hook.status !== 201) throw new Error(`webhook: HTTP ${hook.status} ${await hook.text()}`);

    const load0 = loadavg()[0] as number;
    const cpu0 = {
      nodes: nodes.reduce((s, n) => s + treeCpuSecs(n.proc.pid), 0),
      postgres: postgresCpuSecs(o.cluster),
      bench: selfCpuSecs(),
    };
    const ids: (string | undefined)[] = new Array(o.images.length);
    const lost: string[] = [];
    const uploadsPerNode = nodes.map(() => 0);
    const t0 = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: o.uploaders }, async () => {
        while (next < o.images.length) {
          const i = next++;
          const node = nodes[i % nodes.length] as ServerProcess;
          const form = new FormData();
          form.append('file', Bun.file(o.images[i] as string), `page-${i + 1}.png`);
          const res = await fetch(`${node.url}/api/v1/documents`, {
            method: 'POST',
            headers: auth,
            body: form,
          });
          const body = (await res.json()) as { data?: { id: string } };
          if (res.status === 201 && body.data) {
            ids[i] = body.data.id;
            uploadsPerNode[i % nodes.length]++;
          } else lost.push(`page ${i + 1}: upload HTTP ${res.status} ${JSON.stringify(body).slice(0, 200)}`);
        }
      }),
    );
    const uploadSecs = (Date.now() - t0) / 1000;
    o.log(
      `run ${o.run}: uploaded ${o.images.length} pages to ${o.nodes} node(s) in ${uploadSecs.toFixed(1)} s`,
    );

    let lastLog = Date.now();
    for (;;) {
      const [row] =
        await probe`SELECT count(*)::int AS pending FROM jobs WHERE status IN ('queued', 'running')`;
      const [docs] =
        await probe`SELECT count(*) FILTER (WHERE ocr_status = 'completed')::int AS done FROM documents`;
      if (row.pending === 0) break;
      if (Date.now() - lastLog > 10_000) {
        lastLog = Date.now();
        o.log(`run ${o.run}: ${docs.done}/${o.images.length} pages read, ${row.pending} jobs pending`);
      }
      for (const n of nodes)
        if (n.proc.exitCode !== null)
          throw new Error(`a node exited (${n.proc.exitCode}): ${n.log().slice(-2000)}`);
      await Bun.sleep(250);
    }
    const uploaded = ids.filter(Boolean).length;
    const deadline = Date.now() + 30_000;
    while (new Set(deliveries).size < uploaded && Date.now() < deadline) await Bun.sleep(100);
    await Bun.sleep(1000); // a second delivery of the same event would arrive now
    const cpu = {
      nodes: nodes.reduce((s, n) => s + treeCpuSecs(n.proc.pid), 0) - cpu0.nodes,
      postgres: postgresCpuSecs(o.cluster) - cpu0.postgres,
      bench: selfCpuSecs() - cpu0.bench,
    };
    const load1 = loadavg()[0] as number;

    const docs = new Map<
      string,
      { status: string; completedAt: number | null; pages: number; text: number }
    >();
    for (const r of await probe`
      SELECT d.id, d.ocr_status, d.ocr_completed_at::float8 AS completed_at,
             count(p.page_no)::int AS pages, coalesce(sum(length(p.text)), 0)::int AS text
      FROM documents d LEFT JOIN pages p ON p.document_id = d.id AND p.error IS NULL
      GROUP BY d.id`)
      docs.set(r.id, { status: r.ocr_status, completedAt: r.completed_at, pages: r.pages, text: r.text });
    const processJobs = new Map<string, { done: number; all: number }>();
    const duplicated: string[] = [];
    for (const r of await probe`
      SELECT document_id, status, attempts, kind FROM jobs WHERE kind = ${PROCESS_JOB} OR attempts > 1`) {
      if (r.attempts > 1) duplicated.push(`job ${r.kind} of ${r.document_id}: claimed ${r.attempts} times`);
      if (r.kind !== PROCESS_JOB) continue;
      const j = processJobs.get(r.document_id) ?? { done: 0, all: 0 };
      j.all++;
      if (r.status === 'done') j.done++;
      processJobs.set(r.document_id, j);
    }
    const jobs: Record<string, Record<string, number>> = {};
    for (const r of await probe`SELECT kind, status, count(*)::int AS n FROM jobs GROUP BY kind, status`)
      jobs[r.kind] = { ...jobs[r.kind], [r.status]: r.n };
    const delivered = new Map<string, number>();
    for (const d of deliveries) delivered.set(d, (delivered.get(d) ?? 0) + 1);

    for (const [i, id] of ids.entries()) {
      if (!id) continue;
      const doc = docs.get(id);
      const job = processJobs.get(id);
      const what = `page ${i + 1} (${id})`;
      if (!doc) {
        lost.push(`${what}: no document row`);
        continue;
      }
      if (doc.status !== 'completed') lost.push(`${what}: ocr_status ${doc.status}`);
      if (doc.pages !== 1 || doc.text === 0)
        lost.push(`${what}: ${doc.pages} page rows, ${doc.text} characters`);
      if (!job?.done) lost.push(`${what}: no finished ${PROCESS_JOB} job`);
      if ((job?.all ?? 0) > 1) duplicated.push(`${what}: ${job?.all} ${PROCESS_JOB} jobs`);
      const hooks = delivered.get(id) ?? 0;
      if (hooks === 0) lost.push(`${what}: no ocr.completed delivery`);
      if (hooks > 1) duplicated.push(`${what}: ${hooks} ocr.completed deliveries`);
    }
    if (docs.size !== uploaded) duplicated.push(`${docs.size} document rows for ${uploaded} uploads`);

    const completions = [...docs.values()].map((d) => d.completedAt ?? 0).filter((c) => c > 0);
    const secs = (Math.max(...completions) - t0) / 1000;
    return {
      nodes: o.nodes,
      pages: o.images.length,
      secs,
      pagesPerSec: completions.length / secs,
      uploadSecs,
      cpu,
      load: [load0, load1],
      uploadsPerNode,
      lost,
      duplicated,
      jobs,
    };
  } finally {
    for (const n of nodes) if (n.proc.exitCode === null) await n.stop();
    await probe.close();
    receiver.stop(true);
  }
}
