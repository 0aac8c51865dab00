/**
 * The only module dialect plugins import. It defines the plugin contract ({@link defineDialect}), the
 * narrow services facade plugins receive, and re-exports the types they need. Plugins never import
 * core, db or another plugin.
 */
import type { AnyElysia, Elysia } from 'elysia';
import type { Principal } from './core/auth/keys.ts';
import type { ExportFormat } from './core/export/formats.ts';
import type { ExtractionRecord, ExtractionResult, JsonSchema } from './core/extract/types.ts';
import type { PageResult } from './core/ocr/types.ts';
import type { WebhookFormatter } from './core/webhooks/service.ts';
import { AppError } from './errors.ts';
import type { Services } from './services.ts';

export type { Principal } from './core/auth/keys.ts';
export type { TokenClaims } from './core/auth/tokens.ts';
export type {
  Actor,
  DocumentPatch,
  DocumentStatus,
  DocumentView,
  IngestResult,
  PageView,
  TagRef,
} from './core/documents.ts';
export type { DomainEvent } from './core/events.ts';
export type { UploadedFile, MultipartBody } from './core/files/multipart.ts';
export type { OcrBlock, OcrLine, OcrWord, PageResult, BBox, OcrMode } from './core/ocr/types.ts';
export type { StoredRecord } from './core/records.ts';
export type { TagInput } from './core/tags.ts';
export type { SearchHit, SearchResult } from './core/search/types.ts';
export type { WebhookFormatter } from './core/webhooks/service.ts';
export type {
  WebhookDeliveryRow,
  WebhookRow,
  JobRow,
  AuditLogRow,
  TagRow,
  ProjectRow,
  OrganizationRow,
  ApiKeyRow,
} from './db/schema.ts';
export type {
  DocumentKind,
  ExtractedField,
  ExtractionCheck,
  ExtractionRecord,
  ExtractionResult,
  JsonSchema,
} from './core/extract/types.ts';
export type { ExportFormat } from './core/export/formats.ts';
export type { RenderedExport } from './core/export/service.ts';
export { EXPORT_TYPES, isExportFormat } from './core/export/formats.ts';
export { AppError, type ErrorCode } from './errors.ts';
export { hmacHex } from './core/webhooks/service.ts';
export { hasThai, normalizeThai, thaiDigitsToAscii } from './core/text/thai.ts';
export { boolParam, intParam, jsonObjectParam, listParam } from './http/params.ts';
export { contentDisposition, fileResponse, json } from './http/respond.ts';

/** Structured field extraction, as dialects use it. */
export interface ExtractionFacade {
  run(
    projectId: string,
    documentId: string,
    opts?: { schemaKey?: string; schema?: JsonSchema; instructions?: string },
  ): Promise<ExtractionRecord>;
  get(projectId: string, documentId: string, schemaKey?: string): ExtractionRecord | undefined;
  update(
    projectId: string,
    documentId: string,
    schemaKey: string,
    patch: { editedResult?: unknown; isVerified?: boolean },
  ): ExtractionRecord;
  delete(projectId: string, documentId: string, schemaKey: string): boolean;
  list(projectId: string, documentId: string): ExtractionRecord[];
  /** Extraction without storage (analyze endpoints). */
  extractPages(pages: PageResult[], opts?: { schema?: JsonSchema; name?: string }): Promise<ExtractionResult>;
}

/** Result exports shared by every dialect. */
export interface ExportFacade {
  render(
    projectId: string,
    documentId: string,
    format: ExportFormat,
    opts?: { schemaKey?: string },
  ): Promise<{ body: Uint8Array | string; mime: string; filename: string }>;
}

/** The optional OpenAI-compatible extraction endpoint as dialects may show it (never its key or URL). */
export interface LlmEndpointInfo {
  /** The model name sent to the endpoint. */
  model: string;
  /** The endpoint's host name. */
  host: string;
  /** Whether a key is configured for it. */
  hasKey: boolean;
}

/** The services a dialect may use. */
export type DialectServices = Pick<
  Services,
  | 'keys'
  | 'tokens'
  | 'tenancy'
  | 'documents'
  | 'tags'
  | 'pdfs'
  | 'search'
  | 'webhooks'
  | 'records'
  | 'audit'
  | 'events'
  | 'jobs'
  | 'ocr'
  | 'parseUpload'
  | 'cache'
> & {
  config: Pick<Services['config'], 'maxUploadBytes' | 'ocr'> & {
    /** The OpenAI-compatible endpoint extraction asks for missing fields; undefined when none is set. */
    llm?: LlmEndpointInfo;
  };
  /** Field extraction (rules engine, optional LLM). */
  extraction: ExtractionFacade;
  exports: ExportFacade;
};

/** What a dialect's authenticate function sees of the request. */
export interface AuthRequest {
  request: Request;
  path: string;
  headers: Record<string, string | undefined>;
  params: Record<string, string | undefined>;
  query: Record<string, string | undefined>;
}

/** The resolved caller of a dialect request. Plugins may extend it with their own fields. */
export interface DialectCaller {
  principal: Principal;
  /** The project the request acts on; null on account/organization-level routes. */
  projectId: string | null;
}

/** How a dialect renders an error: status, body and optional extra headers. */
export interface RenderedError {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** An Elysia app whose handlers receive the resolved `caller`. */
export type DialectApp<C extends DialectCaller> = Elysia<
  string,
  {
    decorator: Record<never, never>;
    store: Record<never, never>;
    derive: { caller: C };
    resolve: Record<never, never>;
  }
>;

/** A dialect plugin: one vendor's REST API mounted at its native paths. */
export interface DialectDefinition<C extends DialectCaller = DialectCaller> {
  /** Stable id, used for rate-limit buckets, webhook subscriptions and token audiences. */
  id: string;
  /** Human name, used as the OpenAPI tag. */
  title: string;
  /** Path prefixes the dialect owns, e.g. `['/v2']`; unknown paths under them get its 404 body. */
  prefixes: string[];
  /** Resolves the caller from the request's credentials; throws `unauthorized`/`forbidden` AppErrors. */
  authenticate(req: AuthRequest, api: DialectServices): C | Promise<C>;
  /** Renders any AppError (validation and not-found included) into the vendor's envelope and status. */
  renderError(err: AppError): RenderedError;
  /** Per-key request limit for this dialect; headers follow the vendor's style. */
  rateLimit?: {
    windowMs: number;
    defaultLimit: number;
    /** Headers to add to every rate-limited response (limit, remaining, reset epoch seconds). */
    headers?: (d: { limit: number; remaining: number; resetAt: number }) => Record<string, string>;
  };
  /** Largest JSON body accepted on a path (default 16 MB). */
  maxJsonBytes?: (path: string) => number;
  /** Mutating routes that read-only callers (guest tokens) may still call. */
  readOnlySafe?: RegExp[];
  /** Routes that need no credentials (token exchange, ...). */
  publicRoutes?: (app: Elysia, api: DialectServices, def: DialectDefinition<C>) => AnyElysia;
  /**
   * Authenticated routes; handlers find the caller in `ctx.caller`. Multipart bodies are never parsed
   * by Elysia: upload routes stream them with `api.parseUpload(request)`.
   */
  routes: (app: DialectApp<C>, api: DialectServices, def: DialectDefinition<C>) => AnyElysia;
  /** Renders core events as this vendor's webhook payloads. */
  webhooks?: WebhookFormatter;
}

/** Declares a dialect plugin (identity function that checks the definition's type). */
export function defineDialect<C extends DialectCaller>(def: DialectDefinition<C>): DialectDefinition<C> {
  return def;
}

/** Reads a bearer token from an Authorization header value. */
export function bearerOf(header: string | undefined): string | undefined {
  const m = header?.match(/^\s*Bearer\s+(\S+)\s*$/i);
  return m?.[1];
}

/** ISO-8601 UTC with milliseconds (`2026-03-31T10:01:00.000Z`), or null. */
export function iso(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString();
}

/** ISO-8601 UTC without milliseconds (`2026-01-15T09:30:00Z`), or null. */
export function isoSeconds(ms: number | null | undefined): string | null {
  return ms === null || ms === undefined ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Parses a `YYYY-MM-DD` (or full ISO) date to epoch ms. `endOfDay` gives the exclusive end of that day
 * for upper bounds. Returns undefined for empty input and throws a `bad_request` AppError for garbage.
 */
export function parseDateParam(
  value: string | undefined,
  name: string,
  endOfDay = false,
): number | undefined {
  if (value === undefined || value === '') return undefined;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const ms = Date.parse(dateOnly ? `${value}T00:00:00Z` : value);
  if (!Number.isFinite(ms))
    throw new AppError(
      'bad_request',
      `Invalid date for ${name}: "${value.slice(0, 40)}" (expected YYYY-MM-DD)`,
    );
  return dateOnly && endOfDay ? ms + 86_400_000 : ms;
}
