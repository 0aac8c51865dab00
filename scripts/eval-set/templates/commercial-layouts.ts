/**
 * Five house styles for commercial documents, modelled on what Thai companies print: `express` (the
 * boxed desktop-accounting form with customer/document grid, carried-forward totals on multi-page
 * prints), `cloud` (a cloud-accounting PDF: logo, customer left, document rows right, shaded table),
 * `band` (a coloured header band with bilingual label/value grids), `word` (a small firm's word
 * processor form with centred letterhead and dotted fill-in lines) and `corporate` (an English-style
 * invoice with Bill To / Ship To). Each returns the full HTML page.
 */
import type { Ctx } from '../model.ts';
import { money } from '../thai.ts';
import { esc } from '../truth.ts';
import type { Pair } from '../vocab.ts';
import {
  bi,
  boxStamp,
  brandColor,
  checkbox,
  htmlPage,
  logo,
  roundStamp,
  signature,
  signBox,
} from './common.ts';
import {
  infoRows,
  itemHead,
  itemRows,
  moneyRows,
  moneyTable,
  partyLabels,
  partyLines,
  partyName,
  partyRows,
  rowsTable,
  wordsLine,
} from './commercial-parts.ts';
import type { View } from './commercial-view.ts';

/** The page of `v` in its house style. */
export function renderCommercial(ctx: Ctx, v: View): string {
  switch (v.family) {
    case 'express':
      return express(ctx, v);
    case 'cloud':
      return cloud(ctx, v);
    case 'band':
      return band(ctx, v);
    case 'word':
      return word(ctx, v);
    case 'corporate':
      return corporate(ctx, v);
  }
}

function paymentBlock(ctx: Ctx, v: View): string {
  const parts: string[] = [];
  if (v.payment.checkboxes) {
    const how = ctx.rng.int(0, 2);
    const opts: Pair[] = [
      ['เงินสด', 'Cash'],
      ['เช็คธนาคาร', 'Cheque'],
      ['โอนเงิน', 'Transfer'],
    ];
    parts.push(
      `${bi(ctx.lang, ['ชำระโดย', 'Paid by'])} ${opts.map((o, i) => `${checkbox(i === how)}${bi(ctx.lang, o)}`).join('&nbsp;&nbsp; ')}` +
        (how === 1 ? `&nbsp; ${bi(ctx.lang, ['เลขที่', 'No.'])} ${ctx.rng.int(10000000, 99999999)}` : ''),
    );
  }
  if (v.payment.bank)
    parts.push(`${bi(ctx.lang, ['ชำระเงินโดยโอนเข้าบัญชี', 'Please transfer to'])}: ${esc(v.payment.bank)}`);
  return parts.map((p) => `<div>${p}</div>`).join('');
}

function notesBlock(ctx: Ctx, v: View): string {
  if (!v.notes.length) return '';
  return `<div class="notes"><b>${bi(ctx.lang, ['หมายเหตุ', 'Remarks'])}</b> ${v.notes.map(esc).join('<br>')}</div>`;
}

function signatures(ctx: Ctx, v: View, opts: { dated?: boolean; inNameOf?: boolean } = {}): string {
  const rng = ctx.rng;
  const n = v.signatures.length;
  const boxes = v.signatures.map((s, i) => {
    const signed = i === n - 1 || rng.chance(0.4);
    const date = opts.dated ? `${bi(ctx.lang, ['วันที่', 'Date'])} ____/____/______` : undefined;
    const caption = bi(ctx.lang, s);
    const box = signBox(rng, caption, {
      signed,
      date,
      name: signed && i === n - 1 && rng.chance(0.5) ? ctx.t(v.signer) : undefined,
    });
    const stamp =
      i === n - 1 && v.stamp
        ? `<div class="stampwrap">${roundStamp(rng, v.issuer.party.name, v.issuer.party.initials)}</div>`
        : '';
    return `<div class="sigcell">${box}${stamp}</div>`;
  });
  const head = opts.inNameOf
    ? `<div class="sigs">${[v.counter, v.issuer]
        .map(
          (p) =>
            `<div class="sigcell small c">${bi(ctx.lang, ['ในนาม', 'On behalf of'], ' ')} ${esc(ctx.name(p.party))}</div>`,
        )
        .join('')}</div>`
    : '';
  return `${head}<div class="sigs">${boxes.join('')}</div>`;
}

const SIG_CSS = `.sigs { display: flex; justify-content: space-around; gap: 4mm; margin-top: 3mm; }
.sigcell { flex: 1; position: relative; max-width: 62mm; }
.stampwrap { position: absolute; right: -6mm; top: -3mm; }
.notes { margin-top: 2mm; }`;

function express(ctx: Ctx, v: View): string {
  const rng = ctx.rng;
  const L = partyLabels(ctx);
  const small = v.page === 'A5L';
  const sep = small ? ' / ' : rng.pick([' / ', '<br>']);
  const letter = `<div class="hdr"><div class="co">
${rng.chance(0.5) ? logo(rng, v.issuer.party.initials, '#111', small ? 12 : 16) : ''}
<div><div class="co-name">${partyName(ctx, v.issuer)}</div>${partyLines(ctx, v.issuer, L, { english: true })
    .map((l) => `<div>${l}</div>`)
    .join('')}</div></div>`;
  const customer = rowsTable(partyRows(ctx, v.counter, L, { sep: sep === '<br>' ? '<br>' : ' / ' }), 'kv');
  const info = rowsTable(infoRows(ctx, v, sep === '<br>' ? ' ' : ' / '), 'kv info');
  const decimals = rng.chance(0.5);
  const rowH = small ? 5.2 : 6;
  const perPage = v.multiPage ? 16 : Math.max(v.lines.length, small ? 3 : 8);
  const pages = Math.max(1, Math.ceil(v.lines.length / perPage));
  const amountCol = v.columns.findIndex((c) => c.key === 'amount');
  const copies = !v.multiPage && rng.chance(0.2) ? 2 : 1;
  if (copies === 2) ctx.ink.features.add('copy-page');
  if (pages > 1) {
    ctx.ink.features.add('multi-page');
    ctx.ink.features.add('carried-forward-total');
  }
  const moneyLines = moneyRows(ctx, v.money, sep === '<br>' ? ' ' : ' / ');
  const words = wordsLine(ctx, v, rng.chance(0.5));
  const body: string[] = [];
  for (let copy = 0; copy < copies; copy++) {
    const mark = copy === 0 ? v.copyMark : (['สำเนา', 'COPY'] as Pair);
    let carried = 0;
    for (let p = 0; p < pages; p++) {
      const from = p * perPage;
      const to = Math.min(v.lines.length, from + perPage);
      const pageRows = v.multiPage
        ? itemRows(ctx, v, { from, to, decimals, nowrap: true })
        : itemRows(ctx, v, { decimals });
      const sum = v.lines.slice(from, to).reduce((s, l) => s + l.amount, 0);
      const broughtForward =
        p > 0 && amountCol >= 0
          ? `<tr class="cf"><td colspan="${amountCol}" class="r">${bi(ctx.lang, ['ยอดยกมา', 'Brought forward'])}</td><td class="r">${money(carried)}</td>${'<td></td>'.repeat(v.columns.length - amountCol - 1)}</tr>`
          : '';
      carried += sum;
      const filler = Math.max(0, perPage - (to - from)) * rowH + (v.multiPage ? 0 : rng.int(4, 20));
      const last = p === pages - 1;
      const title = `<div class="titlebox"><div class="t1">${esc(ctx.lang === 'en' ? v.title[1] : v.title[0])}</div>${ctx.lang === 'bi' ? `<div class="t2">${esc(v.title[1])}</div>` : ''}${mark ? `<div class="small">${bi(ctx.lang, mark)}</div>` : ''}${pages > 1 ? `<div class="small">${bi(ctx.lang, ['หน้า', 'Page'], ' ')} ${p + 1}/${pages}</div>` : ''}</div>`;
      const footer = last
        ? `<table class="foot"><tr><td class="fl">${words ? `<div class="words">${words}</div>` : ''}${notesBlock(ctx, v)}${paymentBlock(ctx, v)}</td>
<td class="fr">${moneyTable(moneyLines, 'b')}</td></tr></table>
${signatures(ctx, v, { dated: rng.chance(0.6) })}`
        : `<table class="foot"><tr><td class="fl muted">${bi(ctx.lang, ['มีต่อหน้าถัดไป', 'Continued on next page'])}</td><td class="fr"><table class="money"><tr><td>${bi(ctx.lang, ['ยอดยกไป', 'Carried forward'])}</td><td class="r">${money(carried)}</td></tr></table></td></tr></table>`;
      body.push(`<section class="${p < pages - 1 || copy < copies - 1 ? 'pb' : ''}">
${letter}${title}</div>
<table class="grid"><tr><td class="left">${customer}</td><td class="right">${info}</td></tr></table>
<table class="items"><thead>${itemHead(ctx, v, sep)}</thead><tbody>${broughtForward}${pageRows}<tr class="fill"><td colspan="${v.columns.length}" style="height:${filler}mm"></td></tr></tbody></table>
${footer}
${v.paidStamp && last ? `<div class="paid">${boxStamp(rng, v.paidStamp)}</div>` : ''}
</section>`);
    }
  }
  const css = `.hdr { display: flex; justify-content: space-between; align-items: flex-start; gap: 4mm; }
.co { display: flex; gap: 3mm; align-items: flex-start; }
.co-name { font-size: 1.45em; font-weight: bold; }
.titlebox { border: 1.5px solid #000; padding: 1.5mm 4mm; text-align: center; min-width: ${small ? 42 : 55}mm; }
.titlebox .t1 { font-size: 1.3em; font-weight: bold; } .titlebox .t2 { font-weight: bold; }
.grid { width: 100%; margin-top: 2mm; border: 1px solid #000; }
.grid td { vertical-align: top; padding: 1mm 2mm; }
.grid td.left { border-right: 1px solid #000; width: 60%; }
.kv td { padding: 0.2mm 1mm; vertical-align: top; }
.kv td.lbl { white-space: nowrap; color: #222; }
.narrow { display: inline-block; width: 14mm; overflow-wrap: anywhere; }
.items { width: 100%; margin-top: 1.5mm; border: 1px solid #000; }
.items th { border: 1px solid #000; background: #e8e8e8; padding: 0.8mm 1mm; font-weight: bold; }
.items td { border-left: 1px solid #000; border-right: 1px solid #000; padding: 0 1.2mm; vertical-align: top; height: ${rowH}mm; }
.items td.desc.nw { max-width: 80mm; overflow: hidden; }
.items tr.fill td { height: auto; }
.foot { width: 100%; border: 1px solid #000; border-top: none; }
.foot td { vertical-align: top; padding: 1mm 2mm; }
.foot td.fr { width: 40%; border-left: 1px solid #000; }
.money { width: 100%; } .money td { padding: 0.3mm 0; }
.words { font-weight: bold; margin-bottom: 1mm; }
.paid { position: relative; height: 0; } .paid .boxstamp { position: absolute; left: 40mm; top: -60mm; }
${SIG_CSS}`;
  return htmlPage({
    page: v.page,
    margin: small ? '7mm 8mm' : '10mm 11mm',
    font: v.font,
    scale: small ? 0.85 : 1,
    css,
    body: body.join('\n'),
  });
}

function cloud(ctx: Ctx, v: View): string {
  const rng = ctx.rng;
  const L = partyLabels(ctx);
  const color = brandColor(rng);
  const seller = `<div class="seller">${logo(rng, v.issuer.party.initials, color, 20)}<div class="co-name">${partyName(ctx, v.issuer)}</div>${partyLines(
    ctx,
    v.issuer,
    L,
    { english: true },
  )
    .map((l) => `<div>${l}</div>`)
    .join('')}</div>`;
  const title = `<div class="ttl"><div class="title">${esc(ctx.lang === 'en' ? v.title[1] : v.title[0])}</div>${ctx.lang === 'bi' ? `<div class="title2">${esc(v.title[1])}</div>` : ''}${v.copyMark ? `<div class="copy">${bi(ctx.lang, v.copyMark)}</div>` : ''}</div>`;
  const counterRows = partyRows(ctx, v.counter, L, { nameLabel: L.name, sep: '<br>' });
  const customer = `<div class="cust"><div class="h">${bi(ctx.lang, v.counter.label)}</div>${rowsTable(counterRows, 'kv')}</div>`;
  const meta = `<div class="meta">${rowsTable(infoRows(ctx, v, '<br>'), 'kv')}</div>`;
  const ship = v.shipTo
    ? `<div class="ship"><div class="h">${bi(ctx.lang, v.shipTo.label)}</div>${v.shipTo.lines.map(esc).join('<br>')}</div>`
    : '';
  const moneyLines = moneyRows(ctx, v.money);
  const words = wordsLine(ctx, v, false);
  if (v.multiPage) ctx.ink.features.add('multi-page');
  const sum = moneyLines.length
    ? `<div class="sum avoid"><div class="words">${words ? `<div class="band">${words}</div>` : ''}${notesBlock(ctx, v)}</div>
${moneyTable(moneyLines)}</div>`
    : notesBlock(ctx, v);
  const body = `<div class="top">${seller}${title}</div>
<div class="mid">${customer}${ship}${meta}</div>
<table class="items"><thead>${itemHead(ctx, v, '<br>')}</thead><tbody>${itemRows(ctx, v, { decimals: rng.chance(0.3) })}</tbody></table>
${sum}
<div class="pay avoid">${paymentBlock(ctx, v)}</div>
<div class="avoid">${signatures(ctx, v, { inNameOf: rng.chance(0.6), dated: true })}</div>
${v.paidStamp ? `<div class="paid">${boxStamp(rng, v.paidStamp)}</div>` : ''}`;
  const css = `.top { display: flex; justify-content: space-between; gap: 6mm; }
.seller { max-width: 110mm; } .seller .logo { margin-bottom: 1mm; }
.co-name { font-size: 1.25em; font-weight: bold; color: ${color}; }
.ttl { text-align: right; } .title { font-size: ${v.title[0].length > 22 ? 1.45 : 1.9}em; font-weight: bold; color: ${color}; line-height: 1.15; white-space: nowrap; }
.title2 { font-size: 1.1em; color: ${color}; } .copy { margin-top: 1mm; color: #444; }
.mid { display: flex; gap: 5mm; margin-top: 4mm; padding: 2mm 0; border-top: 2px solid ${color}; }
.cust { flex: 1.4; } .ship { flex: 1; } .meta { flex: 1; }
.h { font-weight: bold; color: ${color}; margin-bottom: 0.5mm; }
.kv td { padding: 0.2mm 1.2mm 0.2mm 0; vertical-align: top; } .kv td.lbl { color: #555; white-space: nowrap; }
.meta .kv td.lbl { text-align: right; padding-right: 3mm; }
.narrow { display: inline-block; width: 16mm; overflow-wrap: anywhere; }
.items { width: 100%; margin-top: 3mm; }
.items th { background: ${color}; color: #fff; padding: 1.2mm; font-weight: normal; } .items th .muted { color: #e5e7eb; }
.items td { padding: 1mm 1.2mm; vertical-align: top; border-bottom: 1px solid #ddd; }
.items tbody tr:nth-child(even) td { background: #f4f6f8; }
.sum { display: flex; justify-content: space-between; gap: 6mm; margin-top: 3mm; }
.sum .words { flex: 1; } .band { background: #eef2f5; padding: 1.5mm 2mm; }
.money { min-width: 78mm; } .money td { padding: 0.6mm 1mm; } .money tr.strong td { font-weight: bold; border-top: 1.5px solid ${color}; border-bottom: 3px double ${color}; }
.pay { margin-top: 3mm; }
.paid { position: relative; height: 0; } .paid .boxstamp { position: absolute; left: 60mm; top: -45mm; }
${SIG_CSS}`;
  return htmlPage({ page: v.page, margin: '12mm 13mm', font: v.font, css, body });
}

function band(ctx: Ctx, v: View): string {
  const rng = ctx.rng;
  const L = partyLabels(ctx);
  const color = brandColor(rng);
  const sep = ' / ';
  const head = `<div class="bandhead"><div>${logo(rng, v.issuer.party.initials, '#fff', 14, color)}</div><div class="nm"><div class="co-name">${partyName(ctx, v.issuer)}</div>${ctx.lang === 'bi' ? `<div>${esc(v.issuer.party.name[1])}</div>` : ''}</div>
<div class="ttl"><div class="title">${esc(ctx.lang === 'en' ? v.title[1] : v.title[0])}</div>${ctx.lang === 'bi' ? `<div>${esc(v.title[1])}</div>` : ''}</div></div>`;
  const issuerLinesFirst = rng.chance(0.5);
  const issuerLines = partyLines(ctx, v.issuer, L);
  const issuerBlock = `<div class="issuer small">${issuerLines.map((l) => `<div>${l}</div>`).join('')}</div>`;
  const counter = rowsTable(partyRows(ctx, v.counter, L, { sep: '<br>' }), 'kv');
  const info = rowsTable(infoRows(ctx, v, sep), 'kv info');
  const moneyLines = moneyRows(ctx, v.money, ' ');
  const words = wordsLine(ctx, v, true);
  const body = `${head}
${issuerLinesFirst ? issuerBlock : ''}
<div class="two"><div class="box">${counter}</div><div class="box narrowbox">${info}</div></div>
<table class="items"><thead>${itemHead(ctx, v, '<br>')}</thead><tbody>${itemRows(ctx, v, {})}</tbody></table>
${moneyTable(moneyLines)}
${words ? `<div class="words">${words}</div>` : ''}
${notesBlock(ctx, v)}${paymentBlock(ctx, v)}
${signatures(ctx, v, { dated: true })}
${issuerLinesFirst ? '' : `<div class="footer">${issuerBlock}</div>`}`;
  const css = `.bandhead { display: flex; align-items: center; gap: 4mm; background: ${color}; color: #fff; padding: 3mm 4mm; }
.bandhead .nm { flex: 1; } .co-name { font-size: 1.3em; font-weight: bold; }
.ttl { text-align: right; } .title { font-size: 1.6em; font-weight: bold; }
.issuer { margin: 2mm 0; } .footer { margin-top: 5mm; border-top: 1px solid ${color}; padding-top: 1mm; }
.two { display: flex; gap: 4mm; margin-top: 3mm; } .box { flex: 1.5; border: 1px solid ${color}; border-radius: 2mm; padding: 2mm; }
.box.narrowbox { flex: 1; }
.kv td { padding: 0.3mm 1mm; vertical-align: top; } .kv td.lbl { white-space: nowrap; color: ${color}; }
.narrow { display: inline-block; width: 15mm; overflow-wrap: anywhere; }
.items { width: 100%; margin-top: 3mm; border: 1px solid ${color}; }
.items th { background: ${color}; color: #fff; padding: 1mm; border: 1px solid ${color}; } .items th .muted { color: #e5e7eb; }
.items td { padding: 0.8mm 1mm; border-left: 1px solid #ccc; vertical-align: top; }
.money { margin: 2mm 0 0 auto; min-width: 80mm; } .money td { padding: 0.5mm 1.5mm; border-bottom: 1px solid #eee; }
.money tr.strong td { background: ${color}; color: #fff; font-weight: bold; }
.words { margin-top: 2mm; }
${SIG_CSS}`;
  return htmlPage({ page: v.page, margin: '10mm 12mm', font: v.font, css, body });
}

function word(ctx: Ctx, v: View): string {
  const rng = ctx.rng;
  const L = partyLabels(ctx);
  const a5 = v.page === 'A5';
  const letterhead = `<div class="lh">${rng.chance(0.4) ? logo(rng, v.issuer.party.initials, '#333', a5 ? 11 : 15) : ''}<div class="co-name">${partyName(ctx, v.issuer)}</div>${partyLines(
    ctx,
    v.issuer,
    L,
    { english: true },
  )
    .map((l) => `<div>${l}</div>`)
    .join('')}</div>`;
  const infoLines = infoRows(ctx, v)
    .map(([l, val]) => `<div>${l} <span class="fill">${val}</span></div>`)
    .join('');
  const dotted = (label: string, value: string) =>
    `<div class="line">${label} <span class="fill wide">${value}</span></div>`;
  const b = v.counter;
  const lines: string[] = [dotted(bi(ctx.lang, b.label), partyName(ctx, b))];
  if (b.show.address) {
    const addr = ctx.address(b.party);
    ctx.ink.put(`${b.role}.address`, addr.join(' '), addr.join(' '));
    lines.push(dotted(bi(ctx.lang, L.address), addr.map(esc).join(' ')));
  }
  if (b.show.taxId) {
    const id = ctx.ink.put(`${b.role}.taxId`, b.party.taxId, ctx.taxId(b.party));
    const branch = b.branchText ? ` ${ctx.ink.put(`${b.role}.branch`, b.party.branch, b.branchText)}` : '';
    lines.push(dotted(bi(ctx.lang, L.tax), `${id}${branch}`));
  }
  if (b.show.phone)
    lines.push(dotted(bi(ctx.lang, L.phone), ctx.ink.put(`${b.role}.phone`, b.party.phone, b.party.phone)));
  const moneyLines = moneyRows(ctx, v.money);
  const span = v.columns.length - 1;
  const words = v.words ? `<tr><td colspan="${v.columns.length}" class="c">(${esc(v.words)})</td></tr>` : '';
  const table = `<table class="t"><thead>${itemHead(ctx, v, ' ')}</thead><tbody>${itemRows(ctx, v, {})}</tbody>
<tfoot>${moneyLines.map(([l, val, strong]) => `<tr class="${strong ? 'b' : ''}"><td colspan="${span}" class="r">${l}</td><td class="r nw">${val}</td></tr>`).join('')}${words}</tfoot></table>`;
  const signer = v.signatures[v.signatures.length - 1] as Pair;
  const sig = `<div class="sign"><div>${bi(ctx.lang, ['ลงชื่อ', 'Signed'])} .............................................</div>
<div class="sigline">${signature(rng)}</div><div>(${esc(ctx.t(v.signer))})</div><div>${bi(ctx.lang, signer)}</div>
${v.stamp ? `<div class="stampwrap">${roundStamp(rng, v.issuer.party.name, v.issuer.party.initials, a5 ? 22 : 28)}</div>` : ''}</div>`;
  const body = `${letterhead}<hr>
<div class="title">${esc(ctx.lang === 'en' ? v.title[1] : v.title[0])}</div>
<div class="info">${infoLines}</div>
<div class="party">${lines.join('')}</div>
${table}
${notesBlock(ctx, v)}${paymentBlock(ctx, v)}
${sig}
${v.paidStamp ? `<div class="paid">${boxStamp(rng, v.paidStamp)}</div>` : ''}`;
  const css = `.lh { text-align: center; } .lh .logo { display: block; margin: 0 auto 1mm; }
.co-name { font-size: 1.5em; font-weight: bold; }
hr { border: none; border-top: 1.5px solid #000; margin: 2mm 0; }
.title { text-align: center; font-size: 1.45em; font-weight: bold; text-decoration: underline; margin: 1mm 0 2mm; }
.info { text-align: right; }
.fill { text-decoration: underline dotted #444; text-underline-offset: 0.25em; padding: 0 2mm; }
.info > div, .party > div { line-height: 1.6; }
.fill.wide { display: inline; }
.line { margin: 0.8mm 0; }
.narrow { display: inline-block; width: 15mm; overflow-wrap: anywhere; }
.t { width: 100%; margin-top: 3mm; } .t th, .t td { border: 1px solid #000; padding: 0.8mm 1.2mm; vertical-align: top; }
.t th { background: #f0f0f0; } .t tfoot td { border: 1px solid #000; }
.sign { position: relative; width: 70mm; margin: 6mm 0 0 auto; text-align: center; }
.sigline { height: 8mm; }
.stampwrap { position: absolute; left: -20mm; top: -6mm; }
.paid { position: relative; height: 0; } .paid .boxstamp { position: absolute; left: 10mm; top: -30mm; }
.notes { margin-top: 2mm; }`;
  return htmlPage({
    page: v.page,
    margin: a5 ? '8mm 9mm' : '14mm 16mm',
    font: v.font,
    scale: a5 ? 0.85 : 1,
    css,
    body,
  });
}

function corporate(ctx: Ctx, v: View): string {
  const rng = ctx.rng;
  const L = partyLabels(ctx);
  const color = brandColor(rng);
  const en = ctx.lang !== 'th';
  const head = `<div class="top"><div class="seller">${logo(rng, v.issuer.party.initials, color, 16)}<div class="co-name">${partyName(ctx, v.issuer)}</div>${partyLines(
    ctx,
    v.issuer,
    L,
    { english: true },
  )
    .map((l) => `<div>${l}</div>`)
    .join('')}</div>
<div class="ttl"><div class="title">${esc(en ? v.title[1] : v.title[0])}</div>${ctx.lang === 'bi' ? `<div>${esc(v.title[0])}</div>` : ''}</div></div>`;
  const b = v.counter;
  const billTo: string[] = [
    `<div class="h">${bi(ctx.lang, b.label)}</div><div class="b">${partyName(ctx, b)}</div>`,
  ];
  const addr = b.show.address ? ctx.address(b.party) : null;
  if (addr) {
    ctx.ink.put(`${b.role}.address`, addr.join(' '), addr.join(' '));
    billTo.push(`<div>${addr.map(esc).join('<br>')}</div>`);
  }
  if (b.show.taxId) {
    const id = `<span class="nw">${ctx.ink.put(`${b.role}.taxId`, b.party.taxId, ctx.taxId(b.party))}</span>`;
    const branch = b.branchText ? ` (${ctx.ink.put(`${b.role}.branch`, b.party.branch, b.branchText)})` : '';
    billTo.push(`<div>${bi(ctx.lang, L.tax)}: ${id}${branch}</div>`);
  }
  if (b.show.phone)
    billTo.push(
      `<div>${bi(ctx.lang, L.phone)}: ${ctx.ink.put(`${b.role}.phone`, b.party.phone, b.party.phone)}</div>`,
    );
  if (b.show.email)
    billTo.push(
      `<div>${bi(ctx.lang, L.email)}: ${ctx.ink.put(`${b.role}.email`, b.party.email, b.party.email)}</div>`,
    );
  if (b.show.contact) billTo.push(`<div>${bi(ctx.lang, L.contact)}: ${esc(ctx.t(b.party.contact))}</div>`);
  const ship = v.shipTo
    ? `<div class="blk"><div class="h">${bi(ctx.lang, v.shipTo.label)}</div>${v.shipTo.lines.map(esc).join('<br>')}</div>`
    : '';
  const info = rowsTable(infoRows(ctx, v, '<br>'), 'kv');
  const moneyLines = moneyRows(ctx, v.money);
  const words = v.words
    ? `<div class="words"><b>${bi(ctx.lang, ['จำนวนเงินตัวอักษร', 'Amount in words'])}:</b> ${esc(v.words)}</div>`
    : '';
  if (v.multiPage) ctx.ink.features.add('multi-page');
  const body = `${head}
<div class="row3"><div class="blk bill">${billTo.join('')}</div>${ship}<div class="blk meta">${info}</div></div>
<table class="items"><thead>${itemHead(ctx, v, '<br>')}</thead><tbody>${itemRows(ctx, v, {})}</tbody></table>
<div class="avoid">${moneyTable(moneyLines, 'strong', rng.chance(0.4) ? 'THB ' : '')}
${words}</div>
${paymentBlock(ctx, v)}${notesBlock(ctx, v)}
<div class="avoid">${signatures(ctx, v, {})}</div>`;
  const css = `.top { display: flex; justify-content: space-between; align-items: flex-start; }
.seller { max-width: 115mm; } .co-name { font-weight: bold; font-size: 1.2em; margin-top: 1mm; }
.title { font-size: 2.3em; font-weight: bold; color: ${color}; letter-spacing: 0.5px; text-align: right; line-height: 1.1; }
.ttl { text-align: right; }
.row3 { display: flex; gap: 5mm; margin-top: 5mm; }
.blk { flex: 1; } .blk.bill { flex: 1.5; } .blk.meta { flex: 1.4; } .h { color: ${color}; font-weight: bold; text-transform: uppercase; font-size: 0.9em; }
.kv td { padding: 0.3mm 1.2mm; } .kv td.lbl { font-weight: bold; white-space: nowrap; }
.narrow { display: inline-block; width: 16mm; overflow-wrap: anywhere; }
.items { width: 100%; margin-top: 5mm; } .items th { border-bottom: 2px solid ${color}; text-align: left; padding: 1mm; }
.items td { padding: 1mm; border-bottom: 1px solid #e5e5e5; vertical-align: top; }
.money { margin: 3mm 0 0 auto; min-width: 80mm; } .money td { padding: 0.6mm 1.5mm; }
.money tr.strong td { font-weight: bold; font-size: 1.1em; border-top: 2px solid ${color}; }
.words { margin-top: 2mm; }
${SIG_CSS}`;
  return htmlPage({ page: v.page, margin: '13mm 14mm', font: v.font, css, body, lang: en ? 'en' : 'th' });
}
