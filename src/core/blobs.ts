import { createHash } from 'node:crypto';
import { type FileHandle, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../errors.ts';
import { storageError } from './blobs/errors.ts';
import { LocalBlobs } from './blobs/local.ts';
import type { StagedFile } from './blobs/port.ts';
import { randomToken } from './ids.ts';

export type { StagedFile } from './blobs/port.ts';

/** File-system operations the store performs, replaceable to inject faults in tests. */
export interface BlobFs {
  open(path: string, flags: string): Promise<FileHandle>;
  rename(from: string, to: string): Promise<void>;
}

const nodeFs: BlobFs = { open: (p, f) => open(p, f), rename };

/**
 * Content-addressed storage of originals and derived files under `<dataDir>/blobs/ab/cd/<sha256>`.
 * Writes go to `<dataDir>/tmp`, are fsynced, then renamed into place, so a blob is either whole or absent.
 */
export class BlobStore {
  readonly root: string;
  readonly tmpDir: string;
  /** The blob driver (today always the data directory's; see ./blobs/port.ts). */
  readonly local: LocalBlobs;

  constructor(
    dataDir: string,
    private readonly fs: BlobFs = nodeFs,
  ) {
    this.root = join(dataDir, 'blobs');
    this.tmpDir = join(dataDir, 'tmp');
    this.local = new LocalBlobs(this.root, (from, to) => fs.rename(from, to));
  }

  async init(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    await mkdir(this.tmpDir, { recursive: true });
  }

  /** Where a blob with this hash lives (whether or not it exists). */
  path(sha256: string): string {
    return this.local.path(sha256);
  }

  async exists(sha256: string): Promise<boolean> {
    return (await this.local.stat(sha256)) !== undefined;
  }

  /** A fresh path in the temp area. */
  tempPath(suffix = ''): string {
    return join(this.tmpDir, `${Date.now()}-${randomToken(9)}${suffix}`);
  }

  /**
   * Streams chunks to a temp file while hashing them. Throws `payload_too_large` past `maxBytes`
   * (the partial file is removed) and `unavailable` when the disk is full.
   */
  async stage(chunks: AsyncIterable<Uint8Array>, maxBytes = Number.POSITIVE_INFINITY): Promise<StagedFile> {
    const tmpPath = this.tempPath();
    const hash = createHash('sha256');
    let size = 0;
    let fh: FileHandle | undefined;
    try {
      fh = await this.fs.open(tmpPath, 'wx');
      for await (const chunk of chunks) {
        size += chunk.byteLength;
        if (size > maxBytes)
          throw new AppError(
            'payload_too_large',
            `File exceeds the ${Math.round(maxBytes / 1048576)} MB limit`,
          );
        hash.update(chunk);
        await fh.write(chunk);
      }
      await fh.sync();
      await fh.close();
      fh = undefined;
      return { tmpPath, sha256: hash.digest('hex'), size };
    } catch (err) {
      await fh?.close().catch(() => {});
      await rm(tmpPath, { force: true });
      throw storageError(err);
    }
  }

  /** Stages a whole in-memory buffer (base64 uploads, derived files). */
  stageBytes(bytes: Uint8Array, maxBytes?: number): Promise<StagedFile> {
    return this.stage(
      (async function* () {
        yield bytes;
      })(),
      maxBytes,
    );
  }

  /** Moves a staged file into the store. If the blob already exists the staged copy is dropped. */
  async commit(staged: StagedFile): Promise<string> {
    await this.local.put(staged);
    return this.path(staged.sha256);
  }

  async discard(staged: StagedFile): Promise<void> {
    await rm(staged.tmpPath, { force: true });
  }

  async delete(sha256: string): Promise<void> {
    await this.local.delete(sha256);
  }

  /** Every blob hash in the store (for consistency checks). */
  list(): AsyncGenerator<string> {
    return this.local.list();
  }

  /** Removes temp files older than `olderThanMs` (left behind by a crash mid-upload). */
  async sweepTemp(olderThanMs: number, now = Date.now()): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.tmpDir).catch(() => [] as string[])) {
      const p = join(this.tmpDir, name);
      const s = await stat(p).catch(() => undefined);
      if (s && now - s.mtimeMs > olderThanMs) {
        await rm(p, { force: true, recursive: true });
        removed++;
      }
    }
    return removed;
  }
}
