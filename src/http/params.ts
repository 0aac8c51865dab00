import { AppError } from '../errors.ts';

/**
 * Parses an integer query parameter within bounds. Empty means `fallback`; anything else that is not
 * an integer in range is a `bad_request` naming the parameter.
 */
export function intParam(
  value: string | undefined,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined || value === '') return fallback;
  if (!/^-?\d+$/.test(value.trim())) throw new AppError('bad_request', `${name} must be an integer`);
  const n = Number(value);
  if (n < min || n > max) throw new AppError('bad_request', `${name} must be between ${min} and ${max}`);
  return n;
}

/** Parses a boolean query or form value (`true/false/1/0/yes/no`); empty means `fallback`. */
export function boolParam(value: string | boolean | undefined, name: string, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (typeof value === 'boolean') return value;
  if (/^(true|1|yes|on)$/i.test(value)) return true;
  if (/^(false|0|no|off)$/i.test(value)) return false;
  throw new AppError('bad_request', `${name} must be true or false`);
}

/** Splits repeated and comma-separated values (`a,b` or `?x=a&x=b` or `x[]=a`) into a clean list. */
export function listParam(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  const values = Array.isArray(value) ? value : [value];
  return values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

/** Parses a JSON object from a form field or query value; `bad_request` when it is not an object. */
export function jsonObjectParam(
  value: string | undefined,
  name: string,
): Record<string, unknown> | undefined {
  if (value === undefined || value === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    throw new AppError('bad_request', `${name} must be a JSON object`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new AppError('bad_request', `${name} must be a JSON object`);
  return parsed as Record<string, unknown>;
}
