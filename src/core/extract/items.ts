/**
 * Line items from table-like layouts: a header row (one or two lines, e.g. Thai over English) names the
 * columns; the words of the rows below are assigned to columns by their x position until the totals.
 * Pages without boxes fall back to a per-line pattern (description, quantity, unit price, amount).
 */
import { findAmounts, sameAmount } from './amounts.ts';
import type { Cell, Layout, Row, Token } from './layout.ts';
import { buildText, spacedParts } from './layout.ts';
import type { ExtractedField } from './types.ts';

export interface LineItem {
  description: string;
  quantity: number | null;
  unit: string | null;
  unitPrice: number | null;
  amount: number | null;
}

type Column = 'no' | 'code' | 'description' | 'quantity' | 'unit' | 'unitPrice' | 'amount';

/** Header words per column, most specific first. */
const HEADERS: [Column, RegExp][] = [
  [
    'unitPrice',
    /ราคาต่อหน่วย|^ราคาต่อ$|ราคา\/หน่วย|หน่วยละ|unit\s*price|price\s*\/?\s*unit|unit\s*cost|^price$|^rate$|^ราคา$/i,
  ],
  ['amount', /จำนวนเงิน|ราคารวม|มูลค่า|amount|^total$|line\s*total|^รวม$|^รวมเงิน$|^ยอดรวม$|^ยอดเงิน$/i],
  ['quantity', /^(?:จำนวน|qty\.?|quantity|ปริมาณ)$/i],
  ['unit', /^(?:หน่วย|unit|uom)$/i],
  ['no', /^(?:ลำดับ(?:ที่)?|ที่|no\.?|#|item\s*no\.?)$/i],
  ['code', /^(?:รหัส(?:สินค้า)?|code|item\s*code|product\s*code|sku|part\s*no\.?)$/i],
  ['description', /รายการ|รายละเอียด|description|particulars|สินค้า|product|^item$|บริการ/i],
];

/** Rows that end the table. */
const TABLE_END =
  /^(?:รวม|ยอด|มูลค่าสินค้า|ราคาสินค้า|ภาษี|ส่วนลด|หมายเหตุ|ราคาก่อน|มูลค่าก่อน|หักส่วนลด|หักภาษี|จำนวนภาษี|(?:subtotal|pre-?vat|less\s*discount|after\s*discount|sub\s*total|total|vat|discount|grand|net|amount\s*due|remarks?|notes?)\b)|บาทถ้วน|baht\s*only|สตางค์\)?$|^\(\s*(?:หนึ่ง|สอง|สาม|สี่|ห้า|หก|เจ็ด|แปด|เก้า|สิบ|ยี่สิบ|(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)\b)/i;

/**
 * The column a header names: the first half that names one when a bilingual header splits at a slash
 * (`จำนวน / Quantity`, `หน่วย / Unit`, a Thai half left with its slash: `จำนวน /`), else the whole text.
 */
function columnOf(text: string): Column | null {
  const t = text.trim();
  for (const part of [...t.split('/').map((x) => x.trim()), t])
    if (part) for (const [col, re] of HEADERS) if (re.test(part)) return col;
  return null;
}

interface Header {
  rowIndex: number;
  columns: { col: Column; text: string; x: number; x0: number; x1: number }[];
}

type HeaderColumn = Header['columns'][number];
const textOf = (tokens: Token[]) => buildText(tokens.map((t) => ({ text: t.text, space: true }))).compact;
const anchored = new Map(HEADERS.map(([col, re]) => [col, new RegExp(`^(?:${re.source})$`, 'i')]));
const spanOf = (boxes: { bbox: number[] }[]) => {
  const x0 = Math.min(...boxes.map((b) => b.bbox[0] as number));
  const x1 = Math.max(...boxes.map((b) => b.bbox[2] as number));
  return { x: (x0 + x1) / 2, x0, x1 };
};

/** Header words inside one cell ("Qty Unit Price Amount"): the longest run of up to 3 words that is a header. */
function tokenColumns(tokens: Token[]): HeaderColumn[] {
  const out: HeaderColumn[] = [];
  for (let i = 0; i < tokens.length; ) {
    let matched = 0;
    for (let n = Math.min(3, tokens.length - i); n >= 1 && !matched; n--) {
      const run = tokens.slice(i, i + n);
      const text = textOf(run);
      const col = HEADERS.find(([c]) => anchored.get(c)?.test(text))?.[0];
      if (!col) continue;
      out.push({ col, text, ...spanOf(run) });
      matched = n;
    }
    i += matched || 1;
  }
  return out;
}

/**
 * Column headers of a row: one per cell, or several when one cell holds several header words (not a
 * bilingual `หน่วยละ / Unit`, one column named twice).
 */
function headerColumns(row: Row): HeaderColumn[] {
  return row.cells.flatMap((c) => {
    const parts = c.tokens.length > 1 && !/\s\/|\/\s|\/$/.test(c.text) ? tokenColumns(c.tokens) : [];
    if (parts.length >= 2) return parts;
    const col = columnOf(c.compact);
    return col ? [{ col, text: c.compact, ...spanOf([c]) }] : [];
  });
}

/** A row made only of header words (a wrapped header line above or below the main one). */
function headerLine(layout: Layout, i: number, page: number): HeaderColumn[] | null {
  const row = layout.rows[i];
  if (!row || row.page !== page) return null;
  const cols = headerColumns(row);
  return cols.length && cols.length >= row.cells.length ? cols : null;
}

/**
 * The table header at row `i`: at least three columns including an amount or unit price, plus header
 * words wrapped onto the line above or the one or two lines below (ราคาต่อ / หน่วย, Thai over English,
 * a `#` between them): new columns where they stand alone, else read together with the column they
 * continue.
 */
function headerAt(layout: Layout, i: number): Header | null {
  const row = layout.rows[i] as Row;
  const cols = headerColumns(row);
  const kinds = new Set(cols.map((c) => c.col));
  if (kinds.size < 3 || (!kinds.has('amount') && !kinds.has('unitPrice'))) return null;
  const above = headerLine(layout, i - 1, row.page) ?? [];
  const next = headerLine(layout, i + 1, row.page);
  const after = next && headerLine(layout, i + 2, row.page);
  const below = next && after ? [...next, ...after] : next;
  for (const [wrapped, first] of [
    [above, true],
    [below ?? [], false],
  ] as const)
    for (const c of wrapped) {
      const under = cols.find((x) => Math.min(x.x1, c.x1) > Math.max(x.x0, c.x0));
      if (!under) cols.push(c);
      else under.col = columnOf(first ? c.text + under.text : under.text + c.text) ?? under.col;
    }
  return { rowIndex: i + (after ? 2 : next ? 1 : 0), columns: cols.sort((a, b) => a.x - b.x) };
}

const num = (text: string): number | null => {
  const a = findAmounts(text).filter((x) => !x.percent);
  return a.length ? (a.at(-1) as { value: number }).value : null;
};

function assign(tokens: Token[], header: Header): Map<Column, Token[]> {
  const out = new Map<Column, Token[]>();
  const cols = header.columns;
  for (const t of tokens) {
    const cx = (t.bbox[0] + t.bbox[2]) / 2;
    let best = cols[0] as Header['columns'][number];
    for (let k = 0; k < cols.length; k++) {
      const c = cols[k] as Header['columns'][number];
      const next = cols[k + 1];
      const lo = k === 0 ? Number.NEGATIVE_INFINITY : ((cols[k - 1] as typeof c).x1 + c.x0) / 2;
      const hi = next ? (c.x1 + next.x0) / 2 : Number.POSITIVE_INFINITY;
      if (cx >= lo && cx < hi) {
        best = c;
        break;
      }
    }
    const col = best.col === 'no' && !/^\d{1,3}\.?$/.test(t.text) ? 'description' : best.col;
    const list = out.get(col) ?? [];
    list.push(t);
    out.set(col, list);
  }
  return out;
}

function cellText(tokens: Token[] | undefined, ocr: boolean): string {
  if (!tokens?.length) return '';
  const h = tokens.reduce((s, t) => s + (t.bbox[3] - t.bbox[1]), 0) / tokens.length;
  return buildText(spacedParts(tokens, ocr, h)).text;
}

/** A table with a discount column: its amounts are not quantity × unit price. */
const DISCOUNT_COLUMN = /ส่วนลด|discount/i;

/**
 * The quantity (or unit price) of a row whose count (or price) was not read — lost by OCR, or not
 * printed: amount ÷ the other, when that is a number to two decimals that gives the amount back to the
 * satang. Not used in a table with a discount column.
 */
function countFrom(other: number | null, amount: number | null): number | null {
  if (other === null || amount === null || other <= 0 || amount <= 0) return null;
  const q = Math.round((amount / other) * 100) / 100;
  return q > 0 && Math.abs(q * other - amount) <= 0.005 ? q : null;
}

/** Which values of a row were computed from the others. */
interface Derived {
  quantity: boolean;
  unitPrice: boolean;
}

function itemField(
  item: LineItem,
  cells: Cell[],
  derived: Derived = { quantity: false, unitPrice: false },
): ExtractedField {
  const boxes = cells.map((c) => c.bbox);
  const conf = cells.reduce((s, c) => s + c.confidence, 0) / Math.max(1, cells.length);
  const consistent =
    !derived.quantity &&
    !derived.unitPrice &&
    item.quantity !== null &&
    item.unitPrice !== null &&
    item.amount !== null
      ? sameAmount(item.quantity * item.unitPrice, item.amount, 0.02 + item.amount * 0.0005)
      : false;
  const base = (consistent ? 0.95 : item.amount !== null ? 0.8 : 0.6) * Math.min(1, 0.4 + conf * 0.6);
  const f = (value: unknown): ExtractedField => ({
    value,
    confidence: Math.round(base * 1000) / 1000,
    source: 'rules',
  });
  return {
    value: item,
    confidence: Math.round(base * 1000) / 1000,
    page: cells[0]?.page,
    bbox: [
      Math.min(...boxes.map((b) => b[0])),
      Math.min(...boxes.map((b) => b[1])),
      Math.max(...boxes.map((b) => b[2])),
      Math.max(...boxes.map((b) => b[3])),
    ],
    text: cells.map((c) => c.text).join(' | '),
    source: 'rules',
    properties: {
      description: f(item.description),
      quantity: derived.quantity ? { ...f(item.quantity), source: 'derived' } : f(item.quantity),
      unit: f(item.unit),
      unitPrice: derived.unitPrice ? { ...f(item.unitPrice), source: 'derived' } : f(item.unitPrice),
      amount: f(item.amount),
    },
  };
}

/** Appends description-only rows (wrapped descriptions) to an item. */
function attach(target: { item: LineItem; cells: Cell[] }, rows: { text: string; cells: Cell[] }[]): void {
  for (const r of rows) {
    target.item.description = `${target.item.description} ${r.text}`.trim();
    target.cells.push(...r.cells);
  }
}

/**
 * Rows under a header until the totals. Description-only rows are wrapped descriptions: they belong to
 * the item whose numbers sit between them (vertically centred cells) or else to the item above.
 */
function fromTable(layout: Layout, header: Header): ExtractedField[] {
  const items: { item: LineItem; cells: Cell[]; derived: Derived }[] = [];
  const discounted = layout.rows
    .slice(Math.max(0, header.rowIndex - 2), header.rowIndex + 1)
    .some((r) => r.cells.some((c) => DISCOUNT_COLUMN.test(c.compact)));
  let pending: { text: string; cells: Cell[] }[] = [];
  const headerRow = layout.rows[header.rowIndex] as Row;
  let lastBottom = headerRow.bbox[3];
  for (let i = header.rowIndex + 1; i < layout.rows.length; i++) {
    const row = layout.rows[i] as Row;
    if (row.page !== headerRow.page) break;
    if (row.cells.some((c) => TABLE_END.test(c.compact)) || row.bbox[1] - lastBottom > layout.lineHeight * 4)
      break;
    lastBottom = row.bbox[3];
    const tokens = row.cells.flatMap((c) => c.tokens);
    const ocr = row.cells.some((c) => c.confidence < 1);
    const cols = assign(tokens, header);
    const description = cellText(cols.get('description'), ocr);
    const amount = num(cellText(cols.get('amount'), ocr));
    const unitPrice = num(cellText(cols.get('unitPrice'), ocr));
    const unitText = cellText(cols.get('unit'), ocr);
    const counted = /^(\d[\d,]*(?:\.\d+)?)\s+(\S.*)$/.exec(unitText);
    const quantity = num(cellText(cols.get('quantity'), ocr)) ?? (counted ? num(counted[1] as string) : null);
    const unit = (counted && quantity !== null ? counted[2] : unitText) || null;
    if (amount === null && unitPrice === null) {
      if (description && quantity === null) pending.push({ text: description, cells: row.cells });
      else if (items.length) break;
      continue;
    }
    const counts = quantity ?? (discounted ? null : countFrom(unitPrice, amount));
    const price = unitPrice ?? (discounted ? null : countFrom(quantity, amount));
    const item: LineItem = {
      description,
      quantity: counts,
      unit,
      unitPrice: price,
      amount:
        amount ??
        (quantity !== null && unitPrice !== null ? Math.round(quantity * unitPrice * 100) / 100 : null),
    };
    const prev = items.at(-1);
    const first = pending[0]?.cells[0];
    const closerBelow =
      first && prev
        ? row.bbox[1] - first.bbox[3] < first.bbox[1] - Math.max(...prev.cells.map((c) => c.bbox[3]))
        : false;
    const derived = {
      quantity: quantity === null && counts !== null,
      unitPrice: unitPrice === null && price !== null,
    };
    if (!description || !prev || closerBelow) {
      item.description = [...pending.map((p) => p.text), description].filter(Boolean).join(' ');
      items.push({ item, cells: [...pending.flatMap((p) => p.cells), ...row.cells], derived });
    } else {
      attach(prev, pending);
      items.push({ item, cells: [...row.cells], derived });
    }
    pending = [];
  }
  const last = items.at(-1);
  if (last) attach(last, pending);
  return items.map((x) => itemField(x.item, x.cells, x.derived));
}

const TEXT_ITEM =
  /^(?:\d{1,3}[.)]?\s+)?(.+?)\s+(\d[\d,]*(?:\.\d+)?)\s+(?:([^\d\s]{1,10})\s+)?(\d[\d,]*\.\d{2})\s+(\d[\d,]*\.\d{2})$/;

function fromTextLines(layout: Layout): ExtractedField[] {
  const out: ExtractedField[] = [];
  for (const row of layout.rows) {
    const line = row.cells.map((c) => c.text).join('  ');
    const m = TEXT_ITEM.exec(line.trim());
    if (!m) continue;
    const item: LineItem = {
      description: (m[1] as string).trim(),
      quantity: num(m[2] as string),
      unit: m[3] ?? null,
      unitPrice: num(m[4] as string),
      amount: num(m[5] as string),
    };
    out.push(itemField(item, row.cells));
  }
  return out;
}

/** The line items of the document (empty when no table is found). */
export function findLineItems(layout: Layout): ExtractedField[] {
  const items: ExtractedField[] = [];
  for (let i = 0; i < layout.rows.length; i++) {
    const header = headerAt(layout, i);
    if (!header) continue;
    items.push(...fromTable(layout, header));
    i = header.rowIndex;
  }
  return items.length ? items : fromTextLines(layout);
}
