import { AppError, type ErrorCode, type RenderedError } from '../../src/plugin-api.ts';

/** Docflo's upper-case error codes for docserve's generic ones (the seed names INVALID_DOCUMENT_TYPE). */
const CODES: Record<ErrorCode, string> = {
  bad_request: 'BAD_REQUEST',
  validation_failed: 'VALIDATION_ERROR',
  invalid_file: 'INVALID_FILE',
  unauthorized: 'UNAUTHORIZED',
  forbidden: 'FORBIDDEN',
  not_found: 'NOT_FOUND',
  method_not_allowed: 'METHOD_NOT_ALLOWED',
  conflict: 'CONFLICT',
  gone: 'GONE',
  payload_too_large: 'PAYLOAD_TOO_LARGE',
  uri_too_long: 'URI_TOO_LONG',
  unsupported_media_type: 'UNSUPPORTED_FILE_TYPE',
  unprocessable: 'UNPROCESSABLE_DOCUMENT',
  rate_limited: 'RATE_LIMIT_EXCEEDED',
  internal: 'INTERNAL_ERROR',
  not_implemented: 'NOT_IMPLEMENTED',
  unavailable: 'SERVICE_UNAVAILABLE',
};

/** An AppError carrying a Docflo-specific code such as `INVALID_DOCUMENT_TYPE`. */
export class DocfloError extends AppError {
  constructor(
    code: ErrorCode,
    readonly docfloCode: string,
    message: string,
    details?: unknown,
  ) {
    super(code, message, { details });
  }
}

/**
 * `{"error": {"code", "message", "details"}}` for every error. Validation failures and unprocessable
 * documents are 400 (the seed lists 200/201/400/401/403/404/500); 413, 415, 429 and 503 keep their
 * standard statuses.
 */
export function renderError(err: AppError): RenderedError {
  const code = err instanceof DocfloError ? err.docfloCode : CODES[err.code];
  const status = err.code === 'validation_failed' || err.code === 'unprocessable' ? 400 : err.status;
  return { status, body: { error: { code, message: err.message, details: err.details ?? null } } };
}
