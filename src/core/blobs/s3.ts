import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { S3Client, type S3File, type S3Options } from 'bun';
import { AppError } from '../../errors.ts';
import { randomToken } from '../ids.ts';
import {
  type BlobStat,
  type BlobStorage,
  blobKey,
  type ByteRange,
  isBlobName,
  type StagedFile,
  sha256OfStream,
} from './port.ts';

/** Where the S3 driver keeps blobs and how it reaches the bucket. */
export interface S3BlobsOptions extends S3Options {
  bucket: string;
  /** Key prefix inside the bucket (`docserve/` for `s3://bucket/docserve`); empty for the bucket root. */
  prefix?: string;
  /** Local directory for the copies {@link BlobStorage.withFile} hands to libraries. */
  tmpDir: string;
  /** Files larger than this go up as a multipart upload in parts of this size (S3's minimum is 5 MiB). */
  partSize?: number;
}

const MiB = 1024 * 1024;
/** Uploads tried before a blob whose read-back differs is refused (a truncated transfer is retried). */
const VERIFY_ATTEMPTS = 3;

/**
 * Blobs in an S3-compatible bucket (AWS S3, MinIO, Garage, Ceph RGW, R2) through Bun's built-in
 * `S3Client`, at `<prefix>ab/cd/<sha256>`. An object appears whole or not at all (a PUT, or a multipart
 * upload's completion); after writing, `put` reads the object back and checks its SHA-256: an object
 * that differs is deleted and uploaded again, and refused after three attempts, so no key ever names
 * other bytes than its hash.
 */
export class S3Blobs implements BlobStorage {
  readonly driver = 's3';
  private readonly client: S3Client;
  private readonly prefix: string;
  private readonly partSize: number;

  constructor(private readonly opts: S3BlobsOptions) {
    const { prefix = '', tmpDir: _tmp, partSize = 8 * MiB, ...client } = opts;
    this.client = new S3Client(client);
    this.prefix = prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix;
    this.partSize = Math.max(5 * MiB, partSize);
  }

  async put(staged: StagedFile): Promise<void> {
    try {
      const object = this.object(staged.sha256);
      if (await this.stat(staged.sha256)) return;
      for (let attempt = 1; ; attempt++) {
        await this.upload(object, staged);
        if ((await sha256OfStream(object.stream())) === staged.sha256) return;
        await object.delete();
        if (attempt === VERIFY_ATTEMPTS)
          throw new AppError(
            'unavailable',
            `The object store returned other bytes than were written (${attempt} attempts); not stored`,
          );
      }
    } catch (err) {
      throw unavailable(err);
    } finally {
      await rm(staged.tmpPath, { force: true });
    }
  }

  async stat(sha256: string): Promise<BlobStat | undefined> {
    try {
      const s = await this.object(sha256).stat();
      return { size: s.size, modifiedAt: s.lastModified.getTime() };
    } catch (err) {
      if (isMissing(err)) return undefined;
      throw unavailable(err);
    }
  }

  async bytes(sha256: string): Promise<Uint8Array> {
    return this.read(sha256, async (object) => new Uint8Array(await object.arrayBuffer()));
  }

  async stream(sha256: string, range?: ByteRange): Promise<ReadableStream<Uint8Array>> {
    await this.require(sha256);
    const object = this.object(sha256);
    if (!range) return object.stream();
    return atMost(object.slice(range.start, range.end + 1).stream(), range.end - range.start + 1);
  }

  async withFile<T>(sha256: string, fn: (path: string) => Promise<T>): Promise<T> {
    const path = join(this.opts.tmpDir, `${Date.now()}-${randomToken(9)}-${sha256.slice(0, 12)}`);
    try {
      await this.read(sha256, (object) => Bun.write(path, object));
      return await fn(path);
    } finally {
      await rm(path, { force: true });
    }
  }

  async delete(sha256: string): Promise<void> {
    try {
      await this.object(sha256).delete();
    } catch (err) {
      if (!isMissing(err)) throw unavailable(err);
    }
  }

  async *list(): AsyncGenerator<string> {
    let continuationToken: string | undefined;
    do {
      const page = await this.client.list({ prefix: this.prefix, continuationToken, maxKeys: 1000 });
      for (const entry of page.contents ?? []) {
        const name = entry.key.slice(entry.key.lastIndexOf('/') + 1);
        if (isBlobName(name) && entry.key === this.prefix + blobKey(name)) yield name;
      }
      continuationToken = page.isTruncated ? page.nextContinuationToken : undefined;
    } while (continuationToken);
  }

  private object(sha256: string): S3File {
    return this.client.file(this.prefix + blobKey(sha256));
  }

  private async upload(object: S3File, staged: StagedFile): Promise<void> {
    const file = Bun.file(staged.tmpPath);
    // Bytes, not the BunFile: a BunFile body was seen stored truncated (caught by the read-back check).
    if (staged.size <= this.partSize) {
      await object.write(new Uint8Array(await file.arrayBuffer()));
      return;
    }
    const writer = object.writer({ partSize: this.partSize, queueSize: 2, retry: 3 });
    for (let at = 0; at < staged.size; at += this.partSize) {
      writer.write(new Uint8Array(await file.slice(at, at + this.partSize).arrayBuffer()));
      await writer.flush();
    }
    await writer.end();
  }

  private async require(sha256: string): Promise<void> {
    if (!(await this.stat(sha256))) throw new AppError('not_found', `Blob ${sha256} not found`);
  }

  private async read<T>(sha256: string, fn: (object: S3File) => Promise<T>): Promise<T> {
    try {
      return await fn(this.object(sha256));
    } catch (err) {
      if (isMissing(err)) throw new AppError('not_found', `Blob ${sha256} not found`);
      throw unavailable(err);
    }
  }
}

/**
 * Passes on at most `length` bytes of a ranged read: some servers (s3rver among them) answer
 * `bytes=0-0` with the whole object.
 */
function atMost(stream: ReadableStream<Uint8Array>, length: number): ReadableStream<Uint8Array> {
  let left = length;
  return stream.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, out) {
        if (left <= 0) return;
        out.enqueue(chunk.byteLength > left ? chunk.subarray(0, left) : chunk);
        left -= chunk.byteLength;
        if (left <= 0) out.terminate();
      },
    }),
  );
}

function isMissing(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  return code === 'NoSuchKey' || code === 'NotFound' || (err as { status?: number }).status === 404;
}

function unavailable(err: unknown): unknown {
  if (err instanceof AppError) return err;
  return new AppError('unavailable', `The object store failed: ${(err as Error).message ?? err}`, {
    cause: err,
  });
}
