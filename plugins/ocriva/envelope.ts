import type { AppError, ErrorCode, RenderedError } from '../../src/plugin-api.ts';

const REASON: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** Codes whose core status Ocriva (a NestJS API) answers differently. */
const STATUS: Partial<Record<ErrorCode, number>> = {
  validation_failed: 400,
  invalid_file: 400,
  unsupported_media_type: 400,
  unprocessable: 400,
  method_not_allowed: 404,
  gone: 404,
  not_implemented: 500,
};

/**
 * Ocriva's error envelope `{statusCode, message, error}`: `error` is the status reason phrase and
 * validation failures carry `message` as an array of strings.
 */
export function renderError(err: AppError): RenderedError {
  const status = STATUS[err.code] ?? err.status;
  const message = err.code === 'validation_failed' ? validationMessages(err) : err.message;
  return { status, body: { statusCode: status, message, error: REASON[status] ?? 'Error' } };
}

function validationMessages(err: AppError): string[] {
  if (!Array.isArray(err.details)) return [err.message];
  const out = err.details.map((d) => {
    if (typeof d === 'string') return d;
    const issue = d as { path?: string; message?: string };
    return issue.path ? `${issue.path}: ${issue.message ?? 'is invalid'}` : (issue.message ?? 'is invalid');
  });
  return out.length ? [...new Set(out)] : [err.message];
}
