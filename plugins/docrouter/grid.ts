/**
 * MUI DataGrid `sortModel` / `filterModel` over rows in memory, as DocRouter's list endpoints apply
 * them: unknown fields and operators are ignored; text operators are case-insensitive except
 * `equals`; tag columns match tag names (or ids); date columns compare instants.
 */

import { parseDateParam } from '../../src/plugin-api.ts';

/** How a grid field reads a row. */
export type Column<T> =
  | { kind: 'text'; get: (row: T) => string | null | undefined }
  | { kind: 'date'; get: (row: T) => number | null | undefined }
  | { kind: 'tags'; get: (row: T) => string[] };

export type Columns<T> = Record<string, Column<T>>;

interface FilterItem {
  field?: unknown;
  operator?: unknown;
  operatorValue?: unknown;
  value?: unknown;
}

const NEGATED = new Set(['doesNotContain', 'does not contain', 'doesNotEqual', 'does not equal', 'not']);

function listValue(v: unknown): string[] {
  if (v === null || v === undefined) return [];
  if (Array.isArray(v)) return v.map(String).filter((s) => s.trim());
  return String(v)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A filter's date value (`YYYY-MM-DD` or an ISO date-time); 400 for anything else, undefined when empty. */
function parseDate(v: unknown): number | undefined {
  if (v === null || v === undefined || String(v).trim() === '') return undefined;
  return parseDateParam(String(v).trim(), 'filters', false, { dateTime: true });
}

function textTest(op: string, value: string): ((s: string) => boolean) | undefined {
  const v = value.toLowerCase();
  switch (op) {
    case 'contains':
    case 'doesNotContain':
    case 'does not contain':
      return value.trim() ? (s) => s.toLowerCase().includes(v) : undefined;
    case 'startsWith':
    case 'starts with':
      return value.trim() ? (s) => s.toLowerCase().startsWith(v) : undefined;
    case 'endsWith':
    case 'ends with':
      return value.trim() ? (s) => s.toLowerCase().endsWith(v) : undefined;
    case 'equals':
    case '=':
    case 'is':
    case 'doesNotEqual':
    case 'does not equal':
    case '!=':
      return (s) => s === value;
    default:
      return undefined;
  }
}

/** One filter item as a predicate, or undefined when DocRouter would ignore it. */
function predicate<T>(
  item: FilterItem,
  columns: Columns<T>,
  tagName: (id: string) => string | undefined,
): ((row: T) => boolean) | undefined {
  const field = typeof item.field === 'string' ? item.field : undefined;
  const op = String(item.operator ?? item.operatorValue ?? '');
  const col = field ? columns[field] : undefined;
  if (!col || !op) return undefined;
  const empty = (row: T) => {
    const v = col.get(row);
    return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
  };
  if (op === 'isEmpty' || op === 'is empty') return empty;
  if (op === 'isNotEmpty' || op === 'is not empty') return (row) => !empty(row);

  if (col.kind === 'tags') {
    const matchesTag = (pred: (tag: string) => boolean) => (row: T) =>
      col.get(row).some((id) => pred(id) || pred(tagName(id) ?? ''));
    if (op === 'isAnyOf' || op === 'is any of') {
      const wanted = listValue(item.value).map((s) => s.toLowerCase());
      return wanted.length ? matchesTag((t) => wanted.includes(t.toLowerCase())) : undefined;
    }
    const value = item.value === null || item.value === undefined ? '' : String(item.value);
    if (!value.trim()) return undefined;
    const exact = ['equals', '=', 'is', 'doesNotEqual', 'does not equal', '!='].includes(op);
    const test = exact ? (t: string) => t.toLowerCase() === value.toLowerCase() : textTest(op, value);
    if (!test) return undefined;
    const hit = matchesTag(test);
    return NEGATED.has(op) ? (row) => !hit(row) : hit;
  }

  if (op === 'isAnyOf' || op === 'is any of') {
    const wanted = listValue(item.value);
    if (!wanted.length) return undefined;
    return (row) => wanted.includes(String(col.get(row) ?? ''));
  }

  if (col.kind === 'date') {
    const at = parseDate(item.value);
    if (at === undefined) return undefined;
    const get = (row: T) => col.get(row) ?? Number.NaN;
    switch (op) {
      case 'is':
      case 'equals':
        return (row) => get(row) === at;
      case 'not':
      case 'doesNotEqual':
      case 'does not equal':
        return (row) => get(row) !== at;
      case 'after':
        return (row) => get(row) > at;
      case 'onOrAfter':
      case 'on or after':
        return (row) => get(row) >= at;
      case 'before':
        return (row) => get(row) < at;
      case 'onOrBefore':
      case 'on or before':
        return (row) => get(row) <= at;
      default:
        return undefined;
    }
  }

  const value = item.value === null || item.value === undefined ? '' : String(item.value);
  const test = textTest(op, value);
  if (!test) return undefined;
  return NEGATED.has(op) || op === '!='
    ? (row) => !test(String(col.get(row) ?? ''))
    : (row) => test(String(col.get(row) ?? ''));
}

/** Keeps the rows matching a filterModel (`{items, logicOperator}`); anything else keeps every row. */
export function filterRows<T>(
  rows: T[],
  model: unknown,
  columns: Columns<T>,
  tagName: (id: string) => string | undefined = () => undefined,
): T[] {
  if (!model || typeof model !== 'object' || Array.isArray(model)) return rows;
  const m = model as { items?: unknown; logicOperator?: unknown };
  const items = Array.isArray(m.items) ? (m.items as FilterItem[]) : [];
  const preds = items
    .filter((i) => i && typeof i === 'object')
    .map((i) => predicate(i, columns, tagName))
    .filter((p): p is (row: T) => boolean => !!p);
  if (!preds.length) return rows;
  const any = String(m.logicOperator ?? 'and').toLowerCase() === 'or';
  return rows.filter((r) => (any ? preds.some((p) => p(r)) : preds.every((p) => p(r))));
}

/** A sort key list from a sortModel (`[{field, sort}]`), with fields renamed by `aliases`. */
export function sortKeys(
  model: unknown,
  known: string[],
  aliases: Record<string, string> = {},
): { field: string; desc: boolean }[] {
  if (!Array.isArray(model)) return [];
  return model.flatMap((s) => {
    if (!s || typeof s !== 'object') return [];
    const raw = String((s as { field?: unknown }).field ?? '');
    const field = aliases[raw] ?? raw;
    if (!known.includes(field)) return [];
    return [{ field, desc: String((s as { sort?: unknown }).sort ?? '').toLowerCase() !== 'asc' }];
  });
}

/** Sorts rows by keys (stable; nulls first ascending, like MongoDB). */
export function sortRows<T>(rows: T[], keys: { field: string; desc: boolean }[], columns: Columns<T>): T[] {
  const value = (row: T, field: string): string | number => {
    const col = columns[field];
    const v = col?.get(row);
    if (v === null || v === undefined) return '';
    return Array.isArray(v) ? (v[0] ?? '') : v;
  };
  return [...rows].sort((a, b) => {
    for (const k of keys) {
      const x = value(a, k.field);
      const y = value(b, k.field);
      if (x === y) continue;
      const c = x < y ? -1 : 1;
      return k.desc ? -c : c;
    }
    return 0;
  });
}

/** A case-insensitive regex from user input; invalid patterns are taken literally. */
export function searchRegex(raw: string): RegExp {
  try {
    return new RegExp(raw, 'i');
  } catch {
    return new RegExp(raw.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  }
}
