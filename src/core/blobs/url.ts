/**
 * Where blobs live, as named on the command line (`--blobs`) or in `DOCSERVE_BLOBS`: `local` (the data
 * directory, the default) or `s3://bucket/prefix`, with the endpoint, region and keys from the
 * `DOCSERVE_S3_*` variables (else Bun's `S3_*` / `AWS_*` ones).
 */
export type BlobsLocation =
  | { driver: 'local' }
  | {
      driver: 's3';
      bucket: string;
      /** Key prefix inside the bucket, without a trailing slash; empty for the bucket root. */
      prefix: string;
      endpoint?: string;
      region?: string;
      accessKeyId?: string;
      secretAccessKey?: string;
      /** `https://bucket.host/key` addressing instead of `https://host/bucket/key` (the default). */
      virtualHostedStyle: boolean;
    };

/** The S3 settings read from the environment beside the `s3://` URL. */
export interface S3Env {
  endpoint?: string;
  region?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  pathStyle?: boolean;
}

/** Parses `local` or `s3://bucket[/prefix]`; throws a readable error for anything else. */
export function parseBlobsUrl(url: string | undefined, s3: S3Env = {}): BlobsLocation {
  if (!url || url === 'local') return { driver: 'local' };
  const m = url.match(/^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/);
  if (!m)
    throw new Error(`Blobs must be "local" or s3://bucket/prefix (got ${JSON.stringify(url.slice(0, 200))})`);
  return {
    driver: 's3',
    bucket: m[1] as string,
    prefix: (m[2] ?? '').replace(/^\/+|\/+$/g, ''),
    endpoint: s3.endpoint || undefined,
    region: s3.region || undefined,
    accessKeyId: s3.accessKeyId || undefined,
    secretAccessKey: s3.secretAccessKey || undefined,
    virtualHostedStyle: s3.pathStyle === false,
  };
}

/** The location as a URL to print (never the keys). */
export function describeBlobs(b: BlobsLocation, dataDir: string): string {
  if (b.driver === 'local') return `${dataDir}/blobs`;
  return `s3://${b.bucket}${b.prefix ? `/${b.prefix}` : ''}${b.endpoint ? ` at ${b.endpoint}` : ''}`;
}
