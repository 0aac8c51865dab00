import type { BlobFile } from '../core/blobs.ts';
import { contentDisposition } from '../plugin-api.ts';
import { downloadResponse } from '../core/files/download.ts';

/**
 * A stored file as a download, answering `Range`, `If-Range` and `If-None-Match` of `request` (see
 * core/files/download.ts); named and typed as given or as stored.
 */
export function fileResponse(
  request: Request,
  file: BlobFile,
  opts: {
    mime?: string;
    name?: string;
    disposition?: 'attachment' | 'inline';
    headers?: Record<string, string>;
  } = {},
): Promise<Response> {
  return downloadResponse(request, file, {
    'content-type': opts.mime ?? file.mime,
    'content-disposition': contentDisposition(opts.name ?? file.name, opts.disposition),
    ...opts.headers,
  });
}
