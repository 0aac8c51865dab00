/**
 * Document kind from the title words on the page, weighted by how title-like each occurrence is (large
 * text near the top, short line). Combined titles resolve by precedence, then by order: a document that
 * is a credit or debit note or a tax invoice is that (ใบลดหนี้/ใบกำกับภาษี is a credit note,
 * ใบเสร็จรับเงิน/ใบกำกับภาษี a tax invoice); otherwise the kind named first is the document's
 * (ใบแจ้งหนี้/ใบวางบิล an invoice, ใบวางบิล/ใบแจ้งหนี้ a billing note). Titles OCR
 * garbled (a lost leading vowel, dropped marks) still count, at a lower weight; a kind word in a phrase
 * about another document (`ภายใน 20 วันหลังได้รับใบสั่งซื้อ`) is not a title. A page without a title
 * that reads as correspondence (เรียน, เรื่อง, ขอแสดงความนับถือ, บันทึกข้อความ, Dear) is a letter; a
 * kind word inside a letter's subject line (`เรื่อง ขอให้ชำระตามใบแจ้งหนี้`) is not its title.
 */
import { type Cell, type Layout, type Row, skeletonRe, toSkeleton } from './layout.ts';
import type { DocumentKind, ExtractedField } from './types.ts';

/**
 * Title words per kind. The first four kinds take precedence in a combined title, in this order; the
 * others are ranked by where the title names them.
 */
const KIND_WORDS: [DocumentKind, RegExp][] = [
  ['withholding_tax_certificate', /หนังสือรับรองการหักภาษี|50\s*ทวิ|withholding\s*tax\s*certificate/gi],
  ['credit_note', /ใบลดหนี้|credit\s*note/gi],
  ['debit_note', /ใบเพิ่มหนี้|debit\s*note/gi],
  ['tax_invoice', /ใบกำกับภาษี|tax\s*invoice/gi],
  ['receipt', /ใบเสร็จรับเงิน|ใบเสร็จ|ใบรับเงิน|(?:official\s*)?receipt/gi],
  ['purchase_order', /ใบสั่งซื้อ|ใบสั่งจ้าง|purchase\s*order/gi],
  ['quotation', /ใบเสนอราคา|quotation/gi],
  ['invoice', /ใบแจ้งหนี้|ใบแจ้งค่าบริการ|ใบแจ้งค่าสินค้า|invoice/gi],
  ['billing_note', /ใบวางบิล|billing\s*note|bill(?:ing)?\s*statement/gi],
  ['delivery_note', /ใบส่งของ|ใบส่งสินค้า|delivery\s*(?:note|order)/gi],
];
/** Kinds that win a combined title whatever their place in it. */
const PRECEDENCE = 4;

/**
 * The kinds a piece of text names, the document's own kind first (`ใบกำกับภาษี/ใบเสร็จรับเงิน` names
 * tax_invoice then receipt; `ใบวางบิล/ใบแจ้งหนี้` billing_note then invoice).
 */
export function kindsIn(skeleton: string): DocumentKind[] {
  let rest = skeleton;
  const found: { kind: DocumentKind; at: number; rank: number }[] = [];
  KIND_WORDS.forEach(([kind, word], rank) => {
    const re = new RegExp(skeletonRe(word).source, 'gi');
    const at = rest.search(re);
    if (at < 0) return;
    rest = rest.replace(re, (m) => ' '.repeat(m.length));
    found.push({ kind, at, rank });
  });
  const key = (f: { at: number; rank: number }) => (f.rank < PRECEDENCE ? f.rank - PRECEDENCE : f.at);
  return found.sort((a, b) => key(a) - key(b)).map((f) => f.kind);
}

/** A kind's place in a combined title: the first {@link PRECEDENCE} kinds win wherever they stand; the rest tie. */
const precedence = (kind: DocumentKind) => {
  const rank = KIND_WORDS.findIndex(([k]) => k === kind);
  return rank < PRECEDENCE ? rank : PRECEDENCE;
};

/** Thai title words, for matching titles OCR garbled. */
const FUZZY_WORDS: [DocumentKind, string][] = KIND_WORDS.flatMap(([kind, re]) =>
  re.source
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16)))
    .split('|')
    .filter((w) => /^[\u0E01-\u0E4E]{6,}$/.test(w))
    .map((w): [DocumentKind, string] => [kind, toSkeleton(w)]),
);
const LETTER_MARKS =
  /^(?:เรียน|เรื่อง|บันทึกข้อความ|dear\s|subject\s*:|re\s*:)|ขอแสดงความนับถือ|ด้วยความเคารพ|sincerely|yours\s*faithfully|best\s*regards/i;
/** A letter's subject line: kind words in it name what the letter is about, not what it is. */
const SUBJECT = /^(?:เรื่อง|subject|re\s*:)/i;
/** Words that cite another document (`อ้างอิงใบกำกับภาษีเลขที่`, `ตามใบกำกับภาษีเดิม`, `Ref. Invoice`). */
const CITES = /อ้างอิง|อ้างถึง|ตาม|เดิม|\bref\b|\bref\.|reference|original|against/i;

/**
 * Words that make a kind word the object of a phrase (`ภายใน 20 วันหลังได้รับใบสั่งซื้อ`, `upon receipt of
 * the purchase order`): a term or instruction mentioning a document, not the title.
 */
const MENTION = /ได้รับ|หลัง|ภายใน|ก่อน|แนบ|พร้อม|กรุณา|โปรด|upon|after|within|attach|please/i;
const ANY_KIND = new RegExp(KIND_WORDS.map(([, re]) => re.source).join('|'), 'i');

/** The cell names a kind only inside a phrase about another document (see {@link MENTION}). */
function mentionOnly(skeleton: string): boolean {
  const at = skeleton.search(skeletonRe(ANY_KIND));
  return at > 0 && skeletonRe(MENTION).test(skeleton.slice(0, at));
}

/** Edit distance of `word` to the best-matching substring of `text` (Sellers' algorithm). */
export function substringDistance(word: string, text: string): number {
  let prev = Array.from({ length: text.length + 1 }, () => 0);
  for (let i = 1; i <= word.length; i++) {
    const cur = [i];
    for (let j = 1; j <= text.length; j++) {
      const cost = word[i - 1] === text[j - 1] ? 0 : 1;
      cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
    }
    prev = cur;
  }
  return Math.min(...prev);
}

/** A title in spaced capitals that OCR read in pieces (`PU RCHASE ORDER`, `DELIVERY ORD ER`), joined up. */
const closeCapitals = (text: string) => text.replace(/(?<=[A-Z])\s+(?=[A-Z])/g, '');

interface Score {
  score: number;
  cell: Cell;
  best: number;
}

/** Detects the kind; null when no title word is present. */
/**
 * A title printed over two lines (`ใบเสร็จรับเงิน/ใบ` over `กำกับภาษี`, `TAX` over `INVOICE/RECEIPT`): the
 * kinds of both lines read together, when that names a kind neither line names alone.
 */
function titleBelow(layout: Layout, row: Row, cell: Cell): { cell: Cell; kinds: DocumentKind[] } | undefined {
  if (cell.compact.length > 40) return undefined;
  for (const next of layout.rows.slice(row.index + 1, row.index + 3)) {
    if (next.page !== row.page || next.bbox[1] - cell.bbox[3] > layout.lineHeight) return undefined;
    const under = next.cells.find(
      (c) =>
        c.compact.length <= 40 && Math.min(c.bbox[2], cell.bbox[2]) - Math.max(c.bbox[0], cell.bbox[0]) > 0,
    );
    if (!under) continue;
    const alone = new Set([...kindsIn(cell.skeleton), ...kindsIn(under.skeleton)]);
    const sep = /[A-Za-z]$/.test(cell.skeleton) && /^[A-Za-z]/.test(under.skeleton) ? ' ' : '';
    const kinds = kindsIn(`${cell.skeleton}${sep}${under.skeleton}`);
    return kinds.some((k) => !alone.has(k)) ? { cell: under, kinds } : undefined;
  }
  return undefined;
}

export function detectKind(layout: Layout): ExtractedField | null {
  const firstPage = layout.rows[0]?.page ?? 1;
  const rows = layout.rows.filter((r) => r.page === firstPage);
  if (!rows.length) return null;
  const pageHeight = layout.pageSize.get(firstPage)?.height || Math.max(...rows.map((r) => r.bbox[3]), 1);
  const scores = new Map<DocumentKind, Score>();
  const add = (kind: DocumentKind, w: number, cell: Cell) => {
    const prev = scores.get(kind);
    if (!prev) scores.set(kind, { score: w, cell, best: w });
    else {
      prev.score += w;
      if (w > prev.best) Object.assign(prev, { cell, best: w });
    }
  };
  let letter = 0;
  let titled = 0;
  const consumed = new Set<Cell>();
  for (const row of rows)
    for (const cell of row.cells) {
      const h = cell.bbox[3] - cell.bbox[1];
      const size = layout.lineHeight > 0 && h > 0 ? Math.min(3, h / layout.lineHeight) : 1;
      const top = pageHeight > 0 ? cell.bbox[1] / pageHeight : row.index / Math.max(1, rows.length);
      const position = top < 0.3 ? 2 : top < 0.5 ? 1 : 0.4;
      const short = cell.compact.length <= 40;
      const weight = size ** 2 * position * (short ? 1.5 : 0.4);
      if (skeletonRe(LETTER_MARKS).test(cell.skeleton)) letter++;
      if (
        skeletonRe(SUBJECT).test(cell.skeleton) ||
        skeletonRe(CITES).test(cell.skeleton) ||
        mentionOnly(cell.skeleton)
      )
        continue;
      if (consumed.has(cell)) continue;
      const below = titleBelow(layout, row, cell);
      if (below) consumed.add(below.cell);
      let named = below?.kinds ?? kindsIn(cell.skeleton);
      if (!named.length) named = kindsIn(closeCapitals(cell.skeleton));
      for (const [rank, kind] of named.entries()) add(kind, weight * (rank === 0 ? 1 : 0.3), cell);
      if (named.length && short && position === 2) titled++;
      if (!named.length && short && position === 2 && /[\u0E01-\u0E4E]{5}/.test(cell.skeleton)) {
        const garbled = FUZZY_WORDS.map(([kind, w]) => ({
          kind,
          d: substringDistance(w, cell.skeleton) / w.length,
        }))
          .filter((g) => g.d <= 0.2)
          .sort((a, b) => precedence(a.kind) - precedence(b.kind) || a.d - b.d)[0];
        if (garbled) add(garbled.kind, weight * 0.8, cell);
      }
    }
  const ranked = [...scores.entries()].sort((a, b) => b[1].score - a[1].score);
  const top = ranked[0];
  if (letter >= 2 && !titled)
    return { value: 'letter', confidence: letter >= 3 ? 0.9 : 0.75, source: 'rules' };
  if (!top) return letter ? { value: 'letter', confidence: 0.5, source: 'rules' } : null;
  const [kind, s] = top;
  const second = ranked[1]?.[1].score ?? 0;
  const margin = s.score / (s.score + second);
  return {
    value: kind,
    confidence: Math.round(Math.min(0.99, 0.5 + margin * 0.5) * 1000) / 1000,
    text: s.cell.text,
    page: s.cell.page,
    bbox: s.cell.bbox,
    source: 'rules',
  };
}
