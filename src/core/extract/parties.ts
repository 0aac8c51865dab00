/**
 * Seller and buyer: each party is a block of cells under an anchor (a label such as ลูกค้า / Bill To /
 * ผู้ขาย / Vendor, or the letterhead at the top of the page), read for name, tax ID, branch, address,
 * phone and e-mail. On a purchase order the letterhead is the buyer and the labelled vendor the seller.
 */
import { findDates } from './dates.ts';
import { cellBelow, displayFrom, type LabelHit, stripLeading } from './find.ts';
import { findBranch, findEmails, findPhones, findTaxIds } from './identifiers.ts';
import { type Cell, type Layout, matchCell, type Row, skeletonRe, toSkeleton } from './layout.ts';
import type { DocumentKind, ExtractedField } from './types.ts';
import { normalizeThai } from '../text/thai.ts';
import { LOOSE_BUYER_LABELS, LOOSE_SELLER_LABELS, looseLabelAt } from './loose-labels.ts';

/** Labels naming the buyer's block (customer, bill-to), then the weaker ship-to / recipient ones. */
export const BUYER_LABEL =
  /(?:(?:ชื่อ|นาม)?(?:ลูกค้า|ผู้ซื้อ|ผู้รับบริการ|ผู้สั่งซื้อ|ผู้ว่าจ้าง|ผู้มีหน้าที่หักภาษี(?:\s*ณ\s*ที่จ่าย)?|ผู้จ่ายเงิน)|(?:ได้)?รับเงินจาก|ขายให้(?:แก่)?|ขายแก่|เรียกเก็บ(?:เงิน)?จาก|received\s*(?:with\s*thanks\s*)?from|bill(?:ed)?\s*to|sold\s*to|invoice\s*to|customer(?:\s*name)?|buyer|client|purchaser|payer)/i;
const RECIPIENT_LABEL =
  /(?:ผู้รับสินค้า|ผู้รับ(?!เงิน|มอบ|ผิดชอบ|จ้าง|รอง)|สถานที่ส่ง(?:ของ|สินค้า)|ส่งถึง|ship(?:ped)?\s*to|deliver(?:y)?\s*to|consignee)/i;
/** Labels naming the seller's block. */
export const SELLER_LABEL =
  /(?:(?:ชื่อ|นาม)?(?:ผู้ขาย|ผู้ให้บริการ|ผู้จำหน่าย|ผู้รับจ้าง|ผู้ถูกหักภาษี(?:\s*ณ\s*ที่จ่าย)?)|สั่งซื้อจาก|สั่งจ้างจาก|order(?:ed)?\s*from|purchased?\s*from|vendor|supplier|seller|sold\s*by|contractor|payee)/i;
/** Who a letter or form is addressed to (เรียน / ถึง / เสนอ / To:); the role word after it decides the party. */
const ADDRESSEE_LABEL =
  /^(?:เรียน|ถึง(?!วันที่|กำหนด)|เสนอ(?!ราคา)|to\s*[:：]|to$|attn\.?\s*[:：]?|attention\s*[:：]?)/i;
/** Any party or addressee label (bilingual labels repeat the role: `ผู้ซื้อ / Bill To:`). */
const ANY_PARTY_LABEL = new RegExp(
  [BUYER_LABEL, RECIPIENT_LABEL, SELLER_LABEL, ADDRESSEE_LABEL]
    .map((re) => re.source.replace(/^\^/, ''))
    .join('|'),
  'i',
);
const COMPANY =
  /บริษัท|ห้างหุ้นส่วน|หจก|จำกัด|มหาชน|co\.?,?\s*ltd|company|limited|\bltd\b|\binc\b|corporation|\bcorp\b|ร้าน|enterprise/i;
const ADDRESS_CLUE =
  /(?<![\d/])\d+\/\d+(?![\d/])|ถนน|ถ\.|ซอย|ซ\.|หมู่|ตำบล|ต\.|แขวง|อำเภอ|อ\.|เขต|จังหวัด|จ\.|กรุงเทพ|\broad\b|\brd\b|street|\bsoi\b|\bmoo\b|district|province|bangkok|thailand|(?<!\d)\d{5}(?!\d)/i;
const ADDRESS_LABEL = /^(?:ที่อยู่|address|addr\.?)\s*[:.]?/i;
const ADDRESS_WORD = /ที่อยู่|address|addr\.?/i;
const TAX_LABEL = /เลข(?:ที่)?(?:ประจำตัว)?ผู้เสียภาษี|tax\s*(?:payer\s*)?id|tax\s*no|\btin\b|taxpayer/i;
const CONTACT_LABEL = /โทร|tel\b|phone|mobile|มือถือ|fax|แฟกซ์|อีเมล|e-?mail|@/i;
const STOP =
  /^(?:ลำดับ|รายการ|รายละเอียด|description|item|no\.|#|เลขที่(?!\s*(?:ประจำตัว)?ผู้เสียภาษี|\s*\d+(?:\/\d+)?\s*(?:หมู่|ม\.|ถนน|ถ\.|ซอย|ซ\.|ตำบล|ต\.|แขวง|อาคาร|ชั้น|หมู่บ้าน))|วันที่|ลงวันที่|ครบกำหนด|กำหนดชำระ|date|due|invoice\s*no|document\s*no|ใบ(?:กำกับ|เสร็จ|แจ้งหนี้|เสนอราคา|สั่งซื้อ|สั่งจ้าง|ลดหนี้|เพิ่มหนี้|วางบิล|ส่งของ|ส่งสินค้า)|หนังสือรับรอง|(?:tax\s*)?invoice|receipt|quotation|purchase\s*order|credit\s*note|debit\s*note|billing|delivery|รวม|ยอด|จำนวนเงิน|ภาษีมูลค่าเพิ่ม|ส่วนลด|subtotal|sub\s*total|total|grand|amount|vat\b|discount|หมายเหตุ|remarks?|note\b|เรื่อง|subject)/i;
/** Lines that are never a party's name: totals and amounts, dates, bare labels, fill-in leaders. */
const NOT_A_NAME =
  /(?:^|\s)\d{1,3}(?:,\d{3})*\.\d{2}(?:\s|$)|รวม|ยอด|total|amount|ภาษีมูลค่าเพิ่ม|[.…_]{4,}|^\(?\s*(?:ลงชื่อ|signature|signed)|[:：]$/i;
/** Words of a role label or an addressee label left in front of a name (`ถึง ผู้ขาย`, `ชื่อ`, `Name:`). */
const NAME_PREFIX =
  /^(?:(?:ชื่อ|นาม|name|company|บริษัทผู้|to|attn\.?|เรียน|ถึง|เสนอ|ผู้ขาย|ผู้ซื้อ|ลูกค้า|vendor|supplier|customer)\s*[:：.]?\s*)+/i;

/** A logo's letters printed on the same line just before a company's legal name (`UPM บริษัท …`). */
const LOGO_BEFORE_NAME = /^[A-Z0-9&.-]{2,6}\s+(?=บริษัท|ห้างหุ้นส่วน|หจก)/;

export type PartyKey = 'name' | 'taxId' | 'branch' | 'address' | 'phone' | 'email';
export type PartyFields = Partial<Record<PartyKey, ExtractedField>>;

interface Block {
  rows: Cell[][];
  /** Index of the anchor row in the layout. */
  start: number;
  lineHeight: number;
}

const center = (c: Cell) => (c.bbox[0] + c.bbox[2]) / 2;
/** A cell of OCR specks only (`:`, `=`, `|`, a stray mark): no letter or digit, so nothing a party prints. */
const speckOnly = (c: Cell) => !/[A-Za-z0-9\u0E01-\u0E2E\u0E50-\u0E59]/.test(c.compact);
/** A line citing another document (`อ้างอิงใบกำกับภาษีเลขที่ …`, `Ref:`): never part of a party's address. */
const CITES = /^(?:อ้างอิง|อ้างถึง|ref\b|reference)/i;
/**
 * Another box OCR read into the start of an address line: a short run before a vertical rule (`SLKE |`,
 * a logo beside the address), when the address itself starts after the rule with its house number.
 */
const BOX_BEFORE_RULE = /^[^|\d]{1,16}\|\s*(?=\d)/;
/** Tests a label pattern against a cell, tolerant of dropped Thai marks. */
const has = (c: Cell, re: RegExp) => skeletonRe(re).test(c.skeleton);
const startsWith = (c: Cell, re: RegExp, within: number) => (matchCell(c, re)?.start ?? Infinity) <= within;
const latin = (text: string) => /^[\s(/]*[A-Za-z]/.test(text);

/** A party word that labels one of its numbers or codes (`Customer PO`, `ลูกค้าเลขที่`, `Vendor Code`). */
const NAMES_A_NUMBER = /^\s*(?:p\.?\s*o\b|no\b|number|code|id\b|#|ref|account|เลขที่|รหัส|เลขประจำตัว)/i;

/** The cell starts with a party label that names the party, not one of its numbers (`Customer Code`). */
function startsParty(c: Cell, re: RegExp, within: number): boolean {
  const m = matchCell(c, re);
  return Boolean(m && m.start <= within && !NAMES_A_NUMBER.test(c.compact.slice(m.end)));
}

/**
 * Where a block in the left half of a page ends on the right: before the first label of a column beside
 * it (the document's number and dates, or another party such as the ship-to) above the block's end,
 * else at mid-page.
 */
function rightEdge(layout: Layout, rowIndex: number, anchor: Cell, maxRows: number, width: number): number {
  let edge = width * 0.49;
  for (let i = rowIndex; i < Math.min(layout.rows.length, rowIndex + maxRows + 2); i++) {
    const row = layout.rows[i] as Row;
    if (row.page !== anchor.page) break;
    if (i > rowIndex && row.cells.some((c) => c.bbox[0] < width * 0.4 && has(c, STOP))) break;
    for (const c of row.cells)
      if (
        c.bbox[0] > anchor.bbox[2] + layout.lineHeight &&
        c.bbox[0] > width * 0.4 &&
        (has(c, STOP) || startsWith(c, ANY_PARTY_LABEL, 0))
      )
        edge = Math.min(edge, c.bbox[0]);
  }
  return edge;
}

/**
 * The cells of the rows below an anchor that sit in the anchor's column, until the block ends. The
 * other language's label right under the anchor (`ลูกค้า` over `Customer`) is part of the anchor, and a
 * label of the party's code (`Customer Code`) does not start another party.
 */
function blockFrom(layout: Layout, rowIndex: number, anchor: Cell, maxRows = 10): Block {
  const width = layout.pageSize.get(anchor.page)?.width || 0;
  const cx = center(anchor);
  const edge = width && cx < width * 0.4 ? rightEdge(layout, rowIndex, anchor, maxRows, width) : 0;
  const inColumn = (c: Cell): boolean => {
    if (!width) return true;
    const x = center(c);
    if (anchor.bbox[0] >= width * 0.45) return c.bbox[0] >= anchor.bbox[0] - width * 0.05;
    if (cx < width * 0.4) return c.bbox[0] < edge;
    if (cx > width * 0.6) return x >= width * 0.45;
    return x > width * 0.15 && x < width * 0.85;
  };
  const translation = (c: Cell, i: number) =>
    i === rowIndex + 1 &&
    Math.abs(c.bbox[0] - anchor.bbox[0]) < layout.lineHeight &&
    startsWith(c, ANY_PARTY_LABEL, 0) &&
    latin(c.compact) !== latin(anchor.compact);
  const rows: Cell[][] = [];
  let lastBottom = anchor.bbox[3];
  for (let i = rowIndex; i < layout.rows.length && rows.length < maxRows; i++) {
    const row = layout.rows[i] as Row;
    if (row.page !== anchor.page) break;
    const cells = row.cells.filter(
      (c) =>
        inColumn(c) &&
        !translation(c, i) &&
        !speckOnly(c) &&
        (i > rowIndex || c.bbox[0] >= anchor.bbox[0] - 1),
    );
    if (!cells.length) {
      if (width && row.bbox[1] - lastBottom > layout.lineHeight * (rows.length === 1 ? 4 : 2.5)) break;
      continue;
    }
    if (
      i > rowIndex &&
      cells.some(
        (c) =>
          has(c, STOP) ||
          startsParty(c, BUYER_LABEL, 2) ||
          startsParty(c, SELLER_LABEL, 2) ||
          startsWith(c, ADDRESSEE_LABEL, 0),
      )
    )
      break;
    const gap = rows.length === 1 ? 4 : 2.5;
    if (width && i > rowIndex && row.bbox[1] - lastBottom > layout.lineHeight * gap) break;
    rows.push(cells);
    lastBottom = Math.max(...cells.map((c) => c.bbox[3]));
  }
  return { rows, start: rowIndex, lineHeight: layout.lineHeight };
}

const field = (value: unknown, cell: Cell, confidence: number, text?: string): ExtractedField => ({
  value,
  confidence: Math.round(confidence * Math.min(1, 0.4 + cell.confidence * 0.6) * 1000) / 1000,
  text: text ?? cell.text,
  page: cell.page,
  bbox: cell.bbox,
  source: 'rules',
});

/** Thai label words left before a name, by their skeleton (`ชอ` is `ชื่อ` whose marks OCR dropped). */
const PREFIX_SKELETONS = new Set(['ชื่อ', 'นาม', 'ผู้ขาย', 'ผู้ซื้อ', 'ลูกค้า', 'เรียน', 'ถึง'].map(toSkeleton));

/** A label word OCR read without its marks, before the words of a name (`ชอ บริษัท …`). */
function dropLabelWord(text: string): string {
  const [first = '', ...rest] = text.trim().split(/\s+/);
  return rest.length && PREFIX_SKELETONS.has(toSkeleton(first.replace(/[:：.]+$/, '')))
    ? rest.join(' ')
    : text;
}

/** OCR specks around a line: bars, brackets, quotes, rules (a closing bracket of `(มหาชน)` stays). */
const EDGE_SPECKS_BEFORE = /^[\s|¦!_=~"'`[\]{}<>•·.,;:-]+/;
const EDGE_SPECKS_AFTER = /[\s|¦!_=~"'`[\]{}<>•·;:-]+$/;
/** The end of a name's legal form, and what follows it on the line (a title, `ต้นฉบับ`, an address). */
const AFTER_CLOSING_FORM =
  /(?<=\S\s*(?:(?<!วน)จำกัด(?:\s*\(\s*มหาชน\s*\))?|co\.?,?\s*ltd\.?|(?:public\s+)?company\s+limited|limited(?:\s+partnership)?|ltd\.?,?\s*part\.|partnership))\s+(?!\(\s*มหาชน|partnership)\S.*$/i;
/** A document's title or copy mark printed on the same line after an unlabelled name. */
const TITLE_AFTER_NAME =
  /\s+(?:ใบ(?:กำกับ|เสร็จ|แจ้งหนี้|เสนอราคา|สั่งซื้อ|สั่งจ้าง|ลดหนี้|เพิ่มหนี้|วางบิล|ส่งของ|ส่งสินค้า)|ต้นฉบับ|สำเนา|(?:tax\s*)?invoice(?=\s|$|\/)|receipt(?=\s|$|\/)|quotation(?=\s|$)|purchase\s*order|credit\s*note|debit\s*note|billing\s*note|delivery\s*(?:note|order)|original(?=\s|$)|copy(?=\s|$)).*$/i;

/**
 * What OCR joined to a name on its line is not the name: after its closing legal form nothing is
 * (`บริษัท … จำกัด ใบกำกับภาษี`, `… Co., Ltd. TAX INVOICE`), and a name without one ends before a title
 * or a copy mark (`สยามการพิมพ์ ต้นฉบับ`); specks at either edge go.
 */
function endOfName(text: string): string {
  const bare = text.replace(EDGE_SPECKS_BEFORE, '').replace(EDGE_SPECKS_AFTER, '');
  const closed = bare.replace(AFTER_CLOSING_FORM, '');
  if (closed !== bare) return closed;
  const untitled = bare.replace(TITLE_AFTER_NAME, '');
  return untitled && !OPENING_FORM_ONLY.test(untitled) ? untitled : bare;
}

function cleanName(text: string): string {
  return endOfName(
    dropLabelWord(text.replace(NAME_PREFIX, ''))
      .replace(LOGO_BEFORE_NAME, '')
      .replace(/\(?\s*(?:สำนักงาน\s*ใหญ่|head\s*office)\s*\)?/gi, '')
      .replace(/\(?\s*(?:สาขา(?:ที่)?|branch)\s*[:.]?\s*\d{1,5}\s*\)?/gi, '')
      .replace(/\s*(?:เลขประจำตัวผู้เสียภาษี|tax\s*id).*$/i, '')
      .replace(/[\s:,]+$/, '')
      .trim(),
  ).trim();
}

/** Thai legal forms that open or close a name, as printed. */
const THAI_FORMS = ['ห้างหุ้นส่วนจำกัด', 'ห้างหุ้นส่วนสามัญ', 'บริษัท', 'จำกัด', '(มหาชน)'];
const FORM_BY_SKELETON = new Map(THAI_FORMS.map((f) => [toSkeleton(f), f]));
/** `Co.,` whose C and o OCR read as digits (`00.,`, `6๐.,`) before `Ltd`. */
const MISREAD_CO = /(?<![\w\u0E00-\u0E7F])[0O6C][0o๐]\.(?=,?\s*Ltd\b)/g;
/** `Ltd.` after `Co.,` whose t OCR read as i, l or 1 (`Co., Lid.`). */
const MISREAD_LTD = /(?<=\bCo\.,?\s*)L[il1]d\b/g;

/**
 * A company name's legal forms given back their printed spelling after OCR dropped or changed their
 * marks (`หางหุ้นสวนจากด` → `ห้างหุ้นส่วนจำกัด`, `บรษท` → `บริษัท`): the first and last words are
 * replaced when they are a legal form without its marks; `00., Ltd.` and `Co., Lid.` are `Co., Ltd.`.
 */
export function restoreLegalForms(name: string): string {
  const words = name.split(' ');
  for (const i of new Set([0, words.length - 1])) {
    const form = FORM_BY_SKELETON.get(toSkeleton(words[i] ?? ''));
    if (form) words[i] = form;
  }
  return words.join(' ').replace(MISREAD_CO, 'Co.').replace(MISREAD_LTD, 'Ltd');
}

/** True when a cleaned line can be a party's name. */
const nameLike = (value: string) =>
  (value.match(/[A-Za-z\u0E01-\u0E2E]/g)?.length ?? 0) >= 3 &&
  !NOT_A_NAME.test(value) &&
  !findDates(value).length &&
  !STOP.test(value.replace(/\s+/g, ''));

/**
 * Reads the party fields of a block. `name` overrides the name (labelled anchors); `null` means the
 * block has none (an addressee written to a position only).
 */
function readBlock(block: Block, name?: { text: string; cell: Cell } | null): PartyFields {
  const out: PartyFields = {};
  const cells = block.rows.flat();
  const nameOf = name === null ? undefined : (name ?? firstNameCell(cells));
  if (nameOf) {
    const value = restoreLegalForms(cleanName(continuedName(block, nameOf)));
    if (value && nameLike(value)) out.name = field(value, nameOf.cell, 0.9, nameOf.text);
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

/** Legal forms that end a company's name (`จำกัด`, `(มหาชน)`, `Co., Ltd.`, `Limited`...). */
const CLOSING_FORM = /(?:จำกัด|\(?มหาชน\)?|co\.?,?\s*ltd\.?|limited|\binc\.?|corporation|partnership)\s*$/i;
/** Legal forms that open one (a line may end right after them). */
const OPENING_FORM = /^(?:บริษัท|ห้างหุ้นส่วน(?:จำกัด|สามัญ(?:นิติบุคคล)?)?|หจก\.?)\s*/;
const OPENING_FORM_ONLY = /^(?:บริษัท|ห้างหุ้นส่วน(?:จำกัด|สามัญ(?:นิติบุคคล)?)?|หจก\.?|ร้าน)?\s*$/;

/** A line that is only the end of a legal form (`จำกัด`, `(มหาชน)`, `Co., Ltd.`). */
const CLOSING_PIECE =
  /^(?:จำกัด\s*)?(?:\(?มหาชน\)?)?$|^(?:จำกัด|co\.?,?\s*ltd\.?|limited|(?:public\s+)?company\s+limited|(?:limited\s+)?partnership|ltd\.?,?\s*part(?:\.|nership))$/i;
/** An organisation's name still open at the end of its line: it starts with a legal form and ends without one. */
function openName(text: string): boolean {
  const rest = text.replace(OPENING_FORM, '');
  return (ORGANISATION.test(text) || COMPANY.test(text)) && (rest === '' || !CLOSING_FORM.test(rest));
}

/**
 * A company name that wraps in a narrow cell goes on below, at the same left edge, on lines with no
 * label of their own; the end of a legal form (`Limited`, `Partnership`, `จำกัด`) may also wrap to the
 * left edge of the labelled cell (`Customer Blue Lotus … Company` over `Limited`). Thai writes no space inside a word, so Thai pieces join without one, except
 * around a legal form (`บริษัท …`, `… จำกัด`, `(มหาชน)`); Latin pieces join with a space.
 */
function continuedName(block: Block, name: { text: string; cell: Cell }): string {
  const at = block.rows.findIndex((r) => r.includes(name.cell));
  if (at < 0) return name.text;
  const first = cleanName(name.text).split(/\s+/)[0] ?? '';
  const left = (name.cell.tokens.find((t) => t.text.trim() && first.startsWith(t.text.trim())) ?? name.cell)
    .bbox[0];
  let text = name.text;
  for (const row of block.rows.slice(at + 1, at + 3)) {
    const next = row[0] as Cell;
    const piece = restoreLegalForms(next.text.trim());
    const closing = CLOSING_PIECE.test(piece);
    if (
      row.length !== 1 ||
      !(closing || openName(cleanName(text))) ||
      (Math.abs(next.bbox[0] - left) > block.lineHeight &&
        !(closing && Math.abs(next.bbox[0] - name.cell.bbox[0]) <= block.lineHeight)) ||
      (!closing && latin(piece) !== latin(cleanName(text))) ||
      ADDRESS_CLUE.test(next.compact) ||
      has(next, TAX_LABEL) ||
      has(next, CONTACT_LABEL) ||
      !(closing || nameLike(piece))
    )
      break;
    const last = cleanName(text).trim().split(/\s+/).at(-1) ?? '';
    const space = latin(piece) || closing || OPENING_FORM.test(last);
    text = `${text.trimEnd()}${space ? ' ' : ''}${piece}`;
  }
  return text;
}

function firstNameCell(cells: Cell[]): { text: string; cell: Cell } | undefined {
  const usable = cells.filter((c) => nameLike(cleanName(c.text)) && !has(c, TAX_LABEL));
  const company = usable.find((c) => has(c, COMPANY) && !ADDRESS_CLUE.test(c.compact.slice(0, 12)));
  const cell =
    company ??
    usable.find(
      (c) =>
        /[A-Za-z\u0E01-\u0E4E]{3}/.test(c.compact) && !ADDRESS_CLUE.test(c.compact) && !has(c, CONTACT_LABEL),
    );
  return cell ? { text: cell.text, cell } : undefined;
}

/** A Thai postcode: five digits on their own. */
const POSTCODE = /(?<!\d)\d{5}(?!\d)/;
/** Words written joined to the name that follows them (`จังหวัดนนทบุรี`), and a hyphen inside a name. */
const JOINED_TO_NEXT = /(?:จังหวัด|อำเภอ|ตำบล|แขวง|เขต|ถนน|ซอย|-)$/;

/** Words of a Thai address, by their skeleton (the letters OCR keeps when it drops the marks). */
const ADDRESS_WORDS = new Map(
  ['เลขที่', 'หมู่ที่', 'หมู่', 'ตำบล', 'อำเภอ', 'จังหวัด', 'แขวง', 'ชั้น', 'ห้อง'].map((w) => [toSkeleton(w), w]),
);

/** Address words that start a word joined to the name after them (`ตำบลสุเทพ`). */
const JOINED_ADDRESS_WORDS = ['ตำบล', 'อำเภอ', 'จังหวัด', 'แขวง'];

/** The word's spelling of a joined address word at its start, when only marks differ. */
function restorePrefix(word: string): string {
  for (const printed of JOINED_ADDRESS_WORDS) {
    const target = toSkeleton(printed);
    if (word.startsWith(printed) || !toSkeleton(word).startsWith(target)) continue;
    let i = 0;
    while (i < word.length && toSkeleton(word.slice(0, i)).length < target.length) i++;
    while (i < word.length && !toSkeleton(word[i] as string)) i++;
    return printed + word.slice(i);
  }
  return word;
}

/**
 * Address words whose marks OCR dropped or changed get their printed spelling (`เลขที` → `เลขที่`, `ชัน 6` → `ชั้น 6`,
 * `ตาบลสุเทพ` → `ตำบลสุเทพ`): words standing alone, and the start of a word joined to a place name.
 */
export function restoreAddressWords(address: string): string {
  return address
    .split(' ')
    .map((w) => ADDRESS_WORDS.get(toSkeleton(w)) ?? restorePrefix(w))
    .join(' ');
}

/** Address lines joined: with a space, but none after a word the name after it is written joined to. */
function joinAddress(parts: string[]): string {
  return parts
    .reduce((out, p) => (out && !JOINED_TO_NEXT.test(out) ? `${out} ${p}` : `${out}${p}`), '')
    .replace(/\s+/g, ' ')
    .replace(/((?<!\d)\d{5})\s*\(.*$/, '$1');
}

/**
 * The address: labelled, or lines that look like one, until a line that does not (cells left of it, in
 * the block's column of labels, are not its lines). A Thai address ends
 * with its postcode, so until the postcode a line at the same left edge goes on with it even without an
 * address word (`เทพารักษ์` under `เลขที่ 78/88 ถนน` in a narrow cell); a printed form's note after the
 * postcode (`(ให้ระบุ …)`) is not part of it.
 */
function readAddress(block: Block, nameCell: Cell | undefined): ExtractedField | undefined {
  const parts: { text: string; cell: Cell }[] = [];
  let started = false;
  const continues = (cell: Cell) => {
    const last = parts.at(-1);
    return (
      last !== undefined &&
      Math.abs(cell.bbox[0] - last.cell.bbox[0]) < block.lineHeight &&
      !parts.some((p) => POSTCODE.test(p.text)) &&
      !has(cell, TAX_LABEL) &&
      !has(cell, CONTACT_LABEL) &&
      cell.text.length <= 80
    );
  };
  /** Left of where the address starts: the block's column of labels (`Tel`, `E-mail`, OCR specks). */
  const labelColumn = (cell: Cell) =>
    started && cell.bbox[2] < (parts[0]?.cell.bbox[0] ?? 0) - block.lineHeight * 0.5;
  for (const row of block.rows) {
    for (const cell of row) {
      if (cell === nameCell || labelColumn(cell)) continue;
      if (has(cell, STOP) || startsWith(cell, CITES, 0)) continue;
      const labelled = matchCell(cell, ADDRESS_LABEL);
      let text = labelled
        ? stripLeading(displayFrom(cell, labelled.end), ADDRESS_WORD)
        : cell.text.replace(BOX_BEFORE_RULE, '');
      if (labelled && !text.trim()) continue;
      const cut = text.search(
        /\s(?:โทร|tel\b|phone|e-?mail|อีเมล|fax|แฟกซ์|เลขประจำตัว|tax\s*id|กำหนดชำระ|ครบกำหนด|ลงวันที่|วันที่|due\s*date|date\s*:)/i,
      );
      if (cut > 0) text = text.slice(0, cut);
      const isAddress =
        text.length <= 160 &&
        !findTaxIds(cell.compact).length &&
        (labelled ||
          (ADDRESS_CLUE.test(text) && !TAX_LABEL.test(cell.compact.slice(0, 30)) && !/^\S*@/.test(text)) ||
          (started && continues(cell)));
      if (isAddress && text.trim()) {
        parts.push({ text: text.trim(), cell });
        started = true;
      } else if (started) break;
    }
    if (started && !parts.some((p) => row.includes(p.cell))) break;
  }
  if (!parts.length) return undefined;
  const first = parts[0] as { cell: Cell };
  const value = restoreAddressWords(joinAddress(parts.map((p) => p.text)));
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

type Role = 'seller' | 'buyer';

/** OCR specks before a cell's first word: punctuation, bars, quotes and stray Thai marks. */
const SPECKS = /^[\s\p{P}\p{S}\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]*/u;
const speckLength = (compact: string) => SPECKS.exec(compact)?.[0].length ?? 0;

/**
 * Cells in reading order that start with the label (within two characters, after any OCR specks), not labels of a party's
 * number. A label whose line below starts with a number word (`Customer` over `PO`) may be that
 * number's label wrapped, or a block that opens with the party's code (`ลูกค้า` over `รหัส C550`): those
 * come last, after every other candidate.
 */
function anchorsOf(
  layout: Layout,
  label: RegExp,
  loose: readonly string[] = [],
): { hits: LabelHit[]; doubtful: LabelHit[]; misread: LabelHit[] } {
  const hits: LabelHit[] = [];
  const doubtful: LabelHit[] = [];
  const misread: LabelHit[] = [];
  for (const row of layout.rows)
    for (const [col, cell] of row.cells.entries()) {
      const exact = matchCell(cell, label);
      const m =
        exact && exact.start - speckLength(cell.compact) <= 2
          ? exact
          : loose.length && cell.confidence < 1
            ? looseLabelAt(cell, loose)
            : null;
      if (!m || m.start - speckLength(cell.compact) > 2 || TAX_LABEL.test(cell.compact.slice(0, m.end + 12)))
        continue;
      if (NAMES_A_NUMBER.test(cell.compact.slice(m.end))) continue;
      const wrappedLabel = cellBelow(layout, { row, cell }, 1);
      const below = wrappedLabel && wrappedLabel.compact.length <= 12 ? wrappedLabel.compact : '';
      (m !== exact ? misread : NAMES_A_NUMBER.test(below) ? doubtful : hits).push({ row, cell, col, ...m });
    }
  return { hits, doubtful, misread };
}

/** Recipient labels count above the middle of the first page (below it they sign for the goods). */
function inHeader(layout: Layout, hit: LabelHit): boolean {
  const first = layout.rows[0]?.page;
  const height = layout.pageSize.get(hit.row.page)?.height || 0;
  return hit.row.page === first && (!height || hit.row.bbox[1] < height * 0.5);
}

/** A position an addressee is written to (`เรียน กรรมการผู้จัดการ`, `To: The Managing Director`). */
const POSITION =
  /^(?:ท่าน)?\s*(?:(?:รอง)?กรรมการ|ผู้จัดการ|ผู้อำนวยการ|ประธาน|หัวหน้า|เจ้าหน้าที่|เลขานุการ|ผู้ช่วย|ฝ่าย|แผนก|สมุห์บัญชี|the\s|managing|general\s*manager|manager|director|president|chairman|head\s*of|purchasing|accounts?\b|accounting|finance|sirs?\b|madam|to\s*whom)/i;
/** Words that start a Thai organisation's name. */
const ORGANISATION = /บริษัท|ห้างหุ้นส่วน|หจก\.?|ร้าน|มูลนิธิ|สมาคม|สหกรณ์/;
/** Titles of a person. */
const PERSON = /^(?:นาย|นาง|นางสาว|น\.ส\.|คุณ|mr\.?|mrs\.?|ms\.?|miss|dr\.?)\s*\S/i;

/**
 * The party name in what follows an addressee label: the organisation after a position title
 * (`กรรมการผู้จัดการ บริษัท รุ่งเรืองค้าไม้ จำกัด` → the company), nothing for a position alone.
 */
function addresseeName(text: string): string {
  if (!POSITION.test(text)) return text;
  const at = text.search(ORGANISATION);
  return at > 0 ? text.slice(at) : '';
}

/**
 * The name after an anchor: the rest of its cell, the next cell of its row, or the first usable one of
 * the three lines below (lines, not cells: a line of OCR specks counts once). Below an addressee label
 * (a letter's เรียน / To:) only an organisation or a person is a name: the next line of a memo
 * addressed to a position is its body.
 */
function nameAfter(
  hit: LabelHit,
  block: Block,
  addressee: boolean,
): { text: string; cell: Cell } | undefined {
  const clean = (text: string) => {
    const name = cleanName(text);
    return addressee ? addresseeName(name) : name;
  };
  const rest = clean(stripLeading(displayFrom(hit.cell, hit.end), ANY_PARTY_LABEL));
  if (rest && nameLike(rest)) return { text: rest, cell: hit.cell };
  const right = hit.row.cells[hit.col + 1];
  const lines = [right && block.rows[0]?.includes(right) ? [right] : [], ...block.rows.slice(1)]
    .map((row) => row.filter((c) => !has(c, TAX_LABEL) && !ADDRESS_LABEL.test(c.compact)))
    .filter((row) => row.length)
    .slice(0, 3)
    .flat();
  const company = lines.find((c) => has(c, COMPANY) && nameLike(clean(c.text)));
  const first = lines.find(
    (c) =>
      nameLike(clean(c.text)) &&
      !ADDRESS_CLUE.test(c.compact) &&
      !has(c, CONTACT_LABEL) &&
      (!addressee || PERSON.test(clean(c.text))),
  );
  const cell = company ?? first;
  return cell
    ? { text: addressee ? clean(stripLeading(cell.text)) : stripLeading(cell.text), cell }
    : undefined;
}

function fromLabel(layout: Layout, hit: LabelHit, addressee = false): PartyFields {
  const block = blockFrom(layout, hit.row.index, hit.cell);
  return readBlock(block, nameAfter(hit, block, addressee) ?? (addressee ? null : undefined));
}

/** The letterhead: the first company-looking cell near the top of the first page, and its column. */
function letterhead(layout: Layout, before: number): PartyFields {
  const page = layout.rows[0]?.page;
  const height = (page !== undefined && layout.pageSize.get(page)?.height) || 0;
  const rows = layout.rows.filter(
    (r) => r.page === page && r.index < before && (!height || r.bbox[1] < height * 0.35),
  );
  for (const row of rows) {
    const cell = row.cells.find(
      (c) => has(c, COMPANY) && !has(c, STOP) && !has(c, TAX_LABEL) && nameLike(cleanName(c.text)),
    );
    if (cell) return withFooter(layout, readBlock(blockFrom(layout, row.index, cell, 8)));
  }
  const first = rows.find((r) => r.cells.some((c) => !has(c, STOP) && nameLike(cleanName(c.text))));
  const cell = first?.cells.find((c) => !has(c, STOP) && nameLike(cleanName(c.text)));
  return first && cell ? withFooter(layout, readBlock(blockFrom(layout, first.index, cell, 8))) : {};
}

/**
 * The issuer's details that a letterhead with only the name leaves to the foot of the page (address,
 * phone, tax ID and branch under the signatures, as cloud-accounting and banded forms print them): the
 * first unlabelled address block in the bottom 30 % of the first page fills what the top lacks.
 */
function withFooter(layout: Layout, head: PartyFields): PartyFields {
  if (head.address && head.phone && head.taxId) return head;
  const page = layout.rows[0]?.page;
  const height = (page !== undefined && layout.pageSize.get(page)?.height) || 0;
  if (!height) return head;
  for (const row of layout.rows) {
    if (row.page !== page || row.bbox[1] < height * 0.7) continue;
    const cell = row.cells.find(
      (c) => ADDRESS_CLUE.test(c.compact) && !has(c, STOP) && !has(c, ANY_PARTY_LABEL) && !has(c, TAX_LABEL),
    );
    if (!cell) continue;
    const foot = readBlock(blockFrom(layout, row.index, cell, 6), null);
    if (!foot.address) continue;
    return { ...foot, ...head };
  }
  return head;
}

const nameKey = (v: unknown) =>
  String(v ?? '')
    .replace(/\s+/g, '')
    .toLowerCase();
/** The same party's name (spaces and case aside). */
const sameName = (a: unknown, b: unknown) => nameKey(a) !== '' && nameKey(a) === nameKey(b);

/** The role of the party a document's letterhead names: the buyer issues purchase orders and 50 ทวิ. */
function issuerRole(kind: DocumentKind | null): Role {
  return kind === 'purchase_order' || kind === 'withholding_tax_certificate' ? 'buyer' : 'seller';
}

/** The role an addressee label (เรียน / ถึง / To:) gives: the role word after it, else the issuer's counterparty. */
function addresseeRole(hit: LabelHit, kind: DocumentKind | null): Role {
  const after = hit.cell.skeleton.slice(0, 40);
  if (skeletonRe(SELLER_LABEL).test(after)) return 'seller';
  if (skeletonRe(BUYER_LABEL).test(after)) return 'buyer';
  return issuerRole(kind) === 'seller' ? 'buyer' : 'seller';
}

/**
 * Seller and buyer of the document. Each role is read from its labelled block (ผู้ขาย / Vendor,
 * ลูกค้า / Bill To; ship-to and recipient labels only when there is no bill-to), else from the block
 * the document is addressed to (เรียน / ถึง / To:, with the role word that follows it, or the counterparty
 * of the issuer), else from the letterhead, which is the issuer: the seller, or the buyer on purchase
 * orders and withholding-tax certificates. A purchase order whose labelled party is the buyer (`Bill To`
 * a company other than the letterhead's) was printed on the seller's form: its letterhead is the seller.
 * A label OCR misread (see loose-labels.ts) is a guess: it only fills the issuer's counterparty when no
 * label, addressee or letterhead gave it, and neither bounds the letterhead nor decides a form's issuer.
 */
export function findParties(
  layout: Layout,
  kind: DocumentKind | null = null,
): { seller: PartyFields; buyer: PartyFields } {
  const addressees = anchorsOf(layout, ADDRESSEE_LABEL);
  const addressed = [...addressees.hits, ...addressees.doubtful];
  const buyers = anchorsOf(layout, BUYER_LABEL, LOOSE_BUYER_LABELS);
  const recipients = anchorsOf(layout, RECIPIENT_LABEL).hits.filter((hit) => inHeader(layout, hit));
  const sellers = anchorsOf(layout, SELLER_LABEL, LOOSE_SELLER_LABELS);
  const candidates: Record<Role, LabelHit[]> = {
    buyer: [...buyers.hits, ...recipients],
    seller: sellers.hits,
  };
  for (const hit of addressees.hits) candidates[addresseeRole(hit, kind)].push(hit);
  candidates.buyer.push(...buyers.doubtful);
  candidates.seller.push(...sellers.doubtful);
  for (const hit of addressees.doubtful) candidates[addresseeRole(hit, kind)].push(hit);
  const found: Partial<Record<Role, { hit: LabelHit; fields: PartyFields; misread?: boolean }>> = {};
  for (const role of ['buyer', 'seller'] as const)
    for (const hit of candidates[role]) {
      const fields = fromLabel(layout, hit, addressed.includes(hit));
      if (fields.name) {
        found[role] = { hit, fields };
        break;
      }
    }
  const anchors = [found.buyer?.hit.row.index, found.seller?.hit.row.index].filter((i) => i !== undefined);
  const head = () => letterhead(layout, anchors.length ? Math.min(...anchors) : layout.rows.length);
  const issuer = issuerRole(kind);
  const misread: Record<Role, LabelHit[]> = { buyer: buyers.misread, seller: sellers.misread };
  for (const role of ['buyer', 'seller'] as const)
    if (!found[role] && role !== issuer)
      for (const hit of misread[role]) {
        const fields = fromLabel(layout, hit);
        if (fields.name) {
          found[role] = { hit, fields, misread: true };
          break;
        }
      }
  const read = (role: Role): PartyFields => found[role]?.fields ?? (role === issuer ? head() : {});
  const seller = read('seller');
  const buyer = read('buyer');
  if (!found.seller && !found.buyer && issuer === 'buyer' && !Object.keys(buyer).length)
    return { seller, buyer: head() };
  if (kind === 'purchase_order' && !found.seller && found.buyer && !found.buyer.misread) {
    const top = head();
    if (top.name && sameName(top.name.value, buyer.name?.value)) return { seller, buyer };
    if (top.name) return { seller: top, buyer };
  }
  return { seller, buyer };
}
