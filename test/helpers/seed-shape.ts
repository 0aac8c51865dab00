/**
 * Compares a response with the shape of a vendor page's example response: the seed's JSON example is
 * copied into the test as written, and every key it shows must be there with the same JSON type (objects
 * recursively, arrays by the shape of their first example item). Extra keys are allowed unless `exact`.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface ShapeOptions {
  /** Paths (like `$.data[].folder_id`) whose value may also be null. */
  nullable?: string[];
  /** Paths of objects that must have exactly the example's keys. */
  exact?: string[];
  /** Paths the response may leave out (each use says why). */
  optional?: string[];
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** Every difference between `actual` and the shape of `example`, as readable lines (empty when it fits). */
export function shapeMismatches(
  actual: unknown,
  example: Json,
  opts: ShapeOptions = {},
  path = '$',
): string[] {
  const want = typeOf(example);
  const got = typeOf(actual);
  if (got === 'null' && opts.nullable?.includes(path)) return [];
  if (want !== got)
    return [`${path}: expected ${want}, got ${got} (${JSON.stringify(actual)?.slice(0, 80)})`];
  if (want === 'array') {
    const first = (example as Json[])[0];
    if (first === undefined) return [];
    return (actual as unknown[]).flatMap((item) => shapeMismatches(item, first, opts, `${path}[]`));
  }
  if (want !== 'object') return [];
  const ex = example as Record<string, Json>;
  const act = actual as Record<string, unknown>;
  const out = Object.entries(ex).flatMap(([k, v]) =>
    k in act
      ? shapeMismatches(act[k], v, opts, `${path}.${k}`)
      : opts.optional?.includes(`${path}.${k}`)
        ? []
        : [`${path}.${k}: missing`],
  );
  if (opts.exact?.includes(path))
    for (const k of Object.keys(act)) if (!(k in ex)) out.push(`${path}.${k}: not in the example`);
  return out;
}
