/**
 * The rules engine: pages (text + word boxes) in, the generic field set out. No network, no model:
 * labels in Thai and English locate values, typed parsers read them, cross-checks pick among candidates.
 */
import type { PageResult } from '../ocr/types.ts';
import { hasThai, normalizeThai } from '../text/thai.ts';
import { findDates } from './dates.ts';
import { findLabels, type LabelHit, spotConfidence, type ValueSpot, valueSpots } from './find.ts';
import { findTaxIds, parseDocumentNumber } from './identifiers.ts';
import { findLineItems, type LineItem } from './items.ts';
import { detectKind } from './kind.ts';
import { buildLayout, type Layout } from './layout.ts';
import { findParties, type PartyFields, type PartyKey } from './parties.ts';
import { findTotals } from './totals.ts';
import type { ExtractedField, ExtractionCheck, ExtractionResult } from './types.ts';

/** Names of the generic fields, in output order. */
export const GENERIC_FIELDS = [
  'documentType',
  'documentNumber',
  'issueDate',
  'dueDate',
  'sellerName',
  'sellerTaxId',
  'sellerBranch',
  'sellerAddress',
  'sellerPhone',
  'sellerEmail',
  'buyerName',
  'buyerTaxId',
  'buyerBranch',
  'buyerAddress',
  'buyerPhone',
  'buyerEmail',
  'currency',
  'subtotal',
  'discount',
  'vatRate',
  'vat',
  'withholdingTax',
  'total',
  'amountInWords',
  'lineItems',
] as const;
export type GenericField = (typeof GENERIC_FIELDS)[number];

const NUMBER_LABEL =
  /เลขที่ใบกำกับภาษี|เลขที่ใบแจ้งหนี้|เลขที่ใบเสร็จ(?:รับเงิน)?|เลขที่ใบเสนอราคา|เลขที่ใบสั่งซื้อ|เลขที่ใบลดหนี้|เลขที่เอกสาร|เลขที่(?!อ้างอิง)|(?:tax\s*invoice|invoice|receipt|quotation|quote|credit\s*note|debit\s*note|document|doc|purchase\s*order|p\.?\s*o\.?|order|bill)\s*(?:no\.?|number|#|num)|^no\.?(?=\s|:|$)|^number\b|^#/i;
/** Labels whose "No." is not the document number. */
const NOT_NUMBER =
  /(?:tax\s*(?:id)?|tel|phone|fax|ref(?:erence)?|account|a\/c|branch|customer|item|id|vat\s*reg\w*)\s*(?:no|number|#)/i;
const ISSUE_DATE_LABEL =
  /วันที่ออก|วันที่เอกสาร|ลงวันที่|วันที่(?!ครบ|ส่ง|ชำระ)|(?:invoice|issue|issued|document|doc|receipt|quotation|order|po|billing)\s*date|^date\b/i;
const NOT_ISSUE = /ครบกำหนด|กำหนดชำระ|กำหนดส่ง|ยืนราคา|due|delivery|valid|expir|ship/i;
const DUE_DATE_LABEL =
  /วันครบกำหนด(?:ชำระ)?|ครบกำหนดชำระ|วันที่ครบกำหนด|ครบกำหนด|กำหนดชำระ(?:เงิน)?|ยืนราคาถึง(?:วันที่)?|ยืนราคาถึง|due\s*date|payment\s*due|date\s*due|valid\s*until|valid\s*till|expiry\s*date|pay\s*by/i;

const CURRENCIES: [string, RegExp][] = [
  ['USD', /\bUSD\b|US\$|\$\s?\d/],
  ['EUR', /\bEUR\b|€/],
  ['JPY', /\bJPY\b|¥|เยน/],
  ['CNY', /\bCNY\b|\bRMB\b|หยวน/],
  ['THB', /\bTHB\b|บาท|฿|baht/i],
];

function fieldFromSpot(value: unknown, spot: ValueSpot, base: number): ExtractedField {
  return {
    value,
    confidence: spotConfidence(spot, base),
    text: spot.text,
    page: spot.cell.page,
    bbox: spot.cell.bbox,
    source: 'rules',
  };
}

/** The best value over label hits: the first spot each parser accepts, label specificity as a tiebreak. */
function labelled<T>(
  layout: Layout,
  hits: LabelHit[],
  parse: (text: string) => T | null,
  base: (hit: LabelHit) => number,
  again?: RegExp,
): ExtractedField | undefined {
  let best: ExtractedField | undefined;
  for (const hit of hits)
    for (const spot of valueSpots(layout, hit, again)) {
      const value = parse(normalizeThai(spot.text));
      if (value === null) continue;
      const f = fieldFromSpot(value, spot, base(hit));
      if (!best || f.confidence > best.confidence) best = f;
      break;
    }
  return best;
}

function documentNumber(layout: Layout): ExtractedField | undefined {
  const hits = findLabels(layout, NUMBER_LABEL).filter((h) => {
    const around = h.cell.compact.slice(Math.max(0, h.start - 12), h.end);
    return !NOT_NUMBER.test(around) && !/ถนน|แขวง|ตำบล|road/i.test(h.cell.compact);
  });
  const specific = /ใบ|invoice|receipt|quotation|order|credit|document|เอกสาร/i;
  return labelled(
    layout,
    hits,
    parseDocumentNumber,
    (h) => {
      const label = h.cell.compact.slice(h.start, h.end);
      const top = h.row.page === layout.rows[0]?.page ? 1 : 0.9;
      return (specific.test(label) ? 0.97 : 0.9) * top;
    },
    NUMBER_LABEL,
  );
}

function dates(layout: Layout): { issue?: ExtractedField; due?: ExtractedField } {
  const firstDate = (t: string) => findDates(t)[0]?.iso ?? null;
  const dueHits = findLabels(layout, DUE_DATE_LABEL);
  const due = labelled(layout, dueHits, firstDate, () => 0.95);
  const issueHits = findLabels(layout, ISSUE_DATE_LABEL).filter(
    (h) => !NOT_ISSUE.test(h.cell.compact.slice(Math.max(0, h.start - 10), h.end + 4)),
  );
  let issue = labelled(layout, issueHits, firstDate, () => 0.95);
  if (!issue) {
    for (const row of layout.rows) {
      const cell = row.cells.find((c) => findDates(c.compact).length && !NOT_ISSUE.test(c.compact));
      const d = cell && findDates(cell.compact)[0];
      if (cell && d) {
        issue = {
          value: d.iso,
          confidence: 0.6,
          text: d.text,
          page: cell.page,
          bbox: cell.bbox,
          source: 'rules',
        };
        break;
      }
    }
  }
  return { issue, due };
}

function currency(layout: Layout, text: string): ExtractedField {
  for (const [code, re] of CURRENCIES)
    for (const row of layout.rows)
      for (const cell of row.cells)
        if (re.test(cell.compact))
          return {
            value: code,
            confidence: 0.9,
            text: cell.text,
            page: cell.page,
            bbox: cell.bbox,
            source: 'rules',
          };
  return { value: hasThai(text) ? 'THB' : null, confidence: hasThai(text) ? 0.5 : 0, source: 'derived' };
}

/** Tax IDs anywhere on the page that no party block claimed: first for the seller, next for the buyer. */
function fillTaxIds(layout: Layout, seller: PartyFields, buyer: PartyFields): void {
  if (seller.taxId && buyer.taxId) return;
  const taken = new Set([seller.taxId?.value, buyer.taxId?.value]);
  const free: ExtractedField[] = [];
  for (const row of layout.rows)
    for (const cell of row.cells)
      for (const t of findTaxIds(cell.compact))
        if (!taken.has(t.value) && !free.some((f) => f.value === t.value))
          free.push({
            value: t.value,
            confidence: 0.7,
            text: t.text,
            page: cell.page,
            bbox: cell.bbox,
            source: 'rules',
          });
  if (!seller.taxId && free.length) seller.taxId = free.shift();
  if (!buyer.taxId && free.length) buyer.taxId = free.shift();
}

const PARTY_KEYS: [PartyKey, string][] = [
  ['name', 'Name'],
  ['taxId', 'TaxId'],
  ['branch', 'Branch'],
  ['address', 'Address'],
  ['phone', 'Phone'],
  ['email', 'Email'],
];

/** Runs the rules over pages and returns the generic field set (every key present, null when not found). */
export function extractGeneric(pages: PageResult[]): ExtractionResult {
  const layout = buildLayout(pages);
  const fullText = pages.map((p) => p.text).join('\n');
  const fields: Partial<Record<GenericField, ExtractedField>> = {};
  const kind = detectKind(layout);
  if (kind) fields.documentType = kind;
  const number = documentNumber(layout);
  if (number) fields.documentNumber = number;
  const { issue, due } = dates(layout);
  if (issue) fields.issueDate = issue;
  if (due && due.value !== issue?.value) fields.dueDate = due;
  const { seller, buyer } = findParties(layout);
  fillTaxIds(layout, seller, buyer);
  for (const [key, suffix] of PARTY_KEYS) {
    const s = seller[key];
    const b = buyer[key];
    if (s) fields[`seller${suffix}` as GenericField] = s;
    if (b) fields[`buyer${suffix}` as GenericField] = b;
  }
  fields.currency = currency(layout, fullText);
  const items = findLineItems(layout);
  if (items.length)
    fields.lineItems = {
      value: items.map((i) => i.value),
      confidence: Math.round((items.reduce((s, i) => s + i.confidence, 0) / items.length) * 1000) / 1000,
      page: items[0]?.page,
      bbox: items[0]?.bbox,
      source: 'rules',
      items: items.map((i) => i.properties ?? {}),
    };
  const amounts = items.map((i) => (i.value as LineItem).amount);
  const itemsSum =
    items.length && amounts.every((a) => a !== null) ? amounts.reduce((s, a) => s + (a as number), 0) : null;
  const totals = findTotals(layout, itemsSum);
  for (const key of [
    'subtotal',
    'discount',
    'vatRate',
    'vat',
    'withholdingTax',
    'total',
    'amountInWords',
  ] as const) {
    const f = totals[key];
    if (f) fields[key] = f;
  }
  return assemble(fields, totals.checks, (kind?.value as ExtractionResult['kind']) ?? null);
}

/** Text-only pages have no geometry: their placeholder boxes are not reported. */
function withoutEmptyBox(f: ExtractedField): ExtractedField {
  if (!f.bbox || f.bbox[2] > f.bbox[0]) return f;
  const { bbox: _none, ...rest } = f;
  return rest;
}

function assemble(
  found: Partial<Record<GenericField, ExtractedField>>,
  checks: ExtractionCheck[],
  kind: ExtractionResult['kind'],
): ExtractionResult {
  const fields: Record<string, ExtractedField> = {};
  const data: Record<string, unknown> = {};
  for (const name of GENERIC_FIELDS) {
    const f = found[name];
    if (f && f.value !== null && f.value !== undefined) fields[name] = withoutEmptyBox(f);
    data[name] = f?.value ?? (name === 'lineItems' ? [] : null);
  }
  const confs = Object.values(fields).map((f) => f.confidence);
  const confidence = confs.length
    ? Math.round((confs.reduce((a, b) => a + b, 0) / confs.length) * 1000) / 1000
    : 0;
  return { kind, fields, data, confidence, checks };
}
