import { rename, rm } from 'node:fs/promises';
import { S3Client, type S3Options } from 'bun';
import type { SharedSnapshotInfo, SharedSnapshots } from '../search/shared-snapshot.ts';

/** Where the shared snapshots are and how to reach the bucket. */
export interface S3SnapshotsOptions extends S3Options {
  bucket: string;
  /** The blobs' key prefix (without a trailing slash); snapshots go under `<prefix>/index/`. */
  prefix?: string;
  /** Parts of a multipart upload (S3's minimum is 5 MiB). */
  partSize?: number;
}

/** The small object naming the newest snapshot; written after the snapshot itself is whole. */
interface Pointer extends SharedSnapshotInfo {
  sha256: string;
}

const MiB = 1024 * 1024;
const POINTER = 'latest.json';
const NAME = /^search-(\d+)-[0-9a-f]{16}\.snapshot$/;

/**
 * Index snapshots in the blob bucket, at `<prefix>/index/search-<createdAt>-<sha256 prefix>.snapshot`,
 * with `<prefix>/index/latest.json` naming the newest. The pointer is written only after the snapshot is
 * uploaded, so a reader never finds a half-written one; a reader also checks the SHA-256 the pointer
 * records, so a snapshot deleted or replaced under it is refused rather than loaded.
 */
export class S3Snapshots implements SharedSnapshots {
  readonly location: string;
  private readonly client: S3Client;
  private readonly dir: string;
  private readonly partSize: number;

  constructor(opts: S3SnapshotsOptions) {
    const { prefix = '', partSize = 8 * MiB, ...client } = opts;
    this.client = new S3Client(client);
    this.dir = `${prefix ? `${prefix.replace(/\/+$/, '')}/` : ''}index/`;
    this.partSize = Math.max(5 * MiB, partSize);
    this.location = `s3://${opts.bucket}/${this.dir}`;
  }

  async publish(path: string, createdAt: number): Promise<SharedSnapshotInfo> {
    const file = Bun.file(path);
    const size = file.size;
    const sha256 = await sha256OfFile(path);
    const name = `search-${createdAt}-${sha256.slice(0, 16)}.snapshot`;
    const object = this.client.file(this.dir + name);
    if (size <= this.partSize) await object.write(new Uint8Array(await file.arrayBuffer()));
    else {
      const writer = object.writer({ partSize: this.partSize, queueSize: 2, retry: 3 });
      for (let at = 0; at < size; at += this.partSize) {
        writer.write(new Uint8Array(await file.slice(at, at + this.partSize).arrayBuffer()));
        await writer.flush();
      }
      await writer.end();
    }
    const previous = await this.pointer();
    const info: Pointer = { name, createdAt, bytes: size, sha256 };
    if (previous && previous.createdAt > createdAt) {
      await object.delete();
      return info;
    }
    await this.client.file(this.dir + POINTER).write(JSON.stringify(info), { type: 'application/json' });
    await this.prune(Math.min(createdAt, previous?.createdAt ?? createdAt));
    return info;
  }

  async fetch(target: string): Promise<SharedSnapshotInfo | undefined> {
    const pointer = await this.pointer();
    if (!pointer || !NAME.test(pointer.name)) return undefined;
    const partial = `${target}.download.tmp`;
    try {
      await Bun.write(partial, this.client.file(this.dir + pointer.name));
      const sha256 = await sha256OfFile(partial);
      if (sha256 !== pointer.sha256)
        throw new Error(`${pointer.name} has SHA-256 ${sha256}, published as ${pointer.sha256}`);
      await rename(partial, target);
      return { name: pointer.name, createdAt: pointer.createdAt, bytes: pointer.bytes };
    } finally {
      await rm(partial, { force: true });
    }
  }

  private async pointer(): Promise<Pointer | undefined> {
    const object = this.client.file(this.dir + POINTER);
    if (!(await object.exists())) return undefined;
    return (await object.json()) as Pointer;
  }

  /** Deletes the snapshots written before `before` (a reader may still be downloading the previous one). */
  private async prune(before: number): Promise<void> {
    const page = await this.client.list({ prefix: this.dir, maxKeys: 1000 });
    for (const entry of page.contents ?? []) {
      const m = entry.key.slice(this.dir.length).match(NAME);
      if (m && Number(m[1]) < before) await this.client.file(entry.key).delete();
    }
  }
}

/** Hashes a file a mebibyte at a time, so the event loop is never held for long. */
async function sha256OfFile(path: string): Promise<string> {
  const file = Bun.file(path);
  const hasher = new Bun.CryptoHasher('sha256');
  for (let at = 0; at < file.size; at += MiB) {
    hasher.update(new Uint8Array(await file.slice(at, at + MiB).arrayBuffer()));
    await new Promise((resolve) => setImmediate(resolve));
  }
  return hasher.digest('hex');
}
