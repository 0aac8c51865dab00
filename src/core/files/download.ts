/**
 * Downloads of stored files for every dialect and the native API: one place that answers `Range`,
 * `If-Range`, `If-None-Match` and sends `ETag`, `Content-Length` and `Accept-Ranges`, whatever driver holds
 * the blob (a local file or an S3 object read by range). Builds a standard `Response`; no HTTP framework.
 */
import type { ByteRange } from '../blobs/port.ts';

export type { ByteRange } from '../blobs/port.ts';

/** A file that can be downloaded: its size, a strong validator and a ranged reader. */
export interface Downloadable {
  size: number;
  /** A strong entity tag, quoted (`"<sha256>"`): the bytes of a content-addressed blob never change. */
  etag: string;
  /** When the bytes were stored (ms since the epoch), sent as `Last-Modified`. */
  modifiedAt?: number;
  stream(range?: ByteRange): Promise<ReadableStream<Uint8Array>>;
  /** A body the server sends with `Content-Length` (see BlobFile.body); `stream` when absent. */
  body?(range?: ByteRange): Promise<BodyInit>;
}

/**
 * Parses a `Range` header against a file size: a range, `'unsatisfiable'`, or undefined when the header
 * is absent, not a byte range, or asks for several ranges (then the whole file is sent, as RFC 9110 allows).
 */
export function parseRange(header: string | null, size: number): ByteRange | 'unsatisfiable' | undefined {
  const m = header?.trim().match(/^bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i);
  if (!m) return undefined;
  const [, first = '', last = ''] = m;
  if (first === '' && last === '') return undefined;
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (last !== '' && Number(last) < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end };
}

/** True when an `If-None-Match` list names this entity tag (weak comparison, as RFC 9110 says). */
export function etagMatches(header: string, etag: string): boolean {
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || bare(t) === bare(etag));
}

/** True when `If-Range` still names the current file, so a range of it may be sent. */
function ifRangeHolds(header: string, file: Downloadable): boolean {
  const value = header.trim();
  if (value.startsWith('"')) return value === file.etag;
  if (value.startsWith('W/')) return false;
  const date = Date.parse(value);
  return (
    file.modifiedAt !== undefined && !Number.isNaN(date) && Math.floor(file.modifiedAt / 1000) * 1000 <= date
  );
}

/**
 * The response to a download request: 304 when `If-None-Match` names the file, 206 with `Content-Range`
 * for one satisfiable range (unless `If-Range` names another version), 416 for a range past the end,
 * else 200 with the whole file. `headers` (type, disposition...) go on every answer but a 416.
 */
export async function downloadResponse(
  request: Request | undefined,
  file: Downloadable,
  headers: Record<string, string>,
): Promise<Response> {
  const validators: Record<string, string> = { etag: file.etag, 'accept-ranges': 'bytes' };
  if (file.modifiedAt !== undefined) validators['last-modified'] = new Date(file.modifiedAt).toUTCString();
  const ifNoneMatch = request?.headers.get('if-none-match');
  if (ifNoneMatch && etagMatches(ifNoneMatch, file.etag))
    return new Response(null, { status: 304, headers: { ...validators, ...pick(headers, 'cache-control') } });
  const ifRange = request?.headers.get('if-range');
  const range =
    request?.method === 'HEAD' || (ifRange && !ifRangeHolds(ifRange, file))
      ? undefined
      : parseRange(request?.headers.get('range') ?? null, file.size);
  if (range === 'unsatisfiable')
    return new Response(null, {
      status: 416,
      headers: { ...validators, 'content-range': `bytes */${file.size}` },
    });
  const length = range ? range.end - range.start + 1 : file.size;
  const body = request?.method === 'HEAD' ? null : await (file.body ? file.body(range) : file.stream(range));
  return new Response(body, {
    status: range ? 206 : 200,
    headers: {
      ...headers,
      ...validators,
      'content-length': String(length),
      ...(range ? { 'content-range': `bytes ${range.start}-${range.end}/${file.size}` } : {}),
    },
  });
}

function pick(headers: Record<string, string>, ...names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => names.includes(k.toLowerCase())));
}
