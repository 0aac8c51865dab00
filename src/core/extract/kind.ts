/**
 * Document kind from the title words on the page, weighted by how title-like each occurrence is (large
 * text near the top, short line). Combined titles resolve by precedence: ใบลดหนี้/ใบกำกับภาษี is a
 * credit note, ใบกำกับภาษี/ใบเสร็จรับเงิน a tax invoice.
 */
import { type Cell, type Layout, skeletonRe } from './layout.ts';
import type { DocumentKind, ExtractedField } from './types.ts';

/** Title words per kind, in precedence order (first wins within one title). */
const KIND_WORDS: [DocumentKind, RegExp][] = [
  ['credit_note', /ใบลดหนี้|credit\s*note/gi],
  ['tax_invoice', /ใบกำกับภาษี|tax\s*invoice/gi],
  ['receipt', /ใบเสร็จรับเงิน|ใบเสร็จ|(?:official\s*)?receipt/gi],
  ['purchase_order', /ใบสั่งซื้อ|purchase\s*order/gi],
  ['quotation', /ใบเสนอราคา|quotation/gi],
  ['invoice', /ใบแจ้งหนี้|ใบวางบิล|ใบส่งของ|invoice|billing\s*note/gi],
];
const LETTER = /^เรียน|^dear\s|ขอแสดงความนับถือ|sincerely|yours\s*faithfully|^เรื่อง/i;

/** Detects the kind; null when no title word is present. */
export function detectKind(layout: Layout): ExtractedField | null {
  const firstPage = layout.rows[0]?.page ?? 1;
  const rows = layout.rows.filter((r) => r.page === firstPage);
  if (!rows.length) return null;
  const pageHeight = layout.pageSize.get(firstPage)?.height || Math.max(...rows.map((r) => r.bbox[3]), 1);
  const scores = new Map<DocumentKind, { score: number; cell: Cell; best: number }>();
  let letter = 0;
  for (const row of rows)
    for (const cell of row.cells) {
      const h = cell.bbox[3] - cell.bbox[1];
      const size = layout.lineHeight > 0 && h > 0 ? Math.min(3, h / layout.lineHeight) : 1;
      const top = pageHeight > 0 ? cell.bbox[1] / pageHeight : row.index / Math.max(1, rows.length);
      const position = top < 0.3 ? 2 : top < 0.5 ? 1 : 0.4;
      const titleLike = cell.compact.length <= 40 ? 1.5 : 0.4;
      const weight = size ** 2 * position * titleLike;
      let rest = cell.skeleton;
      let rank = 0;
      for (const [kind, word] of KIND_WORDS) {
        const re = new RegExp(skeletonRe(word).source, 'gi');
        if (!re.test(rest)) continue;
        rest = rest.replace(re, ' ');
        const w = weight * (rank === 0 ? 1 : 0.3);
        rank++;
        const prev = scores.get(kind);
        if (!prev) scores.set(kind, { score: w, cell, best: w });
        else {
          prev.score += w;
          if (w > prev.best) Object.assign(prev, { cell, best: w });
        }
      }
      if (skeletonRe(LETTER).test(cell.skeleton)) letter += weight;
    }
  const ranked = [...scores.entries()].sort((a, b) => b[1].score - a[1].score);
  const top = ranked[0];
  if (!top) {
    if (letter <= 0) return null;
    return { value: 'letter', confidence: 0.5, source: 'rules' };
  }
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
