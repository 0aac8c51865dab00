import { AppError } from '../../src/plugin-api.ts';

/** Collects NestJS-style validation messages for a JSON or form body and throws them together. */
export class Validator {
  readonly errors: string[] = [];

  constructor(private readonly body: Record<string, unknown>) {}

  /** A string field; `oneOf` restricts it to a list. Empty strings count as missing when required. */
  string(
    name: string,
    opts: { required?: boolean; max?: number; oneOf?: readonly string[]; allowEmpty?: boolean } = {},
  ): string | undefined {
    const v = this.body[name];
    if (v === undefined || v === null || (v === '' && !opts.allowEmpty)) {
      if (opts.required) this.errors.push(`${name} should not be empty`);
      return undefined;
    }
    if (typeof v !== 'string') {
      this.errors.push(`${name} must be a string`);
      return undefined;
    }
    if (opts.max !== undefined && v.length > opts.max)
      this.errors.push(`${name} must be shorter than or equal to ${opts.max} characters`);
    else if (opts.oneOf && !opts.oneOf.includes(v))
      this.errors.push(`${name} must be one of the following values: ${opts.oneOf.join(', ')}`);
    else return v;
    return undefined;
  }

  /** A JSON object field (not an array). */
  object(name: string, opts: { required?: boolean } = {}): Record<string, unknown> | undefined {
    const v = this.body[name];
    if (v === undefined || v === null) {
      if (opts.required) this.errors.push(`${name} should not be empty`);
      return undefined;
    }
    if (typeof v !== 'object' || Array.isArray(v)) {
      this.errors.push(`${name} must be an object`);
      return undefined;
    }
    return v as Record<string, unknown>;
  }

  boolean(name: string): boolean | undefined {
    const v = this.body[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') {
      this.errors.push(`${name} must be a boolean value`);
      return undefined;
    }
    return v;
  }

  /** A non-empty array of strings, each in `oneOf` when given. */
  strings(
    name: string,
    opts: { required?: boolean; oneOf?: readonly string[]; max?: number } = {},
  ): string[] | undefined {
    const v = this.body[name];
    if (v === undefined || v === null) {
      if (opts.required) this.errors.push(`${name} should not be empty`);
      return undefined;
    }
    if (!Array.isArray(v) || v.some((e) => typeof e !== 'string')) {
      this.errors.push(`each value in ${name} must be a string`);
      return undefined;
    }
    if (opts.required && !v.length) this.errors.push(`${name} should not be empty`);
    else if (opts.max !== undefined && v.length > opts.max)
      this.errors.push(`${name} must contain no more than ${opts.max} elements`);
    else if (opts.oneOf && v.some((e) => !opts.oneOf?.includes(e)))
      this.errors.push(`each value in ${name} must be one of the following values: ${opts.oneOf.join(', ')}`);
    else return [...new Set(v as string[])];
    return undefined;
  }

  /** Adds a message of the caller's own check. */
  fail(message: string): void {
    this.errors.push(message);
  }

  /** Throws every collected message as one 400 (`message` is the array). */
  done(): void {
    if (this.errors.length)
      throw new AppError('validation_failed', this.errors[0] as string, { details: [...this.errors] });
  }
}

/** A request body as a plain object (anything else validates as empty). */
export function bodyObject(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}
