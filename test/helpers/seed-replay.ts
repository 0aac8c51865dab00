/**
 * Table-driven replay of a vendor page's request examples (`../shared/seeds/*`): each case sends the
 * example's method, path, headers, field names and body as written (the page's placeholders such as
 * `your-api-key` or `doc_xyz789` replaced by real values) and checks the documented status and the shape
 * of the page's example response. Cases run in order and share a context, so later ones can use what
 * earlier ones created.
 */
import { expect, test } from 'bun:test';
import { type ShapeOptions, shapeMismatches } from './seed-shape.ts';

type Json = Parameters<typeof shapeMismatches>[1];

export interface SeedRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** A JSON body, sent as written (serialized here). */
  json?: unknown;
  /** A multipart body (`curl -F`). */
  form?: FormData;
}

export interface SeedResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON when the response is JSON, else the text. */
  body: unknown;
  bytes: Uint8Array;
}

export interface SeedCase<C> {
  /** The page's section and example, e.g. `Get Documents: GET /docs/v1/document?type=invoice&top=10&skip=0`. */
  name: string;
  request: (ctx: C) => SeedRequest | Promise<SeedRequest>;
  status: number;
  /** The page's example response body, copied as written; the response must have its shape. */
  example?: Json;
  shape?: ShapeOptions;
  /** Expected Content-Type (prefix or pattern). */
  contentType?: string | RegExp;
  /** Further checks of documented values; may store ids in the context for later cases. */
  check?: (res: SeedResponse, ctx: C) => void | Promise<void>;
  /** Set when the case needs a capability another issue owns: the case is a `test.todo` naming it. */
  todo?: string;
}

/** A multipart body like `curl -F name=value -F file=@name`. */
export function multipart(
  fields: [name: string, value: string | { file: string; content: string | Uint8Array }][],
) {
  const fd = new FormData();
  for (const [name, value] of fields)
    if (typeof value === 'string') fd.append(name, value);
    else fd.append(name, new Blob([value.content as BlobPart]), value.file);
  return fd;
}

/** Sends one seed request to `base`. */
export async function send(base: string, req: SeedRequest): Promise<SeedResponse> {
  const headers = new Headers(req.headers);
  const res = await fetch(base + req.path, {
    method: req.method,
    headers,
    body: req.form ?? (req.json === undefined ? undefined : JSON.stringify(req.json)),
  });
  const bytes = new Uint8Array(await res.arrayBuffer());
  const type = res.headers.get('content-type') ?? '';
  const text = new TextDecoder().decode(bytes);
  const body = type.includes('json') && text ? JSON.parse(text) : text;
  return { status: res.status, headers: res.headers, body, bytes };
}

/** Declares one bun test per case (in order); `base()` is the server's URL. */
export function replaySeed<C>(base: () => string, ctx: C, cases: SeedCase<C>[]): void {
  for (const c of cases) {
    if (c.todo) {
      test.todo(`${c.name} (${c.todo})`);
      continue;
    }
    test(c.name, async () => {
      const res = await send(base(), await c.request(ctx));
      expect({ status: res.status, body: res.status === c.status ? 'ok' : res.body }).toEqual({
        status: c.status,
        body: 'ok',
      });
      if (c.contentType) {
        const type = res.headers.get('content-type') ?? '';
        if (typeof c.contentType === 'string') expect(type).toStartWith(c.contentType);
        else expect(type).toMatch(c.contentType);
      }
      if (c.example !== undefined) expect(shapeMismatches(res.body, c.example, c.shape)).toEqual([]);
      await c.check?.(res, ctx);
    });
  }
}
