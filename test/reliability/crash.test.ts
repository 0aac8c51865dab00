import { afterAll, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import { runCli, type ServerProcess, startServerProcess } from '../helpers/cli.ts';
import { tinyPdf, tinyPng } from '../helpers/files.ts';
import { reliability } from '../helpers/reliability.ts';
import { form, tempDir } from '../helpers/server.ts';

const CYCLES = 50;
const dir = tempDir('docserve-crash-');
afterAll(() => dir.cleanup());

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

async function waitIndexReady(server: ServerProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await (await fetch(`${server.url}/healthz`)).json()).index?.ready !== true) {
    if (Date.now() > deadline) throw new Error('the search index did not become ready');
    await Bun.sleep(100);
  }
}

async function waitIdle(
  server: ServerProcess,
  timeoutMs = 120_000,
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

test(`kill -9 during uploads, OCR and indexing, ${CYCLES} times: nothing acknowledged is lost`, async () => {
  const acknowledged = new Map<string, { id: string; name: string; n: number }>();
  let server = await startServerProcess(dir.path);
  const key = server.adminKey as string;
  let n = 0;

  for (let cycle = 0; cycle < CYCLES; cycle++) {
    if (cycle > 0) server = await startServerProcess(dir.path);
    const inflight: Promise<void>[] = [];
    // The kill comes a random time after the first acknowledgement of the cycle (not after a fixed
    // delay), so every cycle acknowledges something however slow the machine is.
    let firstAck = () => {};
    const acked = new Promise<void>((resolve) => {
      firstAck = resolve;
    });
    const burst = 3 + (cycle % 5);
    for (let i = 0; i < burst; i++) {
      const file = randomFile(n++);
      reliability.uploads++;
      inflight.push(
        (async () => {
          await Bun.sleep(Math.random() * 40);
          try {
            const res = await fetch(`${server.url}/api/v1/documents`, {
              method: 'POST',
              headers: { authorization: `Bearer ${key}` },
              body: form({ name: file.name, content: file.bytes }),
            });
            if (res.status === 201 || res.status === 200) {
              const body = await res.json();
              expect(body.data.sha256).toBe(sha(file.bytes));
              acknowledged.set(body.data.sha256, { id: body.data.id, name: file.name, n: file.n });
              firstAck();
            } else expect(res.status).toBeLessThan(500);
          } catch {
            // The connection died with the server: not acknowledged, so nothing is owed.
          }
        })(),
      );
    }
    await Promise.race([acked, Promise.allSettled(inflight)]);
    await Bun.sleep(Math.random() * 400);
    server.proc.kill('SIGKILL');
    await server.proc.exited;
    await Promise.allSettled(inflight);
    reliability.killCycles++;
    reliability.faultsInjected++;
  }

  server = await startServerProcess(dir.path);
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
    (await runCli(['check', '--repair', '--grace', '0', '--json', '--data', dir.path])).stdout,
  );
  expect(check.missingBlobs).toEqual([]);
  expect(check.integrity).toEqual(['ok']);
  const after = await runCli(['check', '--grace', '0', '--json', '--data', dir.path]);
  expect(JSON.parse(after.stdout).healthy).toBe(true);
  expect(acknowledged.size).toBeGreaterThanOrEqual(CYCLES);
}, 600_000);
