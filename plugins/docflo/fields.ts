import type { ExtractionResult, JsonSchema } from '../../src/plugin-api.ts';
import type { DataType, FieldDef, TypeConfig } from './catalog.ts';
import { DocfloError } from './envelope.ts';
import { findField } from './types.ts';

/** Docflo's field object (docs.docflo.ai "Data Types"). */
export interface FieldObj {
  type: DataType;
  value: unknown;
  content: string | null;
  confidence: number;
  changedOn?: string;
  changedBy?: string;
}

/** An item of an array field: its `_id` plus one field object per sub-field. */
export type ArrayItem = { _id: string } & { [sub: string]: FieldObj | string };

export type Fields = Record<string, FieldObj>;

export interface Currency {
  amount: number;
  currencyCode: string | null;
}

const round3 = (n: number) => Math.round(n * 1000) / 1000;

function toNumber(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const clean = raw.replace(/[,\s฿$€£¥]/g, '').replace(/(THB|USD|EUR|ILS|บาท)$/i, '');
  return /^-?\d+(\.\d+)?$/.test(clean) ? Number(clean) : undefined;
}

function toDate(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const m = raw.trim().match(/^(\d{4})-(\d{2})-(\d{2})/);
  const ms = m ? Date.UTC(+(m[1] as string), +(m[2] as string) - 1, +(m[3] as string)) : Date.parse(raw);
  if (!Number.isFinite(ms)) return undefined;
  const day = new Date(ms).toISOString().slice(0, 10);
  return m && day !== m[0] ? undefined : day;
}

function toCurrency(raw: unknown, defaultCode: string | null): Currency | undefined {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const o = raw as Record<string, unknown>;
    const amount = toNumber(o.amount ?? o.Amount ?? o.value);
    const code = o.currencyCode ?? o.CurrencyCode ?? o.currency ?? defaultCode;
    if (amount === undefined || (code !== null && typeof code !== 'string')) return undefined;
    return { amount, currencyCode: code ? code.toUpperCase() : null };
  }
  const amount = toNumber(raw);
  return amount === undefined ? undefined : { amount, currencyCode: defaultCode };
}

/** Normalizes a scalar value for a data type; undefined when it does not fit. */
function scalar(type: DataType, raw: unknown, defaultCode: string | null): unknown {
  switch (type) {
    case 'number':
      return toNumber(raw);
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      return raw === 'true' ? true : raw === 'false' ? false : undefined;
    case 'date':
      return toDate(raw);
    case 'currency':
      return toCurrency(raw, defaultCode);
    case 'country':
    case 'list':
      return typeof raw === 'string' || (raw && typeof raw === 'object' && !Array.isArray(raw))
        ? raw
        : undefined;
    default:
      return typeof raw === 'string' ? raw : typeof raw === 'number' ? String(raw) : undefined;
  }
}

function contentOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const c = value as Partial<Currency>;
  if (typeof c.amount === 'number')
    return c.currencyCode ? `${c.amount} ${c.currencyCode}` : String(c.amount);
  return null;
}

const emptyField = (type: DataType): FieldObj => ({ type, value: null, content: null, confidence: 0 });

/** The JSON Schema a type's fields give the extraction engine (currency fields as plain amounts). */
export function extractionSchema(config: TypeConfig): JsonSchema {
  const one = (f: FieldDef): JsonSchema => {
    const description = f.description ?? f.name;
    if (f.type === 'array')
      return { type: 'array', description, items: { type: 'object', properties: props(f.fields ?? []) } };
    if (f.type === 'object') return { type: 'object', description, properties: props(f.fields ?? []) };
    if (f.type === 'number' || f.type === 'currency') return { type: 'number', description };
    if (f.type === 'boolean') return { type: 'boolean', description };
    if (f.type === 'date') return { type: 'string', format: 'date', description };
    return { type: 'string', description };
  };
  const props = (defs: FieldDef[]) => Object.fromEntries(defs.map((f) => [f.name, one(f)]));
  const properties = props(config.fields);
  if (config.fields.some((f) => f.type === 'currency') && !properties.CurrencyCode)
    properties.CurrencyCode = { type: 'string', description: 'ISO 4217 currency code (THB, USD, ...)' };
  return { type: 'object', properties };
}

/**
 * Docflo field objects for every field of the type from an extraction result: values from the
 * schema-shaped `data`, confidence and raw text from `fields`; missing fields are present with a null
 * value; array items get `_id`s.
 */
export function fromExtraction(
  config: TypeConfig,
  result: ExtractionResult | null,
  newId: () => string,
): Fields {
  const data = result?.data ?? {};
  const code = typeof data.CurrencyCode === 'string' ? data.CurrencyCode.toUpperCase() : null;
  const build = (def: FieldDef, raw: unknown, confidence: number, text?: string): FieldObj => {
    if (raw === null || raw === undefined) return emptyField(def.type);
    if (def.type === 'array') {
      const items = Array.isArray(raw) ? raw : [];
      return {
        type: 'array',
        value: items.map((item) => ({ _id: newId(), ...subObjects(def, item, confidence) })),
        content: null,
        confidence,
      };
    }
    if (def.type === 'object')
      return { type: 'object', value: subObjects(def, raw, confidence), content: null, confidence };
    const value = scalar(def.type, raw, code);
    if (value === undefined) return emptyField(def.type);
    return { type: def.type, value, content: text ?? contentOf(value), confidence };
  };
  const subObjects = (def: FieldDef, raw: unknown, confidence: number) => {
    const o = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    return Object.fromEntries((def.fields ?? []).map((s) => [s.name, build(s, o[s.name], confidence)]));
  };
  const fields: Fields = {};
  for (const def of config.fields) {
    const info = result?.fields[def.name];
    fields[def.name] = build(
      def,
      data[def.name],
      round3(info?.confidence ?? result?.confidence ?? 0),
      info?.text,
    );
  }
  return fields;
}

interface Issue {
  field: string;
  message: string;
}

/** Who made an edit (for `changedBy`) and when. */
export interface Editor {
  name: string;
  at: string;
}

/**
 * Applies `PATCH /document/fields/{id}` to a copy of the current fields: keys are checked against the
 * type's schema (case-insensitively), values against the field's data type, and array items take
 * `operation: create|update|delete` (`_id` required for update and delete). Throws before anything
 * changes; returns the new fields and the names of the changed top-level fields.
 */
export function applyFieldPatch(
  config: TypeConfig,
  current: Fields,
  patch: Record<string, unknown>,
  editor: Editor,
  newId: () => string,
): { fields: Fields; changed: string[] } {
  const fields: Fields = structuredClone(current);
  const issues: Issue[] = [];
  const changed: string[] = [];
  const edited = (type: DataType, value: unknown): FieldObj => ({
    type,
    value,
    content: contentOf(value),
    confidence: 1,
    changedOn: editor.at,
    changedBy: editor.name,
  });

  const scalarField = (def: FieldDef, raw: unknown, path: string): FieldObj | undefined => {
    if (raw === null) return edited(def.type, null);
    const value = scalar(def.type, raw, null);
    if (value === undefined) {
      issues.push({ field: path, message: `expects a ${def.type} value` });
      return undefined;
    }
    return edited(def.type, value);
  };

  const subValues = (
    def: FieldDef,
    raw: Record<string, unknown>,
    path: string,
    into: Record<string, unknown>,
  ) => {
    for (const [key, v] of Object.entries(raw)) {
      if (key === 'operation' || key === '_id') continue;
      const sub = findField(def.fields ?? [], key);
      if (!sub) {
        issues.push({ field: `${path}.${key}`, message: `is not a field of ${def.name}` });
        continue;
      }
      const obj = scalarField(sub, v, `${path}.${sub.name}`);
      if (obj) into[sub.name] = obj;
    }
  };

  const arrayField = (def: FieldDef, raw: unknown, path: string, target: FieldObj): void => {
    if (!Array.isArray(raw)) {
      issues.push({ field: path, message: 'expects an array of items with an operation' });
      return;
    }
    const items = (Array.isArray(target.value) ? target.value : []) as ArrayItem[];
    raw.forEach((entry, i) => {
      const at = `${path}[${i}]`;
      if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
        issues.push({ field: at, message: 'must be an object' });
        return;
      }
      const item = entry as Record<string, unknown>;
      const id = typeof item._id === 'string' ? item._id : undefined;
      const op = item.operation ?? (id ? 'update' : 'create');
      if (op === 'create') {
        const created: ArrayItem = { _id: newId() };
        for (const s of def.fields ?? []) created[s.name] = emptyField(s.type);
        subValues(def, item, at, created);
        items.push(created);
        return;
      }
      if (op !== 'update' && op !== 'delete') {
        issues.push({ field: `${at}.operation`, message: 'must be create, update or delete' });
        return;
      }
      if (!id) {
        issues.push({ field: `${at}._id`, message: `is required to ${op} an item` });
        return;
      }
      const index = items.findIndex((x) => x._id === id);
      if (index < 0)
        throw new DocfloError('not_found', 'ARRAY_ITEM_NOT_FOUND', `${path} has no item with _id "${id}"`, {
          field: path,
          _id: id,
        });
      if (op === 'delete') items.splice(index, 1);
      else subValues(def, item, at, items[index] as ArrayItem);
    });
    target.value = items;
    target.changedOn = editor.at;
    target.changedBy = editor.name;
  };

  for (const [key, raw] of Object.entries(patch)) {
    const def = findField(config.fields, key);
    if (!def) {
      issues.push({ field: key, message: `is not a field of document type ${config.type}` });
      continue;
    }
    if (def.type === 'array') {
      const target =
        fields[def.name]?.type === 'array' ? (fields[def.name] as FieldObj) : emptyField('array');
      target.confidence = target.confidence || 1;
      arrayField(def, raw, def.name, target);
      fields[def.name] = target;
    } else if (def.type === 'object') {
      if (raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
        issues.push({ field: def.name, message: 'expects an object' });
        continue;
      }
      const prev = fields[def.name]?.value;
      const value: Record<string, unknown> = prev && typeof prev === 'object' ? { ...prev } : {};
      if (raw) subValues(def, raw as Record<string, unknown>, def.name, value);
      fields[def.name] = { ...edited('object', raw === null ? null : value), content: null };
    } else {
      const obj = scalarField(def, raw, def.name);
      if (obj) fields[def.name] = obj;
    }
    changed.push(def.name);
  }
  if (issues.length)
    throw new DocfloError(
      'validation_failed',
      'INVALID_FIELDS',
      `Invalid fields for document type ${config.type}: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}`,
      { issues, allowedFields: config.fields.map((f) => f.name) },
    );
  return { fields, changed };
}

/** A currency or number field's amount (for the AI assistant). */
export function amountOf(field: FieldObj | undefined): Currency | undefined {
  if (!field || field.value === null || field.value === undefined) return undefined;
  if (typeof field.value === 'number') return { amount: field.value, currencyCode: null };
  return toCurrency(field.value, null);
}

/** Every string value of the fields, flattened (for search and vendor matching). */
export function fieldTexts(fields: Fields): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  const walk = (name: string, f: FieldObj) => {
    const c = contentOf(f.value);
    if (c) out.push({ name, text: c });
    if (Array.isArray(f.value)) {
      for (const item of f.value as ArrayItem[])
        for (const [k, v] of Object.entries(item)) if (k !== '_id') walk(`${name}.${k}`, v as FieldObj);
    } else if (f.type === 'object' && f.value && typeof f.value === 'object') {
      for (const [k, v] of Object.entries(f.value as Record<string, FieldObj>)) walk(`${name}.${k}`, v);
    }
  };
  for (const [name, f] of Object.entries(fields)) walk(name, f);
  return out;
}
