import { createHash } from 'node:crypto';
import { type FileHandle, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../errors.ts';
import { storageError } from './blobs/errors.ts';
import { LocalBlobs } from './blobs/local.ts';
import type { BlobStorage, ByteRange, StagedFile } from './blobs/port.ts';
import { randomToken } from './ids.ts';

export type { BlobStorage, ByteRange, StagedFile } from './blobs/port.ts';

/**
 * A stored blob as callers see it: named and typed, read through the port. No path: a library that needs
 * one gets a file from {@link BlobFile.withFile} (a temp copy for a remote driver, removed after).
 */
export interface BlobFile {
  sha256: string;
  name: string;
  mime: string;
  size: number;
  /** When the blob was stored (ms since the epoch). */
  modifiedAt: number;
  /** A strong entity tag (`"<sha256>"`): the bytes of a content-addressed blob never change. */
  etag: string;
  stream(range?: ByteRange): Promise<ReadableStream<Uint8Array>>;
  /**
   * The bytes (or a range) as a response body whose length the HTTP server sends as `Content-Length`:
   * Bun 1.4.5 drops that header from any other `ReadableStream` (oven-sh/bun#10507), so a remote blob
   * comes in memory up to {@link IN_MEMORY_BODY} bytes, else as a temp file removed a minute later.
   */
  body(range?: ByteRange): Promise<BodyInit>;
  bytes(): Promise<Uint8Array>;
  withFile<T>(fn: (path: string) => Promise<T>): Promise<T>;
}

/** File-system operations the store performs, replaceable to inject faults in tests. */
export interface BlobFs {
  open(path: string, flags: string): Promise<FileHandle>;
  rename(from: string, to: string): Promise<void>;
}

const nodeFs: BlobFs = { open: (p, f) => open(p, f), rename };

/** Largest remote blob (or range) a download holds in memory; larger ones are spooled to a temp file. */
export const IN_MEMORY_BODY = 32 * 1024 * 1024;
/** How long a spooled download file stays (the server has opened it long before; sweepTemp is the backstop). */
const SPOOL_TTL_MS = 60_000;

/**
 * Content-addressed storage of originals and derived files, on a driver of the blob port (the data
 * directory's `blobs/ab/cd/<sha256>` by default, or an S3 bucket). Uploads are staged in `<dataDir>/tmp`,
 * fsynced and hashed, then put into the store, so a blob is either whole or absent.
 */
export class BlobStore {
  readonly root: string;
  readonly tmpDir: string;
  /** The blob driver (see ./blobs/port.ts). */
  readonly store: BlobStorage;

  constructor(
    dataDir: string,
    private readonly fs: BlobFs = nodeFs,
    store?: BlobStorage,
  ) {
    this.root = join(dataDir, 'blobs');
    this.tmpDir = join(dataDir, 'tmp');
    this.store = store ?? new LocalBlobs(this.root, (from, to) => fs.rename(from, to));
  }

  async init(): Promise<void> {
    if (this.store.driver === 'local') await mkdir(this.root, { recursive: true });
    await mkdir(this.tmpDir, { recursive: true });
  }

  async exists(sha256: string): Promise<boolean> {
    return (await this.store.stat(sha256)) !== undefined;
  }

  /** A stored blob with the name and type it is served under; `not_found` when it is absent. */
  async file(sha256: string, meta: { name: string; mime: string }): Promise<BlobFile> {
    const info = await this.store.stat(sha256);
    if (!info) throw new AppError('not_found', 'File not found');
    const store = this.store;
    return {
      sha256,
      name: meta.name,
      mime: meta.mime,
      size: info.size,
      modifiedAt: info.modifiedAt,
      etag: `"${sha256}"`,
      stream: (range) => store.stream(sha256, range),
      body: (range) => this.body(sha256, info.size, range),
      bytes: () => store.bytes(sha256),
      withFile: (fn) => store.withFile(sha256, fn),
    };
  }

  private async body(sha256: string, size: number, range?: ByteRange): Promise<BodyInit> {
    const stream = await this.store.stream(sha256, range);
    if (this.store.driver === 'local') return stream;
    const length = range ? range.end - range.start + 1 : size;
    if (length <= IN_MEMORY_BODY) return new Uint8Array(await new Response(stream).arrayBuffer());
    const spool = this.tempPath('.download');
    await Bun.write(spool, new Response(stream));
    setTimeout(() => rm(spool, { force: true }), SPOOL_TTL_MS).unref();
    return Bun.file(spool);
  }

  /** The whole blob; `not_found` when absent. */
  bytes(sha256: string): Promise<Uint8Array> {
    return this.store.bytes(sha256);
  }

  /** The blob (or an inclusive range of it) as a stream; `not_found` when absent. */
  stream(sha256: string, range?: ByteRange): Promise<ReadableStream<Uint8Array>> {
    return this.store.stream(sha256, range);
  }

  /** Runs `fn` with a local file holding the blob (a temp copy for a remote driver, removed after). */
  withFile<T>(sha256: string, fn: (path: string) => Promise<T>): Promise<T> {
    return this.store.withFile(sha256, fn);
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
  async commit(staged: StagedFile): Promise<void> {
    await this.store.put(staged);
  }

  async discard(staged: StagedFile): Promise<void> {
    await rm(staged.tmpPath, { force: true });
  }

  async delete(sha256: string): Promise<void> {
    await this.store.delete(sha256);
  }

  /** Every blob hash in the store (for consistency checks). */
  list(): AsyncIterable<string> {
    return this.store.list();
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
