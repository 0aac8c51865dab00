/**
 * Result exports as text formats: json, text, xml, html and csv (fields and line items). Every
 * exporter takes the same {@link ExportInput}, so dialects differ only in which format they ask for.
 */
import { XMLBuilder } from 'fast-xml-parser';
import type { ExtractionCheck } from '../extract/types.ts';

/** What every exporter renders: the document, its extracted values and its text. */
export interface ExportInput {
  document: { id: string; name: string; docType: string | null };
  schemaKey: string;
  kind: string | null;
  /** Extracted values (the user's edited result when there is one). */
  data: Record<string, unknown>;
  confidence: number | null;
  checks: ExtractionCheck[];
  /** Text of each page, in order. */
  pages: string[];
}

export type ExportFormat = 'json' | 'text' | 'xml' | 'html' | 'csv' | 'pdf' | 'docx';

/** Content-Type and file extension of each format. */
export const EXPORT_TYPES: Record<ExportFormat, { mime: string; ext: string }> = {
  json: { mime: 'application/json', ext: 'json' },
  text: { mime: 'text/plain', ext: 'txt' },
  xml: { mime: 'application/xml', ext: 'xml' },
  html: { mime: 'text/html', ext: 'html' },
  csv: { mime: 'text/csv', ext: 'csv' },
  pdf: { mime: 'application/pdf', ext: 'pdf' },
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', ext: 'docx' },
};

export const isExportFormat = (f: string): f is ExportFormat => f in EXPORT_TYPES;

const isObject = (v: unknown): v is Record<string, unknown> =>
  Boolean(v) && typeof v === 'object' && !Array.isArray(v);
const scalar = (v: unknown): string =>
  v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);

/** Scalar values flattened to dotted keys; arrays of objects (line items) are returned apart. */
export function flatten(data: Record<string, unknown>): {
  fields: [string, unknown][];
  tables: [string, Record<string, unknown>[]][];
} {
  const fields: [string, unknown][] = [];
  const tables: [string, Record<string, unknown>[]][] = [];
  const walk = (obj: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(obj)) {
      const key = prefix + k;
      if (Array.isArray(v) && v.every(isObject)) tables.push([key, v as Record<string, unknown>[]]);
      else if (isObject(v) && !('amount' in v && 'currencyCode' in v)) walk(v, `${key}.`);
      else fields.push([key, v]);
    }
  };
  walk(data, '');
  return { fields, tables };
}

export function toJson(input: ExportInput): string {
  return `${JSON.stringify(
    {
      documentId: input.document.id,
      documentName: input.document.name,
      schemaKey: input.schemaKey,
      kind: input.kind,
      confidence: input.confidence,
      data: input.data,
      checks: input.checks,
    },
    null,
    2,
  )}\n`;
}

export function toText(input: ExportInput): string {
  return `${input.pages.join('\n\f\n')}\n`;
}

function xmlValue(name: string, v: unknown): Record<string, unknown> {
  if (Array.isArray(v))
    return { '@_name': name, item: v.map((x, i) => ({ '@_index': i + 1, ...xmlChildren(x) })) };
  if (isObject(v)) return { '@_name': name, field: Object.entries(v).map(([k, x]) => xmlValue(k, x)) };
  return {
    '@_name': name,
    ...(v === null || v === undefined ? { '@_null': 'true' } : { '#text': scalar(v) }),
  };
}

function xmlChildren(v: unknown): Record<string, unknown> {
  return isObject(v) ? { field: Object.entries(v).map(([k, x]) => xmlValue(k, x)) } : { '#text': scalar(v) };
}

export function toXml(input: ExportInput): string {
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    format: true,
    suppressEmptyNode: true,
    suppressBooleanAttributes: false,
  });
  const body = builder.build({
    extraction: {
      '@_documentId': input.document.id,
      '@_documentName': input.document.name,
      '@_schemaKey': input.schemaKey,
      ...(input.kind ? { '@_kind': input.kind } : {}),
      field: Object.entries(input.data).map(([k, v]) => xmlValue(k, v)),
      text: { page: input.pages.map((t, i) => ({ '@_number': i + 1, '#text': t })) },
    },
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
}

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function htmlTable(rows: Record<string, unknown>[]): string {
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const head = cols.map((c) => `<th>${esc(c)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${cols.map((c) => `<td>${esc(scalar(r[c]))}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

export function toHtml(input: ExportInput): string {
  const { fields, tables } = flatten(input.data);
  const rows = fields.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(scalar(v))}</td></tr>`).join('\n');
  const lists = tables.map(([k, items]) => `<h2>${esc(k)}</h2>\n${htmlTable(items)}`).join('\n');
  const text = input.pages
    .map((t, i) => `<section><h3>Page ${i + 1}</h3><pre>${esc(t)}</pre></section>`)
    .join('\n');
  return `<!doctype html>
<html lang="th"><head><meta charset="utf-8"><title>${esc(input.document.name)}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:4px 8px;text-align:left}pre{white-space:pre-wrap}</style>
</head><body>
<h1>${esc(input.document.name)}</h1>
<p>${esc(input.kind ?? '')}</p>
<table class="fields">
${rows}
</table>
${lists}
${text}
</body></html>
`;
}

const csvCell = (v: unknown) => {
  const s = scalar(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/**
 * One table: the document fields as columns, repeated on one row per line item (item columns prefixed
 * with the list name, e.g. `lineItems.amount`); one row when there are no items. UTF-8 with a BOM so
 * spreadsheet programs read Thai correctly.
 */
export function toCsv(input: ExportInput): string {
  const { fields, tables } = flatten(input.data);
  const [listName, items] = tables[0] ?? ['', []];
  const itemCols = [...new Set(items.flatMap((r) => Object.keys(r)))];
  const header = [...fields.map(([k]) => k), ...itemCols.map((c) => `${listName}.${c}`)];
  const base = fields.map(([, v]) => csvCell(v));
  const rows = items.length ? items.map((it) => [...base, ...itemCols.map((c) => csvCell(it[c]))]) : [base];
  return `\uFEFF${[header.map(csvCell), ...rows].map((r) => r.join(',')).join('\r\n')}\r\n`;
}
