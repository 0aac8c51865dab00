import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '../../errors.ts';
import { storageError } from './errors.ts';
import {
  type BlobStat,
  type BlobStorage,
  blobKey,
  type ByteRange,
  isBlobName,
  type StagedFile,
} from './port.ts';

/** Renames a staged file into place (replaceable to inject faults in tests). */
export type RenameFile = (from: string, to: string) => Promise<void>;

/**
 * The default blob driver: `<dataDir>/blobs/ab/cd/<sha256>`. A staged file is fsynced already; `put`
 * renames it into place (atomic on one file system) and fsyncs the directory.
 */
export class LocalBlobs implements BlobStorage {
  readonly driver = 'local';

  constructor(
    readonly root: string,
    private readonly renameFile: RenameFile = rename,
  ) {}

  /** Where a blob with this hash lives: known to this driver only (the rest reads through the port). */
  private path(sha256: string): string {
    return join(this.root, blobKey(sha256));
  }

  async put(staged: StagedFile): Promise<void> {
    const dest = this.path(staged.sha256);
    try {
      if (await this.stat(staged.sha256)) return;
      await mkdir(dirname(dest), { recursive: true });
      await this.renameFile(staged.tmpPath, dest);
      await syncDir(dirname(dest));
    } catch (err) {
      throw storageError(err);
    } finally {
      await rm(staged.tmpPath, { force: true });
    }
  }

  async stat(sha256: string): Promise<BlobStat | undefined> {
    const s = await stat(this.path(sha256)).catch(() => undefined);
    return s?.isFile() ? { size: s.size, modifiedAt: s.mtimeMs } : undefined;
  }

  async bytes(sha256: string): Promise<Uint8Array> {
    return new Uint8Array(await (await this.existing(sha256)).arrayBuffer());
  }

  async stream(sha256: string, range?: ByteRange): Promise<ReadableStream<Uint8Array>> {
    const file = await this.existing(sha256);
    return (range ? file.slice(range.start, range.end + 1) : file).stream();
  }

  async withFile<T>(sha256: string, fn: (path: string) => Promise<T>): Promise<T> {
    await this.existing(sha256);
    return fn(this.path(sha256));
  }

  async delete(sha256: string): Promise<void> {
    await rm(this.path(sha256), { force: true });
  }

  async *list(): AsyncGenerator<string> {
    const names = (dir: string) => readdir(dir).catch(() => [] as string[]);
    for (const a of await names(this.root))
      for (const b of await names(join(this.root, a)))
        for (const name of await names(join(this.root, a, b))) if (isBlobName(name)) yield name;
  }

  private async existing(sha256: string) {
    if (!(await this.stat(sha256))) throw new AppError('not_found', `Blob ${sha256} not found`);
    return Bun.file(this.path(sha256));
  }
}

/** Fsyncs a directory (off the event loop) so a rename into it survives a power loss. */
async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    // Directory fsync is best effort (unsupported on some file systems).
  }
}
