import { stat } from 'node:fs/promises';
import { AppError } from '../errors.ts';
import { fileResponse as storedFileResponse } from '../plugin-api.ts';

/** Streams a file on disk as a download. 404 when the file is missing. */
export async function fileResponse(
  path: string,
  opts: {
    mime: string;
    name: string;
    disposition?: 'attachment' | 'inline';
    headers?: Record<string, string>;
  },
): Promise<Response> {
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new AppError('not_found', 'File not found');
  return storedFileResponse(
    { name: opts.name, mime: opts.mime, size: info.size, content: Bun.file(path) },
    opts,
  );
}
