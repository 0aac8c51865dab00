import { Database } from 'bun:sqlite';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { copyFile, link, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import * as tar from 'tar';
import type { Repos } from '../../db/index.ts';
import { AppError } from '../../errors.ts';
import type { BlobStore } from '../blobs.ts';
import { randomToken } from '../ids.ts';

/** The manifest stored at the root of a backup archive. */
export interface BackupManifest {
  format: 'docserve-backup';
  version: 1;
  createdAt: string;
  docserveVersion: string;
  documents: number;
  blobs: { sha256: string; size: number }[];
}

const MANIFEST = 'manifest.json';
const DB_FILE = 'docserve.db';

function blobPath(sha: string): string {
  return join('blobs', sha.slice(0, 2), sha.slice(2, 4), sha);
}

/**
 * Writes a consistent backup of a (possibly running) data directory to `outFile`: a tar archive with an
 * online snapshot of the database (`VACUUM INTO`), every blob the snapshot references (read through the
 * blob port, so from a bucket too), and a manifest of their hashes. Blobs are content-addressed and never change, so copying them after the snapshot is safe.
 */
export async function backupDataDir(
  repos: Repos,
  blobs: BlobStore,
  outFile: string,
  docserveVersion: string,
): Promise<BackupManifest> {
  const staging = join(blobs.tmpDir, `backup-${Date.now()}-${randomToken(6)}`);
  await mkdir(staging, { recursive: true });
  try {
    const snapshot = join(staging, DB_FILE);
    repos.maintenance.snapshotTo(snapshot);
    const db = new Database(snapshot, { readonly: true });
    const rows = db
      .query<{ sha256: string; pdf: string | null }, []>('SELECT sha256, pdf_sha256 AS pdf FROM documents')
      .all();
    db.close();
    const shas = [...new Set(rows.flatMap((r) => (r.pdf ? [r.sha256, r.pdf] : [r.sha256])))].sort();
    const manifest: BackupManifest = {
      format: 'docserve-backup',
      version: 1,
      createdAt: new Date().toISOString(),
      docserveVersion,
      documents: rows.length,
      blobs: [],
    };
    for (const sha of shas) {
      const info = await blobs.store.stat(sha);
      if (!info)
        throw new AppError(
          'conflict',
          `Blob ${sha} referenced by the database is missing; run docserve check`,
        );
      const to = join(staging, blobPath(sha));
      await mkdir(dirname(to), { recursive: true });
      await blobs.withFile(sha, (from) => link(from, to).catch(() => copyFile(from, to)));
      manifest.blobs.push({ sha256: sha, size: info.size });
    }
    await writeFile(join(staging, MANIFEST), JSON.stringify(manifest, null, 2));
    const partial = `${outFile}.partial-${randomToken(6)}`;
    await mkdir(dirname(outFile), { recursive: true });
    await tar.c({ file: partial, cwd: staging, portable: true }, [MANIFEST, DB_FILE, ...shas.map(blobPath)]);
    await rename(partial, outFile);
    return manifest;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Restores a backup archive into an empty (or missing) data directory, verifying every blob against the
 * manifest before anything is put in place. Throws `conflict` when the directory is not empty and
 * `invalid_file` when the archive is not a docserve backup or does not verify.
 */
export async function restoreDataDir(archive: string, dataDir: string): Promise<BackupManifest> {
  if (!existsSync(archive)) throw new AppError('not_found', `Backup file ${archive} not found`);
  const existing = await readdir(dataDir).catch(() => [] as string[]);
  if (existing.length)
    throw new AppError(
      'conflict',
      `The data directory ${dataDir} is not empty; restore only into an empty one`,
    );
  const staging = join(dirname(dataDir), `.docserve-restore-${randomToken(6)}`);
  await mkdir(staging, { recursive: true });
  try {
    try {
      await tar.x({ file: archive, cwd: staging, strict: true });
    } catch (err) {
      throw new AppError('invalid_file', `Not a readable backup archive: ${(err as Error).message}`);
    }
    let manifest: BackupManifest;
    try {
      manifest = JSON.parse(await readFile(join(staging, MANIFEST), 'utf8'));
    } catch {
      throw new AppError('invalid_file', 'Not a docserve backup: manifest.json is missing or unreadable');
    }
    if (manifest.format !== 'docserve-backup')
      throw new AppError('invalid_file', 'Not a docserve backup archive');
    if (!existsSync(join(staging, DB_FILE))) throw new AppError('invalid_file', 'The backup has no database');
    for (const b of manifest.blobs) {
      const p = join(staging, blobPath(b.sha256));
      const actual = await sha256File(p).catch(() => 'missing');
      if (actual !== b.sha256)
        throw new AppError(
          'invalid_file',
          `Blob ${b.sha256} in the backup is ${actual === 'missing' ? 'missing' : 'corrupt'}`,
        );
    }
    const check = new Database(join(staging, DB_FILE), { readonly: true });
    const integrity = check
      .query<{ integrity_check: string }, []>('PRAGMA integrity_check')
      .get()?.integrity_check;
    check.close();
    if (integrity !== 'ok')
      throw new AppError('invalid_file', `The backed-up database is damaged: ${integrity}`);
    await rm(join(staging, MANIFEST));
    await mkdir(join(staging, 'tmp'), { recursive: true });
    await mkdir(join(staging, 'blobs'), { recursive: true });
    await rm(dataDir, { recursive: true, force: true });
    await rename(staging, dataDir);
    return manifest;
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
}
