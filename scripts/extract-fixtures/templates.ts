/**
 * HTML templates of Thai and English business documents with varied layouts and value formats. Each
 * renders a {@link DocTruth} the way real paperwork prints it (Buddhist-era dates, Thai digits, dashed
 * tax IDs, bilingual labels, amounts in words), so extraction is measured on realistic pages.
 */
import {
  addDays,
  bahtText,
  type DocTruth,
  englishBahtText,
  type Lang,
  type Party,
  pick,
  type Rand,
} from './data.ts';

const TH_MONTHS = [
  'มกราคม',
  'กุมภาพันธ์',
  'มีนาคม',
  'เมษายน',
  'พฤษภาคม',
  'มิถุนายน',
  'กรกฎาคม',
  'สิงหาคม',
  'กันยายน',
  'ตุลาคม',
  'พฤศจิกายน',
  'ธันวาคม',
];
const TH_ABBR = [
  'ม.ค.',
  'ก.พ.',
  'มี.ค.',
  'เม.ย.',
  'พ.ค.',
  'มิ.ย.',
  'ก.ค.',
  'ส.ค.',
  'ก.ย.',
  'ต.ค.',
  'พ.ย.',
  'ธ.ค.',
];
const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const thaiDigits = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0x0e50 + Number(d)));
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const money = (n: number) =>
  n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

type DateStyle = (iso: string) => string;
const dd = (iso: string) => iso.slice(8, 10);
const mm = (iso: string) => Number(iso.slice(5, 7));
const yyyy = (iso: string) => Number(iso.slice(0, 4));

const TH_DATES: DateStyle[] = [
  (d) => `${Number(dd(d))} ${TH_MONTHS[mm(d) - 1]} ${yyyy(d) + 543}`,
  (d) => `${Number(dd(d))} ${TH_MONTHS[mm(d) - 1]} พ.ศ. ${yyyy(d) + 543}`,
  (d) => `${Number(dd(d))} ${TH_ABBR[mm(d) - 1]} ${yyyy(d) + 543}`,
  (d) => `${dd(d)} ${TH_ABBR[mm(d) - 1]} ${(yyyy(d) + 543) % 100}`,
  (d) => `${dd(d)}/${String(mm(d)).padStart(2, '0')}/${yyyy(d) + 543}`,
  (d) => `${dd(d)}/${String(mm(d)).padStart(2, '0')}/${yyyy(d)}`,
  (d) => thaiDigits(`${Number(dd(d))} ${TH_MONTHS[mm(d) - 1]} ${yyyy(d) + 543}`),
  (d) => thaiDigits(`${dd(d)}/${String(mm(d)).padStart(2, '0')}/${yyyy(d) + 543}`),
  (d) => `${Number(dd(d))} เดือน${TH_MONTHS[mm(d) - 1]} พ.ศ. ${yyyy(d) + 543}`,
  (d) => `${Number(dd(d))} ${TH_ABBR[mm(d) - 1]} ${(yyyy(d) + 543) % 100}`,
  (d) => `${Number(dd(d))} ${TH_MONTHS[mm(d) - 1]} ค.ศ. ${yyyy(d)}`,
];
const EN_DATES: DateStyle[] = [
  (d) => `${Number(dd(d))} ${EN_MONTHS[mm(d) - 1]} ${yyyy(d)}`,
  (d) => `${EN_MONTHS[mm(d) - 1]} ${Number(dd(d))}, ${yyyy(d)}`,
  (d) => `${dd(d)}-${EN_MONTHS[mm(d) - 1]?.slice(0, 3)}-${yyyy(d)}`,
  (d) => `${dd(d)}/${String(mm(d)).padStart(2, '0')}/${yyyy(d)}`,
  (d) => d,
];

const TAX_STYLES = [
  (t: string) => t,
  (t: string) => `${t[0]}-${t.slice(1, 5)}-${t.slice(5, 10)}-${t.slice(10, 12)}-${t[12]}`,
  (t: string) => `${t[0]} ${t.slice(1, 5)} ${t.slice(5, 10)} ${t.slice(10, 12)} ${t[12]}`,
];

interface Labels {
  title: Record<DocTruth['documentType'], string[]>;
  number: string[];
  date: string[];
  due: string[];
  valid: string[];
  buyer: string[];
  seller: string[];
  taxId: string[];
  head: string;
  branch: (code: string) => string;
  phone: string[];
  email: string[];
  address: string;
  cols: [no: string, desc: string, qty: string, price: string, amount: string];
  subtotal: string[];
  vat: string[];
  total: string[];
  /** A total line standing alone (no VAT breakdown: billing notes). */
  sum: string[];
  words: (n: number) => string;
  /** How a page cites another document's number and date. */
  ref: Record<string, string[]>;
  refDate: string;
  billingCols: [no: string, number: string, date: string, due: string, amount: string];
}

const TH: Labels = {
  title: {
    invoice: ['ใบแจ้งหนี้', 'ใบแจ้งหนี้ / ใบวางบิล'],
    tax_invoice: ['ใบกำกับภาษี', 'ใบกำกับภาษี/ใบเสร็จรับเงิน', 'ใบแจ้งหนี้/ใบกำกับภาษี'],
    receipt: ['ใบเสร็จรับเงิน'],
    quotation: ['ใบเสนอราคา'],
    purchase_order: ['ใบสั่งซื้อ'],
    credit_note: ['ใบลดหนี้', 'ใบลดหนี้/ใบกำกับภาษี'],
    debit_note: ['ใบเพิ่มหนี้', 'ใบเพิ่มหนี้/ใบกำกับภาษี'],
    billing_note: ['ใบวางบิล', 'ใบวางบิล / ใบแจ้งยอด'],
    delivery_note: ['ใบส่งของ', 'ใบส่งสินค้า'],
    letter: ['หนังสือ'],
  },
  number: ['เลขที่', 'เลขที่เอกสาร'],
  date: ['วันที่', 'ลงวันที่'],
  due: ['ครบกำหนดชำระ', 'วันครบกำหนด', 'กำหนดชำระ'],
  valid: ['ยืนราคาถึง'],
  buyer: ['ลูกค้า', 'ชื่อลูกค้า', 'ผู้ซื้อ', 'นามผู้ซื้อ', 'ผู้ซื้อ/ผู้รับบริการ', 'เรียน'],
  seller: ['ผู้ขาย', 'ถึง ผู้ขาย', 'เรียน'],
  taxId: ['เลขประจำตัวผู้เสียภาษี', 'เลขประจำตัวผู้เสียภาษีอากร'],
  head: 'สำนักงานใหญ่',
  branch: (c) => `สาขาที่ ${c}`,
  phone: ['โทร.', 'โทรศัพท์'],
  email: ['อีเมล', 'E-mail:'],
  address: 'ที่อยู่',
  cols: ['ลำดับ', 'รายการ', 'จำนวน', 'ราคาต่อหน่วย', 'จำนวนเงิน'],
  subtotal: ['รวมเงิน', 'รวมเป็นเงิน', 'มูลค่าสินค้า', 'ยอดรวม', 'ราคาสินค้า/บริการ'],
  vat: ['ภาษีมูลค่าเพิ่ม 7%', 'ภาษีมูลค่าเพิ่ม', 'จำนวนภาษีมูลค่าเพิ่ม'],
  total: ['จำนวนเงินรวมทั้งสิ้น', 'รวมทั้งสิ้น', 'ยอดรวมสุทธิ', 'ยอดรวมทั้งสิ้น', 'รวมเงินทั้งสิ้น'],
  sum: ['ยอดรวม', 'รวมเงิน', 'ยอดรวมทั้งสิ้น', 'ยอดรวม Total'],
  words: (n) => `(${bahtText(n)})`,
  ref: {
    tax_invoice: ['อ้างอิงใบกำกับภาษีเลขที่', 'ใบกำกับภาษีเดิมเลขที่', 'ตามใบกำกับภาษีเลขที่'],
    invoice: ['อ้างอิงใบแจ้งหนี้เลขที่'],
    quotation: ['อ้างอิงใบเสนอราคาเลขที่', 'ตามใบเสนอราคาเลขที่'],
    purchase_order: ['เลขที่ใบสั่งซื้อ', 'อ้างอิงใบสั่งซื้อเลขที่'],
  },
  refDate: 'ลงวันที่',
  billingCols: ['ลำดับ', 'เลขที่ใบกำกับภาษี', 'ลงวันที่', 'ครบกำหนด', 'จำนวนเงิน'],
};

const EN: Labels = {
  title: {
    invoice: ['INVOICE'],
    tax_invoice: ['TAX INVOICE', 'TAX INVOICE / RECEIPT'],
    receipt: ['RECEIPT', 'OFFICIAL RECEIPT'],
    quotation: ['QUOTATION'],
    purchase_order: ['PURCHASE ORDER'],
    credit_note: ['CREDIT NOTE'],
    debit_note: ['DEBIT NOTE'],
    billing_note: ['BILLING NOTE'],
    delivery_note: ['DELIVERY NOTE', 'DELIVERY ORDER'],
    letter: ['LETTER'],
  },
  number: ['No.', 'Document No.', 'Number'],
  date: ['Date', 'Issue Date'],
  due: ['Due Date', 'Payment Due'],
  valid: ['Valid Until'],
  buyer: ['Bill To', 'Customer', 'Sold To', 'To:'],
  seller: ['Vendor', 'Supplier', 'To: Vendor'],
  taxId: ['Tax ID', 'Tax ID No.', 'Taxpayer ID'],
  head: 'Head Office',
  branch: (c) => `Branch ${c}`,
  phone: ['Tel:', 'Phone:'],
  email: ['Email:'],
  address: 'Address',
  cols: ['#', 'Description', 'Qty', 'Unit Price', 'Amount'],
  subtotal: ['Subtotal', 'Sub Total', 'Total before VAT', 'Total'],
  vat: ['VAT 7%', 'VAT (7%)'],
  total: ['Grand Total', 'Total Amount', 'Total', 'Amount Due', 'Total (incl. VAT)'],
  sum: ['Total', 'Grand Total', 'Total Amount'],
  words: (n) => `(${englishBahtText(n)})`,
  ref: {
    tax_invoice: ['Invoice No.', 'Ref. Invoice No.', 'Original Invoice No.'],
    invoice: ['Invoice No.'],
    quotation: ['Quotation No.', 'Ref. Quotation'],
    purchase_order: ['PO No.', 'Your PO No.', 'Customer PO'],
  },
  refDate: 'dated',
  billingCols: ['#', 'Invoice No.', 'Invoice Date', 'Due Date', 'Amount'],
};

/**
 * The broadened vocabulary (documents 61 and after): the elements of a tax invoice under Revenue Code
 * section 86/4 as accounting software (Express, FlowAccount, PEAK-style forms) and hand-made forms print
 * them, other branch spellings and other date labels and formats.
 */
const TH_BROAD: Labels = {
  ...TH,
  number: ['เลขที่', 'เลขที่เอกสาร', 'เลขที่ใบกำกับ', 'เล่มที่/เลขที่'],
  date: ['วันที่', 'วันที่ออก', 'วันที่เอกสาร', 'วันที่ออกเอกสาร', 'ว/ด/ป'],
  due: ['ครบกำหนด', 'วันครบกำหนดชำระ', 'กำหนดชำระเงิน'],
  buyer: ['ลูกค้า', 'นามลูกค้า', 'ชื่อลูกค้า', 'ชื่อผู้ซื้อ', 'ผู้ซื้อ', 'นามผู้ซื้อ', 'ผู้ซื้อ/ผู้รับบริการ'],
  seller: ['ผู้ขาย', 'ชื่อผู้ขาย', 'ผู้ขาย/ผู้ให้บริการ', 'ผู้จำหน่าย'],
  taxId: ['เลขประจำตัวผู้เสียภาษี', 'เลขประจำตัวผู้เสียภาษีอากร', 'เลขที่ผู้เสียภาษี', 'Tax ID'],
  head: 'สำนักงานใหญ่',
  phone: ['โทร.', 'โทรศัพท์', 'Tel.', 'โทร'],
};
const EN_BROAD: Labels = {
  ...EN,
  number: ['No.', 'Invoice No.', 'Doc. No.', 'Document No.'],
  date: ['Date', 'Invoice Date', 'Date of Issue', 'Issued'],
  buyer: ['Bill To', 'Sold To', 'Customer', 'Customer Name', 'Buyer'],
  seller: ['Seller', 'Vendor', 'Supplier', 'From'],
};
/** Branch spellings of the broadened documents (head office, branch code). */
const TH_BRANCHES: ((code: string) => string)[] = [
  (c) => (c === '00000' ? 'สำนักงานใหญ่' : `สาขาที่ ${c}`),
  (c) => (c === '00000' ? '(สำนักงานใหญ่)' : `(สาขาที่ ${c})`),
  (c) => (c === '00000' ? 'สาขา สำนักงานใหญ่' : `สาขา ${c}`),
  (c) => (c === '00000' ? 'สำนักงานใหญ่ (00000)' : `สาขาเลขที่ ${c}`),
];
const EN_BRANCHES: ((code: string) => string)[] = [
  (c) => (c === '00000' ? 'Head Office' : `Branch ${c}`),
  (c) => (c === '00000' ? '(Head Office)' : `Branch No. ${c}`),
  (c) => (c === '00000' ? 'Head office' : `(Branch ${c})`),
];
const TH_BROAD_DATES: DateStyle[] = [
  ...TH_DATES,
  (d) => `${dd(d)}/${String(mm(d)).padStart(2, '0')}/${String((yyyy(d) + 543) % 100).padStart(2, '0')}`,
  (d) => `${Number(dd(d))} ${TH_ABBR[mm(d) - 1]?.replace(/\.$/, '')} ${yyyy(d) + 543}`,
  (d) => thaiDigits(`${Number(dd(d))} ${TH_ABBR[mm(d) - 1]} ${yyyy(d) + 543}`),
  (d) => `${Number(dd(d))} ${TH_MONTHS[mm(d) - 1]} ${yyyy(d)}`,
  (d) => `${dd(d)}-${String(mm(d)).padStart(2, '0')}-${yyyy(d) + 543}`,
];
const EN_BROAD_DATES: DateStyle[] = [
  ...EN_DATES,
  (d) => `${Number(dd(d))} ${EN_MONTHS[mm(d) - 1]?.slice(0, 3)} ${yyyy(d)}`,
  (d) => `${EN_MONTHS[mm(d) - 1]?.slice(0, 3)} ${Number(dd(d))}, ${yyyy(d)}`,
  (d) => `${dd(d)}.${String(mm(d)).padStart(2, '0')}.${yyyy(d)}`,
];

const EN_NUMBER: Record<DocTruth['documentType'], string> = {
  invoice: 'Invoice No.',
  tax_invoice: 'Tax Invoice No.',
  receipt: 'Receipt No.',
  quotation: 'Quotation No.',
  purchase_order: 'PO Number',
  credit_note: 'Credit Note No.',
  debit_note: 'Debit Note No.',
  billing_note: 'Billing No.',
  delivery_note: 'Delivery Note No.',
  letter: 'Ref.',
};

/** Everything a template needs, with the formats chosen for this document. */
interface Ctx {
  t: DocTruth;
  L: Labels;
  /** Bilingual labels (Thai / English) on Thai documents. */
  bi: boolean;
  date: DateStyle;
  tax: (t: string) => string;
  lab: (th: string, en: string) => string;
  r: Rand;
  /** Broadened vocabulary (see {@link TH_BROAD}). */
  broad: boolean;
}

function ctx(r: Rand, t: DocTruth, broad: boolean): Ctx {
  const th = t.lang === 'th';
  const L = broad
    ? { ...(th ? TH_BROAD : EN_BROAD), branch: pick(r, th ? TH_BRANCHES : EN_BRANCHES) }
    : th
      ? TH
      : EN;
  const bi = t.lang === 'th' && r() < (broad ? 0.5 : 0.35);
  return {
    t,
    L,
    bi,
    broad,
    date: pick(r, broad ? (th ? TH_BROAD_DATES : EN_BROAD_DATES) : th ? TH_DATES : EN_DATES),
    tax: pick(r, TAX_STYLES),
    lab: (th, en) => (bi ? `${th} / ${en}` : t.lang === 'th' ? th : en),
    r,
  };
}

function numberLabel(c: Ctx): string {
  if (c.t.lang === 'en') return pick(c.r, [EN_NUMBER[c.t.documentType], ...c.L.number]);
  return c.lab(pick(c.r, c.L.number), 'No.');
}

function branchText(c: Ctx, p: Party): string {
  if (c.broad) return c.L.branch(p.branch);
  return p.branch === '00000' ? c.L.head : c.L.branch(p.branch);
}

function partyLines(c: Ctx, p: Party, opts: { name?: boolean } = {}): string {
  const lines = [
    opts.name === false ? '' : `<div class="pname">${esc(p.name)}</div>`,
    `<div>${esc(p.address)}</div>`,
    `<div>${c.lab(pick(c.r, c.L.taxId), 'Tax ID')} ${c.tax(p.taxId)} &nbsp; ${esc(branchText(c, p))}</div>`,
    `<div>${pick(c.r, c.L.phone)} ${p.phone} &nbsp; ${pick(c.r, c.L.email)} ${p.email}</div>`,
  ];
  return lines.join('');
}

function itemsTable(c: Ctx, bordered: boolean, twoLineHead: boolean): string {
  const billing = c.t.documentType === 'billing_note';
  const cols = billing ? c.L.billingCols : c.L.cols;
  const en = billing ? EN.billingCols : EN.cols;
  const head = cols
    .map(
      (h, i) =>
        `<th>${h}${twoLineHead && c.t.lang === 'th' ? `<br><span class="en">${en[i]}</span>` : ''}</th>`,
    )
    .join('');
  const rows = c.t.lineItems
    .map((it, i) => {
      const cells = billing
        ? [
            esc(it.description),
            c.date(addDays(c.t.issueDate, -10 - i * 3)),
            c.date(addDays(c.t.issueDate, 20 - i * 3)),
          ]
        : [esc(it.description), String(it.quantity), money(it.unitPrice ?? 0)];
      return `<tr><td class="c">${i + 1}</td><td>${cells[0]}</td><td class="r">${cells[1]}</td><td class="r">${cells[2]}</td><td class="r">${money(it.amount)}</td></tr>`;
    })
    .join('');
  return `<table class="items ${bordered ? 'bordered' : 'plain'}"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

function totals(c: Ctx): string {
  const L = c.L;
  const row = (label: string, v: number | null, cls = '') =>
    `<tr class="${cls}"><td>${label}</td><td class="r">${money(v ?? 0)}</td></tr>`;
  if (c.t.subtotal === null || c.t.vat === null)
    return `<table class="totals">${row(c.lab(pick(c.r, L.sum), 'Total'), c.t.total, 'grand')}</table>`;
  const sub = pick(c.r, L.subtotal);
  const total = pick(
    c.r,
    L.total.filter((t) => t !== sub),
  );
  return `<table class="totals">${row(c.lab(sub, 'Subtotal'), c.t.subtotal)}${row(
    c.lab(pick(c.r, L.vat), 'VAT 7%'),
    c.t.vat,
  )}${row(c.lab(total, 'Grand Total'), c.t.total, 'grand')}</table>`;
}

/** The line citing another document, as the page prints it (its own label, number and date). */
function referenceLine(c: Ctx): string {
  const ref = c.t.reference;
  if (!ref) return '';
  const label = pick(c.r, c.L.ref[ref.kind] ?? []);
  return `<div class="ref">${esc(label)} ${esc(ref.number)} ${c.L.refDate} ${esc(c.date(ref.date))}</div>`;
}

function metaRows(c: Ctx): [string, string][] {
  const rows: [string, string][] = [
    [numberLabel(c), c.t.documentNumber],
    [c.lab(pick(c.r, c.L.date), 'Date'), c.date(c.t.issueDate)],
  ];
  if (c.t.dueDate)
    rows.push([
      c.t.documentType === 'quotation'
        ? c.lab(pick(c.r, c.L.valid), 'Valid Until')
        : c.lab(pick(c.r, c.L.due), 'Due Date'),
      c.date(c.t.dueDate),
    ]);
  return rows;
}

const title = (c: Ctx) => pick(c.r, c.L.title[c.t.documentType]);
const words = (c: Ctx) => (c.t.total === null ? '' : `<div class="words">${esc(c.L.words(c.t.total))}</div>`);

/** Seller header left, title and meta right, buyer box, bordered table, totals. */
function classic(c: Ctx): string {
  const meta = metaRows(c)
    .map(([k, v]) => `<tr><td>${k}</td><td>${esc(v)}</td></tr>`)
    .join('');
  const buyerLabel = c.lab(pick(c.r, c.L.buyer), 'Customer');
  return `<div class="row"><div class="col">${partyLines(c, c.t.seller)}</div>
<div class="col right"><div class="title box">${title(c)}</div><table class="meta">${meta}</table></div></div>
<div class="box buyer"><b>${buyerLabel}</b>${partyLines(c, c.t.buyer)}</div>${referenceLine(c)}
${itemsTable(c, true, c.bi)}<div class="row"><div class="col">${words(c)}</div><div class="col">${totals(c)}</div></div>`;
}

/** Big title top left, seller top right, "Bill To" and a label:value grid. */
function modern(c: Ctx): string {
  const meta = metaRows(c)
    .map(([k, v]) => `<div><span class="k">${k}:</span> ${esc(v)}</div>`)
    .join('');
  return `<div class="row"><div class="col"><div class="title big">${title(c)}</div></div>
<div class="col right">${partyLines(c, c.t.seller)}</div></div>
<div class="row gap"><div class="col"><div class="k">${c.lab(pick(c.r, c.L.buyer), 'Bill To')}:</div>${partyLines(c, c.t.buyer)}</div>
<div class="col">${meta}${referenceLine(c)}</div></div>${itemsTable(c, false, c.bi)}
<div class="row"><div class="col">${words(c)}</div><div class="col">${totals(c)}</div></div>`;
}

/** Seller centred, meta as labels above values, buyer as labelled rows, borderless table. */
function stacked(c: Ctx): string {
  const meta = metaRows(c);
  const head = meta.map(([k]) => `<td class="k">${k}</td>`).join('');
  const vals = meta.map(([, v]) => `<td>${esc(v)}</td>`).join('');
  const b = c.t.buyer;
  const buyerRows = [
    [c.lab(pick(c.r, c.L.buyer), 'Customer'), b.name],
    [c.lab(c.L.address, 'Address'), b.address],
    [c.lab(c.L.taxId[0] as string, 'Tax ID'), `${c.tax(b.taxId)} (${branchText(c, b)})`],
    [c.lab(c.L.phone[1] as string, 'Phone'), b.phone],
  ]
    .map(([k, v]) => `<tr><td class="k">${k}</td><td>${esc(v as string)}</td></tr>`)
    .join('');
  return `<div class="center">${partyLines(c, c.t.seller)}</div>
<div class="title center box">${title(c)}</div>
<table class="meta grid"><tr>${head}</tr><tr>${vals}</tr></table>
<table class="meta">${buyerRows}</table>${referenceLine(c)}${itemsTable(c, false, true)}
${totals(c)}${words(c)}`;
}

/** Narrow receipt-like page: everything in one column. */
function compact(c: Ctx): string {
  const meta = metaRows(c)
    .map(([k, v]) => `<div>${k}: ${esc(v)}</div>`)
    .join('');
  return `<div class="narrow"><div class="center">${partyLines(c, c.t.seller)}</div>
<div class="title center">${title(c)}</div>${meta}${referenceLine(c)}
<div>${c.lab(pick(c.r, c.L.buyer), 'Customer')}: ${esc(c.t.buyer.name)}</div><div>${esc(c.t.buyer.address)}</div>
<div>${c.lab(c.L.taxId[0] as string, 'Tax ID')}: ${c.tax(c.t.buyer.taxId)} ${esc(branchText(c, c.t.buyer))}</div>
<div>${pick(c.r, c.L.phone)} ${c.t.buyer.phone}</div>
${itemsTable(c, false, false)}${totals(c)}${words(c)}</div>`;
}

/**
 * The issuer's letterhead on top with the counterparty labelled: for purchase orders the issuer is the
 * buyer and the labelled party the seller (vendor).
 */
function issuer(c: Ctx): string {
  const po = c.t.documentType === 'purchase_order';
  const [head, other] = po ? [c.t.buyer, c.t.seller] : [c.t.seller, c.t.buyer];
  const label = po ? c.lab(pick(c.r, c.L.seller), 'Vendor') : c.lab(pick(c.r, c.L.buyer), 'Customer');
  const meta = metaRows(c)
    .map(([k, v]) => `<tr><td class="k">${k}</td><td>${esc(v)}</td></tr>`)
    .join('');
  return `<div class="center">${partyLines(c, head)}</div><hr><div class="title center big">${title(c)}</div>
<div class="row"><div class="col box"><b>${label}</b>${partyLines(c, other)}</div>
<div class="col"><table class="meta">${meta}</table>${referenceLine(c)}</div></div>${itemsTable(c, true, c.bi)}
<div class="row"><div class="col">${words(c)}</div><div class="col">${totals(c)}</div></div>`;
}

/**
 * Accounting-software form: letterhead left, title box right, the number, dates and reference in a
 * bordered grid of narrow cells (labels above values; long numbers wrap inside their cell), parties
 * side by side.
 */
function grid(c: Ctx): string {
  const meta = metaRows(c);
  const ref = c.t.reference;
  if (ref) meta.push([pick(c.r, c.L.ref[ref.kind] ?? []), ref.number]);
  const head = meta.map(([k]) => `<th>${k}</th>`).join('');
  const vals = meta.map(([, v]) => `<td>${esc(v)}</td>`).join('');
  const po = c.t.documentType === 'purchase_order';
  const [head1, other] = po ? [c.t.buyer, c.t.seller] : [c.t.seller, c.t.buyer];
  const label = po ? c.lab(pick(c.r, c.L.seller), 'Vendor') : c.lab(pick(c.r, c.L.buyer), 'Customer');
  return `<div class="row"><div class="col">${partyLines(c, head1)}</div>
<div class="col"><div class="title box center">${title(c)}</div></div></div>
<table class="narrowgrid"><tr>${head}</tr><tr>${vals}</tr></table>
<div class="box buyer"><b>${label}</b>${partyLines(c, other)}</div>
${itemsTable(c, true, c.bi)}<div class="row"><div class="col">${words(c)}</div><div class="col">${totals(c)}</div></div>`;
}

/** A salesperson, terms and the customer's code: meta an accounting program prints beside the number. */
function softwareMeta(c: Ctx): [string, string][] {
  const th = c.t.lang === 'th';
  return [
    [th ? c.lab('พนักงานขาย', 'Salesman') : 'Salesperson', pick(c.r, ['สมศรี ดีงาม', 'วันชัย ทองสุข', 'Nok'])],
    [th ? c.lab('เงื่อนไขการชำระ', 'Terms') : 'Payment Terms', th ? `${pick(c.r, [7, 30, 60])} วัน` : 'Net 30'],
  ];
}

/**
 * An accounting program's tax-invoice form (Express, FlowAccount, PEAK style): the seller's letterhead
 * unlabelled top left, the title and "ต้นฉบับ / Original" top right, the customer block with its code
 * above the name on the left and the number, dates, salesperson and terms on the right.
 */
function software(c: Ctx): string {
  const th = c.t.lang === 'th';
  const po = c.t.documentType === 'purchase_order';
  const [head, other] = po ? [c.t.buyer, c.t.seller] : [c.t.seller, c.t.buyer];
  const label = po ? c.lab(pick(c.r, c.L.seller), 'Vendor') : c.lab(pick(c.r, c.L.buyer), 'Customer');
  const meta = [...metaRows(c), ...softwareMeta(c)]
    .map(([k, v]) => `<tr><td class="k">${k}</td><td>${esc(v)}</td></tr>`)
    .join('');
  const code = `${th ? c.lab('รหัสลูกค้า', 'Customer Code') : 'Customer Code'} C${String(Math.floor(c.r() * 9000) + 1000)}`;
  return `<div class="row"><div class="col">${partyLines(c, head)}</div>
<div class="col right"><div class="title">${title(c)}</div><div>${th ? c.lab('ต้นฉบับ', 'Original') : 'Original'}</div></div></div>
<div class="row"><div class="col box"><div>${code}</div><div><b>${label}</b> ${esc(other.name)}</div>${partyLines(c, other, { name: false })}</div>
<div class="col box"><table class="meta">${meta}</table>${referenceLine(c)}</div></div>${itemsTable(c, true, c.bi)}
<div class="row"><div class="col">${words(c)}</div><div class="col">${totals(c)}</div></div>
<div class="row"><div class="col center">${th ? c.lab('ผู้รับสินค้า', 'Received by') : 'Received by'}</div><div class="col center">${th ? c.lab('ผู้มีอำนาจลงนาม', 'Authorized Signature') : 'Authorized Signature'}</div></div>`;
}

/** Title on top, the meta under it, both parties labelled in boxes side by side (seller left, buyer right). */
function sideBySide(c: Ctx): string {
  const meta = metaRows(c)
    .map(([k, v]) => `<span class="k">${k}</span> ${esc(v)} &nbsp; `)
    .join('');
  const sellerLabel = c.lab(pick(c.r, c.L.seller), 'Seller');
  const buyerLabel = c.lab(pick(c.r, c.L.buyer), 'Buyer');
  return `<div class="title center big">${title(c)}</div><div class="center">${meta}</div>${referenceLine(c)}
<div class="row"><div class="col box"><b>${sellerLabel}</b>${partyLines(c, c.t.seller)}</div>
<div class="col box"><b>${buyerLabel}</b>${partyLines(c, c.t.buyer)}</div></div>${itemsTable(c, true, c.bi)}
<div class="row"><div class="col">${words(c)}</div><div class="col">${totals(c)}</div></div>`;
}

/**
 * A hand-made form: the seller's name alone as a large heading (no label, no legal-form line), its
 * address and tax ID under it, then a name line "นามลูกค้า ......" with the buyer on it.
 */
function handmade(c: Ctx): string {
  const s = c.t.seller;
  const b = c.t.buyer;
  const meta = metaRows(c)
    .map(([k, v]) => `<div>${k} ${esc(v)}</div>`)
    .join('');
  return `<div class="title">${esc(s.name)}</div><div>${esc(s.address)} ${pick(c.r, c.L.phone)} ${s.phone}</div>
<div>${c.lab(pick(c.r, c.L.taxId), 'Tax ID')} ${c.tax(s.taxId)} ${esc(branchText(c, s))}</div>
<div class="row"><div class="col"><div class="title">${title(c)}</div></div><div class="col">${meta}</div></div>
<div>${c.lab(pick(c.r, c.L.buyer), 'Customer')} ${esc(b.name)}</div><div>${c.lab(c.L.address, 'Address')} ${esc(b.address)}</div>
<div>${c.lab(pick(c.r, c.L.taxId), 'Tax ID')} ${c.tax(b.taxId)} ${esc(branchText(c, b))} ${pick(c.r, c.L.phone)} ${b.phone}</div>
${referenceLine(c)}${itemsTable(c, true, false)}${totals(c)}${words(c)}`;
}

/**
 * A business letter: letterhead, the letter's number (ที่ …) and date under it, subject, addressee
 * (เรียน / To), a body that cites another document and names a deadline, and a signature.
 */
function letter(c: Ctx): string {
  const t = c.t;
  const th = t.lang === 'th';
  const head = `<div class="center"><div class="pname">${esc(t.seller.name)}</div><div>${esc(t.seller.address)}</div>
<div>${pick(c.r, c.L.phone)} ${t.seller.phone} &nbsp; ${pick(c.r, c.L.email)} ${t.seller.email}</div></div><hr>`;
  const deadline = c.date(t.deadline ?? t.issueDate);
  const cited = addDays(t.issueDate, -30);
  if (th)
    return `${head}<div>ที่ ${esc(t.documentNumber)}</div><div class="right-date">${c.date(t.issueDate)}</div>
<div>เรื่อง ${esc(t.subject ?? '')}</div><div>เรียน ${esc(t.buyer.name)}</div>
<p class="body">ตามที่บริษัทฯ ได้ส่งมอบสินค้าให้แก่ท่านเมื่อวันที่ ${c.date(cited)} ตามใบแจ้งหนี้เลขที่ IV${(Number(t.issueDate.slice(0, 4)) + 543) % 100}00-0${t.id.slice(1)} นั้น
บัดนี้ยังมิได้รับชำระเงิน จึงขอให้ท่านชำระเงินภายในวันที่ ${deadline} หากท่านได้ชำระแล้ว ขออภัยมา ณ ที่นี้</p>
<div class="sign">ขอแสดงความนับถือ<br><br>(นายสมชาย ใจดี)<br>ผู้จัดการฝ่ายบัญชี</div>`;
  return `${head}<div>Ref: ${esc(t.documentNumber)}</div><div class="right-date">${c.date(t.issueDate)}</div>
<div>To: ${esc(t.buyer.name)}</div><div>Subject: ${esc(t.subject ?? '')}</div>
<p class="body">Dear Sir or Madam,<br>Our records show that invoice IV-${t.id} dated ${c.date(cited)} is still unpaid.
Please settle the amount by ${deadline}. If you have already paid, please disregard this letter.</p>
<div class="sign">Yours sincerely,<br><br>Somchai Jaidee<br>Accounting Manager</div>`;
}

export const TEMPLATES = {
  classic,
  modern,
  stacked,
  compact,
  issuer,
  grid,
  letter,
  software,
  sideBySide,
  handmade,
} as const;
export type TemplateName = keyof typeof TEMPLATES;

const TH_FONTS = ['Garuda', 'Loma', 'Kinnari', 'Laksaman', 'Norasi', 'Sawasdee'];
const EN_FONTS = ['Liberation Sans', 'DejaVu Sans', 'Liberation Serif', 'Garuda'];

/**
 * A complete one-page HTML document for the data, in the named template; `broad` prints it with the
 * broadened vocabulary (labels, branch spellings, date formats of {@link TH_BROAD}).
 */
export function renderHtml(
  r: Rand,
  t: DocTruth,
  template: TemplateName,
  note?: string,
  broad = false,
): string {
  const lang: Lang = t.lang;
  const c = ctx(r, t, broad);
  const font = pick(r, lang === 'th' ? TH_FONTS : EN_FONTS);
  const size = pick(r, [12, 13, 14]);
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><style>
@page { size: A4; margin: 14mm; }
body { font-family: '${font}', 'Garuda', sans-serif; font-size: ${size}px; color: #111; }
.row { display: flex; gap: 24px; margin: 8px 0; } .col { flex: 1; } .right { text-align: left; }
.gap { margin-top: 16px; } .center { text-align: center; } .narrow { width: 60%; margin: 0 auto; }
.title { font-size: 1.6em; font-weight: bold; margin: 8px 0; } .big { font-size: 2.2em; }
.box { border: 1px solid #444; padding: 6px 10px; } .buyer { margin: 10px 0; }
.pname { font-weight: bold; font-size: 1.15em; } .k { font-weight: bold; } .en { font-weight: normal; font-size: .85em; }
table { border-collapse: collapse; } .items { width: 100%; margin: 12px 0; }
.items th, .items td { padding: 4px 8px; } .bordered th, .bordered td { border: 1px solid #444; }
.plain thead th { border-bottom: 2px solid #444; } .r { text-align: right; } .c { text-align: center; }
.meta td { padding: 2px 10px 2px 0; } .grid td { padding-right: 40px; }
.totals { margin-left: auto; } .totals td { padding: 3px 10px; } .grand td { font-weight: bold; border-top: 1px solid #444; }
.words { margin-top: 10px; }
.notes { margin-top: 18px; font-size: .9em; color: #333; }
.ref { margin: 6px 0; } .right-date { text-align: right; margin: 10px 0; } .body { margin: 14px 0; line-height: 1.6; }
.sign { margin-left: 55%; margin-top: 24px; }
.narrowgrid { margin: 10px 0; } .narrowgrid th, .narrowgrid td { border: 1px solid #444; padding: 3px 6px; width: 78px; max-width: 78px; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
</style></head><body>${TEMPLATES[template](c)}${
    note ? `<div class="notes">${lang === 'th' ? 'หมายเหตุ' : 'Note'}: ${esc(note)}</div>` : ''
  }</body></html>`;
}
