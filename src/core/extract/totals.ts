/**
 * Subtotal, discount, VAT and grand total, chosen so that they agree (subtotal - discount + VAT = total,
 * VAT = rate x base), checked against the amount written in words and the sum of the line items.
 *
 * The subtotal reported is the VAT base, the amount VAT was computed on (the value of goods or services
 * a tax invoice must show beside its VAT, Revenue Code section 86/4): after a discount (`ยอดหลังหักส่วนลด`,
 * printed or derived), and none on a document that shows no VAT.
 */
import { findAmounts, findPercent, lastAmount, parseAmountInWords, round2, sameAmount } from './amounts.ts';
import { cellBelow } from './find.ts';
import { findTaxIds } from './identifiers.ts';
import { type Cell, type Layout, matchCell, type Row, skeletonRe } from './layout.ts';
import type { ExtractedField, ExtractionCheck } from './types.ts';

type Kind = 'subtotal' | 'discount' | 'vat' | 'wht' | 'total';

/** A subtotal after the discount: the VAT base (`ยอดหลังหักส่วนลด`, `After Discount`). */
const AFTER_DISCOUNT = /หลัง(?:หัก)?ส่วนลด|after\s*discount/i;

/**
 * Label classes in the order they are tried on a cell (more specific first); a label that comes after
 * a phrase of its own cell is part of a sentence (a letter's body), not a totals row. A bare sum label
 * (`ยอดรวม`, `รวมเงิน`, `รวมเป็นเงิน`, `Total`) is the subtotal when a VAT line and a grand total follow
 * it and the total when it stands alone: it is a candidate for both and the cross-checks decide.
 */
const LABELS: [Kind[], RegExp][] = [
  [['wht'], /หักณที่จ่าย|หัก\s*ณ\s*ที่จ่าย|ภาษีหัก|withholding|w\/?h\s*tax|\bwht\b/i],
  [['subtotal'], AFTER_DISCOUNT],
  [['discount'], /ส่วนลด|discount/i],
  [
    ['total'],
    /ทั้งสิ้น|สุทธิ|ยอดชำระ|ยอดที่ต้องชำระ|ที่ต้องชำระ|รวมภาษี(?!มูลค่า)|grand\s*total|total\s*amount|amount\s*due|total\s*due|net\s*total|invoice\s*total|balance\s*due|total\s*payable|total\s*\(?\s*incl|including\s*vat/i,
  ],
  [
    ['subtotal'],
    /มูลค่าสินค้า|ราคาสินค้า|มูลค่าบริการ|ก่อนภาษี|ไม่รวมภาษี|ราคาก่อน|มูลค่าก่อน|sub\s*-?\s*total|total\s*before|before\s*vat|excl(?:uding)?\.?\s*vat|net\s*amount|total\s*\(?excl/i,
  ],
  [['vat'], /ภาษีมูลค่าเพิ่ม|^vat\b|\bvat\s*\(?\d|v\.a\.t|^ภาษี\s*\d|^ภาษี$|^tax\s*\(?\d|^tax$|\bvat\b/i],
  [['subtotal', 'total'], /ยอดรวม|รวมเงิน|รวมเป็นเงิน|จำนวนเงินรวม|^รวม|^total\b|\btotal$/i],
];

interface Candidate {
  kind: Kind;
  value: number;
  cell: Cell;
  labelCell: Cell;
  text: string;
  rate: number | null;
  /** The label names only this role (not a bare sum label). */
  specific: boolean;
  /** A subtotal labelled as the amount after the discount (`ยอดหลังหักส่วนลด`, `After Discount`). */
  afterDiscount: boolean;
}

/**
 * Letters before a label that make it a phrase in running text (`… เป็นจำนวนเงินทั้งสิ้น 303,625.58 บาท`);
 * fewer do when the sentence goes on after the amount.
 */
const SENTENCE_BEFORE = 20;

function classify(cell: Cell): Kind[] | null {
  if (findTaxIds(cell.compact).length) return null;
  for (const [kinds, re] of LABELS) {
    const m = skeletonRe(re).exec(cell.skeleton);
    if (!m) continue;
    const letters = (text: string) => text.match(/[A-Za-z\u0E01-\u0E4E]/g)?.length ?? 0;
    const before = letters(cell.skeleton.slice(0, m.index));
    const after = cell.skeleton.slice(m.index + m[0].length).replace(/^[^\d]*\d[\d,]*(?:\.\d+)?/, '');
    const sentence = before >= SENTENCE_BEFORE || (before >= 6 && letters(after) >= 10);
    return sentence ? null : kinds;
  }
  return null;
}

function candidates(layout: Layout): Candidate[] {
  const out: Candidate[] = [];
  for (const row of layout.rows)
    row.cells.forEach((cell, col) => {
      const kinds = classify(cell);
      if (!kinds) return;
      const rate = findPercent(cell.compact);
      const own = lastAmount(cell.compact.replace(/\d+(?:\.\d+)?\s*%/g, ' '));
      const right = (row.cells.slice(col + 1) as Cell[]).find((c) => lastAmount(c.compact) && !classify(c));
      const value = right ? lastAmount(right.compact) : own;
      if (!value || Math.abs(value.value) >= 1e10) return;
      for (const kind of kinds)
        out.push({
          kind,
          value: value.value,
          cell: right ?? cell,
          labelCell: cell,
          text: value.text,
          rate,
          specific: kinds.length === 1,
          afterDiscount: skeletonRe(AFTER_DISCOUNT).test(cell.skeleton),
        });
    });
  return out;
}

const fieldOf = (c: Candidate, confidence: number): ExtractedField => ({
  value: c.value,
  confidence: Math.round(confidence * Math.min(1, 0.4 + c.cell.confidence * 0.6) * 1000) / 1000,
  text: c.text,
  page: c.cell.page,
  bbox: c.cell.bbox,
  source: 'rules',
});
const derived = (value: number, confidence: number): ExtractedField => ({
  value: round2(value),
  confidence,
  source: 'derived',
});

export interface Totals {
  subtotal?: ExtractedField;
  discount?: ExtractedField;
  vatRate?: ExtractedField;
  vat?: ExtractedField;
  withholdingTax?: ExtractedField;
  total?: ExtractedField;
  amountInWords?: ExtractedField;
  checks: ExtractionCheck[];
}

/** The amount in words, joined with the rows above and below when it wraps. */
function wordsAmount(layout: Layout): { value: number; text: string; cell: Cell } | null {
  for (const row of layout.rows as Row[])
    for (const cell of row.cells) {
      if (!/บาท|บา|baht/i.test(cell.compact)) continue;
      const above = cellBelow(layout, { row, cell }, 1, -1)?.compact ?? '';
      const below = cellBelow(layout, { row, cell }, 1, 1)?.compact ?? '';
      for (const text of [
        `${above} ${cell.compact} ${below}`,
        `${cell.compact} ${below}`,
        `${above} ${cell.compact}`,
        cell.compact,
      ]) {
        const w = parseAmountInWords(text);
        if (w) return { ...w, cell };
      }
    }
  return null;
}

/** VAT at 7% of a base, to the satang. */
const vatOf = (base: number, vat: number) => sameAmount(round2(base * 0.07), vat, 0.02);

/**
 * How well a choice of subtotal/VAT/total fits: members present, and each cross-check that holds (or
 * fails) between them, the amount in words and the line items.
 */
function combinationScore(
  s: number | undefined,
  v: number | undefined,
  t: number | undefined,
  d: number,
  words: number | undefined,
  items: number | null,
): number {
  let score = (s !== undefined ? 1 : 0) + (v !== undefined ? 1 : 0) + (t !== undefined ? 1.5 : 0);
  if (s !== undefined && v !== undefined && t !== undefined)
    score += sameAmount(s - d + v, t) || sameAmount(s + v, t) ? 4 : -1.5;
  if (s !== undefined && v !== undefined) score += vatOf(s - d, v) ? 1 : -0.5;
  if (s === undefined && v !== undefined && t !== undefined && vatOf(t - v, v)) score += 2;
  if (s !== undefined && v === undefined && t !== undefined && vatOf(s - d, t - s + d)) score += 2;
  if (t !== undefined && words !== undefined) score += sameAmount(t, words) ? 2 : -1;
  if (s !== undefined && items !== null && sameAmount(s, items, 0.02)) score += 1;
  return score;
}

/**
 * Picks the totals: among the labelled candidates, the combination that satisfies the cross-checks
 * wins; missing members are derived from the others (marked `derived`).
 */
export function findTotals(layout: Layout, lineItemsSum: number | null): Totals {
  const all = candidates(layout);
  const of = (k: Kind) => all.filter((c) => c.kind === k);
  const subs = of('subtotal');
  const vats = of('vat');
  const totals = of('total');
  const discounts = of('discount');
  const words = wordsAmount(layout);
  const checks: ExtractionCheck[] = [];
  const out: Totals = { checks };

  const discount = discounts[0];
  const d = discount?.value ?? 0;
  let best: { s?: Candidate; v?: Candidate; t?: Candidate; score: number } = { score: -1 };
  const opt = <T>(xs: T[]) => [...xs, undefined];
  for (const s of opt(subs))
    for (const v of opt(vats))
      for (const t of opt(totals.length ? totals.slice(-3) : [])) {
        if (s && t && s.labelCell === t.labelCell) continue;
        const last = t && totals.length > 1 && t === totals.at(-1) ? 0.25 : 0;
        const named = (s?.specific ? 0.3 : 0) + (t?.specific ? 0.3 : 0) + (s?.afterDiscount && d ? 0.5 : 0);
        const less = s?.afterDiscount ? 0 : d;
        const score =
          combinationScore(s?.value, v?.value, t?.value, less, words?.value, lineItemsSum) + last + named;
        if (score > best.score) best = { s, v, t, score };
      }
  const { s, v, t } = best;
  const consistent = Boolean(
    s && v && t && (sameAmount(s.value - d + v.value, t.value) || sameAmount(s.value + v.value, t.value)),
  );
  const wordsAgree = Boolean(t && words && sameAmount(t.value, words.value));
  const boost = consistent ? 0.99 : 0.85;
  if (s) out.subtotal = fieldOf(s, boost);
  if (s && v && t && d && !s.afterDiscount && sameAmount(s.value - d + v.value, t.value))
    out.subtotal = { ...fieldOf(s, boost), value: round2(s.value - d), source: 'derived' };
  if (v) out.vat = fieldOf(v, boost);
  if (t) out.total = fieldOf(t, consistent || wordsAgree ? 0.99 : 0.85);
  if (discount) out.discount = fieldOf(discount, 0.85);
  const wht = of('wht')[0];
  if (wht) out.withholdingTax = fieldOf(wht, 0.85);

  if (!out.total && words)
    out.total = {
      value: words.value,
      confidence: 0.8,
      text: words.text,
      page: words.cell.page,
      bbox: words.cell.bbox,
      source: 'derived',
    };
  if (!out.total && s && !v) out.total = fieldOf(s, 0.85);
  if (!out.total && s && v) out.total = derived(s.value - (s.afterDiscount ? 0 : d) + v.value, 0.7);
  const total = out.total?.value as number | undefined;
  if (!out.subtotal && total !== undefined && v) out.subtotal = derived(total - v.value, 0.7);
  if (!out.subtotal && lineItemsSum !== null) out.subtotal = derived(lineItemsSum - d, 0.6);
  const sub = out.subtotal?.value as number | undefined;
  if (!out.vat && total !== undefined && sub !== undefined && total > sub) {
    const vat = round2(total - sub);
    if (sameAmount(vat, round2(sub * 0.07), 0.05)) out.vat = derived(vat, 0.7);
  }
  const rate = v?.rate ?? (out.vat && sub ? Math.round(((out.vat.value as number) / sub) * 1000) / 10 : null);
  if (rate !== null && Number.isFinite(rate) && rate > 0 && rate <= 30)
    out.vatRate = v?.rate ? { ...fieldOf(v, 0.95), value: v.rate, text: `${v.rate}%` } : derived(rate, 0.6);
  if (words)
    out.amountInWords = {
      value: words.text,
      confidence: 0.9,
      text: words.text,
      page: words.cell.page,
      bbox: words.cell.bbox,
      source: 'rules',
    };

  if (!out.vat) delete out.subtotal;
  const sv = out.subtotal?.value as number | undefined;
  const vv = out.vat?.value as number | undefined;
  if (sv !== undefined && vv !== undefined && total !== undefined)
    checks.push({
      name: 'subtotal_plus_vat_equals_total',
      passed: sameAmount(sv + vv, total),
      detail: `${sv} + ${vv} = ${round2(sv + vv)}; total ${total}`,
    });
  if (sv !== undefined && vv !== undefined && out.vatRate)
    checks.push({
      name: 'vat_matches_rate',
      passed: sameAmount(round2((sv * (out.vatRate.value as number)) / 100), vv, 0.02),
      detail: `${out.vatRate.value}% of ${sv} = ${round2((sv * (out.vatRate.value as number)) / 100)}; VAT ${vv}`,
    });
  if (words && total !== undefined)
    checks.push({
      name: 'amount_in_words_matches_total',
      passed: sameAmount(words.value, total),
      detail: `"${words.text}" = ${words.value}; total ${total}`,
    });
  if (lineItemsSum !== null && sv !== undefined)
    checks.push({
      name: 'line_items_sum_matches_subtotal',
      passed: sameAmount(lineItemsSum - d, sv, 0.02) || sameAmount(lineItemsSum, sv, 0.02),
      detail: `sum of line items ${round2(lineItemsSum)}${d ? ` - discount ${d}` : ''}; subtotal ${sv}`,
    });
  return out;
}

/** The totals row of a withholding-tax certificate (50 ทวิ): the amount paid, then the tax withheld. */
const PAID_TOTAL = /รวมเงินที่จ่าย|total\s*(?:amount\s*)?paid|total\s*income/i;

/**
 * Totals of a withholding-tax certificate (หนังสือรับรองการหักภาษี ณ ที่จ่าย): its total is the amount
 * paid and its tax the amount withheld, both on the row `รวมเงินที่จ่ายและภาษีที่หักนำส่ง`; it has no
 * subtotal or VAT, and its amount in words spells the tax withheld. Undefined without that row.
 */
export function findWithholdingTotals(layout: Layout): Totals | undefined {
  for (const row of layout.rows)
    for (const [col, cell] of row.cells.entries()) {
      const m = matchCell(cell, PAID_TOTAL);
      if (!m) continue;
      const rest = [cell.compact.slice(m.end), ...row.cells.slice(col + 1).map((c) => c.compact)].join(' ');
      const [paid, tax] = findAmounts(rest).filter((a) => !a.percent);
      if (!paid) continue;
      const at = row.cells.slice(col + 1).find((c) => findAmounts(c.compact).length) ?? cell;
      const field = (value: number, text: string): ExtractedField => ({
        value,
        confidence: Math.round(0.95 * Math.min(1, 0.4 + at.confidence * 0.6) * 1000) / 1000,
        text,
        page: at.page,
        bbox: at.bbox,
        source: 'rules',
      });
      const out: Totals = { checks: [], total: field(paid.value, paid.text) };
      if (tax) out.withholdingTax = field(tax.value, tax.text);
      const words = wordsAmount(layout);
      if (words) {
        out.amountInWords = { ...field(words.value, words.text), value: words.text };
        if (tax)
          out.checks.push({
            name: 'amount_in_words_matches_withholding_tax',
            passed: sameAmount(words.value, tax.value),
            detail: `"${words.text}" = ${words.value}; tax withheld ${tax.value}`,
          });
      }
      return out;
    }
  return undefined;
}
