import { createHash } from 'node:crypto';

/**
 * The blob port: content-addressed bytes (originals and derived files), keyed by their SHA-256. Uploads
 * are staged in the local temp area first (hashed while they stream in), then {@link BlobStorage.put}
 * moves them into the store before the row that names them commits. No code outside a driver learns
 * where a blob lives: a library that needs a file gets one from {@link BlobStorage.withFile}.
 */

/** A file written to the temp area, hashed while it streamed in, not yet in the store. */
export interface StagedFile {
  tmpPath: string;
  sha256: string;
  size: number;
}

/** An inclusive byte range of a blob (`bytes=start-end`). */
export interface ByteRange {
  start: number;
  end: number;
}

export interface BlobStat {
  size: number;
  /** When the blob was stored (ms since the epoch). */
  modifiedAt: number;
}

export interface BlobStorage {
  /** `local` (the data directory) or `s3`. */
  readonly driver: string;
  /**
   * Stores a staged file under its hash and removes the staged copy. When the blob exists already the
   * staged copy is only removed. The blob is whole or absent: never partly written, never with other
   * bytes than its hash says (a driver that cannot make that atomic verifies what it stored).
   */
  put(staged: StagedFile): Promise<void>;
  stat(sha256: string): Promise<BlobStat | undefined>;
  /** The whole blob; `not_found` when absent. */
  bytes(sha256: string): Promise<Uint8Array>;
  /** The blob's bytes (or one inclusive range of them) as a stream; `not_found` when absent. */
  stream(sha256: string, range?: ByteRange): Promise<ReadableStream<Uint8Array>>;
  /**
   * Runs `fn` with a local file holding the blob (for libraries that only read paths). The file is valid
   * until `fn` settles; drivers that had to copy it remove the copy then.
   */
  withFile<T>(sha256: string, fn: (path: string) => Promise<T>): Promise<T>;
  /** Removes the blob; nothing happens when it is absent. */
  delete(sha256: string): Promise<void>;
  /** Every blob hash in the store, in no particular order. */
  list(): AsyncIterable<string>;
}

/** True for a lowercase hex SHA-256, the only names a store holds. */
export function isBlobName(name: string): boolean {
  return /^[0-9a-f]{64}$/.test(name);
}

/** The fan-out path of a blob under a root: `ab/cd/abcd…`. */
export function blobKey(sha256: string): string {
  if (!isBlobName(sha256)) throw new Error(`Not a blob name: ${sha256.slice(0, 80)}`);
  return `${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`;
}

/** The hex SHA-256 of everything a stream yields (a blob's name, when the stream is the blob). */
export async function sha256OfStream(stream: ReadableStream<Uint8Array>): Promise<string> {
  const hash = createHash('sha256');
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) hash.update(r.value);
  return hash.digest('hex');
}
