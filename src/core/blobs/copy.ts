import { copyFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { randomToken } from '../ids.ts';
import { type BlobStorage, sha256OfStream } from './port.ts';

/** What {@link copyBlobs} did, blob by blob counted. */
export interface BlobCopyReport {
  /** Blobs in the source store. */
  source: number;
  /** Blobs written to the target. */
  copied: number;
  /** Blobs the target held already with the right bytes (checked by hash, not trusted by name). */
  present: number;
  /** Blobs whose copy in the target does not hash to its name (none when the copy succeeded). */
  failed: { sha256: string; reason: string }[];
  ok: boolean;
}

/**
 * Copies every blob of one store into another (e.g. the data directory into a bucket) and proves each
 * copy: the target's bytes are read back and hashed, and must equal the blob's name. A blob the target
 * holds already is hashed too; a wrong one is replaced. Safe to run again after an interruption.
 */
export async function copyBlobs(
  from: BlobStorage,
  to: BlobStorage,
  tmpDir: string,
  onBlob: (sha256: string, done: number) => void = () => {},
): Promise<BlobCopyReport> {
  const report: BlobCopyReport = { source: 0, copied: 0, present: 0, failed: [], ok: false };
  const hashOf = async (sha: string) => sha256OfStream(await to.stream(sha)).catch(() => 'unreadable');
  for await (const sha of from.list()) {
    report.source++;
    if ((await to.stat(sha)) && (await hashOf(sha)) === sha) {
      report.present++;
      onBlob(sha, report.source);
      continue;
    }
    await to.delete(sha);
    const tmpPath = join(tmpDir, `copy-${Date.now()}-${randomToken(6)}`);
    try {
      const size = await from.withFile(sha, async (path) => {
        await copyFile(path, tmpPath);
        return Bun.file(tmpPath).size;
      });
      await to.put({ tmpPath, sha256: sha, size });
      const actual = await hashOf(sha);
      if (actual === sha) report.copied++;
      else report.failed.push({ sha256: sha, reason: `the copy hashes to ${actual}` });
    } catch (err) {
      report.failed.push({ sha256: sha, reason: (err as Error).message });
    } finally {
      await rm(tmpPath, { force: true });
    }
    onBlob(sha, report.source);
  }
  report.ok = report.failed.length === 0;
  return report;
}
