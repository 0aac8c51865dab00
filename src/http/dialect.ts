import { type AnyElysia, Elysia } from 'elysia';
import type { WebhookFormatter } from '../core/webhooks/service.ts';
import { AppError, toAppError } from '../errors.ts';
import type {
  AuthRequest,
  DialectCaller,
  DialectMount,
  DialectRouter,
  DialectSurface,
  RenderedError,
} from '../plugin-api.ts';
import type { Services } from '../services.ts';

/**
 * A REST surface {@link mountDialect} serves: the native API as it is, each dialect plugin as the plugin
 * host adapts it. `A` is what its handlers are given (the services, or a plugin's port).
 */
export interface HttpDialect<C extends DialectCaller, A> extends DialectSurface {
  /** Resolves the caller from the request's credentials; throws `unauthorized`/`forbidden` AppErrors. */
  authenticate(req: AuthRequest, api: A): C | Promise<C>;
  /** Routes that need no credentials. */
  publicRoutes?(app: Elysia, api: A): AnyElysia;
  /** Authenticated routes (handlers find the caller in `ctx.caller`), built once per prefix. */
  routes(app: DialectRouter<C>, api: A, mount: DialectMount): AnyElysia;
  /** Renders core events as this surface's webhook payloads. */
  webhooks?: WebhookFormatter;
}

/** Declares an HTTP surface (identity function that checks its type). */
export function defineHttpDialect<C extends DialectCaller, A>(def: HttpDialect<C, A>): HttpDialect<C, A> {
  return def;
}

/** Converts whatever a route or Elysia threw into an AppError (validation and parse errors included). */
export function errorFromElysia(code: string | number, error: unknown): AppError {
  if (error instanceof AppError) return error;
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  if (cause instanceof AppError) return cause;
  if (code === 'VALIDATION') {
    const v = error as {
      type?: string;
      all?: { path?: string; message?: string; summary?: string; value?: unknown }[];
    };
    const issues = (v.all ?? []).map((i) => ({
      location: v.type ?? 'body',
      path: (i.path ?? '').replace(/^\//, '').replaceAll('/', '.'),
      message: i.summary ?? i.message ?? 'Invalid value',
      value: i.value,
    }));
    const first = issues[0];
    const message = first
      ? `Invalid ${first.location}${first.path ? ` field "${first.path}"` : ''}: ${first.message}`
      : 'Invalid request';
    return new AppError('validation_failed', message, { details: issues });
  }
  if (code === 'PARSE')
    return new AppError('bad_request', 'Malformed request body (invalid JSON or form data)');
  if (code === 'NOT_FOUND') return new AppError('not_found', 'Not found');
  if (code === 'INVALID_COOKIE_SIGNATURE') return new AppError('bad_request', 'Invalid cookie');
  return toAppError(error);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const DEFAULT_JSON_LIMIT = 16 * 1024 * 1024;
/** Longest query string accepted (414 past it). */
export const MAX_QUERY_CHARS = 4096;

/** False when a percent-encoded run is not UTF-8, or holds U+FFFD (what Bun makes of raw invalid bytes). */
function isUtf8Query(query: string): boolean {
  for (const run of query.match(/(?:%[0-9a-f]{2})+/gi) ?? []) {
    const bytes = Uint8Array.from(run.match(/%../g) as string[], (h) => Number.parseInt(h.slice(1), 16));
    let text: string;
    try {
      text = strictUtf8.decode(bytes);
    } catch {
      return false;
    }
    if (text.includes('\uFFFD')) return false;
  }
  return true;
}

/**
 * The path of a request URL, whatever the Host header said. Bun's `request.url` is absolute for a valid
 * Host and only the path for an empty or invalid one, and Elysia's own `path` assumes a host of at
 * least three characters (`Host: x` turned `/v0/orgs/…` into `/orgs/…`).
 */
export function requestPath(url: string): string {
  const scheme = url.indexOf('://');
  const start = url.startsWith('/') || scheme < 0 ? 0 : url.indexOf('/', scheme + 3);
  if (start < 0) return '/';
  const end = url.slice(start).search(/[?#]/);
  return end < 0 ? url.slice(start) : url.slice(start, start + end);
}

/**
 * Why a request's query string is refused before routing, or undefined: longer than
 * {@link MAX_QUERY_CHARS} (`uri_too_long`, 414) or not UTF-8 (`bad_request`).
 */
export function queryStringError(url: string): AppError | undefined {
  const q = url.indexOf('?');
  if (q < 0) return undefined;
  const query = url.slice(q + 1);
  if (query.length > MAX_QUERY_CHARS)
    return new AppError('uri_too_long', `The query string is longer than ${MAX_QUERY_CHARS} characters`);
  if (!isUtf8Query(query)) return new AppError('bad_request', 'The query string is not valid UTF-8');
  return undefined;
}

/** An AppError as a dialect renders it: its envelope and status, as JSON. */
export function errorResponse(
  def: { renderError(err: AppError): RenderedError },
  err: AppError,
  extraHeaders: Record<string, string> = {},
): Response {
  const rendered = def.renderError(err);
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    ...extraHeaders,
    ...err.headers,
    ...rendered.headers,
  };
  return new Response(JSON.stringify(rendered.body), { status: rendered.status, headers });
}
/** Deepest JSON nesting accepted in a request body. */
export const MAX_JSON_DEPTH = 64;

/** A request body as text; `bad_request` when it is not valid UTF-8 (never silently U+FFFD). */
export function utf8Text(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new AppError('bad_request', 'The request body is not valid UTF-8');
  }
}

/** Parses a JSON body, refusing nesting deeper than {@link MAX_JSON_DEPTH} (10k-deep bodies etc.). */
export function parseJsonBody(text: string): unknown {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > MAX_JSON_DEPTH)
        throw new AppError('bad_request', `JSON body is nested deeper than ${MAX_JSON_DEPTH} levels`);
    } else if (c === 125 || c === 93) depth--;
  }
  try {
    return text.trim() ? JSON.parse(text) : undefined;
  } catch {
    throw new AppError('bad_request', 'Malformed JSON body');
  }
}

/**
 * Mounts a dialect plugin under each of its prefixes: local error rendering in the vendor's envelope,
 * public routes, a catch-all 404 in the vendor's body, then credential resolution (with read-only and
 * rate-limit enforcement) in front of the authenticated routes.
 */
export function mountDialect<C extends DialectCaller, A>(
  def: HttpDialect<C, A>,
  api: A,
  services: Services,
): AnyElysia {
  const rateHeaders = new WeakMap<Request, Record<string, string>>();
  let root: AnyElysia = new Elysia({ name: `dialect:${def.id}` });

  for (const prefix of def.prefixes) {
    const base = new Elysia({ prefix, name: `dialect:${def.id}:${prefix}`, tags: [def.title] })
      .onParse({ as: 'local' }, async ({ request, contentType }) => {
        // Multipart bodies are left unread: upload routes stream them to disk with parseUpload.
        if (contentType?.startsWith('multipart/')) return {};
        if (!contentType?.includes('json')) return;
        const length = Number(request.headers.get('content-length') ?? 0);
        const limit = def.maxJsonBytes?.(requestPath(request.url)) ?? DEFAULT_JSON_LIMIT;
        if (length > limit)
          throw new AppError('payload_too_large', `JSON body exceeds ${Math.round(limit / 1048576)} MB`);
        return parseJsonBody(utf8Text(new Uint8Array(await request.arrayBuffer()))) ?? {};
      })
      .onError({ as: 'local' }, ({ code, error, request }) => {
        const err = errorFromElysia(code, error);
        if (err.code === 'internal')
          services.log(`[${def.id}] ${request.method} ${request.url}: ${stackOf(err.cause ?? error)}`);
        return errorResponse(def, err, rateHeaders.get(request));
      });

    const withPublic = def.publicRoutes ? def.publicRoutes(base as unknown as Elysia, api) : base;
    const guarded = (withPublic as typeof base)
      .all(
        '/*',
        () => {
          throw new AppError('not_found', 'Not found');
        },
        { detail: { hide: true } },
      )
      // derive (not resolve) so credentials are checked before body validation.
      .derive({ as: 'local' }, async ({ request, headers, params, query, set }) => {
        const path = requestPath(request.url);
        const authReq: AuthRequest = {
          request,
          path,
          headers,
          params: params as Record<string, string | undefined>,
          query: query as Record<string, string | undefined>,
        };
        const caller = await def.authenticate(authReq, api);
        if (def.rateLimit) {
          const rl = def.rateLimit;
          const limit =
            caller.principal.rateLimit?.[def.id] ?? caller.principal.rateLimit?.['*'] ?? rl.defaultLimit;
          const d = await services.rateLimiter.take(
            `${def.id}:${caller.principal.keyId}`,
            limit,
            rl.windowMs,
          );
          const h = rl.headers?.(d) ?? {};
          rateHeaders.set(request, h);
          Object.assign(set.headers, h);
          if (!d.allowed)
            throw new AppError('rate_limited', 'Too many requests. Please slow down.', {
              headers: { 'Retry-After': String(d.retryAfter) },
              details: { limit: d.limit, resetAt: d.resetAt },
            });
        }
        if (
          caller.principal.readOnly &&
          MUTATING.has(request.method) &&
          !def.readOnlySafe?.some((r) => r.test(path))
        )
          throw new AppError('forbidden', 'This token is read-only');
        return { caller };
      });
    root = root.use(def.routes(guarded as never, api, { prefix, primary: prefix === def.prefixes[0] }));
  }
  return root;
}

function stackOf(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
