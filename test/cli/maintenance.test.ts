import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { blobKey } from '../../src/core/blobs/port.ts';
import { createServices } from '../../src/services.ts';
import { runCli } from '../helpers/cli.ts';
import { tinyPdf } from '../helpers/files.ts';
import { form, startTestServer, type TestServer, tempDir } from '../helpers/server.ts';

let s: TestServer;
const ids: string[] = [];
beforeAll(async () => {
  s = await startTestServer();
  for (let i = 0; i < 4; i++) {
    const res = await s.fetch('/api/v1/documents', {
      method: 'POST',
      body: form({ name: `d${i}.pdf`, content: tinyPdf(`FAKE-OCR: หน้า ${i}`) }),
    });
    ids.push((await res.json()).data.id);
  }
  await s.drain();
});
afterAll(() => s.close());

const sha = (b: string | Uint8Array) => createHash('sha256').update(b).digest('hex');

/** Where the local blob driver keeps a blob of the test server (to damage it as a disk fault would). */
const blobFile = (hash: string) => join(s.dataDir, 'blobs', blobKey(hash));

describe('docserve backup / restore', () => {
  test('a backup taken while the server runs restores into an empty directory with every document', async () => {
    const out = tempDir();
    try {
      const file = join(out.path, 'backup.tar');
      const backup = await runCli(['backup', file, '--json', '--data', s.dataDir]);
      expect(backup.code).toBe(0);
      expect(JSON.parse(backup.stdout)).toMatchObject({ documents: 4, files: 4 });
      const target = join(out.path, 'restored');
      const restore = await runCli(['restore', file, '--json', '--data', target]);
      expect(restore.code).toBe(0);
      const r = createServices(loadConfig({ data: target }, {}));
      try {
        for (const id of ids) {
          const doc = await r.documents.get(s.projectId, id);
          expect(doc.ocrStatus).toBe('completed');
          expect(sha(await (await r.documents.file(s.projectId, id)).bytes())).toBe(doc.sha256);
          expect(await r.documents.text(s.projectId, id)).toContain('หน้า');
        }
        expect(await r.keys.resolve(s.adminKey)).toMatchObject({ orgId: s.orgId });
      } finally {
        await r.close();
      }
      const again = await runCli(['restore', file, '--data', target]);
      expect(again.code).not.toBe(0);
      expect(again.stderr).toContain('not empty');
    } finally {
      out.cleanup();
    }
  });

  test('a damaged archive is refused and leaves no data directory', async () => {
    const out = tempDir();
    try {
      const bad = join(out.path, 'bad.tar');
      writeFileSync(bad, 'this is not a tar archive at all'.repeat(40));
      const target = join(out.path, 'restored');
      const res = await runCli(['restore', bad, '--data', target]);
      expect(res.code).not.toBe(0);
      expect(existsSync(join(target, 'docserve.db'))).toBe(false);
    } finally {
      out.cleanup();
    }
  });
});

describe('docserve check', () => {
  test('finds orphan files, missing originals, corrupt files and stuck jobs; repairs what it can', async () => {
    const clean = await runCli(['check', '--json', '--data', s.dataDir]);
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout).healthy).toBe(true);

    // The live server re-queues expired jobs itself; stop its runner to leave one stuck for the checker.
    await s.services.runner.stop();
    const orphanSha = sha('orphan bytes');
    const orphan = blobFile(orphanSha);
    mkdirSync(join(orphan, '..'), { recursive: true });
    writeFileSync(orphan, 'orphan bytes');
    const old = new Date(Date.now() - 3600_000);
    utimesSync(orphan, old, old);
    const victim = await s.services.documents.get(s.projectId, ids[0] as string);
    const victimBytes = readFileSync(blobFile(victim.sha256));
    rmSync(blobFile(victim.sha256));
    const corrupted = await s.services.documents.get(s.projectId, ids[1] as string);
    const corruptedPath = blobFile(corrupted.sha256);
    const original = readFileSync(corruptedPath);
    writeFileSync(corruptedPath, 'tampered');
    s.services.repos.db.$client
      .query(
        "INSERT INTO jobs (id, kind, payload, status, attempts, max_attempts, run_at, locked_until, created_at, updated_at) VALUES ('aaaaaaaaaaaaaaaaaaaaaaaa', 'noop', '{}', 'running', 1, 3, 0, 1, 0, 0)",
      )
      .run();

    const found = await runCli(['check', '--verify', '--json', '--data', s.dataDir]);
    expect(found.code).toBe(1);
    const r = JSON.parse(found.stdout);
    expect(r.orphanBlobs.map((o: { sha256: string }) => o.sha256)).toEqual([orphanSha]);
    expect(r.missingBlobs).toEqual([
      { documentId: victim.id, projectId: s.projectId, sha256: victim.sha256 },
    ]);
    expect(r.corruptBlobs.map((c: { sha256: string }) => c.sha256)).toEqual([corrupted.sha256]);
    expect(r.stuckJobs).toBe(1);
    // --grace leaves younger files alone: the hour-old orphan is not one of them at 120 minutes.
    const graced = JSON.parse(
      (await runCli(['check', '--json', '--grace', '120', '--data', s.dataDir])).stdout,
    );
    expect(graced.orphanBlobs).toEqual([]);

    const repaired = JSON.parse((await runCli(['check', '--repair', '--json', '--data', s.dataDir])).stdout);
    expect(repaired.repaired).toMatchObject({ orphanBlobs: 1, stuckJobs: 1 });
    expect(existsSync(orphan)).toBe(false);
    expect(repaired.missingBlobs.length).toBe(1);
    expect(repaired.healthy).toBe(false);

    writeFileSync(blobFile(victim.sha256), victimBytes);
    writeFileSync(corruptedPath, original);
    s.services.repos.db.$client.query("DELETE FROM jobs WHERE id = 'aaaaaaaaaaaaaaaaaaaaaaaa'").run();
    const healed = await runCli(['check', '--verify', '--data', s.dataDir]);
    expect(healed.code).toBe(0);
    expect(healed.stdout).toContain('OK');
  });
});
