import { join } from 'node:path';
import { LocalBlobs } from './local.ts';
import type { BlobStorage } from './port.ts';
import { S3Blobs } from './s3.ts';
import type { BlobsLocation } from './url.ts';

/** Opens the blob driver a location names; `tmpDir` holds the copies handed to libraries. */
export function openBlobDriver(location: BlobsLocation, dataDir: string, tmpDir: string): BlobStorage {
  if (location.driver === 'local') return new LocalBlobs(join(dataDir, 'blobs'));
  const { driver: _driver, ...s3 } = location;
  return new S3Blobs({ ...s3, tmpDir });
}
