/**
 * HTML parts shared by the commercial house styles: party details, header rows, the item table and
 * the money rows, each printing its scored values through the document's ink.
 */
import { type Ctx, lineTruths } from '../model.ts';
import { type Day, iso, money, qty } from '../thai.ts';
import { esc } from '../truth.ts';
import type { Pair } from '../vocab.ts';
import { bi } from './common.ts';
import type { Party } from '../parties.ts';
import type { InfoRow, MoneyRow, PartyBlock, Show, View } from './commercial-view.ts';

/** A party block that prints only the details `show` names. */
export function partyBlock(
  role: 'seller' | 'buyer',
  party: Party,
  show: Partial<Show>,
  label: Pair = ['', ''],
): PartyBlock {
  const none: Show = {
    address: false,
    taxId: false,
    branch: false,
    phone: false,
    email: false,
    fax: false,
    website: false,
    contact: false,
    code: null,
  };
  return { role, party, label, show: { ...none, ...show }, branchText: null };
}

const isDay = (v: unknown): v is Day =>
  typeof v === 'object' && v !== null && 'y' in v && 'm' in v && 'd' in v;

/** A header value, recorded when it is a scored one. */
export function infoValue(ctx: Ctx, row: InfoRow): string {
  if (!row.path) return esc(row.text);
  return ctx.ink.put(row.path, isDay(row.value) ? iso(row.value) : row.value, row.text);
}

export function partyName(ctx: Ctx, b: PartyBlock): string {
  const name = ctx.name(b.party);
  return ctx.ink.put(`${b.role}.name`, name, name);
}

/** Address lines joined by `sep` (the truth joins them with a space). */
export function partyAddress(ctx: Ctx, b: PartyBlock, sep = '<br>'): string | null {
  if (!b.show.address) return null;
  const lines = ctx.address(b.party);
  ctx.ink.put(`${b.role}.address`, lines.join(' '), lines.join(' '));
  return lines.map(esc).join(sep);
}

/** Tax ID (and branch after it) as one value. */
export function partyTax(ctx: Ctx, b: PartyBlock): string | null {
  if (!b.show.taxId) return null;
  const id = ctx.ink.put(`${b.role}.taxId`, b.party.taxId, ctx.taxId(b.party));
  const branch = b.branchText ? ` ${ctx.ink.put(`${b.role}.branch`, b.party.branch, b.branchText)}` : '';
  return `<span class="nw">${id}</span>${branch}`;
}

export function partyPhone(ctx: Ctx, b: PartyBlock): string | null {
  return b.show.phone ? ctx.ink.put(`${b.role}.phone`, b.party.phone, b.party.phone) : null;
}

export function partyEmail(ctx: Ctx, b: PartyBlock): string | null {
  return b.show.email ? ctx.ink.put(`${b.role}.email`, b.party.email, b.party.email) : null;
}

export const TAX_LABELS: readonly Pair[] = [
  ['เลขประจำตัวผู้เสียภาษี', 'Tax ID'],
  ['เลขประจำตัวผู้เสียภาษีอากร', 'Tax Identification No.'],
  ['เลขผู้เสียภาษี', 'Tax ID'],
  ['เลขที่ผู้เสียภาษี', 'TAX ID'],
];

/** The labels one document uses for party details. */
export interface PartyLabels {
  tax: Pair;
  phone: Pair;
  fax: Pair;
  email: Pair;
  address: Pair;
  name: Pair;
  contact: Pair;
  code: Pair;
}

export function partyLabels(ctx: Ctx): PartyLabels {
  const rng = ctx.rng;
  return {
    tax: rng.pick(TAX_LABELS),
    phone: rng.pick([
      ['โทร.', 'Tel.'],
      ['โทรศัพท์', 'Phone'],
      ['Tel', 'Tel'],
    ] as Pair[]),
    fax: rng.pick([
      ['แฟกซ์', 'Fax'],
      ['โทรสาร', 'Fax'],
    ] as Pair[]),
    email: rng.pick([
      ['อีเมล', 'Email'],
      ['E-mail', 'E-mail'],
    ] as Pair[]),
    address: ['ที่อยู่', 'Address'],
    name: rng.pick([
      ['ชื่อ', 'Name'],
      ['นาม', 'Name'],
    ] as Pair[]),
    contact: rng.pick([
      ['ผู้ติดต่อ', 'Attn.'],
      ['ติดต่อ', 'Contact'],
    ] as Pair[]),
    code: rng.pick([
      ['รหัสลูกค้า', 'Customer Code'],
      ['รหัส', 'Code'],
    ] as Pair[]),
  };
}

/** Letterhead-style lines (no label before name and address). */
export function partyLines(
  ctx: Ctx,
  b: PartyBlock,
  L: PartyLabels,
  opts: { english?: boolean } = {},
): string[] {
  const out: string[] = [];
  const addr = partyAddress(ctx, b);
  if (addr) out.push(addr);
  const contactBits: string[] = [];
  const phone = partyPhone(ctx, b);
  if (phone) contactBits.push(`${bi(ctx.lang, L.phone, ' ')} ${phone}`);
  if (b.show.fax && b.party.fax) contactBits.push(`${bi(ctx.lang, L.fax, ' ')} ${esc(b.party.fax)}`);
  if (contactBits.length) out.push(contactBits.join('&nbsp;&nbsp;'));
  const webBits: string[] = [];
  const email = partyEmail(ctx, b);
  if (email) webBits.push(`${bi(ctx.lang, L.email, ' ')} ${email}`);
  if (b.show.website && b.party.website) webBits.push(esc(b.party.website));
  if (webBits.length) out.push(webBits.join('&nbsp;&nbsp;'));
  const tax = partyTax(ctx, b);
  if (tax) out.push(`${bi(ctx.lang, L.tax)} ${tax}`);
  if (opts.english && ctx.lang === 'bi') out.unshift(`<span class="muted">${esc(b.party.name[1])}</span>`);
  return out;
}

/** Labelled rows [label, value] for a counterparty block. */
export function partyRows(
  ctx: Ctx,
  b: PartyBlock,
  L: PartyLabels,
  opts: { nameLabel?: Pair; sep?: string } = {},
): [string, string][] {
  const sep = opts.sep ?? ' / ';
  const rows: [string, string][] = [];
  if (b.show.code) rows.push([bi(ctx.lang, L.code, sep), esc(b.show.code)]);
  rows.push([bi(ctx.lang, opts.nameLabel ?? b.label, sep), `<b>${partyName(ctx, b)}</b>`]);
  const addr = partyAddress(ctx, b);
  if (addr) rows.push([bi(ctx.lang, L.address, sep), addr]);
  const tax = partyTax(ctx, b);
  if (tax) rows.push([bi(ctx.lang, L.tax, sep), tax]);
  const phone = partyPhone(ctx, b);
  if (phone) rows.push([bi(ctx.lang, L.phone, sep), phone]);
  const email = partyEmail(ctx, b);
  if (email) rows.push([bi(ctx.lang, L.email, sep), email]);
  if (b.show.contact) rows.push([bi(ctx.lang, L.contact, sep), esc(ctx.t(b.party.contact))]);
  return rows;
}

export function rowsTable(rows: [string, string][], cls: string): string {
  return `<table class="${cls}">${rows.map(([l, v]) => `<tr><td class="lbl">${l}</td><td class="val">${v}</td></tr>`).join('')}</table>`;
}

/** The header rows as [label, value]. */
export function infoRows(ctx: Ctx, v: View, sep = ' / '): [string, string][] {
  return v.info.map((row) => {
    const value = infoValue(ctx, row);
    const narrow = v.wrapNumber && row.path === 'documentNumber';
    return [bi(ctx.lang, row.label, sep), narrow ? `<span class="narrow">${value}</span>` : value];
  });
}

/** Money rows as [label, value]; values of scored rows are recorded. */
export function moneyRows(ctx: Ctx, rows: MoneyRow[], sep = ' / '): [string, string, boolean][] {
  return rows.map((r) => [
    bi(ctx.lang, r.label, sep),
    r.path ? ctx.putMoney(r.path, r.n) : esc(money(r.n)),
    r.strong ?? false,
  ]);
}

/** The money rows as a right-hand table; strong rows get `strongClass` and `strongPrefix` (e.g. `THB `). */
export function moneyTable(
  rows: [string, string, boolean][],
  strongClass = 'strong',
  strongPrefix = '',
): string {
  if (!rows.length) return '';
  const trs = rows.map(
    ([l, val, strong]) =>
      `<tr class="${strong ? strongClass : ''}"><td>${l}</td><td class="r nw">${strong ? strongPrefix : ''}${val}</td></tr>`,
  );
  return `<table class="money">${trs.join('')}</table>`;
}

/** Table rows (`<tr>`) of the items `from`..`to`, and records all items once. */
export function itemRows(
  ctx: Ctx,
  v: View,
  opts: { from?: number; to?: number; decimals?: boolean; nowrap?: boolean } = {},
): string {
  ctx.ink.setItems(lineTruths(v.lines, (l) => ctx.t(l.desc), v.prices));

  const from = opts.from ?? 0;
  const to = opts.to ?? v.lines.length;
  const html: string[] = [];
  for (let i = from; i < to; i++) {
    const l = v.lines[i];
    if (!l) break;
    const cells = v.columns.map(({ key }) => {
      switch (key) {
        case 'no':
          return `<td class="c">${i + 1}</td>`;
        case 'code':
          return `<td class="nw">${esc(l.code)}</td>`;
        case 'desc':
          return `<td class="desc${opts.nowrap ? ' nw' : ''}">${esc(ctx.t(l.desc))}${l.detail ? `<div class="small muted">${esc(ctx.t(l.detail))}</div>` : ''}</td>`;
        case 'qty':
          return `<td class="r nw">${esc(qty(l.quantity, opts.decimals))}${v.columns.some((c) => c.key === 'unit') ? '' : ` ${esc(ctx.t(l.unit))}`}</td>`;
        case 'unit':
          return `<td class="c nw">${esc(ctx.t(l.unit))}</td>`;
        case 'price':
          return `<td class="r nw">${esc(money(l.unitPrice))}</td>`;
        case 'disc':
          return `<td class="r nw">${l.discount ? esc(money(l.discount)) : ''}</td>`;
        default:
          return `<td class="r nw">${esc(money(l.amount))}</td>`;
      }
    });
    html.push(`<tr>${cells.join('')}</tr>`);
  }
  return html.join('');
}

export function itemHead(ctx: Ctx, v: View, sep: string): string {
  return `<tr>${v.columns.map((c) => `<th class="col-${c.key}">${bi(ctx.lang, c.label, sep)}</th>`).join('')}</tr>`;
}

/** The amount in words as the document prints it, with or without a label. */
export function wordsLine(ctx: Ctx, v: View, labelled: boolean): string {
  if (!v.words) return '';
  const label = bi(
    ctx.lang,
    ctx.rng.pick([
      ['ตัวอักษร', 'Amount in words'],
      ['จำนวนเงิน (ตัวอักษร)', 'Baht'],
    ] as Pair[]),
  );
  return labelled ? `${label}: ${esc(v.words)}` : `(${esc(v.words)})`;
}
