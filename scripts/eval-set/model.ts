/**
 * What a document is made of before a template draws it: its context (language, date style, ink),
 * line items and totals, document numbers in the forms Thai accounting software and offices use.
 */
import { formatTaxId, type Party, personName, type TaxIdStyle } from './parties.ts';
import type { Rng } from './rng.ts';
import {
  addDays,
  type DateStyle,
  type Day,
  ENGLISH_DATE_STYLES,
  formatDate,
  iso,
  money,
  pad,
  round2,
  THAI_DATE_STYLES,
} from './thai.ts';
import { type EvalKind, Ink, type LineItemTruth, type TruthPath } from './truth.ts';
import { type Good, type Pair, RETAIL, TRADES } from './vocab.ts';

export type Lang = 'th' | 'en' | 'bi';

/** Choices a slot of the schedule may force; everything left out is drawn at random. */
export interface Slot {
  kind: EvalKind;
  family?: string;
  lang?: Lang;
  dateStyle?: DateStyle;
  /** Label of the counterparty block (e.g. `ถึง ผู้ขาย`, `Vendor`). */
  counterLabel?: Pair;
  /** Label of the total row (e.g. `ยอดรวม`). */
  totalLabel?: Pair;
  /** Document number pattern (see `documentNumber`). */
  numberPattern?: NumberPattern;
  multiPage?: boolean;
  /** Print the document number in a narrow cell so it wraps. */
  wrapNumber?: boolean;
  /** A variant name the template understands (`memo`, `official`, `abbreviated`...). */
  variant?: string;
  page?: string;
  font?: string;
}

/** Everything a template needs while it writes one document. */
export class Ctx {
  readonly ink = new Ink();
  readonly dateStyle: DateStyle;
  readonly taxIdStyle: TaxIdStyle;
  constructor(
    readonly rng: Rng,
    readonly id: string,
    readonly lang: Lang,
    readonly slot: Slot,
  ) {
    this.dateStyle =
      slot.dateStyle ??
      (lang === 'en'
        ? rng.pick(ENGLISH_DATE_STYLES)
        : lang === 'bi'
          ? rng.pick([...THAI_DATE_STYLES, 'slash-ce', 'slash-ce', 'en-long', 'iso'] as DateStyle[])
          : rng.pick(THAI_DATE_STYLES));
    this.taxIdStyle = rng.weighted([
      ['plain', 6],
      ['dashed', 2],
      ['spaced', 1],
    ]);
  }

  /** A date in this document's style. */
  date(day: Day, style: DateStyle = this.dateStyle): string {
    return formatDate(day, style);
  }

  /** Prints a scored date. */
  putDate(path: TruthPath, day: Day, style?: DateStyle): string {
    return this.ink.put(path, iso(day), this.date(day, style));
  }

  /** Prints a scored amount (grouped with commas unless told otherwise). */
  putMoney(path: TruthPath, n: number, grouping = true): string {
    return this.ink.put(path, n, money(n, grouping));
  }

  /** A party's name in the document's language (Thai on bilingual documents). */
  name(p: Party): string {
    return this.lang === 'en' ? p.name[1] : p.name[0];
  }

  address(p: Party): string[] {
    return this.lang === 'en' ? p.address.en : p.address.th;
  }

  /** Text in the document's language from a [Thai, English] pair. */
  t(pair: Pair): string {
    return this.lang === 'en' ? pair[1] : pair[0];
  }

  taxId(p: Party): string {
    return formatTaxId(p.taxId, this.taxIdStyle);
  }
}

/** How a branch is printed next to a tax ID. */
export function branchText(rng: Rng, lang: Lang, p: Party): string | null {
  if (p.branch === null) return null;
  if (p.branch === '00000')
    return lang === 'en'
      ? rng.pick(['Head Office', '(Head Office)', 'Head office'])
      : rng.weighted([
          ['สำนักงานใหญ่', 6],
          ['(สำนักงานใหญ่)', 2],
          ['สาขาสำนักงานใหญ่', 1],
          [lang === 'bi' ? 'สำนักงานใหญ่ / Head Office' : 'สำนักงานใหญ่', 1],
        ]);
  const n = Number(p.branch);
  const where = p.branchName ? (lang === 'en' ? p.branchName[1] : p.branchName[0]) : '';
  return lang === 'en'
    ? rng.pick([`Branch ${p.branch}`, `Branch No. ${p.branch}`, `Branch ${p.branch} (${where})`])
    : rng.weighted([
        [`สาขาที่ ${p.branch}`, 5],
        [`สาขา ${p.branch} (${where})`, 2],
        [`สาขาที่ ${n}`, 1],
        [`สาขาที่ ${p.branch} ${where}`, 1],
      ]);
}

export interface Line {
  code: string;
  desc: Pair;
  /** A second, smaller description line (serial, period, colour...). */
  detail: Pair | null;
  unit: Pair;
  quantity: number;
  unitPrice: number;
  /** Line discount in baht (0 when none). */
  discount: number;
  amount: number;
}

/** `n` item lines of a trade; `short` keeps descriptions to one line. */
export function makeLines(
  rng: Rng,
  trade: string,
  n: number,
  opts: { lineDiscounts?: boolean; retail?: boolean; details?: boolean } = {},
): Line[] {
  const goods: readonly Good[] = opts.retail ? RETAIL : (TRADES[trade] ?? TRADES.office ?? []);
  const lines: Line[] = [];
  for (let i = 0; i < n; i++) {
    const g = goods[(i + rng.int(0, goods.length - 1)) % goods.length] as Good;
    const quantity = g.fractional
      ? round2(rng.float(1, 40))
      : rng.weighted([
          [1, 4],
          [rng.int(2, 12), 4],
          [rng.int(10, 60) * 5, 2],
          [rng.int(2, 30) * 100, g.price[1] < 50 ? 2 : 0],
        ]);
    const raw = rng.float(g.price[0], g.price[1]);
    const unitPrice =
      raw >= 1000
        ? Math.round(raw / 10) * 10
        : raw >= 100 || (opts.retail && !g.fractional)
          ? Math.round(raw)
          : round2(raw);
    const gross = round2(quantity * unitPrice);
    const discount = opts.lineDiscounts && rng.chance(0.3) ? round2(gross * rng.pick([0.03, 0.05, 0.1])) : 0;
    const detail = opts.details && rng.chance(0.35) ? detailText(rng) : null;
    lines.push({
      code: rng.weighted([
        [`${rng.pick(['A', 'B', 'P', 'S', 'IT', 'CM', 'FD'])}${pad(rng.int(1, 999), 3)}`, 3],
        [`${rng.int(10, 99)}-${pad(rng.int(0, 9999), 4)}`, 2],
        [String(8850000000000 + rng.int(0, 999999999)), 1],
      ]),
      desc: [g.th, g.en],
      detail,
      unit: g.unit,
      quantity,
      unitPrice,
      discount,
      amount: round2(gross - discount),
    });
  }
  return lines;
}

function detailText(rng: Rng): Pair {
  switch (rng.int(0, 3)) {
    case 0: {
      const sn = `S/N: ${rng.pick(['PF', 'CN', 'SG'])}${rng.int(1000000, 9999999)}`;
      return [sn, sn];
    }
    case 1: {
      const lot = `Lot ${rng.int(2401, 2612)}-${pad(rng.int(1, 99))}`;
      return [lot, lot];
    }
    case 2:
      return rng.pick([
        ['สี: ขาว', 'Colour: white'],
        ['สี: เทา', 'Colour: grey'],
        ['รับประกัน 1 ปี', '1-year warranty'],
      ] as Pair[]);
    default:
      return rng.pick([
        ['ระยะเวลา 1 ก.ค. - 31 ก.ค.', 'Period 1-31 Jul'],
        ['ตามใบเสนอราคาที่อนุมัติ', 'As per approved quotation'],
      ] as Pair[]);
  }
}

/** The truth of item lines: description in the document's language, prices null when not printed. */
export function lineTruths(
  lines: readonly Line[],
  describe: (l: Line) => string,
  prices = true,
): LineItemTruth[] {
  return lines.map((l) => ({
    description: describe(l),
    quantity: l.quantity,
    unitPrice: prices ? l.unitPrice : null,
    amount: prices ? l.amount : null,
  }));
}

/** The money of a document. `subtotal` is the VAT base (after discounts). */
export interface Totals {
  gross: number;
  discount: number;
  subtotal: number;
  vatRate: number;
  vat: number;
  total: number;
  /** Withholding tax shown below the total (services), and what remains to pay. */
  whtRate: number;
  wht: number;
  payable: number;
}

/** Totals of `lines`; `vatIncluded` when unit prices already contain VAT (retail). */
export function totalsOf(
  lines: readonly Line[],
  opts: { vat: boolean; vatIncluded?: boolean; discount?: number; whtRate?: number },
): Totals {
  const gross = round2(lines.reduce((s, l) => s + l.amount, 0));
  const discount = round2(opts.discount ?? 0);
  const after = round2(gross - discount);
  let subtotal: number;
  let vat: number;
  let total: number;
  if (!opts.vat) {
    subtotal = after;
    vat = 0;
    total = after;
  } else if (opts.vatIncluded) {
    total = after;
    vat = round2((after * 7) / 107);
    subtotal = round2(total - vat);
  } else {
    subtotal = after;
    vat = round2(after * 0.07);
    total = round2(subtotal + vat);
  }
  const whtRate = opts.whtRate ?? 0;
  const wht = round2(subtotal * whtRate);
  return {
    gross,
    discount,
    subtotal,
    vatRate: opts.vat ? 7 : 0,
    vat,
    total,
    whtRate,
    wht,
    payable: round2(total - wht),
  };
}

export type NumberPattern =
  | 'be-month-dash' // QT256908-0192
  | 'yy-month-dash' // IV6908-00042
  | 'slash-year' // INV-2026/0042
  | 'seq-be' // 970/2569
  | 'compact-ce' // IV2026080012
  | 'dash-ce' // TX-2608-0042
  | 'company' // SRT-INV-26-0193
  | 'seq-only'; // 00421 (with a book number)

const PREFIXES: Record<EvalKind, readonly string[]> = {
  tax_invoice: ['IV', 'TX', 'INV', 'TI', 'RT'],
  invoice: ['IV', 'INV', 'IN'],
  receipt: ['RE', 'RC', 'RV'],
  quotation: ['QT', 'QO', 'QU'],
  purchase_order: ['PO', 'PO', 'OR'],
  credit_note: ['CN', 'CR'],
  debit_note: ['DN', 'DR'],
  delivery_note: ['DO', 'DL', 'SD'],
  billing_note: ['BN', 'BL', 'BI'],
  withholding_tax_certificate: ['WT'],
  letter: ['L'],
};

/** A document number of `kind` issued on `day`. */
export function documentNumber(
  rng: Rng,
  kind: EvalKind,
  day: Day,
  pattern: NumberPattern,
  initials = 'ABC',
): string {
  const p = rng.pick(PREFIXES[kind]);
  const be = day.y + 543;
  const mm = pad(day.m);
  switch (pattern) {
    case 'be-month-dash':
      return `${p}${be}${mm}-${pad(rng.int(1, 999), 4)}`;
    case 'yy-month-dash':
      return `${p}${be % 100}${mm}-${pad(rng.int(1, 999), 5)}`;
    case 'slash-year':
      return `${rng.pick([p, p === 'IV' ? 'INV' : p])}-${day.y}/${pad(rng.int(1, 999), 4)}`;
    case 'seq-be':
      return `${rng.int(12, 1450)}/${be}`;
    case 'compact-ce':
      return `${p}${day.y}${mm}${pad(rng.int(1, 999), 4)}`;
    case 'dash-ce':
      return `${p}-${day.y % 100}${mm}-${pad(rng.int(1, 999), 4)}`;
    case 'company':
      return `${initials}-${p}-${day.y % 100}-${pad(rng.int(1, 999), 4)}`;
    case 'seq-only':
      return pad(rng.int(1, 4999), rng.pick([4, 5, 7]));
  }
}

/** A random issue date in 2025-2026 (พ.ศ. 2568-2569). */
export function issueDay(rng: Rng): Day {
  return addDays({ y: 2025, m: 1, d: 6 }, rng.int(0, 715));
}

/** A person who signs or is named on the document. */
export function personPair(rng: Rng): Pair {
  return personName(rng, true);
}
