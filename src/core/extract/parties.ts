/**
 * Seller and buyer: each party is a block of cells under an anchor (a label such as ลูกค้า / Bill To /
 * ผู้ขาย / Vendor, or the letterhead at the top of the page), read for name, tax ID, branch, address,
 * phone and e-mail. On a purchase order the letterhead is the buyer and the labelled vendor the seller.
 */
import { displayFrom, type LabelHit, stripLeading } from './find.ts';
import { findBranch, findEmails, findPhones, findTaxIds } from './identifiers.ts';
import { type Cell, type Layout, matchCell, type Row, skeletonRe } from './layout.ts';
import type { ExtractedField } from './types.ts';
import { normalizeThai } from '../text/thai.ts';

export const BUYER_LABEL =
  /(?:ชื่อลูกค้า|นามลูกค้า|ลูกค้า|ผู้ซื้อ|ผู้รับบริการ|ผู้สั่งซื้อ|เรียน|bill(?:ed)?\s*to|sold\s*to|invoice\s*to|customer(?:\s*name)?|buyer|client|purchaser)/i;
export const SELLER_LABEL = /(?:ผู้ขาย|ผู้ให้บริการ|ผู้จำหน่าย|vendor|supplier|seller|sold\s*by)/i;
const COMPANY =
  /บริษัท|ห้างหุ้นส่วน|หจก|จำกัด|มหาชน|co\.?,?\s*ltd|company|limited|\bltd\b|\binc\b|corporation|\bcorp\b|ร้าน|enterprise/i;
const ADDRESS_CLUE =
  /\d+\/\d+|ถนน|ถ\.|ซอย|ซ\.|หมู่|ตำบล|ต\.|แขวง|อำเภอ|อ\.|เขต|จังหวัด|จ\.|กรุงเทพ|\broad\b|\brd\b|street|\bsoi\b|\bmoo\b|district|province|bangkok|thailand|(?<!\d)\d{5}(?!\d)/i;
const ADDRESS_LABEL = /^(?:ที่อยู่|address|addr\.?)\s*[:.]?/i;
const ADDRESS_WORD = /ที่อยู่|address|addr\.?/i;
const TAX_LABEL = /เลขประจำตัวผู้เสียภาษี|เลขผู้เสียภาษี|tax\s*(?:payer\s*)?id|tax\s*no|\btin\b|taxpayer/i;
const CONTACT_LABEL = /โทร|tel\b|phone|mobile|มือถือ|fax|แฟกซ์|อีเมล|e-?mail|@/i;
const STOP =
  /^(?:ลำดับ|รายการ|รายละเอียด|description|item|no\.|#|เลขที่|วันที่|ลงวันที่|ครบกำหนด|กำหนดชำระ|date|due|invoice\s*no|document\s*no|ใบ(?:กำกับ|เสร็จ|แจ้งหนี้|เสนอราคา|สั่งซื้อ|ลดหนี้)|(?:tax\s*)?invoice|receipt|quotation|purchase\s*order|credit\s*note|รวม|subtotal|total)/i;

export type PartyKey = 'name' | 'taxId' | 'branch' | 'address' | 'phone' | 'email';
export type PartyFields = Partial<Record<PartyKey, ExtractedField>>;

interface Block {
  rows: Cell[][];
  /** Index of the anchor row in the layout. */
  start: number;
}

const center = (c: Cell) => (c.bbox[0] + c.bbox[2]) / 2;
/** Tests a label pattern against a cell, tolerant of dropped Thai marks. */
const has = (c: Cell, re: RegExp) => skeletonRe(re).test(c.skeleton);
const startsWith = (c: Cell, re: RegExp, within: number) => (matchCell(c, re)?.start ?? Infinity) <= within;

/** The cells of the rows below an anchor that sit in the anchor's column, until the block ends. */
function blockFrom(layout: Layout, rowIndex: number, anchor: Cell, maxRows = 8): Block {
  const width = layout.pageSize.get(anchor.page)?.width || 0;
  const cx = center(anchor);
  const inColumn = (c: Cell): boolean => {
    if (!width) return true;
    const x = center(c);
    if (anchor.bbox[0] >= width * 0.45) return c.bbox[0] >= anchor.bbox[0] - width * 0.05;
    if (cx < width * 0.4) return c.bbox[0] < width * 0.49;
    if (cx > width * 0.6) return x >= width * 0.45;
    return x > width * 0.15 && x < width * 0.85;
  };
  const rows: Cell[][] = [];
  let lastBottom = anchor.bbox[3];
  for (let i = rowIndex; i < layout.rows.length && rows.length < maxRows; i++) {
    const row = layout.rows[i] as Row;
    if (row.page !== anchor.page) break;
    const cells = row.cells.filter((c) => inColumn(c) && (i > rowIndex || c.bbox[0] >= anchor.bbox[0] - 1));
    if (!cells.length) {
      if (width && row.bbox[1] - lastBottom > layout.lineHeight * 2.5) break;
      continue;
    }
    if (
      i > rowIndex &&
      cells.some((c) => has(c, STOP) || startsWith(c, BUYER_LABEL, 2) || startsWith(c, SELLER_LABEL, 2))
    )
      break;
    if (width && i > rowIndex && row.bbox[1] - lastBottom > layout.lineHeight * 2.5) break;
    rows.push(cells);
    lastBottom = Math.max(...cells.map((c) => c.bbox[3]));
  }
  return { rows, start: rowIndex };
}

const field = (value: unknown, cell: Cell, confidence: number, text?: string): ExtractedField => ({
  value,
  confidence: Math.round(confidence * Math.min(1, 0.4 + cell.confidence * 0.6) * 1000) / 1000,
  text: text ?? cell.text,
  page: cell.page,
  bbox: cell.bbox,
  source: 'rules',
});

function cleanName(text: string): string {
  return text
    .replace(/\(?\s*(?:สำนักงาน\s*ใหญ่|head\s*office)\s*\)?/gi, '')
    .replace(/\(?\s*(?:สาขา(?:ที่)?|branch)\s*[:.]?\s*\d{1,5}\s*\)?/gi, '')
    .replace(/\s*(?:เลขประจำตัวผู้เสียภาษี|tax\s*id).*$/i, '')
    .replace(/[\s:,]+$/, '')
    .trim();
}

/** Reads the party fields of a block. `nameText`/`nameCell` override the name (labelled anchors). */
function readBlock(block: Block, name?: { text: string; cell: Cell }): PartyFields {
  const out: PartyFields = {};
  const cells = block.rows.flat();
  const nameOf = name ?? firstNameCell(cells);
  if (nameOf) {
    const value = cleanName(nameOf.text);
    if (value && /[A-Za-z\u0E01-\u0E2E]{2}/.test(value))
      out.name = field(value, nameOf.cell, 0.9, nameOf.text);
  }
  for (const cell of cells) {
    if (!out.taxId) {
      const t = findTaxIds(cell.compact)[0];
      if (t) out.taxId = field(t.value, cell, has(cell, TAX_LABEL) ? 0.98 : 0.9, t.text);
    }
    if (!out.email) {
      const e = findEmails(cell.text)[0];
      if (e) out.email = field(e.value, cell, 0.95, e.value);
    }
    if (!out.phone) {
      const text = cell.compact
        .replace(/(?:แฟกซ์|โทรสาร|fax)[.:\s]*[\d\s-]+/gi, ' ')
        .replace(/(?:\d[\s-]?){13}/g, ' ');
      const p = findPhones(text)[0];
      if (p) out.phone = field(p.value, cell, has(cell, CONTACT_LABEL) ? 0.92 : 0.8, p.value);
    }
  }
  const joined = normalizeThai(block.rows.map((r) => r.map((c) => c.compact).join(' ')).join(' '));
  if (!out.taxId) {
    const wrapped = findTaxIds(joined)[0];
    const cell = cells.find((c) => has(c, TAX_LABEL)) ?? cells[0];
    if (wrapped && cell) out.taxId = field(wrapped.value, cell, 0.85, wrapped.text);
  }
  const branch = findBranch(joined);
  if (branch) {
    const cell = cells.find((c) => findBranch(c.compact)) ?? cells[0];
    if (cell) out.branch = field(branch.value, cell, 0.9, branch.text);
  }
  const address = readAddress(block, nameOf?.cell);
  if (address) out.address = address;
  return out;
}

function firstNameCell(cells: Cell[]): { text: string; cell: Cell } | undefined {
  const company = cells.find(
    (c) => has(c, COMPANY) && !has(c, TAX_LABEL) && !ADDRESS_CLUE.test(c.compact.slice(0, 12)),
  );
  const cell =
    company ??
    cells.find(
      (c) =>
        /[A-Za-z\u0E01-\u0E2E]{3}/.test(c.compact) &&
        !ADDRESS_CLUE.test(c.compact) &&
        !has(c, TAX_LABEL) &&
        !has(c, CONTACT_LABEL),
    );
  return cell ? { text: cell.text, cell } : undefined;
}

function readAddress(block: Block, nameCell: Cell | undefined): ExtractedField | undefined {
  const parts: { text: string; cell: Cell }[] = [];
  let started = false;
  for (const row of block.rows) {
    for (const cell of row) {
      if (cell === nameCell) continue;
      if (has(cell, STOP)) continue;
      const labelled = ADDRESS_LABEL.exec(cell.compact);
      let text = labelled ? stripLeading(displayFrom(cell, labelled[0].length), ADDRESS_WORD) : cell.text;
      const cut = text.search(
        /\s(?:โทร|tel\b|phone|e-?mail|อีเมล|fax|แฟกซ์|เลขประจำตัว|tax\s*id|กำหนดชำระ|ครบกำหนด|ลงวันที่|วันที่|due\s*date|date\s*:)/i,
      );
      if (cut > 0) text = text.slice(0, cut);
      const isAddress =
        labelled ||
        (ADDRESS_CLUE.test(text) && !TAX_LABEL.test(cell.compact.slice(0, 30)) && !/^\S*@/.test(text));
      if (isAddress && text.trim()) {
        parts.push({ text: text.trim(), cell });
        started = true;
      } else if (started) break;
    }
    if (started && !parts.some((p) => row.includes(p.cell))) break;
  }
  if (!parts.length) return undefined;
  const first = parts[0] as { cell: Cell };
  const value = parts
    .map((p) => p.text)
    .join(' ')
    .replace(/\s+/g, ' ');
  return {
    ...field(value, first.cell, 0.85, value),
    bbox: [
      Math.min(...parts.map((p) => p.cell.bbox[0])),
      Math.min(...parts.map((p) => p.cell.bbox[1])),
      Math.max(...parts.map((p) => p.cell.bbox[2])),
      Math.max(...parts.map((p) => p.cell.bbox[3])),
    ],
  };
}

/** The first labelled anchor in the top part of the document (label at the start of its cell). */
function labelled(layout: Layout, label: RegExp): LabelHit | undefined {
  for (const row of layout.rows)
    for (const [col, cell] of row.cells.entries()) {
      const m = matchCell(cell, label);
      if (m && m.start <= 2 && !TAX_LABEL.test(cell.compact.slice(0, m.end + 12)))
        return { row, cell, col, ...m };
    }
  return undefined;
}

function fromLabel(layout: Layout, hit: LabelHit, label: RegExp): PartyFields {
  const block = blockFrom(layout, hit.row.index, hit.cell);
  const rest = stripLeading(displayFrom(hit.cell, hit.end), label);
  let name: { text: string; cell: Cell } | undefined;
  if (rest && /[A-Za-z\u0E01-\u0E2E]{2}/.test(rest)) name = { text: rest, cell: hit.cell };
  else {
    const right = hit.row.cells[hit.col + 1];
    const next = block.rows[1]?.[0];
    const candidate = right && block.rows[0]?.includes(right) ? right : next;
    if (candidate) name = { text: stripLeading(candidate.text), cell: candidate };
  }
  return readBlock(block, name);
}

/** The letterhead: the first company-looking cell near the top of the first page, and its column. */
function letterhead(layout: Layout, before: number): PartyFields {
  const page = layout.rows[0]?.page;
  const rows = layout.rows.filter((r) => r.page === page && r.index < before);
  for (const row of rows) {
    const cell = row.cells.find((c) => has(c, COMPANY) && !has(c, STOP) && !has(c, TAX_LABEL));
    if (cell) return readBlock(blockFrom(layout, row.index, cell, 8));
  }
  const first = rows.find((r) => r.cells.some((c) => !has(c, STOP)));
  const cell = first?.cells.find((c) => !has(c, STOP));
  return first && cell ? readBlock(blockFrom(layout, first.index, cell, 8)) : {};
}

/** Seller and buyer of the document. */
export function findParties(layout: Layout): { seller: PartyFields; buyer: PartyFields } {
  const buyerHit = labelled(layout, BUYER_LABEL);
  const sellerHit = labelled(layout, SELLER_LABEL);
  const firstAnchor = Math.min(buyerHit?.row.index ?? Infinity, sellerHit?.row.index ?? Infinity);
  const head = () => letterhead(layout, Number.isFinite(firstAnchor) ? firstAnchor : layout.rows.length);
  const seller = sellerHit ? fromLabel(layout, sellerHit, SELLER_LABEL) : head();
  const buyer = buyerHit ? fromLabel(layout, buyerHit, BUYER_LABEL) : sellerHit ? head() : {};
  return { seller, buyer };
}
