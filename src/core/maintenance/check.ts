import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Repos } from '../../db/index.ts';
import type { BlobStore } from '../blobs.ts';
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

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * A sanity checker for a data directory: database integrity, rows without files, files without rows,
 * corrupted blobs, stuck jobs, count and index drift. Safe to run while the server is running.
 */
export async function checkDataDir(
  repos: Repos,
  blobs: BlobStore,
  search: SearchIndex | undefined,
  opts: CheckOptions = {},
): Promise<CheckReport> {
  const now = opts.now ?? Date.now();
  const grace = opts.graceMs ?? 10 * 60_000;
  const docs = repos.maintenance.documentBlobs();
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
    const path = blobs.path(sha);
    if (!referenced.has(sha)) {
      const s = await stat(path).catch(() => undefined);
      if (s && now - s.mtimeMs >= grace) orphanBlobs.push({ sha256: sha, size: s.size });
    } else if (opts.verify) {
      const actual = await sha256File(path);
      if (actual !== sha) corruptBlobs.push({ sha256: sha, actual });
    }
  }
  const missingBlobs: CheckReport['missingBlobs'] = [];
  for (const d of docs)
    for (const sha of new Set([d.sha256, d.pdfSha256]))
      if (sha && !onDisk.has(sha))
        missingBlobs.push({ documentId: d.id, projectId: d.projectId, sha256: sha });

  const integrity = repos.maintenance.integrityCheck();
  let stuckJobs = repos.maintenance.expiredRunningJobs(now);
  const drift = repos.maintenance.countDrift();
  const indexStatus = search?.status();
  const index = indexStatus?.ready
    ? { documents: indexStatus.documents, live: repos.maintenance.liveDocuments() }
    : null;
  const repaired = { orphanBlobs: 0, tempFiles: 0, stuckJobs: 0, counts: false };

  if (opts.repair) {
    for (const o of orphanBlobs) {
      await blobs.delete(o.sha256);
      repaired.orphanBlobs++;
    }
    repaired.tempFiles = await blobs.sweepTemp(grace, now);
    repaired.stuckJobs = repos.jobs.requeueRunning(now, true);
    stuckJobs -= repaired.stuckJobs;
    if (drift.length) {
      repos.maintenance.recount();
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
