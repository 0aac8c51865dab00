/**
 * The one error type that crosses layers. Core services throw it; every HTTP surface (native API and
 * each dialect plugin) renders it into its own envelope, using {@link statusOf} for the status.
 */

/** The closed set of error codes and the HTTP status each one maps to. */
export const ERROR_STATUS = {
  bad_request: 400,
  validation_failed: 400,
  invalid_file: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  not_implemented: 501,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** An expected failure with a stable code, a human message and optional structured details. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  /** Extra response headers (e.g. Retry-After for rate limits). */
  readonly headers?: Record<string, string>;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { details?: unknown; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.details = opts.details;
    this.headers = opts.headers;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/** HTTP status for an error code. */
export function statusOf(code: ErrorCode): number {
  return ERROR_STATUS[code];
}

/** Shorthands for the errors raised most often. */
export const notFound = (what = 'Resource') => new AppError('not_found', `${what} not found`);
export const badRequest = (message: string, details?: unknown) =>
  new AppError('bad_request', message, { details });
export const unauthorized = (message = 'Invalid or missing API key') => new AppError('unauthorized', message);
export const forbidden = (message = 'Not allowed') => new AppError('forbidden', message);

/**
 * Turns anything thrown into an AppError. Unknown errors become `internal` with a generic message, so
 * stack traces and SQL never reach a client.
 */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const e = err as { code?: unknown; status?: unknown; message?: unknown; name?: unknown };
  if (e && typeof e === 'object') {
    if (e.code === 'SQLITE_BUSY' || e.code === 'SQLITE_LOCKED')
      return new AppError('unavailable', 'The database is busy, retry shortly', {
        headers: { 'Retry-After': '1' },
        cause: err,
      });
    if (e.code === 'ENOSPC')
      return new AppError('unavailable', 'The server is out of disk space', { cause: err });
  }
  return new AppError('internal', 'Internal server error', { cause: err });
}
