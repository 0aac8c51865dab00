import { AppError, type RenderedError } from '../../src/plugin-api.ts';

/** One validation issue in FastAPI's shape. */
export interface FastApiIssue {
  type: string;
  loc: (string | number)[];
  msg: string;
  input: unknown;
  ctx?: Record<string, unknown>;
}

const STATUS: Partial<Record<AppError['code'], number>> = {
  validation_failed: 422,
  // DocRouter answers 400 for duplicates, files it refuses and resources still in use.
  conflict: 400,
  unsupported_media_type: 400,
};

/**
 * DocRouter's errors are FastAPI's: `{"detail": "<message>"}` with the status, and validation failures
 * are 422 `{"detail": [{"type", "loc", "msg", "input"}]}`. An error whose details carry `detailCode`
 * renders as `{"detail": {"code", "message"}}` (DocRouter's license gate).
 */
export function renderError(err: AppError): RenderedError {
  const status = STATUS[err.code] ?? err.status;
  if (err.code === 'validation_failed') return { status, body: { detail: fastApiIssues(err) } };
  const detailCode = (err.details as { detailCode?: unknown } | undefined)?.detailCode;
  if (typeof detailCode === 'string')
    return { status, body: { detail: { code: detailCode, message: err.message } } };
  const exposed = (err.details as { expose?: unknown } | undefined)?.expose === true;
  const detail =
    err.code === 'internal' && !exposed
      ? 'Internal Server Error'
      : err.code === 'not_found' && err.message === 'Not found'
        ? 'Not Found'
        : err.message;
  return { status, body: { detail } };
}

/** A 422 carrying FastAPI-shaped issues. */
export function validationError(issues: FastApiIssue[]): AppError {
  return new AppError('validation_failed', issues[0]?.msg ?? 'Invalid request', { details: issues });
}

/** 422 for a required field that is missing (FastAPI's `missing`). */
export function missing(loc: (string | number)[]): AppError {
  return validationError([{ type: 'missing', loc, msg: 'Field required', input: null }]);
}

function fastApiIssues(err: AppError): FastApiIssue[] {
  const details = Array.isArray(err.details) ? (err.details as Record<string, unknown>[]) : [];
  const issues = details.map((d): FastApiIssue => {
    if (Array.isArray(d.loc)) return d as unknown as FastApiIssue;
    const path = String(d.path ?? '')
      .split(/[./]/)
      .filter(Boolean)
      .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    const message = String(d.message ?? 'Invalid value');
    const absent = d.value === undefined && /required|undefined/i.test(message);
    return {
      type: absent ? 'missing' : 'value_error',
      loc: [String(d.location ?? 'body'), ...path],
      msg: absent ? 'Field required' : message,
      input: d.value ?? null,
    };
  });
  return issues.length ? issues : [{ type: 'value_error', loc: ['body'], msg: err.message, input: null }];
}

const TRUE = /^(true|1|yes|on|t|y)$/i;
const FALSE = /^(false|0|no|off|f|n)$/i;

/** Typed query parameters with FastAPI's 422 on bad values. */
export const q = {
  /** An integer query parameter in `[min, max]`; `max` defaults to the largest exact integer (2^53 - 1). */
  int(
    query: Record<string, string | undefined>,
    name: string,
    fallback: number,
    min: number,
    max = Number.MAX_SAFE_INTEGER,
  ) {
    const raw = query[name];
    if (raw === undefined || raw === '') return fallback;
    const loc = ['query', name];
    if (!/^\s*[-+]?\d+\s*$/.test(raw))
      throw validationError([
        {
          type: 'int_parsing',
          loc,
          msg: 'Input should be a valid integer, unable to parse string as an integer',
          input: raw,
        },
      ]);
    const n = Number(raw);
    if (n < min)
      throw validationError([
        {
          type: 'greater_than_equal',
          loc,
          msg: `Input should be greater than or equal to ${min}`,
          input: raw,
          ctx: { ge: min },
        },
      ]);
    if (n > max)
      throw validationError([
        {
          type: 'less_than_equal',
          loc,
          msg: `Input should be less than or equal to ${max}`,
          input: raw,
          ctx: { le: max },
        },
      ]);
    return n;
  },

  bool(query: Record<string, string | undefined>, name: string, fallback: boolean): boolean {
    const raw = query[name];
    if (raw === undefined || raw === '') return fallback;
    if (TRUE.test(raw)) return true;
    if (FALSE.test(raw)) return false;
    throw validationError([
      {
        type: 'bool_parsing',
        loc: ['query', name],
        msg: 'Input should be a valid boolean, unable to interpret input',
        input: raw,
      },
    ]);
  },

  oneOf<T extends string>(
    query: Record<string, string | undefined>,
    name: string,
    values: readonly T[],
    fallback: T,
  ): T {
    const raw = query[name];
    if (raw === undefined || raw === '') return fallback;
    if ((values as readonly string[]).includes(raw)) return raw as T;
    throw validationError([
      {
        type: 'literal_error',
        loc: ['query', name],
        msg: `Input should be ${values.map((v) => `'${v}'`).join(' or ')}`,
        input: raw,
        ctx: { expected: values.map((v) => `'${v}'`).join(' or ') },
      },
    ]);
  },

  required(query: Record<string, string | undefined>, name: string): string {
    const raw = query[name];
    if (raw === undefined) throw missing(['query', name]);
    return raw;
  },
};

/** Parses the JSON-encoded `sort` / `filters` query values (400 `Invalid sort JSON` / `Invalid filters JSON`). */
export function jsonQuery(raw: string | undefined, name: 'sort' | 'filters'): unknown {
  if (raw === undefined || raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    throw new AppError('bad_request', `Invalid ${name} JSON`);
  }
}
