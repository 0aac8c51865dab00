import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProcessingPool, spawnProcessingWorker } from '../../../src/core/processing/pool.ts';
import type { TaskRequest } from '../../../src/core/processing/protocol.ts';
import { runTaskHere } from '../../../src/core/processing/tasks.ts';
import { AppError } from '../../../src/errors.ts';
import { tinyDocx } from '../../helpers/office.ts';
import { tempDir } from '../../helpers/server.ts';

let dir: ReturnType<typeof tempDir>;
beforeAll(() => {
  dir = tempDir();
});
afterAll(() => dir.cleanup());

const write = (name: string, bytes: Uint8Array | string) => {
  const path = join(dir.path, name);
  writeFileSync(path, bytes);
  return path;
};

/** A worker that never answers and counts what it was sent (a task stuck in a long parse). */
function silentWorker(seen: TaskRequest[]): () => Worker {
  return () => {
    const worker = new Worker(
      URL.createObjectURL(new Blob(['self.onmessage = () => {};'], { type: 'text/javascript' })),
    );
    const post = worker.postMessage.bind(worker);
    worker.postMessage = (msg: TaskRequest) => {
      seen.push(msg);
      post(msg);
    };
    return worker;
  };
}

describe('processing pool (worker threads)', () => {
  test('reads text and DOCX and runs the extraction rules in a worker, results as in-thread', async () => {
    const pool = new ProcessingPool({ size: 1 });
    try {
      const path = write('a.txt', 'ใบกำกับภาษี\nเลขที่ INV-7\nน\u0E4D\u0E32ประปา');
      const [text] = await pool.run('text', { path });
      expect(text?.text).toContain('น\u0E33ประปา');
      expect(text?.rawText).toContain('น\u0E4D\u0E32');
      expect(text).toEqual((await runTaskHere('text', { path }))[0]);
      const [docx] = await pool.run('docx', { path: write('a.docx', tinyDocx(['สัญญาเช่า'])) });
      expect(docx?.text).toBe('สัญญาเช่า');
      const result = await pool.run('extract', { pages: [text as never] });
      expect(result.kind).toBe('tax_invoice');
      expect(result).toEqual(await runTaskHere('extract', { pages: [text as never] }));
      expect(pool.status()).toMatchObject({ started: 1, busy: 0, queued: 0 });
    } finally {
      await pool.close();
    }
  });

  test("a task's AppError crosses the thread with its code and details", async () => {
    const pool = new ProcessingPool({ size: 1 });
    try {
      const err = await pool
        .run('docx', { path: write('broken.docx', new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3])) })
        .catch((e) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('invalid_file');
      const email = await pool.run('email', { path: write('x.eml', 'Subject: hi\r\n\r\nbody') });
      expect(email).toMatchObject({ headers: ['Subject: hi'], body: 'body', attachments: [] });
    } finally {
      await pool.close();
    }
  });

  test('an aborted task terminates its worker; the next task gets a fresh one', async () => {
    const seen: TaskRequest[] = [];
    let spawned = 0;
    const pool = new ProcessingPool({
      size: 1,
      spawn: () => (++spawned === 1 ? silentWorker(seen)() : spawnProcessingWorker()),
    });
    try {
      const ac = new AbortController();
      const stuck = pool.run('text', { path: write('b.txt', 'stuck') }, ac.signal).catch((e) => e);
      const queued = pool.run('text', { path: write('c.txt', 'after the abort') });
      while (!seen.length) await Bun.sleep(5);
      ac.abort(new Error('job cancelled'));
      expect(((await stuck) as Error).message).toBe('job cancelled');
      expect((await queued)[0]?.text).toBe('after the abort');
      expect(spawned).toBe(2);
    } finally {
      await pool.close();
    }
  });

  test('a worker that dies fails its task (the job retries it) and is replaced', async () => {
    let spawned = 0;
    const pool = new ProcessingPool({
      size: 1,
      spawn: () =>
        ++spawned === 1
          ? new Worker(
              URL.createObjectURL(
                new Blob(['self.onmessage = () => { process.exit(3); };'], { type: 'text/javascript' }),
              ),
            )
          : spawnProcessingWorker(),
    });
    try {
      const lost = await pool.run('text', { path: write('d.txt', 'lost') }).catch((e) => e);
      expect(lost).toBeInstanceOf(Error);
      expect(lost).not.toBeInstanceOf(AppError);
      expect((await pool.run('text', { path: write('e.txt', 'replaced') }))[0]?.text).toBe('replaced');
      expect(spawned).toBe(2);
    } finally {
      await pool.close();
    }
  });

  test('idle workers stop; a closed pool refuses work', async () => {
    const pool = new ProcessingPool({ size: 2, idleMs: 1 });
    await pool.run('page', { raw: 'x' });
    while (pool.status().started) await Bun.sleep(5);
    expect((await pool.run('page', { raw: 'abc' })).text).toBe('abc');
    await pool.close();
    expect(await pool.run('page', { raw: 'x' }).catch((e) => (e as Error).message)).toMatch(/closed/);
  });
});
