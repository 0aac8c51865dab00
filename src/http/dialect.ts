import { type AnyElysia, Elysia } from 'elysia';
import { AppError, toAppError } from '../errors.ts';
import type {
  AuthRequest,
  DialectCaller,
  DialectDefinition,
  DialectServices,
  LlmEndpointInfo,
} from '../plugin-api.ts';
import type { Services } from '../services.ts';

/** The narrow facade a plugin receives instead of the whole service graph. */
export function dialectServices(s: Services): DialectServices {
  return {
    keys: s.keys,
    tokens: s.tokens,
    tenancy: s.tenancy,
    documents: s.documents,
    tags: s.tags,
    pdfs: s.pdfs,
    search: s.search,
    webhooks: s.webhooks,
    records: s.records,
    audit: s.audit,
    events: s.events,
    jobs: s.jobs,
    ocr: s.ocr,
    parseUpload: s.parseUpload,
    cache: s.cache,
    extraction: s.extraction,
    exports: s.exports,
    config: { maxUploadBytes: s.config.maxUploadBytes, ocr: s.config.ocr, llm: llmInfo(s.config.llm) },
  };
}

function llmInfo(llm: Services['config']['llm']): LlmEndpointInfo | undefined {
  if (!llm) return undefined;
  let host = '';
  try {
    host = new URL(llm.url).hostname;
  } catch {}
  return { model: llm.model, host, hasKey: !!llm.apiKey };
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

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const DEFAULT_JSON_LIMIT = 16 * 1024 * 1024;
/** Longest query string accepted (longer request lines are refused by Bun itself with 431). */
export const MAX_QUERY_CHARS = 4096;
/** Deepest JSON nesting accepted in a request body. */
export const MAX_JSON_DEPTH = 64;

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
export function mountDialect<C extends DialectCaller>(
  def: DialectDefinition<C>,
  services: Services,
): AnyElysia {
  const api = dialectServices(services);
  const rateHeaders = new WeakMap<Request, Record<string, string>>();
  let root: AnyElysia = new Elysia({ name: `dialect:${def.id}` });

  for (const prefix of def.prefixes) {
    const base = new Elysia({ prefix, name: `dialect:${def.id}:${prefix}`, tags: [def.title] })
      .onParse({ as: 'local' }, async ({ request, contentType }) => {
        // Multipart bodies are left unread: upload routes stream them to disk with parseUpload.
        if (contentType?.startsWith('multipart/')) return {};
        if (!contentType?.includes('json')) return;
        const length = Number(request.headers.get('content-length') ?? 0);
        const limit = def.maxJsonBytes?.(new URL(request.url).pathname) ?? DEFAULT_JSON_LIMIT;
        if (length > limit)
          throw new AppError('payload_too_large', `JSON body exceeds ${Math.round(limit / 1048576)} MB`);
        return (await parseJsonBody(await request.text())) ?? {};
      })
      .onError({ as: 'local' }, ({ code, error, request }) => {
        const err = errorFromElysia(code, error);
        if (err.code === 'internal')
          services.log(`[${def.id}] ${request.method} ${request.url}: ${stackOf(err.cause ?? error)}`);
        const rendered = def.renderError(err);
        const headers: Record<string, string> = {
          'content-type': 'application/json; charset=utf-8',
          ...rateHeaders.get(request),
          ...err.headers,
          ...rendered.headers,
        };
        return new Response(JSON.stringify(rendered.body), { status: rendered.status, headers });
      });

    const withPublic = def.publicRoutes ? def.publicRoutes(base as unknown as Elysia, api, def) : base;
    const guarded = (withPublic as typeof base)
      .all(
        '/*',
        () => {
          throw new AppError('not_found', 'Not found');
        },
        { detail: { hide: true } },
      )
      // derive (not resolve) so credentials are checked before body validation.
      .derive({ as: 'local' }, async ({ request, path, headers, params, query, set }) => {
        const q = request.url.indexOf('?');
        if (q >= 0 && request.url.length - q > MAX_QUERY_CHARS)
          throw new AppError('uri_too_long', `The query string is longer than ${MAX_QUERY_CHARS} characters`);
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
          const d = services.rateLimiter.take(`${def.id}:${caller.principal.keyId}`, limit, rl.windowMs);
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
    root = root.use(def.routes(guarded as never, api, def));
  }
  return root;
}

function stackOf(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
