import { join } from 'node:path';
import { LocalBlobs } from './local.ts';
import type { BlobStorage } from './port.ts';
import { S3Blobs } from './s3.ts';
import { S3Snapshots } from './s3-snapshots.ts';
import type { BlobsLocation } from './url.ts';

type S3Location = Extract<BlobsLocation, { driver: 's3' }>;

/** Opens the blob driver a location names; `tmpDir` holds the copies handed to libraries. */
export function openBlobDriver(location: BlobsLocation, dataDir: string, tmpDir: string): BlobStorage {
  if (location.driver === 'local') return new LocalBlobs(join(dataDir, 'blobs'));
  const { driver: _driver, ...s3 } = location;
  return new S3Blobs({ ...s3, tmpDir });
}

/** The search index snapshots shared in the bucket of an S3 location (under `<prefix>/index/`). */
export function openS3Snapshots(location: S3Location): S3Snapshots {
  const { driver: _driver, ...s3 } = location;
  return new S3Snapshots(s3);
}
