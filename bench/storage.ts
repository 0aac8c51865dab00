/**
 * Storage benchmark through the storage port: PostgreSQL vs SQLite on the same workloads, plus today's
 * synchronous SQLite repositories called directly (`sqlite-sync`, the "before" of the port), on the very
 * same SQLite connection and data as `sqlite`, so their ratio is the cost of the async port itself.
 *
 *   npx bun bench/storage.ts [--docs 2000] [--rounds 3] [--lists 1000] [--uploads 300] [--jobs 500]
 *                            [--gets 20000]
 *
 * Workloads (each a fixed amount of work, timed, in ops/s):
 * - get: the cheapest read, one setting by key, `--gets` times (what the port costs per call)
 * - list: the documents list (newest first, 20 per page, pages 1..50) of a project of `--docs` documents
 * - feed: what the search index reads per document (keyset id pages, the row, its tags, its page text)
 * - upload: one upload's writes in one transaction (document, tag link, audit entry, two jobs), 4 at a time
 * - claim: claim + complete of `--jobs` queued jobs by 4 concurrent claimers
 * After one untimed warm-up round, rounds alternate the contenders (rotating who goes first); each
 * figure is min and median over rounds.
 * CPU: this process's user+system time per op; for PostgreSQL also the server's (postmaster and
 * backends, from /proc). The cluster is a throwaway one (initdb + pg_ctl, Debian's binaries) with
 * `synchronous_commit=off`, the counterpart of SQLite's WAL + `synchronous=NORMAL` (a commit is safe
 * from a process crash, not from a power cut); fsync stays on.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRepos, openDatabase, type Repos } from '../src/db/index.ts';
import type { Storage } from '../src/db/port/index.ts';
import { openPostgresStorage } from '../src/db/postgres/storage.ts';
import { sqliteStorage } from '../src/db/sqlite/storage.ts';
import { auditRow, docRow, jobRow, newProject, nextId, pageRow, tagRow } from '../test/db/contract/rows.ts';
import { startPostgresCluster } from '../test/helpers/postgres.ts';

const { values } = parseArgs({
  options: {
    docs: { type: 'string', default: '2000' },
    rounds: { type: 'string', default: '3' },
    lists: { type: 'string', default: '1000' },
    uploads: { type: 'string', default: '300' },
    jobs: { type: 'string', default: '500' },
    gets: { type: 'string', default: '20000' },
  },
});
const DOCS = Number(values.docs);
const ROUNDS = Number(values.rounds);
const LISTS = Number(values.lists);
const UPLOADS = Number(values.uploads);
const JOBS = Number(values.jobs);
const GETS = Number(values.gets);
const CONCURRENCY = 4;
const TEXT = 'บริษัท ตัวอย่าง จำกัด  ใบแจ้งหนี้ เลขที่ 2567/0012 ยอดรวม 1,250.75 บาท Invoice total due '.repeat(6);

type Workload = 'get' | 'list' | 'feed' | 'upload' | 'claim';
const WORKLOADS: Workload[] = ['get', 'list', 'feed', 'upload', 'claim'];

/** One contender: a name and how it runs each workload (returns ops done). */
interface Contender {
  name: string;
  projectId: string;
  /** Untimed setup of a workload (queues the jobs that `claim` takes). */
  prepare(w: Workload, round: number): Promise<void>;
  run(w: Workload, round: number): Promise<number>;
  /** Server CPU milliseconds so far (PostgreSQL only). */
  serverCpuMs?: () => number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function seed(s: Storage): Promise<{ projectId: string; tagId: string }> {
  const { projectId } = await newProject(s);
  await s.settings.set('bench', 'value');
  const tag = tagRow(projectId, 'paid');
  await s.tags.insert(tag);
  for (let i = 0; i < DOCS; i += 100)
    await s.transaction(async (tx) => {
      for (let j = i; j < Math.min(DOCS, i + 100); j++) {
        const doc = docRow(projectId, { createdAt: 1_700_000_000_000 + j, ocrStatus: 'completed' });
        await tx.documents.insert(doc);
        await tx.documents.setTags(doc.id, [tag.id]);
        await tx.pages.replaceAll(doc.id, [pageRow(doc.id, 1, TEXT), pageRow(doc.id, 2, TEXT)]);
      }
    });
  return { projectId, tagId: tag.id };
}

/** The workloads through the port. */
function portContender(name: string, s: Storage, projectId: string, tagId: string): Contender {
  return {
    name,
    projectId,
    async run(w, round) {
      if (w === 'get') {
        for (let i = 0; i < GETS; i++) await s.settings.get('bench');
        return GETS;
      }
      if (w === 'list') {
        for (let i = 0; i < LISTS; i++)
          await s.documents.list({ projectId }, { limit: 20, offset: (i % 50) * 20 });
        return LISTS;
      }
      if (w === 'feed') {
        let n = 0;
        for (let ids = await s.documents.liveIdsAfter('', 500); ids.length && n < DOCS; ) {
          for (const id of ids) {
            await s.documents.getUnscoped(id);
            await s.documents.tagsOf([id]);
            await s.pages.fullText(id);
            n++;
          }
          ids = await s.documents.liveIdsAfter(ids.at(-1) as string, 500);
        }
        return n;
      }
      if (w === 'upload') {
        const upload = async () => {
          await s.transaction(async (tx) => {
            const doc = docRow(projectId, { deletedAt: 1 });
            await tx.documents.insert(doc);
            await tx.documents.setTags(doc.id, [tagId]);
            await tx.audit.insert(auditRow(projectId, { documentId: doc.id }));
            await tx.jobs.insert(jobRow('bench.process', { projectId, documentId: doc.id, status: 'done' }));
            await tx.jobs.insert(jobRow('bench.index', { projectId, documentId: doc.id, status: 'done' }));
          });
        };
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async (_, k) => {
            for (let i = k; i < UPLOADS; i += CONCURRENCY) await upload();
          }),
        );
        return UPLOADS;
      }
      const kind = `bench.claim.${round}`;
      let done = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          for (;;) {
            const job = await s.jobs.claim([kind], Date.now(), Date.now() + 60_000);
            if (!job) return;
            await s.jobs.complete(job, null, Date.now());
            done++;
          }
        }),
      );
      return done;
    },
    async prepare(w, round) {
      if (w !== 'claim') return;
      await s.transaction(async (tx) => {
        for (let i = 0; i < JOBS; i++) await tx.jobs.insert(jobRow(`bench.claim.${round}`));
      });
    },
  };
}

/** The same workloads on today's synchronous repositories (no port), one at a time. */
function syncContender(repos: Repos, projectId: string, tagId: string): Contender {
  const client = repos.db.$client;
  return {
    name: 'sqlite-sync',
    projectId,
    async run(w, round) {
      if (w === 'get') {
        for (let i = 0; i < GETS; i++) repos.settings.get('bench');
        return GETS;
      }
      if (w === 'list') {
        for (let i = 0; i < LISTS; i++)
          repos.documents.list({ projectId }, { limit: 20, offset: (i % 50) * 20 });
        return LISTS;
      }
      if (w === 'feed') {
        let n = 0;
        for (let ids = repos.documents.liveIdsAfter('', 500); ids.length && n < DOCS; ) {
          for (const id of ids) {
            repos.documents.getUnscoped(id);
            repos.documents.tagsOf([id]);
            repos.pages.fullText(id);
            n++;
          }
          ids = repos.documents.liveIdsAfter(ids.at(-1) as string, 500);
        }
        return n;
      }
      if (w === 'upload') {
        for (let i = 0; i < UPLOADS; i++)
          client.transaction(() => {
            const doc = docRow(projectId, { deletedAt: 1 });
            repos.documents.insert(doc);
            repos.documents.setTags(doc.id, [tagId]);
            repos.audit.insert(auditRow(projectId, { documentId: doc.id }));
            repos.jobs.insert(jobRow('bench.process', { projectId, documentId: doc.id, status: 'done' }));
            repos.jobs.insert(jobRow('bench.index', { projectId, documentId: doc.id, status: 'done' }));
          })();
        return UPLOADS;
      }
      const kind = `bench.claim.sync.${round}`;
      let done = 0;
      for (let job = repos.jobs.claim([kind], Date.now(), Date.now() + 60_000); job; ) {
        repos.jobs.complete(job.id, null, Date.now());
        done++;
        job = repos.jobs.claim([kind], Date.now(), Date.now() + 60_000);
      }
      return done;
    },
    async prepare(w, round) {
      if (w !== 'claim') return;
      client.transaction(() => {
        for (let i = 0; i < JOBS; i++) repos.jobs.insert(jobRow(`bench.claim.sync.${round}`));
      })();
    },
  };
}

/** CPU milliseconds of a PostgreSQL cluster: the postmaster and every child process, from /proc. */
function clusterCpu(dataDir: string): () => number {
  const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const ticks = 100;
  return () => {
    let total = 0;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      } catch {
        continue;
      }
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ppid = Number(fields[1]);
      if (Number(entry) !== pid && ppid !== pid) continue;
      total += (Number(fields[11]) + Number(fields[12])) * (1000 / ticks);
    }
    return total;
  };
}

async function main() {
  console.log(
    `storage bench: ${DOCS} documents (2 pages each), ${ROUNDS} rounds alternating, load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const cluster = await startPostgresCluster({ synchronous_commit: 'off' });
  const dir = join(tmpdir(), `bench-storage-${nextId()}`);
  const db = openDatabase(join(dir, 'docserve.db'));
  const repos = createRepos(db);
  const sqlite = sqliteStorage(db, dir);
  const pg = await openPostgresStorage(`${cluster.baseUrl}/postgres`);
  try {
    const [seededLite, seededPg] = [await seed(sqlite), await seed(pg)];
    const contenders: Contender[] = [
      syncContender(repos, seededLite.projectId, seededLite.tagId),
      portContender('sqlite', sqlite, seededLite.projectId, seededLite.tagId),
      {
        ...portContender('postgres', pg, seededPg.projectId, seededPg.tagId),
        serverCpuMs: clusterCpu(join(cluster.dir, 'data')),
      },
    ];
    const results = new Map<string, { opsPerSec: number[]; cpuPerOp: number[]; serverCpuPerOp: number[] }>();
    // One untimed round first: JIT, prepared statements and caches warm for every contender alike.
    for (const c of contenders)
      for (const w of WORKLOADS) {
        await c.prepare(w, -1);
        await c.run(w, -1);
      }
    for (let round = 0; round < ROUNDS; round++) {
      const order = contenders.map((_, i) => contenders[(i + round) % contenders.length] as Contender);
      for (const w of WORKLOADS)
        for (const c of order) {
          await c.prepare(w, round);
          const cpu0 = cpuMs();
          const server0 = c.serverCpuMs?.() ?? 0;
          const t0 = performance.now();
          const ops = await c.run(w, round);
          const elapsed = performance.now() - t0;
          const key = `${w}\t${c.name}`;
          const r = results.get(key) ?? { opsPerSec: [], cpuPerOp: [], serverCpuPerOp: [] };
          r.opsPerSec.push((ops / elapsed) * 1000);
          r.cpuPerOp.push((cpuMs() - cpu0) / ops);
          if (c.serverCpuMs) r.serverCpuPerOp.push((c.serverCpuMs() - server0) / ops);
          results.set(key, r);
        }
      console.error(`round ${round + 1}/${ROUNDS} done, load average ${loadavg()[0]?.toFixed(2)}`);
    }
    console.log('workload  contender     min ops/s  median ops/s  cpu ms/op (client)  server cpu ms/op');
    for (const w of WORKLOADS) {
      for (const c of contenders) {
        const r = results.get(`${w}\t${c.name}`);
        if (!r) continue;
        console.log(
          [
            w.padEnd(8),
            c.name.padEnd(12),
            Math.min(...r.opsPerSec)
              .toFixed(0)
              .padStart(10),
            median(r.opsPerSec).toFixed(0).padStart(13),
            median(r.cpuPerOp).toFixed(3).padStart(19),
            (r.serverCpuPerOp.length ? median(r.serverCpuPerOp).toFixed(3) : '-').padStart(17),
          ].join('  '),
        );
      }
      const m = (name: string) => median(results.get(`${w}\t${name}`)?.opsPerSec ?? [0]);
      console.log(
        `${w.padEnd(8)}  ratios (median): sqlite port / sqlite-sync ${(m('sqlite') / m('sqlite-sync')).toFixed(2)}, postgres / sqlite ${(m('postgres') / m('sqlite')).toFixed(2)}`,
      );
    }
    console.log(
      `load average at the end ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await pg.close();
    await sqlite.close();
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
    cluster.stop();
  }
}

await main();
