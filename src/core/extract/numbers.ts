/**
 * The document's own number, told apart from the other numbers a page prints:
 * - references: a label that names another document (`อ้างอิงใบกำกับภาษีเลขที่`, `ใบกำกับภาษีเดิม
 *   เลขที่`, `Ref. Invoice No.`, a credit note's `Invoice No.`, a PO's `Quotation No.`, an invoice's
 *   `PO No.`) is not the document's number; a label naming the document's own kind, or no kind at all
 *   (`เลขที่`, `No.`, or the English half of a bilingual label whose Thai half OCR garbled, `… / No.`), is;
 * - house numbers: `เลขที่ 45 หมู่ 3 ถนน…` is an address;
 * - numbers that wrap inside a table cell (`QT256908-` over `0192`, a line that filled its cell over the
 *   few characters left, `QT25690` over `8-0192`, over two lines) are joined.
 */
import { thaiDigitsToAscii } from '../text/thai.ts';
import {
  findLabels,
  type LabelHit,
  spotConfidence,
  type ValueSpot,
  valueSpots,
  WRAPPED_CUT_GAP,
} from './find.ts';
import { parseDocumentNumber } from './identifiers.ts';
import { kindsIn } from './kind.ts';
import { union } from '../ocr/geometry.ts';
import type { BBox } from '../ocr/types.ts';
import {
  buildText,
  type Cell,
  type Layout,
  matchCell,
  type Row,
  skeletonRe,
  type Token,
  toSkeleton,
} from './layout.ts';
import type { DocumentKind, ExtractedField } from './types.ts';

const TH_KIND =
  'ใบ(?:กำกับ(?:ภาษี(?:อย่างย่อ)?)?|แจ้งหนี้|เสร็จ(?:รับเงิน)?|เสนอราคา|สั่งซื้อ|สั่งจ้าง|ลดหนี้|เพิ่มหนี้|วางบิล|ส่งของ|ส่งสินค้า|รับสินค้า)';
const EN_KIND =
  'tax\\s*invoice|invoice|receipt|quotation|quote|credit\\s*note|debit\\s*note|document|doc|purchase\\s*order|p\\.?\\s*o\\.?|order|bill(?:ing)?(?:\\s*note)?|delivery\\s*(?:note|order)|d\\.?\\s*o\\.?|ref(?:erence)?|voucher|certificate';
/** Number labels, with the words around them that say whose number it is. */
export const NUMBER_LABEL = new RegExp(
  [
    `(?:(?:อ้างอิง|อ้างถึง|ตาม)\\s*)?(?:${TH_KIND}\\s*(?:เดิม\\s*)?)?เลขที่(?:\\s*(?:${TH_KIND}|เอกสาร|อ้างอิง))?(?:\\s*เดิม)?`,
    `(?:(?:ref(?:erence)?\\.?|original|against|for)\\s*)?(?:${EN_KIND})\\.?\\s*(?:no\\.?|number|#|num)`,
    '(?:^|(?<=/\\s*))no\\.?(?=\\s|:|$)',
    '^number\\b',
    '^#',
  ].join('|'),
  'i',
);
/** A letter's own number: `ที่ กท 0123/2569` (Thai official style) or `Ref:` / `Our Ref.` at the start of a line. */
const LETTER_NUMBER =
  /^ที่(?!อยู่|ตั้ง|นั่ง|ดิน|จ่าย)(?=\s|[A-Za-z0-9\u0E01-\u0E2E])|^(?:our\s*)?ref(?:erence)?\.?\s*(?:no\.?)?\s*[:：]/i;
/** Words that make a label a reference to another document. */
const REFERENCE = /อ้างอิง|อ้างถึง|ตาม|เดิม|\bref|original|against|\bfor\b/i;
/** Labels whose "No." is not a document's number at all. */
const NOT_NUMBER =
  /(?:tax\s*(?:id)?|tel|phone|fax|mobile|account|a\/c|branch|customer|client|item|id|vat\s*reg\w*|serial|model|part|lot|batch|page|ประจำตัว|บัญชี|โทร|สาขา|ลูกค้า|บัตร|หนังสือเดินทาง)\s*(?:\/\s*)?(?:no|number|#|เลขที่)/i;
/** Words of a Thai or English address (a number before them is a house number). */
const ADDRESS_WORDS =
  /หมู่|ม\.\s*\d|ถนน|ถ\.|ซอย|ซ\.|ตรอก|ตำบล|ต\.|แขวง|อำเภอ|อ\.|เขต|จังหวัด|จ\.|หมู่บ้าน|อาคาร|ชั้น|\broad\b|\brd\.?|street|\bsoi\b|\bmoo\b|district|province|building|floor/i;
/** Label words naming a kind beyond the title words (abbreviations used in number labels). */
const LABEL_KINDS: [DocumentKind, RegExp][] = [
  ['purchase_order', /\bp\.?\s*o\b|\border\b|ใบสั่ง/i],
  ['quotation', /\bquote\b/i],
  ['delivery_note', /\bd\.?\s*o\b|ใบรับสินค้า/i],
  ['invoice', /\bbill\b(?!ing)/i],
];
/**
 * Kinds that share a number: a tax invoice is also the invoice (`Invoice No.` on a TAX INVOICE). A
 * billing note or a delivery note lists or follows invoices: their numbers are references (combined
 * titles such as ใบส่งของ/ใบแจ้งหนี้ name both kinds themselves).
 */
const FAMILY: Partial<Record<DocumentKind, DocumentKind[]>> = {
  tax_invoice: ['invoice'],
  invoice: ['tax_invoice'],
};

/** The kinds a number label names. */
function labelKinds(label: string): DocumentKind[] {
  const kinds = kindsIn(toSkeleton(label.replace(/\s+/g, ' ')));
  for (const [kind, re] of LABEL_KINDS) if (re.test(label) && !kinds.includes(kind)) kinds.push(kind);
  return kinds;
}

/** The kinds whose number is the document's own, from the detected kind and its (combined) title. */
export function ownKinds(kind: DocumentKind | null, title: string | undefined): Set<DocumentKind> {
  const own = new Set<DocumentKind>(kind ? [kind] : []);
  if (title) for (const k of kindsIn(toSkeleton(title.replace(/\s+/g, '')))) own.add(k);
  for (const k of [...own]) for (const f of FAMILY[k] ?? []) own.add(f);
  return own;
}

type Whose = 'own' | 'generic' | 'other' | 'reference' | 'none';

/** Whose number a label introduces. */
function whose(layout: Layout, hit: LabelHit, own: Set<DocumentKind>): Whose {
  const head = headerLines(layout, hit);
  if (head) {
    const text = buildText([
      { text: head, space: false },
      { text: hit.cell.compact.slice(0, hit.end), space: false },
    ]);
    const { compact, skeleton, skeletonMap } = text;
    for (const m of skeleton.matchAll(new RegExp(skeletonRe(NUMBER_LABEL).source, 'gi'))) {
      const start = skeletonMap[m.index] ?? 0;
      const end = skeletonMap[m.index + m[0].length] ?? 0;
      if (start < head.length && end === compact.length)
        return labelWhose(compact.slice(start, end), compact.slice(Math.max(0, start - 14), start), own);
    }
  }
  return labelWhose(
    hit.cell.compact.slice(hit.start, hit.end),
    hit.cell.compact.slice(Math.max(0, hit.start - 14), hit.start),
    own,
  );
}

/**
 * The lines a label's header cell wrapped from (`Original` / `Invoice` over `No.`, `ตามใบกำกับ` over
 * `ภาษีเลขที่`): up to two short lines right above the label's line, starting where it starts, with no
 * digits and no number label of their own; their compact text joined, or undefined.
 */
function headerLines(layout: Layout, hit: LabelHit): string | undefined {
  if (hit.above) return undefined;
  const lh = layout.lineHeight;
  let top = hit.cell;
  let text = '';
  for (let i = hit.row.index - 1, n = 0; i >= 0 && n < 2; i--, n++) {
    const row = layout.rows[i] as Row;
    if (row.page !== hit.row.page || top.bbox[1] - row.bbox[3] > lh * 0.6) break;
    const cell = row.cells.find((c) => Math.abs(c.bbox[0] - top.bbox[0]) < lh);
    if (!cell || cell.compact.length > 20 || /\d/.test(cell.compact) || matchCell(cell, NUMBER_LABEL)) break;
    text = cell.compact + text;
    top = cell;
  }
  return text || undefined;
}

/** Whose number a label introduces, from the label and the text just before it. */
function labelWhose(label: string, before: string, own: Set<DocumentKind>): Whose {
  const around = before + label;
  if (NOT_NUMBER.test(around)) return 'none';
  if (REFERENCE.test(label) || /(?:อ้างอิง|อ้างถึง|ตาม|ref\.?|reference)\s*[:.]?\s*$/i.test(before))
    return 'reference';
  const kinds = labelKinds(label);
  if (!kinds.length) return 'generic';
  return kinds.some((k) => own.has(k)) ? 'own' : 'other';
}

/**
 * True when text ends inside another document's citation: its last number label names a document that
 * is not this one (`เลขที่ใบสั่งซื้อ PO-1 ลงวันที่` — the date after it is that PO's date).
 */
export function citesOtherDocument(text: string, own: Set<DocumentKind>): boolean {
  const all = [...text.matchAll(new RegExp(NUMBER_LABEL.source, 'gi'))].filter((m) => m[0].trim());
  const last = all.at(-1);
  if (!last) return false;
  const at = last.index ?? 0;
  const w = labelWhose(last[0], text.slice(Math.max(0, at - 14), at), own);
  return w === 'other' || w === 'reference';
}

const BASE: Record<Whose, number> = { own: 0.97, generic: 0.93, other: 0.5, reference: 0, none: 0 };

/** True when the number starts an address (`45 หมู่ 3`, `45/2 ถนนสุขุมวิท`, `45 Sukhumvit Road`). */
function isHouseNumber(spot: ValueSpot, value: string, layout: Layout): boolean {
  let after = spot.text.trim();
  for (let n = value.length; n > 0 && after; ) {
    if (!/\s/.test(after[0] as string)) n--;
    after = after.slice(1);
  }
  if (ADDRESS_WORDS.test(after.slice(0, 40))) return true;
  if (!/^\d+(?:\/\d{1,3})?$/.test(value)) return false;
  const row = layout.rows.find((r) => r.cells.includes(spot.cell));
  const next = row?.cells[row.cells.indexOf(spot.cell) + 1];
  return Boolean(next && ADDRESS_WORDS.test(next.compact.slice(0, 20)));
}

/** A code fragment alone under a value: the rest of a number that wrapped. */
const FRAGMENT = /^[A-Za-z0-9\u0E50-\u0E59][A-Za-z0-9\u0E50-\u0E59\-/_.]{0,11}$/;

const boxOf = (tokens: Token[]): BBox => union(tokens.map((t) => t.bbox));
const squeeze = (text: string) => thaiDigitsToAscii(text).replace(/\s+/g, '');

/** Where the label itself is printed: the words of its cell it was matched in (a cell may hold a whole header row). */
function labelBox(hit: LabelHit): BBox {
  const { cell } = hit;
  const from = cell.map[hit.start] ?? 0;
  const to = cell.map[hit.end] ?? cell.text.length;
  const words: Token[] = [];
  let at = 0;
  for (const t of cell.tokens) {
    const start = cell.text.indexOf(t.text, at);
    if (start < 0) return cell.bbox;
    at = start + t.text.length;
    if (start < to && at > from) words.push(t);
  }
  return words.length ? boxOf(words) : cell.bbox;
}

/** The tokens of `cell` the value was read from (OCR words: `INV-2026-` in `INV-2026- 05/05/2026`). */
function valueTokens(cell: Cell, value: string): Token[] | undefined {
  const { tokens } = cell;
  const text = (first: number, last: number) =>
    squeeze(
      tokens
        .slice(first, last + 1)
        .map((t) => t.text)
        .join(''),
    );
  for (let last = 0; last < tokens.length; last++) {
    if (
      !text(0, last)
        .replace(/[-/_.]+$/, '')
        .endsWith(value)
    )
      continue;
    for (let first = last; first >= 0; first--)
      if (text(first, last).includes(value)) return tokens.slice(first, last + 1);
  }
  return undefined;
}

/**
 * The continuation of a number that wrapped inside its cell, if the row below holds one: the words
 * right under the value (whatever cell OCR grouped them in), after a separator, on a line that filled
 * its cell, or a code piece with a separator right under the value's first character (`QT25690` over
 * `8-0192`); a piece that ends with a separator goes on below.
 */
function wrapped(layout: Layout, spot: ValueSpot, value: string, hit: LabelHit): string {
  const row = layout.rows.find((r) => r.cells.includes(spot.cell));
  const piece = valueTokens(spot.cell, value);
  if (!row || !piece) return value;
  const last = piece.at(-1) as Token;
  const after =
    spot.cell.tokens[spot.cell.tokens.indexOf(last) + 1] ??
    row.cells[row.cells.indexOf(spot.cell) + 1]?.tokens[0];
  const columnEnds = !spot.cell.tokens.includes(after as Token) || after?.text === '|';
  const lineFull = Boolean(after && columnEnds && after.bbox[0] - last.bbox[2] < layout.lineHeight * 1.5);
  const label = { cell: hit.cell, box: hit.above ? hit.cell.bbox : labelBox(hit) };
  return wrapFrom(layout, row, piece, spot.cell.bbox[0], value, label, lineFull, 0);
}

function wrapFrom(
  layout: Layout,
  row: Row,
  piece: Token[],
  left: number,
  value: string,
  label: { cell: Cell; box: BBox },
  lineFull: boolean,
  depth: number,
): string {
  const below = layout.rows[row.index + 1] as Row | undefined;
  if (!below || below.page !== row.page) return value;
  const lh = layout.lineHeight;
  const box = boxOf(piece);
  const gap = below.bbox[1] - box[3];
  const end = (piece.at(-1) as Token).text.trim();
  const cut = /[-/_.]$/.test(end);
  if (gap > lh * (cut ? WRAPPED_CUT_GAP : 1)) return value;
  const words = below.cells.flatMap((c) => c.tokens).sort((a, b) => a.bbox[0] - b.bbox[0]);
  const under = words.filter((t) => t.bbox[0] >= Math.min(left, box[0]) - lh && t.bbox[0] < box[2]);
  if (!under.length || under.some((t) => t.bbox[2] > box[2] + lh * 4)) return value;
  const rest = squeeze(under.map((t) => t.text).join(''));
  if (!FRAGMENT.test(rest)) return value;
  const labelColumnBusy =
    !label.cell.tokens.includes(piece[0] as Token) &&
    words.some((t) => !under.includes(t) && t.bbox[0] < label.box[2] && t.bbox[2] > label.box[0]);
  if (labelColumnBusy) return value;
  const separated = cut || /^[-/_.]/.test(rest);
  const aligned = Math.abs((under[0] as Token).bbox[0] - box[0]) < lh / 2 && gap <= lh * 0.6;
  const codeTail = aligned && /^\d[\dA-Za-z]*[-/]/.test(rest);
  if (!/\d/.test(rest) || !(separated || codeTail || (lineFull && rest.length <= 8))) return value;
  const tail = /[-/_.]$/.exec(end)?.[0] ?? '';
  const joined = parseDocumentNumber(value + tail + rest) ?? value;
  return /[-/_.]$/.test(rest) && depth < 2
    ? wrapFrom(layout, below, under, boxOf(under)[0], joined, label, false, depth + 1)
    : joined;
}

/** The document number: the best own or generic label's value; other kinds' numbers only as a fallback. */
export function documentNumber(
  layout: Layout,
  kind: DocumentKind | null,
  title: string | undefined,
): ExtractedField | undefined {
  const own = ownKinds(kind, title);
  const firstPage = layout.rows[0]?.page;
  const hits = findLabels(layout, NUMBER_LABEL);
  const letterHits = new Set(
    kind === 'letter' ? findLabels(layout, LETTER_NUMBER).filter((h) => h.start === 0 && h.col === 0) : [],
  );
  hits.push(...letterHits);
  let best: ExtractedField | undefined;
  for (const hit of hits) {
    const w = letterHits.has(hit) ? 'generic' : whose(layout, hit, own);
    if (BASE[w] === 0) continue;
    const pageHeight = layout.pageSize.get(hit.row.page)?.height || 0;
    const high = hit.row.page === firstPage && (!pageHeight || hit.cell.bbox[1] < pageHeight * 0.5);
    const base = BASE[w] * (high ? 1 : 0.93);
    for (const spot of valueSpots(layout, hit, NUMBER_LABEL)) {
      let value = parseDocumentNumber(spot.text);
      if (value === null) continue;
      if (isHouseNumber(spot, value, layout)) break;
      value = wrapped(layout, spot, value, hit);
      const weak = /^\d{1,3}(?:\/\d{1,3})?$/.test(value) ? 0.8 : 1;
      const confidence = Math.round(spotConfidence(spot, base) * weak * 1000) / 1000;
      if (!best || confidence > best.confidence)
        best = {
          value,
          confidence,
          text: spot.text,
          page: spot.cell.page,
          bbox: spot.cell.bbox,
          source: 'rules',
        };
      break;
    }
  }
  return best;
}
