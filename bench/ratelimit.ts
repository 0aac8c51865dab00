/**
 * What rate limits shared across nodes cost a request: the same DOC.IN.TH request (`GET /v2/documents`,
 * a rate-limited dialect route) on a server over PostgreSQL counting each request in `rate_windows`
 * (what every node does on PostgreSQL), against the same server counting in its own memory (one node's
 * count, what SQLite does). Both servers run in this process over one database.
 *
 *   npx bun bench/ratelimit.ts [--requests 2000] [--concurrency 16] [--rounds 3]
 *
 * Each round sends `--requests` requests one after another, then the same number `--concurrency` at a
 * time, to each contender; rounds alternate who goes first. Prints min and median per request (ms) and
 * requests/s over the rounds, the ratio shared / in-memory, and the load average.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { docinth } from '../plugins/docinth/index.ts';
import { loadConfig } from '../src/config.ts';
import { RateLimiter } from '../src/core/ratelimit.ts';
import { createServer } from '../src/server.ts';
import { openServices, type Services } from '../src/services.ts';
import { FakeOcrEngine } from '../test/helpers/fake-ocr.ts';
import { startPostgresCluster } from '../test/helpers/postgres.ts';
import { tempDir } from '../test/helpers/server.ts';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '3' },
  },
});
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const ROUNDS = Number(values.rounds);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

interface Contender {
  name: string;
  url: string;
  services: Services;
  stop: () => Promise<void>;
}

async function start(name: string, database: string, inMemory: boolean): Promise<Contender> {
  const dir = tempDir('docserve-bench-ratelimit-');
  const services = await openServices(loadConfig({ data: dir.path, port: 0, database }, {}), {
    ocr: new FakeOcrEngine(),
  });
  if (inMemory) services.rateLimiter = new RateLimiter();
  const app = createServer(services, [docinth as never]).listen({ port: 0, hostname: '127.0.0.1' });
  return {
    name,
    url: `http://127.0.0.1:${app.server?.port}`,
    services,
    async stop() {
      await app.stop(true);
      await services.close();
      dir.cleanup();
    },
  };
}

async function send(c: Contender, key: string, n: number, concurrency: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next++ < n) {
      const res = await fetch(`${c.url}/v2/documents`, { headers: { authorization: `Bearer ${key}` } });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`${c.name}: ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return (performance.now() - started) / n;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const cluster = await startPostgresCluster({ synchronous_commit: 'off' });
const database = `${cluster.baseUrl}/postgres`;
const contenders = [
  await start('shared (PostgreSQL)', database, false),
  await start('in memory', database, true),
];
try {
  const first = contenders[0] as Contender;
  const boot = await first.services.tenancy.bootstrapIfEmpty();
  if (!boot) throw new Error('bootstrap expected on a fresh database');
  const { key } = await first.services.keys.create({
    orgId: boot.org.id,
    projectId: boot.project.id,
    rateLimit: { docinth: 1e9 },
  });
  console.log(
    `rate-limit bench: ${REQUESTS} requests sequential and ${CONCURRENCY} at a time per round, ${ROUNDS} rounds alternating; load average before: ${load()}`,
  );
  for (const c of contenders) await send(c, key, 200, 4);
  const results = new Map<string, number[]>();
  for (let round = 0; round < ROUNDS; round++) {
    const order = round % 2 ? [...contenders].reverse() : contenders;
    for (const [mode, conc] of [
      ['sequential', 1],
      [`${CONCURRENCY} at a time`, CONCURRENCY],
    ] as const)
      for (const c of order) {
        const k = `${mode}|${c.name}`;
        results.set(k, [...(results.get(k) ?? []), await send(c, key, REQUESTS, conc)]);
      }
  }
  console.log('| workload | contender | ms/request min | median | requests/s (median) |');
  console.log('|---|---|---|---|---|');
  for (const [k, v] of results) {
    const [mode, name] = k.split('|');
    console.log(
      `| ${mode} | ${name} | ${Math.min(...v).toFixed(3)} | ${median(v).toFixed(3)} | ${(1000 / median(v)).toFixed(0)} |`,
    );
  }
  for (const mode of ['sequential', `${CONCURRENCY} at a time`]) {
    const shared = median(results.get(`${mode}|shared (PostgreSQL)`) ?? []);
    const local = median(results.get(`${mode}|in memory`) ?? []);
    console.log(
      `${mode}: shared / in memory = ${(shared / local).toFixed(2)}x time per request (+${(shared - local).toFixed(3)} ms)`,
    );
  }
  console.log(`load average after: ${load()}`);
} finally {
  for (const c of contenders) await c.stop();
  await cluster.stop();
}
