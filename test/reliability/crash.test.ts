import { afterAll, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import { runCli, type ServerProcess, startServerProcess } from '../helpers/cli.ts';
import { tinyPdf, tinyPng } from '../helpers/files.ts';
import { reliability } from '../helpers/reliability.ts';
import { freshPostgresDatabase } from '../helpers/postgres.ts';
import { form, tempDir, testDatabase } from '../helpers/server.ts';
import { until } from '../helpers/until.ts';

const CYCLES = 50;
const dir = tempDir('docserve-crash-');
afterAll(() => dir.cleanup());

/** `--database` for every server and CLI run: a fresh PostgreSQL database under `TEST_DATABASE=postgres`. */
const databaseArgs = testDatabase === 'postgres' ? ['--database', await freshPostgresDatabase()] : [];
const start = () => startServerProcess(dir.path, { extraArgs: databaseArgs });

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A word only the text file number `n` contains, to find it in the search index. */
const marker = (n: number) => `crashmark${n}z`;

/** A unique small file of a random kind (text is read directly; PDF and PNG go through OCR). */
function randomFile(n: number): { name: string; bytes: Uint8Array; n: number } {
  const kind = n % 3;
  if (kind === 0)
    return {
      n,
      name: `note-${n}.txt`,
      bytes: new TextEncoder().encode(`บันทึก ${marker(n)} ${Math.random()}\n`),
    };
  if (kind === 1) return { n, name: `scan-${n}.pdf`, bytes: tinyPdf(`document ${n} ${Math.random()}`) };
  const png = tinyPng();
  const extra = new TextEncoder().encode(`tEXt${n}-${Math.random()}`);
  const out = new Uint8Array(png.length + extra.length);
  out.set(png);
  out.set(extra, png.length);
  return { n, name: `photo-${n}.png`, bytes: out };
}

function waitIndexReady(server: ServerProcess): Promise<true> {
  return until('the search index to be ready', async () =>
    (await (await fetch(`${server.url}/healthz`)).json()).index?.ready === true ? true : undefined,
  );
}

async function waitIdle(
  server: ServerProcess,
  timeoutMs = 400_000,
): Promise<Record<string, Record<string, number>>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const h = await (await fetch(`${server.url}/healthz`)).json();
    const busy = Object.values(h.queue as Record<string, Record<string, number>>).some(
      (s) => (s.queued ?? 0) + (s.running ?? 0) > 0,
    );
    if (!busy) return h.queue;
    if (Date.now() > deadline) throw new Error(`jobs did not drain: ${JSON.stringify(h.queue)}`);
    await Bun.sleep(100);
  }
}

/** What one upload got back: a full response, or nothing because the server died first. */
type Outcome = { file: { name: string; bytes: Uint8Array; n: number } } & (
  | { status: number; body: { data?: { id: string; sha256: string } } }
  | { status: undefined }
);

/** Uploads a file; a connection that dies with the server is not an acknowledgement. */
async function upload(url: string, key: string, file: Outcome['file']): Promise<Outcome> {
  let res: Response;
  try {
    res = await fetch(`${url}/api/v1/documents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}` },
      body: form({ name: file.name, content: file.bytes }),
    });
  } catch {
    return { file, status: undefined };
  }
  const body = await res.json().catch(() => undefined);
  return body === undefined ? { file, status: undefined } : { file, status: res.status, body };
}

test(`kill -9 during uploads, OCR and indexing, ${CYCLES} times on ${testDatabase}: nothing acknowledged is lost`, async () => {
  const acknowledged = new Map<string, { id: string; name: string; n: number }>();
  const outcomes: Outcome[] = [];
  let server = await start();
  const key = server.adminKey as string;
  let n = 0;

  for (let cycle = 0; cycle < CYCLES; cycle++) {
    if (cycle > 0) server = await start();
    const burst = 3 + (cycle % 5);
    const url = server.url;
    const inflight = Array.from({ length: burst }, () => {
      const file = randomFile(n++);
      reliability.uploads++;
      return Bun.sleep(Math.random() * 40).then(() => upload(url, key, file));
    });
    // Kill after this cycle's first acknowledgement (however slow the machine; or once every upload
    // failed), plus a random delay, so every cycle kills with uploads, OCR and indexing in flight.
    await Promise.any(
      inflight.map((p) => p.then((o) => (o.status === undefined ? Promise.reject() : o))),
    ).catch(() => undefined);
    await Bun.sleep(Math.random() * 200);
    server.proc.kill('SIGKILL');
    await server.proc.exited;
    outcomes.push(...(await Promise.all(inflight)));
    reliability.killCycles++;
    reliability.faultsInjected++;
  }

  for (const o of outcomes) {
    if (o.status === undefined) continue;
    expect(o.status, `${o.file.name}: ${JSON.stringify(o.body)}`).toBeLessThan(500);
    if (o.status !== 200 && o.status !== 201) continue;
    expect(o.body.data?.sha256).toBe(sha(o.file.bytes));
    const data = o.body.data as { id: string; sha256: string };
    acknowledged.set(data.sha256, { id: data.id, name: o.file.name, n: o.file.n });
  }
  // Every cycle waited for one acknowledgement before killing.
  expect(acknowledged.size).toBeGreaterThanOrEqual(CYCLES);

  server = await start();
  try {
    const queue = await waitIdle(server);
    for (const kind of Object.values(queue)) expect((kind.queued ?? 0) + (kind.running ?? 0)).toBe(0);
    const auth = { authorization: `Bearer ${key}` };
    for (const [expectedSha, doc] of acknowledged) {
      const res = await fetch(`${server.url}/api/v1/documents/${doc.id}`, { headers: auth });
      if (res.status !== 200) reliability.losses++;
      expect(res.status).toBe(200);
      const meta = (await res.json()).data;
      expect(meta.sha256).toBe(expectedSha);
      expect(['completed', 'failed']).toContain(meta.status);
      const file = new Uint8Array(
        await (await fetch(`${server.url}/api/v1/documents/${doc.id}/file`, { headers: auth })).arrayBuffer(),
      );
      if (sha(file) !== expectedSha) reliability.losses++;
      expect(sha(file)).toBe(expectedSha);
    }
    const all = await (
      await fetch(`${server.url}/api/v1/documents?per_page=100&page=1`, { headers: auth })
    ).json();
    expect(all.meta.total).toBeGreaterThanOrEqual(acknowledged.size);

    // The search index is a cache of the DB: after all the kills it must still find every text file.
    await waitIndexReady(server);
    for (const doc of acknowledged.values()) {
      if (!doc.name.endsWith('.txt')) continue;
      const hits = await (
        await fetch(`${server.url}/api/v1/search?q=${marker(doc.n)}`, { headers: auth })
      ).json();
      const found = hits.data.some((h: { document: { id: string } }) => h.document.id === doc.id);
      if (!found) reliability.losses++;
      expect(found, `${doc.name} is not in the search index`).toBe(true);
    }
    reliability.acknowledgedUploads += acknowledged.size;
  } finally {
    expect(await server.stop()).toBe(0);
  }

  // Files written just before a kill but never committed are orphans: check finds and repairs them,
  // and no document is ever without its file.
  const check = JSON.parse(
    (await runCli(['check', '--repair', '--grace', '0', '--json', '--data', dir.path, ...databaseArgs]))
      .stdout,
  );
  expect(check.missingBlobs).toEqual([]);
  expect(check.integrity).toEqual(['ok']);
  const after = await runCli(['check', '--grace', '0', '--json', '--data', dir.path, ...databaseArgs]);
  expect(JSON.parse(after.stdout).healthy).toBe(true);
}, 1_200_000);
