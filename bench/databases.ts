/**
 * Database benchmark over HTTP: the same server on PostgreSQL and on SQLite, in this one process, loaded
 * by wrk with list, search and upload requests.
 *
 *   npx bun bench/databases.ts [--docs 2000] [--seconds 5] [--connections 16] [--rounds 3]
 *
 * Each contender is a whole server (`openServices` + the HTTP app, real key auth, job runner on) over its
 * own data directory: SQLite in that directory (WAL, `synchronous=NORMAL`) or a database on a throwaway
 * PostgreSQL cluster (initdb + pg_ctl, Debian's binaries, `synchronous_commit=off`, fsync on: both are
 * safe from a process crash, not from a power cut). Both are seeded through the storage port with the
 * same `--docs` documents of two pages of Thai + English text; every document carries one of 50 English
 * code words, so a search finds `docs / 50` documents and reads their page text for the snippets.
 * Workloads (every request distinct, so the read cache never answers one):
 * - list: `GET /api/v1/documents?per_page=20&page=1..50`
 * - search: `GET /api/v1/search?q=<code word>` (20 hits per page)
 * - upload: `POST /api/v1/documents`, a small distinct text file, into a second project; after wrk the
 *   job runner drains (text extraction, indexing) and its CPU counts toward the upload's
 * After one untimed warm-up round, rounds alternate the contenders (A, B, A, B; who goes first rotates).
 * Printed: min and median req/s, CPU ms per request (this process, plus the cluster's postmaster and
 * backends from /proc for PostgreSQL), the ratios PostgreSQL / SQLite of the medians, the load average.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { AnyElysia } from 'elysia';
import { loadConfig } from '../src/config.ts';
import { createServer } from '../src/server.ts';
import { openServices, type Services } from '../src/services.ts';
import { docRow, pageRow } from '../test/db/contract/rows.ts';
import { startPostgresCluster } from '../test/helpers/postgres.ts';

const { values } = parseArgs({
  options: {
    docs: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '3' },
  },
});
const DOCS = Number(values.docs);
const SECONDS = Number(values.seconds);
const CONNS = Number(values.connections);
const ROUNDS = Number(values.rounds);
const WORDS = Array.from({ length: 50 }, (_, i) => `code${String.fromCharCode(97 + (i % 26))}${i}word`);
const TEXT = 'บริษัท ตัวอย่าง จำกัด ใบแจ้งหนี้ เลขที่ 2567/0012 ยอดรวม 1,250.75 บาท Invoice total due '.repeat(4);

type Workload = 'list' | 'search' | 'upload';
const WORKLOADS: Workload[] = ['list', 'search', 'upload'];

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const processCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** CPU milliseconds of a PostgreSQL cluster: the postmaster and every child process, from /proc. */
function clusterCpu(dataDir: string): () => number {
  const pid = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const msPerTick = 1000 / 100;
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
      if (Number(entry) !== pid && Number(fields[1]) !== pid) continue;
      total += (Number(fields[11]) + Number(fields[12])) * msPerTick;
    }
    return total;
  };
}

/** A running server over one database, with what the workloads need. */
interface Contender {
  name: 'sqlite' | 'postgres';
  services: Services;
  app: AnyElysia;
  base: string;
  /** Key of the seeded project (list, search). */
  readKey: string;
  /** Key of the project uploads go to. */
  uploadKey: string;
  /** CPU ms used for this contender so far: this process, plus the cluster's on PostgreSQL. */
  cpuMs(): number;
}

async function startContender(name: Contender['name'], database: string | undefined): Promise<Contender> {
  const dir = join(tmpdir(), `bench-databases-${name}-${process.pid}`);
  const services = await openServices(loadConfig({ data: dir, port: 0, database }, {}));
  const boot = await services.tenancy.bootstrapIfEmpty();
  if (!boot) throw new Error('bootstrap failed');
  const projectId = boot.project.id;
  for (let i = 0; i < DOCS; i += 100)
    await services.storage.transaction(async (tx) => {
      for (let j = i; j < Math.min(DOCS, i + 100); j++) {
        const doc = docRow(projectId, {
          name: `ใบแจ้งหนี้-${j}.pdf`,
          createdAt: 1_700_000_000_000 + j * 1000,
          updatedAt: 1_700_000_000_000 + j * 1000,
          ocrStatus: 'completed',
          pageCount: 2,
        });
        await tx.documents.insert(doc);
        const text = `${TEXT} ${WORDS[j % WORDS.length]}`;
        await tx.pages.replaceAll(doc.id, [pageRow(doc.id, 1, text), pageRow(doc.id, 2, TEXT)]);
      }
    });
  await services.start();
  for (;;) {
    const s = services.search.status();
    if (s.ready && s.documents >= DOCS) break;
    await Bun.sleep(100);
  }
  const readKey = (await services.keys.create({ orgId: boot.org.id, projectId, label: 'bench read' })).key;
  const uploads = await services.tenancy.createProject(boot.org.id, 'Uploads');
  const uploadKey = (
    await services.keys.create({ orgId: boot.org.id, projectId: uploads.id, label: 'bench upload' })
  ).key;
  const app = createServer(services).listen({ port: 0, hostname: '127.0.0.1' });
  const base = `http://127.0.0.1:${app.server?.port}`;
  const clusterMs = name === 'postgres' ? clusterCpu(join(cluster.dir, 'data')) : () => 0;
  return {
    name,
    services,
    app,
    base,
    readKey,
    uploadKey,
    cpuMs: () => processCpuMs() + clusterMs(),
  };
}

/** A Lua string literal. */
const lua = (s: string) => JSON.stringify(s);

/** The wrk script of a workload: every request distinct (a per-run nonce and a counter). */
function script(w: Workload, c: Contender, nonce: string): string {
  const head = `counter = 0\nnonce = ${lua(nonce)}\n`;
  if (w === 'list')
    return `${head}request = function()
  counter = counter + 1
  return wrk.format(nil, "/api/v1/documents?per_page=20&page=" .. (counter % 50 + 1) .. "&r=" .. nonce .. "-" .. counter)
end`;
  if (w === 'search')
    return `${head}words = { ${WORDS.map(lua).join(', ')} }
request = function()
  counter = counter + 1
  return wrk.format(nil, "/api/v1/search?per_page=20&q=" .. words[counter % #words + 1] .. "&r=" .. nonce .. "-" .. counter)
end`;
  return `${head}boundary = "docservebenchboundary"
headers = { ["Authorization"] = ${lua(`Bearer ${c.uploadKey}`)}, ["Content-Type"] = "multipart/form-data; boundary=" .. boundary }
request = function()
  counter = counter + 1
  local body = "--" .. boundary .. "\\r\\nContent-Disposition: form-data; name=\\"file\\"; filename=\\"note-" .. counter .. ".txt\\"\\r\\nContent-Type: text/plain\\r\\n\\r\\n" ..
    ${lua(`${TEXT}\n`)} .. "upload " .. nonce .. " " .. counter .. "\\n\\r\\n--" .. boundary .. "--\\r\\n"
  return wrk.format("POST", "/api/v1/documents", headers, body)
end`;
}

let runs = 0;

/** One wrk run of a workload against a contender: req/s and CPU ms per request (upload: jobs drained). */
async function measure(w: Workload, c: Contender): Promise<{ rps: number; cpuPerReq: number }> {
  const nonce = `${process.pid}x${++runs}x${Date.now()}`;
  const file = join(tmpdir(), `bench-databases-${process.pid}-${w}.lua`);
  await Bun.write(file, script(w, c, nonce));
  const cpu0 = c.cpuMs();
  const proc = Bun.spawn(
    [
      'wrk',
      '-t1',
      `-c${CONNS}`,
      `-d${SECONDS}s`,
      '-s',
      file,
      '-H',
      `authorization: Bearer ${c.readKey}`,
      `${c.base}/api/v1/documents`,
    ],
    { stdout: 'pipe', stderr: 'pipe' },
  );
  const out = await new Response(proc.stdout).text();
  await proc.exited;
  if (w === 'upload') await c.services.runner.drain(600_000);
  const cpu = c.cpuMs() - cpu0;
  rmSync(file, { force: true });
  const total = out.match(/(\d+) requests in/);
  const m = out.match(/Requests\/sec:\s+([\d.]+)/);
  if (!m || !total) throw new Error(`wrk output not understood:\n${out}`);
  if (/Non-2xx|Socket errors/.test(out)) throw new Error(`wrk saw errors (${c.name} ${w}):\n${out}`);
  return { rps: Number(m[1]), cpuPerReq: cpu / Number(total[1]) };
}

/** Checks that each workload's request answers 2xx with what it should (before anything is timed). */
async function sanityCheck(c: Contender): Promise<void> {
  const auth = { authorization: `Bearer ${c.readKey}` };
  const list = await (
    await fetch(`${c.base}/api/v1/documents?per_page=20&page=3&r=x`, { headers: auth })
  ).json();
  if (list.data?.length !== 20 || list.meta?.total !== DOCS) throw new Error(`${c.name}: bad list answer`);
  const search = await (
    await fetch(`${c.base}/api/v1/search?per_page=20&q=${WORDS[7]}&r=x`, { headers: auth })
  ).json();
  if (search.data?.length !== Math.min(20, Math.ceil(DOCS / WORDS.length)))
    throw new Error(`${c.name}: search found ${search.data?.length} documents`);
}

const cluster = await startPostgresCluster({ synchronous_commit: 'off' });
const contenders: Contender[] = [];
try {
  console.log(
    `databases bench: ${DOCS} documents, wrk ${SECONDS} s x ${CONNS} connections, ${ROUNDS} rounds alternating; load average before: ${load()}`,
  );
  contenders.push(await startContender('sqlite', undefined));
  contenders.push(await startContender('postgres', `${cluster.baseUrl}/postgres`));
  for (const c of contenders) await sanityCheck(c);
  for (const c of contenders) for (const w of WORKLOADS) await measure(w, c); // warm-up
  const results = new Map<string, { rps: number; cpuPerReq: number }[]>();
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? [...contenders].reverse() : contenders;
    for (const w of WORKLOADS)
      for (const c of order) {
        const key = `${w} ${c.name}`;
        results.set(key, [...(results.get(key) ?? []), await measure(w, c)]);
      }
    console.error(`round ${round + 1}/${ROUNDS} done, load average ${load()}`);
  }
  console.log('workload  database   min req/s  median req/s  CPU ms per request (median)');
  const med = (k: string, f: 'rps' | 'cpuPerReq') => median((results.get(k) ?? []).map((r) => r[f]));
  for (const w of WORKLOADS) {
    for (const c of contenders) {
      const r = results.get(`${w} ${c.name}`) ?? [];
      console.log(
        `${w.padEnd(8)}  ${c.name.padEnd(8)}  ${Math.min(...r.map((x) => x.rps))
          .toFixed(0)
          .padStart(9)}  ${med(`${w} ${c.name}`, 'rps').toFixed(0).padStart(12)}  ${med(
          `${w} ${c.name}`,
          'cpuPerReq',
        )
          .toFixed(3)
          .padStart(12)}`,
      );
    }
    console.log(
      `${w.padEnd(8)}  postgres / sqlite (medians): ${(med(`${w} postgres`, 'rps') / med(`${w} sqlite`, 'rps')).toFixed(2)}x req/s, ${(med(`${w} postgres`, 'cpuPerReq') / med(`${w} sqlite`, 'cpuPerReq')).toFixed(2)}x CPU per request`,
    );
  }
  console.log(`load average after: ${load()}`);
} finally {
  for (const c of contenders) {
    await c.app.stop(true);
    await c.services.close();
    rmSync(c.services.config.dataDir, { recursive: true, force: true });
  }
  cluster.stop();
}
