/**
 * Fills a JSON Schema (Ocriva template, DocRouter draft-7 schema, Docflo type) from the generic fields:
 * each property is mapped by its name and description to a generic field (synonyms such as
 * invoiceNumber / InvoiceId / document_number, VendorName / seller, Items / lineItems), values are
 * coerced to the property's type, and the output is validated with ajv.
 */
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { GenericField } from './rules.ts';
import type { ExtractedField, ExtractionResult, JsonSchema } from './types.ts';

type Party = 'seller' | 'buyer' | null;

/** Words in property names/descriptions and what they point to. */
const PARTY_WORDS: [Party, RegExp][] = [
  ['seller', /vendor|seller|supplier|merchant|issuer|company|ผู้ขาย|ผู้ให้บริการ|ผู้ออก/i],
  ['buyer', /customer|buyer|client|bill\s*to|billto|sold\s*to|purchaser|recipient|ลูกค้า|ผู้ซื้อ/i],
];
const PARTY_ATTRS: [string, RegExp][] = [
  ['TaxId', /tax\s*id|taxid|tin\b|tax\s*(?:number|no)|vat\s*(?:number|no|id)|เลขประจำตัวผู้เสียภาษี|เลขผู้เสียภาษี/i],
  ['Branch', /branch|สาขา/i],
  ['Address', /address|addr|ที่อยู่/i],
  ['Phone', /phone|tel|mobile|โทร/i],
  ['Email', /e-?mail|อีเมล/i],
  ['Name', /name|ชื่อ/i],
];
/** Non-party fields, most specific first. */
const FIELD_WORDS: [GenericField, RegExp][] = [
  ['lineItems', /line\s*items?|lineitems|^items?$|products|details|รายการ|items/i],
  ['amountInWords', /in\s*words|words|ตัวอักษร/i],
  [
    'documentNumber',
    /(?:invoice|document|doc|receipt|quotation|quote|order|po|bill|credit\s*note|reference)\s*(?:number|no|id|num)|^number$|^no$|^id$|invoiceid|เลขที่/i,
  ],
  ['total', /(?:incl(?:uding)?|inc\.)\s*(?:vat|tax)|รวมภาษี/i],
  ['dueDate', /due|valid\s*until|expir|ครบกำหนด|กำหนดชำระ/i],
  ['issueDate', /date|วันที่/i],
  ['vatRate', /(?:vat|tax)\s*rate|rate|อัตรา/i],
  ['subtotal', /sub\s*total|subtotal|before\s*(?:vat|tax)|net\s*amount|untaxed|ก่อนภาษี|รวมเงิน/i],
  ['withholdingTax', /withholding|wht|หัก\s*ณ/i],
  ['discount', /discount|ส่วนลด/i],
  ['vat', /vat|total\s*tax|tax\s*amount|^tax$|ภาษีมูลค่าเพิ่ม|ภาษี/i],
  ['total', /total|grand|amount\s*due|amountdue|รวมทั้งสิ้น|ยอดรวม|ยอดสุทธิ|^amount$|net/i],
  ['currency', /currency|สกุลเงิน/i],
  ['documentType', /document\s*type|doc\s*type|^type$|^kind$|category|ประเภท/i],
];
const ITEM_WORDS: [string, RegExp][] = [
  ['unitPrice', /unit\s*price|price|rate|ราคาต่อหน่วย|ราคา/i],
  ['quantity', /quantity|qty|จำนวน(?!เงิน)/i],
  ['amount', /amount|total|จำนวนเงิน|รวม/i],
  ['unit', /^unit$|uom|หน่วย/i],
  ['description', /description|desc|name|item|product|detail|รายการ|รายละเอียด/i],
];

/** Splits camelCase / snake_case / kebab names into words (`VendorTaxId` -> `vendor tax id`). */
export function words(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .toLowerCase()
    .trim();
}

/** The generic field a property stands for, given its name, description and the enclosing party. */
export function mapProperty(name: string, description = '', party: Party = null): GenericField | null {
  for (const text of [words(name), description.toLowerCase()]) {
    if (!text) continue;
    const attrOnly = PARTY_ATTRS.find(([, re]) => re.test(text))?.[0];
    const p =
      PARTY_WORDS.find(([, re]) => re.test(text))?.[0] ??
      party ??
      (attrOnly === 'TaxId' || attrOnly === 'Branch' ? 'seller' : null);
    if (p) {
      const attr = PARTY_ATTRS.find(([, re]) => re.test(text))?.[0];
      if (attr) return `${p}${attr}` as GenericField;
      if (PARTY_WORDS.some(([, re]) => re.test(text)) && !/date|total|amount|number|no\b/.test(text))
        return `${p}Name` as GenericField;
    }
    const f = FIELD_WORDS.find(([, re]) => re.test(text))?.[0];
    if (f) return f;
  }
  return null;
}

/** The party an object-typed property groups (`vendor: {name, taxId}`), if any. */
function partyOf(name: string, description = ''): Party {
  const text = `${words(name)} ${description.toLowerCase()}`;
  return PARTY_WORDS.find(([, re]) => re.test(text))?.[0] ?? null;
}

type Prop = JsonSchema & {
  type?: string | string[];
  properties?: Record<string, Prop>;
  items?: Prop;
  description?: string;
};

const typeOf = (p: Prop): string =>
  Array.isArray(p.type) ? (p.type.find((t) => t !== 'null') ?? 'string') : (p.type ?? 'string');

/** Converts a value to what a property's type asks for (null when it cannot). */
function coerce(value: unknown, p: Prop, currency: unknown): unknown {
  if (value === null || value === undefined) return null;
  const t = typeOf(p);
  if (t === 'currency')
    return typeof value === 'number' ? { amount: value, currencyCode: currency ?? 'THB' } : null;
  if (t === 'number' || t === 'integer') {
    const n = typeof value === 'number' ? value : Number(String(value).replace(/,/g, ''));
    if (!Number.isFinite(n)) return null;
    return t === 'integer' ? Math.round(n) : n;
  }
  if (t === 'boolean') return Boolean(value);
  if (t === 'object' || t === 'array') return typeof value === 'object' ? value : null;
  return typeof value === 'number' ? value.toFixed(2) : String(value);
}

/** Docflo-style type names (currency, date, address...) as JSON Schema, so ajv can validate. */
export function toJsonSchema(schema: JsonSchema): JsonSchema {
  const walk = (p: Prop): Prop => {
    const t = typeOf(p);
    const out: Prop = { ...p };
    if (t === 'currency')
      Object.assign(out, {
        type: 'object',
        properties: { amount: { type: 'number' }, currencyCode: { type: 'string' } },
      });
    else if (['date', 'address', 'prompt', 'country', 'list', 'dynamic_list'].includes(t))
      out.type = 'string';
    if (p.properties)
      out.properties = Object.fromEntries(Object.entries(p.properties).map(([k, v]) => [k, walk(v)]));
    if (p.items) out.items = walk(p.items);
    return out;
  };
  const root = walk(schema as Prop);
  if (!root.type) root.type = 'object';
  return root;
}

interface Filled {
  value: unknown;
  field?: ExtractedField;
}

function fillItems(p: Prop, generic: ExtractionResult): Filled {
  const items = (generic.fields.lineItems?.value as Record<string, unknown>[] | undefined) ?? [];
  const props = p.items?.properties;
  if (!props) return { value: items, field: generic.fields.lineItems };
  const value = items.map((item) =>
    Object.fromEntries(
      Object.entries(props).map(([k, sub]) => {
        const key = ITEM_WORDS.find(([, re]) => re.test(words(k)) || re.test(sub.description ?? ''))?.[0];
        return [k, coerce(key ? item[key] : null, sub, generic.data.currency)];
      }),
    ),
  );
  return { value, field: generic.fields.lineItems };
}

function fillObject(
  props: Record<string, Prop>,
  generic: ExtractionResult,
  party: Party,
  fields: Record<string, ExtractedField>,
  prefix: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, p] of Object.entries(props)) {
    const t = typeOf(p);
    let filled: Filled;
    if (t === 'object' && p.properties) {
      const sub = fillObject(
        p.properties,
        generic,
        partyOf(name, p.description) ?? party,
        fields,
        `${prefix}${name}.`,
      );
      filled = { value: sub };
    } else {
      const key = mapProperty(name, p.description, party);
      if (key === 'lineItems' || (t === 'array' && !key)) filled = fillItems(p, generic);
      else if (key)
        filled = { value: coerce(generic.data[key], p, generic.data.currency), field: generic.fields[key] };
      else filled = { value: null };
    }
    out[name] = filled.value;
    if (filled.field && filled.value !== null)
      fields[`${prefix}${name}`] = { ...filled.field, value: filled.value };
  }
  return out;
}

/**
 * The schema as it validates an extraction: a property that is not required may be null (the value
 * was not found on the document); a required one may not.
 */
function nullableWhenOptional(schema: Prop): Prop {
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const out: Prop = { ...schema };
  if (schema.properties)
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([k, p]) => {
        const inner = nullableWhenOptional(p);
        if (required.has(k) || inner.type === undefined) return [k, inner];
        const types = Array.isArray(inner.type) ? inner.type : [inner.type];
        return [k, { ...inner, type: types.includes('null') ? types : [...types, 'null'] }];
      }),
    );
  if (schema.items) out.items = nullableWhenOptional(schema.items);
  return out;
}

/** Validates data against a schema; errors as `{path, message}`. */
export function validate(
  schema: JsonSchema,
  data: unknown,
): { valid: boolean; errors: { path: string; message: string }[] } {
  const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
  addFormats(ajv);
  let check: ReturnType<typeof ajv.compile>;
  try {
    check = ajv.compile(nullableWhenOptional(toJsonSchema(schema) as Prop));
  } catch (err) {
    return { valid: false, errors: [{ path: '', message: `Invalid schema: ${(err as Error).message}` }] };
  }
  const valid = check(data) as boolean;
  return {
    valid,
    errors: (check.errors ?? []).map((e) => ({
      path: e.instancePath || '/',
      message: e.message ?? 'invalid',
    })),
  };
}

/**
 * The generic result reshaped to the schema: `data` and `fields` keyed by the schema's properties.
 * `data` holds every property of the schema (nested objects too), `null` when it was not found.
 */
export function fillSchema(generic: ExtractionResult, schema: JsonSchema): ExtractionResult {
  const root = schema as Prop;
  const fields: Record<string, ExtractedField> = {};
  const data = fillObject(root.properties ?? {}, generic, null, fields, '');
  const confs = Object.values(fields).map((f) => f.confidence);
  return {
    kind: generic.kind,
    fields,
    data,
    confidence: confs.length
      ? Math.round((confs.reduce((a, b) => a + b, 0) / confs.length) * 1000) / 1000
      : 0,
    checks: generic.checks,
    validation: validate(schema, data),
  };
}

/** Properties of a schema still empty in `data` (top level), for the LLM to try. */
export function missingProperties(schema: JsonSchema, data: Record<string, unknown>): string[] {
  const props = (schema as Prop).properties ?? {};
  return Object.keys(props).filter((k) => data[k] === null || data[k] === undefined);
}
