/**
 * Random but realistic business-document data for the extraction fixtures and benchmark, with the
 * ground truth each rendered document must yield. Deterministic for a given seed.
 */

export type DocKind =
  | 'invoice'
  | 'tax_invoice'
  | 'receipt'
  | 'quotation'
  | 'purchase_order'
  | 'credit_note'
  | 'debit_note'
  | 'billing_note'
  | 'delivery_note'
  | 'letter';
export type Lang = 'th' | 'en';

export interface Party {
  name: string;
  taxId: string;
  /** `00000` for the head office, else the 5-digit branch number. */
  branch: string;
  address: string;
  phone: string;
  email: string;
}

export interface LineItem {
  description: string;
  /** Null on a billing note (its lines are invoices: number, dates and amount). */
  quantity: number | null;
  unitPrice: number | null;
  amount: number;
}

/** Another document the page cites (a credit note's invoice, a PO's quotation, an invoice's PO). */
export interface Reference {
  kind: 'tax_invoice' | 'invoice' | 'quotation' | 'purchase_order';
  number: string;
  date: string;
}

/** What a perfect extractor returns for a generated document (the generic field names). */
export interface DocTruth {
  id: string;
  lang: Lang;
  template: string;
  documentType: DocKind;
  documentNumber: string;
  issueDate: string;
  dueDate: string | null;
  seller: Party;
  buyer: Party;
  currency: 'THB';
  lineItems: LineItem[];
  subtotal: number | null;
  vatRate: number | null;
  vat: number | null;
  total: number | null;
  /** What the page cites besides its own number (not a field: a trap for the rules). */
  reference?: Reference | null;
  /** A letter's subject and the deadline its body names (not fields). */
  subject?: string;
  deadline?: string;
}

/** Mulberry32: a tiny seeded PRNG so the labelled set is reproducible. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Rand = ReturnType<typeof rng>;
export const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
/** A whole number from lo to hi inclusive. */
export const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const round2 = (n: number) => Math.round(n * 100) / 100;

/** A 13-digit Thai tax ID with a valid check digit. */
export function randomTaxId(r: Rand, juristic = true): string {
  const digits = juristic ? [0, 1, 0, 5, int(r, 5, 6), int(r, 0, 9)] : [int(r, 1, 8)];
  while (digits.length < 12) digits.push(int(r, 0, 9));
  const sum = digits.reduce((s, d, i) => s + d * (13 - i), 0);
  digits.push((11 - (sum % 11)) % 10);
  return digits.join('');
}

const TH_STEMS = ['สยาม', 'ไทย', 'รุ่งเรือง', 'เจริญ', 'ศรีสุข', 'บางกอก', 'มั่นคง', 'พัฒนา', 'อุดม', 'ทองดี'];
const TH_TAILS = ['เทคโนโลยี', 'การค้า', 'วิศวกรรม', 'ซัพพลาย', 'อินเตอร์', 'ดิจิทัล', 'โลจิสติกส์', 'ฟู้ดส์'];
const EN_STEMS = ['Siam', 'Golden', 'Chao Phraya', 'Lanna', 'Andaman', 'Royal', 'Blue Lotus', 'Krung'];
const EN_TAILS = [
  'Technology',
  'Trading',
  'Engineering',
  'Supply',
  'Logistics',
  'Foods',
  'Solutions',
  'Systems',
];
const TH_STREETS = ['สุขุมวิท', 'พหลโยธิน', 'รัชดาภิเษก', 'สีลม', 'เพชรบุรี', 'ลาดพร้าว', 'พระราม 9'];
const EN_STREETS = [
  'Sukhumvit',
  'Phahonyothin',
  'Ratchadaphisek',
  'Silom',
  'Phetchaburi',
  'Lat Phrao',
  'Rama 9',
];
const AREAS = [
  ['คลองเตย', 'คลองเตย', 'กรุงเทพมหานคร', '10110', 'Khlong Toei', 'Bangkok'],
  ['สีลม', 'บางรัก', 'กรุงเทพมหานคร', '10500', 'Bang Rak', 'Bangkok'],
  ['จตุจักร', 'จตุจักร', 'กรุงเทพมหานคร', '10900', 'Chatuchak', 'Bangkok'],
  ['ห้วยขวาง', 'ห้วยขวาง', 'กรุงเทพมหานคร', '10310', 'Huai Khwang', 'Bangkok'],
] as const;
const PROVINCES = [
  ['สุเทพ', 'เมืองเชียงใหม่', 'เชียงใหม่', '50200', 'Mueang Chiang Mai', 'Chiang Mai'],
  ['ในเมือง', 'เมืองขอนแก่น', 'ขอนแก่น', '40000', 'Mueang Khon Kaen', 'Khon Kaen'],
  ['บางพูด', 'ปากเกร็ด', 'นนทบุรี', '11120', 'Pak Kret', 'Nonthaburi'],
] as const;

const TH_ITEMS = [
  'ค่าบริการติดตั้งระบบเครือข่าย',
  'กระดาษถ่ายเอกสาร A4 80 แกรม',
  'หมึกพิมพ์เลเซอร์สีดำ',
  'ค่าบำรุงรักษาระบบรายเดือน',
  'เครื่องคอมพิวเตอร์โน้ตบุ๊ก',
  'สายแลน CAT6 ยาว 305 เมตร',
  'ค่าขนส่งสินค้า',
  'โต๊ะทำงานไม้สัก',
  'ค่าที่ปรึกษาโครงการ',
  'เก้าอี้สำนักงาน',
];
const EN_ITEMS = [
  'Network installation service',
  'A4 copy paper 80 gsm',
  'Black laser toner cartridge',
  'Monthly system maintenance',
  'Notebook computer 14 inch',
  'CAT6 LAN cable 305 m',
  'Delivery charge',
  'Teak office desk',
  'Project consulting fee',
  'Office chair',
];

/**
 * Names of the broadened part of the set: public companies (มหาชน), shops and traders without a legal
 * form, limited partnerships spelt out, and English forms other than "Co., Ltd.".
 */
function broadName(r: Rand, lang: Lang, juristic: boolean): string {
  if (lang === 'th') {
    const stem = `${pick(r, TH_STEMS)}${pick(r, TH_TAILS)}`;
    if (!juristic)
      return `${pick(r, ['นาย', 'นาง', 'นางสาว'])}${pick(r, ['สมศักดิ์', 'กาญจนา', 'ธนพล', 'อรุณี'])} ${pick(r, ['วงศ์ใหญ่', 'รักษ์ไทย', 'ทองคำ', 'มีสุข'])}`;
    return pick(r, [
      `บริษัท ${stem} จำกัด (มหาชน)`,
      `ร้าน${stem}`,
      `ห้างหุ้นส่วนจำกัด ${stem}`,
      `หจก. ${stem}`,
      `บริษัท ${stem} จำกัด`,
      `${stem} การพิมพ์`,
    ]);
  }
  const stem = `${pick(r, EN_STEMS)} ${pick(r, EN_TAILS)}`;
  if (!juristic) return `${pick(r, ['Mr.', 'Ms.'])} ${pick(r, ['Thanapol', 'Kanjana', 'Arunee'])} Wongyai`;
  return pick(r, [
    `${stem} Public Company Limited`,
    `${stem} Co.,Ltd.`,
    `${stem} Limited Partnership`,
    `${stem} Company Limited`,
    `${stem} Ltd., Part.`,
  ]);
}

function party(r: Rand, lang: Lang, juristic: boolean, broad = false): Party {
  const area = r() < 0.7 ? pick(r, AREAS) : pick(r, PROVINCES);
  const no = `${int(r, 1, 999)}${r() < 0.5 ? `/${int(r, 1, 99)}` : ''}`;
  const th = lang === 'th';
  const name = broad
    ? broadName(r, lang, juristic)
    : th
      ? juristic
        ? `${r() < 0.8 ? 'บริษัท' : 'ห้างหุ้นส่วนจำกัด'} ${pick(r, TH_STEMS)}${pick(r, TH_TAILS)}${r() < 0.8 ? ' จำกัด' : ''}`.replace(
            /^ห้างหุ้นส่วนจำกัด (.*) จำกัด$/,
            'ห้างหุ้นส่วนจำกัด $1',
          )
        : `คุณ${pick(r, ['สมชาย', 'สมหญิง', 'วิภา', 'ประเสริฐ'])} ${pick(r, ['ใจดี', 'แสงทอง', 'บุญมา', 'ศรีสวัสดิ์'])}`
      : juristic
        ? `${pick(r, EN_STEMS)} ${pick(r, EN_TAILS)} Co., Ltd.`
        : `${pick(r, ['Somchai', 'Wipa', 'Anan', 'Malee'])} ${pick(r, ['Jaidee', 'Saengthong', 'Boonma'])}`;
  const bkk = area[2] === 'กรุงเทพมหานคร';
  const village = !bkk && r() < 0.5;
  const address = th
    ? village
      ? `เลขที่ ${no} หมู่ ${int(r, 1, 12)} ${bkk ? 'แขวง' : 'ตำบล'}${area[0]} ${bkk ? 'เขต' : 'อำเภอ'}${area[1]} ${bkk ? '' : 'จังหวัด'}${area[2]} ${area[3]}`
      : `${no} ถนน${pick(r, TH_STREETS)} ${bkk ? 'แขวง' : 'ตำบล'}${area[0]} ${bkk ? 'เขต' : 'อำเภอ'}${area[1]} ${bkk ? '' : 'จังหวัด'}${area[2]} ${area[3]}`
    : `${no} ${pick(r, EN_STREETS)} Road, ${area[4]}, ${area[5]} ${area[3]}`;
  const mobile = r() < 0.4;
  const phone = mobile
    ? `0${pick(r, ['8', '9', '6'])}${int(r, 0, 9)}-${String(int(r, 0, 999)).padStart(3, '0')}-${String(int(r, 0, 9999)).padStart(4, '0')}`
    : `0${bkk ? '2' : pick(r, ['53', '43', '2'])}-${String(int(r, 100, 999))}-${String(int(r, 0, 9999)).padStart(4, '0')}`;
  const slug = (th ? pick(r, ['siamtech', 'thaitrade', 'rungruang', 'jaroen', 'bkkgroup']) : name)
    .toLowerCase()
    .replace(/[^a-z]+/g, '')
    .slice(0, 12);
  return {
    name,
    taxId: randomTaxId(r, juristic),
    branch: r() < 0.75 ? '00000' : String(int(r, 1, 25)).padStart(5, '0'),
    address: address.replace(/\s+/g, ' ').trim(),
    phone: phone.replace(/-(\d{4})-/, '-$1-'),
    email: `${pick(r, ['sales', 'account', 'info', 'contact'])}@${slug || 'company'}.co.th`,
  };
}

const NUMBER_STYLES: Record<DocKind, string[]> = {
  invoice: ['INV', 'IV', 'BL'],
  tax_invoice: ['TIV', 'INV', 'TX'],
  receipt: ['RC', 'RE', 'REC'],
  quotation: ['QT', 'QUO', 'Q'],
  purchase_order: ['PO', 'PUR'],
  credit_note: ['CN', 'CR'],
  debit_note: ['DN', 'DR'],
  billing_note: ['BN', 'BL', 'BIL'],
  delivery_note: ['DO', 'DL', 'SD'],
  letter: ['สพ', 'กท', 'บช', 'ทส'],
};

function documentNumber(r: Rand, kind: DocKind, year: number, lang: Lang = 'th'): string {
  const prefix = pick(r, NUMBER_STYLES[kind]);
  const seq3 = String(int(r, 1, 999)).padStart(3, '0');
  if (kind === 'letter')
    return lang === 'th'
      ? `${prefix} ${seq3}/${year + 543}`
      : `${pick(r, ['AC', 'FN', 'SL'])}/${seq3}/${year}`;
  const seq = int(r, 1, 9999);
  const beYY = String((year + 543) % 100);
  return pick(r, [
    `${prefix}-${year}-${String(seq).padStart(4, '0')}`,
    `${prefix}${beYY}${String(int(r, 1, 12)).padStart(2, '0')}-${String(seq).padStart(4, '0')}`,
    `${prefix}${year}${String(seq).padStart(5, '0')}`,
    `${prefix}-${beYY}/${String(seq).padStart(3, '0')}`,
  ]);
}

const iso = (d: Date) => d.toISOString().slice(0, 10);
/** The ISO date `n` days after `d`. */
export const addDays = (d: string, n: number) => iso(new Date(Date.parse(d) + n * 86_400_000));

/** What a document of this kind cites, if anything. */
function reference(r: Rand, kind: DocKind, issue: string, year: number): Reference | null {
  const cited: Reference['kind'] | null =
    kind === 'credit_note' || kind === 'debit_note'
      ? 'tax_invoice'
      : kind === 'purchase_order'
        ? r() < 0.6
          ? 'quotation'
          : null
        : (kind === 'invoice' || kind === 'tax_invoice' || kind === 'delivery_note') && r() < 0.4
          ? 'purchase_order'
          : null;
  if (!cited) return null;
  return { kind: cited, number: documentNumber(r, cited, year), date: addDays(issue, -int(r, 3, 40)) };
}

/**
 * Generates one document's data. `broad` draws the parties from the broadened vocabulary (see
 * {@link broadName}); without it the draws are those of the original set, document for document.
 */
export function randomDoc(
  r: Rand,
  id: string,
  lang: Lang,
  kind: DocKind,
  template: string,
  broad = false,
): DocTruth {
  const year = pick(r, [2025, 2026, 2026]);
  const issueDate = iso(new Date(Date.UTC(year, int(r, 0, 11), int(r, 1, 28))));
  const due = addDays(issueDate, pick(r, [7, 15, 30, 45, 60]));
  let items: LineItem[] = [];
  const names = lang === 'th' ? TH_ITEMS : EN_ITEMS;
  const used = new Set<string>();
  for (let i = 0, n = int(r, 1, kind === 'letter' ? 0 : r() < 0.15 ? 12 : 5); i < n; i++) {
    let d = pick(r, names);
    while (used.has(d) && used.size < names.length) d = pick(r, names);
    used.add(d);
    const quantity = pick(r, [1, 1, 2, 3, 5, 10, 12, 20, 100]);
    const unitPrice = round2(pick(r, [150, 250, 890, 1200, 3500, 12500, 45000]) * (0.5 + r()));
    items.push({ description: d, quantity, unitPrice, amount: round2(quantity * unitPrice) });
  }
  if (kind === 'billing_note')
    items = items.map((it) => ({
      description: documentNumber(r, 'tax_invoice', year),
      quantity: null,
      unitPrice: null,
      amount: round2(it.amount * 1.07),
    }));
  const subtotal = round2(items.reduce((s, i) => s + i.amount, 0));
  const vat = round2(subtotal * 0.07);
  const juristicBuyer = kind !== 'receipt' || r() < 0.6;
  const a = party(r, lang, true, broad);
  const b = party(r, lang, juristicBuyer, broad);
  const hasDue =
    kind === 'invoice' ||
    kind === 'tax_invoice' ||
    kind === 'billing_note' ||
    (kind === 'quotation' && r() < 0.5);
  const letter = kind === 'letter';
  const billing = kind === 'billing_note';
  return {
    id,
    lang,
    template,
    documentType: kind,
    documentNumber: documentNumber(r, kind, year, lang),
    issueDate,
    dueDate: hasDue ? due : null,
    seller: letter ? { ...a, taxId: '', branch: '' } : a,
    buyer: letter ? { ...b, taxId: '', branch: '', address: '', phone: '', email: '' } : b,
    currency: 'THB',
    lineItems: items,
    subtotal: letter || billing ? null : subtotal,
    vatRate: letter || billing ? null : 7,
    vat: letter || billing ? null : vat,
    total: letter ? null : billing ? subtotal : round2(subtotal + vat),
    reference: reference(r, kind, issueDate, year),
    ...(letter
      ? {
          subject: lang === 'th' ? 'ขอให้ชำระเงินค่าสินค้าที่ค้างชำระ' : 'Overdue payment reminder',
          deadline: addDays(issueDate, pick(r, [7, 14, 15])),
        }
      : {}),
  };
}

const TH_DIGITS = ['ศูนย์', 'หนึ่ง', 'สอง', 'สาม', 'สี่', 'ห้า', 'หก', 'เจ็ด', 'แปด', 'เก้า'];
const TH_UNITS = ['', 'สิบ', 'ร้อย', 'พัน', 'หมื่น', 'แสน'];

function thaiInteger(n: number): string {
  if (n === 0) return '';
  if (n >= 1_000_000) return `${thaiInteger(Math.floor(n / 1_000_000))}ล้าน${thaiInteger(n % 1_000_000)}`;
  const digits = String(n).split('').map(Number).reverse();
  let out = '';
  digits.forEach((d, i) => {
    if (d === 0) return;
    let word = TH_DIGITS[d] as string;
    if (i === 1 && d === 1) word = '';
    else if (i === 1 && d === 2) word = 'ยี่';
    else if (i === 0 && d === 1 && n > 9) word = 'เอ็ด';
    out = `${word}${TH_UNITS[i]}${out}`;
  });
  return out;
}

/** An amount in Thai words the way Thai invoices print it ("...บาทถ้วน" / "...บาท...สตางค์"). */
export function bahtText(amount: number): string {
  const satang = Math.round(amount * 100) % 100;
  const baht = Math.floor(Math.round(amount * 100) / 100);
  const b = baht === 0 ? 'ศูนย์' : thaiInteger(baht);
  return satang ? `${b}บาท${thaiInteger(satang)}สตางค์` : `${b}บาทถ้วน`;
}

const EN_ONES = [
  '',
  'One',
  'Two',
  'Three',
  'Four',
  'Five',
  'Six',
  'Seven',
  'Eight',
  'Nine',
  'Ten',
  'Eleven',
  'Twelve',
  'Thirteen',
  'Fourteen',
  'Fifteen',
  'Sixteen',
  'Seventeen',
  'Eighteen',
  'Nineteen',
];
const EN_TENS = ['', '', 'Twenty', 'Thirty', 'Forty', 'Fifty', 'Sixty', 'Seventy', 'Eighty', 'Ninety'];

function englishInteger(n: number): string {
  if (n === 0) return 'Zero';
  const parts: string[] = [];
  for (const [size, name] of [
    [1_000_000_000, 'Billion'],
    [1_000_000, 'Million'],
    [1000, 'Thousand'],
  ] as const) {
    if (n >= size) {
      parts.push(`${englishInteger(Math.floor(n / size))} ${name}`);
      n %= size;
    }
  }
  if (n >= 100) {
    parts.push(`${EN_ONES[Math.floor(n / 100)]} Hundred`);
    n %= 100;
  }
  if (n >= 20) {
    parts.push(EN_TENS[Math.floor(n / 10)] + (n % 10 ? `-${EN_ONES[n % 10]}` : ''));
  } else if (n > 0) parts.push(EN_ONES[n] as string);
  return parts.join(' ');
}

/** An amount in English words ("One Thousand Baht and Fifty Satang Only"). */
export function englishBahtText(amount: number): string {
  const satang = Math.round(amount * 100) % 100;
  const baht = Math.floor(Math.round(amount * 100) / 100);
  return `${englishInteger(baht)} Baht${satang ? ` and ${englishInteger(satang)} Satang` : ''} Only`;
}
