import type { Storage } from '../../db/port/index.ts';
import { type BlobStorage, sha256OfStream } from '../blobs/port.ts';
import type { SearchIndex } from '../search/types.ts';

/** What `docserve check` found (and fixed, with `repair`). */
export interface CheckReport {
  integrity: string[];
  documents: number;
  blobs: number;
  /** Files in the blob store that no document references (a crash between write and commit). */
  orphanBlobs: { sha256: string; size: number }[];
  /** Documents whose original (or derived PDF) is missing from the blob store: data loss. */
  missingBlobs: { documentId: string; projectId: string; sha256: string }[];
  /** Blobs whose content no longer hashes to their name (only with `verify`). */
  corruptBlobs: { sha256: string; actual: string }[];
  /** Running jobs whose lease expired (their process died). */
  stuckJobs: number;
  /** Projects whose trigger-kept document count disagrees with the table. */
  countDrift: number;
  /** Search index entries vs live documents, when the index is loaded. */
  index: { documents: number; live: number } | null;
  repaired: { orphanBlobs: number; tempFiles: number; stuckJobs: number; counts: boolean };
  /** True when nothing is wrong (after repairs). */
  healthy: boolean;
}

export interface CheckOptions {
  /** Delete orphan blobs, sweep temp files, re-queue stuck jobs, fix counts. */
  repair?: boolean;
  /** Re-hash every blob (slow on large stores). */
  verify?: boolean;
  /** Orphans younger than this are left alone (an upload may be committing them). */
  graceMs?: number;
  now?: number;
}

/** What `docserve check` looks at: the database and the blob store through their ports, and the staging area. */
export interface CheckTargets {
  storage: Storage;
  blobs: BlobStorage;
  /** Removes staged upload files older than `olderThanMs` (see BlobStore.sweepTemp). */
  sweepTemp(olderThanMs: number, now: number): Promise<number>;
  /** The search index, when loaded: its size is compared with the live documents. */
  search?: SearchIndex;
}

/**
 * A sanity checker for a data directory: database integrity, rows without files, files without rows,
 * corrupted blobs, stuck jobs, count and index drift. Safe to run while the server is running. Works on
 * every storage and blob driver.
 */
export async function checkDataDir(
  { storage, blobs, sweepTemp, search }: CheckTargets,
  opts: CheckOptions = {},
): Promise<CheckReport> {
  const now = opts.now ?? Date.now();
  const grace = opts.graceMs ?? 10 * 60_000;
  const docs = await storage.maintenance.documentBlobs();
  const referenced = new Set<string>();
  for (const d of docs) {
    referenced.add(d.sha256);
    if (d.pdfSha256) referenced.add(d.pdfSha256);
  }
  const onDisk = new Set<string>();
  const orphanBlobs: CheckReport['orphanBlobs'] = [];
  const corruptBlobs: CheckReport['corruptBlobs'] = [];
  for await (const sha of blobs.list()) {
    onDisk.add(sha);
    if (!referenced.has(sha)) {
      const s = await blobs.stat(sha);
      if (s && now - s.modifiedAt >= grace) orphanBlobs.push({ sha256: sha, size: s.size });
    } else if (opts.verify) {
      const actual = await sha256OfStream(await blobs.stream(sha));
      if (actual !== sha) corruptBlobs.push({ sha256: sha, actual });
    }
  }
  const missingBlobs: CheckReport['missingBlobs'] = [];
  for (const d of docs)
    for (const sha of new Set([d.sha256, d.pdfSha256]))
      if (sha && !onDisk.has(sha))
        missingBlobs.push({ documentId: d.id, projectId: d.projectId, sha256: sha });

  const integrity = await storage.maintenance.integrityCheck();
  let stuckJobs = await storage.maintenance.expiredRunningJobs(now);
  const drift = await storage.maintenance.countDrift();
  const indexStatus = search?.status();
  const index = indexStatus?.ready
    ? { documents: indexStatus.documents, live: await storage.maintenance.liveDocuments() }
    : null;
  const repaired = { orphanBlobs: 0, tempFiles: 0, stuckJobs: 0, counts: false };

  if (opts.repair) {
    for (const o of orphanBlobs) {
      await blobs.delete(o.sha256);
      repaired.orphanBlobs++;
    }
    repaired.tempFiles = await sweepTemp(grace, now);
    repaired.stuckJobs = await storage.jobs.requeueExpired(now);
    stuckJobs -= repaired.stuckJobs;
    if (drift.length) {
      await storage.maintenance.recount();
      repaired.counts = true;
    }
  }
  const countDrift = repaired.counts ? 0 : drift.length;
  const remainingOrphans = opts.repair ? [] : orphanBlobs;
  return {
    integrity,
    documents: docs.length,
    blobs: onDisk.size,
    orphanBlobs: remainingOrphans,
    missingBlobs,
    corruptBlobs,
    stuckJobs,
    countDrift,
    index,
    repaired,
    healthy:
      integrity.length === 1 &&
      integrity[0] === 'ok' &&
      !remainingOrphans.length &&
      !missingBlobs.length &&
      !corruptBlobs.length &&
      stuckJobs === 0 &&
      countDrift === 0 &&
      (!index || index.documents === index.live),
  };
}
