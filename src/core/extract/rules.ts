/**
 * The rules engine: pages (text + word boxes) in, the generic field set out. No network, no model:
 * labels in Thai and English locate values, typed parsers read them, cross-checks pick among candidates.
 */
import type { PageResult } from '../ocr/types.ts';
import { hasThai } from '../text/thai.ts';
import { type DateContext, documentYears, findDates } from './dates.ts';
import { cellBelow, displayFrom, findLabels, type LabelHit, stripLeading, WRAPPED_CUT_GAP } from './find.ts';
import { findTaxIds } from './identifiers.ts';
import { findLineItems, type LineItem } from './items.ts';
import { doubtOcrFields } from './doubt.ts';
import { restorePlaceNames } from './thai-places.ts';
import { detectKind } from './kind.ts';
import {
  buildLayout,
  buildText,
  type Cell,
  type Layout,
  type Row,
  skeletonRe,
  spacedParts,
  toSkeleton,
} from './layout.ts';
import { citesOtherDocument, documentNumber, ownKinds } from './numbers.ts';
import { findParties, type PartyFields, type PartyKey } from './parties.ts';
import { findTotals, findWithholdingTotals } from './totals.ts';
import type { DocumentKind, ExtractedField, ExtractionCheck, ExtractionResult } from './types.ts';

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

const ISSUE_DATE_LABEL =
  /(?:วัน\s*เดือน\s*ปี\s*)?ที่ออกหนังสือ[\u0E01-\u0E4F]*|วันที่ออก|วัน\s*เดือน\s*ปี\s*ที่ออก|วัน\s*\/\s*เดือน\s*\/\s*ปี|ว\s*\/\s*ด\s*\/\s*ป|วันที่เอกสาร|ลงวันที่|วันที่(?!ครบ|ส่ง|ชำระ|นัด|รับ|พิมพ์|ยืน|หมด|เริ่ม|สิ้นสุด)|(?:invoice|issue|issued|document|doc|receipt|quotation|order|po|billing|note|delivery)\s*da[tl]e|^da[tl]ed?\b|\/\s*da[tl]e\b|da[tl]e\s*of\s*issue|^issued\b(?!\s*by)|(?<=\d\s{1,3})da[tl]e\b/i;
const NOT_ISSUE = /ครบกำหนด|กำหนดชำระ|กำหนดส่ง|ยืนราคา|ภายใน|due|delivery|valid|expir|ship|deadline/i;
const DUE_DATE_LABEL =
  /วันครบกำหนด(?:ชำระ)?|(?:วัน)?นัดชำระ(?:เงิน)?|(?:วัน)?นัดรับเช็ค|กำหนดรับเช็ค|วันรับเช็ค|ครบกำหนดชำระ|วันที่ครบกำหนด|ครบกำหนด|กำหนดชำระ(?:เงิน)?|ชำระ(?:เงิน)?ภายใน(?:วันที่)?|ยืนราคาถึง(?:วันที่)?|ยืนราคาถึง|due\s*date|payment\s*due|date\s*due|valid\s*until|valid\s*till|expiry\s*date|pay\s*by/i;
/** Words that put a date label inside a sentence (a deadline, a reference), not at the head of a document. */
const IN_SENTENCE =
  /(?:ภายใน|ก่อน|ถึง|ตั้งแต่|ณ|เมื่อ|จนถึง|หลัง|นับแต่|นับจาก|ของ|ใน|ตาม|ไม่เกิน|by|before|until|within|from|after|on|of)\s*$/i;
/**
 * `ลงวันที่` / `dated` under a line citing another document (`อ้างอิงใบกำกับภาษีเลขที่ …` over
 * `ลงวันที่ …`, as credit and debit notes print the invoice they amend): that document's date.
 */
const DATED = /ลงวันที่|^dated?$/i;
/** A date label introducing another document's date (`ตามใบกำกับภาษีเลขที่ … ลงวันที่ …`). */
const REFERENCE_CONTEXT = /อ้างอิง|อ้างถึง|ตาม|เดิม|\bref|original/i;

const CURRENCIES: [string, RegExp][] = [
  ['USD', /\bUSD\b|US\$|\$\s?\d/],
  ['EUR', /\bEUR\b|€/],
  ['JPY', /\bJPY\b|¥|เยน/],
  ['CNY', /\bCNY\b|\bRMB\b|หยวน/],
  ['THB', /\bTHB\b|บาท|฿|baht/i],
];

/** The x-range of a label inside its cell, interpolated over the cell's compact text. */
function labelSpan(hit: LabelHit): [number, number] {
  const [x0, , x1] = hit.cell.bbox;
  const n = Math.max(1, hit.cell.compact.length);
  return [x0 + ((x1 - x0) * hit.start) / n, x0 + ((x1 - x0) * hit.end) / n];
}

/**
 * The text under a label in a grid of labels above values: words of the rows below whose centre lies
 * between the label's start and the next label of its row, lines that wrap inside the cell joined (with
 * no space when a line filled the cell and broke inside a number such as `21/05/202` + `5`).
 */
function textUnder(layout: Layout, hit: LabelHit, label: RegExp): { text: string; cell: Cell } | undefined {
  const [lx0, lx1] = labelSpan(hit);
  const moreInCell = stripLeading(displayFrom(hit.cell, hit.end), label).length > 0;
  const next = Math.min(
    ...[...hit.row.cells, ...(hit.above?.cells ?? [])]
      .filter((c) => c !== hit.cell && c.bbox[0] >= hit.cell.bbox[2])
      .map((c) => c.bbox[0]),
  );
  const end = Math.min(next, moreInCell ? lx1 + layout.lineHeight : Number.POSITIVE_INFINITY);
  const parts: { text: string; space: boolean }[] = [];
  let cell: Cell | undefined;
  let bottom = hit.row.bbox[3];
  let lastRight = Number.NEGATIVE_INFINITY;
  for (let k = 1; k <= 4; k++) {
    const row = layout.rows[hit.row.index + k];
    if (!row || row.page !== hit.row.page) break;
    const tokens = row.cells.flatMap((c) =>
      c.tokens
        .map((t) => ({ t, c }))
        .filter(({ t }) => {
          const cx = (t.bbox[0] + t.bbox[2]) / 2;
          return cx >= lx0 - layout.lineHeight && cx < end;
        }),
    );
    if (!tokens.length) {
      if (parts.length) break;
      continue;
    }
    const cut = /[-/.]$/.test(parts.at(-1)?.text ?? '');
    if (parts.length && row.bbox[1] - bottom > layout.lineHeight * (cut ? WRAPPED_CUT_GAP : 1)) break;
    const line = spacedParts(
      tokens.map(({ t }) => t),
      tokens.some(({ c }) => c.confidence < 1),
    );
    const first = tokens[0]?.t.text ?? '';
    const broken =
      lastRight >= end - layout.lineHeight * 1.5 &&
      /[\dA-Za-z/\-.]$/.test(parts.at(-1)?.text ?? '') &&
      /^[\dA-Za-z]/.test(first);
    if (line[0]) line[0].space = !broken;
    lastRight = Math.max(...tokens.map(({ t }) => t.bbox[2]));
    parts.push(...line);
    cell ??= tokens[0]?.c;
    bottom = row.bbox[3];
  }
  return cell ? { text: buildText(parts).text, cell } : undefined;
}

interface DateHit {
  iso: string;
  confidence: number;
  text: string;
  cell: Cell;
}

/** The date a label introduces: the rest of its row, else the words under it. */
function labelledDate(
  layout: Layout,
  hit: LabelHit,
  label: RegExp,
  context: DateContext,
): DateHit | undefined {
  const right = hit.row.cells.slice(hit.col + 1, hit.col + 4);
  const same = stripLeading(displayFrom(hit.cell, hit.end), label);
  const spots: { text: string; cell: Cell; where: number }[] = [];
  if (same) spots.push({ text: same, cell: hit.cell, where: 1 });
  if (right.length)
    spots.push({ text: [same, ...right.map((c) => c.text)].join(' '), cell: right[0] as Cell, where: 0.97 });
  const under = textUnder(layout, hit, label);
  if (under) spots.push({ ...under, where: 0.9 });
  for (const spot of spots) {
    const d = findDates(spot.text, context)[0];
    if (!d) continue;
    const gap = spot.text.slice(0, d.index);
    if (gap.replace(/[\s:：.\-–/()]/g, '').length > 12) continue;
    const ocr = Math.min(1, 0.4 + spot.cell.confidence * 0.6);
    return { iso: d.iso, confidence: d.confidence * spot.where * ocr, text: d.text, cell: spot.cell };
  }
  return undefined;
}

/**
 * A date at the start of its cell that the line above says is another date: a citation ending with its
 * date label (`Ref. Quotation QT202603021 dated` over `22/10/2026`: the cited document's date) or the
 * heading of a due, delivery or validity date (`Due Date` over `09-Sep-2026` in a grid).
 */
function notIssueBelow(layout: Layout, row: Row, cell: Cell, at: number): boolean {
  if (cell.text.slice(0, at).trim()) return false;
  const above = cellBelow(layout, { row, cell }, 1, -1)?.compact ?? '';
  if (NOT_ISSUE.test(above)) return true;
  return REFERENCE_CONTEXT.test(above) && /(?:dated|date|ลงวันที่|วันที่)\s*[:.]?\s*$/i.test(above);
}

const dateField = (d: DateHit, base: number): ExtractedField => ({
  value: d.iso,
  confidence: Math.round(d.confidence * base * 1000) / 1000,
  text: d.text,
  page: d.cell.page,
  bbox: d.cell.bbox,
  source: 'rules',
});

/** A date label right after the document's number on its meta line (`No. INV-0012 Date …`, `เลขที่ … วันที่`). */
const AFTER_OWN_NUMBER = /(?:เลขที่|\bno\.?)\s*[:：]?\s*[A-Za-z0-9][\w/-]*\s*$/i;

/**
 * How much a label hit looks like the head of the document rather than a phrase in its body or the
 * date of a document it cites.
 */
function labelContext(layout: Layout, hit: LabelHit, own: Set<DocumentKind>): number {
  const before = hit.cell.compact.slice(Math.max(0, hit.start - 24), hit.start);
  const row = [
    ...hit.row.cells.slice(0, hit.col).map((c) => c.compact),
    hit.cell.compact.slice(0, hit.start),
  ];
  if (REFERENCE_CONTEXT.test(before) || citesOtherDocument(row.join(' '), own)) return 0.4;
  if (skeletonRe(DATED).test(toSkeleton(hit.cell.compact.slice(hit.start, hit.end)))) {
    const above = cellBelow(layout, hit, 2, -1)?.compact ?? '';
    if (REFERENCE_CONTEXT.test(above) || citesOtherDocument(above, own)) return 0.4;
  }
  if (IN_SENTENCE.test(before)) return 0.5;
  if (hit.start > 2 && hit.cell.compact.length > 50 && !AFTER_OWN_NUMBER.test(before)) return 0.7;
  return 1;
}

/**
 * Date labels whose confidences differ by less than this are equally good: the first in reading order
 * wins (a document heads with its own date; the dates of documents it cites come after it), not the
 * one OCR read a little more surely.
 */
const TIE = 0.03;

function bestLabelled(
  layout: Layout,
  label: RegExp,
  own: Set<DocumentKind>,
  context: DateContext,
  keep: (h: LabelHit) => boolean,
): ExtractedField | undefined {
  let best: ExtractedField | undefined;
  for (const hit of findLabels(layout, label)) {
    if (!keep(hit)) continue;
    const d = labelledDate(layout, hit, label, context);
    if (!d) continue;
    const f = dateField(d, 0.95 * labelContext(layout, hit, own));
    if (!best || f.confidence > best.confidence + TIE) best = f;
  }
  return best;
}

/**
 * The issue date: a date label at the head of the document (not a deadline, not another document's
 * date, not a phrase in a letter's body); else a date standing alone on its line (a letter's date);
 * else the first date of the page, at low confidence (never one a deadline or reference label beside it
 * introduces). The due date: its own labels (a letter has none:
 * a deadline in its body is not a payment term). `context` carries the document's own years, by which
 * OCR's misread Thai-digit years are read.
 */
function dates(
  layout: Layout,
  kind: DocumentKind | null,
  own: Set<DocumentKind>,
  context: DateContext,
): { issue?: ExtractedField; due?: ExtractedField } {
  const due = kind === 'letter' ? undefined : bestLabelled(layout, DUE_DATE_LABEL, own, context, () => true);
  let issue = bestLabelled(
    layout,
    ISSUE_DATE_LABEL,
    own,
    context,
    (h) => !NOT_ISSUE.test(h.cell.compact.slice(Math.max(0, h.start - 10), h.end + 4)),
  );
  if (!issue || issue.confidence < 0.7) {
    const firstPage = layout.rows[0]?.page;
    let loose: ExtractedField | undefined;
    for (const row of layout.rows) {
      if (row.page !== firstPage) break;
      for (const [col, cell] of row.cells.entries()) {
        const before = row.cells.slice(Math.max(0, col - 1), col + 1).map((c) => c.compact);
        if (before.some((t) => NOT_ISSUE.test(t) || REFERENCE_CONTEXT.test(t))) continue;
        const d = findDates(cell.text, context)[0];
        if (!d || notIssueBelow(layout, row, cell, d.index)) continue;
        const alone = d.text.replace(/\s+/g, '').length >= cell.compact.replace(/\s+/g, '').length * 0.6;
        const hit = {
          iso: d.iso,
          confidence: d.confidence * Math.min(1, 0.4 + cell.confidence * 0.6),
          text: d.text,
          cell,
        };
        const f = dateField(hit, alone ? 0.85 : 0.5);
        if (alone && (!issue || f.confidence > issue.confidence)) issue = f;
        loose ??= f;
      }
      if (issue && issue.confidence >= 0.7) break;
    }
    if (!issue && loose) issue = loose;
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

/**
 * The party a tax ID printed outside both blocks belongs to: the one whose name is nearest above it on
 * its page (or on its label's line just above the name: `ผู้ถูกหักภาษี ณ ที่จ่าย … เลขประจำตัวผู้เสียภาษี`),
 * undefined when neither name is placed.
 */
function nearestParty(layout: Layout, tax: ExtractedField, parties: PartyFields[]): PartyFields | undefined {
  const [x, y] = tax.bbox ?? [0, 0];
  let best: { party: PartyFields; dy: number; dx: number } | undefined;
  for (const party of parties) {
    const at = party.name;
    if (!at?.bbox || at.page !== tax.page) continue;
    const dy = y - at.bbox[1];
    if (dy < -layout.lineHeight * 1.6) continue;
    const dx = Math.abs(x - at.bbox[0]);
    if (
      !best ||
      Math.abs(dy) < Math.abs(best.dy) - 1 ||
      (Math.abs(dy) <= Math.abs(best.dy) + 1 && dx < best.dx)
    )
      best = { party, dy, dx };
  }
  return best?.party;
}

/**
 * Tax IDs anywhere on the page that no party block claimed: each to the party whose name is nearest
 * above it when that party has none yet, the others in page order to the seller, then the buyer.
 */
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
  const placed = free.filter((f) => {
    const owner = nearestParty(layout, f, [seller, buyer]);
    if (!owner || owner.taxId) return false;
    owner.taxId = f;
    return true;
  });
  const rest = free.filter((f) => !placed.includes(f));
  if (!seller.taxId && rest.length) seller.taxId = rest.shift();
  if (!buyer.taxId && rest.length) buyer.taxId = rest.shift();
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
  const kindValue = (kind?.value as DocumentKind | undefined) ?? null;
  const number = documentNumber(layout, kindValue, kind?.text);
  if (number) fields.documentNumber = number;
  const ocr = pages.some((p) => p.source === 'ocr');
  const dateContext: DateContext = ocr ? { years: documentYears(fullText) } : {};
  const { issue, due } = dates(layout, kindValue, ownKinds(kindValue, kind?.text), dateContext);
  if (issue) fields.issueDate = issue;
  if (due && due.value !== issue?.value) fields.dueDate = due;
  const { seller, buyer } = findParties(layout, kindValue);
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
  const totals =
    (kindValue === 'withholding_tax_certificate' && findWithholdingTotals(layout)) ||
    findTotals(layout, itemsSum);
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
    if (f && !(kindValue === 'letter' && f.source === 'derived')) fields[key] = f;
  }
  const checks = [...totals.checks];
  if (ocr) {
    restorePlaceNames(fields, checks);
    doubtOcrFields(fields, layout, checks, dateContext.years);
  }
  return assemble(fields, checks);
}

/**
 * Below these confidences a value is more likely wrong than right on documents the rules have not
 * seen: it is withheld (null) and reported as a `low_confidence` check with the candidate.
 */
export const CONFIDENCE_THRESHOLD = 0.6;
const THRESHOLDS: Partial<Record<GenericField, number>> = { currency: 0.5 };

/** Text-only pages have no geometry: their placeholder boxes are not reported. */
function withoutEmptyBox(f: ExtractedField): ExtractedField {
  if (!f.bbox || f.bbox[2] > f.bbox[0]) return f;
  const { bbox: _none, ...rest } = f;
  return rest;
}

function assemble(
  found: Partial<Record<GenericField, ExtractedField>>,
  checks: ExtractionCheck[],
): ExtractionResult {
  const fields: Record<string, ExtractedField> = {};
  const data: Record<string, unknown> = {};
  const withheld: ExtractionCheck[] = [];
  for (const name of GENERIC_FIELDS) {
    let f = found[name];
    const threshold = THRESHOLDS[name] ?? CONFIDENCE_THRESHOLD;
    if (f && f.value !== null && f.value !== undefined && f.confidence < threshold) {
      withheld.push({
        name: 'low_confidence',
        passed: false,
        field: name,
        candidate: withoutEmptyBox(f),
        detail: `${name} ${JSON.stringify(f.value)} at confidence ${f.confidence} is below ${threshold}`,
      });
      f = undefined;
    }
    if (f && f.value !== null && f.value !== undefined) fields[name] = withoutEmptyBox(f);
    data[name] = f?.value ?? (name === 'lineItems' ? [] : null);
  }
  const confs = Object.values(fields).map((f) => f.confidence);
  const confidence = confs.length
    ? Math.round((confs.reduce((a, b) => a + b, 0) / confs.length) * 1000) / 1000
    : 0;
  const kind = (data.documentType as DocumentKind | null) ?? null;
  return { kind, fields, data, confidence, checks: [...checks, ...withheld] };
}
