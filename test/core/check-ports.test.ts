/**
 * `docserve check` (checkDataDir) through the storage and blob ports, on both pairs of drivers a
 * deployment uses: SQLite + the local directory, PostgreSQL + S3 (s3rver). The expected hashes are
 * computed here with node:crypto.
 */
import { afterAll, beforeAll, describe, expect, test } from 'bun:test';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalBlobs } from '../../src/core/blobs/local.ts';
import type { BlobStorage } from '../../src/core/blobs/port.ts';
import { S3Blobs } from '../../src/core/blobs/s3.ts';
import { checkDataDir } from '../../src/core/maintenance/check.ts';
import {
  type DriverFactory,
  type OpenedDatabase,
  postgresFactory,
  sqliteFactory,
} from '../db/contract/harness.ts';
import { docRow, jobRow, newProject } from '../db/contract/rows.ts';
import { startTestS3, type TestS3 } from '../helpers/s3.ts';

const sha = (text: string) => createHash('sha256').update(text).digest('hex');

function checkOnPorts(factory: DriverFactory, blobDriver: 'local' | 's3'): void {
  describe(`check on ${factory.name} + ${blobDriver} blobs`, () => {
    let dir: string;
    let db: OpenedDatabase;
    let s3: TestS3 | undefined;
    let blobs: BlobStorage;
    let n = 0;
    const put = async (text: string) => {
      const tmpPath = join(dir, `staged-${++n}`);
      writeFileSync(tmpPath, text);
      await blobs.put({ tmpPath, sha256: sha(text), size: Buffer.byteLength(text) });
      return sha(text);
    };

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'docserve-check-'));
      db = await factory.open();
      if (blobDriver === 's3') {
        s3 = await startTestS3();
        blobs = new S3Blobs({ ...s3, prefix: 'check', tmpDir: dir });
      } else blobs = new LocalBlobs(join(dir, 'blobs'));
    });
    afterAll(async () => {
      await db.close();
      await s3?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    test('finds orphan, missing and corrupt blobs and stuck jobs, then repairs what it can', async () => {
      const { storage } = db;
      const { projectId } = await newProject(storage);
      const kept = await put('ใบเสร็จรับเงิน 001');
      const missing = sha('an original that was never stored');
      const orphan = await put('bytes no document names');
      await storage.documents.insert(docRow(projectId, { sha256: kept }));
      const lost = docRow(projectId, { sha256: missing });
      await storage.documents.insert(lost);
      await storage.jobs.insert(jobRow('noop', { status: 'running', attempts: 1, lockedUntil: 1 }));
      let swept = 0;
      const targets = {
        storage,
        blobs,
        sweepTemp: async () => {
          swept++;
          return 0;
        },
      };

      const found = await checkDataDir(targets, { verify: true, graceMs: 0 });
      expect(found.integrity).toEqual(['ok']);
      expect(found.documents).toBe(2);
      expect(found.orphanBlobs).toEqual([
        { sha256: orphan, size: Buffer.byteLength('bytes no document names') },
      ]);
      expect(found.missingBlobs).toEqual([{ documentId: lost.id, projectId, sha256: missing }]);
      expect(found.corruptBlobs).toEqual([]);
      expect(found.stuckJobs).toBe(1);
      expect(found.healthy).toBe(false);

      const young = await checkDataDir(targets, { graceMs: 3_600_000 });
      expect(young.orphanBlobs).toEqual([]);

      const repaired = await checkDataDir(targets, { repair: true, graceMs: 0 });
      expect(repaired.repaired).toMatchObject({ orphanBlobs: 1, stuckJobs: 1 });
      expect(swept).toBe(1);
      expect(await blobs.stat(orphan)).toBeUndefined();
      expect(await blobs.stat(kept)).toBeDefined();
      expect(repaired.missingBlobs).toHaveLength(1);
      expect(repaired.healthy).toBe(false);
    });
  });
}

checkOnPorts(sqliteFactory, 'local');
checkOnPorts(postgresFactory, 's3');
