import { stat } from 'node:fs/promises';
import { AppError } from '../errors.ts';

/**
 * `Content-Disposition` value with an ASCII fallback and the UTF-8 name (RFC 6266 / RFC 5987), so Thai
 * filenames survive every client.
 */
export function contentDisposition(filename: string, type: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_') || 'download';
  const encoded = encodeURIComponent(filename).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Streams a stored file as a download. 404 when the file is missing on disk. */
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
  return new Response(Bun.file(path), {
    headers: {
      'content-type': opts.mime,
      'content-length': String(info.size),
      'content-disposition': contentDisposition(opts.name, opts.disposition),
      ...opts.headers,
    },
  });
}

/** A JSON response with an explicit status. */
export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}
