/**
 * The content of a commercial document (tax invoice and its combined forms, invoice, receipt,
 * quotation, purchase order, credit/debit note, delivery note) before a house style lays it out:
 * who is on the letterhead, who it is addressed to and under which label, the header rows, items,
 * money rows and the distractors real paper carries (PO and quotation references, delivery dates,
 * the referenced invoice of a credit note, withholding tax, a ship-to address).
 */
import {
  branchText,
  type Ctx,
  documentNumber,
  issueDay,
  type Lang,
  type Line,
  makeLines,
  type NumberPattern,
  personPair,
  type Totals,
  totalsOf,
} from '../model.ts';
import { makeParty, type Party } from '../parties.ts';
import { addDays, bahtText, type Day, englishBahtText, round2 } from '../thai.ts';
import type { EvalKind, TruthPath } from '../truth.ts';
import { BANKS, type Pair } from '../vocab.ts';
import type { PageName } from './common.ts';

export type CommercialKind = Exclude<EvalKind, 'withholding_tax_certificate' | 'letter' | 'billing_note'>;
export type Family = 'express' | 'cloud' | 'band' | 'word' | 'corporate';

/** Which of a party's details the page prints. */
export interface Show {
  address: boolean;
  taxId: boolean;
  branch: boolean;
  phone: boolean;
  email: boolean;
  fax: boolean;
  website: boolean;
  contact: boolean;
  /** Customer / vendor code printed in the block (a distractor number). */
  code: string | null;
}

export interface PartyBlock {
  role: 'seller' | 'buyer';
  party: Party;
  /** Heading of the block (ลูกค้า, ถึง ผู้ขาย, Vendor...). */
  label: Pair;
  show: Show;
  /** Branch as printed, when shown. */
  branchText: string | null;
}

/** One header row: label and value; `path` makes it a scored value. */
export interface InfoRow {
  label: Pair;
  text: string;
  path?: TruthPath;
  value?: unknown;
}

/** One row of the money block. */
export interface MoneyRow {
  label: Pair;
  n: number;
  path?: TruthPath;
  strong?: boolean;
}

export type ColumnKey = 'no' | 'code' | 'desc' | 'qty' | 'unit' | 'price' | 'disc' | 'amount';

export interface View {
  kind: CommercialKind;
  family: Family;
  lang: Lang;
  title: Pair;
  copyMark: Pair | null;
  issuer: PartyBlock;
  counter: PartyBlock;
  /** A second address of the counterparty or issuer (ship to / deliver to), a distractor. */
  shipTo: { label: Pair; lines: string[] } | null;
  info: InfoRow[];
  lines: Line[];
  prices: boolean;
  columns: { key: ColumnKey; label: Pair }[];
  money: MoneyRow[];
  words: string | null;
  notes: string[];
  payment: { checkboxes: boolean; bank: string | null };
  signatures: Pair[];
  signer: Pair;
  stamp: boolean;
  paidStamp: string[] | null;
  multiPage: boolean;
  wrapNumber: boolean;
  page: PageName;
  font: string;
  totals: Totals | null;
}

const TITLES: Record<CommercialKind, readonly Pair[]> = {
  tax_invoice: [
    ['ใบกำกับภาษี', 'TAX INVOICE'],
    ['ใบกำกับภาษี/ใบเสร็จรับเงิน', 'TAX INVOICE/RECEIPT'],
    ['ใบเสร็จรับเงิน/ใบกำกับภาษี', 'RECEIPT/TAX INVOICE'],
    ['ใบแจ้งหนี้/ใบกำกับภาษี', 'INVOICE/TAX INVOICE'],
    ['ใบส่งของ/ใบกำกับภาษี', 'DELIVERY ORDER/TAX INVOICE'],
    ['ใบส่งสินค้า/ใบแจ้งหนี้/ใบกำกับภาษี', 'DELIVERY ORDER/INVOICE/TAX INVOICE'],
  ],
  invoice: [
    ['ใบแจ้งหนี้', 'INVOICE'],
    ['ใบแจ้งหนี้', 'Invoice'],
    ['ใบแจ้งค่าบริการ', 'SERVICE INVOICE'],
  ],
  receipt: [
    ['ใบเสร็จรับเงิน', 'RECEIPT'],
    ['ใบรับเงิน', 'RECEIPT'],
    ['ใบเสร็จรับเงิน', 'OFFICIAL RECEIPT'],
  ],
  quotation: [
    ['ใบเสนอราคา', 'QUOTATION'],
    ['ใบเสนอราคา', 'PRICE QUOTATION'],
  ],
  purchase_order: [
    ['ใบสั่งซื้อ', 'PURCHASE ORDER'],
    ['ใบสั่งซื้อ/ใบสั่งจ้าง', 'PURCHASE ORDER'],
  ],
  credit_note: [
    ['ใบลดหนี้', 'CREDIT NOTE'],
    ['ใบลดหนี้/ใบกำกับภาษี', 'CREDIT NOTE/TAX INVOICE'],
  ],
  debit_note: [
    ['ใบเพิ่มหนี้', 'DEBIT NOTE'],
    ['ใบเพิ่มหนี้/ใบกำกับภาษี', 'DEBIT NOTE/TAX INVOICE'],
  ],
  delivery_note: [
    ['ใบส่งของ', 'DELIVERY ORDER'],
    ['ใบส่งสินค้า', 'DELIVERY NOTE'],
    ['ใบส่งของชั่วคราว', 'TEMPORARY DELIVERY NOTE'],
  ],
};

const COUNTER_LABELS: Record<CommercialKind, readonly Pair[]> = {
  tax_invoice: [
    ['ลูกค้า', 'Customer'],
    ['ชื่อลูกค้า', 'Customer Name'],
    ['นามผู้ซื้อ', 'Buyer'],
    ['ผู้ซื้อ', 'Bill To'],
    ['ขายให้', 'Sold To'],
  ],
  invoice: [
    ['ลูกค้า', 'Customer'],
    ['เรียกเก็บเงินจาก', 'Bill To'],
    ['ชื่อลูกค้า', 'Customer'],
  ],
  receipt: [
    ['ได้รับเงินจาก', 'Received From'],
    ['ลูกค้า', 'Customer'],
    ['ชื่อผู้ชำระเงิน', 'Payer'],
  ],
  quotation: [
    ['เรียน', 'To'],
    ['ลูกค้า', 'Customer'],
    ['เสนอราคาให้', 'Quote To'],
  ],
  purchase_order: [
    ['ถึง ผู้ขาย', 'To Vendor'],
    ['ผู้ขาย', 'Vendor'],
    ['ชื่อผู้ขาย', 'Supplier'],
    ['สั่งซื้อจาก', 'Order From'],
    ['Vendor', 'Vendor'],
  ],
  credit_note: [
    ['ลูกค้า', 'Customer'],
    ['นามผู้ซื้อ', 'Buyer'],
  ],
  debit_note: [
    ['ลูกค้า', 'Customer'],
    ['นามผู้ซื้อ', 'Buyer'],
  ],
  delivery_note: [
    ['ลูกค้า', 'Customer'],
    ['ส่งถึง', 'Deliver To'],
    ['ผู้รับสินค้า', 'Consignee'],
  ],
};

const NUMBER_LABELS: Record<CommercialKind, readonly Pair[]> = {
  tax_invoice: [
    ['เลขที่', 'No.'],
    ['เลขที่เอกสาร', 'Document No.'],
    ['เลขที่ใบกำกับภาษี', 'Tax Invoice No.'],
  ],
  invoice: [
    ['เลขที่', 'Invoice No.'],
    ['เลขที่ใบแจ้งหนี้', 'Invoice No.'],
  ],
  receipt: [
    ['เลขที่', 'No.'],
    ['เลขที่ใบเสร็จ', 'Receipt No.'],
  ],
  quotation: [
    ['เลขที่', 'No.'],
    ['เลขที่ใบเสนอราคา', 'Quotation No.'],
  ],
  purchase_order: [
    ['เลขที่', 'PO No.'],
    ['เลขที่ใบสั่งซื้อ', 'PO Number'],
  ],
  credit_note: [
    ['เลขที่', 'No.'],
    ['เลขที่ใบลดหนี้', 'Credit Note No.'],
  ],
  debit_note: [
    ['เลขที่', 'No.'],
    ['เลขที่ใบเพิ่มหนี้', 'Debit Note No.'],
  ],
  delivery_note: [
    ['เลขที่', 'No.'],
    ['เลขที่ใบส่งของ', 'DO No.'],
  ],
};

const SUBTOTAL_LABELS: readonly Pair[] = [
  ['รวมเป็นเงิน', 'Subtotal'],
  ['รวมเงิน', 'Sub Total'],
  ['มูลค่าสินค้า', 'Net Amount'],
  ['ราคาก่อนภาษี', 'Pre-VAT Amount'],
  ['มูลค่าก่อนภาษีมูลค่าเพิ่ม', 'Amount before VAT'],
];
const VAT_LABELS: readonly Pair[] = [
  ['ภาษีมูลค่าเพิ่ม 7%', 'VAT 7%'],
  ['ภาษีมูลค่าเพิ่ม 7.00%', 'VAT 7.00%'],
  ['VAT 7%', 'VAT 7%'],
  ['จำนวนภาษีมูลค่าเพิ่ม', 'VAT Amount'],
];
const TOTAL_LABELS: readonly Pair[] = [
  ['จำนวนเงินรวมทั้งสิ้น', 'Grand Total'],
  ['ยอดรวมทั้งสิ้น', 'Total Amount'],
  ['รวมทั้งสิ้น', 'Total'],
  ['ยอดรวม', 'Total'],
  ['รวมเงินทั้งสิ้น', 'Net Total'],
  ['จำนวนเงินทั้งสิ้น', 'Total Amount'],
  ['ยอดเงินสุทธิ', 'Net Amount'],
];

const FONTS: Record<Family, readonly string[]> = {
  express: ['Norasi', 'Tlwg Typist', 'Tlwg Typo', 'Kinnari', 'Laksaman', 'Garuda'],
  cloud: ['Sawasdee', 'Loma', 'Garuda', 'Umpush', 'Waree'],
  band: ['Waree', 'Umpush', 'Loma', 'Garuda', 'Sawasdee'],
  word: ['Kinnari', 'Norasi', 'Laksaman', 'Garuda', 'Loma'],
  corporate: ['Waree', 'Loma', 'Garuda', 'Umpush'],
};

const PAGES: Record<Family, readonly (readonly [PageName, number])[]> = {
  express: [
    ['A4', 5],
    ['A5L', 2],
    ['Letter', 1],
  ],
  cloud: [['A4', 1]],
  band: [
    ['A4', 3],
    ['Letter', 1],
  ],
  word: [
    ['A4', 3],
    ['A5', 2],
  ],
  corporate: [
    ['Letter', 2],
    ['A4', 2],
  ],
};

/** Families that suit a kind (weights). */
export function familiesFor(kind: CommercialKind): readonly (readonly [Family, number])[] {
  switch (kind) {
    case 'delivery_note':
      return [
        ['express', 3],
        ['word', 2],
        ['band', 1],
      ];
    case 'receipt':
      return [
        ['word', 3],
        ['cloud', 2],
        ['express', 1],
      ];
    case 'credit_note':
    case 'debit_note':
      return [
        ['express', 2],
        ['cloud', 2],
        ['word', 1],
        ['corporate', 1],
      ];
    default:
      return [
        ['express', 3],
        ['cloud', 3],
        ['band', 2],
        ['word', 2],
        ['corporate', 2],
      ];
  }
}

function numberPatternFor(family: Family, ctx: Ctx): NumberPattern {
  const rng = ctx.rng;
  if (ctx.slot.numberPattern) return ctx.slot.numberPattern;
  switch (family) {
    case 'express':
      return rng.pick(['yy-month-dash', 'be-month-dash', 'dash-ce'] as const);
    case 'cloud':
      return rng.pick(['compact-ce', 'be-month-dash', 'compact-ce'] as const);
    case 'band':
      return rng.pick(['dash-ce', 'be-month-dash', 'company'] as const);
    case 'word':
      return rng.pick(['seq-be', 'seq-only', 'seq-be'] as const);
    case 'corporate':
      return rng.pick(['slash-year', 'company', 'dash-ce'] as const);
  }
}

function showFor(ctx: Ctx, party: Party, role: 'issuer' | 'counter', taxDoc: boolean): Show {
  const rng = ctx.rng;
  const taxId = role === 'issuer' ? rng.chance(taxDoc ? 1 : 0.7) : rng.chance(taxDoc ? 0.92 : 0.45);
  return {
    address: role === 'issuer' || rng.chance(0.92),
    taxId,
    branch: taxId && party.branch !== null && rng.chance(taxDoc ? 0.95 : 0.7),
    phone: role === 'issuer' ? rng.chance(0.92) : rng.chance(0.4),
    email: role === 'issuer' ? rng.chance(0.5) : rng.chance(0.15),
    fax: role === 'issuer' && party.fax !== null && rng.chance(0.7),
    website: role === 'issuer' && party.website !== null && rng.chance(0.5),
    contact: role === 'counter' && rng.chance(0.35),
    code:
      role === 'counter' && rng.chance(0.45)
        ? `${rng.pick(['C', 'CUS', 'AR', 'V'])}${rng.int(10, 9999)}`
        : null,
  };
}

function labelOf(ctx: Ctx, options: readonly Pair[], forced?: Pair): Pair {
  return forced ?? ctx.rng.pick(options);
}

/** The content of one commercial document of `kind`. */
export function commercialView(ctx: Ctx, kind: CommercialKind, family: Family): View {
  const rng = ctx.rng;
  const multiPage = ctx.slot.multiPage ?? false;
  const taxDoc = kind === 'tax_invoice' || kind === 'credit_note' || kind === 'debit_note';
  const vatRegistered =
    taxDoc || kind === 'purchase_order' || kind === 'quotation' || (kind !== 'receipt' && rng.chance(0.8));
  const seller = makeParty(
    rng,
    kind === 'receipt'
      ? [
          ['shop', 3],
          ['partnership', 2],
          ['company', 2],
          ['person', 1],
        ]
      : [
          ['company', 8],
          ['public', 1],
          ['partnership', 2],
        ],
  );
  const buyer = makeParty(rng, [
    ['company', 8],
    ['public', 1],
    ['partnership', 2],
    ['person', kind === 'purchase_order' ? 0 : 1],
    ['shop', kind === 'purchase_order' ? 0 : 1],
  ]);
  const issuerParty = kind === 'purchase_order' ? buyer : seller;
  const counterParty = kind === 'purchase_order' ? seller : buyer;
  const issuerRole = kind === 'purchase_order' ? 'buyer' : 'seller';
  const counterRole = kind === 'purchase_order' ? 'seller' : 'buyer';
  const title = rng.pick(TITLES[kind]);
  const issue = issueDay(rng);
  const pattern = numberPatternFor(family, ctx);
  const number = documentNumber(rng, kind, issue, pattern, seller.initials);
  const credit = rng.pick([7, 15, 30, 30, 45, 60]);
  const due: Day | null =
    kind === 'invoice' || (kind === 'tax_invoice' && /แจ้งหนี้|ส่ง/.test(title[0]))
      ? addDays(issue, credit)
      : null;

  const page: PageName =
    (ctx.slot.page as PageName | undefined) ?? (multiPage ? 'A4' : rng.weighted(PAGES[family]));
  const smallPage = page === 'A5' || page === 'A5L';
  const nLines = multiPage
    ? rng.int(26, 40)
    : smallPage
      ? rng.int(1, 5)
      : rng.weighted([
          [rng.int(1, 3), 3],
          [rng.int(4, 7), 4],
          [rng.int(8, 12), 1],
        ]);
  const trade = seller.trade;
  const lines = makeLines(rng, trade, nLines, {
    lineDiscounts: family === 'express' && rng.chance(0.4),
    details: !multiPage && !smallPage && family !== 'word',
  });
  const prices = kind !== 'delivery_note' || rng.chance(0.35);
  const services = trade === 'services' || trade === 'it';
  const whtRate =
    services && (kind === 'invoice' || kind === 'tax_invoice') && buyer.kind !== 'person' && rng.chance(0.45)
      ? rng.pick([0.03, 0.03, 0.01, 0.02, 0.05])
      : 0;
  const discount =
    prices && !multiPage && rng.chance(0.2)
      ? round2(lines.reduce((s, l) => s + l.amount, 0) * rng.pick([0.02, 0.05, 0.1]))
      : 0;
  const vat = prices && vatRegistered;
  const totals = prices ? totalsOf(lines, { vat, discount, whtRate }) : null;

  const issuerShow = showFor(ctx, issuerParty, 'issuer', taxDoc);
  const counterShow = showFor(ctx, counterParty, 'counter', taxDoc);
  const issuer: PartyBlock = {
    role: issuerRole,
    party: issuerParty,
    label: kind === 'purchase_order' ? ['ผู้สั่งซื้อ', 'Buyer'] : ['ผู้ขาย', 'Seller'],
    show: issuerShow,
    branchText: issuerShow.branch ? branchText(rng, ctx.lang, issuerParty) : null,
  };
  const counter: PartyBlock = {
    role: counterRole,
    party: counterParty,
    label: labelOf(ctx, COUNTER_LABELS[kind], ctx.slot.counterLabel),
    show: counterShow,
    branchText: counterShow.branch ? branchText(rng, ctx.lang, counterParty) : null,
  };

  const info: InfoRow[] = [];
  const numberRow: InfoRow = {
    label: rng.pick(NUMBER_LABELS[kind]),
    text: number,
    path: 'documentNumber',
    value: number,
  };
  const dateRow: InfoRow = {
    label: rng.pick([
      ['วันที่', 'Date'],
      ['วันที่', 'Date'],
      ['ลงวันที่', 'Date'],
      ['วันที่เอกสาร', 'Issue Date'],
    ] as Pair[]),
    text: ctx.date(issue),
    path: 'issueDate',
    value: issue,
  };
  const book = pattern === 'seq-only' ? String(rng.int(1, 60)) : null;
  if (book) info.push({ label: ['เล่มที่', 'Book No.'], text: book });
  info.push(numberRow, dateRow);
  if (book) ctx.ink.extra.bookNumber = book;

  const otherNumber = (k: EvalKind, day: Day) =>
    documentNumber(
      rng,
      k,
      day,
      rng.pick(['be-month-dash', 'compact-ce', 'dash-ce', 'slash-year'] as const),
      counterParty.initials,
    );
  const refRows: InfoRow[] = [];
  if (due) {
    info.push({
      label: rng.pick([
        ['ครบกำหนด', 'Due Date'],
        ['วันครบกำหนด', 'Due Date'],
        ['กำหนดชำระ', 'Payment Due'],
        ['ครบกำหนดชำระ', 'Due'],
      ] as Pair[]),
      text: ctx.date(due),
      path: 'dueDate',
      value: due,
    });
  }
  if (kind !== 'receipt' && kind !== 'credit_note' && kind !== 'debit_note' && rng.chance(0.6))
    info.push({
      label: rng.pick([
        ['เครดิต', 'Credit'],
        ['เงื่อนไขการชำระเงิน', 'Payment Terms'],
        ['ระยะเวลาชำระ', 'Terms'],
      ] as Pair[]),
      text: ctx.lang === 'en' ? `Net ${credit}` : `${credit} วัน`,
    });
  if ((kind === 'tax_invoice' || kind === 'invoice' || kind === 'delivery_note') && rng.chance(0.55)) {
    const po = otherNumber('purchase_order', addDays(issue, -rng.int(3, 20)));
    refRows.push({
      label: rng.pick([
        ['เลขที่ใบสั่งซื้อ', 'PO No.'],
        ['อ้างอิง', 'Reference'],
        ['ใบสั่งซื้อเลขที่', 'P/O No.'],
      ] as Pair[]),
      text: po,
    });
    ctx.ink.extra.purchaseOrderNumber = po;
    ctx.ink.features.add('po-reference');
  }
  if (kind === 'purchase_order') {
    const qt = otherNumber('quotation', addDays(issue, -rng.int(3, 25)));
    refRows.push({
      label: rng.pick([
        ['อ้างอิงใบเสนอราคา', 'Quotation Ref.'],
        ['อ้างอิง', 'Ref.'],
      ] as Pair[]),
      text: qt,
    });
    const delivery = addDays(issue, rng.int(5, 30));
    refRows.push({
      label: rng.pick([
        ['กำหนดส่งของ', 'Delivery Date'],
        ['วันที่ส่งสินค้า', 'Delivery Date'],
      ] as Pair[]),
      text: ctx.date(delivery),
    });
    ctx.ink.extra.quotationReference = qt;
    ctx.ink.extra.deliveryDate = delivery;
    ctx.ink.features.add('delivery-date');
  }
  if (kind === 'quotation') {
    refRows.push({
      label: rng.pick([
        ['ยืนราคา', 'Validity'],
        ['ราคานี้มีผล', 'Valid for'],
      ] as Pair[]),
      text: ctx.lang === 'en' ? `${rng.pick([15, 30, 60])} days` : `${rng.pick([15, 30, 60])} วัน`,
    });
    if (rng.chance(0.5))
      refRows.push({
        label: ['กำหนดส่งของ', 'Delivery'],
        text:
          ctx.lang === 'en' ? `${rng.int(7, 45)} days after PO` : `ภายใน ${rng.int(7, 45)} วันหลังได้รับใบสั่งซื้อ`,
      });
  }
  if (kind === 'credit_note' || kind === 'debit_note') {
    const refDay = addDays(issue, -rng.int(5, 60));
    const ref = otherNumber('tax_invoice', refDay);
    const refLabel: Pair = rng.pick([
      ['อ้างอิงใบกำกับภาษีเลขที่', 'Ref. Tax Invoice No.'],
      ['ใบกำกับภาษีเดิมเลขที่', 'Original Invoice No.'],
      ['อ้างถึงใบกำกับภาษี', 'Reference Invoice'],
    ] as Pair[]);
    refRows.push(
      { label: refLabel, text: ref },
      { label: ['ลงวันที่', 'Invoice Date'], text: ctx.date(refDay) },
    );
    ctx.ink.extra.referenceNumber = ref;
    ctx.ink.extra.referenceDate = refDay;
    ctx.ink.features.add('reference-invoice');
  }
  if (kind === 'delivery_note' && rng.chance(0.6)) {
    refRows.push({ label: ['ทะเบียนรถ', 'Truck No.'], text: `${rng.int(70, 89)}-${rng.int(1000, 9999)}` });
  }
  if (rng.chance(0.4))
    refRows.push({
      label: kind === 'purchase_order' ? ['ผู้ขอซื้อ', 'Requested by'] : ['พนักงานขาย', 'Salesperson'],
      text: ctx.t(personPair(rng)),
    });
  // Reference rows (other numbers and dates) sometimes come before the document's own number.
  if ((kind === 'credit_note' || kind === 'debit_note') && rng.chance(0.5)) info.unshift(...refRows);
  else info.push(...refRows);

  const cols = columnsFor(ctx, family, kind, prices, lines);
  const money = totals ? moneyRows(ctx, kind, totals, rng) : [];
  const grand = totals?.total ?? null;
  const words =
    grand !== null && rng.chance(family === 'band' ? 0.6 : 0.85)
      ? ctx.lang === 'en'
        ? englishBahtText(grand)
        : bahtText(grand)
      : null;
  const shipTo =
    (kind === 'purchase_order' || kind === 'tax_invoice' || kind === 'delivery_note') && rng.chance(0.3)
      ? {
          label: (kind === 'purchase_order'
            ? rng.pick([
                ['สถานที่ส่งของ', 'Ship To'],
                ['ส่งสินค้าที่', 'Deliver To'],
              ])
            : rng.pick([
                ['สถานที่ส่งสินค้า', 'Ship To'],
                ['ส่งที่', 'Ship To'],
              ])) as Pair,
          lines: ctx.address(makeParty(rng)),
        }
      : null;
  if (shipTo) ctx.ink.features.add('ship-to-address');

  const notes: string[] = [];
  if (kind === 'credit_note' || kind === 'debit_note')
    notes.push(
      `${ctx.t(['เหตุผล', 'Reason'])}: ${ctx.t(
        rng.pick(
          kind === 'credit_note'
            ? ([
                ['รับคืนสินค้าชำรุด', 'Defective goods returned'],
                ['ลดราคาสินค้าเนื่องจากส่งล่าช้า', 'Discount for late delivery'],
                ['คำนวณราคาสินค้าสูงกว่าที่ตกลง', 'Price charged above the agreed price'],
              ] as Pair[])
            : ([
                ['ส่งสินค้าเกินจำนวนที่ระบุในใบกำกับภาษี', 'More goods delivered than invoiced'],
                ['คำนวณราคาสินค้าต่ำกว่าที่ตกลง', 'Price charged below the agreed price'],
              ] as Pair[]),
        ),
      )}`,
    );
  if (kind === 'quotation' && rng.chance(0.6))
    notes.push(ctx.t(['ราคานี้รวมค่าขนส่งในเขตกรุงเทพฯ และปริมณฑลแล้ว', 'Prices include delivery within Bangkok']));
  if (!smallPage && rng.chance(0.35))
    notes.push(
      ctx.t(
        rng.pick([
          [
            'สินค้าตามรายการข้างต้น แม้จะได้ส่งมอบแก่ผู้ซื้อแล้ว ยังคงเป็นทรัพย์สินของผู้ขายจนกว่าผู้ซื้อจะได้ชำระเงินเรียบร้อยแล้ว',
            'Goods remain the property of the seller until paid in full',
          ],
          [
            'การชำระเงินด้วยเช็ค กรุณาขีดคร่อมสั่งจ่ายในนามบริษัทฯ เท่านั้น',
            'Cheques must be crossed and made payable to the company',
          ],
          ['กรุณาตรวจสอบสินค้าภายใน 7 วัน หลังจากได้รับสินค้า', 'Please check the goods within 7 days of receipt'],
        ] as Pair[]),
      ),
    );
  const bankPair = rng.pick(BANKS);
  const bank =
    (kind === 'invoice' || kind === 'tax_invoice' || kind === 'quotation') && rng.chance(0.55)
      ? `${ctx.t(bankPair)} ${ctx.t(['สาขา', 'Branch'])} ${ctx.t(
          rng.pick([
            ['สีลม', 'Silom'],
            ['บางนา', 'Bang Na'],
            ['รัชดาภิเษก', 'Ratchadaphisek'],
            ['ถนนเพชรบุรี', 'Phetchaburi Rd.'],
          ] as Pair[]),
        )} ${ctx.t(['เลขที่บัญชี', 'A/C No.'])} ${rng.int(100, 999)}-${rng.int(0, 9)}-${rng.int(10000, 99999)}-${rng.int(0, 9)}`
      : null;
  if (bank) ctx.ink.features.add('bank-account');
  const paidStamp =
    kind === 'receipt' || (kind === 'tax_invoice' && /เสร็จ/.test(title[0]))
      ? rng.chance(0.35)
        ? [ctx.lang === 'en' ? 'PAID' : 'ได้รับเงินแล้ว', ctx.date(addDays(issue, rng.int(0, 5)))]
        : null
      : null;
  if (paidStamp) ctx.ink.features.add('paid-stamp-date');

  return {
    kind,
    family,
    lang: ctx.lang,
    title,
    copyMark: rng.chance(0.6)
      ? rng.pick([
          ['ต้นฉบับ', 'ORIGINAL'],
          ['ต้นฉบับ (เอกสารออกเป็นชุด)', 'Original'],
        ] as Pair[])
      : null,
    issuer,
    counter,
    shipTo,
    info,
    lines,
    prices,
    columns: cols,
    money,
    words,
    notes,
    payment: {
      checkboxes:
        kind === 'receipt' || (kind === 'tax_invoice' && /เสร็จ/.test(title[0])) ? rng.chance(0.7) : false,
      bank,
    },
    signatures: signaturesFor(kind, rng),
    signer: personPair(rng),
    stamp: rng.chance(0.45),
    paidStamp,
    multiPage,
    wrapNumber: ctx.slot.wrapNumber ?? false,
    page,
    font: ctx.slot.font ?? rng.pick(FONTS[family]),
    totals,
  };
}

function columnsFor(
  ctx: Ctx,
  family: Family,
  kind: CommercialKind,
  prices: boolean,
  lines: Line[],
): View['columns'] {
  const rng = ctx.rng;
  const cols: View['columns'] = [];
  cols.push({
    key: 'no',
    label: rng.pick([
      ['ลำดับ', 'No.'],
      ['#', '#'],
      ['ที่', 'Item'],
    ] as Pair[]),
  });
  if (family === 'express' || (family === 'band' && rng.chance(0.5)) || kind === 'delivery_note')
    cols.push({
      key: 'code',
      label: rng.pick([
        ['รหัสสินค้า', 'Code'],
        ['รหัส', 'Item Code'],
      ] as Pair[]),
    });
  cols.push({
    key: 'desc',
    label: rng.pick([
      ['รายการ', 'Description'],
      ['รายละเอียด', 'Description'],
      ['รายการสินค้า/บริการ', 'Item'],
    ] as Pair[]),
  });
  cols.push({
    key: 'qty',
    label: rng.pick([
      ['จำนวน', 'Qty'],
      ['จำนวน', 'Quantity'],
    ] as Pair[]),
  });
  if (family !== 'cloud' || !prices) cols.push({ key: 'unit', label: ['หน่วย', 'Unit'] });
  if (prices) {
    cols.push({
      key: 'price',
      label: rng.pick([
        ['ราคาต่อหน่วย', 'Unit Price'],
        ['หน่วยละ', 'Unit Price'],
        ['ราคา/หน่วย', 'Price/Unit'],
      ] as Pair[]),
    });
    if (lines.some((l) => l.discount > 0)) cols.push({ key: 'disc', label: ['ส่วนลด', 'Discount'] });
    cols.push({
      key: 'amount',
      label: rng.pick([
        ['จำนวนเงิน', 'Amount'],
        ['ยอดรวม', 'Total'],
        ['จำนวนเงิน', 'Amount (THB)'],
      ] as Pair[]),
    });
  }
  return cols;
}

function moneyRows(ctx: Ctx, kind: CommercialKind, t: Totals, rng: Ctx['rng']): MoneyRow[] {
  const totalLabel = ctx.slot.totalLabel ?? rng.pick(t.wht ? TOTAL_LABELS.slice(0, 6) : TOTAL_LABELS);
  const subtotalLabel = rng.pick(SUBTOTAL_LABELS.filter((l) => l[0] !== totalLabel[0]));
  const rows: MoneyRow[] = [];
  if (kind === 'credit_note' || kind === 'debit_note') {
    const original = round2(t.subtotal * rng.float(2, 12));
    const correct = kind === 'credit_note' ? round2(original - t.subtotal) : round2(original + t.subtotal);
    rows.push(
      { label: ['มูลค่าสินค้าตามใบกำกับภาษีเดิม', 'Original invoice value'], n: original },
      { label: ['มูลค่าสินค้าที่ถูกต้อง', 'Correct value'], n: correct },
      { label: ['ผลต่าง', 'Difference'], n: t.subtotal, path: 'subtotal' },
      { label: rng.pick(VAT_LABELS), n: t.vat, path: 'vat' },
      { label: totalLabel, n: t.total, path: 'total', strong: true },
    );
    ctx.ink.extra.originalValue = original;
    ctx.ink.extra.correctValue = correct;
    return rows;
  }
  if (t.vatRate) {
    if (t.discount) {
      rows.push(
        { label: subtotalLabel, n: t.gross },
        { label: ['หักส่วนลด', 'Less Discount'], n: t.discount },
        { label: ['ยอดหลังหักส่วนลด', 'After Discount'], n: t.subtotal, path: 'subtotal' },
      );
    } else rows.push({ label: subtotalLabel, n: t.subtotal, path: 'subtotal' });
    rows.push({ label: rng.pick(VAT_LABELS), n: t.vat, path: 'vat' });
  } else if (t.discount) {
    rows.push({ label: subtotalLabel, n: t.gross }, { label: ['ส่วนลด', 'Discount'], n: t.discount });
  }
  rows.push({ label: totalLabel, n: t.total, path: 'total', strong: true });
  if (t.wht) {
    const pct = `${Math.round(t.whtRate * 100)}%`;
    rows.push(
      { label: [`หักภาษี ณ ที่จ่าย ${pct}`, `Less Withholding Tax ${pct}`], n: t.wht },
      {
        label: rng.pick([
          ['ยอดชำระ', 'Amount Due'],
          ['จำนวนเงินที่ต้องชำระ', 'Net Payable'],
        ] as Pair[]),
        n: t.payable,
        strong: true,
      },
    );
    ctx.ink.extra.withholdingTax = t.wht;
    ctx.ink.features.add('withholding-tax-row');
  }
  return rows;
}

function signaturesFor(kind: CommercialKind, rng: Ctx['rng']): Pair[] {
  switch (kind) {
    case 'quotation':
      return [
        ['ผู้เสนอราคา', 'Quoted by'],
        ['ผู้อนุมัติสั่งซื้อ', 'Accepted by'],
      ];
    case 'purchase_order':
      return rng.pick([
        [
          ['ผู้สั่งซื้อ', 'Ordered by'],
          ['ผู้อนุมัติ', 'Approved by'],
        ],
        [
          ['ผู้จัดทำ', 'Prepared by'],
          ['ผู้อนุมัติ', 'Approved by'],
          ['ผู้ขายยืนยันการสั่งซื้อ', 'Vendor acceptance'],
        ],
      ] as Pair[][]);
    case 'delivery_note':
      return [
        ['ผู้ส่งสินค้า', 'Delivered by'],
        ['ผู้รับสินค้า', 'Received by'],
      ];
    case 'receipt':
      return [['ผู้รับเงิน', 'Collector']];
    default:
      return rng.pick([
        [
          ['ผู้รับสินค้า', 'Received by'],
          ['ผู้ส่งสินค้า', 'Delivered by'],
          ['ผู้มีอำนาจลงนาม', 'Authorized Signature'],
        ],
        [
          ['ผู้รับเงิน', 'Collector'],
          ['ผู้มีอำนาจลงนาม', 'Authorized Signature'],
        ],
        [
          ['ผู้รับวางบิล', 'Received by'],
          ['ผู้อนุมัติ', 'Approved by'],
        ],
      ] as Pair[][]);
  }
}
