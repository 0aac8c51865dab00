import type { AppError, RenderedError } from '../../src/plugin-api.ts';

/**
 * DOC.IN.TH documents no error body; docserve answers `{"error": {"code", "message", "details"?}}`
 * with the matching status (400/401/403/404/413/415/429/...). Validation failures are 400.
 */
export function renderError(err: AppError): RenderedError {
  const error: { code: string; message: string; details?: unknown } = {
    code: err.code,
    message: err.message,
  };
  if (err.details !== undefined) error.details = err.details;
  return { status: err.code === 'validation_failed' ? 400 : err.status, body: { error } };
}
