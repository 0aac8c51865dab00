/**
 * HTTP benchmark: `GET /api/v1/documents` (20 items, 10k documents in a real SQLite store, real key auth)
 * against a raw Bun.serve returning the same JSON bytes, both loaded by wrk in this one script. The
 * contenders alternate (docserve, uncached docserve, raw, docserve, ... `--rounds` each, default 3); the
 * report gives min and median req/s, the server CPU time per 1,000 requests (both servers run in this
 * process) and the load average before and after. Also: binary size, cold start to the first successful /healthz (median of 5) and idle RSS.
 *
 *   npx bun bench/http.ts [--docs 10000] [--seconds 5] [--connections 32] [--rounds 3]
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { newId } from '../src/core/ids.ts';
import { createServer } from '../src/server.ts';
import { createServices } from '../src/services.ts';

const { values } = parseArgs({
  options: {
    docs: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
    rounds: { type: 'string', default: '3' },
  },
});
const DOCS = Number(values.docs);
const SECONDS = Number(values.seconds);
const CONNS = Number(values.connections);
const ROUNDS = Number(values.rounds);
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? (s[s.length >> 1] as number)
    : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};

function which(cmd: string): boolean {
  return Bun.spawnSync(['sh', '-c', `command -v ${cmd}`]).exitCode === 0;
}
if (!which('wrk')) {
  console.error('wrk is required (apt-get install wrk)');
  process.exit(2);
}

let wrkRuns = 0;

/**
 * wrk script that makes every request unique (`&nocache=<run>-<n>`), defeating docserve's read cache.
 * The run's own prefix matters: wrk restarts the counter at every run, so a bare counter would repeat
 * the previous rounds' URLs, which the read cache may still hold.
 */
const uniqueLua = () => `counter = 0
prefix = "${process.pid}x${++wrkRuns}x${Date.now()}-"
request = function()
  counter = counter + 1
  return wrk.format(nil, wrk.path .. "&nocache=" .. prefix .. counter)
end`;

/** Requests/s wrk reached, and this process's CPU ms per 1,000 of those requests. */
async function wrk(
  url: string,
  headers: Record<string, string>,
  unique = false,
): Promise<{ rps: number; cpuPerK: number }> {
  const args = ['wrk', '-t1', `-c${CONNS}`, `-d${SECONDS}s`, '--latency'];
  if (unique) {
    const script = join(tmpdir(), `docserve-unique-${process.pid}.lua`);
    await Bun.write(script, uniqueLua());
    args.push('-s', script);
  }
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
  const cpu = process.cpuUsage();
  const proc = Bun.spawn([...args, url], { stdout: 'pipe', stderr: 'pipe' });
  const out = await new Response(proc.stdout).text();
  await proc.exited;
  const used = process.cpuUsage(cpu);
  const m = out.match(/Requests\/sec:\s+([\d.]+)/);
  if (!m) throw new Error(`wrk output not understood:\n${out}`);
  if (/Non-2xx/.test(out)) throw new Error(`wrk saw errors:\n${out}`);
  const rps = Number(m[1]);
  return { rps, cpuPerK: (used.user + used.system) / 1000 / ((rps * SECONDS) / 1000) };
}

const dir = mkdtempSync(join(tmpdir(), 'docserve-bench-http-'));
try {
  const services = createServices(loadConfig({ data: dir, port: 0 }, {}));
  await services.start();
  const boot = await services.tenancy.bootstrapIfEmpty();
  if (!boot) throw new Error('bootstrap failed');
  const { key } = await services.keys.create({
    orgId: boot.org.id,
    projectId: boot.project.id,
    label: 'bench',
  });
  const sqlite = services.repos.db.$client;
  const insert = sqlite.query(
    `INSERT INTO documents (id, project_id, name, mime, kind, size, sha256, metadata, ocr_status, extract_status, favorite, created_at, updated_at)
     VALUES (?, ?, ?, 'application/pdf', 'pdf', ?, ?, '{}', 'completed', 'none', 0, ?, ?)`,
  );
  const t0 = Date.now() - DOCS * 1000;
  sqlite.transaction(() => {
    for (let i = 0; i < DOCS; i++) {
      const at = t0 + i * 1000;
      insert.run(
        newId(at),
        boot.project.id,
        `ใบแจ้งหนี้-${i}.pdf`,
        10_000 + i,
        i.toString(16).padStart(64, '0'),
        at,
        at,
      );
    }
  })();
  const app = createServer(services).listen({ port: 0, hostname: '127.0.0.1' });
  const url = `http://127.0.0.1:${app.server?.port}/api/v1/documents?per_page=20`;
  const auth = { authorization: `Bearer ${key}` };
  const sample = await fetch(url, { headers: auth });
  const bytes = new Uint8Array(await sample.arrayBuffer());
  if (sample.status !== 200 || JSON.parse(new TextDecoder().decode(bytes)).data.length !== 20)
    throw new Error('bad sample');

  const raw = Bun.serve({
    port: 0,
    hostname: '127.0.0.1',
    fetch: () => new Response(bytes, { headers: { 'content-type': 'application/json; charset=utf-8' } }),
  });
  const rawUrl = `http://127.0.0.1:${raw.port}/api/v1/documents?per_page=20`;

  const runs: Record<string, { rps: number; cpuPerK: number }[]> = { docserve: [], uncached: [], raw: [] };
  console.log(`load average before: ${load()}`);
  await wrk(url, auth); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    runs.docserve?.push(await wrk(url, auth));
    runs.uncached?.push(await wrk(url, auth, true));
    runs.raw?.push(await wrk(rawUrl, auth));
  }
  raw.stop(true);
  await app.stop(true);
  await services.close();

  const rps = (k: string) => (runs[k] ?? []).map((r) => r.rps);
  const line = (label: string, k: string) =>
    console.log(
      `${label.padEnd(58)} req/s min ${Math.min(...rps(k)).toFixed(0)} median ${median(rps(k)).toFixed(0)}; server CPU ${median((runs[k] ?? []).map((r) => r.cpuPerK)).toFixed(1)} ms per 1k requests`,
    );
  console.log(`${ROUNDS} alternating rounds of ${SECONDS} s, ${CONNS} connections`);
  line(`GET /api/v1/documents (20 of ${DOCS} docs, auth, SQLite)`, 'docserve');
  line('  every request distinct (read cache never hits)', 'uncached');
  line(`raw Bun.serve, same ${bytes.length} bytes`, 'raw');
  console.log(
    `ratio of medians docserve/raw: ${(median(rps('docserve')) / median(rps('raw'))).toFixed(3)} (goal >= 0.35); uncached/raw ${(median(rps('uncached')) / median(rps('raw'))).toFixed(3)}`,
  );
  console.log(`load average after: ${load()}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const binary = join(import.meta.dir, '..', 'dist', 'docserve');
if (!existsSync(binary)) {
  console.log('dist/docserve not built: run npm run build for size, cold start and RSS');
} else {
  console.log(`binary size: ${(statSync(binary).size / 1048576).toFixed(1)} MB`);
  const times: number[] = [];
  let rssKb = 0;
  const data = mkdtempSync(join(tmpdir(), 'docserve-bench-cold-'));
  try {
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const proc = Bun.spawn([binary, 'start', '--port', '0', '--data', data], {
        stdout: 'ignore',
        stderr: 'pipe',
      });
      const reader = (proc.stderr as ReadableStream<Uint8Array>).getReader();
      let log = '';
      let port = '';
      while (!port) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`server exited: ${log}`);
        log += new TextDecoder().decode(value);
        port = log.match(/listening on http:\/\/[^:]+:(\d+)/)?.[1] ?? '';
      }
      for (;;) {
        const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) break;
        await Bun.sleep(2);
      }
      times.push(performance.now() - started);
      if (i === 4) {
        await Bun.sleep(1000);
        rssKb = Number(readFileSync(`/proc/${proc.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1] ?? 0);
      }
      proc.kill('SIGTERM');
      await proc.exited;
    }
  } finally {
    rmSync(data, { recursive: true, force: true });
  }
  times.sort((a, b) => a - b);
  console.log(
    `cold start to first /healthz: median ${times[2]?.toFixed(0)} ms (runs: ${times.map((t) => t.toFixed(0)).join(', ')})`,
  );
  console.log(`RSS idle: ${(rssKb / 1024).toFixed(1)} MB`);
}
